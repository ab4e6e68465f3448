// Package keyindex maps 64-bit key hashes to the position (a table and a
// row) where each key was first seen, in about 5 bytes of memory per key.
//
// It guarantees that a key is found again, at the position it was first
// added with, for up to 268 million keys per table, unless Err says that
// hashes were lost (the temporary file of the hashes failed): keys added
// before the loss are then no longer found. Keys are compared on their full
// 64-bit hash.
package keyindex

import (
	"encoding/binary"
	"math/bits"
	"runtime"

	"github.com/aecheck/aecheck/internal/hashlog"
	"github.com/aecheck/aecheck/internal/offheap"
)

// Ref is a compact position: an origin (a table of a shop, numbered by the
// caller) and a row.
type Ref struct {
	Org uint32
	Row int32
}

// Table maps 64-bit key hashes to the position where each key was first
// seen, for the duplicate checks. Its zero value is empty and ready to use;
// a Table is used by one goroutine at a time. Per key it keeps:
//
//   - the hash, 8 bytes, in an append-only log whose index is the key's
//     ordinal (hashlog: in memory for the first 65,536 keys, then in a
//     temporary file);
//   - a 4-byte slot in an open-addressing index of ordinals (linear
//     probing, 57 to 86 % full, 69 to 86 % past half a million slots;
//     growing reads the hashes back from the log in order);
//   - its position, in a run-length log: a few bytes per 256 keys when
//     the keys come one per row, a few bytes per key at worst.
//
// So a large table holds about 5 bytes per key in memory (13 to 15 when the
// log cannot go to a file), against 19 to 28 for 16-byte slots that hold
// hash and position. The index and the memory parts of the logs live outside
// the Go heap where the system allows it, so the collector does not let the
// heap grow by as much again beside them. Keys are compared on their full
// 64-bit hash: a tag in the slot, made of the bits the ordinal does not need
// (11 at a million keys, 4 at the limit), only saves reading the log for the
// slots that cannot match, so a new key almost never reads the log, and a
// large table reads it mostly for the duplicates it finds.
//
// When the caller knows roughly how many keys will come (expect), the index
// grows straight to that size instead of a quarter at a time, which saves
// placing every key again four or five times over a large catalog.
type Table struct {
	m *keyMem
}

type keyMem struct {
	slots    []uint32 // tag | ordinal+1; 0 is empty
	slotsOff bool     // slots came from offheap
	ordBits  uint     // low bits of a slot that hold ordinal+1
	want     int      // keys the caller expects in all, 0 if unknown
	hashes   hashlog.Log
	n        int // keys held
	pos      posLog
	warmed   uint32 // what warm loaded, kept so the loads are not dropped
}

const maxKeys = 1<<28 - 2 // 268 million keys per table

// FirstOrAdd returns the position of h and true when h is in the table,
// else adds h at r and returns false. Past maxKeys keys, new keys are not
// added (a catalog of 268 million rows), so later copies of them are not
// found.
func (t *Table) FirstOrAdd(h uint64, r Ref) (Ref, bool) {
	if t.m == nil {
		t.m = new(keyMem)
		runtime.AddCleanup(t, (*keyMem).free, t.m)
	}
	m := t.m
	if m.n >= len(m.slots)*6/7 {
		if m.n >= maxKeys {
			return Ref{}, false
		}
		m.grow()
	}
	tagMask := ^uint32(0) << m.ordBits
	tag := uint32(h) & tagMask
	i := m.home(h)
	for {
		v := m.slots[i]
		if v == 0 {
			m.slots[i] = tag | uint32(m.n+1)
			m.hashes.Add(h)
			m.pos.add(r)
			m.n++
			return Ref{}, false
		}
		if v&tagMask == tag {
			ord := int(v&^tagMask) - 1
			if hv, ok := m.hashes.At(ord); ok && hv == h {
				return m.pos.at(ord), true
			}
		}
		if i++; i == len(m.slots) {
			i = 0
		}
	}
}

// Warm loads the index slot where h would start its search, so that it is
// in the cache when FirstOrAdd comes to it. The loads of many warm calls in
// a row do not wait for each other.
func (t *Table) Warm(h uint64) {
	if m := t.m; m != nil && len(m.slots) > 0 {
		m.warmed += m.slots[m.home(h)]
	}
}

// Expect tells the table that about n keys will come in all; the next
// growth goes straight to a size that holds them. A wrong guess costs
// nothing but the growths it would have saved, or index slots unused.
func (t *Table) Expect(n int) {
	if t.m == nil {
		t.m = new(keyMem)
		runtime.AddCleanup(t, (*keyMem).free, t.m)
	}
	t.m.want = min(n, maxKeys)
}

// ExpectShare is Expect for a table that has seen share (0 to 1) of the
// input. The reader is a few batches ahead of the keys, so the guess is
// raised by 2 %.
func (t *Table) ExpectShare(share float64) {
	if t.m != nil && share > 0 {
		t.Expect(int(float64(t.m.n) / share * 1.02))
	}
}

// Err says when hashes of the table were lost (its temporary file failed):
// keys that came before may then be missed as duplicates.
func (t *Table) Err() error {
	if t.m == nil {
		return nil
	}
	return t.m.hashes.Err()
}

// Expected returns the number of keys the table was last told to expect, 0
// when none.
func (t *Table) Expected() int {
	if t.m == nil {
		return 0
	}
	return t.m.want
}

// Free returns the table's memory; the table is empty afterwards.
func (t *Table) Free() {
	if t.m != nil {
		t.m.free()
	}
}

