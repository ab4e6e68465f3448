package checks

import (
	"strings"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
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

// Metrics accumulates the service metrics (docs/orders.md) over the
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
// Its rows are the metrics of the registry (metricDefs, listed in
// docs/metrics.md), each over each of its windows: the shop, carrier and
// daily rows from the accumulator, the product rows from each product's
// record (ProductMetrics), promotion_eligible from PromotionRow.
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
	tr    *i18n.Printer // the language of the notes

	// shops holds every accumulator, by shop: a run has one or a few
	// shops, so each order looks up its shop (usually the last one) and
	// then its carrier and products by plain string keys.
	shops    map[string]*shopMetrics
	lastShop string
	last     *shopMetrics // accumulators of lastShop, or nil
	lastDay  int64        // civil day of as_of
	// hint sizes the product table of a new shop: half the first batch
	// added to an empty accumulator (a batch of orders names about as
	// many products as it has orders).
	hint int

	skus *ProductIndex // catalog SKU -> product id; nil without a catalog
	cols *OrderColumns // the fields the exports had; nil: all of them
}

// shopMetrics is every accumulator of one shop.
type shopMetrics struct {
	acc      shopAcc
	carriers map[string]*carrierAcc
	products productTable
	// days are the daily counts, days[i] for the civil day lastDay-i.
	days    [DailyDays]dayAcc
	hasDays bool
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

type carrierAcc struct {
	shipped, sample, onTime int64
	maxPromise              int // longest promise in days among the shipped orders
	promised                int64
}

type dayAcc struct{ nr, snad, unsent int64 }

// NewMetrics returns an empty accumulator for the rules r (nil: the
// documented defaults) anchored on asOf.
func NewMetrics(r *Rules, asOf time.Time) *Metrics {
	var or *OrderRules
	lang := ""
	if r != nil {
		or, lang = &r.Orders, r.Language
	}
	m := newMetrics(or, asOf)
	m.tr = i18n.For(lang)
	return m
}

func newMetrics(r *OrderRules, asOf time.Time) *Metrics {
	return &Metrics{
		asOf:    asOf,
		rules:   orderSettings(r),
		shops:   map[string]*shopMetrics{},
		lastDay: civilDay(asOf),
	}
}

// shop returns the accumulators of shop, adding them when new.
func (m *Metrics) shop(shop string) *shopMetrics {
	if m.last != nil && shop == m.lastShop {
		return m.last
	}
	s := m.shops[shop]
	if s == nil {
		// Keys kept for the run are cloned: a cell may share a string of
		// many rows (see readers), which would stay in memory with it.
		shop = strings.Clone(shop)
		s = &shopMetrics{carriers: map[string]*carrierAcc{}}
		if m.hint > 0 {
			s.products.keys.Grow(m.hint)
			s.products.accs = make([]productAcc, 0, m.hint)
		}
		m.shops[shop] = s
	}
	m.lastShop, m.last = shop, s
	return s
}

// Add folds a batch of orders into m.
func (m *Metrics) Add(os []readers.Order) {
	if len(m.shops) == 0 {
		m.hint = min(len(os)/2, 512)
	}
	w7, w30, w90 := m.window(7), m.window(30), m.window(90)
	wp := m.window(m.rules.PromotionWindowDays)
	for i := range os {
		m.add(&os[i], w7, w30, w90, wp)
	}
}

func (m *Metrics) add(o *readers.Order, w7, w30, w90, wp metricWindow) {
	sm := m.shop(o.Shop)
	s := &sm.acc
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
			if d := m.day(sm, dl); d != nil {
				d.unsent++
			}
		}
	}

	// Shipping: late shipments, and the denominators of the dispute rates.
	if w30.in(o.ShippedAt) {
		s.lateDen++
		if hasDL && o.ShippedAt.After(dl) {
			s.lateNum++
		}
		m.carrier(sm, o)
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
		if d := m.day(sm, o.DisputeOpenedAt); d != nil {
			d.nr++
		}
	case readers.DisputeSNAD:
		if d := m.day(sm, o.DisputeOpenedAt); d != nil {
			d.snad++
		}
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

	m.productsOf(sm, o, w90, wp)
}

// day returns the daily counts of the day of t when it is one of the days
// of the series, no later than as_of; else nil.
func (m *Metrics) day(sm *shopMetrics, t time.Time) *dayAcc {
	if t.IsZero() || t.After(m.asOf) {
		return nil
	}
	d := civilDay(t)
	if d <= m.lastDay-DailyDays || d > m.lastDay {
		return nil
	}
	sm.hasDays = true
	return &sm.days[m.lastDay-d]
}

// carrier counts an order shipped in the 30-day window.
func (m *Metrics) carrier(sm *shopMetrics, o *readers.Order) {
	name := readers.Trim(o.Carrier)
	if name == "" {
		name = NoCarrier
	}
	c := sm.carriers[name]
	if c == nil {
		c = &carrierAcc{}
		sm.carriers[strings.Clone(name)] = c
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

// Merge adds the counts of o to m. o is left unchanged.
func (m *Metrics) Merge(o *Metrics) {
	for shop, v := range o.shops {
		sm := m.shop(shop)
		s, a := &sm.acc, &v.acc
		for i := range 2 {
			s.unsentNum[i] += a.unsentNum[i]
			s.unsentDen[i] += a.unsentDen[i]
			s.shipped[i] += a.shipped[i]
			s.nr[i] += a.nr[i]
			s.snad[i] += a.snad[i]
		}
		s.lateNum += a.lateNum
		s.lateDen += a.lateDen
		s.incNum += a.incNum
		s.incDen += a.incDen
		for i := range 3 {
			s.dsrSum[i] += a.dsrSum[i]
			s.dsrN[i] += a.dsrN[i]
		}
		for k, v := range v.carriers {
			c := sm.carriers[k]
			if c == nil {
				c = &carrierAcc{}
				sm.carriers[k] = c
			}
			c.shipped += v.shipped
			c.sample += v.sample
			c.onTime += v.onTime
			c.promised += v.promised
			c.maxPromise = max(c.maxPromise, v.maxPromise)
		}
		for i := range v.products.accs {
			p := sm.products.get(v.products.keys.Key(i))
			v := &v.products.accs[i]
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
		if v.hasDays {
			sm.hasDays = true
			for i := range sm.days {
				d, e := &sm.days[i], &v.days[i]
				d.nr += e.nr
				d.snad += e.snad
				d.unsent += e.unsent
			}
		}
	}
}
