package checks

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// asOfTest is a Friday noon.
const asOfTest = "2024-06-28 12:00"

type metricWant struct {
	scope, key, name string
	window           int
	num, den         float64
	status           string
}

func findOrderMetric(rows []Metric, shop, scope, key, name string, window int) (Metric, bool) {
	for _, m := range rows {
		if m.Shop == shop && m.Scope == scope && m.Key == key && m.Name == name && m.WindowDays == window {
			return m, true
		}
	}
	return Metric{}, false
}

func checkOrderRows(t *testing.T, rows []Metric, wants []metricWant) {
	t.Helper()
	for _, w := range wants {
		m, ok := findOrderMetric(rows, "", w.scope, w.key, w.name, w.window)
		if !ok {
			t.Errorf("%s %s %s/%d: no row", w.scope, w.key, w.name, w.window)
			continue
		}
		if m.Numerator != w.num || m.Denominator != w.den || m.Status != w.status {
			t.Errorf("%s %q %s/%d = %v/%v %s, want %v/%v %s", w.scope, w.key, w.name, w.window,
				m.Numerator, m.Denominator, m.Status, w.num, w.den, w.status)
		}
		if m.Denominator > 0 && m.Value != m.Numerator/m.Denominator {
			t.Errorf("%s/%d value %v != %v/%v", w.name, w.window, m.Value, m.Numerator, m.Denominator)
		}
		if m.Denominator == 0 && m.Status == "n/a" && m.Value != 0 {
			t.Errorf("%s/%d: n/a row with value %v", w.name, w.window, m.Value)
		}
	}
}

func shopWant(name string, window int, num, den float64, status string) metricWant {
	return metricWant{scope: ScopeShopMetric, name: name, window: window, num: num, den: den, status: status}
}

