package checks

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
)

// Results returns every metric row, sorted by shop, scope (shop, carrier,
// product, day), key, name and window: the order SortMetrics gives, built
// key by key (each key's few rows sorted on their own) instead of sorting
// every row. The product rows are those of ProductMetrics.AppendRows: the
// long layout, eight rows per product.
func (m *Metrics) Results() []Metric { return m.results(true) }

// ServiceResults is Results without the product rows: the shop, carrier
// and day rows, a few hundred per shop whatever the number of products.
// EachProduct gives the products, one record each.
func (m *Metrics) ServiceResults() []Metric { return m.results(false) }

func (m *Metrics) results(products bool) []Metric {
	shops := m.shopNames()
	n := 0
	for _, shop := range shops {
		sm := m.shops[shop]
		n += shopRowCount + len(dayMetricDefs)*DailyDays + len(carrierMetricDefs)*len(sm.carriers)
		if products {
			n += len(productMetricDefs) * len(sm.products.accs)
		}
	}
	out := make([]Metric, 0, n)
	// Each key's rows are appended to out, then sorted in place.
	start := 0
	group := func() {
		SortMetrics(out[start:])
		start = len(out)
	}
	for _, shop := range shops {
		sm := m.shops[shop]
		out = m.shopRows(out, shop, &sm.acc)
		group()
		carriers := make([]string, 0, len(sm.carriers))
		for k := range sm.carriers {
			carriers = append(carriers, k)
		}
		slices.Sort(carriers)
		for _, k := range carriers {
			out = m.carrierRows(out, shop, k, sm.carriers[k])
			group()
		}
		if products {
			for _, i := range sm.productOrder() {
				r := m.productRecord(shop, sm.products.keys.Key(int(i)), &sm.products.accs[i])
				out = r.AppendRows(out)
			}
			start = len(out)
		}
		out = m.dayRows(out, shop, sm)
		start = len(out)
	}
	return out
}

var metricScopeRank = map[string]int{ScopeShopMetric: 0, ScopeCarrierMetric: 1, ScopeProductMetric: 2, ScopeDayMetric: 3}

// SortMetrics sorts rows by shop, scope (shop, carrier, product, day, then
// others by name), key, name and window.
func SortMetrics(ms []Metric) {
	rank := func(s string) int {
		if r, ok := metricScopeRank[s]; ok {
			return r
		}
		return len(metricScopeRank)
	}
	slices.SortStableFunc(ms, func(a, b Metric) int {
		return cmp.Or(
			cmp.Compare(a.Shop, b.Shop),
			cmp.Compare(rank(a.Scope), rank(b.Scope)),
			cmp.Compare(a.Scope, b.Scope),
			cmp.Compare(a.Key, b.Key),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.WindowDays, b.WindowDays),
		)
	})
}

// rate builds a rate row with its status against threshold name.
func (m *Metrics) rate(shop, scope, key, name string, days int, num, den int64, thName string) Metric {
	r := Metric{Shop: shop, Scope: scope, Key: key, Name: name, WindowDays: days,
		Numerator: float64(num), Denominator: float64(den)}
	if den > 0 {
		r.Value = float64(num) / float64(den)
	}
	r.Status = Status(r.Value, den, m.rules.Thresholds[thName])
	m.noData(&r)
	return r
}

func countRow(shop, scope, key, name string, days int, n int64) Metric {
	return Metric{Shop: shop, Scope: scope, Key: key, Name: name, WindowDays: days,
		Numerator: float64(n), Value: float64(n)}
}

// Status rates value v (over a denominator den) against t: "n/a" when den
// is 0; for a metric where high is bad, "alert" at or above t.Alert, "warn"
// at or above t.Warn (above 0 when t.WarnAbove); for a rating (t.Lower),
// "alert" below t.Alert and "warn" below t.Warn; else "ok". A level of 0 is
// not used, except for WarnAbove.
func Status(v float64, den int64, t Threshold) string {
	if den <= 0 {
		return "n/a"
	}
	if t.Lower {
		switch {
		case v < t.Alert:
			return "alert"
		case v < t.Warn:
			return "warn"
		}
		return "ok"
	}
	switch {
	case t.Alert > 0 && v >= t.Alert:
		return "alert"
	case t.WarnAbove && v > 0:
		return "warn"
	case t.Warn > 0 && v >= t.Warn:
		return "warn"
	}
	return "ok"
}

