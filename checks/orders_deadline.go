package checks

import (
	"strings"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// The defaults of the order findings and metrics (docs/orders.md), used when a rules value is left at
// its zero value (tests build OrderRules literals; the embedded default rules
// file sets the same values).
const (
	defHandlingDays        = 3
	defShipDueSoonHours    = 24
	defDisputeResponseDays = 3
	defDisputeLimitDays    = 5
	defSuspiciousFactor    = 10
	defSuspiciousMinOrders = 20
	defCarrierMinOrders    = 30
	defCarrierOnTime       = 0.85
	defWrongDescMinOrders  = 10
	defWrongDescSNAD       = 0.05
	defPromotionWindowDays = 90
	defPromotionMinRating  = 4.5
	defPromotionMinRatings = 5
	defPromotionMinOnline  = 24
)

// orderSettings returns r with every zero setting replaced by its
// documented default. r may be nil.
func orderSettings(r *OrderRules) OrderRules {
	var o OrderRules
	if r != nil {
		o = *r
	}
	if o.HandlingDays <= 0 {
		o.HandlingDays = defHandlingDays
	}
	if o.ShipDueSoonHours <= 0 {
		o.ShipDueSoonHours = defShipDueSoonHours
	}
	if o.DisputeResponseDays <= 0 {
		o.DisputeResponseDays = defDisputeResponseDays
	}
	if o.SuspiciousFactor <= 0 {
		o.SuspiciousFactor = defSuspiciousFactor
	}
	if o.SuspiciousMinOrders <= 0 {
		o.SuspiciousMinOrders = defSuspiciousMinOrders
	}
	if o.CarrierMinOrders <= 0 {
		o.CarrierMinOrders = defCarrierMinOrders
	}
	if o.CarrierOnTime <= 0 {
		o.CarrierOnTime = defCarrierOnTime
	}
	if o.WrongDescMinOrders <= 0 {
		o.WrongDescMinOrders = defWrongDescMinOrders
	}
	if o.WrongDescSNAD <= 0 {
		o.WrongDescSNAD = defWrongDescSNAD
	}
	if o.PromotionWindowDays <= 0 {
		o.PromotionWindowDays = defPromotionWindowDays
	}
	if o.PromotionMinRating <= 0 {
		o.PromotionMinRating = defPromotionMinRating
	}
	if o.PromotionMinRatings <= 0 {
		o.PromotionMinRatings = defPromotionMinRatings
	}
	if o.PromotionMinOnlineHour <= 0 {
		o.PromotionMinOnlineHour = defPromotionMinOnline
	}
	th := make(map[string]Threshold, len(defaultOrderThresholds))
	for k, v := range defaultOrderThresholds {
		th[k] = v
	}
	for k, v := range o.Thresholds {
		th[k] = v
	}
	o.Thresholds = th
	return o
}

// ShipDeadline returns the latest time to add tracking to o: the export's
// ship_deadline when it has one; otherwise paid_at, plus 48 hours when paid
// on a Saturday or Sunday, plus handling_days working days (Monday to Friday
// minus r.Holidays), keeping the clock time. It reports false when o has
// neither a deadline nor a payment time. r may be nil (the documented defaults).
func ShipDeadline(o *readers.Order, r *OrderRules) (time.Time, bool) {
	if !o.Deadline.IsZero() {
		return o.Deadline, true
	}
	if o.PaidAt.IsZero() {
		return time.Time{}, false
	}
	n := defHandlingDays
	var holidays []time.Time
	if r != nil {
		if r.HandlingDays > 0 {
			n = r.HandlingDays
		}
		holidays = r.Holidays
	}
	return addHandling(o.PaidAt, n, holidays), true
}

// addHandling applies the deadline rule to a payment time.
func addHandling(paid time.Time, days int, holidays []time.Time) time.Time {
	t := paid
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		t = t.Add(48 * time.Hour)
	}
	utc := t.Location() == time.UTC
	for days > 0 {
		if utc {
			// The next day, same clock time: in UTC that is 24 hours,
			// without AddDate's calendar arithmetic.
			t = t.Add(24 * time.Hour)
		} else {
			t = t.AddDate(0, 0, 1)
		}
		if workingDay(t, holidays) {
			days--
		}
	}
	return t
}

// workingDay reports whether t falls on Monday to Friday and on no holiday
// (holidays compare by calendar date).
func workingDay(t time.Time, holidays []time.Time) bool {
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if len(holidays) == 0 {
		return true
	}
	y, m, d := t.Date()
	for _, h := range holidays {
		hy, hm, hd := h.Date()
		if hy == y && hm == m && hd == d {
			return false
		}
	}
	return true
}

// Promise returns the promised delivery instant of o: shipped_at plus
// promised_days days when both are known, else the end of the promised_by day
// (its last nanosecond). It reports false when o has no promise.
func Promise(o *readers.Order) (time.Time, bool) {
	if o.PromisedDays > 0 && !o.ShippedAt.IsZero() {
		return o.ShippedAt.Add(time.Duration(o.PromisedDays) * 24 * time.Hour), true
	}
	if !o.PromisedBy.IsZero() {
		return endOfDay(o.PromisedBy), true
	}
	return time.Time{}, false
}

// promisedDays returns the promise of o in whole days after shipment: its
// promised_days, or the calendar days from the shipping day to the promised
// day. It returns 0 when unknown.
func promisedDays(o *readers.Order) int {
	if o.PromisedDays > 0 {
		return o.PromisedDays
	}
	if o.PromisedBy.IsZero() || o.ShippedAt.IsZero() {
		return 0
	}
	d := civilDay(o.PromisedBy) - civilDay(o.ShippedAt)
	if d < 0 {
		return 0
	}
	return int(d)
}

// endOfDay returns the last nanosecond of t's calendar day, in t's location.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location()).Add(-time.Nanosecond)
}

// civilDay returns the number of days from 1970-01-01 to t's calendar date
// (in t's location).
func civilDay(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// buyerCancelled reports whether a cancel reason says the buyer cancelled.
// Such orders are left out of the unsent numerator (docs/orders.md).
func buyerCancelled(reason string) bool {
	if reason == "" {
		return false
	}
	r := strings.ToLower(reason)
	for _, w := range buyerWords {
		if strings.Contains(r, w) {
			return true
		}
	}
	return false
}

// buyerWords mark a cancellation asked for by the buyer, in the languages of
// the exports.
var buyerWords = []string{
	"buyer", "customer", "买家", "顾客", "客户", "acheteur", "client", "comprador", "cliente", "käufer", "kunde", "acquirente",
}

// orderCancelled reports whether o ended cancelled.
func orderCancelled(o *readers.Order) bool { return o.Status == readers.StatusCancelled }

// fullyRefunded reports whether o was refunded its whole total.
func fullyRefunded(o *readers.Order) bool {
	return o.HasRefund && o.RefundAmount > 0 && o.HasTotal && o.RefundAmount >= o.Total-0.005
}

// orderTime is when o was placed: created_at, else paid_at.
func orderTime(o *readers.Order) time.Time {
	if !o.CreatedAt.IsZero() {
		return o.CreatedAt
	}
	return o.PaidAt
}
