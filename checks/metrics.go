package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// Metric scopes.
const (
	ScopeShopMetric    = "shop"
	ScopeCarrierMetric = "carrier"
	ScopeProductMetric = "product"
	ScopeDayMetric     = "day"
)

// NoCarrier is the carrier key of orders shipped without a carrier name.
const NoCarrier = "(no carrier)"

// DailyDays is the number of days of the daily series.
const DailyDays = 90

// Metrics accumulates the service metrics of DOMAIN.md section 3 over the
// orders of a run. It is a reducer: Add folds orders into counters, Merge
// combines two accumulators, Results emits the rows. Its memory grows with
// the number of shops, carriers, products and days, never with the number of
// orders. All counters are integers, so merging partial accumulators in any
// order gives exactly the result of one accumulator over every order.
//
// A Metrics is used by one goroutine at a time; give each worker its own
// and Merge them at the end. Every accumulator of a run must be built with
// the same rules and as-of instant.
//
// Rows (Metric.Name, WindowDays):
//
//	shop:    unsent_rate 7/30, late_ship_rate 30, nr_rate 30/90, snad_rate 30/90,
//	         incomplete_rate 90, dsr_description/dsr_communication/dsr_shipping 90
//	carrier: shipped, sample, on_time (counts), on_time_rate, delivery_label (30 days)
//	product: orders, nr, snad, rating_count (counts), nr_rate, snad_rate, rating,
//	         described_wrongly (90 days); promotion_eligible (Promotion)
//
// described_wrongly is the SNAD rate again with the platform's flag as its
// Status: "alert" when the product has at least described_wrongly_min_orders
// orders and a SNAD rate at or above described_wrongly_snad_rate, else "ok"
// (or "n/a" without orders).
//
//	day:     nr_opened, snad_opened, unsent (counts, WindowDays 1, Key YYYY-MM-DD)
//
// A count row has Numerator = Value = the count, Denominator 0 and an empty
// Status: a count has no threshold. A rate row has Value = Numerator /
// Denominator and Status ok, warn, alert, or n/a when the denominator is 0.
// The delivery_label row has Value = the label in days (3, 5 or 7; 0 for
// none) and Status ok (eligible, with a label), warn (eligible but the
// promise is over 7 days or unknown), alert (on-time rate below the level)
// or n/a (too few orders shipped to qualify, or none of them delivered or
// past its promise yet); its Note says which.
type Metrics struct {
	asOf  time.Time
	rules OrderRules

	shops    map[string]*shopAcc
	carriers map[carrierKey]*carrierAcc
	products map[productKey]*productAcc
	days     map[dayKey]*dayAcc
	lastDay  int64 // civil day of as_of

	skus *ProductIndex // catalog SKU -> product id; nil without a catalog
}

// window is a W-day window (as_of - W days, as_of].
type metricWindow struct {
	days       int
	start, end time.Time
}

func (w metricWindow) in(t time.Time) bool {
	return !t.IsZero() && t.After(w.start) && !t.After(w.end)
}

func (m *Metrics) window(days int) metricWindow {
	return metricWindow{days: days, start: m.asOf.Add(-time.Duration(days) * 24 * time.Hour), end: m.asOf}
}

type shopAcc struct {
	unsentNum, unsentDen [2]int64 // 7, 30 days
	lateNum, lateDen     int64    // 30 days
	shipped              [2]int64 // 30, 90 days
	nr, snad             [2]int64 // 30, 90 days
	incNum, incDen       int64    // 90 days
	dsrSum, dsrN         [3]int64 // description, communication, shipping
}

type carrierKey struct{ shop, carrier string }

type carrierAcc struct {
	shipped, sample, onTime int64
	maxPromise              int // longest promise in days among the shipped orders
	promised                int64
}

type productKey struct{ shop, product string }

type productAcc struct {
	orders, nr, snad     int64 // 90 days
	ratingSum, ratingN   int64 // 90 days, by delivered_at
	sales                int64 // promotion window, not cancelled
	promoSum, promoN     int64 // promotion window ratings
	inMetricsWindowTouch bool
}

