package checks

import (
	"encoding/binary"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/aecheck/aecheck/internal/swar"
)

// This file holds the term matcher shared by every list check: the lists of
// DOMAIN.md section 5 compiled once into maps keyed by the first word of each
// term, and a tokeniser that folds case and accents on the fly. A listing is
// tokenised once per field; each token costs one map look-up, whatever the
// number of terms.

// listKind names one list of the rules file.
type listKind uint8

const (
	listProhibited listKind = iota
	listRecalled
	listSpecial
	listCE
	listREP
	listPromo
	numLists
)

var listNames = [numLists]string{"prohibited", "recalled", "special_categories", "ce_groups", "rep_streams", "promo_words"}

// field says where a term matched.
type field uint8

const (
	fieldTitle field = iota
	fieldCategory
	fieldDescription
	numFields
)

var fieldNames = [numFields]string{i18n.N("title"), i18n.N("category"), i18n.N("description")}

// hit is one list entry found in one listing: the first place it matched.
type hit struct {
	list  listKind
	entry int32  // index into the list's entries
	field field  // where it matched first (title, then category, then description)
	term  string // the term as the rules file spells it
}

// phrase is one compiled term: its folded words, or a CJK string.
type phrase struct {
	words  []string
	owner  int32 // index into matcher.owners
	except bool  // an exception phrase: matches inside it do not count
	term   string
}

type owner struct {
	list  listKind
	entry int32
}

// matcher finds the terms of every list in a text. It is read-only once
// built and safe for concurrent use.
type matcher struct {
	owners  []owner
	phrases []phrase
	first   map[string][]int32 // first folded word -> phrases
	// second narrows the phrases of a first word that starts many of them
	// ("for" starts 32): by the word after it (see byNext).
	second map[string]*byNext
	cjk    map[rune][]int32 // first rune -> CJK phrases
	// firstBits has bit wordHash(w)%(len(firstBits)*64) set for every key w of
	// first: most words of a text are in no list, and the bit test spares
	// them the look-up.
	firstBits [1024]uint64
	// words is first and second as one table keyed by wordHash, which the
	// bit test has already worked out: a word is looked up without hashing
	// it again, and compared in place (an ASCII word of any case too).
	words wordTable
	flat  bool // look words up in first, not in words: the tests' reference
}

