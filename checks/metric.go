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

// productRowCount is the number of rows AppendRows gives a product.
const productRowCount = 8

// AppendRows appends the product's rows in the long layout (Scope
// "product", one row per metric, in name order) to rows.
func (p *ProductMetrics) AppendRows(rows []Metric) []Metric {
	const sc = ScopeProductMetric
	rate := func(name string, num, den int64, v float64, status, note string) Metric {
		return Metric{Shop: p.Shop, Scope: sc, Key: p.Product, Name: name, WindowDays: p.WindowDays,
			Numerator: float64(num), Denominator: float64(den), Value: v, Status: status, Note: note}
	}
	// A count the exports cannot show reads StatusNoData, as its rate does.
	count := func(name string, n int64, of string) Metric {
		r := countRow(p.Shop, sc, p.Product, name, p.WindowDays, n)
		if of == StatusNoData {
			r.Status = of
		}
		return r
	}
	return append(rows,
		rate("described_wrongly", p.SNAD, p.Orders, p.SNADRate, p.DescribedWrongly, p.Note),
		count("nr", p.NR, p.NRStatus),
		rate("nr_rate", p.NR, p.Orders, p.NRRate, p.NRStatus, ""),
		count("orders", p.Orders, ""),
		rate("rating", p.RatingSum, p.RatingCount, p.Rating, p.RatingStatus, ""),
		count("rating_count", p.RatingCount, p.RatingStatus),
		count("snad", p.SNAD, p.SNADStatus),
		rate("snad_rate", p.SNAD, p.Orders, p.SNADRate, p.SNADStatus, ""),
	)
}