type dayKey struct {
	shop string
	day  int64
}

type dayAcc struct{ nr, snad, unsent int64 }

// NewMetrics returns an empty accumulator for the rules r (nil: DOMAIN.md
// defaults) anchored on asOf.
func NewMetrics(r *Rules, asOf time.Time) *Metrics {
	var or *OrderRules
	if r != nil {
		or = &r.Orders
	}
	return newMetrics(or, asOf)
}

func newMetrics(r *OrderRules, asOf time.Time) *Metrics {
	return &Metrics{
		asOf:     asOf,
		rules:    orderSettings(r),
		shops:    map[string]*shopAcc{},
		carriers: map[carrierKey]*carrierAcc{},
		products: map[productKey]*productAcc{},
		days:     map[dayKey]*dayAcc{},
		lastDay:  civilDay(asOf),
	}
}

// AsOf returns the instant the windows are anchored on.
func (m *Metrics) AsOf() time.Time { return m.asOf }

// Add folds a batch of orders into m.
func (m *Metrics) Add(os []readers.Order) {
	w7, w30, w90 := m.window(7), m.window(30), m.window(90)
	wp := m.window(m.rules.PromotionWindowDays)
	for i := range os {
		m.add(&os[i], w7, w30, w90, wp)
	}
}

func (m *Metrics) add(o *readers.Order, w7, w30, w90, wp metricWindow) {
	s := m.shops[o.Shop]
	if s == nil {
		s = &shopAcc{}
		m.shops[o.Shop] = s
	}
	dl, hasDL := ShipDeadline(o, &m.rules)
	shippedByDL := hasDL && !o.ShippedAt.IsZero() && !o.ShippedAt.After(dl)

	// Unsent: deadline in the window, no shipment by the deadline.
	if hasDL {
		unsent := !shippedByDL && !buyerCancelled(o.CancelReason)
		for i, w := range [2]metricWindow{w7, w30} {
			if w.in(dl) {
				s.unsentDen[i]++
				if unsent {
					s.unsentNum[i]++
				}
			}
		}
		if unsent {
			m.day(o.Shop, dl, func(d *dayAcc) { d.unsent++ })
		}
	}

	// Shipping: late shipments, and the denominators of the dispute rates.
	if w30.in(o.ShippedAt) {
		s.lateDen++
		if hasDL && o.ShippedAt.After(dl) {
			s.lateNum++
		}
		m.carrier(o)
	}
	for i, w := range [2]metricWindow{w30, w90} {
		if w.in(o.ShippedAt) {
			s.shipped[i]++
		}
		if w.in(o.DisputeOpenedAt) {
			switch o.Dispute {
			case readers.DisputeNR:
				s.nr[i]++
			case readers.DisputeSNAD:
				s.snad[i]++
			}
		}
	}
	switch o.Dispute {
	case readers.DisputeNR:
		m.day(o.Shop, o.DisputeOpenedAt, func(d *dayAcc) { d.nr++ })
	case readers.DisputeSNAD:
		m.day(o.Shop, o.DisputeOpenedAt, func(d *dayAcc) { d.snad++ })
	}

	// Incomplete transactions: paid in the window, ended cancelled or fully refunded.
	if w90.in(o.PaidAt) {
		s.incDen++
		if orderCancelled(o) || fullyRefunded(o) {
			s.incNum++
		}
	}

	// Buyer ratings, by delivery time.
	if w90.in(o.DeliveredAt) {
		for i, r := range [3]int{o.RatingDescription, o.RatingCommunication, o.RatingShipping} {
			if r >= 1 && r <= 5 {
				s.dsrSum[i] += int64(r)
				s.dsrN[i]++
			}
		}
	}

	m.productsOf(o, w90, wp)
}

