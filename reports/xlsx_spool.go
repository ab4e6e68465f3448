package reports

import (
	"bufio"
	"encoding/gob"
	"fmt"
	"io"
	"os"

	"github.com/aecheck/aecheck/checks"
)

// findingSpool keeps findings on disk, in arrival order, until the workbook
// is written at Close: the XLSX writer needs the count of each sheet before
// it streams it (dimension and filter range), and memory stays flat.
type findingSpool struct {
	f   *os.File
	bw  *bufio.Writer
	enc *gob.Encoder
	n   int
}

func newFindingSpool(dir string) (*findingSpool, error) {
	f, err := os.CreateTemp(dir, "aecheck-findings-*.spool")
	if err != nil {
		return nil, fmt.Errorf("create temporary file: %w", err)
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	return &findingSpool{f: f, bw: bw, enc: gob.NewEncoder(bw)}, nil
}

func (s *findingSpool) add(f *checks.Finding) error {
	if err := s.enc.Encode(f); err != nil {
		return fmt.Errorf("write temporary file: %w", err)
	}
	s.n++
	return nil
}

// each calls fn for every finding in the order they were added. It is
// called once, at Close.
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
	dec := gob.NewDecoder(bufio.NewReaderSize(s.f, 256<<10))
	for i := 0; i < s.n; i++ {
		var f checks.Finding
		if err := dec.Decode(&f); err != nil {
			return fmt.Errorf("read temporary file: %w", err)
		}
		if err := fn(&f); err != nil {
			return err
		}
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
