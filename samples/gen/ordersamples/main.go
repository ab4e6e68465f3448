// Command ordersamples writes the sample order exports of samples/:
//
//	go run ./samples/gen/ordersamples            # writes samples/orders.csv, orders_aliexpress.xlsx and orders_shopify.csv
//	go run ./samples/gen/ordersamples -dir DIR
//
// The files hold the same 49 made-up orders of one shop, as of Friday
// 2025-03-14 18:00 (the latest timestamp in them): orders.csv in English
// columns, one row per line item and no shipping-deadline column, and
// orders_aliexpress.xlsx in the AliExpress Chinese layout (a title row, the
// multi-line product cell, the carrier:number cell and a 发货期限 column
// holding the deadline the rules compute); orders_shopify.csv holds them as
// Shopify's orders export does (see ShopifyCSV). The orders exercise every
// order finding and every metric status, and reference four products of
// samples/catalog.csv. Names, e-mails, phones and addresses are
// invented placeholders; they are there to prove the reader drops them.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	dir := flag.String("dir", "samples", "directory to write into")
	flag.Parse()
	if err := write(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "ordersamples:", err)
		os.Exit(2)
	}
}

// AsOf is the latest timestamp of the samples.
var AsOf = time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)

type item struct {
	productID, sku, title string
	qty                   int
	price                 float64
}

type order struct {
	id, status          string // status: awaiting_payment, awaiting_shipment, shipped, completed, in_dispute, cancelled
	items               []item
	created, paid       time.Time
	paidText            string // a payment cell that cannot be read, instead of paid
	shipped, delivered  time.Time
	carrier, tracking   string
	promisedDays        int
	dispute             string // "", "NR", "SNAD"
	disputeAt           time.Time
	disputeStatus       string // open, responded, closed
	refund              float64
	cancelReason        string
	cancelled           time.Time // Shopify's Cancelled at
	rDesc, rComm, rShip int
	country             string
	buyer               int
}

// products are four products of the sample catalog (samples/catalog.csv),
// so that `aecheck orders --catalog samples/catalog.csv` can judge their
// promotion eligibility: the LED strip is eligible (9 ratings of 5), the
// phone case is rated too low (4.17), the desk lamp has 1 rating and the
// building blocks none; the catalog's other products have no sale.
var products = []item{
	{"1005006001009", "CASE-S23-01", "Silicone phone case for Galaxy S23", 1, 3.20},
	{"1005006001029", "STRIP-LED-5M", "Smart LED strip 5 m, RGB", 1, 13.70},
	{"1005006001016", "LAMP-USB-01", "LED desk lamp with USB port", 1, 16.80},
	{"1005006001015", "BLOCK-500", "Building blocks set, 500 pieces", 1, 21.50},
}

// at parses a constant time of this file; a typo gives the zero time, which
// the tests of readers and checks over the samples would catch.
func at(s string) time.Time {
	t, _ := time.Parse("2006-01-02 15:04", s)
	return t
}

