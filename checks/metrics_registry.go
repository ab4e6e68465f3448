package checks

import (
	"slices"

	"github.com/aecheck/aecheck/internal/i18n"
)

// MetricDef is one metric of the registry: what its rows are called, what
// they mean for the seller, the unit and windows they come in, the levels
// they are judged by and how they are computed. A Metric is one row of it
// (one shop, key and window); the name MetricDef keeps Metric, the row type
// of the outputs and the Go API, as it is.
type MetricDef struct {
	ID    string // the Name of its rows; public and stable, like a check ID
	Scope string // ScopeShopMetric, ScopeCarrierMetric, ScopeProductMetric, ScopeDayMetric, or an account row's scope

	// Label is the seller's name for the metric and Meaning what it counts.
	// Both are catalogue texts (i18n.N) where a report shows them; a
	// metric no report names has a plain English Meaning, for docs/metrics.md.
	Label   string
	Meaning string

	Unit    MetricUnit
	Windows []int // the windows in days its rows cover; nil when a setting (named in Judged) decides
	Rank    int   // its place in the report's tables and charts: the measures AliExpress watches most first; 0 for none

	// Threshold holds the default warn and alert levels, for a metric the
	// rules file's orders.thresholds.<ID> can tune; nil for one judged
	// otherwise (Judged says how) or not at all. Source says where the
	// levels come from.
	Threshold *Threshold
	Judged    string // how the Status is decided when Threshold does not say it, for the docs
	Source    string // "ours": AliExpress publishes no level; "seed": the platform's seller guide

	// Needs lists the order fields the numerator reads: alternatives, any
	// one of which is enough; an alternative is a list of fields, all of
	// which must be there. Without them a row reads StatusNoData.
	Needs [][]string

	// noDataNote is the Note of a row the exports cannot show, when it
	// has one.
	noDataNote string

	// How the rows are computed from the accumulator; at most one is set.
	// A metric with none is computed by its own function (PromotionRow,
	// AccountMetrics).
	shop    func(a *shopAcc, w int) (num, den int64)   // shop scope, over Windows[w]
	carrier func(m *Metrics, r *Metric, c *carrierAcc) // carrier scope: fills in the row
	day     func(a *dayAcc) int64                      // day scope: the count of that day
	product func(p *ProductMetrics, r *Metric)         // product scope: fills in the row from the record
}

// MetricUnit is what a metric's Value counts.
type MetricUnit uint8

// Units.
const (
	UnitCount  MetricUnit = iota + 1 // a number of orders, disputes, ratings or withdrawals
	UnitRate                         // a fraction between 0 and 1
	UnitRating                       // an average of 1-5 star ratings
	UnitDays                         // a number of days
	UnitPoints                       // penalty points
	UnitFlag                         // 1 (yes) or 0 (no)
)

// String returns the unit's name, as docs/metrics.md prints it.
func (u MetricUnit) String() string {
	switch u {
	case UnitCount:
		return "count"
	case UnitRate:
		return "rate"
	case UnitRating:
		return "rating"
	case UnitDays:
		return "days"
	case UnitPoints:
		return "points"
	case UnitFlag:
		return "yes/no"
	}
	return "unit(?)"
}

var (
	dispNeeds     = [][]string{{"dispute_type", "dispute_opened_at"}}
	shippedNeeds  = [][]string{{"shipped_at"}}
	deliveryNeeds = [][]string{{"delivered_at"}}
	ratingNeeds   = [][]string{{"rating_description"}}
	dsrLevels     = Threshold{Warn: 4.7, Alert: 4.5, Lower: true}
)