// shopRows appends the shop rows to rows: each shop metric of the
// registry over each of its windows.
func (m *Metrics) shopRows(rows []Metric, shop string, s *shopAcc) []Metric {
	for _, d := range shopMetricDefs {
		for w, days := range d.Windows {
			num, den := d.shop(s, w)
			rows = append(rows, m.rate(shop, ScopeShopMetric, "", d.ID, days, num, den, d.ID))
		}
	}
	return rows
}

// dayRows returns the daily rows of a shop, oldest day first: in the
// order SortMetrics gives (the keys are dates, the registry's names in
// order).
func (m *Metrics) dayRows(rows []Metric, shop string, sm *shopMetrics) []Metric {
	for d := m.lastDay - DailyDays + 1; d <= m.lastDay; d++ {
		key := time.Unix(d*86400, 0).UTC().Format(time.DateOnly)
		a := &sm.days[m.lastDay-d]
		for _, def := range dayMetricDefs {
			r := countRow(shop, ScopeDayMetric, key, def.ID, 1, def.day(a))
			m.noData(&r)
			rows = append(rows, r)
		}
	}
	return rows
}

// LabelDays returns the "delivery in X days" label a promise of days earns:
// 3, 5 or 7, or 0 for none (docs/orders.md).
func LabelDays(days int) int {
	switch {
	case days <= 0:
		return 0
	case days <= 3:
		return 3
	case days <= 5:
		return 5
	case days <= 7:
		return 7
	}
	return 0
}

// carrierRows appends the rows of carrier key to rows: each carrier metric
// of the registry.
func (m *Metrics) carrierRows(rows []Metric, shop, key string, c *carrierAcc) []Metric {
	for _, d := range carrierMetricDefs {
		r := Metric{Shop: shop, Scope: ScopeCarrierMetric, Key: key, Name: d.ID, WindowDays: d.Windows[0]}
		d.carrier(m, &r, c)
		m.noData(&r)
		rows = append(rows, r)
	}
	return rows
}

// onTimeRate is the carrier's on-time rate: alert below carrier_on_time.
func onTimeRate(m *Metrics, r *Metric, c *carrierAcc) {
	r.Numerator, r.Denominator, r.Status = float64(c.onTime), float64(c.sample), "n/a"
	if c.sample > 0 {
		r.Value = float64(c.onTime) / float64(c.sample)
		r.Status = "alert"
		if r.Value >= m.rules.CarrierOnTime {
			r.Status = "ok"
		}
	}
}

// deliveryLabel is the "delivery in X days" label the carrier earns: its
// Value is the label in days, its Note why.
func deliveryLabel(m *Metrics, label *Metric, c *carrierAcc) {
	rate := 0.0
	if c.sample > 0 {
		rate = float64(c.onTime) / float64(c.sample)
	}
	pct := func(v float64) string { return fmt.Sprintf("%.0f %%", v*100) }
	switch {
	case c.shipped < int64(m.rules.CarrierMinOrders):
		label.Status = "n/a"
		label.Note = m.tr.Sprintf("not eligible yet: %d %s shipped with this carrier in 30 days, %d needed", c.shipped, m.tr.T(plural(c.shipped, i18n.N("order"), i18n.N("orders"))), m.rules.CarrierMinOrders)
	case c.sample == 0:
		label.Status = "n/a"
		label.Note = m.tr.Sprintf("not judged: none of the %d orders shipped with this carrier in 30 days has been delivered or passed its promised date yet", c.shipped)
	case rate < m.rules.CarrierOnTime:
		label.Status = "alert"
		label.Note = m.tr.Sprintf("not eligible: %s of orders delivered on time, %s needed", pct(rate), pct(m.rules.CarrierOnTime))
	default:
		days := LabelDays(c.maxPromise)
		label.Value, label.Numerator = float64(days), float64(days)
		if days == 0 {
			label.Status = "warn"
			if c.promised == 0 {
				label.Note = m.tr.T("on-time rate is high enough, but the export has no delivery promise: no label can be given")
			} else {
				label.Note = m.tr.Sprintf("on-time rate is high enough, but the promise (%d days) is longer than 7 days: no label", c.maxPromise)
			}
		} else {
			label.Status = "ok"
			label.Note = m.tr.Sprintf("eligible for the %d-day delivery label", days)
		}
	}
}

// setCount makes r a count row of n.
func setCount(r *Metric, n int64) { r.Numerator, r.Value = float64(n), float64(n) }
