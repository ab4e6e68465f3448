package fix

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aecheck/aecheck/checks"
)

// CleanSpaces returns s without leading and trailing spaces, with every run
// of spaces, tabs and line breaks made one space and the invisible
// characters removed: zero-width spaces, word joiners, byte-order marks,
// soft hyphens and control characters. These are what a copy from a web
// page or a word processor leaves in a title; AliExpress counts them as
// characters, and search sees two words as one where a zero-width space
// sits between them without a visible gap. Joiners that shape scripts and
// emoji (U+200C, U+200D) are kept.
func CleanSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case invisible(r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// invisible reports whether r is a character that shows nothing and joins
// nothing: it only hides in a title.
func invisible(r rune) bool {
	switch r {
	case '\u200B', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u200E', '\u200F', '\u2061', '\u2062', '\u2063', '\u2064':
		return true
	}
	return false
}

// chunk is one run of characters between spaces in a title.
type chunk struct{ s, e int }

// chunks splits s at spaces. s is expected to be cleaned (single spaces).
func chunks(s string) []chunk {
	var cs []chunk
	start := -1
	for i, r := range s {
		if r == ' ' {
			if start >= 0 {
				cs = append(cs, chunk{start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		cs = append(cs, chunk{start, len(s)})
	}
	return cs
}

// edgePunct is the punctuation a word may carry in its chunk ("Dress,")
// and still be removed with it.
const edgePunct = ",;:.!|/-–—&+·•"

// connectors are the chunks after which a repeated word names a second
// thing, not a repeat: "USB Type C to Type C", "iPhone 14 / iPhone 13".
var connectors = map[string]bool{
	"to": true, "/": true, "&": true, "+": true, "and": true, "or": true, "vs": true, "x": true,
	"et": true, "ou": true, "y": true, "o": true, "à": true, "a": true, "und": true, "e": true,
}

// DropRepeats removes the later occurrences of the words rs (as
// checks.Runner.Repeats finds them in s), keeping the first. A word is
// left alone, all its occurrences, when any later one is part of a model
// name or a size (a number within two words before it or right after it:
// "iPhone 14 Pro Max / 13 Pro Max"), follows a connector ("Type C to Type
// C"), or is glued to other text ("USB-C"): removing it would change what
// the title says. It returns s unchanged when no word can go.
func DropRepeats(s string, rs []checks.Repeat) string {
	cs := chunks(s)
	if len(cs) == 0 {
		return s
	}
	// chunkOf finds the chunk holding byte offset at.
	chunkOf := func(at int) int {
		for k, c := range cs {
			if at >= c.s && at < c.e {
				return k
			}
		}
		return -1
	}
	drop := make([]bool, len(cs))
	for _, rp := range rs {
		var ks []int
		ok := len(rp.At) > 1
		for _, at := range rp.At[min(1, len(rp.At)):] {
			k := chunkOf(at[0])
			if k < 0 || !removable(s, cs, k, at) {
				ok = false
				break
			}
			ks = append(ks, k)
		}
		if !ok {
			continue
		}
		for _, k := range ks {
			drop[k] = true
		}
	}
	var b strings.Builder
	for k, c := range cs {
		if drop[k] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[c.s:c.e])
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// removable reports whether the occurrence at (in chunk k) can go.
func removable(s string, cs []chunk, k int, at [2]int) bool {
	c := cs[k]
	if strings.Trim(s[c.s:at[0]], edgePunct) != "" || strings.Trim(s[at[1]:c.e], edgePunct) != "" {
		return false // glued to other text
	}
	if hasDigit(s[at[0]:at[1]]) {
		return false
	}
	for d := 1; d <= 2; d++ {
		if k-d >= 0 && hasDigit(s[cs[k-d].s:cs[k-d].e]) {
			return false
		}
	}
	if k+1 < len(cs) && hasDigit(s[cs[k+1].s:cs[k+1].e]) {
		return false
	}
	if k > 0 {
		prev := s[cs[k-1].s:cs[k-1].e]
		if connectors[strings.ToLower(prev)] || strings.HasSuffix(prev, "/") || strings.HasSuffix(prev, "&") {
			return false
		}
	}
	return true
}

// hasWord reports whether s has a letter or a digit.
func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// trailing are the words a cut title must not end on: they announce a
// word that the cut removed ("Teapot with", "Case for").
var trailing = map[string]bool{
	"and": true, "for": true, "with": true, "the": true, "of": true, "to": true, "in": true, "on": true,
	"by": true, "from": true, "or": true, "a": true, "an": true,
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "et": true, "pour": true,
	"avec": true, "en": true, "un": true, "une": true, "à": true, "au": true, "aux": true,
	"del": true, "el": true, "los": true, "las": true, "y": true, "para": true, "con": true, "una": true,
	"für": true, "mit": true, "und": true, "per": true, "di": true, "da": true, "com": true,
}

// Cut returns s cut to at most max characters at the last space that
// fits, so no word is ever cut in two, and the head of the title, where
// the brand and the product are, is kept. Words that only announce another
// ("for", "with", "&") and punctuation are not left at the end. ok is
// false when even the first word is longer than max: then only a person
// can shorten the title.
func Cut(s string, max int) (cut string, ok bool) {
	if utf8.RuneCountInString(s) <= max {
		return s, true
	}
	cs := chunks(s)
	n, keep := 0, 0
	for k, c := range cs {
		w := utf8.RuneCountInString(s[c.s:c.e])
		if k > 0 {
			w++ // the space before it
		}
		if n+w > max {
			break
		}
		n += w
		keep = k + 1
	}
	// The head kept must hold the first word, not only a sign before it.
	first := 0
	for first < len(cs) && !hasWord(s[cs[first].s:cs[first].e]) {
		first++
	}
	if keep <= first {
		return s, false
	}
	for keep > first+1 {
		last := strings.TrimRight(s[cs[keep-1].s:cs[keep-1].e], edgePunct)
		if last != "" && !trailing[strings.ToLower(last)] {
			break
		}
		keep--
	}
	out := s[cs[0].s:cs[keep-1].e]
	if t := strings.TrimRight(out, edgePunct+"("); hasWord(t) {
		out = t
	}
	return out, true
}