// metricDefs is every metric, sorted by ID, then scope for the two names
// a shop and a product row share (TestMetricRegistry). The shop metrics are
// what AliExpress's service score is made of; the platform publishes no
// levels for those rates, so the warn and alert levels are ours. The order
// of the rows the outputs carry is SortMetrics's, not this.
var metricDefs = []*MetricDef{
	{ID: MetricPointsExpiring, Scope: ScopeShopMetric, Unit: UnitPoints,
		Meaning: "Live penalty points whose life ends within expiring_window_days; the note is the next expiry.", Source: "ext"},
	{ID: MetricPointsLive, Scope: ScopeShopMetric, Unit: UnitPoints,
		Meaning: "Sum of the points of the live violations.", Judged: "warn from freeze_step_points, alert one step before closure_points", Source: "ext"},
	{ID: MetricPointsToClosure, Scope: ScopeShopMetric, Unit: UnitPoints,
		Meaning: "closure_points minus the live points (negative past closure).", Judged: "as account_points_live", Source: "ext"},
	{ID: MetricSeriousIPLive, Scope: ScopeShopMetric, Unit: UnitCount,
		Meaning: "Live serious intellectual-property violations.", Judged: "warn from one, alert one before serious_ip_limit", Source: "ext"},
	{ID: MetricCancellations, Scope: "month", Unit: UnitCount,
		Meaning: "Withdrawals before warm-up counted in one month, out of the allowance.", Source: "seed"},
	{ID: MetricCancellationsLeft, Scope: ScopeShopMetric, Unit: UnitCount,
		Meaning: "Withdrawals before warm-up still allowed this calendar month.", Source: "seed"},
	{ID: MetricCancellationsMonth, Scope: ScopeShopMetric, Unit: UnitCount,
		Meaning: "Withdrawals from activities before their warm-up (or start) in the calendar month of the as-of instant.", Source: "seed"},
	{ID: "delivery_label", Scope: ScopeCarrierMetric, Unit: UnitDays, Windows: []int{30},
		Meaning: "The \"delivery in X days\" label the carrier's orders earn: 3, 5 or 7, or 0 for none; the note says why.",
		Judged:  "eligible with at least carrier_min_orders (30) orders shipped and on_time_rate at or above carrier_on_time (85 %)", Source: "seed",
		Needs: deliveryNeeds, carrier: deliveryLabel, noDataNote: "not judged: the export has no delivery time"},
	{ID: "described_wrongly", Scope: ScopeProductMetric, Unit: UnitRate, Windows: []int{90},
		Meaning: "The product's \"not as described\" rate, with AliExpress's flag as its status: alert when the product is flagged as described wrongly.",
		Judged:  "alert with at least described_wrongly_min_orders (10) orders and a rate at or above described_wrongly_snad_rate (5 %), as the platform's diagnostic centre does", Source: "seed",
		Needs: dispNeeds,
		product: func(p *ProductMetrics, r *Metric) {
			setRate(r, p.SNAD, p.Orders, p.SNADRate, p.DescribedWrongly)
			r.Note = p.Note
		}},
	{ID: "dsr_communication", Scope: ScopeShopMetric, Unit: UnitRating, Windows: []int{90}, Rank: 7,
		Label: i18n.N("Rating: communication"), Meaning: i18n.N("Average buyer rating, 1 to 5 stars, for your communication."),
		Threshold: &dsrLevels, Source: "ours", Needs: [][]string{{"rating_communication"}},
		shop: func(a *shopAcc, _ int) (int64, int64) { return a.dsrSum[1], a.dsrN[1] }},
	{ID: "dsr_description", Scope: ScopeShopMetric, Unit: UnitRating, Windows: []int{90}, Rank: 6,
		Label: i18n.N("Rating: item as described"), Meaning: i18n.N("Average buyer rating, 1 to 5 stars, for \"item as described\"."),
		Threshold: &dsrLevels, Source: "ours", Needs: ratingNeeds,
		shop: func(a *shopAcc, _ int) (int64, int64) { return a.dsrSum[0], a.dsrN[0] }},
	{ID: "dsr_shipping", Scope: ScopeShopMetric, Unit: UnitRating, Windows: []int{90}, Rank: 8,
		Label: i18n.N("Rating: shipping speed"), Meaning: i18n.N("Average buyer rating, 1 to 5 stars, for shipping speed."),
		Threshold: &dsrLevels, Source: "ours", Needs: [][]string{{"rating_shipping"}},
		shop: func(a *shopAcc, _ int) (int64, int64) { return a.dsrSum[2], a.dsrN[2] }},
	{ID: "incomplete_rate", Scope: ScopeShopMetric, Unit: UnitRate, Windows: []int{90}, Rank: 5,
		Label: i18n.N("Incomplete orders"), Meaning: i18n.N("Orders paid in the window that ended cancelled or fully refunded, out of the orders paid in the window."),
		Threshold: &Threshold{Warn: 0.03, Alert: 0.05}, Source: "ours",
		// An order ends incomplete when cancelled or fully refunded.
		Needs: [][]string{{"status"}, {"fulfillment_status"}, {"cancelled_at"}, {"refund_amount", "order_total"}},
		shop:  func(a *shopAcc, _ int) (int64, int64) { return a.incNum, a.incDen }},
	{ID: "late_ship_rate", Scope: ScopeShopMetric, Unit: UnitRate, Windows: []int{30}, Rank: 2,
		Label: i18n.N("Late shipping"), Meaning: i18n.N("Orders shipped after their deadline, out of the orders shipped in the window."),
		Threshold: &Threshold{Warn: 0.02, Alert: 0.05}, Source: "ours", Needs: shippedNeeds,
		shop: func(a *shopAcc, _ int) (int64, int64) { return a.lateNum, a.lateDen }},
	{ID: "nr", Scope: ScopeProductMetric, Unit: UnitCount, Windows: []int{90},
		Meaning: "\"Not received\" disputes opened in the window on orders of the product.",
		Needs:   dispNeeds,
		product: func(p *ProductMetrics, r *Metric) { setProductCount(r, p.NR, p.NRStatus) }},
	{ID: "nr_opened", Scope: ScopeDayMetric, Unit: UnitCount, Windows: []int{1}, Rank: 20,
		Label: i18n.N("Not received disputes opened"), Meaning: i18n.N("Disputes opened that day where the buyer says the parcel never arrived."),
		Needs: dispNeeds, day: func(a *dayAcc) int64 { return a.nr }},
	{ID: "nr_rate", Scope: ScopeProductMetric, Unit: UnitRate, Windows: []int{90},
		Meaning: "\"Not received\" disputes out of the product's orders.", Judged: "the shop's nr_rate levels",
		Needs:   dispNeeds,
		product: func(p *ProductMetrics, r *Metric) { setRate(r, p.NR, p.Orders, p.NRRate, p.NRStatus) }},
	{ID: "nr_rate", Scope: ScopeShopMetric, Unit: UnitRate, Windows: []int{30, 90}, Rank: 3,
		Label: i18n.N("Not received disputes"), Meaning: i18n.N("Disputes where the buyer says the parcel never arrived, opened in the window, out of the orders shipped in the window."),
		Threshold: &Threshold{Warn: 0.01, Alert: 0.03}, Source: "ours", Needs: dispNeeds,
		shop: func(a *shopAcc, w int) (int64, int64) { return a.nr[w], a.shipped[w] }},
	{ID: "on_time", Scope: ScopeCarrierMetric, Unit: UnitCount, Windows: []int{30},
		Meaning: "Parcels of the sample delivered no later than promised.",
		carrier: func(_ *Metrics, r *Metric, c *carrierAcc) { setCount(r, c.onTime) }},
	{ID: "on_time_rate", Scope: ScopeCarrierMetric, Unit: UnitRate, Windows: []int{30}, Rank: 9,
		Label: i18n.N("Delivered on time"), Meaning: i18n.N("Parcels delivered no later than promised, out of the parcels delivered or past their promised date."),
		Judged: "alert below carrier_on_time (85 %)", Source: "seed", Needs: deliveryNeeds, carrier: onTimeRate},
	{ID: "orders", Scope: ScopeProductMetric, Unit: UnitCount, Windows: []int{90},
		Meaning: "Orders placed in the window that hold the product.",
		product: func(p *ProductMetrics, r *Metric) { setProductCount(r, p.Orders, "") }},
	{ID: "promotion_eligible", Scope: ScopeProductMetric, Unit: UnitFlag,
		Meaning: "Whether a catalog product can join a promotion: a sale in the window, an average rating of at least 4.5 over more than 5 ratings, online for 24 hours.",
		Judged:  "ok when eligible, alert otherwise; the window is promotion_window_days", Source: "seed"},
	{ID: "rating", Scope: ScopeProductMetric, Unit: UnitRating, Windows: []int{90},
		Meaning: "Average \"item as described\" rating of the product's orders delivered in the window.", Judged: "the shop's dsr_description levels",
		Needs:   ratingNeeds,
		product: func(p *ProductMetrics, r *Metric) { setRate(r, p.RatingSum, p.RatingCount, p.Rating, p.RatingStatus) }},
	{ID: "rating_count", Scope: ScopeProductMetric, Unit: UnitCount, Windows: []int{90},
		Meaning: "Number of \"item as described\" ratings of the product's orders delivered in the window.",
		Needs:   ratingNeeds,
		product: func(p *ProductMetrics, r *Metric) { setProductCount(r, p.RatingCount, p.RatingStatus) }},
	{ID: "sample", Scope: ScopeCarrierMetric, Unit: UnitCount, Windows: []int{30},
		Meaning: "Parcels shipped in the window that were delivered or whose promised date has passed.",
		carrier: func(_ *Metrics, r *Metric, c *carrierAcc) { setCount(r, c.sample) }},
	{ID: "shipped", Scope: ScopeCarrierMetric, Unit: UnitCount, Windows: []int{30},
		Meaning: "Orders shipped with the carrier in the window.",
		carrier: func(_ *Metrics, r *Metric, c *carrierAcc) { setCount(r, c.shipped) }},
	{ID: "snad", Scope: ScopeProductMetric, Unit: UnitCount, Windows: []int{90},
		Meaning: "\"Not as described\" disputes opened in the window on orders of the product.",
		Needs:   dispNeeds,
		product: func(p *ProductMetrics, r *Metric) { setProductCount(r, p.SNAD, p.SNADStatus) }},
	{ID: "snad_opened", Scope: ScopeDayMetric, Unit: UnitCount, Windows: []int{1}, Rank: 21,
		Label: i18n.N("Not as described disputes opened"), Meaning: i18n.N("Disputes opened that day where the buyer says the item is not as described."),
		Needs: dispNeeds, day: func(a *dayAcc) int64 { return a.snad }},
	{ID: "snad_rate", Scope: ScopeProductMetric, Unit: UnitRate, Windows: []int{90},
		Meaning: "\"Not as described\" disputes out of the product's orders.", Judged: "the shop's snad_rate levels",
		Needs:   dispNeeds,
		product: func(p *ProductMetrics, r *Metric) { setRate(r, p.SNAD, p.Orders, p.SNADRate, p.SNADStatus) }},
	{ID: "snad_rate", Scope: ScopeShopMetric, Unit: UnitRate, Windows: []int{30, 90}, Rank: 4,
		Label: i18n.N("Not as described disputes"), Meaning: i18n.N("Disputes where the buyer says the item is not as described, opened in the window, out of the orders shipped in the window."),
		Threshold: &Threshold{Warn: 0.01, Alert: 0.02}, Source: "ours", Needs: dispNeeds,
		shop: func(a *shopAcc, w int) (int64, int64) { return a.snad[w], a.shipped[w] }},
	{ID: MetricPenaltyPrefix + "over_quota", Scope: "penalty", Unit: UnitDays,
		Meaning: "A 30-day store penalty for withdrawing more often than allowed: days left; the note is FROM/UNTIL.", Source: "seed"},
	{ID: MetricPenaltyPrefix + "quit_after_start", Scope: "penalty", Unit: UnitDays,
		Meaning: "A store penalty for quitting an activity after its warm-up or start: days left; the note is FROM/UNTIL.", Source: "seed"},
	{ID: MetricStorePenaltyUntil, Scope: ScopeShopMetric, Unit: UnitDays,
		Meaning: "Days left of the latest store penalty open at the as-of instant; the note is its end.", Source: "seed"},
	{ID: "unsent", Scope: ScopeDayMetric, Unit: UnitCount, Windows: []int{1}, Rank: 22,
		Label: i18n.N("Orders unsent"), Meaning: i18n.N("Orders whose shipping deadline passed that day without shipment."),
		Needs: shippedNeeds, day: func(a *dayAcc) int64 { return a.unsent }},
	{ID: "unsent_rate", Scope: ScopeShopMetric, Unit: UnitRate, Windows: []int{7, 30}, Rank: 1,
		Label: i18n.N("Unsent orders"), Meaning: i18n.N("Orders not shipped by their shipping deadline, out of the orders whose deadline fell in the window. AliExpress cancels them and counts them against your shop."),
		Threshold: &Threshold{Warn: 0, Alert: 0.02, WarnAbove: true}, Source: "ours", Needs: shippedNeeds,
		shop: func(a *shopAcc, w int) (int64, int64) { return a.unsentNum[w], a.unsentDen[w] }},
	{ID: MetricViolationPoints, Scope: "violation", Unit: UnitPoints,
		Meaning: "The points of one live violation; the note is when they expire.", Source: "ext"},
}

