package checks

import (
	"strings"
)

// cellMemo remembers what was worked out from a text, for the next listing
// with the same text: catalogs repeat ship-to, REP and category cells from
// row to row, and the checks repeat their messages. It holds at most 4,096
// texts of up to 256 bytes (longer ones are worked out every time), starts
// afresh when full, and is used by one goroutine. It keeps copies of the
// texts: a cell is part of a string of many rows (see readers), which a
// kept cell would keep alive (64 KiB, or a 100 KB description, for a
// 20-byte category).
//
// In front of the map, hot holds the texts last found, one per slot picked
// by the text's length and end bytes: a cell that came up lately costs a
// comparison instead of a hash and a map probe (four look-ups a listing).
type cellMemo[V any] struct {
	m   map[string]memoSlot[V]
	hot [memoHot]memoSlot[V]
}

// memoSlot is a text of a cellMemo (its copy) and what was worked out from it.
type memoSlot[V any] struct {
	k   string
	v   V
	set bool
}

// memoHot is the number of hot slots of a cellMemo.
const memoHot = 64

// hotSlot picks the hot slot of s.
func hotSlot[T string | []byte](s T) int {
	n := len(s)
	if n == 0 {
		return 0
	}
	return (n*7 + int(s[0])*3 + int(s[n-1])) & (memoHot - 1)
}

func (c *cellMemo[V]) get(s string) (V, bool) {
	e := &c.hot[hotSlot(s)]
	if e.set && e.k == s {
		return e.v, true
	}
	f, ok := c.m[s]
	if ok {
		*e = f
	}
	return f.v, ok
}

// getBytes is get for the text in b, without converting it.
func (c *cellMemo[V]) getBytes(b []byte) (V, bool) {
	e := &c.hot[hotSlot(b)]
	if e.set && e.k == string(b) {
		return e.v, true
	}
	f, ok := c.m[string(b)]
	if ok {
		*e = f
	}
	return f.v, ok
}

func (c *cellMemo[V]) put(s string, v V) {
	if len(s) <= 256 {
		c.keep(strings.Clone(s), v)
	}
}

// putBytes is put for the text in b.
func (c *cellMemo[V]) putBytes(b []byte, v V) {
	if len(b) <= 256 {
		c.keep(string(b), v)
	}
}

// keep puts a text of its own (a copy) and its value.
func (c *cellMemo[V]) keep(k string, v V) {
	if c.m == nil || len(c.m) >= 4096 {
		c.m = map[string]memoSlot[V]{}
	}
	e := memoSlot[V]{k, v, true}
	c.m[k] = e
	c.hot[hotSlot(k)] = e
}
