package checks

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"github.com/aecheck/aecheck/internal/swar"
)

// duplicateWords finds the words the title (held in s.sc.tk) repeats:
// words of three characters or more that are not numbers or stop words,
// compared after folding case and accents.
func (r *Runner) duplicateWords(s *scratch, title string) {
	r.eachRepeat(&s.sc.tk, title, func(src []span, i, n int, cjk bool, _ func(j int) bool) {
		w := title[src[i].s:src[i].e]
		if !cjk {
			w = strings.ToLower(w)
		}
		s.st.dups = append(s.st.dups, dupWord{word: w, count: n})
	})
}

// eachRepeat calls found for every word of the title (tokenised in tk)
// that title-duplicate-words reports: src holds the words' bytes in title,
// i is the first occurrence, n the number of occurrences, and same(j) says
// whether word j of src is that word. Words come first, then CJK runs
// (cjk set).
// Titles are short, so a quadratic scan beats a map and allocates nothing.
func (r *Runner) eachRepeat(tk *tokens, title string, found func(src []span, i, n int, cjk bool, same func(j int) bool)) {
	// The helpers are functions, not closures over tk: a closure that the
	// same passed to found captured would be made on the heap for every
	// title, found or not (BenchmarkListings counts the allocations).
	ok := func(i int) bool {
		w := tk.buf[tk.spans[i].s:tk.spans[i].e]
		return !isDigits(string(w)) && !r.stop[string(w)] && runeCount(title[tk.src[i].s:tk.src[i].e]) > 2
	}
	// The words are compared by a 64-bit hash first, and by their bytes
	// only when the hashes are equal.
	hs := tk.hashWords() // find hashed them already when a list check is on
	words := len(tk.spans)
	if !hashRepeats(hs) {
		words = 0 // most titles repeat no word: one tight pass says so
	}
	for i := range words {
		// Only the first spelling of a word counts, and only when it
		// repeats; ok, which looks the word up, comes last.
		seen, n := false, 1
		for j := 0; j < i && !seen; j++ {
			seen = sameWord(tk, hs, i, j)
		}
		if seen {
			continue
		}
		for j := i + 1; j < len(tk.spans); j++ {
			if sameWord(tk, hs, i, j) {
				n++
			}
		}
		if n > 1 && ok(i) {
			found(tk.src, i, n, false, func(j int) bool { return sameWord(tk, hs, i, j) })
		}
	}
	for i := range tk.cjk {
		wi := tk.cjkRun(i)
		if runeCount(string(wi)) <= 2 {
			continue
		}
		seen, n := false, 1
		for j := 0; j < i && !seen; j++ {
			seen = string(tk.cjkRun(j)) == string(wi)
		}
		if seen {
			continue
		}
		for j := i + 1; j < len(tk.cjk); j++ {
			if string(tk.cjkRun(j)) == string(wi) {
				n++
			}
		}
		if n > 1 {
			found(tk.csrc, i, n, true, func(j int) bool { return string(tk.cjkRun(j)) == string(tk.cjkRun(i)) })
		}
	}
}

// sameWord reports whether words i and j of tk, whose wordHash are hs, are
// the same word.
func sameWord(tk *tokens, hs []uint64, i, j int) bool {
	a, b := tk.spans[i], tk.spans[j]
	return hs[i] == hs[j] && string(tk.buf[a.s:a.e]) == string(tk.buf[b.s:b.e])
}

// cjkRun returns CJK run i of t.
func (t *tokens) cjkRun(i int) []byte { return t.buf[t.cjk[i].s:t.cjk[i].e] }

// Repeat is a word that title-duplicate-words reports, with where each of
// its occurrences is in the title.
type Repeat struct {
	Word string   // the first occurrence, as written
	At   [][2]int // byte offsets [start, end) of every occurrence in the title, in order
}

// Repeats returns the words of title that title-duplicate-words reports,
// found exactly as the check finds them (the same words, folding and stop
// words), so that a fix removing the later occurrences clears the finding.
// It may be called from several goroutines at once.
func (r *Runner) Repeats(title string) []Repeat {
	var tk tokens
	tk.add(title, false)
	var out []Repeat
	r.eachRepeat(&tk, title, func(src []span, i, _ int, _ bool, same func(j int) bool) {
		rp := Repeat{Word: title[src[i].s:src[i].e]}
		for j := i; j < len(src); j++ {
			if j == i || same(j) {
				rp.At = append(rp.At, [2]int{int(src[j].s), int(src[j].e)})
			}
		}
		out = append(out, rp)
	})
	return out
}

// runeCount is utf8.RuneCountInString, eight ASCII bytes at a time until
// the first byte that is not ASCII.
func runeCount(s string) int {
	i := asciiPrefix(s)
	return i + utf8.RuneCountInString(s[i:])
}

// asciiPrefix returns a length, a multiple of 8, such that s[:length] is
// ASCII and the next eight bytes (if there are eight) are not all ASCII.
func asciiPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&swar.Highs != 0 {
			break
		}
	}
	return i
}

// hashRepeats reports whether a hash comes twice in hs. A 1,024-bit
// filter on the top bits of the hashes answers most titles, which repeat
// nothing, in one pass; only when two hashes share their top bits are the
// hashes compared pairwise.
func hashRepeats(hs []uint64) bool {
	var seen [16]uint64
	for _, h := range hs {
		b := h >> 54
		if seen[b>>6]&(1<<(b&63)) != 0 {
			return hashRepeatsPairwise(hs)
		}
		seen[b>>6] |= 1 << (b & 63)
	}
	return false
}

// hashRepeatsPairwise is hashRepeats, comparing every pair.
func hashRepeatsPairwise(hs []uint64) bool {
	for i, h := range hs {
		for _, g := range hs[i+1:] {
			if g == h {
				return true
			}
		}
	}
	return false
}