// home spreads h over the slots (Fibonacci hashing, then a multiply-shift
// range reduction, so the size need not be a power of two).
func (m *keyMem) home(h uint64) int {
	hi, _ := bits.Mul64(h*0x9E3779B97F4A7C15, uint64(len(m.slots)))
	return int(hi)
}

// grow makes the index about 1.5 times larger and places every key again,
// reading the hashes in order from the log: the old index is not needed,
// so it is freed first and the two are never held at once.
func (m *keyMem) grow() {
	size := max(1024, len(m.slots)+len(m.slots)/2)
	if len(m.slots) >= 1<<19 {
		// Large: grow by a quarter, so the index is 69 to 86 % full
		// rather than 57 to 86 %; at a million keys it takes 5.3 MB
		// instead of 6.1.
		size = len(m.slots) + len(m.slots)/4
	}
	if m.want > m.n {
		// Room for the keys expected, 80 % full once they are all in.
		size = max(size, m.want/4*5)
	}
	offheap.Free(m.slots, m.slotsOff)
	m.slots, m.slotsOff = offheap.Alloc[uint32](size)
	// Ordinals run to size*6/7 at most, so bits.Len(size) bits hold
	// ordinal+1; the bits above them are the tag.
	m.ordBits = uint(bits.Len(uint(size)))
	tagMask := ^uint32(0) << m.ordBits
	m.hashes.All(func(ord int, h uint64, ok bool) {
		if !ok {
			return // lost: it can never match, so it needs no slot
		}
		i := m.home(h)
		for m.slots[i] != 0 {
			if i++; i == len(m.slots) {
				i = 0
			}
		}
		m.slots[i] = uint32(h)&tagMask | uint32(ord+1)
	})
}

func (m *keyMem) free() {
	offheap.Free(m.slots, m.slotsOff)
	m.hashes.Free()
	m.pos.free()
	*m = keyMem{}
}

// posLog keeps the position of each key in the order the keys came. A mark
// every posEvery keys holds the position itself; after it, a run of keys on
// the next rows of the same table is one byte however long, and any other
// step a few bytes. The usual catalog, one key per row, costs about a byte
// per mark. The bytes are in blocks of posBlock, outside the Go heap where
// the system allows it; the keys of one mark never straddle two blocks.
type posLog struct {
	blocks []posBlk
	marks  []posMark
	n      int
	last   Ref
	run    int // keys on the next row after last, not yet written
}

type posBlk struct {
	b   []byte
	off bool
}

type posMark struct {
	blk, at uint32 // where the keys after the mark start
	r       Ref
}

const (
	posEvery = 256
	posBlock = 256 << 10
	posMax   = posEvery * 2 * binary.MaxVarintLen64 // bytes of one mark's keys at most
)

// The codes of the log, each a uvarint v:
//
//	v&3 == 0: v>>2 keys, each on the row after the one before
//	v&3 == 1: one key, same table, row moved by zigzag v>>2
//	v&3 == 2: one key in table v>>2, then a uvarint: zigzag of its row
//
// Keys past the last code of the last mark are a run not yet written.
const (
	posRun = iota
	posStep
	posOrg
)

func (p *posLog) add(r Ref) {
	if p.n%posEvery == 0 {
		p.flush()
		if len(p.blocks) == 0 || cap(p.cur())-len(p.cur()) < posMax {
			var blk posBlk
			blk.b, blk.off = offheap.Alloc[byte](posBlock)
			blk.b = blk.b[:0]
			p.blocks = append(p.blocks, blk)
		}
		p.marks = append(p.marks, posMark{blk: uint32(len(p.blocks) - 1), at: uint32(len(p.cur())), r: r})
	} else if r.Org == p.last.Org && int64(r.Row) == int64(p.last.Row)+1 {
		p.run++
	} else {
		p.flush()
		b := &p.blocks[len(p.blocks)-1].b
		if r.Org == p.last.Org {
			*b = binary.AppendUvarint(*b, zigzag(int64(r.Row)-int64(p.last.Row))<<2|posStep)
		} else {
			*b = binary.AppendUvarint(*b, uint64(r.Org)<<2|posOrg)
			*b = binary.AppendUvarint(*b, zigzag(int64(r.Row)))
		}
	}
	p.last = r
	p.n++
}

// flush writes the pending run.
func (p *posLog) flush() {
	if p.run > 0 {
		b := &p.blocks[len(p.blocks)-1].b
		*b = binary.AppendUvarint(*b, uint64(p.run)<<2) // | posRun, which is 0
		p.run = 0
	}
}

func (p *posLog) cur() []byte { return p.blocks[len(p.blocks)-1].b }

func (p *posLog) at(i int) Ref {
	mk := p.marks[i/posEvery]
	r, d := mk.r, p.blocks[mk.blk].b[mk.at:]
	for steps := i % posEvery; steps > 0; {
		if len(d) == 0 {
			// The end of the last mark's bytes: the keys left are the
			// run not yet written.
			r.Row += int32(steps)
			break
		}
		v, n := binary.Uvarint(d)
		d = d[n:]
		switch v & 3 {
		case posRun:
			k := min(int(v>>2), steps)
			r.Row += int32(k)
			steps -= k
			continue
		case posStep:
			r.Row += int32(unzigzag(v >> 2))
		default:
			r.Org = uint32(v >> 2)
			v, n = binary.Uvarint(d)
			d = d[n:]
			r.Row = int32(unzigzag(v))
		}
		steps--
	}
	return r
}

func (p *posLog) free() {
	for _, b := range p.blocks {
		offheap.Free(b.b, b.off)
	}
	*p = posLog{}
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }
