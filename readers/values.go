package readers

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/internal/swar"
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

// ParseTime parses a date or timestamp: ISO, RFC 3339, dd/mm/yyyy (mm/dd/yyyy
// when the day is above 12), Excel serial numbers (1900 system). Times
// without a zone are UTC. ok is false for an empty cell and for text that is
// not a date.
func ParseTime(s string) (time.Time, bool) {
	v, err := parseDate(s)
	return v, err == nil
}

// dateLayouts are the text date formats read, most specific first.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	"2006.01.02",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006年01月02日 15:04:05",
	"2006年01月02日 15:04",
	"2006年01月02日",
	"2006年1月2日",
	"Jan 2, 2006",
	"Jan 2, 2006 15:04",
	"January 2, 2006",
	"2 Jan 2006",
	"02 Jan 2006 15:04:05",
	time.RFC1123,
	time.RFC1123Z,
}

// parseDate parses a date or timestamp: ISO ("2024-05-01 12:00:00",
// "2024-05-01T12:00:00Z"), "dd/mm/yyyy" (or "mm/dd/yyyy" when the day is
// above 12, so no other reading exists), with "/", "." or "-", an optional
// time, and Excel serial numbers (45413 or 45413.5). Times without a zone are
// UTC. It returns errEmpty for an empty cell.
func parseDate(s string) (time.Time, error) {
	s = Trim(s)
	if IsEmptyValue(s) {
		return time.Time{}, errEmpty
	}
	if t, ok := parseISO(s); ok {
		return t, nil
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	if t, ok := parseDMY(s); ok {
		return t, nil
	}
	// Excel serial number: 20000 (1954) to 80000 (2119).
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f >= 20000 && f <= 80000 {
			t, err := excelize.ExcelDateToTime(f, false)
			if err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, errors.New("not a date")
	}
	return time.Time{}, errors.New("not a date")
}

// parseISO reads the shapes exports use most, 2006-01-02, 2006-01-02
// 15:04, 2006-01-02 15:04:05 and 2006-01-02T15:04:05, without time.Parse.
// Where it says no, the layouts of dateLayouts decide, so it accepts only
// what the first layout of the list that matches would, with the same
// result.
func parseISO(s string) (time.Time, bool) {
	if len(s) != 10 && len(s) != 16 && len(s) != 19 {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	if s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, m, d := num(0, 4), num(5, 2), num(8, 2)
	if y < 0 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	hh, mm, ss := 0, 0, 0
	if len(s) > 10 {
		if s[13] != ':' || s[10] != ' ' && (s[10] != 'T' || len(s) != 19) {
			return time.Time{}, false
		}
		if hh, mm = num(11, 2), num(14, 2); hh < 0 || hh > 23 || mm < 0 || mm > 59 {
			return time.Time{}, false
		}
		if len(s) == 19 {
			if s[16] != ':' {
				return time.Time{}, false
			}
			if ss = num(17, 2); ss < 0 || ss > 59 {
				return time.Time{}, false
			}
		}
	}
	t := time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC)
	if t.Day() != d { // 2024-02-30
		return time.Time{}, false
	}
	return t, true
}

// parseDMY reads d/m/yyyy or m/d/yyyy with '/', '.' or '-' and an optional
// time of day. Ambiguous dates (both parts ≤ 12) are read day first.
func parseDMY(s string) (time.Time, bool) {
	date, clock, _ := strings.Cut(s, " ")
	if strings.Contains(date, "T") {
		date, clock, _ = strings.Cut(s, "T")
	}
	var sep byte
	for _, c := range []byte{'/', '.', '-'} {
		if strings.Count(date, string(c)) == 2 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return time.Time{}, false
	}
	parts := strings.Split(date, string(sep))
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || len(parts[2]) != 4 && len(parts[2]) != 2 {
		return time.Time{}, false
	}
	if len(parts[2]) == 2 {
		y += 2000
	}
	d, m := a, b
	if a <= 12 && b > 12 {
		d, m = b, a
	}
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	var hh, mm, ss int
	clock = Trim(clock)
	if clock != "" {
		cp := strings.Split(clock, ":")
		if len(cp) < 2 || len(cp) > 3 {
			return time.Time{}, false
		}
		var err error
		if hh, err = strconv.Atoi(cp[0]); err != nil || hh > 23 || hh < 0 {
			return time.Time{}, false
		}
		if mm, err = strconv.Atoi(cp[1]); err != nil || mm > 59 || mm < 0 {
			return time.Time{}, false
		}
		if len(cp) == 3 {
			if ss, err = strconv.Atoi(cp[2]); err != nil || ss > 59 || ss < 0 {
				return time.Time{}, false
			}
		}
	}
	t := time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC)
	if t.Day() != d { // 31/02/2024
		return time.Time{}, false
	}
	return t, true
}

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
// eight bytes at a time (SWAR: a byte of 0x80 or more has its top bit set;
// a zero byte sets the top bit of (x - 0x01...) & ^x). A cell of eight
// bytes or more ends with one load of its last eight bytes, which may
// test some of them again, instead of a byte at a time.
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
	for i := 0; i+8 < n; i += 8 {
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
	return (x|(x-swar.Ones)&^x)&swar.Highs == 0 // swar.NonASCII(x)|swar.Zero(x), within the inlining budget
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