// MetricDefs returns the registry of metrics, sorted by ID.
// The caller must not change it.
func MetricDefs() []*MetricDef { return metricDefs }

var metricByID = func() map[string]*MetricDef {
	m := make(map[string]*MetricDef, len(metricDefs))
	for _, d := range metricDefs {
		// A name used in two scopes (nr_rate, snad_rate) keeps its shop
		// definition: that is the one a rules file tunes.
		if m[d.ID] == nil || d.Scope == ScopeShopMetric {
			m[d.ID] = d
		}
	}
	return m
}()

// LookupMetric returns the metric of the rows named name in scope, or nil.
func LookupMetric(scope, name string) *MetricDef {
	d := metricByID[name]
	if d == nil || d.Scope == scope {
		return d
	}
	i := slices.IndexFunc(metricDefs, func(d *MetricDef) bool { return d.Scope == scope && d.ID == name })
	if i < 0 {
		return nil
	}
	return metricDefs[i]
}

// MetricNamed returns the metric whose rows are named name, or nil; for a
// name a shop and a product row share, the shop metric.
func MetricNamed(name string) *MetricDef { return metricByID[name] }

// metricsOf returns the metrics of scope that have a computation, in
// registry order.
func metricsOf(scope string) []*MetricDef {
	var out []*MetricDef
	for _, d := range metricDefs {
		if d.Scope == scope && (d.shop != nil || d.carrier != nil || d.day != nil || d.product != nil) {
			out = append(out, d)
		}
	}
	return out
}

var (
	shopMetricDefs    = metricsOf(ScopeShopMetric)
	carrierMetricDefs = metricsOf(ScopeCarrierMetric)
	dayMetricDefs     = metricsOf(ScopeDayMetric)
	productMetricDefs = metricsOf(ScopeProductMetric)

	// shopRowCount is the number of rows of one shop's shop metrics.
	shopRowCount = func() (n int) {
		for _, d := range shopMetricDefs {
			n += len(d.Windows)
		}
		return n
	}()
)

// defaultOrderThresholds are the registry's warn and alert levels, by
// metric, for a metric the rules give none for.
var defaultOrderThresholds = func() map[string]Threshold {
	th := map[string]Threshold{}
	for _, d := range metricDefs {
		if d.Threshold != nil {
			th[d.ID] = *d.Threshold
		}
	}
	return th
}()