// Orders returns the sample orders, in export order (newest first, as
// AliExpress exports them).
func Orders() []order {
	var os []order
	countries := []string{"FR", "ES", "DE", "IT", "PL", "NL", "BE", "PT"}
	// 32 orders shipped with YunExpress over the last four weeks: 27 on
	// time, 2 late, 3 still travelling. Enough for the 5-day label.
	for i := range 32 {
		// Odd orders: the desk lamp; even ones: the LED strip, or the
		// phone case every sixth (the orders rated 4 for description).
		p := products[2]
		if i%2 == 0 {
			p = products[1]
			if i%6 == 0 {
				p = products[0]
			}
		}
		created := AsOf.Add(-time.Duration(27*24-i*18) * time.Hour)
		o := order{
			id: fmt.Sprintf("81234567%04d", 1000+i), items: []item{p}, created: created, paid: created.Add(10 * time.Minute),
			shipped: created.Add(30 * time.Hour), carrier: "YunExpress", tracking: fmt.Sprintf("YT25031%08d", 4500000+i*37),
			promisedDays: 5, country: countries[i%len(countries)], buyer: i + 1, status: "completed",
		}
		switch {
		case i >= 29:
			o.status = "shipped"
		case i == 5 || i == 17:
			o.delivered = o.shipped.Add(6*24*time.Hour + 3*time.Hour)
		default:
			o.delivered = o.shipped.Add(4*24*time.Hour - 2*time.Hour)
		}
		if i == 2 {
			o.items = []item{products[0], {products[2].productID, products[2].sku, products[2].title, 2, products[2].price}}
		}
		if i == 13 {
			o.dispute, o.disputeAt, o.disputeStatus = "SNAD", o.delivered.Add(48*time.Hour), "responded"
		}
		if !o.delivered.IsZero() && i%2 == 0 {
			o.rDesc, o.rComm, o.rShip = 5, 5, 5
			if i%6 == 0 {
				o.rDesc = 4
			}
			if i == 10 {
				o.rComm = 4
			}
			if i%4 == 0 {
				o.rShip = 4
			}
		}
		os = append(os, o)
	}
	blocks, lamp, strip, cas := products[3], products[2], products[1], products[0]
	os = append(os,
		// Cainiao: 5 shipped in 30 days, 3 of 4 in the sample on time.
		order{id: "812345672001", status: "completed", items: []item{blocks}, created: at("2025-02-22 09:12"), paid: at("2025-02-22 09:15"),
			shipped: at("2025-02-23 14:00"), delivered: at("2025-03-04 11:30"), carrier: "Cainiao", tracking: "LP00987654321001", promisedDays: 12, country: "FR", buyer: 40},
		order{id: "812345672002", status: "in_dispute", items: []item{blocks}, created: at("2025-02-27 20:40"), paid: at("2025-02-27 20:41"),
			shipped: at("2025-02-28 16:00"), carrier: "Cainiao", tracking: "LP00987654321002", promisedDays: 12,
			dispute: "NR", disputeAt: at("2025-03-10 17:00"), disputeStatus: "open", country: "ES", buyer: 41},
		order{id: "812345672003", status: "completed", items: []item{strip}, created: at("2025-03-02 08:05"), paid: at("2025-03-02 08:06"),
			shipped: at("2025-03-03 10:00"), delivered: at("2025-03-11 15:45"), carrier: "Cainiao", tracking: "LP00987654321003", promisedDays: 12, country: "DE", buyer: 42},
		// Paid on a Saturday: deadline Thursday 11:00; shipped Wednesday.
		order{id: "812345672004", status: "shipped", items: []item{cas}, created: at("2025-03-08 10:58"), paid: at("2025-03-08 11:00"),
			shipped: at("2025-03-12 09:30"), carrier: "Cainiao", tracking: "LP00987654321004", promisedDays: 12, country: "IT", buyer: 43},
		// Shipped a day after its deadline (Thursday 09:00).
		order{id: "812345672005", status: "completed", items: []item{lamp}, created: at("2025-02-24 08:55"), paid: at("2025-02-24 09:00"),
			shipped: at("2025-02-28 15:00"), delivered: at("2025-03-08 12:00"), carrier: "Cainiao", tracking: "LP00987654321005", promisedDays: 12, country: "PL", buyer: 44},
		// DHL: shipped two days ago, still travelling: no sample yet.
		order{id: "812345672006", status: "shipped", items: []item{blocks}, created: at("2025-03-11 13:00"), paid: at("2025-03-11 13:02"),
			shipped: at("2025-03-12 17:00"), carrier: "DHL", tracking: "JJD0001234567", promisedDays: 7, country: "NL", buyer: 45},
		// Paid Friday 10:00, deadline Wednesday 10:00, not shipped: overdue.
		order{id: "812345672007", status: "awaiting_shipment", items: []item{lamp}, created: at("2025-03-07 09:58"), paid: at("2025-03-07 10:00"), country: "FR", buyer: 46},
		// Paid Tuesday 20:00, deadline today 20:00: due soon.
		order{id: "812345672008", status: "awaiting_shipment", items: []item{strip}, created: at("2025-03-11 19:59"), paid: at("2025-03-11 20:00"), country: "BE", buyer: 47},
		// 60 phone cases at once: far above the usual order.
		order{id: "812345672009", status: "awaiting_shipment", items: []item{{cas.productID, cas.sku, cas.title, 60, cas.price}}, created: at("2025-03-13 17:30"), paid: at("2025-03-13 18:00"), country: "FR", buyer: 48},
		// Cancelled by the buyer after payment: not counted as unsent.
		order{id: "812345672010", status: "cancelled", items: []item{blocks}, created: at("2025-03-08 08:50"), paid: at("2025-03-08 09:00"),
			cancelReason: "Buyer changed their mind", cancelled: at("2025-03-08 12:00"), country: "ES", buyer: 49},
		// Refunded in full after delivery: an incomplete transaction.
		order{id: "812345672011", status: "completed", items: []item{cas, strip}, created: at("2025-01-28 10:00"), paid: at("2025-01-28 10:01"),
			shipped: at("2025-01-29 15:00"), delivered: at("2025-02-12 10:00"), carrier: "4PX", tracking: "4PX3000123456CN", promisedDays: 15,
			refund: cas.price + strip.price, country: "DE", buyer: 50},
		// Cancelled by the seller, out of stock, after its deadline: unsent.
		order{id: "812345672012", status: "cancelled", items: []item{lamp}, created: at("2025-03-03 09:30"), paid: at("2025-03-03 10:00"),
			cancelReason: "Seller: out of stock", cancelled: at("2025-03-06 11:00"), country: "PT", buyer: 51},
		// A "not received" dispute opened 40 days ago, closed.
		order{id: "812345672013", status: "completed", items: []item{strip}, created: at("2025-01-12 12:00"), paid: at("2025-01-12 12:05"),
			shipped: at("2025-01-13 16:00"), carrier: "YunExpress", tracking: "YT2501300000001", promisedDays: 5,
			dispute: "NR", disputeAt: at("2025-02-02 09:00"), disputeStatus: "closed", refund: strip.price, country: "FR", buyer: 52},
		// An old order, outside every window.
		order{id: "812345672014", status: "completed", items: []item{cas}, created: at("2024-11-20 10:00"), paid: at("2024-11-20 10:02"),
			shipped: at("2024-11-21 11:00"), delivered: at("2024-12-02 09:00"), carrier: "YunExpress", tracking: "YT2411210000001", promisedDays: 5,
			rDesc: 5, rComm: 5, rShip: 5, country: "IT", buyer: 53},
		// A payment time that cannot be read: bad-value.
		order{id: "812345672015", status: "awaiting_shipment", items: []item{cas}, created: at("2025-03-12 11:00"), paidText: "31/02/2025 11:05", country: "FR", buyer: 54},
		// No order number: missing-field.
		order{id: "", status: "awaiting_payment", items: []item{strip}, created: at("2025-03-13 22:10"), country: "FR", buyer: 55},
		// Placed just now, not paid yet: the latest timestamp of the file.
		order{id: "812345672017", status: "awaiting_payment", items: []item{blocks}, created: AsOf, country: "NL", buyer: 56},
	)
	// Newest first.
	for i, j := 0, len(os)-1; i < j; i, j = i+1, j-1 {
		os[i], os[j] = os[j], os[i]
	}
	return os
}

func (o *order) total() float64 {
	var t float64
	for _, it := range o.items {
		t += float64(it.qty) * it.price
	}
	return t
}

// deadline is the rules' default deadline (3 working days, weekend payment +48 h).
func (o *order) deadline() time.Time {
	if o.paid.IsZero() {
		return time.Time{}
	}
	t := o.paid
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		t = t.Add(48 * time.Hour)
	}
	for n := 3; n > 0; {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}

func write(dir string) error {
	b, err := EnglishCSV()
	if err != nil {
		return fmt.Errorf("orders.csv: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "orders.csv"), b, 0o644); err != nil {
		return err
	}
	if b, err = ShopifyCSV(); err != nil {
		return fmt.Errorf("orders_shopify.csv: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "orders_shopify.csv"), b, 0o644); err != nil {
		return err
	}
	return ChineseXLSX(filepath.Join(dir, "orders_aliexpress.xlsx"))
}
