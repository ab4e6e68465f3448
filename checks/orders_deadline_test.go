package checks

import (
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
)

func otm(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

func TestShipDeadline(t *testing.T) {
	day := func(s string) time.Time { return otm(t, s+" 00:00") }
	tests := []struct {
		name     string
		paid     string
		deadline string
		handling int
		holidays []time.Time
		nilRules bool
		want     string // "" = no deadline
	}{
		{name: "export deadline wins", paid: "2024-06-03 10:00", deadline: "2024-06-04 08:00", want: "2024-06-04 08:00"},
		{name: "export deadline without payment", deadline: "2024-06-04 08:00", want: "2024-06-04 08:00"},
		{name: "no payment no deadline", want: ""},
		{name: "monday plus 3", paid: "2024-06-03 10:00", want: "2024-06-06 10:00"},
		{name: "thursday crosses weekend", paid: "2024-06-06 10:00", want: "2024-06-11 10:00"},
		{name: "friday crosses weekend", paid: "2024-06-07 15:30", want: "2024-06-12 15:30"},
		{name: "saturday adds 48h", paid: "2024-06-08 09:00", want: "2024-06-13 09:00"},
		{name: "sunday adds 48h", paid: "2024-06-09 23:00", want: "2024-06-14 23:00"},
		{name: "sunday late keeps clock", paid: "2024-06-09 23:59", want: "2024-06-14 23:59"},
		{name: "holiday midweek", paid: "2024-06-03 10:00", holidays: []time.Time{day("2024-06-05")}, want: "2024-06-07 10:00"},
		{name: "holiday on friday", paid: "2024-06-06 10:00", holidays: []time.Time{day("2024-06-07")}, want: "2024-06-12 10:00"},
		{name: "holiday on a weekend changes nothing", paid: "2024-06-06 10:00", holidays: []time.Time{day("2024-06-08")}, want: "2024-06-11 10:00"},
		{name: "holiday after saturday shift", paid: "2024-06-08 09:00", holidays: []time.Time{day("2024-06-11"), day("2024-06-12")}, want: "2024-06-17 09:00"},
		{name: "holiday with a clock time still a date", paid: "2024-06-03 10:00", holidays: []time.Time{otm(t, "2024-06-04 17:00")}, want: "2024-06-07 10:00"},
		{name: "one handling day", paid: "2024-06-07 10:00", handling: 1, want: "2024-06-10 10:00"},
		{name: "five handling days", paid: "2024-06-03 10:00", handling: 5, want: "2024-06-10 10:00"},
		{name: "nil rules default 3", paid: "2024-06-03 10:00", nilRules: true, want: "2024-06-06 10:00"},
		{name: "year end", paid: "2024-12-31 08:00", holidays: []time.Time{day("2025-01-01")}, want: "2025-01-06 08:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var o readers.Order
			if tc.paid != "" {
				o.PaidAt = otm(t, tc.paid)
			}
			if tc.deadline != "" {
				o.Deadline = otm(t, tc.deadline)
			}
			r := &OrderRules{HandlingDays: tc.handling, Holidays: tc.holidays}
			if tc.handling == 0 {
				r.HandlingDays = 3
			}
			if tc.nilRules {
				r = nil
			}
			got, ok := ShipDeadline(&o, r)
			if tc.want == "" {
				if ok {
					t.Fatalf("got deadline %v, want none", got)
				}
				return
			}
			if !ok || !got.Equal(otm(t, tc.want)) {
				t.Fatalf("got %v (%v), want %s", got, ok, tc.want)
			}
		})
	}
}

func TestPromise(t *testing.T) {
	tests := []struct {
		name                string
		shipped, by         string
		days                int
		want                string
		wantOK              bool
		wantDays, wantLabel int
	}{
		{name: "days after shipment", shipped: "2024-06-03 10:00", days: 5, want: "2024-06-08 10:00", wantOK: true, wantDays: 5, wantLabel: 5},
		{name: "promised_by end of day", shipped: "2024-06-03 10:00", by: "2024-06-06 00:00", want: "2024-06-06 23:59", wantOK: true, wantDays: 3, wantLabel: 3},
		{name: "days without shipment uses by", by: "2024-06-06 00:00", days: 5, want: "2024-06-06 23:59", wantOK: true},
		{name: "none", shipped: "2024-06-03 10:00"},
		{name: "seven days", shipped: "2024-06-03 23:00", by: "2024-06-10 00:00", want: "2024-06-10 23:59", wantOK: true, wantDays: 7, wantLabel: 7},
		{name: "eight days no label", shipped: "2024-06-03 23:00", by: "2024-06-11 00:00", want: "2024-06-11 23:59", wantOK: true, wantDays: 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var o readers.Order
			if tc.shipped != "" {
				o.ShippedAt = otm(t, tc.shipped)
			}
			if tc.by != "" {
				o.PromisedBy = otm(t, tc.by)
			}
			o.PromisedDays = tc.days
			got, ok := Promise(&o)
			if ok != tc.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tc.wantOK)
			}
			if ok && got.Truncate(time.Minute) != otm(t, tc.want) {
				t.Fatalf("got %v, want %s", got, tc.want)
			}
			if ok && tc.by != "" && tc.days == 0 && got.Add(time.Nanosecond) != otm(t, tc.by).AddDate(0, 0, 1) {
				t.Fatalf("promise %v is not the last instant of the day", got)
			}
			if tc.wantDays != 0 || tc.shipped != "" {
				if d := promisedDays(&o); tc.days == 0 && d != tc.wantDays {
					t.Fatalf("promisedDays = %d, want %d", d, tc.wantDays)
				}
				if l := LabelDays(promisedDays(&o)); tc.wantDays != 0 && l != tc.wantLabel {
					t.Fatalf("label = %d, want %d", l, tc.wantLabel)
				}
			}
		})
	}
}

func TestBuyerCancelled(t *testing.T) {
	for s, want := range map[string]bool{
		"":                          false,
		"Buyer cancelled the order": true,
		"买家取消订单":                    true,
		"Annulé par le client":      true,
		"Seller out of stock":       false,
		"Payment timeout":           false,
	} {
		if got := buyerCancelled(s); got != want {
			t.Errorf("buyerCancelled(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestAddHandlingUTC: the 24-hour step taken for UTC times gives what
// AddDate gives, across weekends, month and year ends, leap days and
// holidays.
func TestAddHandlingUTC(t *testing.T) {
	slow := func(paid time.Time, days int, holidays []time.Time) time.Time {
		t := paid
		if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t = t.Add(48 * time.Hour)
		}
		for days > 0 {
			t = t.AddDate(0, 0, 1)
			if workingDay(t, holidays) {
				days--
			}
		}
		return t
	}
	holidays := []time.Time{time.Date(2024, 12, 25, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)}
	paris := time.FixedZone("CET", 3600)
	for h := 0; h < 24*500; h += 7 {
		paid := time.Date(2023, 12, 1, 0, 30, 15, 0, time.UTC).Add(time.Duration(h) * time.Hour)
		for _, hs := range [][]time.Time{nil, holidays} {
			for _, days := range []int{1, 3, 10} {
				for _, p := range []time.Time{paid, paid.In(paris)} {
					if got, want := addHandling(p, days, hs), slow(p, days, hs); got != want {
						t.Fatalf("addHandling(%v, %d) = %v, want %v", p, days, got, want)
					}
				}
			}
		}
	}
}