func TestShopMetrics(t *testing.T) {
	at := func(s string) time.Time { return otm(t, s) }
	tests := []struct {
		name   string
		orders []readers.Order
		want   []metricWant
	}{
		{
			name: "unsent and late with a deadline column",
			orders: []readers.Order{
				{ID: "o1", Deadline: at("2024-06-28 11:00")},                                    // unsent 7, 30
				{ID: "o2", Deadline: at("2024-06-26 12:00"), ShippedAt: at("2024-06-25 12:00")}, // shipped in time
				{ID: "o3", Deadline: at("2024-06-21 12:00")},                                    // exactly as_of-7d: 30 only
				{ID: "o4", Deadline: at("2024-06-18 12:00"), ShippedAt: at("2024-06-19 12:00")}, // shipped late: unsent and late
				{ID: "o5", Deadline: at("2024-06-23 12:00"), Status: readers.StatusCancelled, CancelReason: "Buyer cancelled the order"},
				{ID: "o6", Deadline: at("2024-06-28 13:00")},                                                                 // after as_of
				{ID: "o7", Deadline: at("2024-05-29 12:00")},                                                                 // exactly as_of-30d: out
				{ID: "o8", Deadline: at("2024-06-28 12:00")},                                                                 // exactly as_of: in
				{ID: "o9", Deadline: at("2024-05-28 12:00"), ShippedAt: at("2024-05-29 12:00")},                              // shipped exactly as_of-30d: out
				{ID: "o10", Deadline: at("2024-06-27 12:00"), ShippedAt: at("2024-06-28 12:00")},                             // shipped exactly at as_of, late
				{ID: "o11", Deadline: at("2024-06-27 12:00"), ShippedAt: at("2024-06-27 12:00")},                             // shipped at the deadline: in time
				{ID: "o12", Deadline: at("2024-06-24 12:00"), Status: readers.StatusCancelled, CancelReason: "Out of stock"}, // seller cancel counts
			},
			want: []metricWant{
				shopWant("unsent_rate", 7, 4, 7, "alert"),  // o1 o8 o10 o12 / o1 o2 o5 o8 o10 o11 o12
				shopWant("unsent_rate", 30, 6, 9, "alert"), // + o3 o4 / + o3 o4
				shopWant("late_ship_rate", 30, 2, 4, "alert"),
				shopWant("nr_rate", 30, 0, 4, "ok"),
				shopWant("nr_rate", 90, 0, 5, "ok"),
				shopWant("incomplete_rate", 90, 0, 0, "n/a"),
				shopWant("dsr_description", 90, 0, 0, "n/a"),
			},
		},
		{
			name: "computed deadlines without a deadline column",
			orders: []readers.Order{
				{ID: "c1", PaidAt: at("2024-06-17 10:00")},                                    // Thu 06-20 10:00: 30 only, unsent
				{ID: "c2", PaidAt: at("2024-06-22 09:00"), ShippedAt: at("2024-06-26 09:00")}, // Sat: Thu 06-27 09:00, in time
				{ID: "c3", PaidAt: at("2024-06-21 15:00"), ShippedAt: at("2024-06-27 09:00")}, // Wed 06-26 15:00, late
				{ID: "c4", CreatedAt: at("2024-06-18 10:00"), ShippedAt: at("2024-06-20 09:00")},
				{ID: "c5", PaidAt: at("2024-06-27 10:00")}, // Tue 07-02: not due
			},
			want: []metricWant{
				shopWant("unsent_rate", 7, 1, 2, "alert"),
				shopWant("unsent_rate", 30, 2, 3, "alert"),
				shopWant("late_ship_rate", 30, 1, 3, "alert"),
				shopWant("incomplete_rate", 90, 0, 4, "ok"),
			},
		},
		{
			name: "dispute rates",
			orders: []readers.Order{
				{ID: "s1", ShippedAt: at("2024-06-10 10:00"), Dispute: readers.DisputeNR, DisputeOpenedAt: at("2024-06-27 10:00")},
				{ID: "s2", ShippedAt: at("2024-06-20 10:00"), Dispute: readers.DisputeSNAD, DisputeOpenedAt: at("2024-06-01 10:00")},
				{ID: "s3", ShippedAt: at("2024-06-28 12:00"), Dispute: readers.DisputeOther, DisputeOpenedAt: at("2024-06-20 10:00")},
				{ID: "s4", ShippedAt: at("2024-05-29 12:00"), Dispute: readers.DisputeNR, DisputeOpenedAt: at("2024-05-29 12:00")},
				{ID: "s5", ShippedAt: at("2024-04-01 10:00"), Dispute: readers.DisputeNR, DisputeOpenedAt: at("2024-04-15 10:00")},
				{ID: "s6", ShippedAt: at("2024-03-30 12:00"), Dispute: readers.DisputeSNAD, DisputeOpenedAt: at("2024-03-30 12:00")},
				{ID: "s7", Dispute: readers.DisputeNR}, // no opening time: not counted
				{ID: "s8", ShippedAt: at("2024-06-29 10:00"), Dispute: readers.DisputeNR, DisputeOpenedAt: at("2024-06-28 12:01")},
			},
			want: []metricWant{
				shopWant("nr_rate", 30, 1, 3, "alert"),
				shopWant("nr_rate", 90, 3, 5, "alert"),
				shopWant("snad_rate", 30, 1, 3, "alert"),
				shopWant("snad_rate", 90, 1, 5, "alert"),
				shopWant("late_ship_rate", 30, 0, 3, "ok"),
				shopWant("unsent_rate", 7, 0, 0, "n/a"),
			},
		},
		{
			name: "incomplete transactions",
			orders: []readers.Order{
				{ID: "i1", PaidAt: at("2024-06-01 10:00"), Status: readers.StatusCancelled, ShippedAt: at("2024-06-02 10:00")},
				{ID: "i2", PaidAt: at("2024-06-01 10:00"), Status: readers.StatusCompleted, Total: 10, HasTotal: true, RefundAmount: 10, HasRefund: true, ShippedAt: at("2024-06-02 10:00")},
				{ID: "i3", PaidAt: at("2024-06-01 10:00"), Status: readers.StatusCompleted, Total: 10, HasTotal: true, RefundAmount: 5, HasRefund: true, ShippedAt: at("2024-06-02 10:00")},
				{ID: "i4", PaidAt: at("2024-06-01 10:00"), Status: readers.StatusCompleted, RefundAmount: 10, HasRefund: true, ShippedAt: at("2024-06-02 10:00")},
				{ID: "i5", PaidAt: at("2024-03-30 12:00"), Status: readers.StatusCancelled},
				{ID: "i6", PaidAt: at("2024-06-28 12:00"), Status: readers.StatusCompleted},
				{ID: "i7", CreatedAt: at("2024-06-01 10:00"), Status: readers.StatusCancelled},
				{ID: "i8", PaidAt: at("2024-03-30 12:01"), Status: readers.StatusCancelRequested, ShippedAt: at("2024-04-01 10:00")},
			},
			want: []metricWant{
				shopWant("incomplete_rate", 90, 2, 6, "alert"),
			},
		},
		{
			name: "ratings by delivery time",
			orders: []readers.Order{
				{ID: "r1", DeliveredAt: at("2024-06-01 10:00"), RatingDescription: 5, RatingCommunication: 4, RatingShipping: 3},
				{ID: "r2", DeliveredAt: at("2024-05-01 10:00"), RatingDescription: 4, RatingShipping: 5},
				{ID: "r3", DeliveredAt: at("2024-03-30 12:00"), RatingDescription: 1, RatingCommunication: 1, RatingShipping: 1},
				{ID: "r4", RatingDescription: 1},
				{ID: "r5", DeliveredAt: at("2024-06-28 12:00"), RatingDescription: 5, RatingCommunication: 5, RatingShipping: 5},
			},
			want: []metricWant{
				shopWant("dsr_description", 90, 14, 3, "warn"),  // 4.67
				shopWant("dsr_communication", 90, 9, 2, "warn"), // 4.5
				shopWant("dsr_shipping", 90, 13, 3, "alert"),    // 4.33
			},
		},
	}
	asOf := otm(t, asOfTest)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMetrics(nil, asOf)
			m.Add(tc.orders)
			checkOrderRows(t, m.Results(), tc.want)
		})
	}
}

