package readers

import "time"

// LatestTimestamp returns the latest instant at which something happened to
// o: placed, paid, shipped, delivered, dispute opened or cancelled. Deadlines and
// promised delivery dates are left out: they are promises about the future,
// not events, and would move the default as-of instant past the end of the
// data. The default as-of instant of a run is the maximum of LatestTimestamp
// over every order of the input (DOMAIN.md section 3); zero when o has no
// time at all.
func LatestTimestamp(o *Order) time.Time {
	var t time.Time
	for _, v := range [...]time.Time{o.CreatedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.DisputeOpenedAt, o.CancelledAt} {
		if v.After(t) {
			t = v
		}
	}
	return t
}

// LatestOf returns the maximum of LatestTimestamp over os, or t when that is
// later: fold it over the batches of a run to find the default as-of instant.
func LatestOf(t time.Time, os []Order) time.Time {
	for i := range os {
		if v := LatestTimestamp(&os[i]); v.After(t) {
			t = v
		}
	}
	return t
}
