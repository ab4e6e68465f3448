package readers

import "time"

// orderTime is ParseTime with a fast path for the shapes order exports
// write on every row (2006-01-02, 2006-01-02 15:04, 2006-01-02 15:04:05,
// 2006-01-02T15:04:05): the instant is computed from the digits instead of
// through time.Date, with the same result. Anything else goes to ParseTime.
func orderTime(s string) (time.Time, bool) {
	n := len(s)
	if n != 10 && n != 16 && n != 19 || s[4] != '-' || s[7] != '-' {
		return ParseTime(s)
	}
	y, m, d := digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)
	if y < 0 || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return ParseTime(s)
	}
	sec := 0
	if n > 10 {
		if s[13] != ':' || s[10] != ' ' && (s[10] != 'T' || n != 19) {
			return ParseTime(s)
		}
		hh, mm := digits(s, 11, 2), digits(s, 14, 2)
		if hh < 0 || hh > 23 || mm < 0 || mm > 59 {
			return ParseTime(s)
		}
		sec = hh*3600 + mm*60
		if n == 19 {
			ss := digits(s, 17, 2)
			if s[16] != ':' || ss < 0 || ss > 59 {
				return ParseTime(s)
			}
			sec += ss
		}
	}
	return time.Unix(daysFromCivil(y, m, d)*86400+int64(sec), 0).UTC(), true
}

// digits reads s[i:i+n], 0 < n <= 9, as a decimal number, or -1.
func digits(s string, i, n int) int {
	if v, ok := smallUint(s[i : i+n]); ok {
		return v
	}
	return -1
}

// daysIn returns the number of days of month m of year y (proleptic
// Gregorian calendar, as package time).
func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days from 1970-01-01 to y-m-d, for a
// year from 0 to 9999 (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