func TestStatus(t *testing.T) {
	unsent := defaultOrderThresholds["unsent_rate"]
	nr := defaultOrderThresholds["nr_rate"]
	dsr := defaultOrderThresholds["dsr_description"]
	tests := []struct {
		num, den int64
		th       Threshold
		want     string
	}{
		{0, 0, unsent, "n/a"},
		{0, 100, unsent, "ok"},
		{1, 100, unsent, "warn"},
		{2, 100, unsent, "alert"},
		{3, 150, unsent, "alert"}, // exactly 2 %
		{0, 100, nr, "ok"},
		{99, 10000, nr, "ok"},
		{1, 100, nr, "warn"},
		{29, 1000, nr, "warn"},
		{3, 100, nr, "alert"},
		{47, 10, dsr, "ok"},
		{469, 100, dsr, "warn"},
		{45, 10, dsr, "warn"},
		{449, 100, dsr, "alert"},
		{5, 1, Threshold{}, "ok"},
	}
	for _, tc := range tests {
		v := 0.0
		if tc.den > 0 {
			v = float64(tc.num) / float64(tc.den)
		}
		if got := Status(v, tc.den, tc.th); got != tc.want {
			t.Errorf("Status(%d/%d, %+v) = %s, want %s", tc.num, tc.den, tc.th, got, tc.want)
		}
	}
}

func TestThresholdsFromRules(t *testing.T) {
	asOf := otm(t, asOfTest)
	r := &Rules{Orders: OrderRules{Thresholds: map[string]Threshold{"late_ship_rate": {Warn: 0.6, Alert: 0.9}}}}
	m := NewMetrics(r, asOf)
	m.Add([]readers.Order{
		{ID: "a", Deadline: otm(t, "2024-06-20 10:00"), ShippedAt: otm(t, "2024-06-21 10:00")},
		{ID: "b", Deadline: otm(t, "2024-06-20 10:00"), ShippedAt: otm(t, "2024-06-19 10:00")},
	})
	checkOrderRows(t, m.Results(), []metricWant{
		shopWant("late_ship_rate", 30, 1, 2, "ok"), // 50 % under the rules' 60 %
		shopWant("unsent_rate", 30, 1, 2, "alert"), // default kept
	})
}

