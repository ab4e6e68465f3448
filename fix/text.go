package fix

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/text/transform"

	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// text writes the marked-up copy of a CSV, TSV or TXT catalog: every field
// keeps its bytes, quotes included, but the fields a fix changes; the file
// keeps its separator, line ends, encoding and byte-order mark. A column
// "aecheck" is added at the end of the header and of each row, and the
// changes and the problems left go to the .changes.csv file beside it.
func (w *job) text(ctx context.Context) error {
	t := w.lay.tables[0]
	in, err := os.Open(w.in)
	if err != nil {
		return fmt.Errorf("read %s: %w", w.in, err)
	}
	defer in.Close()
	out, err := reports.CreateAtomic(w.out)
	if err != nil {
		return err
	}
	defer out.Abort()

	// The byte-order mark is copied as it is; the rest is decoded to UTF-8
	// and encoded back, or copied as it is when it is UTF-8.
	br := bufio.NewReaderSize(in, 64<<10)
	var src io.Reader = br
	var dst io.Writer = out
	var enc io.WriteCloser
	bom := bomOf(w.lay.enc)
	if head, _ := br.Peek(len(bom)); len(bom) > 0 && bytes.Equal(head, bom) {
		br.Discard(len(bom))
		out.Write(bom)
	}
	if w.lay.enc != "" && w.lay.enc != readers.EncUTF8 {
		e, err := readers.TextEncoding(w.lay.enc)
		if err != nil {
			return err
		}
		src = transform.NewReader(br, e.NewDecoder())
		enc = transform.NewWriter(out, e.NewEncoder())
		dst = enc
	}
	bw := bufio.NewWriterSize(dst, 64<<10)
	sp := &splitter{r: bufio.NewReaderSize(src, 64<<10), delim: w.lay.delim, line: 1}
	want := w.lineOf(t)
	var lines []line
	width := len(t.Header)
	// A file fixed before has the column already: it is written over.
	own := ownColumn(t)
	at := readers.Pos{File: w.in}
	for sp.next() {
		if sp.row%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec := sp.rec
		if l, ok := want[sp.row]; ok && l != sp.recLine {
			return errors.New(w.p.tr.Sprintf(errLineUp, w.in, sp.row, l, sp.recLine))
		}
		if sp.row < t.HeaderRow || rec.blank() {
			rec.write(bw, nil)
			continue
		}
		if sp.row == t.HeaderRow {
			rec.write(bw, w.extra(rec, width, own, columnHeader))
			continue
		}
		at.Row, at.Line = sp.row, sp.recLine
		rp := w.planRow(t, at, rec.value)
		for i := range rp.cells {
			c := &rp.cells[i]
			if n := len(c.changes); n > 0 && c.col <= len(rec.fields) {
				rec.fields[c.col-1] = encodeField(c.changes[n-1].After, rec.fields[c.col-1], w.lay.delim)
				for j := range c.changes {
					w.res.Changes = append(w.res.Changes, c.changes[j])
					lines = append(lines, w.p.changeLine(&c.changes[j]))
				}
			}
			if len(c.findings) > 0 {
				w.res.Marked++
			}
			lines = append(lines, c.findingLines(w.p)...)
		}
		if rp.summary != "" {
			w.res.Rows++
		}
		rec.write(bw, w.extra(rec, width, own, rp.summary))
	}
	if sp.err != nil {
		return fmt.Errorf("read %s: %w", w.in, sp.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", w.out, err)
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return fmt.Errorf("write %s: %w", w.out, err)
		}
	}
	if err := writeChanges(w.res.ChangesFile, header(w.p.tr), lines); err != nil {
		return err
	}
	return out.Commit()
}

// lineOf returns the physical line each listing row of t starts on, as the
// reader saw it, to check that the copy lines up with the findings.
func (w *job) lineOf(t *readers.Columns) map[int]int {
	m := map[int]int{}
	for k, fs := range w.byRow {
		for _, f := range fs {
			if k.sheet == "" && f.Pos.Line > 0 {
				m[k.row] = f.Pos.Line
			}
		}
	}
	return m
}

// extra returns the fields that end a row: empty ones up to the header's
// width, then the added column holding s. When the file has the column
// already (own, 1-based), s goes there instead and nothing is added.
func (w *job) extra(rec *record, width, own int, s string) [][]byte {
	if own > 0 {
		for len(rec.fields) < own {
			rec.fields = append(rec.fields, nil)
		}
		if rec.value(own) != s {
			rec.fields[own-1] = encodeField(s, rec.fields[own-1], w.lay.delim)
		}
		return nil
	}
	var ex [][]byte
	for n := len(rec.fields); n < width; n++ {
		ex = append(ex, nil)
	}
	return append(ex, encodeField(s, nil, w.lay.delim))
}

// ownColumn is the 1-based column of a table headed "aecheck", which a
// fix added before; 0 when it has none. The last one counts.
func ownColumn(t *readers.Columns) int {
	for i := len(t.Header) - 1; i >= 0; i-- {
		if strings.TrimSpace(t.Header[i]) == columnHeader {
			return i + 1
		}
	}
	return 0
}

