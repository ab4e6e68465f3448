package readers

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOrdersShopifyExport reads samples/orders_shopify.csv, Shopify's
// orders export with every one of its columns: it maps without --map, folds
// the line-item rows, combines Financial Status, Fulfillment Status and
// Cancelled at into one status, and keeps no personal data.
func TestOrdersShopifyExport(t *testing.T) {
	sh, err := readOrders(t, filepath.Join("..", "samples", "orders_shopify.csv"), Options{BatchSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	en, err := readOrders(t, filepath.Join("..", "samples", "orders.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sh.orders) != 49 || sh.rows != 51 || sh.cont != 2 {
		t.Fatalf("%d orders, %d rows, %d line-item rows; want 49, 51, 2", len(sh.orders), sh.rows, sh.cont)
	}
	byID := map[string]*Order{}
	for i := range sh.orders {
		o := &sh.orders[i]
		byID[o.ID] = o
		// The same instants as orders.csv, written in +01:00.
		e := &en.orders[i]
		if strings.TrimPrefix(o.ID, "#") != e.ID || !o.CreatedAt.Equal(e.CreatedAt) || !o.PaidAt.Equal(e.PaidAt) || !o.ShippedAt.Equal(e.ShippedAt) ||
			o.Total != e.Total || len(o.Items) != len(e.Items) || len(o.Problems) != len(e.Problems) {
			t.Errorf("order %d differs from orders.csv:\n%+v\n%+v", i, o, e)
		}
		for j, it := range o.Items {
			if it.ProductID != "" || it.SKU != e.Items[j].SKU || it.Quantity != e.Items[j].Quantity || it.Title != e.Items[j].Title {
				t.Errorf("order %s item %d = %+v, want SKU, title and quantity of %+v", o.ID, j, it, e.Items[j])
			}
		}
		s := fmt.Sprintf("%+v", *o)
		for _, pii := range []string{"Sample Buyer", "Sample Receiver", "example.invalid", "+00 000", "Sample Street", "Buyer Company", "Testville", "Flat ", "Please call"} {
			if strings.Contains(s, pii) {
				t.Errorf("personal data %q kept in %s", pii, s)
			}
		}
	}
	want := map[string]Status{
		"#812345672017": StatusAwaitingPayment,  // pending
		"#812345672007": StatusAwaitingShipment, // paid, unfulfilled
		"#812345672006": StatusShipped,          // paid, fulfilled
		"#812345672001": StatusShipped,          // paid, fulfilled (Shopify does not know about delivery)
		"#812345672011": StatusCancelled,        // refunded in full
		"#812345672010": StatusCancelled,        // Cancelled at
		"#812345672012": StatusCancelled,        // Cancelled at
	}
	for id, st := range want {
		if o := byID[id]; o == nil || o.Status != st {
			t.Errorf("order %s: status %v, want %v", id, o.Status, st)
		}
	}
	if o := byID["#812345672010"]; !o.CancelledAt.Equal(time.Date(2025, 3, 8, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("cancelled at %v", o.CancelledAt)
	}
	if o := byID["#812345672011"]; !o.HasRefund || o.RefundAmount != o.Total {
		t.Errorf("refund of #812345672011: %+v", o)
	}
	notes := strings.Join(sh.notes, "\n")
	for _, h := range []string{`"Email"`, `"Billing Name"`, `"Shipping Name"`, `"Shipping Address1"`, `"Shipping Phone"`, `"Phone"`, `"Notes"`, `"Billing Company"`} {
		if !strings.Contains(notes, h) {
			t.Errorf("the note on dropped personal columns does not name %s: %s", h, notes)
		}
	}
}

// TestOrdersFulfillmentAndCancel: the status combination rules, one cell at
// a time.
func TestOrdersFulfillmentAndCancel(t *testing.T) {
	csv := "Name,Financial Status,Fulfillment Status,Created at,Cancelled at\n" +
		"#1,paid,fulfilled,2024-05-01 10:00,\n" +
		"#2,paid,partial,2024-05-01 10:00,\n" +
		"#3,paid,unfulfilled,2024-05-01 10:00,\n" +
		"#4,paid,,2024-05-01 10:00,2024-05-02 10:00:00 +0200\n" +
		"#5,refunded,fulfilled,2024-05-01 10:00,\n" +
		"#6,partially_refunded,fulfilled,2024-05-01 10:00,\n" +
		"#7,paid,teleported,2024-05-01 10:00,\n" +
		"#8,paid,fulfilled,2024-05-01 10:00,yesterday\n" +
		"#9,,fulfilled,2024-05-01 10:00,\n"
	res, err := readOrders(t, writeOrders(t, "orders_export.csv", csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Status{StatusShipped, StatusShipped, StatusAwaitingShipment, StatusCancelled, StatusCancelled, StatusShipped,
		StatusAwaitingShipment, StatusCancelled, StatusShipped}
	if len(res.orders) != len(want) {
		t.Fatalf("%d orders", len(res.orders))
	}
	for i, o := range res.orders {
		if o.Status != want[i] {
			t.Errorf("order %s: %v, want %v", o.ID, o.Status, want[i])
		}
	}
	if o := res.orders[3]; !o.CancelledAt.Equal(time.Date(2024, 5, 2, 8, 0, 0, 0, time.UTC)) || len(o.Problems) != 0 {
		t.Errorf("order #4: %+v", o)
	}
	if p := res.orders[6].Problems; len(p) != 1 || p[0].Name != "fulfillment_status" || p[0].Check != "bad-value" {
		t.Errorf("order #7 problems: %+v", p)
	}
	if p := res.orders[7].Problems; len(p) != 1 || p[0].Name != "cancelled_at" || p[0].Check != "bad-value" {
		t.Errorf("order #8 problems: %+v", p)
	}
	if l := LatestOf(time.Time{}, res.orders); !l.Equal(time.Date(2024, 5, 2, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("latest timestamp %v, want the cancellation time", l)
	}
}

// TestOrdersOlistLineItems reads an Olist-like line-item layout (the orders
// table joined with the items table: one row per item, the order's columns
// repeated, one shipping_limit_date per item) without --map.
func TestOrdersOlistLineItems(t *testing.T) {
	csv := "order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value,customer_id,order_status,order_purchase_timestamp,order_approved_at,order_delivered_carrier_date,order_delivered_customer_date,order_estimated_delivery_date,review_score\n" +
		"a1,1,p9,s1,2018-01-05 10:00:00,10.00,2.00,c77,delivered,2018-01-01 09:00:00,2018-01-01 09:10:00,2018-01-04 12:00:00,2018-01-10 15:00:00,2018-01-20 00:00:00,5\n" +
		"a1,2,p9,s1,2018-01-05 10:00:00,10.00,2.00,c77,delivered,2018-01-01 09:00:00,2018-01-01 09:10:00,2018-01-04 12:00:00,2018-01-10 15:00:00,2018-01-20 00:00:00,5\n" +
		"a1,3,p7,s2,2018-01-06 10:00:00,5.00,1.00,c77,delivered,2018-01-01 09:00:00,2018-01-01 09:10:00,2018-01-04 12:00:00,2018-01-10 15:00:00,2018-01-20 00:00:00,5\n" +
		"b2,1,p7,s2,2018-01-07 10:00:00,5.00,1.00,c78,canceled,2018-01-02 09:00:00,,,,2018-01-22 00:00:00,\n"
	res, err := readOrders(t, writeOrders(t, "olist_joined.csv", csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.orders) != 2 || res.cont != 2 || res.rows != 4 {
		t.Fatalf("%d orders, %d line-item rows, %d rows", len(res.orders), res.cont, res.rows)
	}
	a := res.orders[0]
	if a.ID != "a1" || len(a.Items) != 3 || a.Items[0].ProductID != "p9" || a.Items[2].ProductID != "p7" || a.Status != StatusCompleted ||
		!a.Deadline.Equal(time.Date(2018, 1, 5, 10, 0, 0, 0, time.UTC)) || a.RatingDescription != 5 || a.PromisedBy.IsZero() || len(a.Problems) != 0 {
		t.Errorf("order a1 = %+v", a)
	}
	if b := res.orders[1]; b.Status != StatusCancelled || len(b.Items) != 1 {
		t.Errorf("order b2 = %+v", b)
	}
	if s := fmt.Sprintf("%+v", res.orders); strings.Contains(s, "c77") || strings.Contains(s, "c78") {
		t.Errorf("customer id kept: %s", s)
	}
}