func carrierWant(key, name string, num, den float64, status string) metricWant {
	return metricWant{scope: ScopeCarrierMetric, key: key, name: name, window: 30, num: num, den: den, status: status}
}

func TestCarrierMetrics(t *testing.T) {
	at := func(s string) time.Time { return otm(t, s) }
	orders := []readers.Order{
		{ID: "k1", Carrier: "Cainiao", ShippedAt: at("2024-06-10 10:00"), PromisedDays: 10, DeliveredAt: at("2024-06-18 10:00")}, // on time
		{ID: "k2", Carrier: "Cainiao", ShippedAt: at("2024-06-10 10:00"), PromisedDays: 10},                                      // promise expired
		{ID: "k3", Carrier: "Cainiao", ShippedAt: at("2024-06-25 10:00"), PromisedDays: 10},                                      // still travelling
		{ID: "k4", Carrier: "Cainiao", ShippedAt: at("2024-06-01 10:00"), PromisedDays: 10, DeliveredAt: at("2024-06-15 10:00")}, // late
		{ID: "k5", Carrier: "Cainiao", ShippedAt: at("2024-06-20 10:00"), DeliveredAt: at("2024-06-22 10:00")},                   // no promise: not on time
		{ID: "k6", Carrier: "Cainiao", ShippedAt: at("2024-05-01 10:00"), DeliveredAt: at("2024-06-20 10:00")},                   // shipped before the window
		{ID: "k7", ShippedAt: at("2024-06-20 10:00")},
		{ID: "k8", Carrier: "Cainiao", ShippedAt: at("2024-06-20 10:00"), PromisedDays: 2, DeliveredAt: at("2024-06-22 10:00")}, // exactly at the promise
		{ID: "k9", Carrier: "Cainiao", ShippedAt: at("2024-06-20 10:00"), PromisedDays: 2, DeliveredAt: at("2024-06-29 10:00")}, // delivered after as_of: promise expired, late
	}
	add := func(name string, n, onTime int, shipped, by, delivered string) {
		for i := range n {
			o := readers.Order{ID: fmt.Sprintf("%s%d", name, i), Carrier: name, ShippedAt: at(shipped), PromisedBy: at(by)}
			if i < onTime {
				o.DeliveredAt = at(delivered)
			} else {
				o.DeliveredAt = at(by).AddDate(0, 0, 1)
			}
			orders = append(orders, o)
		}
	}
	add("DHL", 30, 30, "2024-06-10 10:00", "2024-06-13 00:00", "2024-06-13 23:00")
	add("UPS", 30, 25, "2024-06-10 10:00", "2024-06-13 00:00", "2024-06-12 10:00")
	add("FedEx", 30, 30, "2024-06-10 10:00", "2024-06-20 00:00", "2024-06-12 10:00")
	add("GLS", 20, 17, "2024-06-10 10:00", "2024-06-13 00:00", "2024-06-12 10:00")
	add("GLS", 20, 17, "2024-06-10 10:00", "2024-06-14 00:00", "2024-06-12 10:00")

	m := NewMetrics(nil, otm(t, asOfTest))
	m.Add(orders)
	rows := m.Results()
	checkOrderRows(t, rows, []metricWant{
		carrierWant("Cainiao", "shipped", 7, 0, ""),
		carrierWant("Cainiao", "sample", 6, 0, ""),
		carrierWant("Cainiao", "on_time", 2, 0, ""),
		carrierWant("Cainiao", "on_time_rate", 2, 6, "alert"),
		carrierWant("Cainiao", "delivery_label", 0, 0, "n/a"),
		carrierWant(NoCarrier, "shipped", 1, 0, ""),
		carrierWant(NoCarrier, "sample", 0, 0, ""),
		carrierWant(NoCarrier, "on_time_rate", 0, 0, "n/a"),
		carrierWant("DHL", "on_time_rate", 30, 30, "ok"),
		carrierWant("DHL", "delivery_label", 3, 0, "ok"),
		carrierWant("UPS", "on_time_rate", 25, 30, "alert"),
		carrierWant("UPS", "delivery_label", 0, 0, "alert"),
		carrierWant("FedEx", "delivery_label", 0, 0, "warn"),
		carrierWant("GLS", "shipped", 40, 0, ""),
		carrierWant("GLS", "on_time_rate", 34, 40, "ok"),
		carrierWant("GLS", "delivery_label", 5, 0, "ok"),
	})
	if m, _ := findOrderMetric(rows, "", ScopeCarrierMetric, "GLS", "delivery_label", 30); m.Value != 5 || m.Note == "" {
		t.Errorf("GLS label = %+v, want 5 days with a note", m)
	}
}

