// Package spill keeps an append-only log of records in a temporary file,
// for a check that reads every record back at the end of a run.
//
// It guarantees that the records come back byte for byte in the order they
// were appended, whatever happens to the disk: the memory of the log stays
// at one 64 KiB buffer while the file takes writes; when no temporary file
// can be made, or the disk fills up, the records move to memory and the log
// goes on there. Only when the file can be neither written nor read back are
// records lost, and Err says so. The file is unlinked as soon as it is open
// where the system allows it, so an interrupted run leaves nothing behind.
package spill

import (
	"io"
	"os"
)

// Log is an append-only log of records. Its methods may not be called
// concurrently, except that Readers of parts of it may read at the same time.
type Log struct {
	f    *os.File // nil: in memory
	name string   // the file's name while it is still linked
	buf  []byte   // records not yet written to f
	at   int64    // bytes written to f
	mem  []byte   // the records, when in memory
	err  error    // records were lost: the file could be neither written nor read back
}

// BufSize is the size of the log's write buffer and of a Reader's buffer.
const BufSize = 64 << 10

// New returns an empty log in a new temporary file, or in memory when none
// can be made.
func New() *Log {
	s := &Log{buf: make([]byte, 0, BufSize)}
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

// FromBytes returns a log, in memory, of the records b holds.
func FromBytes(b []byte) *Log { return &Log{mem: b} }

// Append adds b, one or more whole records.
func (s *Log) Append(b []byte) {
	if s.f == nil {
		s.mem = append(s.mem, b...)
		return
	}
	s.buf = append(s.buf, b...)
	if len(s.buf) >= BufSize {
		s.flush()
	}
}

// flush writes the buffer to the file; when that fails, the records go to
// memory, those already in the file included.
func (s *Log) flush() {
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

// Err says when records were lost: the file could be neither written nor
// read back.
func (s *Log) Err() error { return s.err }

// InFile reports whether the log is in a temporary file (not in memory).
func (s *Log) InFile() bool { return s.f != nil }

// Size returns the number of bytes appended so far: the offset the next
// record will start at.
func (s *Log) Size() int64 {
	if s.f == nil {
		return int64(len(s.mem))
	}
	return s.at + int64(len(s.buf))
}

// Records returns a reader of the records from the first; appending after
// it is not allowed.
func (s *Log) Records() *Reader {
	return s.RecordsIn(0, -1)
}

// RecordsIn returns a reader of the bytes [from, to) of the records (to the
// end when to < 0); from and to are offsets Size gave, at record starts.
// Readers of parts of a log may read at the same time.
func (s *Log) RecordsIn(from, to int64) *Reader {
	s.flush()
	if to < 0 {
		to = s.Size()
	}
	if s.f == nil {
		return &Reader{buf: s.mem[from:to], w: int(to - from)}
	}
	return &Reader{src: io.NewSectionReader(s.f, from, to-from), left: to - from, buf: make([]byte, BufSize)}
}

// Reader reads a log back: Next hands out its bytes in place, from a buffer
// refilled by large reads (the records of memory are read where they are),
// so that a record is decoded without copying it. A caller that decodes
// many records at once reads them from Buffered and says how far it got
// with Discard.
type Reader struct {
	src  io.Reader
	left int64 // bytes of src not read yet
	buf  []byte
	r, w int // buf[r:w] is read and not handed out yet
}

// Buffered returns the bytes read and not handed out yet, valid until the
// next call of Next.
func (sr *Reader) Buffered() []byte { return sr.buf[sr.r:sr.w] }

// Discard hands out the first n bytes of Buffered, which the caller has
// decoded; n must be at most len(Buffered()).
func (sr *Reader) Discard(n int) { sr.r += n }

// Next returns the next n bytes, valid until the next call: io.EOF when
// none is left, io.ErrUnexpectedEOF when fewer than n are.
func (sr *Reader) Next(n int) ([]byte, error) {
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

// Release drops the records and removes the file.
func (s *Log) Release() {
	s.close()
	s.mem = nil
}

// close removes the file.
func (s *Log) close() {
	if s.f != nil {
		s.f.Close()
		if s.name != "" {
			os.Remove(s.name)
		}
	}
	s.f, s.name, s.buf, s.at = nil, "", nil, 0
}
