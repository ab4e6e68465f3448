package fix

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// note is the comment of one cell.
type note struct {
	col, row int // 1-based
	text     string
}

// notes writes the comments of a workbook's sheets in one pass each.
//
// excelize's AddComment places each note by adding up the heights of the
// rows above it, so a sheet with a note on most of 100,000 rows takes
// hours. Here excelize adds the first note of a sheet, which creates the
// sheet's comments and drawing parts and their links; the parts are then
// written whole, with every note, when the workbook is copied (see
// rewrite). A note's box is anchored by cells, as Excel anchors it, so
// no row height is needed. A sheet that has notes of its own keeps
// excelize's way for all of ours, so that theirs are kept.
type notes struct {
	sheets map[string][]note
	parts  map[string]notePart // comments part name -> the sheet's parts and notes
	slow   map[string]bool     // sheets that had notes already

	// pending are the notes of a streamed sheet, added once the workbook
	// that takes them is open.
	pending []pendingNote
	// writeSheet, when set, writes the part sheetPart of the copy (a
	// streamed sheet), given the sheet's relationships part.
	sheetPart  string
	writeSheet func(w io.Writer, rels []byte) error
}

// pendingNote is a note waiting for its workbook.
type pendingNote struct {
	sheet string
	note
}

// notePart names the two parts that hold a sheet's notes.
type notePart struct {
	sheet    string
	comments string // xl/commentsN.xml
	vml      string // xl/drawings/vmlDrawingN.vml
}

