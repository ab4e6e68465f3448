package checks

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/aecheck/aecheck/readers"
)

// The CSV reader cuts the cells of a row from one string, so anything kept
// for the whole run must be a copy, or every row it came from stays in
// memory. These tests make the cells substrings of one row string and
// check that what the metrics and indexes keep points outside it.
func TestKeptKeysDoNotPinRows(t *testing.T) {
	row := strings.Repeat("padding ", 64) + "ShopA,DHL,1005001,SKU-1"
	cut := func(s string) string { i := strings.Index(row, s); return row[i : i+len(s)] }
	inRow := func(s string) bool {
		p, b := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(row)))
		return len(s) > 0 && p >= b && p < b+uintptr(len(row))
	}
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	m := NewMetrics(Default(), asOf)
	m.Add([]readers.Order{{
		Shop: cut("ShopA"), ID: "1", Status: readers.StatusShipped, Carrier: cut("DHL"),
		CreatedAt: asOf.Add(-72 * time.Hour), PaidAt: asOf.Add(-72 * time.Hour), ShippedAt: asOf.Add(-48 * time.Hour),
		Items: []readers.Item{{ProductID: cut("1005001"), Quantity: 1}},
	}})
	if len(m.shops) != 1 {
		t.Fatalf("%d shops, want 1", len(m.shops))
	}
	for shop, sm := range m.shops {
		if inRow(shop) {
			t.Error("the shop name kept by the metrics is the row's string")
		}
		if len(sm.carriers) == 0 {
			t.Error("no carrier counted")
		}
		for c := range sm.carriers {
			if inRow(c) {
				t.Error("the carrier name kept by the metrics is the row's string")
			}
		}
		if sm.products.keys.Len() == 0 {
			t.Error("no product counted")
		}
		for i := range sm.products.keys.Len() {
			if inRow(sm.products.keys.Key(i)) {
				t.Error("the product id kept by the metrics is the row's string")
			}
		}
	}

	x := NewProductIndex()
	x.Add(cut("ShopA"), cut("SKU-1"), cut("1005001"))
	// The same SKU for another product makes it ambiguous; the entry is
	// written again, and must still hold copies (a map assignment stores
	// the key it is given).
	row2 := strings.Repeat("padding ", 64) + "ShopA,SKU-1,1005002"
	x.Add(row2[len(row2)-19:len(row2)-14], row2[len(row2)-13:len(row2)-8], row2[len(row2)-7:])
	if len(x.ids) != 1 || x.ids[productKey{"ShopA", "SKU-1"}] != "" {
		t.Errorf("SKU-1 of two products: index %v, want it ambiguous", x.ids)
	}
	inRow2 := func(s string) bool {
		p, b := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(row2)))
		return len(s) > 0 && p >= b && p < b+uintptr(len(row2))
	}
	for k := range x.ids {
		if inRow2(k.shop) || inRow2(k.product) {
			t.Errorf("the product index keeps the second row's string: %+v", k)
		}
	}
	x = NewProductIndex()
	x.Add(cut("ShopA"), cut("SKU-1"), cut("1005001"))
	for k, id := range x.ids {
		if inRow(k.shop) || inRow(k.product) || inRow(id) {
			t.Errorf("the product index keeps the row's string: %+v -> %q", k, id)
		}
	}
}
