package fix

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWorkbookValid checks that the copies a fix writes are workbooks
// Excel and LibreOffice open: no office suite runs in the tests, so each
// copy is read back with excelize and checked part by part against the
// rules of the package format (ECMA-376 part 2) that a strict reader
// enforces. See validWorkbook for what is and is not checked.
func TestWorkbookValid(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(samples, "catalog.xlsx")
	fixed, again, marked := filepath.Join(dir, "fixed.xlsx"), filepath.Join(dir, "again.xlsx"), filepath.Join(dir, "marked.xlsx")
	// The sample streams; its second fix, which has notes already, does not.
	if res := write(t, in, fixed, Options{}); !res.streamed {
		t.Error("the sample workbook was not streamed")
	}
	if res := write(t, fixed, again, Options{}); res.streamed {
		t.Error("a workbook with notes was streamed")
	}
	write(t, in, marked, Options{NoFix: true})
	paths := []string{fixed, again, marked}
	if hm := filepath.Join(corpus, "hm-products-xlsx/products.xlsx"); fileExists(hm) {
		out := filepath.Join(dir, "hm.xlsx")
		write(t, hm, out, Options{})
		paths = append(paths, out)
	}
	for _, p := range paths {
		if err := validWorkbook(p); err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
}

// TestWorkbookValidCatches: the check fails on the faults it is there to
// find, so that a pass means something.
func TestWorkbookValidCatches(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	write(t, filepath.Join(samples, "catalog.xlsx"), good, Options{})
	for _, tc := range []struct {
		name string
		edit func(name string, b []byte) (string, []byte) // "" drops the part
		want string
	}{
		{"part without a content type", func(n string, b []byte) (string, []byte) {
			if n == "[Content_Types].xml" {
				return n, []byte(strings.Replace(string(b), `Extension="vml"`, `Extension="vmx"`, 1))
			}
			return n, b
		}, "no content type"},
		{"comments part missing", func(n string, b []byte) (string, []byte) {
			if strings.HasPrefix(n, "xl/comments") {
				return "", nil
			}
			return n, b
		}, "missing"},
		{"note without a box", func(n string, b []byte) (string, []byte) {
			if strings.HasPrefix(n, "xl/drawings/vmlDrawing") {
				i := strings.Index(string(b), "<v:shape id=")
				j := strings.Index(string(b), "</v:shape>")
				return n, []byte(string(b[:i]) + string(b[j+len("</v:shape>"):]))
			}
			return n, b
		}, "note boxes"},
		{"style out of range", func(n string, b []byte) (string, []byte) {
			if n == "xl/worksheets/sheet1.xml" {
				return n, []byte(strings.Replace(string(b), `" s="`, `" s="9999`, 1))
			}
			return n, b
		}, "style"},
	} {
		bad := filepath.Join(dir, "bad.xlsx")
		if err := rezip(good, bad, tc.edit); err != nil {
			t.Fatal(err)
		}
		if err := validWorkbook(bad); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error about %q", tc.name, err, tc.want)
		}
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// rezip copies the zip in to out, each part passed through edit.
func rezip(in, out string, edit func(string, []byte) (string, []byte)) error {
	r, err := zip.OpenReader(in)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, p := range r.File {
		b, err := readPart(p)
		if err != nil {
			return err
		}
		name, b := edit(p.Name, b)
		if name == "" {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		w.Write(b)
	}
	return zw.Close()
}

func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// validWorkbook checks the workbook at p:
//   - excelize opens it and reads every sheet and its notes back;
//   - every part is well-formed XML and has a content type in
//     [Content_Types].xml, and every part named there exists;
//   - every internal relationship points to a part that exists;
//   - a sheet with notes links a comments part and a VML drawing, names
//     the drawing in its legacyDrawing element, and has one note box in
//     the drawing per comment, at the comment's cell;
//   - the style counts are consistent: cellXfs and fills hold as many
//     entries as they say, no cell uses a style past cellXfs, no style a
//     fill past fills.
//
// What it does not check: the schema of each part (element order and
// types), and how a suite lays a note's box out on screen.
func validWorkbook(p string) error {
	f, err := excelize.OpenFile(p)
	if err != nil {
		return fmt.Errorf("excelize: %w", err)
	}
	for _, s := range f.GetSheetList() {
		if _, err := f.GetRows(s); err != nil {
			f.Close()
			return fmt.Errorf("excelize: sheet %s: %w", s, err)
		}
		if _, err := f.GetComments(s); err != nil {
			f.Close()
			return fmt.Errorf("excelize: notes of %s: %w", s, err)
		}
	}
	f.Close()

	z, err := zip.OpenReader(p)
	if err != nil {
		return err
	}
	defer z.Close()
	parts := map[string][]byte{}
	for _, zf := range z.File {
		b, err := readPart(zf)
		if err != nil {
			return fmt.Errorf("%s: %w", zf.Name, err)
		}
		parts[zf.Name] = b
		if err := wellFormed(b); err != nil {
			return fmt.Errorf("%s: not well-formed XML: %w", zf.Name, err)
		}
	}

	// Content types.
	var ct struct {
		Default []struct {
			Extension string `xml:"Extension,attr"`
		} `xml:"Default"`
		Override []struct {
			PartName string `xml:"PartName,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(parts["[Content_Types].xml"], &ct); err != nil {
		return fmt.Errorf("[Content_Types].xml: %w", err)
	}
	exts, over := map[string]bool{}, map[string]bool{}
	for _, d := range ct.Default {
		exts[strings.ToLower(d.Extension)] = true
	}
	for _, o := range ct.Override {
		name := strings.TrimPrefix(o.PartName, "/")
		over[name] = true
		if _, ok := parts[name]; !ok {
			return fmt.Errorf("[Content_Types].xml names %s, which is missing", name)
		}
	}
	for name := range parts {
		if name == "[Content_Types].xml" || strings.HasSuffix(name, "/") {
			continue
		}
		if !over[name] && !exts[strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))] {
			return fmt.Errorf("%s has no content type", name)
		}
	}

	// Relationships.
	type rel struct {
		ID         string `xml:"Id,attr"`
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	}
	rels := map[string][]rel{} // source part -> its relationships
	for name, b := range parts {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rs struct {
			Rel []rel `xml:"Relationship"`
		}
		if err := xml.Unmarshal(b, &rs); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		dir := path.Dir(path.Dir(name)) // "xl/worksheets/_rels/x.rels" -> "xl/worksheets"
		src := path.Join(dir, strings.TrimSuffix(path.Base(name), ".rels"))
		for i, r := range rs.Rel {
			if r.TargetMode == "External" {
				continue
			}
			target := path.Join(dir, r.Target)
			if strings.HasPrefix(r.Target, "/") {
				target = strings.TrimPrefix(r.Target, "/")
			}
			if _, ok := parts[target]; !ok {
				return fmt.Errorf("%s: relationship %s points to %s, which is missing", name, r.ID, target)
			}
			rs.Rel[i].Target = target
		}
		rels[src] = rs.Rel
	}

	// Notes: comments and their boxes.
	for name, b := range parts {
		if !strings.HasPrefix(name, "xl/worksheets/sheet") || !strings.HasSuffix(name, ".xml") {
			continue
		}
		var comments, vml, vmlID string
		for _, r := range rels[name] {
			switch {
			case strings.HasSuffix(r.Type, "/comments"):
				comments = r.Target
			case strings.HasSuffix(r.Type, "/vmlDrawing"):
				vml, vmlID = r.Target, r.ID
			}
		}
		var ws struct {
			Legacy struct {
				ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			} `xml:"legacyDrawing"`
		}
		if err := xml.Unmarshal(b, &ws); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if comments == "" {
			continue
		}
		if vml == "" || ws.Legacy.ID != vmlID {
			return fmt.Errorf("%s: notes without their drawing (drawing %q, legacyDrawing %q, relationship %q)", name, vml, ws.Legacy.ID, vmlID)
		}
		var cm struct {
			Comment []struct {
				Ref string `xml:"ref,attr"`
			} `xml:"commentList>comment"`
		}
		if err := xml.Unmarshal(parts[comments], &cm); err != nil {
			return fmt.Errorf("%s: %w", comments, err)
		}
		var dr struct {
			Shape []struct {
				Type   string `xml:"ObjectType,attr"`
				Row    int    `xml:"Row"`
				Column int    `xml:"Column"`
			} `xml:"shape>ClientData"`
		}
		if err := xml.Unmarshal(parts[vml], &dr); err != nil {
			return fmt.Errorf("%s: %w", vml, err)
		}
		boxes := map[string]int{}
		for _, s := range dr.Shape {
			if s.Type == "Note" {
				cell, _ := excelize.CoordinatesToCellName(s.Column+1, s.Row+1)
				boxes[cell]++
			}
		}
		seen := map[string]bool{}
		for _, c := range cm.Comment {
			if seen[c.Ref] {
				return fmt.Errorf("%s: two notes on %s", comments, c.Ref)
			}
			seen[c.Ref] = true
			if boxes[c.Ref] != 1 {
				return fmt.Errorf("%s: %d note boxes in %s for the note on %s", name, boxes[c.Ref], vml, c.Ref)
			}
		}
		if n := len(dr.Shape); n != len(cm.Comment) {
			return fmt.Errorf("%s: %d notes but %d boxes in %s", name, len(cm.Comment), n, vml)
		}
	}

	// Styles.
	var st struct {
		Fills struct {
			Count int        `xml:"count,attr"`
			Fill  []struct{} `xml:"fill"`
		} `xml:"fills"`
		CellXfs struct {
			Count int `xml:"count,attr"`
			Xf    []struct {
				FillID int `xml:"fillId,attr"`
			} `xml:"xf"`
		} `xml:"cellXfs"`
	}
	if err := xml.Unmarshal(parts["xl/styles.xml"], &st); err != nil {
		return fmt.Errorf("xl/styles.xml: %w", err)
	}
	if st.Fills.Count != len(st.Fills.Fill) || st.CellXfs.Count != len(st.CellXfs.Xf) {
		return fmt.Errorf("xl/styles.xml: style counts say %d fills and %d cell styles, hold %d and %d", st.Fills.Count, st.CellXfs.Count, len(st.Fills.Fill), len(st.CellXfs.Xf))
	}
	for i, x := range st.CellXfs.Xf {
		if x.FillID >= len(st.Fills.Fill) {
			return fmt.Errorf("xl/styles.xml: cell style %d uses fill %d of %d", i, x.FillID, len(st.Fills.Fill))
		}
	}
	for name, b := range parts {
		if !strings.HasPrefix(name, "xl/worksheets/sheet") {
			continue
		}
		if err := stylesInRange(b, len(st.CellXfs.Xf)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// wellFormed reads every token of b.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(strings.NewReader(string(b)))
	d.Strict = true
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// stylesInRange checks that every cell, row and column of a sheet uses a
// cell style that exists.
func stylesInRange(b []byte, n int) error {
	d := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "c" && se.Name.Local != "row" && se.Name.Local != "col" {
			continue
		}
		for _, a := range se.Attr {
			if a.Name.Local == "s" || a.Name.Local == "style" {
				if v, err := strconv.Atoi(a.Value); err != nil || v >= n {
					return fmt.Errorf("<%s> uses style %q of %d", se.Name.Local, a.Value, n)
				}
			}
		}
	}
}
