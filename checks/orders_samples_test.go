package checks

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
)

type sampleRun struct {
	asOf     time.Time
	metrics  []Metric
	findings []Finding
}

func runSample(t *testing.T, name string) sampleRun { return runSampleWith(t, name, nil) }

func runSampleWith(t *testing.T, name string, rules *Rules) sampleRun {
	t.Helper()
	r, err := readers.OpenOrders(filepath.Join("..", "samples", name), nil, readers.Options{BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var batches [][]readers.Order
	var asOf time.Time
	for r.Next() {
		b := r.Batch()
		batches = append(batches, b.Orders)
		asOf = readers.LatestOf(asOf, b.Orders)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	// One accumulator per batch, merged, as the pipeline does.
	total := NewMetrics(rules, asOf)
	x := NewOrderRunner(rules, asOf)
	var fs []Finding
	for _, b := range batches {
		m := NewMetrics(rules, asOf)
		m.Add(b)
		total.Merge(m)
		fs = append(fs, x.Orders(b)...)
	}
	fs = append(fs, x.Finish()...)
	return sampleRun{asOf: asOf, metrics: total.Results(), findings: fs}
}

// TestOrderSamplesMetrics runs the sample exports of samples/: the English
// line-item CSV without a deadline column and the AliExpress Chinese XLSX
// with one must give the same shop and carrier metrics, and between them
// show every order finding and every status.
func TestOrderSamplesMetrics(t *testing.T) {
	en := runSample(t, "orders.csv")
	zh := runSample(t, "orders_aliexpress.xlsx")
	wantAsOf := time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)
	if !en.asOf.Equal(wantAsOf) || !zh.asOf.Equal(wantAsOf) {
		t.Fatalf("as of %v and %v, want %v", en.asOf, zh.asOf, wantAsOf)
	}
	rows := func(ms []Metric, scope string) string {
		var b strings.Builder
		for _, m := range ms {
			if m.Scope == scope {
				fmt.Fprintf(&b, "%s %s/%d %v/%v %s\n", m.Key, m.Name, m.WindowDays, m.Numerator, m.Denominator, m.Status)
			}
		}
		return b.String()
	}
	for _, sc := range []string{ScopeShopMetric, ScopeDayMetric} {
		if a, b := rows(en.metrics, sc), rows(zh.metrics, sc); a != b {
			t.Errorf("%s metrics differ between the samples:\n%s\n%s", sc, a, b)
		}
	}
	// Figures cross-checked with an independent script over orders.csv. The
	// Chinese export has no promised days, so its carrier rows differ.
	checkOrderRows(t, en.metrics, []metricWant{
		shopWant("unsent_rate", 7, 1, 14, "alert"),
		shopWant("unsent_rate", 30, 3, 41, "alert"),
		shopWant("late_ship_rate", 30, 1, 38, "warn"),
		shopWant("nr_rate", 30, 1, 38, "warn"),
		shopWant("nr_rate", 90, 2, 40, "alert"),
		shopWant("snad_rate", 30, 1, 38, "alert"),
		shopWant("incomplete_rate", 90, 4, 45, "alert"),
		shopWant("dsr_description", 90, 70, 15, "warn"),
		shopWant("dsr_communication", 90, 74, 15, "ok"),
		shopWant("dsr_shipping", 90, 67, 15, "alert"),
		carrierWant("YunExpress", "shipped", 32, 0, ""),
		carrierWant("YunExpress", "on_time_rate", 27, 29, "ok"),
		carrierWant("YunExpress", "delivery_label", 5, 0, "ok"),
		carrierWant("Cainiao", "on_time_rate", 3, 4, "alert"),
		carrierWant("Cainiao", "delivery_label", 0, 0, "n/a"),
		carrierWant("DHL", "on_time_rate", 0, 0, "n/a"),
		productWant("1005006001016", "described_wrongly", 1, 20, "alert"),
		productWant("1005006001029", "rating", 45, 9, "ok"),
		productWant("1005006001009", "rating", 25, 6, "alert"),
	})
	// The embedded default rules file says what docs/orders.md gives as defaults.
	if def := runSampleWith(t, "orders.csv", Default()); !reflect.DeepEqual(def.metrics, en.metrics) || !reflect.DeepEqual(def.findings, en.findings) {
		t.Errorf("the default rules file gives other results than the built-in defaults")
	}
	for _, run := range []sampleRun{en, zh} {
		seen := map[string]int{}
		for _, f := range run.findings {
			seen[f.Check]++
		}
		for _, id := range []string{"order-ship-overdue", "order-ship-due-soon", "order-dispute-response-due", "order-suspicious", "missing-field", "bad-value"} {
			if seen[id] == 0 {
				t.Errorf("no %s finding in the sample (%v)", id, seen)
			}
		}
		statuses := map[string]bool{}
		for _, m := range run.metrics {
			statuses[m.Status] = true
		}
		for _, s := range []string{"ok", "warn", "alert", "n/a"} {
			if !statuses[s] {
				t.Errorf("no metric with status %s", s)
			}
		}
	}
}