func productWant(key, name string, num, den float64, status string) metricWant {
	return metricWant{scope: ScopeProductMetric, key: key, name: name, window: 90, num: num, den: den, status: status}
}

func TestProductMetrics(t *testing.T) {
	at := func(s string) time.Time { return otm(t, s) }
	items := func(ids ...string) []readers.Item {
		var is []readers.Item
		for _, id := range ids {
			is = append(is, readers.Item{ProductID: id, Quantity: 1})
		}
		return is
	}
	orders := []readers.Order{
		{ID: "a", CreatedAt: at("2024-06-01 10:00"), Items: items("p1", "p2"), Dispute: readers.DisputeNR, DisputeOpenedAt: at("2024-06-10 10:00")},
		{ID: "b", CreatedAt: at("2024-06-02 10:00"), Items: items("p1", "p1"), Dispute: readers.DisputeSNAD, DisputeOpenedAt: at("2024-06-05 10:00"),
			DeliveredAt: at("2024-06-10 10:00"), RatingDescription: 5},
		{ID: "c", CreatedAt: at("2024-03-01 10:00"), Items: items("p1"), DeliveredAt: at("2024-04-01 10:00"), RatingDescription: 3},
		{ID: "d", PaidAt: at("2024-06-03 10:00"), Items: []readers.Item{{SKU: "SKU-9", Quantity: 2}}},
		{ID: "e", CreatedAt: at("2024-03-30 12:00"), Items: items("p2")}, // exactly as_of-90d
	}
	for i := range 10 {
		o := readers.Order{ID: fmt.Sprintf("p3-%d", i), CreatedAt: at("2024-06-05 10:00"), Items: items("p3")}
		if i == 0 {
			o.Dispute, o.DisputeOpenedAt = readers.DisputeSNAD, at("2024-06-15 10:00")
		}
		orders = append(orders, o)
	}
	for i := range 9 {
		orders = append(orders, readers.Order{ID: fmt.Sprintf("p4-%d", i), CreatedAt: at("2024-06-05 10:00"), Items: items("p4"),
			Dispute: readers.DisputeSNAD, DisputeOpenedAt: at("2024-06-15 10:00")})
	}
	for i := range 20 {
		o := readers.Order{ID: fmt.Sprintf("p5-%d", i), CreatedAt: at("2024-06-05 10:00"), Items: items("p5")}
		if i == 0 {
			o.Dispute, o.DisputeOpenedAt = readers.DisputeSNAD, at("2024-06-15 10:00")
		}
		orders = append(orders, o)
	}
	for i := range 21 {
		o := readers.Order{ID: fmt.Sprintf("p6-%d", i), CreatedAt: at("2024-06-05 10:00"), Items: items("p6")}
		if i == 0 {
			o.Dispute, o.DisputeOpenedAt = readers.DisputeSNAD, at("2024-06-15 10:00")
		}
		orders = append(orders, o)
	}
	m := NewMetrics(nil, otm(t, asOfTest))
	m.Add(orders)
	rows := m.Results()
	checkOrderRows(t, rows, []metricWant{
		productWant("p1", "orders", 2, 0, ""),
		productWant("p1", "nr", 1, 0, ""),
		productWant("p1", "snad", 1, 0, ""),
		productWant("p1", "nr_rate", 1, 2, "alert"),
		productWant("p1", "snad_rate", 1, 2, "alert"),
		productWant("p1", "rating", 8, 2, "alert"),
		productWant("p1", "rating_count", 2, 0, ""),
		productWant("p1", "described_wrongly", 1, 2, "ok"),
		productWant("p2", "orders", 1, 0, ""),
		productWant("p2", "nr_rate", 1, 1, "alert"),
		productWant("p2", "rating", 0, 0, "n/a"),
		productWant("SKU-9", "orders", 1, 0, ""),
		productWant("p3", "described_wrongly", 1, 10, "alert"),
		productWant("p4", "described_wrongly", 9, 9, "ok"),
		productWant("p5", "described_wrongly", 1, 20, "alert"), // exactly 5 %
		productWant("p6", "described_wrongly", 1, 21, "ok"),
	})
}