// day adds to the daily series when t falls on one of its days, no later
// than as_of.
func (m *Metrics) day(shop string, t time.Time, f func(*dayAcc)) {
	if t.IsZero() || t.After(m.asOf) {
		return
	}
	d := civilDay(t)
	if d <= m.lastDay-DailyDays || d > m.lastDay {
		return
	}
	k := dayKey{shop, d}
	a := m.days[k]
	if a == nil {
		a = &dayAcc{}
		m.days[k] = a
	}
	f(a)
}

// carrier counts an order shipped in the 30-day window.
func (m *Metrics) carrier(o *readers.Order) {
	name := strings.TrimSpace(o.Carrier)
	if name == "" {
		name = NoCarrier
	}
	k := carrierKey{o.Shop, name}
	c := m.carriers[k]
	if c == nil {
		c = &carrierAcc{}
		m.carriers[k] = c
	}
	c.shipped++
	promise, hasPromise := Promise(o)
	delivered := !o.DeliveredAt.IsZero() && !o.DeliveredAt.After(m.asOf)
	if delivered || (hasPromise && promise.Before(m.asOf)) {
		c.sample++
		if delivered && hasPromise && !o.DeliveredAt.After(promise) {
			c.onTime++
		}
	}
	if d := promisedDays(o); d > 0 {
		c.promised++
		c.maxPromise = max(c.maxPromise, d)
	}
}

// productsOf counts o once for each distinct product it holds.
func (m *Metrics) productsOf(o *readers.Order, w90, wp metricWindow) {
	if len(o.Items) == 0 {
		return
	}
	placed := orderTime(o)
	inOrders, inSales := w90.in(placed), wp.in(placed) && !orderCancelled(o) && orderPaid(o)
	inDispute := w90.in(o.DisputeOpenedAt)
	rating := o.RatingDescription
	if rating < 1 || rating > 5 {
		rating = 0
	}
	inRating := rating > 0 && w90.in(o.DeliveredAt)
	inPromoRating := rating > 0 && wp.in(o.DeliveredAt)
	if !inOrders && !inSales && !inDispute && !inRating && !inPromoRating {
		return
	}
	for i := range o.Items {
		id := m.skus.key(o.Shop, &o.Items[i])
		if id == "" || m.skus.seenBefore(o.Shop, o.Items[:i], id) {
			continue
		}
		k := productKey{o.Shop, id}
		p := m.products[k]
		if p == nil {
			p = &productAcc{}
			m.products[k] = p
		}
		if inOrders {
			p.orders++
			p.inMetricsWindowTouch = true
		}
		if inDispute {
			switch o.Dispute {
			case readers.DisputeNR:
				p.nr++
				p.inMetricsWindowTouch = true
			case readers.DisputeSNAD:
				p.snad++
				p.inMetricsWindowTouch = true
			}
		}
		if inRating {
			p.ratingSum += int64(rating)
			p.ratingN++
			p.inMetricsWindowTouch = true
		}
		if inSales {
			p.sales++
		}
		if inPromoRating {
			p.promoSum += int64(rating)
			p.promoN++
		}
	}
}

// Merge adds the counts of o to m. o is left unchanged.
func (m *Metrics) Merge(o *Metrics) {
	for k, v := range o.shops {
		s := m.shops[k]
		if s == nil {
			s = &shopAcc{}
			m.shops[k] = s
		}
		for i := range 2 {
			s.unsentNum[i] += v.unsentNum[i]
			s.unsentDen[i] += v.unsentDen[i]
			s.shipped[i] += v.shipped[i]
			s.nr[i] += v.nr[i]
			s.snad[i] += v.snad[i]
		}
		s.lateNum += v.lateNum
		s.lateDen += v.lateDen
		s.incNum += v.incNum
		s.incDen += v.incDen
		for i := range 3 {
			s.dsrSum[i] += v.dsrSum[i]
			s.dsrN[i] += v.dsrN[i]
		}
	}
	for k, v := range o.carriers {
		c := m.carriers[k]
		if c == nil {
			c = &carrierAcc{}
			m.carriers[k] = c
		}
		c.shipped += v.shipped
		c.sample += v.sample
		c.onTime += v.onTime
		c.promised += v.promised
		c.maxPromise = max(c.maxPromise, v.maxPromise)
	}
	for k, v := range o.products {
		p := m.products[k]
		if p == nil {
			p = &productAcc{}
			m.products[k] = p
		}
		p.orders += v.orders
		p.nr += v.nr
		p.snad += v.snad
		p.ratingSum += v.ratingSum
		p.ratingN += v.ratingN
		p.sales += v.sales
		p.promoSum += v.promoSum
		p.promoN += v.promoN
		p.inMetricsWindowTouch = p.inMetricsWindowTouch || v.inMetricsWindowTouch
	}
	for k, v := range o.days {
		d := m.days[k]
		if d == nil {
			d = &dayAcc{}
			m.days[k] = d
		}
		d.nr += v.nr
		d.snad += v.snad
		d.unsent += v.unsent
	}
}

