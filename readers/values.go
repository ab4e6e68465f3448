package readers

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// errEmpty is returned by the value parsers for a cell that holds no value
// (empty, or a placeholder such as "N/A").
var errEmpty = errors.New("empty")

// IsEmptyValue reports whether a cell holds no value: only white space, or a
// placeholder that spreadsheets and scrapers write for "nothing" (N/A, -, null).
func IsEmptyValue(s string) bool {
	s = Trim(s)
	if len(s) > 4 || s != "" && s[0] >= '0' && s[0] <= '9' {
		// Every word below has at most 4 bytes and starts with no
		// digit, and no longer text lower-cases to one of them: spare
		// the ToLower.
		return false
	}
	switch strings.ToLower(s) {
	case "", "-", "--", "—", "n/a", "na", "#n/a", "null", "none", "nil", "nan":
		return true
	}
	return false
}

// parsePrice parses a price as sellers write it: with a currency sign or
// code before or after it, a locale format and thousands separators, such as
// "US $17.91", "12,50 €", "1 234,56", "$2,100", "MAD9.94" or "1.234,56".
// A range such as "9.94 - 12.00" gives its lower bound. It returns errEmpty
// for an empty cell.
func parsePrice(s string) (float64, error) {
	s = Trim(s)
	if IsEmptyValue(s) {
		return 0, errEmpty
	}
	if v, ok := shortDecimal(s); ok {
		return v, nil // "12.50", as most files hold it
	}
	if plainDecimal(s) {
		// Digits and a dot, longer: nothing to strip, and the dot is the
		// decimal mark (parseLocaleNumber's last case).
		return parseFinite(s)
	}
	// A range: "US $1.23 - 4.56" or "1,23 € ~ 4,56 €".
	for _, sep := range []string{" - ", " – ", "~", " to ", " à "} {
		if lo, _, ok := strings.Cut(s, sep); ok && Trim(lo) != "" {
			s = lo
			break
		}
	}
	neg := false
	var b strings.Builder
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			b.WriteRune(r)
		case r == '.' || r == ',':
			b.WriteRune(r)
		case r == '-' || r == '−':
			if digits > 0 {
				return 0, errors.New("not a price")
			}
			neg = true
		case r == '(' && digits == 0:
			neg = true
		case r == ')':
		case unicode.IsSpace(r), r == '\'', r == '’', r == '\u00a0', r == '\u202f', r == '_':
			// thousands separators and spacing
		case unicode.IsLetter(r) || unicode.Is(unicode.Sc, r) || r == '+':
			// currency sign or code: allowed only around the number
			if digits > 0 && strings.ContainsAny(s[i:], "0123456789") {
				return 0, errors.New("not a price")
			}
		default:
			return 0, errors.New("not a price")
		}
	}
	if digits == 0 {
		return 0, errors.New("not a price")
	}
	v, err := parseLocaleNumber(b.String())
	if err != nil {
		return 0, err
	}
	if neg {
		v = -v
	}
	return v, nil
}

// shortDecimal parses s when it is at most 15 digits with at most one dot
// among them ("12.50", "7", ".5"). The digits as a whole number and the
// power of ten of the decimals are then exact in a float64, so one division
// gives the correctly rounded value, the one strconv.ParseFloat gives
// (Clinger's fast path), without its general parsing.
func shortDecimal(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 16 {
		return 0, false
	}
	var m uint64
	digits, dot := 0, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
		case c == '.' && dot < 0:
			dot = i
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	v := float64(m)
	if dot >= 0 {
		v /= pow10[len(s)-1-dot]
	}
	return v, true
}