// wordTable maps folded words to the phrases they start, by wordHash:
// open addressing over slots that hold the hash and an index into entries.
type wordTable struct {
	slots   []wordSlot
	entries []wordEntry
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

// candidates returns the phrases that may start at word k of a text, whose
// words are word(0)... and whose words' wordHash are hs.
func candidates[T string | []byte](m *matcher, hs []uint64, k int, word func(int) T) []int32 {
	if m.flat {
		return m.first[strings.ToLower(string(word(k)))]
	}
	e := lookup(&m.words, hs[k], word(k))
	if e == nil {
		return nil
	}
	if e.next == nil {
		return e.cands
	}
	if k+1 < len(hs) {
		if e2 := lookup(e.next, hs[k+1], word(k+1)); e2 != nil {
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

// compileTerms builds a matcher for lists of entries: the owner of a match
// has list k for lists[k], which names[k] names in errors.
func compileTerms(lists [][]ListEntry, names []string) (*matcher, error) {
	m := &matcher{first: map[string][]int32{}, cjk: map[rune][]int32{}}
	var tk tokens
	// The forms an entry already has, cleared for each entry; a form's key
	// is built in kb, and made a string only when it is new.
	seen := map[string]bool{}
	var kb []byte
	for k := listKind(0); int(k) < len(lists); k++ {
		for i := range lists[k] {
			e := &lists[k][i]
			o := int32(len(m.owners))
			m.owners = append(m.owners, owner{list: k, entry: int32(i)})
			clear(seen)
			add := func(term string, except bool) error {
				term = strings.TrimSpace(term)
				if term == "" {
					return fmt.Errorf("%s entry %q has an empty term", names[k], e.ID)
				}
				if hasCJK(term) {
					r, _ := utf8.DecodeRuneInString(term)
					key := "c\x00" + term
					if seen[key] {
						return nil
					}
					seen[key] = true
					m.cjk[r] = append(m.cjk[r], int32(len(m.phrases)))
					m.phrases = append(m.phrases, phrase{words: []string{term}, owner: o, except: except, term: term})
					return nil
				}
				tk.reset()
				tk.add(term, false)
				if len(tk.spans) == 0 {
					return fmt.Errorf("%s entry %q: term %q has no letters or digits", names[k], e.ID, term)
				}
				forms := [][]string{tk.words()}
				// Plurals: "knife" also matches "knifes", "box" "boxes"; an
				// exception "glue gun" also covers "glue guns". Explicit
				// irregular plurals belong in the list.
				if last := forms[0][len(forms[0])-1]; len(last) >= 3 && !strings.HasSuffix(last, "s") && !isDigits(last) {
					for _, suf := range []string{"s", "es"} {
						w := append([]string(nil), forms[0]...)
						w[len(w)-1] = last + suf
						forms = append(forms, w)
					}
				}
				for _, w := range forms {
					kb = kb[:0]
					if except {
						kb = append(kb, "x\x00"...)
					}
					for j, x := range w {
						if j > 0 {
							kb = append(kb, ' ')
						}
						kb = append(kb, x...)
					}
					if seen[string(kb)] {
						continue
					}
					seen[string(kb)] = true
					m.first[w[0]] = append(m.first[w[0]], int32(len(m.phrases)))
					h := wordHash(w[0]) % uint64(len(m.firstBits)*64)
					m.firstBits[h/64] |= 1 << (h % 64)
					m.phrases = append(m.phrases, phrase{words: w, owner: o, except: except, term: term})
				}
				return nil
			}
			for _, lang := range slices.Sorted(maps.Keys(e.Terms)) {
				for _, t := range e.Terms[lang] {
					if err := add(t, false); err != nil {
						return nil, err
					}
				}
			}
			for _, t := range e.Except {
				if err := add(t, true); err != nil {
					return nil, err
				}
			}
		}
	}
	m.indexSecondWords()
	// The tables are filled in map order: where a word lands in them does
	// not change what a look-up finds.
	m.words = *newWordTable(len(m.first))
	for w, cands := range m.first {
		e := wordEntry{word: w, cands: cands}
		if g := m.second[w]; g != nil {
			e.one = g.one
			e.next = newWordTable(len(g.next))
			for w2, cands2 := range g.next {
				e.next.add(wordEntry{word: w2, cands: cands2})
			}
		}
		m.words.add(e)
	}
	return m, nil
}

// byNext holds the phrases of one first word: one lists those of one word,
// next, for each second word, those of one word and those with that second
// word; each list in phrase order, so matches come out in the order a scan
// of all the phrases gives.
type byNext struct {
	one  []int32
	next map[string][]int32
}

// manyPhrases is how many phrases a first word must start to be indexed by
// its second word too. At 2, a word that starts a few phrases ("kids"
// starts 6) gives only those whose second word follows it: on the bench
// catalog's titles, 108,501 phrases to compare instead of 641,126 per
// 100,000 rows, for one more look-up of the word after it (-2.4 % CPU).
const manyPhrases = 2

func (m *matcher) indexSecondWords() {
	m.second = map[string]*byNext{}
	for w, cands := range m.first {
		if len(cands) < manyPhrases {
			continue
		}
		g := &byNext{next: map[string][]int32{}}
		for _, pi := range cands {
			p := &m.phrases[pi]
			if len(p.words) == 1 {
				g.one = append(g.one, pi)
				continue
			}
			second := p.words[1]
			if _, done := g.next[second]; done {
				continue
			}
			var list []int32
			for _, q := range cands {
				if qw := m.phrases[q].words; len(qw) == 1 || qw[1] == second {
					list = append(list, q)
				}
			}
			g.next[second] = list
		}
		m.second[w] = g
	}
}

// span is a token: bytes [s, e) of tokens.buf.
type span struct{ s, e int32 }

// tokens is a folded text split into words. Latin, Greek, Cyrillic... words
// are lower-cased and stripped of accents; CJK runs are kept whole (Chinese
// has no spaces, so its terms match as substrings of a run).
type tokens struct {
	// buf holds the words and CJK runs in the order of the text, each
	// followed by a space: a text without CJK is in it as hasher.tokens
	// writes it for a key.
	buf   []byte
	spans []span // words
	cjk   []span // CJK runs
	src   []span // for each word, its bytes in the text given to add
	csrc  []span // for each CJK run, its bytes in the text given to add

	// hashes holds wordHashAt of the first len(hashes) words, for whoever
	// needs them next (see hashWords).
	hashes []uint64
}

func (t *tokens) reset() {
	t.hashes = t.hashes[:0]
	t.buf = t.buf[:0]
	t.spans = t.spans[:0]
	t.cjk = t.cjk[:0]
	t.src = t.src[:0]
	t.csrc = t.csrc[:0]
}

// hashWords returns wordHashAt of every word, working out only those not
// hashed yet.
func (t *tokens) hashWords() []uint64 {
	for i := len(t.hashes); i < len(t.spans); i++ {
		t.hashes = append(t.hashes, wordHashAt(t.buf, int(t.spans[i].s), int(t.spans[i].e)))
	}
	return t.hashes
}

func (t *tokens) word(i int) string { s := t.spans[i]; return string(t.buf[s.s:s.e]) }

func (t *tokens) words() []string {
	w := make([]string, len(t.spans))
	for i := range t.spans {
		w[i] = t.word(i)
	}
	return w
}

// add tokenises s. With html set, markup (<...>) and entities (&...;) are
// skipped, as in a Shopify "Body (HTML)" description.
//
// The src and csrc spans of the words and runs found by this call index s;
// they are meaningful only when the tokens were reset before the call.
func (t *tokens) add(s string, html bool) {
	i := 0
	if !html {
		if i = t.addASCII(s); i == len(s) {
			return
		}
	}
	t.addFrom(s, html, i)
}

// addASCII tokenises the leading ASCII part of s as add does without markup,
// in one tight loop (a title is ASCII as a rule): it returns the index of the
// first byte it left to addFrom, len(s) when it did it all. It stops at the
// first byte that is not ASCII, or at the start of the word that byte is in,
// with everything before tokenised as add would; at that point add's state
// is "between words", so addFrom carries on from there.
func (t *tokens) addASCII(s string) int {
	// Room for every byte and a space after each word, made once, and for
	// an eight-byte store at the end of the last word; room for as many
	// words as s can hold, so that a word is written without append's
	// checks.
	if room := len(s) + len(s)/2 + 9; cap(t.buf)-len(t.buf) < room {
		t.buf = slices.Grow(t.buf, room)
	}
	most := len(s)/2 + 1
	t.spans, t.src = slices.Grow(t.spans, most), slices.Grow(t.src, most)
	// The words' hashes are worked out here, while the word is at hand,
	// unless earlier words are still unhashed (see hashWords).
	hashing := len(t.hashes) == len(t.spans)
	if hashing {
		t.hashes = slices.Grow(t.hashes, most)
	}
	b := t.buf[:cap(t.buf)]
	n, k := len(t.buf), len(t.spans)
	spans, src, hs := t.spans[:cap(t.spans)], t.src[:cap(t.src)], t.hashes[:cap(t.hashes)]
	i := 0
words:
	for i < len(s) {
		c := s[i]
		if !asciiWord[c] {
			if c >= utf8.RuneSelf {
				break
			}
			i++
			continue
		}
		ws, start := i, n
		// A word is found, copied in lower case and hashed eight bytes at
		// a time: each load of s is stored once, ORed with 0x20 (which
		// lower-cases letters and leaves digits alone; the bytes past the
		// word's end are overwritten by the space and the next word), and
		// the hash is taken from the loads, not from the copy just stored,
		// which a load right after the store would wait for. wordHash ORs
		// each byte with 0x20, so s's bytes hash as their lower case. A
		// word that runs into a byte that is not ASCII ("café") is left to
		// addFrom, from its start.
		var h uint64
		space := false // the word ends at a space
		if i+8 <= len(s) {
			x := swar.Load8(s[i : i+8])
			if stop := notAlnum8(x); stop != 0 {
				w := bits.TrailingZeros64(stop) >> 3
				if x>>(8*uint(w))&0x80 != 0 {
					break
				}
				space = byte(x>>(8*uint(w))) == ' '
				x &= 1<<(8*uint(w)) - 1
				binary.LittleEndian.PutUint64(b[n:n+8], x|0x2020202020202020)
				n, i = n+w, i+w
				h = mixWord(x, 0, w)
			} else {
				first := x
				for {
					binary.LittleEndian.PutUint64(b[n:n+8], x|0x2020202020202020)
					n, i = n+8, i+8
					if i+8 > len(s) {
						for i < len(s) && asciiWord[s[i]] {
							b[n] = s[i] | 0x20
							n, i = n+1, i+1
						}
						if i < len(s) && s[i] >= utf8.RuneSelf {
							i, n = ws, start
							break words
						}
						break
					}
					x = swar.Load8(s[i : i+8])
					if stop := notAlnum8(x); stop != 0 {
						w := bits.TrailingZeros64(stop) >> 3
						if x>>(8*uint(w))&0x80 != 0 {
							i, n = ws, start
							break words
						}
						binary.LittleEndian.PutUint64(b[n:n+8], x|0x2020202020202020)
						n, i = n+w, i+w
						break
					}
				}
				h = mixWord(first, swar.Load8(s[i-8:i]), i-ws)
			}
		} else {
			for i < len(s) && asciiWord[s[i]] {
				b[n] = s[i] | 0x20
				n, i = n+1, i+1
			}
			if i < len(s) && s[i] >= utf8.RuneSelf {
				i, n = ws, start
				break
			}
			h = wordHash(s[ws:i])
		}
		spans[k], src[k] = span{int32(start), int32(n)}, span{int32(ws), int32(i)}
		if hashing {
			hs[k] = h
		}
		k++
		b[n] = ' '
		n++
		if space {
			// The space after the word (the usual separator) is skipped
			// here rather than by a turn of the loop.
			i++
		}
	}
	t.buf, t.spans, t.src = b[:n], spans[:k], src[:k]
	if hashing {
		t.hashes = hs[:k]
	}
	return i
}

// addFrom is add from byte i of s on, starting between words.
func (t *tokens) addFrom(s string, html bool, i int) {
	const none = -1
	start, cstart := int32(none), int32(none)
	sstart, csstart := int32(0), int32(0)
	endWord := func() {
		if start != none && int32(len(t.buf)) > start {
			t.spans = append(t.spans, span{start, int32(len(t.buf))})
			t.src = append(t.src, span{sstart, int32(i)})
			t.buf = append(t.buf, ' ')
		}
		start = none
	}
	endCJK := func() {
		if cstart != none && int32(len(t.buf)) > cstart {
			t.cjk = append(t.cjk, span{cstart, int32(len(t.buf))})
			t.csrc = append(t.csrc, span{csstart, int32(i)})
			t.buf = append(t.buf, ' ')
		}
		cstart = none
	}
	begin := func() {
		if start == none {
			start, sstart = int32(len(t.buf)), int32(i)
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiWord[c]:
				// A run of ASCII letters and digits, lower-cased as it is
				// copied: digits and lower-case letters have bit 0x20 set
				// and upper-case letters do not, so setting it lower-cases
				// without a branch. The room for the rest of s is made
				// once, so the copy is a store per byte.
				endCJK()
				begin()
				n := len(t.buf)
				if cap(t.buf)-n < len(s)-i {
					t.buf = slices.Grow(t.buf, len(s)-i)
				}
				b := t.buf[:cap(t.buf)]
				for i < len(s) && asciiWord[s[i]] {
					b[n] = s[i] | 0x20
					n++
					i++
				}
				t.buf = b[:n]
				continue
			case html && c == '<':
				endWord()
				endCJK()
				if j := strings.IndexByte(s[i:], '>'); j > 0 && j < 2000 {
					i += j + 1
					continue
				}
			case html && c == '&':
				endWord()
				endCJK()
				if j := strings.IndexByte(s[i:], ';'); j > 1 && j < 10 {
					i += j + 1
					continue
				}
			default:
				endWord()
				endCJK()
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < rune(len(foldTab)) && foldTab[r] != "":
			endCJK()
			begin()
			t.buf = append(t.buf, foldTab[r]...)
		case isCJK(r):
			endWord()
			if cstart == none {
				cstart, csstart = int32(len(t.buf)), int32(i)
			}
			t.buf = utf8.AppendRune(t.buf, r)
		case unicode.Is(unicode.Mn, r):
			// A combining accent: part of the word, dropped.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			endCJK()
			begin()
			t.buf = utf8.AppendRune(t.buf, unicode.ToLower(r))
		default:
			endWord()
			endCJK()
		}
		i += n
	}
	endWord()
	endCJK()
}

// asciiWordEnd returns the index of the first byte of text from i on that
// is not an ASCII letter or digit (len(text) if none). It tests eight bytes
// at a time: a word ends within a load or two, instead of a table look-up
// and a hard-to-predict branch per byte.
func asciiWordEnd(text string, i int) int {
	for ; i+8 <= len(text); i += 8 {
		if stop := notAlnum8(swar.Load8(text[i : i+8])); stop != 0 {
			return i + bits.TrailingZeros64(stop)>>3
		}
	}
	for i < len(text) && asciiWord[text[i]] {
		i++
	}
	return i
}

// notAlnum8 has the high bit of each byte of x set where that byte is not
// an ASCII letter or digit (bytes of 0x80 and up included), and no other
// bit set. Each range test adds a constant to the low seven bits of every
// byte, which cannot carry into the next byte.
func notAlnum8(x uint64) uint64 {
	const (
		ones = swar.Ones
		high = swar.Highs
	)
	low := x &^ high                   // each byte's low seven bits
	letter := low | 0x2020202020202020 // lower-cased where a letter
	// The high bit of v+(0x80-lo) is set where a byte of v is lo or more;
	// the high bit of v+(0x7f-hi) where it is above hi. Written out, not
	// through a helper, so that the function is small enough to inline.
	digit := (low + (0x80-'0')*ones) &^ (low + (0x7f-'9')*ones)
	alpha := (letter + (0x80-'a')*ones) &^ (letter + (0x7f-'z')*ones)
	return ^((digit | alpha) &^ x) & high // and below 0x80
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// foldTab maps the letters of Latin-1 and Latin Extended-A/B to their lower
// case, accent-free spelling ("É" -> "e", "ß" -> "ss"). "" = not a letter.
var foldTab = func() (tab [0x250]string) {
	strip := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	special := map[rune]string{'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
		'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th",
		'ð': "d", 'Ð': "d", 'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŀ': "l", 'Ŀ': "l", 'ĸ': "k", 'ŉ': "n"}
	for r := rune(0x80); r < 0x250; r++ {
		if s, ok := special[r]; ok {
			tab[r] = s
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		s, _, err := transform.String(strip, string(unicode.ToLower(r)))
		if err != nil || s == "" {
			s = string(unicode.ToLower(r))
		}
		tab[r] = s
	}
	return tab
}()

// isCJK reports whether r is a Chinese, Japanese or Korean character.
func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func hasCJK(s string) bool {
	for _, r := range s {
		if isCJK(r) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// fold returns s lower-cased, without accents, its words and CJK runs in
// their order, separated by one space.
func fold(s string) string {
	var t tokens
	t.add(s, false)
	var b strings.Builder
	i, j := 0, 0
	for i < len(t.spans) || j < len(t.cjk) {
		var sp span
		if j >= len(t.cjk) || i < len(t.spans) && t.src[i].s < t.csrc[j].s {
			sp = t.spans[i]
			i++
		} else {
			sp = t.cjk[j]
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(t.buf[sp.s:sp.e])
	}
	return b.String()
}

// match is a phrase found at words [s, e) (or at a CJK byte range).
type match struct {
	phrase int32
	s, e   int32
	cjk    bool
}

// scanner holds the reusable buffers of one goroutine's matching.
type scanner struct {
	tk      tokens
	matches []match
	words   []span   // findText: the words, as byte ranges of the text
	hashes  []uint64 // findText: their wordHash
}

// find appends to hits every list entry whose terms occur in text, skipping
// entries already in hits and matches inside an exception phrase.
func (m *matcher) find(sc *scanner, text string, html bool, f field, hits []hit) []hit {
	if text == "" {
		return hits
	}
	sc.tk.reset()
	sc.tk.add(text, html)
	sc.matches = m.scan(&sc.tk, sc.matches[:0])
	return m.collect(sc, f, hits, nil)
}

// scan appends to out the phrases found in the words and CJK runs of tk,
// in the order of their first word (CJK runs after the words).
func (m *matcher) scan(tk *tokens, out []match) []match {
	word := func(i int) []byte { return tk.buf[tk.spans[i].s:tk.spans[i].e] }
	hs := tk.hashWords()
	for i, h := range hs {
		if !m.mayStart(h) {
			continue
		}
		cands := candidates(m, hs, i, word)
	next:
		for _, pi := range cands {
			p := &m.phrases[pi]
			if i+len(p.words) > len(tk.spans) {
				continue
			}
			for j := 1; j < len(p.words); j++ {
				sp := tk.spans[i+j]
				if string(tk.buf[sp.s:sp.e]) != p.words[j] {
					continue next
				}
			}
			out = append(out, match{phrase: pi, s: int32(i), e: int32(i + len(p.words))})
		}
	}
	if len(m.cjk) > 0 {
		for _, run := range tk.cjk {
			b := tk.buf[run.s:run.e]
			for off := 0; off < len(b); {
				r, n := utf8.DecodeRune(b[off:])
				for _, pi := range m.cjk[r] {
					p := &m.phrases[pi]
					if w := p.words[0]; len(b)-off >= len(w) && string(b[off:off+len(w)]) == w {
						s := run.s + int32(off)
						out = append(out, match{phrase: pi, s: s, e: s + int32(len(p.words[0])), cjk: true})
					}
				}
				off += n
			}
		}
	}
	return out
}

// collect appends the list entries of sc.matches to hits, as find says.
// With a title view v, matches in words that name no product (context,
// negated, colour) do not count.
func (m *matcher) collect(sc *scanner, f field, hits []hit, v *titleView) []hit {
	for _, mt := range sc.matches {
		p := &m.phrases[mt.phrase]
		if p.except {
			continue
		}
		if v != nil && v.masked(v.start(&sc.tk, mt)) {
			continue
		}
		o := m.owners[p.owner]
		if o.list >= numLists || hasHit(hits, o) || m.excepted(sc.matches, mt) {
			continue
		}
		hits = append(hits, hit{list: o.list, entry: o.entry, field: f, term: p.term})
	}
	return hits
}

// findText is find for a text whose words are not needed afterwards (the
// description): an ASCII text is matched in place, without folding it into
// sc.tk first. ASCII folding is lower-casing, so the words, the terms found
// and the exceptions are those find gives (TestFindTextMatchesFind holds
// the two together); any other text goes through find.
func (m *matcher) findText(sc *scanner, text string, html bool, f field, hits []hit) []hit {
	if text == "" {
		return hits
	}
	// The words, cut as tokens.add cuts ASCII text; a byte that is not
	// ASCII sends the text to find. Room for as many words as the text
	// can hold is made once, so that a word is written without append's
	// checks.
	most := len(text)/2 + 1
	ws, hs := slices.Grow(sc.words[:0], most), slices.Grow(sc.hashes[:0], most)
	ws, hs = ws[:most], hs[:most]
	k := 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c >= utf8.RuneSelf:
			sc.words, sc.hashes = ws[:0], hs[:0]
			return m.find(sc, text, html, f, hits)
		case asciiWord[c]:
			// The word's end and its wordHash from one eight-byte load
			// when the word is shorter (most are): the load's bytes past
			// the end are masked off.
			var j int
			var h uint64
			if i+8 <= len(text) {
				x := swar.Load8(text[i : i+8])
				if stop := notAlnum8(x); stop != 0 {
					n := bits.TrailingZeros64(stop) >> 3
					j, h = i+n, mixWord(x&(1<<(8*uint(n))-1), 0, n)
					if byte(x>>(8*uint(n))) == ' ' {
						// The space after the word (the usual
						// separator) is skipped here rather than by
						// a turn of the loop.
						ws[k], hs[k] = span{int32(i), int32(j)}, h
						k++
						i = j + 1
						continue
					}
				} else {
					j = asciiWordEnd(text, i+8)
					h = wordHash(text[i:j])
				}
			} else {
				j = asciiWordEnd(text, i+1)
				h = wordHash(text[i:j])
			}
			ws[k], hs[k] = span{int32(i), int32(j)}, h
			k++
			i = j
			continue
		case html && c == '<':
			if j := strings.IndexByte(text[i:], '>'); j > 0 && j < 2000 {
				i += j + 1
				continue
			}
		case html && c == '&':
			if j := strings.IndexByte(text[i:], ';'); j > 1 && j < 10 {
				i += j + 1
				continue
			}
		}
		i++
	}
	ws, hs = ws[:k], hs[:k]
	sc.words, sc.hashes = ws, hs
	sc.matches = sc.matches[:0]
	word := func(k int) string { return text[ws[k].s:ws[k].e] }
	for k, h := range hs {
		if !m.mayStart(h) {
			continue
		}
		cands := candidates(m, hs, k, word)
	next:
		for _, pi := range cands {
			p := &m.phrases[pi]
			if k+len(p.words) > len(ws) {
				continue
			}
			for j := 1; j < len(p.words); j++ {
				if !equalLower(text[ws[k+j].s:ws[k+j].e], p.words[j]) {
					continue next
				}
			}
			sc.matches = append(sc.matches, match{phrase: pi, s: int32(k), e: int32(k + len(p.words))})
		}
	}
	return m.collect(sc, f, hits, nil)
}

// equalLower reports whether the ASCII word s, lower-cased, is w.
func equalLower[T string | []byte](s T, w string) bool {
	if len(s) != len(w) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// excepted reports whether mt lies inside an exception phrase of its entry.
func (m *matcher) excepted(all []match, mt match) bool {
	owner := m.phrases[mt.phrase].owner
	for _, x := range all {
		p := &m.phrases[x.phrase]
		if p.except && p.owner == owner && x.cjk == mt.cjk && x.s <= mt.s && mt.e <= x.e {
			return true
		}
	}
	return false
}

func hasHit(hits []hit, o owner) bool {
	for _, h := range hits {
		if h.list == o.list && h.entry == o.entry {
			return true
		}
	}
	return false
}