func TestDailySeries(t *testing.T) {
	at := func(s string) time.Time { return otm(t, s) }
	m := NewMetrics(nil, otm(t, asOfTest))
	m.Add([]readers.Order{
		{ID: "1", Dispute: readers.DisputeNR, DisputeOpenedAt: at("2024-06-28 01:00")},
		{ID: "2", Dispute: readers.DisputeNR, DisputeOpenedAt: at("2024-06-28 12:01")}, // after as_of
		{ID: "3", Dispute: readers.DisputeSNAD, DisputeOpenedAt: at("2024-03-31 00:00")},
		{ID: "4", Dispute: readers.DisputeSNAD, DisputeOpenedAt: at("2024-03-30 23:59")}, // 91st day back
		{ID: "5", Deadline: at("2024-06-20 10:00")},
		{ID: "6", Deadline: at("2024-06-20 11:00"), ShippedAt: at("2024-06-20 12:00")},
		{ID: "7", Deadline: at("2024-06-20 11:00"), ShippedAt: at("2024-06-20 10:00")},
	})
	var days int
	for _, r := range m.Results() {
		if r.Scope == ScopeDayMetric {
			days++
		}
	}
	if days != 3*DailyDays {
		t.Errorf("%d day rows, want %d", days, 3*DailyDays)
	}
	rows := m.Results()
	for _, w := range []struct {
		day, name string
		n         float64
	}{
		{"2024-06-28", "nr_opened", 1},
		{"2024-03-31", "snad_opened", 1},
		{"2024-06-20", "unsent", 2},
		{"2024-06-21", "unsent", 0},
	} {
		r, ok := findOrderMetric(rows, "", ScopeDayMetric, w.day, w.name, 1)
		if !ok || r.Numerator != w.n {
			t.Errorf("%s %s = %+v (%v), want %v", w.day, w.name, r, ok, w.n)
		}
	}
	if _, ok := findOrderMetric(rows, "", ScopeDayMetric, "2024-03-30", "snad_opened", 1); ok {
		t.Errorf("day 2024-03-30 is more than 90 days back")
	}
}

func TestShopsAreSeparate(t *testing.T) {
	m := NewMetrics(nil, otm(t, asOfTest))
	m.Add([]readers.Order{
		{ID: "1", Shop: "A", Deadline: otm(t, "2024-06-27 10:00")},
		{ID: "1", Shop: "B", Deadline: otm(t, "2024-06-27 10:00"), ShippedAt: otm(t, "2024-06-26 10:00"), Carrier: "DHL"},
	})
	rows := m.Results()
	a, _ := findOrderMetric(rows, "A", ScopeShopMetric, "", "unsent_rate", 7)
	b, _ := findOrderMetric(rows, "B", ScopeShopMetric, "", "unsent_rate", 7)
	if a.Numerator != 1 || a.Denominator != 1 || b.Numerator != 0 || b.Denominator != 1 {
		t.Errorf("shop A %+v, shop B %+v", a, b)
	}
	if _, ok := findOrderMetric(rows, "B", ScopeCarrierMetric, "DHL", "shipped", 30); !ok {
		t.Errorf("carrier row of shop B missing")
	}
	if _, ok := findOrderMetric(rows, "A", ScopeCarrierMetric, "DHL", "shipped", 30); ok {
		t.Errorf("carrier of shop B reported for shop A")
	}
	if rows[0].Shop != "A" || rows[len(rows)-1].Shop != "B" || rows[0].Scope != ScopeShopMetric {
		t.Errorf("rows not sorted by shop then scope: first %+v", rows[0])
	}
}

