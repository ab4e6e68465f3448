package readers

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

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
