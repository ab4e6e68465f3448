package fix

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
	"github.com/xuri/excelize/v2"
)

// errNoStream says a workbook has a feature the streamed copy does not
// handle; the copy is then made with the whole sheet in memory.
var errNoStream = errors.New("the sheet needs the whole-sheet copy")

// xlsxStream writes the marked-up copy of a workbook without loading its
// sheet of products: the sheet's XML is copied row by row, and only the
// rows with a mark or a change are rewritten, so memory holds one row of
// the sheet at a time instead of all of its cells. excelize still writes
// everything around the sheet (styles, the Changes sheet, the links of the
// notes) from a copy of the workbook whose sheet of products is left
// empty.
//
// It returns errNoStream, having written nothing, when the workbook has
// something the streamed copy would lose or get wrong: more than one
// table, notes or form controls of its own on the sheet, an "aecheck"
// column from an earlier fix, XML with namespace prefixes or in Strict
// Open XML, or rows and cells without their reference.
func (w *job) xlsxStream(ctx context.Context) error {
	if len(w.lay.tables) != 1 || ownColumn(w.lay.tables[0]) > 0 {
		return errNoStream
	}
	t := w.lay.tables[0]
	zr, err := zip.OpenReader(w.in)
	if err != nil {
		return fmt.Errorf("%s: %w", w.in, err)
	}
	defer zr.Close()
	part, err := sheetPart(&zr.Reader, t.Sheet)
	if err != nil {
		return err
	}
	var sheetFile *zip.File
	for _, zf := range zr.File {
		switch zf.Name {
		case part:
			sheetFile = zf
		case path.Join(path.Dir(part), "_rels", path.Base(part)+".rels"):
			b, err := readZipPart(zf, 1<<20)
			if err != nil || bytes.Contains(b, []byte("/vmlDrawing\"")) || bytes.Contains(b, []byte("/comments\"")) {
				return errNoStream
			}
		}
	}
	if sheetFile == nil {
		return errNoStream
	}
	sst, err := sharedStrings(&zr.Reader)
	if err != nil {
		return errNoStream
	}

	// The head and tail of the sheet: everything but its rows.
	rc, err := sheetFile.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 256<<10)
	head, err := readUntil(br, []byte("<sheetData>"), 16<<20)
	if err != nil || !bytes.Contains(head, []byte(`"http://schemas.openxmlformats.org/spreadsheetml/2006/main"`)) {
		return errNoStream
	}
	head = head[:len(head)-len("<sheetData>")]

	// The patched rows wait in a temporary file beside the copy.
	tmp, err := os.CreateTemp(filepath.Dir(w.out), ".aecheck-rows-*.xml")
	if err != nil {
		return fmt.Errorf("write %s: %w", w.out, err)
	}
	reports.TrackTemp(tmp.Name())
	defer reports.RemoveTemp(tmp.Name())
	defer tmp.Close()
	rows := bufio.NewWriterSize(tmp, 256<<10)

	// The rows the plan looks at.
	want := map[int]bool{}
	for _, r := range w.rows(t) {
		want[r] = true
	}
	add := lastColumn(nil, t) + 1
	s := &streamSheet{w: w, t: t, sst: sst, want: want, add: add}

	// A first look at the sheet's tail: notes of the seller's, or a
	// drawing of form controls, are kept only by the whole-sheet copy.
	// The stub workbook holds the sheet without its rows.
	var tail []byte
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		row, end, err := nextRow(br)
		if err != nil {
			return errNoStream
		}
		if end != nil {
			tail = end
			break
		}
		if err := s.row(row); err != nil {
			return err
		}
	}
	rest, err := io.ReadAll(io.LimitReader(br, 64<<20))
	if err != nil {
		return err
	}
	tail = append(tail, rest...)
	if bytes.Contains(tail, []byte("<legacyDrawing")) {
		return errNoStream
	}
	s.f, err = stubWorkbook(&zr.Reader, part, head, tail)
	if err != nil {
		return errNoStream
	}
	defer s.f.Close()
	s.styles = &fillStyles{f: s.f}

	// Now the rows are written, with the styles the stub workbook makes.
	if err := s.writeRows(ctx, rows); err != nil {
		return err
	}
	if err := rows.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", w.out, err)
	}
	if err := changesSheet(s.f, w.p.tr, s.changes); err != nil {
		return err
	}

	out, err := reports.CreateAtomic(w.out)
	if err != nil {
		return err
	}
	s.ns.sheetPart = part
	s.ns.writeSheet = func(dst io.Writer, rels []byte) error {
		head := setDimension(head, add)
		if _, err := dst.Write(head); err != nil {
			return err
		}
		if _, err := io.WriteString(dst, "<sheetData>"); err != nil {
			return err
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.Copy(dst, bufio.NewReaderSize(tmp, 256<<10)); err != nil {
			return err
		}
		_, err := dst.Write(withLegacyDrawing(tail, rels))
		return err
	}
	if err := s.ns.save(s.f, out); err != nil {
		out.Abort()
		return fmt.Errorf("write %s: %w", w.out, err)
	}
	w.res.streamed = true
	return out.Commit()
}

