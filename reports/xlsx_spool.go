package reports

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// findingSpool keeps findings on disk, in arrival order, until the workbook
// is written at Close: the XLSX writer needs the count of each sheet before
// it streams it (dimension and filter range), and memory stays flat.
//
// A finding is stored as a plain record: each string as its length (a
// uvarint) and its bytes, each number as a varint, the severity as a byte.
// The strings that repeat from finding to finding (check ID, kind, file,
// sheet, column, shop, fix) are written once: the first time as a tag and
// the bytes, which gives the string the next number of a dictionary that
// writer and reader build alike, and afterwards as the tag of that number.
// A fix is a sentence or two, so the spool of a large catalog is about
// half the size it would be, and the reader takes the repeated strings
// from the dictionary instead of looking them up. The file lives only for
// the run, so the layout needs no version.
type findingSpool struct {
	// longest is the length in characters of the longest text of each
	// findings column that fits its content (check, file, sheet, column,
	// entity, shop), indexed as findingColumns.
	longest [nFindingColumns]int
	f       *os.File
	bw      *bufio.Writer
	buf     []byte
	n       int
	dict    map[string]uint64 // repeated strings written so far, by number
	last    [spoolShared]struct {
		s string
		v uint64
	} // the last repeated string of each field and its tag: most findings repeat it
}

// The fields whose strings repeat, for findingSpool.last.
const (
	spCheck = iota
	spKind
	spFile
	spSheet
	spField
	spShop
	spFix
	spRefFile
	spRefSheet
	spRefField
	spoolShared
)

func newFindingSpool(dir string) (*findingSpool, error) {
	f, err := createTemp(dir, "aecheck-findings-*.spool")
	if err != nil {
		return nil, fmt.Errorf("create temporary file: %w", err)
	}
	return &findingSpool{f: f, bw: bufio.NewWriterSize(f, 256<<10)}, nil
}

func appendSpoolString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendShared appends a repeated string of field k: tag 0 for "", tag
// 2i+2 for dictionary entry i, or tag 2n+1 and the n bytes of a string
// not in the dictionary, which then gets the next entry while there are
// fewer than maxIntern.
func (s *findingSpool) appendShared(b []byte, k int, str string) []byte {
	if str == "" {
		return append(b, 0)
	}
	if l := &s.last[k]; l.v != 0 && l.s == str {
		return binary.AppendUvarint(b, l.v)
	}
	v, ok := s.dict[str]
	if !ok {
		if s.dict == nil {
			s.dict = map[string]uint64{}
		}
		b = binary.AppendUvarint(b, uint64(len(str))<<1|1)
		b = append(b, str...)
		if len(s.dict) >= maxIntern {
			return b
		}
		v = uint64(len(s.dict))<<1 + 2
		str = strings.Clone(str) // kept: the finding's may be in memory the run reuses
		s.dict[str] = v
		s.last[k].s, s.last[k].v = str, v
		return b
	}
	s.last[k].s, s.last[k].v = str, v
	return binary.AppendUvarint(b, v)
}

func (s *findingSpool) appendPos(b []byte, p *readers.Pos, file, sheet, field int) []byte {
	b = s.appendShared(b, file, p.File)
	b = s.appendShared(b, sheet, p.Sheet)
	b = binary.AppendVarint(b, int64(p.Row))
	b = binary.AppendVarint(b, int64(p.Col))
	b = binary.AppendVarint(b, int64(p.Line))
	return s.appendShared(b, field, p.Field)
}

func (s *findingSpool) add(f *checks.Finding) error {
	s.measure(f)
	b := s.appendShared(s.buf[:0], spCheck, f.Check)
	b = append(b, byte(f.Severity))
	b = s.appendShared(b, spKind, f.Kind)
	b = s.appendPos(b, &f.Pos, spFile, spSheet, spField)
	b = s.appendShared(b, spShop, f.Shop)
	b = appendSpoolString(b, f.Entity)
	b = appendSpoolString(b, f.Value)
	b = appendSpoolString(b, f.Message)
	b = s.appendShared(b, spFix, f.Fix)
	b = s.appendPos(b, &f.Ref, spRefFile, spRefSheet, spRefField)
	s.buf = b
	if _, err := s.bw.Write(b); err != nil {
		return fmt.Errorf("write temporary file: %w", err)
	}
	s.n++
	return nil
}

