package checks

import (
	"strings"

	"github.com/aecheck/aecheck/internal/swar"
)

// wordTable maps folded words to the phrases they start, by wordHash:
// open addressing over slots that hold the hash and an index into entries.
type wordTable struct {
	slots   []wordSlot
	entries []wordEntry
	// has has bit wordHash(w)>>58 set for every word w of the table: most
	// words that follow a first word are none of its second words, and
	// the bit test spares them the look-up (the slot index uses the low
	// bits of the hash, this the top ones).
	has uint64
}

type wordSlot struct {
	h uint64
	e int32 // index+1 into entries; 0 is empty
}

type wordEntry struct {
	word  string
	cands []int32    // the phrases, in phrase order
	one   []int32    // with next: the phrases of one word
	next  *wordTable // for a word that starts manyPhrases or more: cands by second word
	// byHash: word is under eight lower-case ASCII letters and digits, so
	// a word of its length with its wordHash is word (see lookup).
	byHash bool
}

// newWordTable makes a table for n words, at most half full: most of the
// second-word tables hold one to three words.
func newWordTable(n int) *wordTable {
	size := 4
	for size < 2*n {
		size *= 2
	}
	return &wordTable{slots: make([]wordSlot, size), entries: make([]wordEntry, 0, n)}
}

func (t *wordTable) add(e wordEntry) {
	e.byHash = len(e.word) < 8
	for i := 0; i < len(e.word); i++ {
		if c := e.word[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			e.byHash = false
		}
	}
	t.entries = append(t.entries, e)
	h := wordHash(e.word)
	t.has |= 1 << (h >> 58)
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].e != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = wordSlot{h: h, e: int32(len(t.entries))}
}

// lookup returns the entry of w, whose wordHash is h, or nil. w is a word
// as the tokenizer cuts it (no ASCII byte but letters and digits), folded,
// or ASCII of any case.
func lookup[T string | []byte](t *wordTable, h uint64, w T) *wordEntry {
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.e == 0 {
			return nil
		}
		if sl.h == h {
			// A word of under eight bytes hashes its bytes ORed with 0x20
			// and its length one to one (mixWord multiplies by odd numbers
			// and xor-shifts), and the OR keeps a byte's top bit: a word
			// of an entry's length and hash is, byte for byte, the entry
			// ORed with 0x20, which for letters and digits is its lower
			// case. So the bytes need no comparing then.
			if e := &t.entries[sl.e-1]; e.byHash && len(w) == len(e.word) || equalLower(w, e.word) {
				return e
			}
		}
	}
}

// candidates returns the phrases that may start at word k of text, whose
// words are the byte ranges ws and whose words' wordHash are hs. The words
// are given as ranges, not as a function that cuts them: a call through a
// func value per word cost more than the look-up it fed.
func candidates[T string | []byte](m *matcher, hs []uint64, k int, text T, ws []span) []int32 {
	if m.flat {
		return m.first[strings.ToLower(string(text[ws[k].s:ws[k].e]))]
	}
	e := lookup(&m.words, hs[k], text[ws[k].s:ws[k].e])
	if e == nil {
		return nil
	}
	if e.next == nil {
		return e.cands
	}
	if k+1 < len(hs) && e.next.has&(1<<(hs[k+1]>>58)) != 0 {
		if e2 := lookup(e.next, hs[k+1], text[ws[k+1].s:ws[k+1].e]); e2 != nil {
			return e2.cands
		}
	}
	return e.one
}

// wordHash is a cheap hash of a folded word, for the firstBits filter and
// for comparing words: its first and last eight bytes ORed with 0x20, and
// its length. The OR lower-cases ASCII letters and leaves digits alone, so
// an ASCII word hashes as its folded spelling without being folded. Equal
// words hash equal; anything else only costs a look-up.
func wordHash[T string | []byte](w T) uint64 {
	n := len(w)
	var a, b uint64
	if n >= 8 {
		a, b = swar.Load8(w[:8]), swar.Load8(w[n-8:])
	} else {
		for i := 0; i < n; i++ {
			a |= uint64(w[i]) << (8 * i)
		}
	}
	return mixWord(a, b, n)
}

// mixWord ends wordHash: a and b are the first and last eight bytes of a
// word of n bytes (a its bytes and b zero when it is shorter).
func mixWord(a, b uint64, n int) uint64 {
	const lower = 0x2020202020202020
	h := ((a|lower)*0x9E3779B97F4A7C15 ^ (b | lower)) * 0xC2B2AE3D27D4EB4F
	h ^= uint64(n)
	return h ^ h>>31
}

// wordHashAt is wordHash(text[s:e]). A word shorter than eight bytes, most
// of them, is read in one load when the text goes on past it, instead of
// a byte at a time.
func wordHashAt[T string | []byte](text T, s, e int) uint64 {
	n := e - s
	if n >= 8 || n == 0 || s+8 > len(text) {
		return wordHash(text[s:e])
	}
	return mixWord(swar.Load8(text[s:s+8])&(1<<(8*uint(n))-1), 0, n)
}

// mayStart reports whether a word whose wordHash is h may start a phrase.
func (m *matcher) mayStart(h uint64) bool {
	h %= uint64(len(m.firstBits) * 64)
	return m.firstBits[h/64]&(1<<(h%64)) != 0
}
