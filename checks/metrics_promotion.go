package checks

import (
	"strings"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// PromotionRow returns whether one catalog product can join a promotion
// (docs/orders.md), judged on the orders m has seen: at least one sale
// (an order placed in the promotion window, paid and not cancelled), an average
// rating of at least promotion_min_rating and more than
// promotion_min_evaluations ratings (ratings of orders delivered in the
// promotion window), and online for at least promotion_min_online_hours
// before as_of.
//
// The row has Scope "product", Key productID, Name "promotion_eligible",
// WindowDays the promotion window, Numerator the sales, Value 1 (eligible) or
// 0, Status "ok" or "alert", and Note the reasons why not, for the seller.
// onlineSince may be zero when the catalog has no created date: that
// condition is then not checked, and the Note says so.
func (m *Metrics) PromotionRow(shop, productID string, onlineSince time.Time) Metric {
	wd := m.rules.PromotionWindowDays
	row := Metric{Shop: shop, Scope: ScopeProductMetric, Key: productID, Name: "promotion_eligible", WindowDays: wd}
	var p productAcc
	if sm := m.shops[shop]; sm != nil {
		if a := sm.products.find(readers.Trim(productID)); a != nil {
			p = *a
		}
	}
	row.Numerator = float64(p.sales)
	var why []string
	switch {
	case p.sales == 0 && p.promoN == 0:
		why = append(why, m.tr.Sprintf("no sale and no buyer rating in the last %d days", wd))
	case p.sales == 0:
		why = append(why, m.tr.Sprintf("no paid order in the last %d days", wd))
	}
	if p.promoN > 0 {
		if avg := float64(p.promoSum) / float64(p.promoN); avg < m.rules.PromotionMinRating {
			why = append(why, m.tr.Sprintf("average rating %.2f is below %.1f", avg, m.rules.PromotionMinRating))
		}
	}
	switch n := p.promoN; {
	case n == 0 && p.sales > 0:
		why = append(why, m.tr.Sprintf("no buyer rating in the last %d days; more than %d are needed", wd, m.rules.PromotionMinRatings))
	case n == 1:
		why = append(why, m.tr.Sprintf("only 1 rating in the last %d days; more than %d are needed", wd, m.rules.PromotionMinRatings))
	case n > 1 && int64(n) <= int64(m.rules.PromotionMinRatings):
		why = append(why, m.tr.Sprintf("only %d ratings in the last %d days; more than %d are needed", n, wd, m.rules.PromotionMinRatings))
	}
	var notes []string
	minOnline := time.Duration(m.rules.PromotionMinOnlineHour) * time.Hour
	if onlineSince.IsZero() {
		notes = append(notes, m.tr.T("the catalog has no online date for this product, so the 24-hour rule was not checked"))
	} else if m.asOf.Sub(onlineSince) < minOnline {
		why = append(why, m.tr.Sprintf("online since %s, less than %d hours", onlineSince.Format(stampLayout), m.rules.PromotionMinOnlineHour))
	}
	if len(why) == 0 {
		row.Value = 1
		row.Status = "ok"
		row.Note = m.tr.T("eligible for promotions")
	} else {
		row.Status = "alert"
		row.Note = m.tr.Sprintf("not eligible: %s", strings.Join(why, "; "))
	}
	if len(notes) > 0 {
		row.Note += " (" + strings.Join(notes, "; ") + ")"
	}
	return row
}

// Promotion returns PromotionRow for each catalog listing with a product id,
// once per (shop, product id), in listing order.
func (m *Metrics) Promotion(ls []readers.Listing) []Metric {
	seen := map[productKey]bool{}
	var out []Metric
	for i := range ls {
		l := &ls[i]
		id := readers.Trim(l.ProductID)
		k := productKey{l.Shop, id}
		if id == "" || seen[k] {
			continue
		}
		seen[k] = true
		var since time.Time
		if l.HasCreatedAt {
			since = l.CreatedAt
		}
		out = append(out, m.PromotionRow(l.Shop, id, since))
	}
	return out
}
