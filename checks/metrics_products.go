package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// ProductIndex maps the seller SKUs of catalog listings to their product
// ids, per shop, so that order lines that carry only a SKU (the AliExpress
// Chinese export's product cell, Shopify's Lineitem sku) count for their
// catalog product in the product metrics and promotion eligibility.
//
// Build it while the catalogs are read (Add or AddListings, from one
// goroutine), then hand it to every Metrics of the run with UseProducts
// before the first Add; from then on it is only read, by any number of
// goroutines. A SKU that two different products of one shop claim is
// ambiguous: it maps to neither, and its order lines stay keyed by the SKU.
type ProductIndex struct {
	ids map[productKey]string // (shop, sku) -> product id; "" when ambiguous
}

// NewProductIndex returns an empty index.
func NewProductIndex() *ProductIndex {
	return &ProductIndex{ids: map[productKey]string{}}
}

// Add records that sku is a variant of productID in shop. Empty values are
// ignored.
func (x *ProductIndex) Add(shop, sku, productID string) {
	sku, productID = readers.Trim(sku), readers.Trim(productID)
	if sku == "" || productID == "" || sku == productID {
		return
	}
	k := productKey{shop, sku}
	old, ok := x.ids[k]
	switch {
	case ok && old == productID:
	case ok:
		// Ambiguous. The key is a copy: assigning to a key already in a
		// map stores the key given, and the row's texts may be reused.
		x.ids[productKey{strings.Clone(shop), strings.Clone(sku)}] = ""
	default:
		x.ids[productKey{strings.Clone(shop), strings.Clone(sku)}] = strings.Clone(productID)
	}
}

// AddListings records the SKU of each listing with a product id, and the
// SKUs of its variants (the continuation rows of a Shopify-style catalog).
func (x *ProductIndex) AddListings(ls []readers.Listing) {
	for i := range ls {
		l := &ls[i]
		x.Add(l.Shop, l.SKU, l.ProductID)
		for _, v := range l.Variants {
			x.Add(l.Shop, v.SKU, l.ProductID)
		}
	}
}

// UseProducts makes m count order lines that carry only a SKU for the
// catalog product x maps the SKU to. Call it before the first Add; x may be
// nil (no catalog). Every accumulator that is merged with m must use the
// same index.
func (m *Metrics) UseProducts(x *ProductIndex) { m.skus = x }

// key is the product key of an order line: its product id; else the
// catalog product of its SKU; else its SKU. x may be nil.
func (x *ProductIndex) key(shop string, it *readers.Item) string {
	if s := readers.Trim(it.ProductID); s != "" {
		return s
	}
	sku := readers.Trim(it.SKU)
	if x != nil && sku != "" {
		if id := x.ids[productKey{shop, sku}]; id != "" {
			return id
		}
	}
	return sku
}

// seenBefore reports whether one of items has the product key id.
func (x *ProductIndex) seenBefore(shop string, items []readers.Item, id string) bool {
	for i := range items {
		if x.key(shop, &items[i]) == id {
			return true
		}
	}
	return false
}

// orderPaid reports whether o was paid: it has a payment time, or a status
// past payment. An order awaiting payment is not a sale.
func orderPaid(o *readers.Order) bool {
	if !o.PaidAt.IsZero() {
		return true
	}
	switch o.Status {
	case readers.StatusAwaitingPayment, readers.StatusCancelled:
		return false
	}
	return true
}

// plural returns one when n is 1, else many.
func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