// randomTestOrders builds n orders spread over 120 days before asOf, with every
// field the metrics read.
func randomTestOrders(rng *rand.Rand, n int, asOf time.Time) []readers.Order {
	carriers := []string{"", "Cainiao", "DHL", "YunExpress"}
	shops := []string{"", "north"}
	os := make([]readers.Order, n)
	back := func() time.Time { return asOf.Add(-time.Duration(rng.Int64N(int64(120 * 24 * time.Hour)))) }
	maybe := func(p float64, f func() time.Time) time.Time {
		if rng.Float64() < p {
			return f()
		}
		return time.Time{}
	}
	for i := range os {
		o := &os[i]
		o.ID = fmt.Sprint(i)
		o.Shop = shops[rng.IntN(len(shops))]
		o.CreatedAt = back()
		o.PaidAt = maybe(0.9, func() time.Time { return o.CreatedAt.Add(time.Duration(rng.IntN(48)) * time.Hour) })
		o.Deadline = maybe(0.3, back)
		o.ShippedAt = maybe(0.8, back)
		o.DeliveredAt = maybe(0.6, back)
		o.Carrier = carriers[rng.IntN(len(carriers))]
		if rng.Float64() < 0.5 {
			o.PromisedDays = rng.IntN(8)
			if rng.Float64() < 0.01 {
				o.PromisedDays = 7 + rng.IntN(5)
			}
		}
		o.PromisedBy = maybe(0.3, back)
		o.Dispute = readers.Dispute(rng.IntN(4))
		o.DisputeOpenedAt = maybe(0.5, back)
		o.Status = readers.Status(rng.IntN(9))
		o.Total, o.HasTotal = float64(rng.IntN(10000))/100, rng.Float64() < 0.9
		o.RefundAmount, o.HasRefund = o.Total, rng.Float64() < 0.1
		if rng.Float64() < 0.2 {
			o.CancelReason = "buyer asked"
		}
		o.RatingDescription, o.RatingCommunication, o.RatingShipping = rng.IntN(6), rng.IntN(6), rng.IntN(6)
		for range rng.IntN(3) {
			o.Items = append(o.Items, readers.Item{ProductID: fmt.Sprintf("P%d", rng.IntN(40)), Quantity: 1 + rng.IntN(3)})
		}
	}
	return os
}

func TestMergeEqualsSingle(t *testing.T) {
	asOf := otm(t, asOfTest)
	// Loose carrier rules so that labels (the maximum promise) are shown.
	loose := &Rules{Orders: OrderRules{CarrierMinOrders: 1, CarrierOnTime: 0.01, WrongDescMinOrders: 1, PromotionWindowDays: 30}}
	for _, r := range []*Rules{nil, loose} {
		rng := rand.New(rand.NewPCG(1, 2))
		orders := randomTestOrders(rng, 3000, asOf)
		one := NewMetrics(r, asOf)
		one.Add(orders)
		want := one.Results()
		labels := 0
		for _, m := range want {
			if m.Name == "delivery_label" && m.Value > 0 {
				labels++
			}
		}
		if r != nil && labels == 0 {
			t.Fatalf("random data shows no delivery label: the merge of labels is not tested")
		}
		for trial := range 20 {
			// Random cut points, random number of partial accumulators, merged in random order.
			var parts []*Metrics
			for lo := 0; lo < len(orders); {
				hi := min(len(orders), lo+1+rng.IntN(500))
				p := NewMetrics(r, asOf)
				p.Add(orders[lo:hi])
				parts = append(parts, p)
				lo = hi
			}
			rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
			total := NewMetrics(r, asOf)
			for _, p := range parts {
				total.Merge(p)
			}
			if got := total.Results(); !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d: merge of %d parts differs from one accumulator", trial, len(parts))
			}
			if trial == 0 {
				// Merge into a non-empty accumulator.
				a := parts[0]
				for _, p := range parts[1:] {
					a.Merge(p)
				}
				if !reflect.DeepEqual(a.Results(), want) {
					t.Fatalf("chained merge differs")
				}
			}
		}
	}
}

