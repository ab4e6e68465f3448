package checks

// Metric is one service metric over one window, as DOMAIN.md section 3
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
	Value       float64 // Numerator / Denominator; 0 with Status "n/a" when Denominator is 0
	Status      string  // "ok", "warn", "alert" or "n/a"
	Note        string  // extra facts for the seller, such as "5-day label"
}
