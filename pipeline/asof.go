package pipeline

import (
	"fmt"
	"time"
)

// ParseAsOf reads an as-of time as the command's --as-of flag takes it: an
// RFC 3339 time, a date and time without zone (UTC), or a date meaning the
// end of that day (its last instant, UTC, as the metrics' windows count
// it). The empty string is the zero time: the latest time in the orders.
func ParseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if d, err := time.Parse("2006-01-02", s); err == nil {
		return d.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
	}
	return time.Time{}, fmt.Errorf("--as-of %q: write a date such as 2026-11-01 or a time such as 2026-11-01T18:00:00Z", s)
}