func TestPromotion(t *testing.T) {
	at := func(s string) time.Time { return otm(t, s) }
	var orders []readers.Order
	rate := func(id string, n, rating int, placed string) {
		for i := range n {
			orders = append(orders, readers.Order{ID: fmt.Sprintf("%s-%d", id, i), CreatedAt: at(placed),
				DeliveredAt: at(placed).Add(72 * time.Hour), RatingDescription: rating, Items: []readers.Item{{ProductID: id, Quantity: 1}}})
		}
	}
	rate("good", 6, 5, "2024-06-01 10:00")
	rate("few", 5, 5, "2024-06-01 10:00")
	rate("low", 6, 4, "2024-06-01 10:00")
	rate("old", 6, 5, "2024-01-01 10:00")
	rate("new", 6, 5, "2024-06-01 10:00")
	orders = append(orders, readers.Order{ID: "cx", CreatedAt: at("2024-06-01 10:00"), Status: readers.StatusCancelled, Items: []readers.Item{{ProductID: "cancelled"}}})
	m := NewMetrics(nil, otm(t, asOfTest))
	m.Add(orders)
	ls := []readers.Listing{
		{ProductID: "good", CreatedAt: at("2024-01-01 00:00"), HasCreatedAt: true},
		{ProductID: "good"}, // second row of the same product: once
		{ProductID: "few", CreatedAt: at("2024-01-01 00:00"), HasCreatedAt: true},
		{ProductID: "low", CreatedAt: at("2024-01-01 00:00"), HasCreatedAt: true},
		{ProductID: "old", CreatedAt: at("2024-01-01 00:00"), HasCreatedAt: true},
		{ProductID: "new", CreatedAt: at("2024-06-28 00:00"), HasCreatedAt: true},
		{ProductID: "cancelled", CreatedAt: at("2024-01-01 00:00"), HasCreatedAt: true},
		{ProductID: "undated"},
		{ProductID: ""},
	}
	got := m.Promotion(ls)
	wantStatus := map[string]string{"good": "ok", "few": "alert", "low": "alert", "old": "alert", "new": "alert", "cancelled": "alert", "undated": "alert"}
	wantIn := map[string]string{"few": "only 5 ratings in the last 90 days; more than 5 are needed", "low": "below 4.5", "old": "no sale and no buyer rating in the last 90 days", "new": "less than 24 hours",
		"cancelled": "no sale", "undated": "not checked"}
	if len(got) != len(wantStatus) {
		t.Fatalf("%d rows, want %d: %+v", len(got), len(wantStatus), got)
	}
	for _, r := range got {
		if r.Status != wantStatus[r.Key] || r.Name != "promotion_eligible" || r.WindowDays != 90 {
			t.Errorf("%s: %+v, want status %s", r.Key, r, wantStatus[r.Key])
		}
		if w := wantIn[r.Key]; w != "" && !strings.Contains(r.Note, w) {
			t.Errorf("%s: note %q does not say %q", r.Key, r.Note, w)
		}
		if (r.Value == 1) != (r.Status == "ok") {
			t.Errorf("%s: value %v with status %s", r.Key, r.Value, r.Status)
		}
	}
}

func BenchmarkMetricsAdd(b *testing.B) {
	asOf := otm(b, asOfTest)
	orders := randomTestOrders(rand.New(rand.NewPCG(3, 4)), 100_000, asOf)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m := NewMetrics(nil, asOf)
		for lo := 0; lo < len(orders); lo += readers.BatchSize {
			m.Add(orders[lo:min(len(orders), lo+readers.BatchSize)])
		}
		_ = m.Results()
	}
}

// TestResultsSorted: Results builds its rows key by key; they must come in
// the order SortMetrics gives, for several shops, carriers and products.
func TestResultsSorted(t *testing.T) {
	asOf := otm(t, asOfTest)
	orders := randomTestOrders(rand.New(rand.NewPCG(11, 12)), 4000, asOf)
	for i := range orders {
		orders[i].Shop = []string{"", "north", "b-shop", "Zed"}[i%4]
	}
	m := NewMetrics(nil, asOf)
	m.Add(orders)
	got := m.Results()
	want := slices.Clone(got)
	rand.New(rand.NewPCG(1, 1)).Shuffle(len(want), func(i, j int) { want[i], want[j] = want[j], want[i] })
	SortMetrics(want)
	if !reflect.DeepEqual(got, want) {
		t.Fatal("Results is not in SortMetrics order")
	}
}
