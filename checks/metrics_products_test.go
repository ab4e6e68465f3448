package checks

import (
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// TestProductIndex: order lines that carry only a SKU count for the catalog
// product of that SKU, once per order even when two variants of the product
// are in it; an ambiguous SKU and an unknown SKU stay keyed by the SKU.
func TestProductIndex(t *testing.T) {
	at := func(s string) time.Time { return otm(t, s) }
	x := NewProductIndex()
	x.AddListings([]readers.Listing{
		{ProductID: "P1", SKU: "RED", Variants: []readers.Variant{{SKU: "BLUE"}}},
		{ProductID: "P2", SKU: "DUP"},
		{ProductID: "P3", SKU: "DUP"}, // DUP is claimed twice: ambiguous
		{ProductID: "P4", SKU: ""},
		{ProductID: "P9", SKU: "RED", Shop: "other"},
	})
	if n := len(x.ids); n != 4 {
		t.Errorf("%d SKUs in the index, want 4", n)
	}
	placed := at("2024-06-20 10:00")
	rated := func(id string, r int, items ...readers.Item) readers.Order {
		return readers.Order{ID: id, CreatedAt: placed, PaidAt: placed, DeliveredAt: placed.Add(72 * time.Hour), RatingDescription: r, Items: items}
	}
	orders := []readers.Order{
		rated("1", 5, readers.Item{SKU: "RED", Quantity: 1}, readers.Item{SKU: "BLUE", Quantity: 1}),
		rated("2", 4, readers.Item{SKU: "BLUE", Quantity: 2}),
		rated("3", 5, readers.Item{ProductID: "P1", SKU: "RED", Quantity: 1}),
		rated("4", 5, readers.Item{SKU: "DUP", Quantity: 1}),
		rated("5", 5, readers.Item{SKU: "NEW", Quantity: 1}),
		// Not paid yet: an order, not a sale.
		{ID: "6", CreatedAt: placed, Status: readers.StatusAwaitingPayment, Items: []readers.Item{{SKU: "P4-SKU"}}},
	}
	// Two batches on two accumulators sharing the index, merged.
	a, b := NewMetrics(nil, otm(t, asOfTest)), NewMetrics(nil, otm(t, asOfTest))
	a.UseProducts(x)
	b.UseProducts(x)
	a.Add(orders[:2])
	b.Add(orders[2:])
	a.Merge(b)
	got := map[string]float64{}
	for _, r := range a.Results() {
		if r.Scope == ScopeProductMetric && (r.Name == "orders" || r.Name == "rating_count") {
			got[r.Key+" "+r.Name] = r.Numerator
		}
	}
	want := map[string]float64{
		"P1 orders": 3, "P1 rating_count": 3, // orders 1 (two variants, once), 2 and 3
		"DUP orders": 1, "NEW orders": 1, "P4-SKU orders": 1,
		"DUP rating_count": 1, "NEW rating_count": 1, "P4-SKU rating_count": 0,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
	if r := a.PromotionRow("", "P1", time.Time{}); r.Numerator != 3 || r.Status != "alert" {
		t.Errorf("P1 promotion = %+v, want 3 sales, not eligible (3 ratings)", r)
	}
	if r := a.PromotionRow("", "P9", time.Time{}); r.Numerator != 0 {
		t.Errorf("P9 (another shop's RED) = %+v, want no sale", r)
	}
	// Without the index, the SKUs are the keys.
	c := NewMetrics(nil, otm(t, asOfTest))
	c.Add(orders)
	for _, r := range c.Results() {
		if r.Scope == ScopeProductMetric && r.Key == "P1" && r.Name == "orders" && r.Numerator != 1 {
			t.Errorf("without an index, P1 has %v orders, want 1", r.Numerator)
		}
	}
}
