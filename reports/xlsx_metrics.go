package reports

import (
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/xuri/excelize/v2"
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

// carrierSheet shows one row per carrier: its shipments of the last 30
// days, how many were delivered on time, and whether it earns a "delivery
// in X days" label; and a chart of the on-time rates.
func (b *book) carrierSheet(cs []checks.Metric) error {
	st := b.st
	s := b.sheet(b.n(sheetCarriers), 12, 18, 12, 14, 12, 12, 10, 14, 60, 4, 18, 12)
	s.line(sc{b.T("Carriers"), st.title})
	s.line(sc{b.T("How each carrier kept its delivery promise over the last 30 days. AliExpress gives a \"delivery in X days\" label to a carrier with at least 30 orders shipped and 85 % of them on time; prefer such carriers."), st.note})
	b.asOfLine(s)
	s.line(sc{b.T("Judged: the parcels delivered, or whose promised date has passed; the others are still on their way and do not count yet."), st.note})
	s.blank()
	top := s.headerRow(st.header, b.T("Shop"), b.T("Carrier"), b.T("Shipped"), b.T("Judged"), b.T("On time"), b.T("On-time rate"), b.T("Status"), b.T("Label"), b.T("Note"))
	keys, rows := byKey(cs)
	shops := map[string]bool{}
	for _, k := range keys {
		shops[k.shop] = true
	}
	type bar struct {
		label string
		v     float64
	}
	var bars []bar
	for _, k := range keys {
		r := rows[k]
		rate, label := r["on_time_rate"], r["delivery_label"]
		labelText := b.T("none")
		if label != nil && label.Status == "ok" && label.Value > 0 {
			labelText = b.Sprintf("%.0f-day", label.Value)
		}
		note := ""
		if label != nil {
			note = label.Note
		}
		s.line(text(k.shop), text(k.key), count(r["shipped"]), count(r["sample"]), count(r["on_time"]),
			b.rateCell(rate, st.pct), statusCell(b, rate), labelText, text(note))
		if rate != nil && rate.Status != "n/a" && rate.Status != checks.StatusNoData {
			name := k.key
			if len(shops) > 1 && k.shop != "" {
				name = k.shop + ": " + k.key
			}
			bars = append(bars, bar{name, finite(rate.Value)})
		}
	}
	s.filter(top, 9)
	if s.err != nil {
		return s.err
	}
	if len(bars) == 0 {
		return s.done()
	}
	// Chart data: on-time rate per carrier with judged parcels, in K:L.
	s.at(11, top, sc{b.T("Carrier"), st.header})
	s.at(12, top, sc{b.T("On time"), st.header})
	for i, br := range bars {
		s.at(11, top+1+i, br.label)
		s.at(12, top+1+i, sc{br.v, st.pct})
	}
	if err := s.done(); err != nil {
		return err
	}
	last := top + len(bars)
	return b.f.AddChart(b.n(sheetCarriers), fmt.Sprintf("N%d", top), &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       b.T("On time"),
			Categories: fmt.Sprintf("'%s'!$K$%d:$K$%d", b.n(sheetCarriers), top+1, last),
			Values:     fmt.Sprintf("'%s'!$L$%d:$L$%d", b.n(sheetCarriers), top+1, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"305496"}},
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.T("On-time delivery rate per carrier, last 30 days")}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: 560, Height: 300},
		YAxis:     excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, Minimum: ptr(0.0), Maximum: ptr(1.0)},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	})
}

