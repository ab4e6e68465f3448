package reports

import (
	"fmt"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/xuri/excelize/v2"
)

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