// pow10 are the powers of ten shortDecimal divides by, each exact.
var pow10 = [16]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// plainDecimal reports whether s is ASCII digits with at most one '.' and
// at least one digit, which parsePrice's general path would copy unchanged.
func plainDecimal(s string) bool {
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// parseLocaleNumber parses digits with '.' and ',' used either as decimal
// mark or as thousands separator.
func parseLocaleNumber(s string) (float64, error) {
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	var norm string
	switch {
	case dots > 0 && commas > 0:
		if lastDot > lastComma { // 1,234.56
			if dots > 1 {
				return 0, errors.New("not a number")
			}
			norm = strings.ReplaceAll(s, ",", "")
		} else { // 1.234,56
			if commas > 1 {
				return 0, errors.New("not a number")
			}
			norm = strings.ReplaceAll(s, ".", "")
			norm = strings.Replace(norm, ",", ".", 1)
		}
	case commas > 1: // 1,234,567
		if !groupedBy3(s, ',') {
			return 0, errors.New("not a number")
		}
		norm = strings.ReplaceAll(s, ",", "")
	case commas == 1:
		// "2,100" is two thousand one hundred; "12,50" and "0,999" are decimals.
		if len(s)-lastComma-1 == 3 && lastComma > 0 && s[0] != '0' {
			norm = strings.Replace(s, ",", "", 1)
		} else {
			norm = strings.Replace(s, ",", ".", 1)
		}
	case dots > 1: // 1.234.567
		if !groupedBy3(s, '.') {
			return 0, errors.New("not a number")
		}
		norm = strings.ReplaceAll(s, ".", "")
	default:
		norm = s
	}
	return parseFinite(norm)
}

// parseFinite parses a plain decimal number; infinities and NaN are not
// numbers here.
func parseFinite(s string) (float64, error) {
	if s == "" || s == "." {
		return 0, errors.New("not a number")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errors.New("not a number")
	}
	return v, nil
}

// groupedBy3 reports whether every group after the first separator has three digits.
func groupedBy3(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// parseCount parses a whole number such as a stock or a quantity: "12",
// "1 234", "1,234", or "12.0" as a spreadsheet stores it. It returns errEmpty
// for an empty cell.
func parseCount(s string) (int64, error) {
	if n, ok := smallUint(s); ok {
		return int64(n), nil
	}
	s = Trim(s)
	if IsEmptyValue(s) {
		return 0, errEmpty
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',', r == '-', r == '+', r == 'e', r == 'E':
			b.WriteRune(r)
		case unicode.IsSpace(r), r == '\'', r == '\u00a0', r == '\u202f':
		default:
			return 0, errors.New("not a whole number")
		}
	}
	t := b.String()
	if strings.ContainsAny(t, "eE") { // 1.2E+3 from a spreadsheet
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
			return 0, errors.New("not a whole number")
		}
		return int64(f), nil
	}
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimLeft(t, "+-")
	if strings.ContainsAny(t, "+-") {
		return 0, errors.New("not a whole number")
	}
	f, err := parseLocaleNumber(t)
	if err != nil || f != math.Trunc(f) || f > 1e15 {
		return 0, errors.New("not a whole number")
	}
	if neg {
		f = -f
	}
	return int64(f), nil
}

// ParseDays parses a delivery promise in days: "7", "7 days", "15 天",
// "5-7 days" (the longest promise, 7). It returns errEmpty for an empty cell.
func ParseDays(s string) (int, error) {
	if n, ok := smallUint(s); ok && n <= 10000 {
		return n, nil // what ParseFloat's path below gives
	}
	s = Trim(s)
	if IsEmptyValue(s) {
		return 0, errEmpty
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || f != math.Trunc(f) || f > 10000 {
			return 0, errors.New("not a number of days")
		}
		return int(f), nil
	}
	best, found := 0, false
	n, in := 0, false
	flush := func() {
		if in {
			found = true
			best = max(best, n)
		}
		n, in = 0, false
	}
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if n > 100000 {
				return 0, errors.New("not a number of days")
			}
			n = n*10 + int(r-'0')
			in = true
			continue
		}
		flush()
	}
	flush()
	if !found {
		return 0, errors.New("not a number of days")
	}
	return best, nil
}

// ParsePrice parses a price as sellers write it ("US $17.91", "12,50 €",
// "1 234,56", "$2,100", "MAD9.94", "1.234,56", "15.00 USD"). ok is false for
// an empty cell and for text that is not a price; IsEmptyValue tells them
// apart.
func ParsePrice(s string) (float64, bool) {
	v, err := parsePrice(s)
	return v, err == nil
}

// ParseInt parses a whole number ("1,234", "1 234", "12.0" from XLSX). ok
// is false for an empty cell and for text that is not a whole number.
func ParseInt(s string) (int64, bool) {
	v, err := parseCount(s)
	return v, err == nil
}

// smallUint reads s when it is one to nine ASCII digits, the usual cell of
// a count (stock, images, days), without strconv's general path; ok is
// false for anything else, which the callers read as before.
func smallUint(s string) (n int, ok bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int(c)
	}
	return n, true
}