// productSheet shows one row per product: orders, disputes and ratings of
// the last 90 days, the "described wrongly" flag and, with a catalog,
// whether the product can join a promotion and why not.
func (b *book) productSheet(ps []checks.Metric) error {
	st := b.st
	s := b.sheet(b.n(sheetProducts), 12, 18, 10, 14, 16, 18, 20, 10, 16, 18, 14, 80)
	s.line(sc{b.T("Products"), st.title})
	s.line(sc{b.T("Orders, disputes and ratings per product over the last 90 days. A product with many \"not as described\" disputes needs a better title, photos or description: AliExpress flags it as described wrongly from 10 orders and 5 % of them disputed."), st.note})
	b.asOfLine(s)
	s.line(sc{b.T("Promotions: a product can join one with at least one paid order in the promotion's window, more than 5 ratings averaging 4.5 or more, and 24 hours online."), st.note})
	picks := &b.x.picks
	more := picks.total - len(picks.top)
	if picks.total > 0 {
		s.line(sc{b.T("The products that most need attention come first: flagged as described wrongly, then those with a dispute or rating rate at the \"Act now\" level, then at \"Watch\"."), st.note})
	}
	if more > 0 {
		s.line(sc{b.Sprintf("This sheet lists the %d products that most need attention; the other %d products with orders are in the machine outputs (a .jsonl report, or --products-out products.csv).", len(picks.top), more), st.note})
	}
	s.blank()
	top := s.headerRow(st.header, b.T("Shop"), b.T("Product id"), b.T("Orders"), b.T("Not received"), b.T("Not received %"), b.T("Not as described"), b.T("Not as described %"),
		b.T("Ratings"), b.T("Average rating"), b.T("Described wrongly"), b.T("Promotions"), b.T("Note"))
	keys, rows := byKey(ps)
	for _, k := range keys {
		r := rows[k]
		wrong, promo := "-", "-"
		var wrongStyle, promoStyle int
		var notes []string
		if m := r["described_wrongly"]; m != nil && m.Status != "n/a" && m.Status != checks.StatusNoData {
			wrong, wrongStyle = b.T("no"), st.ok
			if m.Status == "alert" {
				wrong, wrongStyle = b.T("YES"), st.alert
			}
			if m.Note != "" {
				notes = append(notes, m.Note)
			}
		}
		if m := r["promotion_eligible"]; m != nil {
			promo, promoStyle = b.T("not eligible"), st.warn
			if m.Status == "ok" {
				promo, promoStyle = b.T("eligible"), st.ok
			}
			if m.Note != "" {
				notes = append(notes, m.Note)
			}
		}
		orders := count(r["orders"])
		if orders == nil && more == 0 {
			orders = 0.0 // a catalog product with no order in 90 days
		}
		s.line(text(k.shop), text(k.key), orders,
			count(r["nr"]), b.rateCell(r["nr_rate"], b.rateStyle(r["nr_rate"])),
			count(r["snad"]), b.rateCell(r["snad_rate"], b.rateStyle(r["snad_rate"])),
			count(r["rating_count"]), b.rateCell(r["rating"], b.rateStyle(r["rating"])),
			sc{wrong, wrongStyle}, sc{promo, promoStyle}, text(strings.Join(notes, "; ")))
	}
	s.filter(top, 12)
	s.freeze(top)
	return s.done()
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

// dailySheet draws the daily counts (Scope "day", Key YYYY-MM-DD) of the
// last 90 days up to the latest day given, one column per series.
func (b *book) dailySheet(ds []checks.Metric) error {
	st := b.st
	const days = 90
	type key struct{ shop, name string }
	counts := map[key]map[string]float64{}
	var latest time.Time
	shops := map[string]bool{}
	for _, m := range ds {
		d, err := time.Parse("2006-01-02", m.Key)
		if err != nil {
			continue
		}
		if d.After(latest) {
			latest = d
		}
		k := key{m.Shop, m.Name}
		if counts[k] == nil {
			counts[k] = map[string]float64{}
		}
		counts[k][m.Key] += finite(m.Numerator)
		shops[m.Shop] = true
	}
	s := b.sheet(b.n(sheetDaily), 12, 16, 16, 16, 16, 16, 16)
	s.line(sc{b.T("Daily counts, last 90 days"), st.title})
	s.line(sc{b.T("Disputes opened and orders left unsent, day by day. A rising line needs attention before the rates turn red."), st.note})
	s.blank()
	if len(counts) == 0 {
		s.line(b.T("No daily counts in this run."))
		return s.done()
	}
	series := make([]key, 0, len(counts))
	for k := range counts {
		series = append(series, k)
	}
	sort.Slice(series, func(i, j int) bool {
		if series[i].shop != series[j].shop {
			return series[i].shop < series[j].shop
		}
		if ri, rj := metricRank(series[i].name), metricRank(series[j].name); ri != rj {
			return ri < rj
		}
		return series[i].name < series[j].name
	})
	heads := []string{b.T("Date")}
	for _, k := range series {
		h := b.T(metricLabel(k.name))
		if len(shops) > 1 && k.shop != "" {
			h = k.shop + ": " + h
		}
		heads = append(heads, h)
	}
	top := s.headerRow(st.header, heads...)
	first := latest.AddDate(0, 0, -(days - 1))
	for d := first; !d.After(latest); d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		vals := []any{day}
		for _, k := range series {
			vals = append(vals, counts[k][day])
		}
		s.line(vals...)
	}
	s.freeze(top)
	if err := s.done(); err != nil {
		return err
	}
	var cs []excelize.ChartSeries
	most := 0.0
	for _, k := range series {
		for _, v := range counts[k] {
			most = max(most, v)
		}
	}
	for i := range series {
		col, _ := excelize.ColumnNumberToName(i + 2)
		cs = append(cs, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", b.n(sheetDaily), col, top),
			Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", b.n(sheetDaily), top+1, s.row),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", b.n(sheetDaily), col, top+1, col, s.row),
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	anchor, _ := excelize.CoordinatesToCellName(len(series)+3, top)
	return b.f.AddChart(b.n(sheetDaily), anchor, &excelize.Chart{
		Type:      excelize.Line,
		Series:    cs,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.T("Disputes opened and orders unsent per day")}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 800, Height: 360},
		XAxis:     excelize.ChartAxis{TickLabelSkip: 7, Font: axisFont, Alignment: excelize.Alignment{TextRotation: 45}},
		YAxis:     countAxis(most),
	})
}

