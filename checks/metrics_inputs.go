package checks

import "strings"

// StatusNoData is the status of a metric the order exports cannot show:
// they lack a column its numerator needs (a dispute rate without the
// dispute columns, a rating without the rating column). Its value and
// numerator are 0 and mean nothing; unlike "n/a" (no order in the window)
// more orders would not help: the export needs the column.
const StatusNoData = "no-data"

// OrderColumns is, for each shop, the set of canonical order fields (the
// names of readers.OrderFields) the order exports that held its orders
// had. The metrics read it to tell a rate of 0 from a rate the exports
// cannot show. A shop's metrics depend on its own exports only, so a shop
// checked alone or with others reads the same. A nil *OrderColumns, or a
// shop it does not know, has every field.
type OrderColumns struct {
	shops map[string]map[string]bool
}

// NewOrderColumns returns an empty set.
func NewOrderColumns() *OrderColumns {
	return &OrderColumns{shops: map[string]map[string]bool{}}
}

// Add records that an export holding orders of shop had the fields.
func (c *OrderColumns) Add(shop string, fields ...string) {
	s := c.shops[shop]
	if s == nil {
		s = map[string]bool{}
		// A clone: the shop may share the memory of a batch of rows.
		c.shops[strings.Clone(shop)] = s
	}
	for _, f := range fields {
		s[f] = true
	}
}

// Has reports whether the exports of shop had field name.
func (c *OrderColumns) Has(shop, name string) bool {
	if c == nil {
		return true
	}
	s, ok := c.shops[shop]
	return !ok || s[name]
}

// Shows reports whether the exports of shop had what metric name needs.
func (c *OrderColumns) Shows(shop, name string) bool {
	if c == nil {
		return true
	}
	d := metricByID[name]
	if d == nil || len(d.Needs) == 0 {
		return true
	}
	for _, alt := range d.Needs {
		all := true
		for _, f := range alt {
			all = all && c.Has(shop, f)
		}
		if all {
			return true
		}
	}
	return false
}

// UseColumns tells m which order fields the exports had: a metric whose
// numerator needs a field they lacked reads StatusNoData. Without it
// (nil), every field counts as present.
func (m *Metrics) UseColumns(c *OrderColumns) { m.cols = c }

// noData marks r as a metric the exports cannot show, when they cannot.
func (m *Metrics) noData(r *Metric) {
	if !m.cols.Shows(r.Shop, r.Name) {
		r.Numerator, r.Value, r.Status = 0, 0, StatusNoData
		if d := LookupMetric(r.Scope, r.Name); d != nil && d.noDataNote != "" {
			r.Note = d.noDataNote
		}
	}
}