// streamSheet is the state of a streamed copy: the plan of each row, made
// in a first pass, and the workbook that receives the styles and notes.
type streamSheet struct {
	w    *job
	t    *readers.Columns
	sst  []string
	want map[int]bool
	add  int // the column "aecheck" goes to

	plans   map[int]*rowEdit
	changes []line
	ns      notes
	f       *excelize.File
	styles  *fillStyles
}

// rowEdit is what happens to one row of the sheet: the cells to colour or
// change, and the text of the added column.
type rowEdit struct {
	cells   []cellEdit
	summary string
}

type cellEdit struct {
	col   int
	sev   checks.Severity
	value *string // the new text; nil: unchanged
}

// row plans one row of the sheet.
func (s *streamSheet) row(raw []byte) error {
	n, cells, err := parseRow(raw)
	if err != nil {
		return err
	}
	if s.plans == nil {
		s.plans = map[int]*rowEdit{}
	}
	for _, c := range cells {
		if c.col >= s.add {
			s.add = c.col + 1
		}
	}
	if !s.want[n] || n <= s.t.HeaderRow {
		return nil
	}
	value := func(col int) string {
		for _, c := range cells {
			if c.col == col {
				return c.text(raw, s.sst)
			}
		}
		return ""
	}
	at := readers.Pos{File: s.w.in, Sheet: s.t.Sheet, Row: n}
	rp := s.w.planRow(s.t, at, value)
	e := &rowEdit{summary: rp.summary}
	if rp.summary != "" {
		s.w.res.Rows++
	}
	for i := range rp.cells {
		c := &rp.cells[i]
		if c.col == 0 || len(c.findings) == 0 && len(c.changes) == 0 {
			continue
		}
		ce := cellEdit{col: c.col, sev: c.worst}
		if len(c.changes) > 0 {
			v := c.changes[len(c.changes)-1].After
			ce.value = &v
			for j := range c.changes {
				s.w.res.Changes = append(s.w.res.Changes, c.changes[j])
				s.changes = append(s.changes, s.w.p.changeLine(&c.changes[j]))
			}
		}
		e.cells = append(e.cells, ce)
		s.w.res.Marked++
		s.ns.pending = append(s.ns.pending, pendingNote{s.t.Sheet, note{c.col, n, truncate(c.note(s.w.p), maxNote)}})
	}
	if len(e.cells) > 0 || e.summary != "" {
		s.plans[n] = e
	}
	return nil
}

