// Package hashlog keeps a list of 64-bit hashes, by ordinal, mostly in a
// temporary file: while the file takes writes, the memory the log holds
// stays under 1 MiB however many hashes it takes.
//
// The first 65,536 hashes are kept in memory; past them, the log moves to an
// unlinked temporary file and only the last 8,192 hashes stay in memory. A
// key index reads a hash back only to confirm a key whose slot tag matched
// (a duplicate, or about one probe in 2,000 at a million keys) and, in order,
// when its index grows, so the file costs few reads, mostly from the
// system's file cache; what it saves is 8 bytes of the process's memory per
// key, 16 MB at a million products.
//
// It guarantees that At and All return every hash as it was added, in
// order, unless Err says some were lost. Without a temporary folder, the log
// stays in memory (outside the Go heap where the system allows it). When the
// file stops taking writes (a full disk), its hashes are read back into
// memory and the log goes on there. When even that fails, or a hash cannot
// be read back, Err says so and the hashes that were lost read as not ok.
package hashlog

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"github.com/aecheck/aecheck/internal/offheap"
)

// Log is the list of hashes; its zero value is empty and ready to use. A
// Log is used by one goroutine at a time.
type Log struct {
	mem  []hashBlock // in memory: chunks of hashChunk
	f    *os.File    // the file, once the log has moved there
	name string      // the file's name while it is still linked (Windows)
	done int         // hashes written to f
	buf  []uint64    // hashes after done, not yet written
	wb   []byte      // encoding buffer for writes
	n    int
	lost int  // the first lost hashes, which never match
	mem0 bool // the file failed: stay in memory
	err  error
}

type hashBlock struct {
	h   []uint64
	off bool
}

const (
	hashChunk   = 1 << 17 // hashes per memory chunk: 1 MiB
	logInMemory = 1 << 16 // hashes kept in memory before the log moves to a file
	logBuf      = 1 << 13 // hashes written to the file at once: 64 KiB
)

// Len returns the number of hashes added.
func (l *Log) Len() int { return l.n }

// Err says when hashes were lost (the temporary file failed): they read as
// not ok.
func (l *Log) Err() error { return l.err }

// Add appends h.
func (l *Log) Add(h uint64) {
	if l.f != nil {
		l.buf = append(l.buf, h)
		l.n++
		if len(l.buf) == logBuf {
			l.flush()
		}
		return
	}
	if l.n%hashChunk == 0 {
		var c hashBlock
		c.h, c.off = offheap.Alloc[uint64](hashChunk)
		l.mem = append(l.mem, c)
	}
	l.mem[l.n/hashChunk].h[l.n%hashChunk] = h
	l.n++
	if l.n == logInMemory && !l.mem0 {
		l.toFile()
	}
}

// toFile moves the hashes in memory to a new temporary file; without one,
// they stay where they are.
func (l *Log) toFile() {
	f, err := os.CreateTemp("", "aecheck-keys-*.tmp")
	if err != nil {
		return
	}
	name := ""
	if os.Remove(f.Name()) != nil {
		name = f.Name() // Windows: removed by free
	}
	n := l.n
	l.f, l.name, l.done, l.n = f, name, 0, 0
	mem := l.mem
	l.mem = nil
	for i := 0; i < n; i++ {
		l.Add(mem[i/hashChunk].h[i%hashChunk])
	}
	for _, c := range mem {
		offheap.Free(c.h, c.off)
	}
}

// flush writes the buffered hashes to the file; when that fails, the log
// moves to memory.
func (l *Log) flush() {
	if len(l.buf) == 0 {
		return
	}
	l.wb = l.wb[:0]
	for _, h := range l.buf {
		l.wb = binary.LittleEndian.AppendUint64(l.wb, h)
	}
	if _, err := l.f.WriteAt(l.wb, int64(l.done)*8); err != nil {
		l.toMemory(err)
		return
	}
	l.done += len(l.buf)
	l.buf = l.buf[:0]
}

// toMemory reads the file back into memory, adds the buffered hashes and
// closes the file. A file that cannot be read back loses its hashes: they
// read as unknown (err is set).
func (l *Log) toMemory(cause error) {
	done, buf := l.done, l.buf
	f := l.f
	l.f, l.done, l.buf, l.n, l.mem0 = nil, 0, nil, 0, true
	if err := l.each(f, done, nil, func(h uint64) { l.Add(h) }); err != nil {
		l.err = fmt.Errorf("the temporary file of the duplicate checks could not be written (%v) nor read back (%v)", cause, err)
		for l.n < done {
			l.Add(0) // placeholders: never compared, see At
		}
		l.lost = done
	}
	for _, h := range buf {
		l.Add(h)
	}
	l.closeFile(f)
}

// At returns the hash of ordinal ord; ok is false when it was lost.
func (l *Log) At(ord int) (h uint64, ok bool) {
	if ord < l.lost {
		return 0, false
	}
	if l.f == nil {
		return l.mem[ord/hashChunk].h[ord%hashChunk], true
	}
	if ord >= l.done {
		return l.buf[ord-l.done], true
	}
	var b [8]byte
	if _, err := l.f.ReadAt(b[:], int64(ord)*8); err != nil {
		if l.err == nil {
			l.err = fmt.Errorf("the temporary file of the duplicate checks could not be read (%v)", err)
		}
		return 0, false
	}
	return binary.LittleEndian.Uint64(b[:]), true
}

// All calls fn with every hash in order, and ok false for the ones lost.
func (l *Log) All(fn func(ord int, h uint64, ok bool)) {
	if l.f == nil {
		for ord := 0; ord < l.n; ord++ {
			h, ok := l.At(ord)
			fn(ord, h, ok)
		}
		return
	}
	ord := 0
	err := l.each(l.f, l.done, l.buf, func(h uint64) {
		fn(ord, h, true)
		ord++
	})
	if err != nil && l.err == nil {
		l.err = fmt.Errorf("the temporary file of the duplicate checks could not be read (%v)", err)
	}
	for ; ord < l.n; ord++ {
		fn(ord, 0, false)
	}
}

// each reads the first n hashes of f in order, then the hashes of tail,
// and calls fn with each.
func (l *Log) each(f *os.File, n int, tail []uint64, fn func(uint64)) error {
	b := make([]byte, logBuf*8)
	for at := 0; at < n; {
		k := min(n-at, logBuf)
		if got, err := f.ReadAt(b[:k*8], int64(at)*8); got < k*8 {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		for i := 0; i < k; i++ {
			fn(binary.LittleEndian.Uint64(b[i*8:]))
		}
		at += k
	}
	for _, h := range tail {
		fn(h)
	}
	return nil
}

func (l *Log) closeFile(f *os.File) {
	if f == nil {
		return
	}
	f.Close()
	if l.name != "" {
		os.Remove(l.name)
		l.name = ""
	}
}

// Free returns the log's memory and removes its file; the log is empty
// afterwards.
func (l *Log) Free() {
	l.closeFile(l.f)
	for _, c := range l.mem {
		offheap.Free(c.h, c.off)
	}
	*l = Log{}
}
