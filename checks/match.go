package checks

import (
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/swar"
)

// This file holds the term matcher shared by every list check: the lists of
// defaults.yaml and the rules file compiled once into maps keyed by the first word of each
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
	except bool  // an exception phrase: matches that share a word with it do not count
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
	firstBits startBits
	// listBits is firstBits for the first words of the lists' own phrases
	// (prohibited, CE groups...), not the recognizer's: a description or
	// a category is searched for list terms only, and most of its words
	// start no list term though many start a recognition phrase.
	listBits startBits
	// words is first and second as one table keyed by wordHash, which the
	// bit test has already worked out: a word is looked up without hashing
	// it again, and compared in place (an ASCII word of any case too).
	words wordTable
	// flat: look words up in first, not in words (see scanFlat).
	flat bool
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
					m.firstBits.add(wordHash(w[0]))
					if k < numLists {
						m.listBits.add(wordHash(w[0]))
					}
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
	if t := newWordTable(m.phrases, m.first, m.second); t != nil {
		m.words = *t
	} else {
		m.flat = true
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
	sc.matches = m.scanIn(&sc.tk, &m.listBits, sc.matches[:0])
	return m.collect(sc, f, hits, nil)
}

// scan appends to out the phrases found in the words and CJK runs of tk,
// in the order of their first word (CJK runs after the words).
func (m *matcher) scan(tk *tokens, out []match) []match {
	return m.scanIn(tk, &m.firstBits, out)
}

// scanIn is scan over the words that may start a phrase by bits: every
// phrase (firstBits) or the lists' own (listBits), whose matches are all
// that collect keeps.
func (m *matcher) scanIn(tk *tokens, bits *startBits, out []match) []match {
	if m.flat {
		out = scanFlat(m, bits, tk.buf, tk.spans, tk.hashWords(), out)
	} else {
		out = scanWords(m, bits, tk.buf, tk.spans, tk.hashWords(), out)
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
		// The recognizer's own words are no list's: they go before their
		// positions are worked out.
		o := m.owners[p.owner]
		if o.list >= numLists {
			continue
		}
		if v != nil {
			if s, e := bounds(&sc.tk, mt); v.hidesListTerm(s, e) {
				continue
			}
		}
		if hasHit(hits, o) || m.excepted(sc.matches, mt) {
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
	if m.flat {
		sc.matches = scanFlat(m, &m.listBits, text, ws, hs, sc.matches[:0])
	} else {
		sc.matches = scanWords(m, &m.listBits, text, ws, hs, sc.matches[:0])
	}
	return m.collect(sc, f, hits, nil)
}

// scanFlat is scanWords through the map of first words, comparing every
// phrase of a first word word by word: the tests' reference, and the scan
// of lists whose counts outgrow the table's fields (see newWordTable).
func scanFlat[T string | []byte](m *matcher, bits *startBits, text T, ws []span, hs []uint64, out []match) []match {
	for i, h := range hs {
		if !bits.has(h) {
			continue
		}
	next:
		for _, pi := range m.first[strings.ToLower(string(text[ws[i].s:ws[i].e]))] {
			p := &m.phrases[pi]
			if i+len(p.words) > len(ws) {
				continue
			}
			for j := 1; j < len(p.words); j++ {
				if !equalLower(text[ws[i+j].s:ws[i+j].e], p.words[j]) {
					continue next
				}
			}
			out = append(out, match{phrase: pi, s: int32(i), e: int32(i + len(p.words))})
		}
	}
	return out
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

// excepted reports whether mt shares a word with an exception phrase of
// its entry: "pistol grip" clears "pistol" and also "air pistol" in "Air
// Pistol Grip Tire Inflator", as "car seat mirror" clears "baby car seat".
func (m *matcher) excepted(all []match, mt match) bool {
	owner := m.phrases[mt.phrase].owner
	for _, x := range all {
		p := &m.phrases[x.phrase]
		if p.except && p.owner == owner && x.cjk == mt.cjk && x.s < mt.e && mt.s < x.e {
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
