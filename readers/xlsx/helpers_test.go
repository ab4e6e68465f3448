package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

type rowRec struct {
	n     int
	cells []string
}

type sheetRecs struct {
	name string
	rows []rowRec
}

// readFast reads every sheet with this package.
func readFast(data []byte) ([]sheetRecs, error) { return readFastN(data, -1) }

// readFastN reads at most limit rows per sheet (limit < 0: all).
func readFastN(data []byte, limit int) ([]sheetRecs, error) {
	wb, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	var out []sheetRecs
	for _, name := range wb.Sheets() {
		rows, err := wb.Rows(name)
		if err != nil {
			return nil, err
		}
		sr := sheetRecs{name: name}
		for len(sr.rows) != limit && rows.Next() {
			sr.rows = append(sr.rows, rowRec{rows.Row(), append([]string(nil), rows.Cells()...)})
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		out = append(out, sr)
	}
	return out, nil
}

// readExcelize reads every sheet with excelize's streaming iterator, raw
// values, counting rows the way its Next does.
func readExcelize(data []byte) ([]sheetRecs, error) { return readExcelizeN(data, -1) }

// readExcelizeN reads at most limit rows per sheet (limit < 0: all).
func readExcelizeN(data []byte, limit int) ([]sheetRecs, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []sheetRecs
	for _, name := range f.GetSheetList() {
		rows, err := f.Rows(name)
		if err != nil {
			return nil, err
		}
		sr := sheetRecs{name: name}
		n := 0
		for len(sr.rows) != limit && rows.Next() {
			n++
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return nil, err
			}
			sr.rows = append(sr.rows, rowRec{n, cols})
		}
		if err := rows.Error(); err != nil {
			rows.Close()
			return nil, err
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		out = append(out, sr)
	}
	return out, nil
}

func equalRecs(a, b []sheetRecs) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d sheets vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i].name != b[i].name {
			return fmt.Errorf("sheet %d: name %q vs %q", i, a[i].name, b[i].name)
		}
		ra, rb := a[i].rows, b[i].rows
		for j := 0; j < len(ra) || j < len(rb); j++ {
			if j >= len(ra) || j >= len(rb) {
				return fmt.Errorf("sheet %q: %d rows vs %d rows", a[i].name, len(ra), len(rb))
			}
			x, y := ra[j], rb[j]
			if x.n != y.n || len(x.cells) != len(y.cells) || (len(x.cells) > 0 && !reflect.DeepEqual(x.cells, y.cells)) {
				return fmt.Errorf("sheet %q row index %d: fast row %d %q, excelize row %d %q", a[i].name, j, x.n, x.cells, y.n, y.cells)
			}
		}
	}
	return nil
}

// compareBoth requires identical output from both readers.
func compareBoth(t *testing.T, data []byte) []sheetRecs {
	t.Helper()
	want, err := readExcelize(data)
	if err != nil {
		t.Fatalf("excelize: %v", err)
	}
	got, err := readFast(data)
	if err != nil {
		t.Fatalf("fast reader: %v", err)
	}
	if err := equalRecs(got, want); err != nil {
		t.Fatal(err)
	}
	return got
}

// zipParts builds a zip archive from part names and contents (sorted for
// determinism).
func zipParts(parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write([]byte(parts[n])); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

const (
	nsMain = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
)

// minimalParts returns the parts of a workbook with the given sheets
// (sheet XML documents, named Sheet1, Sheet2...), shared strings (may be
// empty: no part) and styles (may be empty).
func minimalParts(sst, styles string, sheets ...string) map[string]string {
	var wbSheets, rels, ct strings.Builder
	for i := range sheets {
		fmt.Fprintf(&wbSheets, `<sheet name="Sheet%d" sheetId="%d" r:id="rId%d"/>`, i+1, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, nsRel, i+1)
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` + ct.String() + `</Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":     `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>` + wbSheets.String() + `</sheets></workbook>`,
	}
	n := len(sheets)
	if sst != "" {
		parts["xl/sharedStrings.xml"] = sst
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, n+1, nsRel)
	}
	if styles != "" {
		parts["xl/styles.xml"] = styles
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, n+2, nsRel)
	}
	parts["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`
	for i, s := range sheets {
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = s
	}
	return parts
}

func sheetDoc(sheetData string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><dimension ref="A1"/><sheetData>` + sheetData + `</sheetData></worksheet>`
}

const testSST = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="` + nsMain + `" count="6" uniqueCount="6">` +
	`<si><t>alpha</t></si>` +
	`<si><t xml:space="preserve">  spaced  </t></si>` +
	`<si><r><rPr><b/></rPr><t>rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>` +
	`<si><t>a &amp; b &#x4E2D; &#20013; _x0041__x005F_x</t></si>` +
	`<si><t></t></si>` +
	`<si><t>line1` + "\r\n" + `line2</t></si>` +
	`</sst>`

func isUnsupported(err error) bool { return errors.Is(err, ErrUnsupported) }
