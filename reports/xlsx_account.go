package reports

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// sheetAccount holds the account health metrics and charts.
var sheetAccount = i18n.N("Account")

// accountInfo names the account shop metrics on the Account sheet, in the
// order it lists them.
var accountInfo = []struct{ name, label, meaning string }{
	{checks.MetricPointsLive, i18n.N("Live penalty points"), i18n.N("Points of the penalties of the last 365 days (appeals won do not count). 48 close the shop; every 12 freeze it for a while.")},
	{checks.MetricPointsToClosure, i18n.N("Points left before closure"), i18n.N("How many more points close the shop.")},
	{checks.MetricSeriousIPLive, i18n.N("Live serious IP violations"), i18n.N("Serious intellectual-property violations of the last 365 days. 3 close the shop.")},
	{checks.MetricPointsExpiring, i18n.N("Points expiring within 30 days"), i18n.N("Live points that stop counting in the next 30 days.")},
	{checks.MetricCancellationsMonth, i18n.N("Activity withdrawals this month"), i18n.N("Withdrawals from marketing activities before their warm-up (or start), this calendar month. Beyond the allowance, each one brings a 30-day store penalty.")},
	{checks.MetricCancellationsLeft, i18n.N("Withdrawals left this month"), i18n.N("How many more withdrawals the allowance leaves this month.")},
	{checks.MetricStorePenaltyUntil, i18n.N("Store penalty: days left"), i18n.N("Days until the latest open store penalty ends (the Note gives the end); the store cannot join platform activities until then.")},
}

// isAccountMetric reports whether a metric belongs on the Account sheet.
func isAccountMetric(m *checks.Metric) bool {
	switch m.Scope {
	case "violation", "month", "penalty":
		return true
	case "shop", "":
		return slices.ContainsFunc(accountInfo, func(a struct{ name, label, meaning string }) bool { return a.name == m.Name })
	}
	return false
}

// accountTime reads a time the account metrics write in their notes.
func accountTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}

// stamp prints an instant for the seller, in its own zone.
func stamp(t time.Time) string { return t.Format("2006-01-02 15:04") }

