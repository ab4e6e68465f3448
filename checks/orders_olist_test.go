package checks

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// readOlist reads the Olist orders corpus through the default aliases, or
// skips the test when the corpus is absent.
func readOlist(t *testing.T) []readers.Order {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "corpus", "olist-orders-sample", "olist_orders_dataset.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	r, err := readers.OpenOrders(path, nil, readers.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer r.Close()
	var all []readers.Order
	for r.Next() {
		all = append(all, r.Batch().Orders...)
	}
	if err := r.Err(); err != nil {
		t.Fatalf("read: %v", err)
	}
	for _, f := range []string{"created_at", "paid_at", "shipped_at", "delivered_at", "promised_by", "status", "order_id"} {
		if !r.Columns().Has(f) {
			t.Errorf("column for %s not found through the aliases", f)
		}
	}
	return all
}

// TestOlistCorpus checks the reference figures of the corpus's SOURCE.md and
// logs the metrics aecheck computes on it.
func TestOlistCorpus(t *testing.T) {
	orders := readOlist(t)
	if len(orders) != 4071 {
		t.Fatalf("%d orders, want 4071", len(orders))
	}
	raw := map[string]int{}
	var cancelledN, delivered, onTime int
	var asOf time.Time
	for i := range orders {
		o := &orders[i]
		raw[o.StatusRaw]++
		if o.Status == readers.StatusCancelled {
			cancelledN++
		}
		if len(o.Problems) > 0 {
			t.Errorf("order %s: problems %+v", o.ID, o.Problems)
		}
		if o.StatusRaw == "delivered" && !o.DeliveredAt.IsZero() {
			delivered++
			if p, ok := Promise(o); ok && !o.DeliveredAt.After(p) {
				onTime++
			}
		}
		asOf = readers.LatestOf(asOf, orders[i:i+1])
	}
	for s, n := range map[string]int{"delivered": 3965, "shipped": 43, "canceled": 20, "unavailable": 18, "processing": 15, "invoiced": 10} {
		if raw[s] != n {
			t.Errorf("status %s: %d orders, want %d", s, raw[s], n)
		}
	}
	if cancelledN != 38 {
		t.Errorf("%d cancelled orders, want 38 (canceled + unavailable)", cancelledN)
	}
	if delivered != 3964 || onTime != 3691 {
		t.Errorf("delivered with a date %d, on time %d; want 3964 and 3691", delivered, onTime)
	}

	m := NewMetrics(nil, asOf)
	x := NewOrderRunner(nil, asOf)
	var findings []Finding
	for lo := 0; lo < len(orders); lo += readers.BatchSize {
		b := orders[lo:min(lo+readers.BatchSize, len(orders))]
		m.Add(b)
		findings = append(findings, x.Orders(b)...)
	}
	findings = append(findings, x.Finish()...)
	rows := m.Results()
	t.Logf("as of %s: %d metric rows, %d order findings", asOf.Format(time.RFC3339), len(rows), len(findings))
	byCheck := map[string]int{}
	for _, f := range findings {
		byCheck[f.Check]++
	}
	t.Logf("findings by check: %v", byCheck)
	for _, r := range rows {
		if r.Scope == ScopeShopMetric || (r.Scope == ScopeCarrierMetric && r.Name != "sample") {
			t.Logf("%-7s %-12s %-16s %2dd %6.0f / %-6.0f = %.4f %-5s %s", r.Scope, r.Key, r.Name, r.WindowDays, r.Numerator, r.Denominator, r.Value, r.Status, r.Note)
		}
	}
	// The corpus's last purchase is 2018-09-20 and little happens in its last
	// weeks, so most windows are nearly empty; over a year the figures are
	// plausible.
	year := NewMetrics(nil, time.Date(2018, 8, 31, 23, 59, 59, 0, time.UTC))
	year.Add(orders)
	for _, name := range []string{"unsent_rate", "late_ship_rate", "incomplete_rate"} {
		for _, w := range []int{7, 30, 90} {
			if r, ok := findOrderMetric(year.Results(), "", ScopeShopMetric, "", name, w); ok {
				t.Logf("as of 2018-08-31: %s/%d = %.0f / %.0f = %.4f %s", name, w, r.Numerator, r.Denominator, r.Value, r.Status)
				if r.Denominator == 0 {
					t.Errorf("%s/%d has no orders as of 2018-08-31", name, w)
				}
			}
		}
	}
}
