package checks

import (
	"maps"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/internal/swar"
)

// wordTable maps folded words to the phrases they start, by wordHash. It
// is flat, for the processor's caches: a word look-up touches an 8-byte
// slot, a 16-byte entry and, for a phrase of more words, 8 bytes of
// candidate and 16 of each further word, all in a few arrays of fixed-size
// records and one string of word bytes, rather than strings, slices and
// pointers spread over the heap. recognition.bin holds these arrays as
// they are.
type wordTable struct {
	// slots is open addressing over the entries: the top 32 bits of a
	// word's hash and its entry's index+1 in the low 32; 0 is empty. The
	// first-word table is slots[:mask+1]; the second-word tables follow.
	slots   []uint64
	mask    uint32
	entries []wordEntry
	nexts   []nextTable
	cands   []cand       // the phrases of the entries, in phrase order
	pwords  []phraseWord // the words of multi-word phrases after their first
	arena   string       // the bytes of the entries' and phrases' words
}

// wordEntry is one word of a table.
type wordEntry struct {
	lo   uint32 // the low 32 bits of the word's hash (the slot has the top ones)
	word uint32 // the word is arena[word : word+n&wordLen]
	n    uint16 // the word's length and the entry* flags
	// ncand, with cands, is the entry's phrases, cands[cands : cands+ncand];
	// with entryOne, cands is the one phrase, of one word; with entryNext,
	// cands is the index of the word's second-word table in nexts.
	ncand uint16
	cands uint32
}

const (
	wordLen = 1<<13 - 1 // the length bits of wordEntry.n and phraseWord.n
	// entryByHash: the word is under eight lower-case ASCII letters and
	// digits, so a word of its length with its wordHash is the word (see
	// lookup).
	entryByHash = 1 << 15
	entryOne    = 1 << 14 // one phrase, of this word alone
	entryNext   = 1 << 13 // a word that starts manyPhrases or more: by second word
)

// nextTable narrows the phrases of a first word by the word after it
// (see byNext).
type nextTable struct {
	// has has bit wordHash(w)>>58 set for every word w of the table: most
	// words that follow a first word are none of its second words, and
	// the bit test spares them the look-up (the slot index uses the low
	// bits of the hash, this the top ones).
	has        uint64
	slots      uint32 // the table is slots[slots : slots+mask+1]
	mask       uint32
	one, nones uint32 // the phrases of one word: cands[one : one+nones]
}

// cand is a phrase an entry may start: its index and where its words
// after the first are (pw: pwords[pw>>8:], its number of words pw&0xff).
type cand struct {
	phrase int32
	pw     uint32
}

// phraseWord is a word of a phrase after its first, compared by hash
// first, and by its bytes only when the hash agrees and the word is not
// entryByHash.
type phraseWord struct {
	h    uint64
	word uint32 // arena[word : word+n&wordLen]
	n    uint16 // its length, and entryByHash
}

