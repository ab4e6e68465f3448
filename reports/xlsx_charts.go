package reports

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/xuri/excelize/v2"
)

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