// add queues a note for the cell (col, row) of sheet.
func (n *notes) add(f *excelize.File, sheet string, col, row int, text string) error {
	if n.sheets == nil {
		n.sheets, n.parts, n.slow = map[string][]note{}, map[string]notePart{}, map[string]bool{}
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if _, seen := n.sheets[sheet]; !seen {
		n.sheets[sheet] = nil
		if err := n.start(f, sheet, cell, text); err != nil {
			return err
		}
		if !n.slow[sheet] {
			n.sheets[sheet] = append(n.sheets[sheet], note{col, row, text})
			return nil
		}
	}
	if n.slow[sheet] {
		// A cell with a note of the seller's keeps it: excelize refuses a
		// second one, and the added column still lists the problems.
		_ = f.AddComment(sheet, excelize.Comment{Author: noteAuthor, Cell: cell, Text: text})
		return nil
	}
	n.sheets[sheet] = append(n.sheets[sheet], note{col, row, text})
	return nil
}

// start prepares the notes of a sheet, given its first one. On a sheet
// without notes, excelize adds the first one, which creates the sheet's
// comments and drawing parts and their links. On a sheet whose notes are
// all aecheck's (a file fixed before), those parts are found and written
// over with the new notes. Either way the parts are then written whole by
// rewrite. A sheet with notes of the seller's, or with form controls in
// its drawing, takes excelize's way for every note (slow), the notes of an
// earlier fix removed first, so that the seller's are kept.
func (n *notes) start(f *excelize.File, sheet, cell, text string) error {
	before := slices.Collect(maps.Keys(f.Comments))
	beforeVML := slices.Collect(maps.Keys(f.VMLDrawing))
	old, _ := f.GetComments(sheet)
	ctrls, _ := f.GetFormControls(sheet)
	ours := 0
	for _, c := range old {
		if c.Author == noteAuthor {
			ours++
		}
	}
	n.slow[sheet] = len(ctrls) > 0 || ours < len(old)
	if n.slow[sheet] {
		for _, c := range old {
			if c.Author == noteAuthor {
				if err := f.DeleteComment(sheet, c.Cell); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if len(old) > 0 {
		// Loads the drawing part, so that it shows among f.VMLDrawing.
		if err := f.DeleteComment(sheet, old[0].Cell); err != nil {
			return err
		}
	} else if err := f.AddComment(sheet, excelize.Comment{Author: noteAuthor, Cell: cell, Text: text}); err != nil {
		return err
	}
	p := notePart{sheet: sheet}
	for k := range f.Comments {
		if !slices.Contains(before, k) {
			p.comments = k
		}
	}
	for k := range f.VMLDrawing {
		if !slices.Contains(beforeVML, k) {
			p.vml = k
		}
	}
	if p.comments == "" || p.vml == "" {
		n.slow[sheet] = true // not the parts expected: no rewriting
		return nil
	}
	n.parts[p.comments] = p
	n.parts[p.vml] = p
	return nil
}

// clearOld removes the notes an earlier fix left on a sheet that gets no
// new note, so that none outlives its problem.
func (n *notes) clearOld(f *excelize.File, sheet string) error {
	if _, seen := n.sheets[sheet]; seen {
		return nil
	}
	old, _ := f.GetComments(sheet)
	for _, c := range old {
		if c.Author == noteAuthor {
			if err := f.DeleteComment(sheet, c.Cell); err != nil {
				return err
			}
		}
	}
	return nil
}

// save writes the workbook f to w with the queued notes.
func (n *notes) save(f *excelize.File, w io.Writer) error {
	if len(n.parts) == 0 && n.writeSheet == nil {
		_, err := f.WriteTo(w)
		return err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	r, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return err
	}
	return n.rewrite(r, w)
}

// rewrite copies the workbook in r to w, writing the comments and drawing
// parts of the queued notes whole; every other part is copied as it is,
// without unpacking it.
func (n *notes) rewrite(r *zip.Reader, w io.Writer) error {
	zw := zip.NewWriter(w)
	var rels []byte
	if n.writeSheet != nil {
		name := path.Join(path.Dir(n.sheetPart), "_rels", path.Base(n.sheetPart)+".rels")
		for _, f := range r.File {
			if f.Name == name {
				var err error
				if rels, err = readZipPart(f, 16<<20); err != nil {
					return err
				}
			}
		}
	}
	for _, f := range r.File {
		if n.writeSheet != nil && f.Name == n.sheetPart {
			part, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
			if err != nil {
				return err
			}
			bw := bufio.NewWriterSize(part, 64<<10)
			if err := n.writeSheet(bw, rels); err != nil {
				return err
			}
			if err := bw.Flush(); err != nil {
				return err
			}
			continue
		}
		p, ok := n.parts[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return err
			}
			continue
		}
		part, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(part, 64<<10)
		if f.Name == p.comments {
			writeComments(bw, n.sheets[p.sheet])
		} else {
			writeVML(bw, n.sheets[p.sheet])
		}
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeComments writes a comments part: one author, one comment per note.
func writeComments(w *bufio.Writer, ns []note) {
	w.WriteString(xml.Header)
	w.WriteString(`<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>`)
	xml.EscapeText(w, []byte(noteAuthor))
	w.WriteString(`</author></authors><commentList>`)
	for _, n := range ns {
		cell, _ := excelize.CoordinatesToCellName(n.col, n.row)
		fmt.Fprintf(w, `<comment ref="%s" authorId="0"><text><t xml:space="preserve">`, cell)
		xml.EscapeText(w, []byte(n.text))
		w.WriteString(`</t></text></comment>`)
	}
	w.WriteString(`</commentList></comments>`)
}

// writeVML writes the drawing of the notes' boxes, hidden until the cell
// is pointed at, as Excel writes them.
func writeVML(w *bufio.Writer, ns []note) {
	// Shape ids come in blocks of 1,024, each block listed in idmap.
	blocks := make([]string, 0, len(ns)/1024+1)
	for b := 1; b <= (len(ns)+1024)/1024+1; b++ {
		blocks = append(blocks, strconv.Itoa(b))
	}
	w.WriteString(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">`)
	fmt.Fprintf(w, `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%s"/></o:shapelayout>`, strings.Join(blocks, ","))
	w.WriteString(`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`)
	for i, n := range ns {
		fmt.Fprintf(w, `<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:90pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`, 1025+i, i+1)
		w.WriteString(`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`)
		c, r := n.col-1, n.row-1
		fmt.Fprintf(w, `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			c+1, max(r-1, 0), c+5, max(r-1, 0)+6, r, c)
	}
	w.WriteString(`</xml>`)
}
