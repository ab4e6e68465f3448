package reports

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// findingSpool keeps findings on disk, in arrival order, until the workbook
// is written at Close: the XLSX writer needs the count of each sheet before
// it streams it (dimension and filter range), and memory stays flat.
//
// A finding is stored as a plain record: each string as its length (a
// uvarint) and its bytes, each number as a varint, the severity as a byte.
// The file lives only for the run, so the layout needs no version.
type findingSpool struct {
	f   *os.File
	bw  *bufio.Writer
	buf []byte
	n   int
}

func newFindingSpool(dir string) (*findingSpool, error) {
	f, err := os.CreateTemp(dir, "aecheck-findings-*.spool")
	if err != nil {
		return nil, fmt.Errorf("create temporary file: %w", err)
	}
	return &findingSpool{f: f, bw: bufio.NewWriterSize(f, 256<<10)}, nil
}

func appendSpoolString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendSpoolPos(b []byte, p *readers.Pos) []byte {
	b = appendSpoolString(b, p.File)
	b = appendSpoolString(b, p.Sheet)
	b = binary.AppendVarint(b, int64(p.Row))
	b = binary.AppendVarint(b, int64(p.Col))
	b = binary.AppendVarint(b, int64(p.Line))
	return appendSpoolString(b, p.Field)
}

func (s *findingSpool) add(f *checks.Finding) error {
	b := appendSpoolString(s.buf[:0], f.Check)
	b = append(b, byte(f.Severity))
	b = appendSpoolString(b, f.Kind)
	b = appendSpoolPos(b, &f.Pos)
	b = appendSpoolString(b, f.Shop)
	b = appendSpoolString(b, f.Entity)
	b = appendSpoolString(b, f.Value)
	b = appendSpoolString(b, f.Message)
	b = appendSpoolString(b, f.Fix)
	b = appendSpoolPos(b, &f.Ref)
	s.buf = b
	if _, err := s.bw.Write(b); err != nil {
		return fmt.Errorf("write temporary file: %w", err)
	}
	s.n++
	return nil
}

// spoolReader decodes the records of a spool. Strings that repeat from
// finding to finding (check IDs, files, columns, fixes) are interned, so a
// million findings do not make a million copies of them.
type spoolReader struct {
	br     *bufio.Reader
	intern map[string]string
	err    error
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

// str reads a string; shared says it is one that repeats.
func (d *spoolReader) str(shared bool) string {
	n, err := binary.ReadUvarint(d.br)
	if err != nil {
		d.fail(err)
		return ""
	}
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
	var s string
	if shared {
		if v, ok := d.intern[string(b)]; ok {
			s = v
		} else {
			s = string(b)
			if len(d.intern) < maxIntern {
				d.intern[s] = s
			}
		}
	} else {
		s = string(b)
	}
	_, _ = d.br.Discard(int(n))
	return s
}

func (d *spoolReader) pos(p *readers.Pos) {
	p.File = d.str(true)
	p.Sheet = d.str(true)
	p.Row = d.int()
	p.Col = d.int()
	p.Line = d.int()
	p.Field = d.str(true)
}

func (d *spoolReader) finding(f *checks.Finding) error {
	f.Check = d.str(true)
	sev, err := d.br.ReadByte()
	if err != nil {
		d.fail(err)
	}
	f.Severity = checks.Severity(sev)
	f.Kind = d.str(true)
	d.pos(&f.Pos)
	f.Shop = d.str(true)
	f.Entity = d.str(false)
	f.Value = d.str(false)
	f.Message = d.str(false)
	f.Fix = d.str(true)
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
	if err := s.bw.Flush(); err != nil {
		return fmt.Errorf("write temporary file: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("read temporary file: %w", err)
	}
	d := &spoolReader{br: bufio.NewReaderSize(s.f, 256<<10), intern: map[string]string{}}
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
	if s == nil || s.f == nil {
		return
	}
	s.f.Close()
	os.Remove(s.f.Name())
	s.f = nil
}