// byHash reports whether w is under eight lower-case ASCII letters and
// digits: a word of its length and wordHash is then w (see lookup).
func byHash(w string) bool {
	if len(w) >= 8 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// lookup returns the entry of w, whose wordHash is h, in the table of
// slots[base : base+mask+1], or nil. w is a word as the tokenizer cuts it
// (no ASCII byte but letters and digits), folded, or ASCII of any case.
func lookup[T string | []byte](t *wordTable, base, mask uint32, h uint64, w T) *wordEntry {
	tag := h >> 32
	for i := uint32(h) & mask; ; i = (i + 1) & mask {
		sl := t.slots[base+i]
		if sl == 0 {
			return nil
		}
		if sl>>32 != tag {
			continue
		}
		// A word of under eight bytes hashes its bytes ORed with 0x20
		// and its length one to one (mixWord multiplies by odd numbers
		// and xor-shifts), and the OR keeps a byte's top bit: a word of
		// an entry's length and hash is, byte for byte, the entry ORed
		// with 0x20, which for letters and digits is its lower case. So
		// the bytes need no comparing then.
		if e := &t.entries[uint32(sl)-1]; isEntry(t, e, h, w) {
			return e
		}
	}
}

// isEntry reports whether e, an entry of t, is that of w, whose wordHash
// is h and the top bits of whose hash are those of e's slot.
func isEntry[T string | []byte](t *wordTable, e *wordEntry, h uint64, w T) bool {
	n := int(e.n & wordLen)
	return e.lo == uint32(h) && n == len(w) && (e.n&entryByHash != 0 || equalLower(w, t.arena[e.word:e.word+uint32(n)]))
}

// scanWords appends to out the phrases that start at the words of text,
// the byte ranges ws whose wordHash are hs, in the order of their first
// word. The words are given as ranges, not as a function that cuts them: a
// call through a func value per word cost more than the look-up it fed.
func scanWords[T string | []byte](m *matcher, bits *startBits, text T, ws []span, hs []uint64, out []match) []match {
	t := &m.words
	ws = ws[:len(hs)]
	for i, h := range hs {
		if !bits.has(h) {
			continue
		}
		// lookup, written out: the call cost as much as the probe. The
		// word's bytes are sliced only for an entry that is not byHash.
		var e *wordEntry
		wn := int(ws[i].e - ws[i].s)
		for k, tag := uint32(h)&t.mask, h>>32; ; k = (k + 1) & t.mask {
			sl := t.slots[k]
			if sl == 0 {
				break
			}
			if sl>>32 != tag {
				continue
			}
			x := &t.entries[uint32(sl)-1]
			if x.lo == uint32(h) && int(x.n&wordLen) == wn &&
				(x.n&entryByHash != 0 || equalLower(text[ws[i].s:ws[i].e], t.arena[x.word:x.word+uint32(wn)])) {
				e = x
				break
			}
		}
		if e == nil {
			continue
		}
		var cs []cand
		switch {
		case e.n&entryOne != 0:
			out = append(out, match{phrase: int32(e.cands), s: int32(i), e: int32(i + 1)})
			continue
		case e.n&entryNext != 0:
			nx := &t.nexts[e.cands]
			cs = t.cands[nx.one : nx.one+nx.nones]
			if i+1 < len(hs) && nx.has&(1<<(hs[i+1]>>58)) != 0 {
				if e2 := lookup(t, nx.slots, nx.mask, hs[i+1], text[ws[i+1].s:ws[i+1].e]); e2 != nil {
					cs = t.cands[e2.cands : e2.cands+uint32(e2.ncand)]
				}
			}
		default:
			cs = t.cands[e.cands : e.cands+uint32(e.ncand)]
		}
	next:
		for _, c := range cs {
			n := int(c.pw & 0xff)
			if i+n > len(ws) {
				continue
			}
			pw := t.pwords[c.pw>>8 : c.pw>>8+uint32(n-1)]
			for j := range pw {
				w, k := &pw[j], i+1+j
				if hs[k] != w.h || int(w.n&wordLen) != int(ws[k].e-ws[k].s) {
					continue next
				}
				if w.n&entryByHash == 0 && !equalLower(text[ws[k].s:ws[k].e], t.arena[w.word:w.word+uint32(w.n&wordLen)]) {
					continue next
				}
			}
			out = append(out, match{phrase: c.phrase, s: int32(i), e: int32(i + n)})
		}
	}
	return out
}

// newWordTable lays out the first-word map first, with its second-word
// index second, over phrases: words in sorted order, so that the same lists
// give the same arrays. It returns nil when a count outgrows its field (a
// word of 8 KB, 64k phrases of one word, a phrase of 256 words): the
// matcher then looks words up in first (see matcher.flat).
func newWordTable(phrases []phrase, first map[string][]int32, second map[string]*byNext) *wordTable {
	t := &wordTable{}
	var arena strings.Builder
	at := map[string]uint32{}
	word := func(w string) (uint32, uint16, bool) {
		n := uint16(len(w))
		if len(w) > wordLen {
			return 0, 0, false
		}
		if byHash(w) {
			n |= entryByHash
		}
		off, ok := at[w]
		if !ok {
			off = uint32(arena.Len())
			at[w] = off
			arena.WriteString(w)
		}
		return off, n, true
	}
	// The words after the first of every phrase of more words.
	pwOf := make([]uint32, len(phrases))
	for pi := range phrases {
		ws := phrases[pi].words
		if len(ws) > 0xff || len(t.pwords) >= 1<<24 {
			return nil
		}
		pwOf[pi] = uint32(len(t.pwords))<<8 | uint32(len(ws))
		for _, w := range ws[1:] {
			off, n, ok := word(w)
			if !ok {
				return nil
			}
			t.pwords = append(t.pwords, phraseWord{h: wordHash(w), word: off, n: n})
		}
	}
	cands := func(pis []int32) (uint32, uint16, bool) {
		if len(pis) > 0xffff {
			return 0, 0, false
		}
		off := uint32(len(t.cands))
		for _, pi := range pis {
			t.cands = append(t.cands, cand{phrase: pi, pw: pwOf[pi]})
		}
		return off, uint16(len(pis)), true
	}
	// table adds a table of the words of ws, whose entries entry makes,
	// and returns where its slots are.
	table := func(ws []string, entry func(w string) (wordEntry, bool)) (base, mask uint32, ok bool) {
		size := 4
		for size < 2*len(ws) {
			size *= 2
		}
		base, mask = uint32(len(t.slots)), uint32(size-1)
		t.slots = append(t.slots, make([]uint64, size)...)
		for _, w := range ws {
			e, ok := entry(w)
			if !ok {
				return 0, 0, false
			}
			h := wordHash(w)
			e.lo = uint32(h)
			t.entries = append(t.entries, e)
			i := uint32(h) & mask
			for t.slots[base+i] != 0 {
				i = (i + 1) & mask
			}
			t.slots[base+i] = h>>32<<32 | uint64(len(t.entries))
		}
		return base, mask, true
	}
	var ok bool
	_, t.mask, ok = table(slices.Sorted(maps.Keys(first)), func(w string) (e wordEntry, ok bool) {
		e.word, e.n, ok = word(w)
		if !ok {
			return e, false
		}
		pis := first[w]
		g := second[w]
		switch {
		case g != nil:
			e.n |= entryNext
			nx := nextTable{}
			if nx.one, _, ok = cands(g.one); !ok {
				return e, false
			}
			nx.nones = uint32(len(g.one))
			ws := slices.Sorted(maps.Keys(g.next))
			for _, w2 := range ws {
				nx.has |= 1 << (wordHash(w2) >> 58)
			}
			e.cands = uint32(len(t.nexts))
			t.nexts = append(t.nexts, nx)
			base, mask, ok := table(ws, func(w2 string) (e2 wordEntry, ok bool) {
				if e2.word, e2.n, ok = word(w2); ok {
					e2.cands, e2.ncand, ok = cands(g.next[w2])
				}
				return e2, ok
			})
			t.nexts[e.cands].slots, t.nexts[e.cands].mask = base, mask
			return e, ok
		case len(pis) == 1 && len(phrases[pis[0]].words) == 1:
			e.n |= entryOne
			e.cands = uint32(pis[0])
		default:
			e.cands, e.ncand, ok = cands(pis)
		}
		return e, ok
	})
	if !ok || len(t.entries) >= 1<<32-1 || arena.Len() >= 1<<32-1 {
		return nil
	}
	t.arena = arena.String()
	return t
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

// startBits has bit wordHash(w)%65536 set for every word w that starts a
// phrase of some set: most words of a text start none, and the bit test
// spares them the look-up.
type startBits [1024]uint64

func (b *startBits) add(h uint64) {
	h %= uint64(len(b) * 64)
	b[h/64] |= 1 << (h % 64)
}

// has reports whether a word whose wordHash is h may start a phrase.
func (b *startBits) has(h uint64) bool {
	h %= uint64(len(b) * 64)
	return b[h/64]&(1<<(h%64)) != 0
}
