package readers

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aecheck/aecheck/internal/swar"
)

// CountImages reads an images cell: a whole number is a count; otherwise the
// number of links (or file names) in it, separated by ';', '|', white space,
// or ',' when the cell holds several links (a comma may sit inside one URL).
// ok is false when the cell is a number that is not a whole count.
func CountImages(s string) (n int, ok bool) {
	if c, ok := smallUint(s); ok {
		if c > 1e6 {
			return 0, false // as parseCount's path below
		}
		return c, true
	}
	s = Trim(s)
	if IsEmptyValue(s) {
		return 0, true
	}
	if isNumeric(s) {
		c, err := parseCount(s)
		if err != nil || c < 0 || c > 1e6 {
			return 0, false
		}
		return int(c), true
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '|' || unicode.IsSpace(r)
	}) {
		if strings.Count(f, "//") > 1 || strings.Count(strings.ToLower(f), "http") > 1 {
			for _, p := range strings.Split(f, ",") {
				if Trim(p) != "" {
					n++
				}
			}
			continue
		}
		if strings.Trim(f, ",") != "" {
			n++
		}
	}
	return n, true
}

func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != '-' && r != '+' {
			return false
		}
	}
	return true
}

// NormalizeID returns an id as text: trimmed, a leading apostrophe (Excel's
// "keep as text" mark) dropped, and a number that a spreadsheet wrote in
// scientific notation (1.0050002900571E+15) written out in full. Leading
// zeros are kept.
func NormalizeID(s string) string {
	s = Trim(s)
	s = strings.TrimPrefix(s, "'")
	// Only a positive exponent is written out, so the usual id, with no
	// "+", is looked at once.
	if len(s) < 30 && strings.IndexByte(s, '+') >= 0 && (strings.IndexByte(s, 'e') >= 0 || strings.IndexByte(s, 'E') >= 0) {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e21 {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	// "1005006341680568.0" from a number column
	if strings.HasSuffix(s, ".0") && len(s) > 2 && isDigits(s[:len(s)-2]) {
		return s[:len(s)-2]
	}
	return s
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// plainASCII reports whether every byte of s is ASCII other than NUL,
// eight bytes at a time (SWAR: a byte from 1 to 0x7f keeps the top bit of
// both x and x - 0x01... clear, and a byte of 0x80 or more or a zero byte
// sets it in one of them; the subtraction borrows only past a zero byte,
// which is then caught already). A long text, a whole CSV line, goes 32
// bytes per test. A cell of eight bytes or more ends with one load of its
// last eight bytes, which may test some of them again, instead of a byte
// at a time.
func plainASCII(s string) bool {
	n := len(s)
	if n < 8 {
		for i := 0; i < n; i++ {
			if c := s[i]; c == 0 || c >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	i := 0
	for ; i+32 <= n; i += 32 {
		t := s[i : i+32]
		a, b, c, d := swar.Load8(t[:8]), swar.Load8(t[8:16]), swar.Load8(t[16:24]), swar.Load8(t[24:])
		if (a|(a-swar.Ones)|b|(b-swar.Ones)|c|(c-swar.Ones)|d|(d-swar.Ones))&swar.Highs != 0 {
			return false
		}
	}
	for ; i+8 < n; i += 8 {
		if !plain8(s[i : i+8]) {
			return false
		}
	}
	return plain8(s[n-8:])
}

// plain8 is plainASCII for the eight bytes of t. Sliced first by its
// callers: the eight bytes are then read with one bounds check and one
// load, not eight.
func plain8(t string) bool {
	x := swar.Load8(t)
	return (x|(x-swar.Ones))&swar.Highs == 0
}

// Trim is strings.TrimSpace, without the call for the usual cell, which
// starts and ends with a visible ASCII character.
func Trim(s string) string {
	if n := len(s); n == 0 || s[0] > ' ' && s[0] < utf8.RuneSelf && s[n-1] > ' ' && s[n-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimSpace(s)
}

// cleanText trims a text cell and drops the NUL bytes and invalid UTF-8 some
// exports carry.
func cleanText(s string) string {
	if n := len(s); n > 0 && s[0] > ' ' && s[n-1] > ' ' && plainASCII(s) {
		return s // the common case, in one pass: nothing to trim or drop
	}
	s = Trim(s)
	if plainASCII(s) {
		return s // the common case, in one pass
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s
}