// measure records the lengths of f's texts in the columns that fit their
// content.
func (s *findingSpool) measure(f *checks.Finding) {
	for _, c := range [...]struct {
		col int
		s   string
	}{{1, f.Check}, {2, f.Pos.File}, {3, f.Pos.Sheet}, {5, f.Pos.Field}, {7, f.Entity}, {11, f.Shop}} {
		if len(c.s) > s.longest[c.col] {
			s.longest[c.col] = max(s.longest[c.col], utf8.RuneCountInString(c.s))
		}
	}
}

// spoolReader decodes the records of a spool. Strings that repeat from
// finding to finding (check IDs, files, columns, fixes) come from the
// dictionary, so a million findings do not make a million copies of them.
type spoolReader struct {
	br   *bufio.Reader
	dict []string
	err  error
}

// maxIntern bounds the interned strings.
const maxIntern = 4096

func (d *spoolReader) fail(err error) {
	if d.err == nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		d.err = err
	}
}

func (d *spoolReader) int() int {
	v, err := binary.ReadVarint(d.br)
	if err != nil {
		d.fail(err)
	}
	return int(v)
}

// str reads a string written by appendSpoolString.
func (d *spoolReader) str() string {
	n, err := binary.ReadUvarint(d.br)
	if err != nil {
		d.fail(err)
		return ""
	}
	return d.bytes(n)
}

// bytes reads a string of n bytes.
func (d *spoolReader) bytes(n uint64) string {
	if n == 0 {
		return ""
	}
	if n > uint64(d.br.Size()) {
		b := make([]byte, n)
		if _, err := io.ReadFull(d.br, b); err != nil {
			d.fail(err)
			return ""
		}
		return string(b)
	}
	b, err := d.br.Peek(int(n))
	if err != nil {
		d.fail(err)
		return ""
	}
	s := string(b)
	_, _ = d.br.Discard(int(n))
	return s
}

// shared reads a string written by appendShared.
func (d *spoolReader) shared() string {
	v, err := binary.ReadUvarint(d.br)
	switch {
	case err != nil:
		d.fail(err)
		return ""
	case v == 0:
		return ""
	case v&1 == 0:
		if i := v>>1 - 1; i < uint64(len(d.dict)) {
			return d.dict[i]
		}
		d.fail(errors.New("a repeated string that was never written"))
		return ""
	}
	s := d.bytes(v >> 1)
	if d.err == nil && len(d.dict) < maxIntern {
		d.dict = append(d.dict, s)
	}
	return s
}

func (d *spoolReader) pos(p *readers.Pos) {
	p.File = d.shared()
	p.Sheet = d.shared()
	p.Row = d.int()
	p.Col = d.int()
	p.Line = d.int()
	p.Field = d.shared()
}

func (d *spoolReader) finding(f *checks.Finding) error {
	f.Check = d.shared()
	sev, err := d.br.ReadByte()
	if err != nil {
		d.fail(err)
	}
	f.Severity = checks.Severity(sev)
	f.Kind = d.shared()
	d.pos(&f.Pos)
	f.Shop = d.shared()
	f.Entity = d.str()
	f.Value = d.str()
	f.Message = d.str()
	f.Fix = d.shared()
	d.pos(&f.Ref)
	return d.err
}

// each calls fn for every finding in the order they were added. It is
// called once, at Close. The finding passed to fn is valid until fn
// returns.
func (s *findingSpool) each(fn func(*checks.Finding) error) error {
	if s == nil {
		return nil
	}
	d, err := rewind(s.bw, s.f, 256<<10)
	if err != nil {
		return err
	}
	var f checks.Finding
	for i := 0; i < s.n; i++ {
		if err := d.finding(&f); err != nil {
			return fmt.Errorf("read temporary file: %w", err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	if _, err := d.br.ReadByte(); err != io.EOF {
		return fmt.Errorf("read temporary file: %w", errors.New("data past the last finding"))
	}
	return nil
}

func (s *findingSpool) count() int {
	if s == nil {
		return 0
	}
	return s.n
}

// remove deletes the spool file; safe on nil and more than once.
func (s *findingSpool) remove() {
	if s != nil {
		removeSpoolFile(&s.f)
	}
}

// rewind flushes the spool file f written through bw and returns a reader
// of it from the start, reading size bytes at a time.
func rewind(bw *bufio.Writer, f *os.File, size int) (*spoolReader, error) {
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("write temporary file: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read temporary file: %w", err)
	}
	return &spoolReader{br: bufio.NewReaderSize(f, size)}, nil
}

// removeSpoolFile closes and deletes *f, and forgets it; safe when nil.
func removeSpoolFile(f **os.File) {
	if *f == nil {
		return
	}
	(*f).Close()
	removeTemp((*f).Name())
	*f = nil
}
