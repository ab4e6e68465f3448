package fix

import (
	"slices"
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

// CleanLines is CleanSpaces for a cell whose line breaks are the
// seller's (a category path written on two lines): each line is cleaned,
// and the line breaks between non-empty lines are kept.
func CleanLines(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return CleanSpaces(s)
	}
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if c := CleanSpaces(l); c != "" {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return ""
	}
	// The first line break of s joins the lines, as the seller wrote it.
	br := "\n"
	if i := strings.IndexAny(s, "\n\r"); s[i] == '\r' {
		br = "\r"
		if i+1 < len(s) && s[i+1] == '\n' {
			br = "\r\n"
		}
	}
	return strings.Join(out, br)
}

// CleanEdges returns s without its invisible characters and without the
// spaces at its start and end, its line breaks kept: for a description,
// whose lines are the seller's layout.
func CleanEdges(s string) string {
	if strings.IndexFunc(s, invisible) < 0 {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s))
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
	if out := join(s, cs, drop); out != "" {
		return out
	}
	return s
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

// Shorten drops words from a title over max characters before Cut cuts
// it, from the end towards the head, until it fits: first the later
// repeats of a word (the first occurrence stays), then the promotional
// words and phrases of filler ("free shipping", "2024"), which say nothing
// about the product. The first word is never dropped, nor a repeat that
// is part of a model name or a size (see DropRepeats), nor a single
// filler word in front of another word ("Hot Water Bottle"): a filler word
// goes alone only at the end of the title or next to other filler. It
// returns the shorter title and the filler dropped, in title order. A
// title that still does not fit is left for Cut.
func Shorten(s string, max int, filler [][]string) (string, []string) {
	cs := chunks(s)
	n := utf8.RuneCountInString(s)
	if n <= max || len(cs) < 2 {
		return s, nil
	}
	drop := make([]bool, len(cs))
	norm := make([]string, len(cs))
	for k, c := range cs {
		norm[k] = strings.ToLower(strings.Trim(s[c.s:c.e], edgePunct))
	}
	width := func(k int) int { return utf8.RuneCountInString(s[cs[k].s:cs[k].e]) + 1 }
	// Later repeats, from the end.
	for k := len(cs) - 1; k > 0 && n > max; k-- {
		w := norm[k]
		if utf8.RuneCountInString(w) < 3 || trailing[w] || connectors[w] || !slices.Contains(norm[:k], w) {
			continue
		}
		c := cs[k]
		at := [2]int{c.s + strings.Index(s[c.s:c.e], strings.Trim(s[c.s:c.e], edgePunct)), 0}
		at[1] = at[0] + len(strings.Trim(s[c.s:c.e], edgePunct))
		if removable(s, cs, k, at) {
			drop[k] = true
			n -= width(k)
		}
	}
	// Filler, from the end: the spans of the filler phrases first.
	type span struct{ k, m int } // chunks k..k+m-1
	var spans []span
	for k := 1; k < len(cs); k++ {
		for _, ph := range filler {
			if k+len(ph) <= len(cs) && slices.Equal(norm[k:k+len(ph)], ph) {
				spans = append(spans, span{k, len(ph)})
				break
			}
		}
	}
	isFiller := make([]bool, len(cs)+1)
	for _, sp := range spans {
		for i := sp.k; i < sp.k+sp.m; i++ {
			isFiller[i] = true
		}
	}
	var dropped []string
	for i := len(spans) - 1; i >= 0 && n > max; i-- {
		sp := spans[i]
		end := sp.k + sp.m
		alone := sp.m == 1 && end < len(cs) && !isFiller[end] && !isFiller[sp.k-1]
		if alone || drop[sp.k] {
			continue
		}
		for j := sp.k; j < end; j++ {
			drop[j] = true
			n -= width(j)
		}
		dropped = append(dropped, strings.Join(norm[sp.k:end], " "))
	}
	slices.Reverse(dropped)
	return join(s, cs, drop), dropped
}

// join returns the chunks cs of s that are not dropped, one space apart.
func join(s string, cs []chunk, drop []bool) string {
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
	return b.String()
}
