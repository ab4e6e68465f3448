package checks

import (
	"math/bits"
	"strings"
	"unicode"

	"github.com/aecheck/aecheck/internal/swar"
)

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

// foldTab (match_fold_gen.go) maps the letters of Latin-1 and Latin
// Extended-A/B to their lower case, accent-free spelling ("É" -> "e",
// "ß" -> "ss"); "" = not a letter. It is a Go literal that
// TestFoldTabGo writes (-update) from Unicode's decompositions, so that
// no run computes it at start.

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