// trendSheet draws the shop metrics of earlier runs over the 30 days up to
// the latest date given: one column per shop metric, one line chart per
// metric and window with a line per shop.
func (b *book) trendSheet() error {
	st := b.st
	const days = 30
	type key struct {
		metric string
		window int
		shop   string
	}
	var latest time.Time
	for _, p := range b.x.trends {
		if p.Date.After(latest) {
			latest = p.Date
		}
	}
	from := latest.AddDate(0, 0, -days)
	vals := map[key]map[string]float64{}
	dates := map[string]bool{}
	for _, p := range b.x.trends {
		if !p.Date.After(from) {
			continue
		}
		d := p.Date.Format("2006-01-02")
		k := key{p.Metric, p.WindowDays, p.Shop}
		if vals[k] == nil {
			vals[k] = map[string]float64{}
		}
		vals[k][d] = finite(p.Value)
		dates[d] = true
	}
	cols := make([]key, 0, len(vals))
	for k := range vals {
		cols = append(cols, k)
	}
	sort.Slice(cols, func(i, j int) bool {
		a, c := cols[i], cols[j]
		if ra, rc := metricRank(a.metric), metricRank(c.metric); ra != rc {
			return ra < rc
		}
		if a.metric != c.metric {
			return a.metric < c.metric
		}
		if a.window != c.window {
			return a.window < c.window
		}
		return a.shop < c.shop
	})
	ds := slices.Sorted(maps.Keys(dates))

	s := b.sheet(b.n(sheetTrends), 12)
	s.line(sc{b.T("Trends, last 30 days"), st.title})
	s.line(sc{b.T("Your shop metrics as measured by each nightly run. A line going the wrong way is worth a look before it turns red."), st.note})
	s.blank()
	heads := []string{b.T("Date")}
	for _, k := range cols {
		h := fmt.Sprintf("%s, %d days", b.T(metricLabel(k.metric)), k.window)
		if k.shop != "" {
			h = k.shop + ": " + h
		}
		heads = append(heads, h)
	}
	top := s.headerRow(st.header, heads...)
	for _, d := range ds {
		row := []any{d}
		for _, k := range cols {
			v, ok := vals[k][d]
			if !ok {
				row = append(row, nil)
				continue
			}
			row = append(row, sc{v, b.valueStyle(k.metric)})
		}
		s.line(row...)
	}
	s.freeze(top)
	if err := s.done(); err != nil || len(ds) == 0 {
		return err
	}
	if err := b.f.SetColWidth(b.n(sheetTrends), "B", columnName(len(cols)+1), 18); err != nil {
		return err
	}
	// One chart per metric and window, stacked to the right of the table.
	anchorCol := columnName(len(cols) + 3)
	chartRow := top
	for i := 0; i < len(cols); {
		j := i
		var cs []excelize.ChartSeries
		for ; j < len(cols) && cols[j].metric == cols[i].metric && cols[j].window == cols[i].window; j++ {
			col := columnName(j + 2)
			cs = append(cs, excelize.ChartSeries{
				Name:       fmt.Sprintf("'%s'!$%s$%d", b.n(sheetTrends), col, top),
				Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", b.n(sheetTrends), top+1, s.row),
				Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", b.n(sheetTrends), col, top+1, col, s.row),
			})
		}
		numFmt := ""
		switch b.valueStyle(cols[i].metric) {
		case st.pct:
			numFmt = "0.0%"
		case st.dec:
			numFmt = "0.00"
		}
		err := b.f.AddChart(b.n(sheetTrends), fmt.Sprintf("%s%d", anchorCol, chartRow), &excelize.Chart{
			Type:         excelize.Line,
			Series:       cs,
			Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.Sprintf("%s (%d days)", b.T(metricLabel(cols[i].metric)), cols[i].window)}}},
			Legend:       excelize.ChartLegend{Position: "bottom"},
			Dimension:    excelize.ChartDimension{Width: 560, Height: 280},
			YAxis:        excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: numFmt}},
			ShowBlanksAs: "span",
		})
		if err != nil {
			return err
		}
		chartRow += 15
		i = j
	}
	return nil
}

func columnName(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}
