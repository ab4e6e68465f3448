package checks

import (
	"bufio"
	"bytes"
	"io"
	"os"
)

// spill is an append-only log of records that a catalog-wide check reads
// back at the end of the run. It is kept in a temporary file, so that the
// memory of the check does not grow with the catalog; the file is unlinked
// as soon as it is open where the system allows it, so that an interrupted
// run leaves nothing behind. When no temporary file can be made, or the
// disk fills up, it keeps the records in memory instead.
type spill struct {
	f    *os.File // nil: in memory
	name string   // the file's name while it is still linked
	buf  []byte   // records not yet written to f
	at   int64    // bytes written to f
	mem  []byte   // the records, when in memory
	err  error    // records were lost: the file could be neither written nor read back
}

const spillBuf = 64 << 10

func newSpill() *spill {
	s := &spill{buf: make([]byte, 0, spillBuf)}
	f, err := os.CreateTemp("", "aecheck-*.tmp")
	if err != nil {
		return s
	}
	s.f = f
	if os.Remove(f.Name()) != nil {
		s.name = f.Name() // Windows: removed by close
	}
	return s
}

// append adds b, one or more whole records.
func (s *spill) append(b []byte) {
	if s.f == nil {
		s.mem = append(s.mem, b...)
		return
	}
	s.buf = append(s.buf, b...)
	if len(s.buf) >= spillBuf {
		s.flush()
	}
}

// flush writes the buffer to the file; when that fails, the records go to
// memory, those already in the file included.
func (s *spill) flush() {
	if s.f == nil || len(s.buf) == 0 {
		return
	}
	n, err := s.f.WriteAt(s.buf, s.at)
	if err == nil {
		s.at += int64(n)
		s.buf = s.buf[:0]
		return
	}
	mem := make([]byte, s.at, s.at+int64(len(s.buf)))
	if _, rerr := s.f.ReadAt(mem, 0); rerr != nil && rerr != io.EOF {
		s.err = err
		mem = mem[:0]
	}
	s.mem = append(mem, s.buf...)
	s.close()
}

// reader returns the records from the first; appending after it is not
// allowed.
func (s *spill) reader() *bufio.Reader {
	s.flush()
	if s.f == nil {
		return bufio.NewReader(bytes.NewReader(s.mem))
	}
	return bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.at), spillBuf)
}

// release drops the records and removes the file.
func (s *spill) release() {
	s.close()
	s.mem = nil
}

// close removes the file.
func (s *spill) close() {
	if s.f != nil {
		s.f.Close()
		if s.name != "" {
			os.Remove(s.name)
		}
	}
	s.f, s.name, s.buf, s.at = nil, "", nil, 0
}
