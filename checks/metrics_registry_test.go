package checks

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestMetricRegistry holds the registry of metrics to its rules: sorted by
// ID (then scope), each (ID, scope) once, snake_case IDs, a meaning for
// each, windows for each computed metric, a label for each the report
// ranks, and default levels equal to the built-in rules file's.
func TestMetricRegistry(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	def := Default().Orders.Thresholds
	for i, d := range metricDefs {
		if i > 0 {
			p := metricDefs[i-1]
			if p.ID > d.ID || p.ID == d.ID && p.Scope >= d.Scope {
				t.Errorf("%s (%s) is listed after %s (%s): keep the registry sorted by ID, then scope", d.ID, d.Scope, p.ID, p.Scope)
			}
		}
		if !snake.MatchString(d.ID) {
			t.Errorf("%s: IDs are snake_case", d.ID)
		}
		if d.Meaning == "" || d.Unit == 0 || d.Scope == "" {
			t.Errorf("%s: needs a scope, a unit and a meaning", d.ID)
		}
		n := 0
		for _, f := range []bool{d.shop != nil, d.carrier != nil, d.day != nil, d.product != nil} {
			if f {
				n++
			}
		}
		if n > 1 {
			t.Errorf("%s: computed in %d ways", d.ID, n)
		}
		if n == 1 && len(d.Windows) == 0 {
			t.Errorf("%s: a computed metric lists its windows", d.ID)
		}
		if d.Rank > 0 && d.Label == "" {
			t.Errorf("%s: a metric the report ranks needs a label", d.ID)
		}
		if d.Threshold != nil {
			if d.Scope != ScopeShopMetric || d.Source == "" {
				t.Errorf("%s: levels are for shop metrics and say their source", d.ID)
			}
			if got, ok := def[d.ID]; !ok || got != *d.Threshold {
				t.Errorf("%s: registry levels %+v, defaults.yaml %+v", d.ID, *d.Threshold, got)
			}
		}
		if got := LookupMetric(d.Scope, d.ID); got != d {
			t.Errorf("LookupMetric(%q, %q) = %v", d.Scope, d.ID, got)
		}
	}
	for name := range def {
		if d := LookupMetric(ScopeShopMetric, name); d == nil || d.Threshold == nil {
			t.Errorf("defaults.yaml sets levels for %s, which the registry does not judge by levels", name)
		}
	}
	if LookupMetric(ScopeShopMetric, "no_such_metric") != nil || LookupMetric(ScopeDayMetric, "nr_rate") != nil {
		t.Error("LookupMetric finds what is not registered")
	}
	if d := metricByID["nr_rate"]; d.Scope != ScopeShopMetric {
		t.Errorf("nr_rate by name is the %s metric, want the shop one (the one a rules file tunes)", d.Scope)
	}
}

// TestMetricRowsFollowRegistry checks that every row the accumulator
// emits is a registered metric of its scope over one of its windows.
func TestMetricRowsFollowRegistry(t *testing.T) {
	asOf := otm(t, asOfTest)
	m := NewMetrics(nil, asOf)
	m.Add(randomTestOrders(rand.New(rand.NewPCG(5, 6)), 400, asOf))
	rows := m.Results()
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	seen := map[*MetricDef]bool{}
	for _, r := range rows {
		d := LookupMetric(r.Scope, r.Name)
		if d == nil {
			t.Fatalf("row %s/%s is not in the registry", r.Scope, r.Name)
		}
		seen[d] = true
		ok := false
		for _, w := range d.Windows {
			ok = ok || w == r.WindowDays
		}
		if !ok {
			t.Errorf("row %s/%s has window %d, registry %v", r.Scope, r.Name, r.WindowDays, d.Windows)
		}
	}
	for _, defs := range [][]*MetricDef{shopMetricDefs, carrierMetricDefs, dayMetricDefs, productMetricDefs} {
		for _, d := range defs {
			if !seen[d] {
				t.Errorf("%s/%s: no row", d.Scope, d.ID)
			}
		}
	}
}