// accountSheet shows the shop's account health: the account metrics, a
// timeline of the live points (what is left after each expiry), the
// withdrawals per month against the allowance and the open store
// penalties, with a chart of the first two.
func (b *book) accountSheet(ms []checks.Metric) error {
	st := b.st
	s := b.sheet(b.n(sheetAccount), 16, 30, 14, 20, 20, 14, 70)
	s.line(sc{b.T("Account health"), st.title})
	s.line(sc{b.T("Penalty points, withdrawals from marketing activities and store penalties, as AliExpress counts them. Act before the platform does."), st.note})
	b.asOfLine(s)
	s.blank()

	var shopRows, viol, months, pens []checks.Metric
	for _, m := range ms {
		switch m.Scope {
		case "violation":
			viol = append(viol, m)
		case "month":
			months = append(months, m)
		case "penalty":
			pens = append(pens, m)
		default:
			shopRows = append(shopRows, m)
		}
	}
	shops := map[string]bool{}
	for _, m := range ms {
		shops[m.Shop] = true
	}
	label := func(shop, x string) string {
		if len(shops) > 1 && shop != "" {
			return shop + ": " + x
		}
		return x
	}

	s.line(sc{b.T("Where the shop stands"), st.section})
	s.headerRow(st.header, b.T("Shop"), b.T("Measure"), b.T("Value"), b.T("Out of"), b.T("Status"), b.T("Note"), b.T("What it means"))
	for _, a := range accountInfo {
		for i := range shopRows {
			m := &shopRows[i]
			if m.Name != a.name {
				continue
			}
			note, style := m.Note, 0
			if t, ok := accountTime(note); ok {
				note = b.T("next expiry") + " " + stamp(t)
				if m.Name == checks.MetricStorePenaltyUntil {
					note, style = b.T("until")+" "+stamp(t), st.dec
				}
			}
			var out any
			if m.Denominator != 0 {
				out = finite(m.Denominator)
			}
			s.line(text(m.Shop), b.T(a.label), sc{finite(m.Value), style}, out, statusCell(b, m), text(note), sc{b.T(a.meaning), st.wrap})
		}
	}
	s.blank()

	// Points timeline: the live points now, then what is left after each
	// violation's points expire.
	s.line(sc{b.T("Penalty points: when they expire"), st.section})
	chartPoints := 0
	pointsTop := 0
	if len(viol) == 0 {
		s.line(sc{b.T("No live penalty point."), st.note})
	} else {
		type exp struct {
			m  *checks.Metric
			at time.Time
		}
		var es []exp
		live := map[string]float64{}
		for i := range viol {
			at, _ := accountTime(viol[i].Note)
			es = append(es, exp{&viol[i], at})
			live[viol[i].Shop] += viol[i].Value
		}
		slices.SortStableFunc(es, func(x, y exp) int {
			if c := strings.Compare(x.m.Shop, y.m.Shop); c != 0 {
				return c
			}
			return x.at.Compare(y.at)
		})
		pointsTop = s.headerRow(st.header, b.T("Shop"), b.T("When"), b.T("Points expiring"), b.T("Live points after"), b.T("Violation"))
		cur := ""
		for _, e := range es {
			if e.m.Shop != cur || chartPoints == 0 {
				cur = e.m.Shop
				s.line(text(cur), label(cur, b.T("now")), nil, finite(live[cur]), nil)
				chartPoints++
			}
			live[cur] -= e.m.Value
			s.line(text(cur), label(cur, stamp(e.at)), finite(e.m.Value), finite(live[cur]), text(e.m.Key))
			chartPoints++
		}
	}
	s.blank()

	s.line(sc{b.T("Withdrawals from activities per month"), st.section})
	monthsTop := 0
	if len(months) == 0 {
		s.line(sc{b.T("No activities export was read, or no withdrawal before a warm-up."), st.note})
	} else {
		monthsTop = s.headerRow(st.header, b.T("Shop"), b.T("Month"), b.T("Withdrawals"), b.T("Allowance"), b.T("Status"))
		for i := range months {
			m := &months[i]
			s.line(text(m.Shop), label(m.Shop, m.Key), finite(m.Value), finite(m.Denominator), statusCell(b, m))
		}
	}
	s.blank()

	s.line(sc{b.T("Open store penalties"), st.section})
	if len(pens) == 0 {
		s.line(sc{b.T("No store penalty is open."), st.note})
	} else {
		s.headerRow(st.header, b.T("Shop"), b.T("Activity"), b.T("Days left"), b.T("From"), b.T("Until"), b.T("Penalty days"), b.T("Why"))
		for i := range pens {
			m := &pens[i]
			from, until, _ := strings.Cut(m.Note, "/")
			f, _ := accountTime(from)
			u, _ := accountTime(until)
			why := b.T("withdrawal after the warm-up or start")
			if m.Name == checks.MetricPenaltyPrefix+"over_quota" {
				why = b.T("withdrawal beyond the month's allowance")
			}
			s.line(text(m.Shop), text(m.Key), sc{finite(m.Value), st.dec}, stamp(f), stamp(u), m.WindowDays, why)
		}
	}
	if err := s.done(); err != nil {
		return err
	}
	if chartPoints > 0 {
		first, last := pointsTop+1, pointsTop+chartPoints
		if err := b.f.AddChart(b.n(sheetAccount), "I5", colChart(b.T("Live penalty points as the oldest expire"), "none",
			colSeries(b.T("Live points"), "B", "D", first, last, "C00000"))); err != nil {
			return err
		}
	}
	if monthsTop > 0 {
		first, last := monthsTop+1, monthsTop+len(months)
		return b.f.AddChart(b.n(sheetAccount), "I22", colChart(b.T("Withdrawals before warm-up per month, against the allowance"), "bottom",
			colSeries(b.T("Withdrawals"), "B", "C", first, last, "305496"),
			colSeries(b.T("Allowance"), "B", "D", first, last, "A6A6A6")))
	}
	return nil
}

// colSeries is a chart series of the Account sheet: categories in column
// cat and values in column val, rows first to last.
func colSeries(name, cat, val string, first, last int, color string) excelize.ChartSeries {
	return excelize.ChartSeries{
		Name:       name,
		Categories: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheetAccount, cat, first, cat, last),
		Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheetAccount, val, first, val, last),
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
	}
}

// colChart is a column chart of counts, from 0, with the values shown.
func colChart(title, legend string, series ...excelize.ChartSeries) *excelize.Chart {
	return &excelize.Chart{
		Type:      excelize.Col,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: legend},
		Dimension: excelize.ChartDimension{Width: 560, Height: 300},
		YAxis:     excelize.ChartAxis{Minimum: ptr(0.0)},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	}
}
