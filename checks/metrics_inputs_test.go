package checks

import (
	"slices"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// allOrderFields is every canonical order field but those in drop, for
// the shop "".
func allOrderFields(drop ...string) *OrderColumns {
	c := NewOrderColumns()
	for _, f := range readers.OrderFields {
		if !slices.Contains(drop, f.Name) {
			c.Add("", f.Name)
		}
	}
	return c
}

func TestMetricsNoData(t *testing.T) {
	// Four orders shipped in the last 30 days, delivered and rated, none
	// disputed; a fifth cancelled.
	orders := []readers.Order{
		{ID: "o1", PaidAt: otm(t, "2024-06-20 12:00"), ShippedAt: otm(t, "2024-06-21 12:00"), DeliveredAt: otm(t, "2024-06-25 12:00"), RatingDescription: 5, Items: []readers.Item{{ProductID: "P1", Quantity: 1}}},
		{ID: "o2", PaidAt: otm(t, "2024-06-10 12:00"), ShippedAt: otm(t, "2024-06-11 12:00"), DeliveredAt: otm(t, "2024-06-15 12:00"), RatingDescription: 4, Items: []readers.Item{{ProductID: "P1", Quantity: 1}}},
		{ID: "o3", PaidAt: otm(t, "2024-06-12 12:00"), ShippedAt: otm(t, "2024-06-13 12:00"), Items: []readers.Item{{ProductID: "P2", Quantity: 1}}},
		{ID: "o4", PaidAt: otm(t, "2024-06-14 12:00"), ShippedAt: otm(t, "2024-06-15 12:00"), Items: []readers.Item{{ProductID: "P2", Quantity: 1}}},
		{ID: "o5", PaidAt: otm(t, "2024-06-16 12:00"), Status: readers.StatusCancelled, Items: []readers.Item{{ProductID: "P2", Quantity: 1}}},
	}
	// Rows every case checks, with their status when every column is there.
	base := map[string]metricWant{
		"nr_rate/30":         shopWant("nr_rate", 30, 0, 4, "ok"),
		"nr_rate/90":         shopWant("nr_rate", 90, 0, 4, "ok"),
		"snad_rate/30":       shopWant("snad_rate", 30, 0, 4, "ok"),
		"snad_rate/90":       shopWant("snad_rate", 90, 0, 4, "ok"),
		"late_ship_rate/30":  shopWant("late_ship_rate", 30, 0, 4, "ok"),
		"incomplete_rate/90": shopWant("incomplete_rate", 90, 1, 5, ""),
		"dsr_description/90": shopWant("dsr_description", 90, 9, 2, ""),
	}
	noData := func(w metricWant) metricWant { w.num, w.status = 0, StatusNoData; return w }
	tests := []struct {
		name   string
		cols   *OrderColumns
		nodata []string // keys of base that read no-data
	}{
		{name: "unknown columns (nil): every metric has data", cols: nil},
		{name: "every column, no dispute: ok, 0 of N", cols: allOrderFields()},
		{name: "no dispute columns", cols: allOrderFields("dispute_type", "dispute_opened_at", "dispute_status"),
			nodata: []string{"nr_rate/30", "nr_rate/90", "snad_rate/30", "snad_rate/90"}},
		{name: "dispute type without its time", cols: allOrderFields("dispute_opened_at"),
			nodata: []string{"nr_rate/30", "nr_rate/90", "snad_rate/30", "snad_rate/90"}},
		{name: "no rating column", cols: allOrderFields("rating_description"),
			nodata: []string{"dsr_description/90"}},
		{name: "incomplete needs one of status, cancel time, refund", cols: allOrderFields("status", "fulfillment_status", "cancelled_at", "refund_amount"),
			nodata: []string{"incomplete_rate/90"}},
		{name: "a refund with its total is enough for incomplete", cols: allOrderFields("status", "fulfillment_status", "cancelled_at")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMetrics(nil, otm(t, asOfTest))
			m.Add(orders)
			m.UseColumns(tt.cols)
			rows := m.Results()
			for k, w := range base {
				if slices.Contains(tt.nodata, k) {
					w = noData(w)
				}
				got, ok := findOrderMetric(rows, "", w.scope, w.key, w.name, w.window)
				if !ok {
					t.Fatalf("%s: no row", k)
				}
				if got.Numerator != w.num || got.Denominator != w.den {
					t.Errorf("%s = %v of %v, want %v of %v", k, got.Numerator, got.Denominator, w.num, w.den)
				}
				if w.status == StatusNoData && (got.Status != StatusNoData || got.Value != 0) {
					t.Errorf("%s: status %q value %v, want no-data and 0", k, got.Status, got.Value)
				}
				if w.status != StatusNoData && (got.Status == StatusNoData || (w.status != "" && got.Status != w.status)) {
					t.Errorf("%s: status %q, want %q", k, got.Status, w.status)
				}
			}
			var p ProductMetrics
			if err := m.EachProduct(10, func(ps []ProductMetrics) error {
				for _, q := range ps {
					if q.Product == "P1" {
						p = q
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			disputes := !slices.Contains(tt.nodata, "nr_rate/30")
			if got := p.NRStatus == StatusNoData; got == disputes {
				t.Errorf("product P1: nr_status %q with dispute columns %v", p.NRStatus, disputes)
			}
			if got := p.SNADStatus == StatusNoData && p.DescribedWrongly == StatusNoData; got == disputes {
				t.Errorf("product P1: snad_status %q, described_wrongly %q with dispute columns %v", p.SNADStatus, p.DescribedWrongly, disputes)
			}
			rated := !slices.Contains(tt.nodata, "dsr_description/90")
			if got := p.RatingStatus == StatusNoData && p.RatingCount == 0; got == rated {
				t.Errorf("product P1: rating_status %q, %d ratings with a rating column %v", p.RatingStatus, p.RatingCount, rated)
			}
			// The long layout's count rows say no-data with their rate.
			for _, r := range p.AppendRows(nil) {
				if r.Name == "nr" && (r.Status == StatusNoData) == disputes {
					t.Errorf("product row nr: status %q with dispute columns %v", r.Status, disputes)
				}
			}
			// The daily dispute counts too.
			for _, r := range rows {
				if r.Scope == ScopeDayMetric && r.Name == "nr_opened" && (r.Status == StatusNoData) == disputes {
					t.Fatalf("day row %s nr_opened: status %q with dispute columns %v", r.Key, r.Status, disputes)
				}
			}
		})
	}
}

func TestCarrierNoData(t *testing.T) {
	orders := make([]readers.Order, 12)
	for i := range orders {
		orders[i] = readers.Order{ID: string(rune('a' + i)), PaidAt: otm(t, "2024-06-10 12:00"), ShippedAt: otm(t, "2024-06-11 12:00"),
			PromisedDays: 5, Carrier: "Cainiao"}
	}
	for _, tt := range []struct {
		cols   *OrderColumns
		status string // of on_time_rate
	}{
		{allOrderFields(), "alert"}, // none delivered by the promise
		{allOrderFields("delivered_at"), StatusNoData},
	} {
		m := NewMetrics(nil, otm(t, asOfTest))
		m.Add(orders)
		m.UseColumns(tt.cols)
		rows := m.Results()
		rate, _ := findOrderMetric(rows, "", ScopeCarrierMetric, "Cainiao", "on_time_rate", 30)
		label, _ := findOrderMetric(rows, "", ScopeCarrierMetric, "Cainiao", "delivery_label", 30)
		if rate.Status != tt.status {
			t.Errorf("on_time_rate: %q, want %q", rate.Status, tt.status)
		}
		if (label.Status == StatusNoData) != (tt.status == StatusNoData) {
			t.Errorf("delivery_label: %q (%s) with on_time_rate %q", label.Status, label.Note, tt.status)
		}
	}
}

func TestOrderColumnsShows(t *testing.T) {
	var none *OrderColumns
	if !none.Shows("a", "nr_rate") || !none.Has("a", "dispute_type") {
		t.Error("nil OrderColumns must have every field")
	}
	c := NewOrderColumns()
	c.Add("a", "refund_amount")
	if c.Shows("a", "incomplete_rate") {
		t.Error("a refund without the order total cannot tell a full refund")
	}
	c.Add("a", "order_total")
	if !c.Shows("a", "incomplete_rate") {
		t.Error("a refund with the order total shows incomplete orders")
	}
	if !c.Shows("a", "orders") {
		t.Error("a metric that needs no column is always shown")
	}
	if c.Shows("a", "nr_rate") || !c.Shows("b", "nr_rate") {
		t.Error("the columns of one shop's exports must not decide another's metrics")
	}
}
