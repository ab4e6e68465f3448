package checks

import (
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

// size returns the number of bytes appended so far: the offset the next
// record will start at.
func (s *spill) size() int64 {
	if s.f == nil {
		return int64(len(s.mem))
	}
	return s.at + int64(len(s.buf))
}

// records returns a reader of the records from the first; appending after
// it is not allowed.
func (s *spill) records() *spillReader {
	return s.recordsIn(0, -1)
}

// recordsIn returns a reader of the bytes [from, to) of the records (to the
// end when to < 0); from and to are offsets size gave, at record starts.
// Readers of parts of a spill may read at the same time.
func (s *spill) recordsIn(from, to int64) *spillReader {
	s.flush()
	if to < 0 {
		to = s.size()
	}
	if s.f == nil {
		return &spillReader{buf: s.mem[from:to], w: int(to - from)}
	}
	return &spillReader{src: io.NewSectionReader(s.f, from, to-from), left: to - from, buf: make([]byte, spillBuf)}
}

// spillReader reads a spill back: next hands out its bytes in place, from a
// buffer refilled by large reads (the records of memory are read where they
// are), so that a record is decoded without copying it.
type spillReader struct {
	src  io.Reader
	left int64 // bytes of src not read yet
	buf  []byte
	r, w int // buf[r:w] is read and not handed out yet
}

// next returns the next n bytes, valid until the next call: io.EOF when
// none is left, io.ErrUnexpectedEOF when fewer than n are.
func (sr *spillReader) next(n int) ([]byte, error) {
	if have := sr.w - sr.r; have < n {
		if int64(n-have) > sr.left {
			if have == 0 && sr.left == 0 {
				return nil, io.EOF
			}
			return nil, io.ErrUnexpectedEOF
		}
		// Move what is left to the front, with room for n bytes, and fill
		// the buffer (no further than the end of src).
		if n > len(sr.buf) {
			sr.buf = append(sr.buf, make([]byte, n-len(sr.buf))...)
		}
		sr.w, sr.r = copy(sr.buf, sr.buf[sr.r:sr.w]), 0
		end := int(min(int64(len(sr.buf)), int64(sr.w)+sr.left))
		m, err := io.ReadAtLeast(sr.src, sr.buf[sr.w:end], n-sr.w)
		sr.w += m
		sr.left -= int64(m)
		if err != nil {
			return nil, err
		}
	}
	b := sr.buf[sr.r : sr.r+n : sr.r+n]
	sr.r += n
	return b, nil
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