// bomOf is the byte-order mark a file in encoding enc may start with.
func bomOf(enc string) []byte {
	switch enc {
	case readers.EncUTF8:
		return []byte{0xEF, 0xBB, 0xBF}
	case readers.EncUTF16LE:
		return []byte{0xFF, 0xFE}
	case readers.EncUTF16BE:
		return []byte{0xFE, 0xFF}
	}
	return nil
}

// record is one record of a delimited file, as bytes.
type record struct {
	fields [][]byte // each field's bytes, quotes included
	end    []byte   // the line end: "\n", "\r\n", "\r", or nothing at the end of the file
	delim  byte
}

// blank reports whether the record is an empty line.
func (r *record) blank() bool { return len(r.fields) == 1 && len(r.fields[0]) == 0 }

// value returns field col (1-based) as text, its quotes undone.
func (r *record) value(col int) string {
	if col < 1 || col > len(r.fields) {
		return ""
	}
	return unquote(r.fields[col-1])
}

// write writes the record with the fields ex added at its end.
func (r *record) write(w *bufio.Writer, ex [][]byte) {
	for i, f := range r.fields {
		if i > 0 {
			w.WriteByte(r.delim)
		}
		w.Write(f)
	}
	for _, f := range ex {
		w.WriteByte(r.delim)
		w.Write(f)
	}
	w.Write(r.end)
}

// unquote returns the text of a field: a field that starts with a quote
// ends its quoted part at a lone quote, and doubled quotes in it are one;
// anything after the quoted part is kept as it is, as the readers do.
func unquote(f []byte) string {
	if len(f) == 0 || f[0] != '"' {
		return string(f)
	}
	var b strings.Builder
	i := 1
	for i < len(f) {
		if f[i] == '"' {
			if i+1 < len(f) && f[i+1] == '"' {
				b.WriteByte('"')
				i += 2
				continue
			}
			b.Write(f[i+1:])
			return b.String()
		}
		b.WriteByte(f[i])
		i++
	}
	return b.String()
}

// encodeField returns s as a field: quoted when the original field was
// quoted, or when s needs it (a separator, a quote or a line break in it).
func encodeField(s string, orig []byte, delim byte) []byte {
	if len(orig) > 0 && orig[0] == '"' || strings.ContainsAny(s, "\"\r\n"+string(delim)) {
		return []byte(`"` + strings.ReplaceAll(s, `"`, `""`) + `"`)
	}
	return []byte(s)
}

// splitter cuts a delimited text into records, keeping every byte: the
// rows and physical lines it counts are the readers' (a blank line is a
// row, a quoted field may span lines).
type splitter struct {
	r       *bufio.Reader
	delim   byte
	line    int // line of the next byte
	row     int // rows read
	recLine int // line the current record starts on
	rec     *record
	err     error
}

// next reads the next record into rec; false at the end or on an error.
func (s *splitter) next() bool {
	if _, err := s.r.Peek(1); err != nil {
		if err != io.EOF {
			s.err = err
		}
		return false
	}
	s.row++
	s.recLine = s.line
	rec := &record{delim: s.delim}
	var f []byte
	quoted, start := false, true
	for {
		c, err := s.r.ReadByte()
		if err == io.EOF {
			rec.fields = append(rec.fields, f)
			s.rec = rec
			return true
		}
		if err != nil {
			s.err = err
			return false
		}
		switch {
		case quoted:
			f = append(f, c)
			switch c {
			case '"':
				if n, _ := s.r.Peek(1); len(n) == 1 && n[0] == '"' {
					s.r.ReadByte()
					f = append(f, '"')
				} else {
					quoted = false
				}
			case '\n':
				s.line++
			case '\r':
				if n, _ := s.r.Peek(1); len(n) == 0 || n[0] != '\n' {
					s.line++
				}
			}
			continue
		case c == '"' && start:
			quoted = true
			f = append(f, c)
		case c == s.delim:
			rec.fields = append(rec.fields, f)
			f = nil
			start = true
			continue
		case c == '\n':
			rec.fields, rec.end = append(rec.fields, f), []byte{'\n'}
			s.line++
			s.rec = rec
			return true
		case c == '\r':
			rec.fields, rec.end = append(rec.fields, f), []byte{'\r'}
			if n, _ := s.r.Peek(1); len(n) == 1 && n[0] == '\n' {
				s.r.ReadByte()
				rec.end = []byte{'\r', '\n'}
			}
			s.line++
			s.rec = rec
			return true
		default:
			f = append(f, c)
		}
		start = false
	}
}

// writeChanges writes the .changes.csv file: UTF-8 with a byte-order mark,
// which Excel needs to show accents and Chinese right.
func writeChanges(path string, head []string, ls []line) error {
	out, err := reports.CreateAtomic(path)
	if err != nil {
		return err
	}
	defer out.Abort()
	bw := bufio.NewWriter(out)
	bw.Write([]byte{0xEF, 0xBB, 0xBF})
	cw := csv.NewWriter(bw)
	cw.Write(head)
	for i := range ls {
		cw.Write(ls[i].cells())
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return out.Commit()
}
