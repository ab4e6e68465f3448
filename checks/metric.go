package checks

// Metric is one service metric over one window, as docs/orders.md
// defines it: a numerator over a denominator, with a status against the
// thresholds of the rules file.
type Metric struct {
	Shop        string
	Scope       string // "shop", "carrier" or "product"
	Key         string // "" for shop metrics, the carrier name, or the product id
	Name        string // such as "nr_rate"; stable, part of the public schema
	WindowDays  int
	Numerator   float64
	Denominator float64
	Value       float64 // Numerator / Denominator; 0 with Status "n/a" when Denominator is 0, or "no-data"
	Status      string  // "ok", "warn", "alert", "n/a" (denominator 0) or "no-data" (StatusNoData)
	Note        string  // extra facts for the seller, such as "5-day label"
}

// ProductMetrics is the metrics of one product over one window (90 days),
// one record per product and window, each metric a field: what the long
// layout spreads over eight Metric rows (AppendRows gives them back).
type ProductMetrics struct {
	Shop       string
	Product    string // the product id; the SKU for order lines without one
	WindowDays int

	Orders int64 // orders placed in the window that hold the product
	NR     int64 // "not received" disputes opened in the window
	SNAD   int64 // "not as described" disputes opened in the window

	NRRate     float64 // NR / Orders; 0 when Orders is 0
	NRStatus   string  // against the shop's nr_rate levels: ok, warn, alert, n/a, no-data
	SNADRate   float64 // SNAD / Orders; 0 when Orders is 0
	SNADStatus string  // against the shop's snad_rate levels

	RatingSum    int64   // sum of the "item as described" ratings of orders delivered in the window
	RatingCount  int64   // number of those ratings
	Rating       float64 // RatingSum / RatingCount; 0 when RatingCount is 0
	RatingStatus string  // against the dsr_description levels

	// DescribedWrongly is the platform's flag: "alert" when the product has
	// at least described_wrongly_min_orders orders and a SNAD rate at or
	// above described_wrongly_snad_rate, "ok" otherwise, "n/a" without
	// orders, "no-data" when the exports have no dispute columns.
	DescribedWrongly string
	Note             string // why, for the seller
}

// AppendRows appends the product's rows in the long layout (Scope
// "product", one row per product metric of the registry, in name order) to
// rows.
func (p *ProductMetrics) AppendRows(rows []Metric) []Metric {
	for _, d := range productMetricDefs {
		r := Metric{Shop: p.Shop, Scope: ScopeProductMetric, Key: p.Product, Name: d.ID, WindowDays: p.WindowDays}
		d.product(p, &r)
		rows = append(rows, r)
	}
	return rows
}

// setRate makes r a rate row: num out of den, its value and status.
func setRate(r *Metric, num, den int64, v float64, status string) {
	r.Numerator, r.Denominator, r.Value, r.Status = float64(num), float64(den), v, status
}

// setProductCount makes r a count row of n; a count the exports cannot
// show (of is StatusNoData, the status of its rate) reads StatusNoData as
// its rate does.
func setProductCount(r *Metric, n int64, of string) {
	setCount(r, n)
	if of == StatusNoData {
		r.Status = of
	}
}
