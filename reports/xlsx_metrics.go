package reports

import (
	"sort"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
)

// metricRank is the place of the metric name in the report's tables and
// charts, from the registry: the measures AliExpress watches most first,
// the metrics it does not rank after them.
func metricRank(name string) int {
	if d := checks.MetricNamed(name); d != nil && d.Rank > 0 {
		return d.Rank
	}
	return 100
}

// metricLabel is the seller's name for the metric (a catalogue text), or
// its ID when the registry gives none.
func metricLabel(name string) string {
	if d := checks.MetricNamed(name); d != nil && d.Label != "" {
		return d.Label
	}
	return name
}

// metricMeaning is what the metric counts (a catalogue text), for a metric
// the report names; "" for the others.
func metricMeaning(name string) string {
	if d := checks.MetricNamed(name); d != nil && d.Label != "" {
		return d.Meaning
	}
	return ""
}

// statusLabel is the seller's word for a status.
func statusLabel(s string) string {
	switch s {
	case "ok":
		return i18n.N("OK")
	case "warn":
		return i18n.N("Watch")
	case "alert":
		return i18n.N("Act now")
	case "n/a":
		return i18n.N("No data")
	case checks.StatusNoData:
		return i18n.N("No data in export")
	}
	return s
}

// asOfLine tells the seller the instant the windows end at.
func (b *book) asOfLine(s *sheet) {
	t := asOf(b.x.run, b.sum)
	if t.IsZero() {
		return
	}
	s.line(sc{b.Sprintf("Measured as of %s: \"30 days\" means the 30 days up to that moment.", t.Format("2006-01-02 15:04 MST")), b.st.note})
}

// metricSet is the metrics of a run, by scope, sorted.
type metricSet struct {
	shop, carrier, product, day []checks.Metric
	account                     []checks.Metric // the Account sheet's, in input order
}

func newMetricSet(ms []checks.Metric) metricSet {
	var s metricSet
	for _, m := range ms {
		if isAccountMetric(&m) {
			s.account = append(s.account, m)
			continue
		}
		switch m.Scope {
		case "shop", "":
			s.shop = append(s.shop, m)
		case "carrier":
			s.carrier = append(s.carrier, m)
		case "product":
			s.product = append(s.product, m)
		case "day":
			s.day = append(s.day, m)
		}
	}
	for _, l := range [][]checks.Metric{s.shop, s.carrier, s.product, s.day} {
		sort.SliceStable(l, func(i, j int) bool { return metricLess(&l[i], &l[j]) })
	}
	return s
}

func metricLess(a, b *checks.Metric) bool {
	if a.Shop != b.Shop {
		return a.Shop < b.Shop
	}
	if a.Key != b.Key {
		return a.Key < b.Key
	}
	if ra, rb := metricRank(a.Name), metricRank(b.Name); ra != rb {
		return ra < rb
	}
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.WindowDays < b.WindowDays
}

// valueStyle formats a value of the metric name by its unit in the
// registry: rates as percentages, ratings with two decimals.
func (b *book) valueStyle(name string) int {
	if d := checks.MetricNamed(name); d != nil {
		switch d.Unit {
		case checks.UnitRate:
			return b.st.pct
		case checks.UnitRating:
			return b.st.dec
		}
	}
	return 0
}

var metricHeads = []string{i18n.N("Count"), i18n.N("Out of"), i18n.N("Value"), i18n.N("Status"), i18n.N("Note")}

func (b *book) metricCells(m *checks.Metric) []any {
	if m.Status == checks.StatusNoData {
		// Never a number where the export had no data.
		return []any{sc{"-", b.st.na}, finite(m.Denominator), sc{"-", b.st.na},
			sc{b.T(statusLabel(m.Status)), b.st.status(m.Status)}, text(m.Note)}
	}
	return []any{
		finite(m.Numerator), finite(m.Denominator),
		sc{finite(m.Value), b.valueStyle(m.Name)},
		sc{b.T(statusLabel(m.Status)), b.st.status(m.Status)},
		text(m.Note),
	}
}

