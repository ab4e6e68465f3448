package reports

import (
	"math/bits"
	"sync"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// poolMin is the smallest buffer bufferPool keeps: smaller ones are cheap to
// make and many (bitmaps, one column's few values).
const poolMin = 64 << 10

// poolKeep is how many free buffers of one size bufferPool keeps: a chunk
// being built and one being written hold a few of each.
const poolKeep = 8

// bufferPool is the allocator of a machine file's Arrow and Parquet
// buffers. Every chunk builds its columns in buffers that double as they
// fill and are freed once the chunk is written; made anew each time (as
// memory.GoAllocator does), those megabytes are fresh memory for every
// chunk, zeroed twice, and most of the collector's work. bufferPool hands
// the freed buffers to the next chunk instead. Like the Go allocator it
// returns zeroed memory, so the bytes written never depend on reuse.
type bufferPool struct {
	mu     sync.Mutex
	free   [bits.UintSize][][]byte // by the log2 of their capacity
	reused int                     // buffers handed out again, for the tests
}

var _ memory.Allocator = (*bufferPool)(nil)

// poolClass returns the size class of n bytes and whether the pool serves it.
func poolClass(n int) (int, bool) {
	if n < poolMin {
		return 0, false
	}
	return bits.Len(uint(n - 1)), true
}

func (p *bufferPool) Allocate(size int) []byte {
	c, ok := poolClass(size)
	if !ok {
		return make([]byte, size)
	}
	p.mu.Lock()
	if n := len(p.free[c]); n > 0 {
		b := p.free[c][n-1]
		p.free[c] = p.free[c][:n-1]
		p.reused++
		p.mu.Unlock()
		b = b[:size]
		clear(b)
		return b
	}
	p.mu.Unlock()
	return make([]byte, size, 1<<c)
}

func (p *bufferPool) Reallocate(size int, b []byte) []byte {
	if cap(b) >= size {
		return b[:size]
	}
	nb := p.Allocate(size)
	copy(nb, b)
	p.Free(b)
	return nb
}

// Free keeps b for a later Allocate if the pool made it: a capacity of a
// power of two of poolMin or more.
func (p *bufferPool) Free(b []byte) {
	n := cap(b)
	c, ok := poolClass(n)
	if !ok || n != 1<<c {
		return
	}
	p.mu.Lock()
	if len(p.free[c]) < poolKeep {
		p.free[c] = append(p.free[c], b[:0])
	}
	p.mu.Unlock()
}
