package readers

import (
	"os"
	"sync/atomic"
	"unsafe"
)

// chunkRing recycles the memory a CSV catalog is read into, when the reader
// was asked to (Options.ReuseMemory). The scanner cuts a line's cells from
// a chunk, a copy of everything its read buffer held (up to 64 KiB); without
// the ring every chunk is a new string, which the garbage collector frees
// once no cell of it is left: the whole file passes through the heap, and
// collecting it was a twentieth of a run's time.
//
// With the ring a chunk's memory is used again once every batch that may
// hold one of its cells has been released (Batch.Release): a row is read
// while its batch is being read and goes into that batch or, when its
// product is still open at the batch's end, into the next one. So a chunk
// the scanner left while batch L was being read is free once batches up to
// L+1 are released. The ring needs the batches released in the order they
// were read (the pipeline does); a release out of order stops the
// recycling for the rest of the file, and a batch never released only
// keeps the chunks from coming back (they are then left to the collector).
//
// Whoever keeps a cell's text past its batch must copy it (strings.Clone):
// the readers do for header names and shops, the checks for what their
// memos and catalog-wide states keep, the writers for what they keep.
type chunkRing struct {
	reading  int64        // the batch being read: set by the reader's goroutine, read by the scanner on it
	released atomic.Int64 // batches released so far: batches 0 to released-1
	disorder atomic.Bool  // a batch was released out of order: recycling stopped
	held     []ringChunk  // chunks in the order read; the last is the scanner's
	debug    bool         // see debugReuse
}

// ringChunk is one chunk and the batch being read when the scanner left it
// (-1 while it is the scanner's).
type ringChunk struct {
	b    []byte
	left int64
}

// debugReuse, set by the environment variable AECHECK_DEBUG_REUSE=1 (the
// tests set it), makes the ring catch code that keeps a cell without
// copying it: every line gets a chunk of its own, and a chunk is
// overwritten with '\x7f' bytes as soon as it is free, so that a cell kept
// too long shows up as garbage in the outputs that the tests compare.
func debugReuse() bool { return os.Getenv("AECHECK_DEBUG_REUSE") == "1" }

func newChunkRing() *chunkRing { return &chunkRing{debug: debugReuse()} }

// chunk returns a string of a copy of b, in recycled memory when a chunk is
// free. The previous chunk is left: its cells may still be in batches.
func (c *chunkRing) chunk(b []byte) string {
	if n := len(c.held); n > 0 {
		c.held[n-1].left = c.reading
	}
	var mem []byte
	if len(c.held) > 0 && c.free(c.held[0]) {
		if c.debug {
			// Poison every free chunk, not just the one reused.
			for len(c.held) > 1 && c.free(c.held[1]) {
				poison(c.held[0].b)
				c.held = c.held[1:]
			}
			poison(c.held[0].b)
		}
		if cap(c.held[0].b) >= len(b) {
			mem = c.held[0].b[:0]
		}
		c.held[0] = ringChunk{}
		c.held = c.held[1:]
	}
	if mem == nil {
		size := len(b)
		if !c.debug {
			size = max(size, 64<<10) // room for any later buffer
		}
		mem = make([]byte, 0, size)
	}
	mem = append(mem, b...)
	c.held = append(c.held, ringChunk{b: mem, left: -1})
	if len(mem) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(mem), len(mem))
}

// free reports whether no batch may hold a cell of ch any more.
func (c *chunkRing) free(ch ringChunk) bool {
	return ch.left >= 0 && !c.disorder.Load() && c.released.Load() >= ch.left+2
}

// release records that batch idx was released.
func (c *chunkRing) release(idx int64) {
	if !c.released.CompareAndSwap(idx, idx+1) {
		c.disorder.Store(true)
	}
}

func poison(b []byte) {
	b = b[:cap(b)]
	for i := range b {
		b[i] = 0x7f
	}
}
