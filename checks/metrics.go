package checks

import (
	"cmp"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"slices"
	"strings"
	"time"

	"github.com/aecheck/aecheck/internal/strtab"
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

// productTable holds the product accumulators of a shop: the product ids
// interned in a strtab.Table, and one accumulator per id at its ordinal.
// Both are pointer-free, so the collector never scans them: a product
// costs its id's bytes, about 30 bytes of table and a 36-byte accumulator.
type productTable struct {
	keys strtab.Table
	accs []productAcc
}

// get returns the accumulator of product k, adding it when new. The
// pointer is valid until the next get.
func (t *productTable) get(k string) *productAcc {
	i, added := t.keys.Add(k)
	if added {
		t.accs = append(t.accs, productAcc{})
	}
	return &t.accs[i]
}

// find returns the accumulator of product k, or nil.
func (t *productTable) find(k string) *productAcc {
	if i, ok := t.keys.Find(k); ok {
		return &t.accs[i]
	}
	return nil
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

type productKey struct{ shop, product string }

// productAcc counts in 32 bits: a product would need four billion order
// lines in one run to overflow them, and the table is half the size.
type productAcc struct {
	orders, nr, snad     uint32 // 90 days
	ratingSum, ratingN   uint32 // 90 days, by delivered_at
	sales                uint32 // promotion window, not cancelled
	promoSum, promoN     uint32 // promotion window ratings
	inMetricsWindowTouch bool
}

type dayAcc struct{ nr, snad, unsent int64 }

// NewMetrics returns an empty accumulator for the rules r (nil: DOMAIN.md
// defaults) anchored on asOf.
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

// AsOf returns the instant the windows are anchored on.
func (m *Metrics) AsOf() time.Time { return m.asOf }

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

// productsOf counts o once for each distinct product it holds.
func (m *Metrics) productsOf(sm *shopMetrics, o *readers.Order, w90, wp metricWindow) {
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
		p := sm.products.get(id)
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
			p.ratingSum += uint32(rating)
			p.ratingN++
			p.inMetricsWindowTouch = true
		}
		if inSales {
			p.sales++
		}
		if inPromoRating {
			p.promoSum += uint32(rating)
			p.promoN++
		}
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
		n += 11 + 3*DailyDays + 5*len(sm.carriers)
		if products {
			n += productRowCount * len(sm.products.accs)
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

// shopNames returns the shops of m, sorted.
func (m *Metrics) shopNames() []string {
	shops := make([]string, 0, len(m.shops))
	for shop := range m.shops {
		shops = append(shops, shop)
	}
	slices.Sort(shops)
	return shops
}

// productOrder returns the ordinals of the products with something in the
// 90-day window, sorted by product id.
func (sm *shopMetrics) productOrder() []int32 {
	order := sm.products.keys.Sorted()
	return slices.DeleteFunc(order, func(i int32) bool { return !sm.products.accs[i].inMetricsWindowTouch })
}

// Products returns the number of product records EachProduct gives.
func (m *Metrics) Products() int {
	n := 0
	for _, sm := range m.shops {
		for i := range sm.products.accs {
			if sm.products.accs[i].inMetricsWindowTouch {
				n++
			}
		}
	}
	return n
}

// EachProduct calls fn with the product records, sorted by shop and
// product id, at most chunk at a time (at least one), and stops at the
// first error fn returns. The slice is reused by the next call; its
// strings stay valid.
func (m *Metrics) EachProduct(chunk int, fn func([]ProductMetrics) error) error {
	buf := make([]ProductMetrics, 0, max(chunk, 1))
	for _, shop := range m.shopNames() {
		sm := m.shops[shop]
		for _, i := range sm.productOrder() {
			buf = append(buf, m.productRecord(shop, sm.products.keys.Key(int(i)), &sm.products.accs[i]))
			if len(buf) == cap(buf) {
				if err := fn(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	if len(buf) > 0 {
		return fn(buf)
	}
	return nil
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

// shopRows appends the shop rows to rows.
func (m *Metrics) shopRows(rows []Metric, shop string, s *shopAcc) []Metric {
	const sc = ScopeShopMetric
	rows = append(rows,
		m.rate(shop, sc, "", "unsent_rate", 7, s.unsentNum[0], s.unsentDen[0], "unsent_rate"),
		m.rate(shop, sc, "", "unsent_rate", 30, s.unsentNum[1], s.unsentDen[1], "unsent_rate"),
		m.rate(shop, sc, "", "late_ship_rate", 30, s.lateNum, s.lateDen, "late_ship_rate"),
		m.rate(shop, sc, "", "nr_rate", 30, s.nr[0], s.shipped[0], "nr_rate"),
		m.rate(shop, sc, "", "nr_rate", 90, s.nr[1], s.shipped[1], "nr_rate"),
		m.rate(shop, sc, "", "snad_rate", 30, s.snad[0], s.shipped[0], "snad_rate"),
		m.rate(shop, sc, "", "snad_rate", 90, s.snad[1], s.shipped[1], "snad_rate"),
		m.rate(shop, sc, "", "incomplete_rate", 90, s.incNum, s.incDen, "incomplete_rate"),
	)
	for i, name := range [3]string{"dsr_description", "dsr_communication", "dsr_shipping"} {
		rows = append(rows, m.rate(shop, sc, "", name, 90, s.dsrSum[i], s.dsrN[i], name))
	}
	return rows
}

// dayRows returns the daily rows of a shop, oldest day first: in the
// order SortMetrics gives (the keys are dates, the names in order).
func (m *Metrics) dayRows(rows []Metric, shop string, sm *shopMetrics) []Metric {
	for d := m.lastDay - DailyDays + 1; d <= m.lastDay; d++ {
		key := time.Unix(d*86400, 0).UTC().Format(time.DateOnly)
		a := &sm.days[m.lastDay-d]
		rows = append(rows,
			countRow(shop, ScopeDayMetric, key, "nr_opened", 1, a.nr),
			countRow(shop, ScopeDayMetric, key, "snad_opened", 1, a.snad),
			countRow(shop, ScopeDayMetric, key, "unsent", 1, a.unsent),
		)
		if m.cols != nil {
			for i := len(rows) - 3; i < len(rows); i++ {
				m.noData(&rows[i])
			}
		}
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

// carrierRows appends the rows of carrier key to rows.
func (m *Metrics) carrierRows(rows []Metric, shop, key string, c *carrierAcc) []Metric {
	const sc = ScopeCarrierMetric
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
		label.Note = m.tr.Sprintf("not eligible yet: %d %s shipped with this carrier in 30 days, %d needed", c.shipped, m.tr.T(plural(c.shipped, i18n.N("order"), i18n.N("orders"))), m.rules.CarrierMinOrders)
	case c.sample == 0:
		label.Status = "n/a"
		label.Note = m.tr.Sprintf("not judged: none of the %d orders shipped with this carrier in 30 days has been delivered or passed its promised date yet", c.shipped)
	case rate.Value < m.rules.CarrierOnTime:
		label.Status = "alert"
		label.Note = m.tr.Sprintf("not eligible: %s of orders delivered on time, %s needed", pct(rate.Value), pct(m.rules.CarrierOnTime))
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
	m.noData(&rate)
	m.noData(&label)
	return append(rows,
		countRow(shop, sc, key, "shipped", 30, c.shipped),
		countRow(shop, sc, key, "sample", 30, c.sample),
		countRow(shop, sc, key, "on_time", 30, c.onTime),
		rate,
		label,
	)
}

// productRecord returns the record of product key.
func (m *Metrics) productRecord(shop, key string, p *productAcc) ProductMetrics {
	orders, nr, snad := int64(p.orders), int64(p.nr), int64(p.snad)
	r := ProductMetrics{Shop: shop, Product: key, WindowDays: 90, Orders: orders, NR: nr, SNAD: snad,
		RatingSum: int64(p.ratingSum), RatingCount: int64(p.ratingN)}
	rate := func(num, den int64, th string) (float64, string) {
		v := 0.0
		if den > 0 {
			v = float64(num) / float64(den)
		}
		return v, Status(v, den, m.rules.Thresholds[th])
	}
	r.NRRate, r.NRStatus = rate(nr, orders, "nr_rate")
	r.SNADRate, r.SNADStatus = rate(snad, orders, "snad_rate")
	r.Rating, r.RatingStatus = rate(r.RatingSum, r.RatingCount, "dsr_description")
	r.DescribedWrongly = "n/a"
	switch {
	case orders == 0:
	case orders < int64(m.rules.WrongDescMinOrders):
		r.DescribedWrongly = "ok"
		r.Note = fmt.Sprintf("fewer than %d orders in 90 days: not judged yet", m.rules.WrongDescMinOrders)
	case r.SNADRate >= m.rules.WrongDescSNAD:
		r.DescribedWrongly = "alert"
		r.Note = fmt.Sprintf("%d of %d orders opened a \"not as described\" dispute (%.1f %%, limit %.0f %%): AliExpress flags this product as described wrongly; fix the title, photos and description",
			snad, orders, 100*r.SNADRate, 100*m.rules.WrongDescSNAD)
	default:
		r.DescribedWrongly = "ok"
	}
	if !m.cols.Shows(shop, "nr_rate") {
		r.NR, r.NRRate, r.NRStatus = 0, 0, StatusNoData
	}
	if !m.cols.Shows(shop, "snad_rate") {
		r.SNAD, r.SNADRate, r.SNADStatus, r.DescribedWrongly, r.Note = 0, 0, StatusNoData, StatusNoData, ""
	}
	if !m.cols.Shows(shop, "dsr_description") {
		r.RatingSum, r.RatingCount, r.Rating, r.RatingStatus = 0, 0, 0, StatusNoData
	}
	return r
}