func (b *book) statusLegend(s *sheet) {
	st := b.st
	s.line(sc{b.T("OK"), st.ok}, b.T("Within our limits."))
	s.line(sc{b.T("Watch"), st.warn}, b.T("Getting close to a level that hurts the shop: look at the orders behind it."))
	s.line(sc{b.T("Act now"), st.alert}, b.T("Above our alert level: this can cost you visibility, promotions or the shop."))
	s.line(sc{b.T("No data"), st.na}, b.T("No order in the window, so no value."))
	s.line(sc{b.T("No data in export"), st.na}, b.T("Your order export has no column for this (such as the dispute type or the buyer's rating), so aecheck cannot tell: export the orders with that column to see it."))
	s.line(sc{b.T("AliExpress publishes no limits for these rates; the Watch and Act now levels are aecheck's (your rules file can change them)."), st.note})
}

func (b *book) metricSheets(ms metricSet) error {
	st := b.st
	if len(ms.shop) > 0 {
		s := b.sheet(b.n(sheetMetrics), 14, 26, 70, 10, 10, 10, 10, 10, 30)
		s.line(sc{b.T("Shop service metrics"), st.title})
		s.line(sc{b.T("How your shop did over the last days, as AliExpress measures it. Each value is the count divided by the \"out of\" number."), st.note})
		b.asOfLine(s)
		b.statusLegend(s)
		s.blank()
		top := s.headerRow(st.header, append([]string{b.T("Shop"), b.T("Metric"), b.T("What it means"), b.T("Window (days)")}, b.all(metricHeads)...)...)
		for i := range ms.shop {
			m := &ms.shop[i]
			meaning := b.T(metricMeaning(m.Name))
			s.line(append([]any{text(m.Shop), b.T(metricLabel(m.Name)), sc{text(meaning), st.wrap}, m.WindowDays}, b.metricCells(m)...)...)
		}
		s.filter(top, 9)
		if err := s.done(); err != nil {
			return err
		}
	}
	if len(ms.day) > 0 {
		if err := b.dailySheet(ms.day); err != nil {
			return err
		}
	}
	if len(ms.carrier) > 0 {
		if err := b.carrierSheet(ms.carrier); err != nil {
			return err
		}
	}
	if len(ms.product) > 0 || b.x.picks.total > 0 {
		if err := b.productSheet(append(b.x.picks.rows(), ms.product...)); err != nil {
			return err
		}
	}
	return nil
}

// scopeKey is one carrier or product of one shop.
type scopeKey struct{ shop, key string }

// byKey groups metric rows by shop and key, in the order of their first
// row, and each group by metric name.
func byKey(ms []checks.Metric) ([]scopeKey, map[scopeKey]map[string]*checks.Metric) {
	var keys []scopeKey
	rows := map[scopeKey]map[string]*checks.Metric{}
	for i := range ms {
		k := scopeKey{ms[i].Shop, ms[i].Key}
		if rows[k] == nil {
			rows[k] = map[string]*checks.Metric{}
			keys = append(keys, k)
		}
		rows[k][ms[i].Name] = &ms[i]
	}
	return keys, rows
}

// count is the count of a count row, nil when the row is absent, or "-"
// when the export cannot show it.
func count(m *checks.Metric) any {
	if m == nil {
		return nil
	}
	if m.Status == checks.StatusNoData {
		return "-"
	}
	return finite(m.Numerator)
}

// rateCell is a rate with its status colour, or "-" when there is no
// data to compute it from.
func (b *book) rateCell(m *checks.Metric, style int) any {
	if m == nil || m.Status == "n/a" || m.Status == checks.StatusNoData {
		return sc{"-", b.st.na}
	}
	return sc{finite(m.Value), style}
}

func statusCell(b *book, m *checks.Metric) any {
	if m == nil {
		return nil
	}
	return sc{b.T(statusLabel(m.Status)), b.st.status(m.Status)}
}

// rateStyle is the number format of a product's rate (a percentage) or
// average rating (two decimals).
func (b *book) rateStyle(m *checks.Metric) int {
	if m == nil {
		return 0
	}
	if m.Name == "rating" {
		return b.st.dec
	}
	return b.st.pct
}

func ptr[T any](v T) *T { return &v }
