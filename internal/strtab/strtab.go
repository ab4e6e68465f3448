// Package strtab interns strings: a Table gives each distinct string a dense
// ordinal (0, 1, 2, … in order of first appearance) and keeps the bytes of
// every string in large blocks.
//
// Memory: per string, its bytes plus a length byte (two from 128 bytes), an
// 8-byte reference and a 4-byte hash, and a 4-byte slot of an
// open-addressing index that is 3/8 to 3/4 full: about 30 bytes beside the
// bytes themselves, in a few pointer-free slices, so a table of millions of
// strings costs the garbage collector nothing to scan, where a
// map[string]int32 costs about 50 bytes per string and a heap object per
// string.
package strtab

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"slices"
	"unsafe"
)

// blockSize is the size of the blocks the bytes of the strings are kept
// in; a longer string gets a block of its own.
const blockSize = 256 << 10

// Table interns strings. The zero value is an empty table ready to use. A
// Table is used by one goroutine at a time.
type Table struct {
	seed   maphash.Seed
	seeded bool
	blocks [][]byte // the strings, each after its uvarint length
	refs   []uint64 // per ordinal: block<<32 | offset of its length
	hashes []uint32 // per ordinal: the low 32 bits of its hash
	slots  []uint32 // ordinal+1 of the strings, by hash; 0 is empty
	mask   uint32
}

// Len returns the number of strings in t.
func (t *Table) Len() int { return len(t.refs) }

// Grow makes room for n more strings without growing the index again.
func (t *Table) Grow(n int) {
	if need := len(t.refs) + n; need*4 > len(t.slots)*3 {
		t.resize(need)
	}
	t.refs = slices.Grow(t.refs, n)
	t.hashes = slices.Grow(t.hashes, n)
}

func (t *Table) hash(s string) uint32 {
	if !t.seeded {
		t.seed, t.seeded = maphash.MakeSeed(), true
	}
	return uint32(maphash.String(t.seed, s))
}

// Add returns the ordinal of s, adding s when it is new (added is then
// true). The table keeps a copy of the bytes of s, never s itself.
func (t *Table) Add(s string) (ord int, added bool) {
	if (len(t.refs)+1)*4 > len(t.slots)*3 {
		t.resize(len(t.refs) + 1)
	}
	h := t.hash(s)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.slots[i]
		if v == 0 {
			ord = len(t.refs)
			t.slots[i] = uint32(ord + 1)
			t.refs = append(t.refs, t.store(s))
			t.hashes = append(t.hashes, h)
			return ord, true
		}
		if t.hashes[v-1] == h && t.Key(int(v-1)) == s {
			return int(v - 1), false
		}
	}
}

// Find returns the ordinal of s, or false when s is not in t.
func (t *Table) Find(s string) (int, bool) {
	if len(t.refs) == 0 {
		return 0, false
	}
	h := t.hash(s)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.slots[i]
		if v == 0 {
			return 0, false
		}
		if t.hashes[v-1] == h && t.Key(int(v-1)) == s {
			return int(v - 1), true
		}
	}
}

// Key returns the string of ordinal ord. The string shares the table's
// memory, which is never written again: it stays valid, and keeps that
// memory alive, as long as it is used, even after the table is dropped.
func (t *Table) Key(ord int) string {
	b := t.bytes(ord)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func (t *Table) bytes(ord int) []byte {
	r := t.refs[ord]
	blk := t.blocks[r>>32]
	off := int(uint32(r))
	if n := blk[off]; n < 0x80 {
		// One length byte: keys under 128 bytes, nearly all of them.
		return blk[off+1 : off+1+int(n)]
	}
	n, w := binary.Uvarint(blk[off:])
	return blk[off+w : off+w+int(n)]
}

// store copies s into the blocks and returns its reference.
func (t *Table) store(s string) uint64 {
	need := binary.MaxVarintLen64 + len(s)
	if len(t.blocks) == 0 || cap(t.blocks[len(t.blocks)-1])-len(t.blocks[len(t.blocks)-1]) < need {
		t.blocks = append(t.blocks, make([]byte, 0, max(blockSize, need)))
	}
	bi := len(t.blocks) - 1
	blk := t.blocks[bi]
	off := len(blk)
	blk = binary.AppendUvarint(blk, uint64(len(s)))
	blk = append(blk, s...)
	t.blocks[bi] = blk
	return uint64(bi)<<32 | uint64(off)
}

// resize makes the index large enough for n strings at most 3/4 full and
// places every string again, from the hashes kept.
func (t *Table) resize(n int) {
	size := 16
	for size*3 < n*4 {
		size *= 2
	}
	if size <= len(t.slots) {
		return
	}
	t.slots = make([]uint32, size)
	t.mask = uint32(size - 1)
	for ord, h := range t.hashes {
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = uint32(ord + 1)
	}
}

// Sorted returns the ordinals of t in the byte order of their strings.
func (t *Table) Sorted() []int32 {
	// Sorting on eight bytes as a big-endian number settles most
	// comparisons without reading the strings: the eight after the
	// prefix every string shares (ids such as 1005007000123456 share
	// their first ten), which order the strings as their whole bytes do.
	type entry struct {
		prefix uint64
		ord    int32
	}
	common := 0
	if len(t.refs) > 0 {
		first := t.bytes(0)
		common = len(first)
		for i := 1; i < len(t.refs) && common > 0; i++ {
			b := t.bytes(i)
			n := min(common, len(b))
			j := 0
			for j < n && b[j] == first[j] {
				j++
			}
			common = j
		}
	}
	es := make([]entry, len(t.refs))
	var buf [8]byte
	for i := range es {
		b := t.bytes(i)[common:]
		clear(buf[:])
		copy(buf[:], b)
		es[i] = entry{binary.BigEndian.Uint64(buf[:]), int32(i)}
	}
	slices.SortFunc(es, func(a, b entry) int {
		if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
			return c
		}
		return bytes.Compare(t.bytes(int(a.ord)), t.bytes(int(b.ord)))
	})
	out := make([]int32, len(es))
	for i, e := range es {
		out[i] = e.ord
	}
	return out
}