// Results returns every metric row, sorted by shop, scope (shop, carrier,
// product, day), key, name and window.
func (m *Metrics) Results() []Metric {
	var out []Metric
	for shop, s := range m.shops {
		out = append(out, m.shopRows(shop, s)...)
		out = append(out, m.dayRows(shop)...)
	}
	for k, c := range m.carriers {
		out = append(out, m.carrierRows(k, c)...)
	}
	for k, p := range m.products {
		if p.inMetricsWindowTouch {
			out = append(out, m.productRows(k, p)...)
		}
	}
	SortMetrics(out)
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

func (m *Metrics) shopRows(shop string, s *shopAcc) []Metric {
	const sc = ScopeShopMetric
	rows := []Metric{
		m.rate(shop, sc, "", "unsent_rate", 7, s.unsentNum[0], s.unsentDen[0], "unsent_rate"),
		m.rate(shop, sc, "", "unsent_rate", 30, s.unsentNum[1], s.unsentDen[1], "unsent_rate"),
		m.rate(shop, sc, "", "late_ship_rate", 30, s.lateNum, s.lateDen, "late_ship_rate"),
		m.rate(shop, sc, "", "nr_rate", 30, s.nr[0], s.shipped[0], "nr_rate"),
		m.rate(shop, sc, "", "nr_rate", 90, s.nr[1], s.shipped[1], "nr_rate"),
		m.rate(shop, sc, "", "snad_rate", 30, s.snad[0], s.shipped[0], "snad_rate"),
		m.rate(shop, sc, "", "snad_rate", 90, s.snad[1], s.shipped[1], "snad_rate"),
		m.rate(shop, sc, "", "incomplete_rate", 90, s.incNum, s.incDen, "incomplete_rate"),
	}
	for i, name := range [3]string{"dsr_description", "dsr_communication", "dsr_shipping"} {
		rows = append(rows, m.rate(shop, sc, "", name, 90, s.dsrSum[i], s.dsrN[i], name))
	}
	return rows
}

func (m *Metrics) dayRows(shop string) []Metric {
	rows := make([]Metric, 0, 3*DailyDays)
	for d := m.lastDay - DailyDays + 1; d <= m.lastDay; d++ {
		key := time.Unix(d*86400, 0).UTC().Format(time.DateOnly)
		a := m.days[dayKey{shop, d}]
		if a == nil {
			a = &dayAcc{}
		}
		rows = append(rows,
			countRow(shop, ScopeDayMetric, key, "nr_opened", 1, a.nr),
			countRow(shop, ScopeDayMetric, key, "snad_opened", 1, a.snad),
			countRow(shop, ScopeDayMetric, key, "unsent", 1, a.unsent),
		)
	}
	return rows
}

// LabelDays returns the "delivery in X days" label a promise of days earns:
// 3, 5 or 7, or 0 for none (DOMAIN.md section 3).
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

func (m *Metrics) carrierRows(k carrierKey, c *carrierAcc) []Metric {
	const sc = ScopeCarrierMetric
	shop, key := k.shop, k.carrier
	rate := Metric{Shop: shop, Scope: sc, Key: key, Name: "on_time_rate", WindowDays: 30,
		Numerator: float64(c.onTime), Denominator: float64(c.sample), Status: "n/a"}
	if c.sample > 0 {
		rate.Value = float64(c.onTime) / float64(c.sample)
		rate.Status = "alert"
		if rate.Value >= m.rules.CarrierOnTime {
			rate.Status = "ok"
		}
	}
	label := Metric{Shop: shop, Scope: sc, Key: key, Name: "delivery_label", WindowDays: 30}
	pct := func(v float64) string { return fmt.Sprintf("%.0f %%", v*100) }
	switch {
	case c.shipped < int64(m.rules.CarrierMinOrders):
		label.Status = "n/a"
		label.Note = fmt.Sprintf("not eligible yet: %d %s shipped with this carrier in 30 days, %d needed", c.shipped, plural(c.shipped, "order", "orders"), m.rules.CarrierMinOrders)
	case c.sample == 0:
		label.Status = "n/a"
		label.Note = fmt.Sprintf("not judged: none of the %d orders shipped with this carrier in 30 days has been delivered or passed its promised date yet", c.shipped)
	case rate.Value < m.rules.CarrierOnTime:
		label.Status = "alert"
		label.Note = fmt.Sprintf("not eligible: %s of orders delivered on time, %s needed", pct(rate.Value), pct(m.rules.CarrierOnTime))
	default:
		days := LabelDays(c.maxPromise)
		label.Value, label.Numerator = float64(days), float64(days)
		if days == 0 {
			label.Status = "warn"
			if c.promised == 0 {
				label.Note = "on-time rate is high enough, but the export has no delivery promise: no label can be given"
			} else {
				label.Note = fmt.Sprintf("on-time rate is high enough, but the promise (%d days) is longer than 7 days: no label", c.maxPromise)
			}
		} else {
			label.Status = "ok"
			label.Note = fmt.Sprintf("eligible for the %d-day delivery label", days)
		}
	}
	return []Metric{
		countRow(shop, sc, key, "shipped", 30, c.shipped),
		countRow(shop, sc, key, "sample", 30, c.sample),
		countRow(shop, sc, key, "on_time", 30, c.onTime),
		rate,
		label,
	}
}

func (m *Metrics) productRows(k productKey, p *productAcc) []Metric {
	const sc = ScopeProductMetric
	shop, key := k.shop, k.product
	rows := []Metric{
		countRow(shop, sc, key, "orders", 90, p.orders),
		countRow(shop, sc, key, "nr", 90, p.nr),
		countRow(shop, sc, key, "snad", 90, p.snad),
		m.rate(shop, sc, key, "nr_rate", 90, p.nr, p.orders, "nr_rate"),
		m.rate(shop, sc, key, "snad_rate", 90, p.snad, p.orders, "snad_rate"),
		m.rate(shop, sc, key, "rating", 90, p.ratingSum, p.ratingN, "dsr_description"),
		countRow(shop, sc, key, "rating_count", 90, p.ratingN),
	}
	wrong := m.rate(shop, sc, key, "described_wrongly", 90, p.snad, p.orders, "")
	switch {
	case p.orders == 0:
	case p.orders < int64(m.rules.WrongDescMinOrders):
		wrong.Status = "ok"
		wrong.Note = fmt.Sprintf("fewer than %d orders in 90 days: not judged yet", m.rules.WrongDescMinOrders)
	case wrong.Value >= m.rules.WrongDescSNAD:
		wrong.Status = "alert"
		wrong.Note = fmt.Sprintf("%d of %d orders opened a \"not as described\" dispute (%.1f %%, limit %.0f %%): AliExpress flags this product as described wrongly; fix the title, photos and description",
			p.snad, p.orders, 100*wrong.Value, 100*m.rules.WrongDescSNAD)
	default:
		wrong.Status = "ok"
	}
	return append(rows, wrong)
}