// writeRows copies the rows of the sheet again, from a second reading,
// rewriting those with an edit, and adds the header of the column.
func (s *streamSheet) writeRows(ctx context.Context, dst *bufio.Writer) error {
	zr, err := zip.OpenReader(s.w.in)
	if err != nil {
		return err
	}
	defer zr.Close()
	part, err := sheetPart(&zr.Reader, s.t.Sheet)
	if err != nil {
		return err
	}
	var rc io.ReadCloser
	for _, zf := range zr.File {
		if zf.Name == part {
			if rc, err = zf.Open(); err != nil {
				return err
			}
			break
		}
	}
	if rc == nil {
		return errors.New(s.w.p.tr.Sprintf(errSheetGone, s.w.in, s.t.Sheet))
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 256<<10)
	if _, err := readUntil(br, []byte("<sheetData>"), 16<<20); err != nil {
		return err
	}
	if len(s.ns.pending) > 0 {
		// The first note makes the parts of the notes in the stub.
		p := s.ns.pending[0]
		if err := s.ns.add(s.f, p.sheet, p.col, p.row, p.text); err != nil {
			return err
		}
		for _, p := range s.ns.pending[1:] {
			s.ns.sheets[p.sheet] = append(s.ns.sheets[p.sheet], p.note)
		}
		if s.ns.slow[s.t.Sheet] {
			return errNoStream
		}
		s.ns.pending = nil
	}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		raw, end, err := nextRow(br)
		if err != nil {
			return err
		}
		if end != nil {
			return nil
		}
		if err := s.writeRow(dst, raw); err != nil {
			return err
		}
	}
}

// writeRow writes one row, rewritten when it has an edit.
func (s *streamSheet) writeRow(dst *bufio.Writer, raw []byte) error {
	n, cells, err := parseRow(raw)
	if err != nil {
		return err
	}
	e := s.plans[n]
	var summary string
	var headStyle string
	switch {
	case n == s.t.HeaderRow:
		summary = columnHeader
		if len(cells) > 0 {
			headStyle = cells[len(cells)-1].style(raw)
		}
	case e != nil:
		summary = e.summary
	default:
		_, err := dst.Write(raw)
		return err
	}
	open := rowOpen(raw)
	body := raw[len(open):]
	selfClosed := bytes.HasSuffix(open, []byte("/>"))
	if selfClosed {
		open = append(bytes.TrimSuffix(bytes.Clone(open), []byte("/>")), '>')
		body = nil
	} else {
		body = bytes.TrimSuffix(body, []byte("</row>"))
	}
	// The span of columns a row declares would leave out the added cell.
	dst.Write(spansRE.ReplaceAll(open, nil))
	last := 0
	for _, c := range cells {
		dst.Write(body[last : c.start-len(open)])
		last = c.end - len(open)
		var ce *cellEdit
		if e != nil {
			for i := range e.cells {
				if e.cells[i].col == c.col {
					ce = &e.cells[i]
				}
			}
		}
		if ce == nil {
			dst.Write(raw[c.start:c.end])
			continue
		}
		orig, _ := strconv.Atoi(c.style(raw))
		style, err := s.styles.id(orig, ce.sev)
		if err != nil {
			return err
		}
		if ce.value != nil {
			writeCell(dst, c.ref(raw), strconv.Itoa(style), *ce.value)
			continue
		}
		dst.Write(setStyle(raw[c.start:c.end], style))
	}
	dst.Write(body[last:])
	if summary != "" {
		ref, _ := excelize.CoordinatesToCellName(s.add, n)
		writeCell(dst, ref, headStyle, summary)
	}
	_, err = dst.WriteString("</row>")
	return err
}

// writeCell writes a cell holding text as an inline string.
func writeCell(dst *bufio.Writer, ref, style, text string) {
	dst.WriteString(`<c r="`)
	dst.WriteString(ref)
	if style != "" && style != "0" {
		dst.WriteString(`" s="`)
		dst.WriteString(style)
	}
	dst.WriteString(`" t="inlineStr"><is><t xml:space="preserve">`)
	xml.EscapeText(dst, []byte(text))
	dst.WriteString(`</t></is></c>`)
}
