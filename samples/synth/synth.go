// Package synth generates large synthetic catalogs and order exports for
// benchmarks: deterministic for a seed, realistic in shape (13 catalog
// columns, a few percent of rows breaking a rule), any number of rows.
package synth

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// CatalogHeader is the header of generated catalogs.
var CatalogHeader = []string{"Product ID", "SKU", "Title", "Description", "Category", "Brand", "Price", "Stock", "Images", "CE", "REP", "Ship To", "Delivery Days"}

var (
	adjectives = []string{"Portable", "Waterproof", "Wireless", "Stainless Steel", "Foldable", "Vintage", "Ultralight", "Ergonomic", "Magnetic", "Adjustable", "Rechargeable", "Handmade", "Premium", "Compact", "Non Slip"}
	nouns      = []string{"Water Bottle", "Phone Holder", "Desk Lamp", "Backpack", "Yoga Mat", "Watch Strap", "Coffee Mug", "Sun Hat", "Plant Pot", "Cutting Board", "Tote Bag", "Hair Clip", "Bike Light", "Wallet", "Towel Set"}
	uses       = []string{"for Women Men", "for Home Office", "for Outdoor Camping Hiking", "for Kitchen Cooking", "for Travel Gym", "for Kids School", "for Car Driving", "for Bedroom Decor", "for Cycling Running"}
	extras     = []string{"Gift Box Included", "with Storage Pouch", "Large Capacity", "Quick Dry Breathable", "Eco Friendly Material", "Easy Install", "Multi Colour Options", "2 Year Warranty"}
	categories = []string{"Home & Garden > Kitchen", "Sports & Entertainment > Cycling", "Lights & Lighting > Desk Lamps", "Luggage & Bags > Backpacks", "Apparel Accessories > Hats", "Phones & Telecommunications > Holders", "Watches > Watchbands", "Toys & Hobbies > Building Blocks"}
	// fitCategories are the categories nouns belong in, noun by noun.
	fitCategories = []string{
		"Home & Garden > Kitchen, Dining & Bar > Drinkware > Water Bottles",
		"Phones & Telecommunications > Mobile Phone Accessories > Holders & Stands",
		"Lights & Lighting > Desk Lamps",
		"Luggage & Bags > Backpacks",
		"Sports & Entertainment > Fitness & Body Building > Yoga Mats",
		"Watches > Watch Accessories > Watchbands",
		"Home & Garden > Kitchen, Dining & Bar > Drinkware > Mugs",
		"Apparel Accessories > Hats > Sun Hats",
		"Home & Garden > Garden Supplies > Flower Pots & Planters",
		"Home & Garden > Kitchen, Dining & Bar > Kitchen Tools > Cutting Boards",
		"Luggage & Bags > Women's Bags > Shoulder Bags",
		"Apparel Accessories > Hair Accessories",
		"Lights & Lighting > Portable Lighting",
		"Luggage & Bags > Wallets",
		"Home & Garden > Home Textile > Towels",
	}
	brands = []string{"Trailmate", "Kyoto Home", "Lumora", "Bloomly", "no brand", "BrickJoy"}
	shipTo = []string{"FR, DE, ES", "DE", "FR", "IT, NL", "US", "ES"}
)

// Catalog yields rows of a synthetic catalog. Row i (0-based) is the same for
// a given seed whatever the total, so a 1M-row file starts like a 100k one.
type Catalog struct {
	Seed uint64
	// LongDescriptions gives every product a description of about 1.5 KB
	// of HTML, as real listings have, instead of one short sentence.
	LongDescriptions bool
	// FitCategories files 32 products in 33 under the category their
	// title names, as a real shop does, instead of under a category drawn
	// at random (which disagrees with the title more than once in three).
	FitCategories bool
	row           []string
	desc          []byte
}

// descWords are the words of the long descriptions.
var descWords = strings.Fields("durable stainless steel bottle keeps drinks cold for 24 hours and hot for 12 hours " +
	"leak proof lid wide mouth easy to clean dishwasher safe BPA free perfect for gym office travel hiking camping " +
	"cycling school includes carry handle and spare seal available in six colours gift box included satisfaction " +
	"guaranteed fast shipping from our warehouse soft cotton strap adjustable fits most sizes")

// Row returns data row i. The slice is reused by the next call.
func (c *Catalog) Row(i int) []string {
	r := rand.New(rand.NewPCG(c.Seed, uint64(i)))
	if c.row == nil {
		c.row = make([]string, len(CatalogHeader))
	}
	row := c.row
	id := 1005006000000000 + i
	row[0] = strconv.Itoa(id)
	row[1] = "SKU-" + strconv.Itoa(i)
	adj := adjectives[r.IntN(len(adjectives))]
	noun := r.IntN(len(nouns))
	title := adj + " " + nouns[noun] + " " + uses[r.IntN(len(uses))] + " " + extras[r.IntN(len(extras))] + " Model " + strconv.Itoa(i%9973)
	p := r.IntN(1000)
	switch {
	case p < 10: // keyword stuffing
		title += " " + nouns[0] + " " + nouns[0]
	case p < 15: // too long
		title += " Premium Quality Durable Long Lasting Fashion Design New Arrival Trending Style Popular Choice Best Value Pack"
	case p < 18:
		title = "Disposable Vape Pen 600 Puffs " + title
	case p < 20:
		title = "Fidget Spinner " + title
	}
	row[2] = title
	row[3] = "Durable and easy to use. Ships within 48 hours."
	if c.LongDescriptions {
		// A random stream of its own: the other cells stay those of the
		// catalog with short descriptions.
		dr := rand.New(rand.NewPCG(c.Seed^0xDE5C, uint64(i)))
		d := append(c.desc[:0], "<p>"...)
		for n := 180 + dr.IntN(120); n > 0; n-- {
			d = append(d, descWords[dr.IntN(len(descWords))]...)
			d = append(d, ' ')
		}
		d = append(d, "</p><ul><li>Material: steel</li><li>Size: 750 ml</li></ul>"...)
		c.desc = d
		row[3] = string(d)
	}
	cat := r.IntN(len(categories))
	row[4] = categories[cat]
	if c.FitCategories && i%33 != 0 {
		// No draw from r: the other cells stay those of the catalog
		// with categories drawn at random.
		row[4] = fitCategories[noun]
	}
	row[5] = brands[r.IntN(len(brands))]
	price := 2 + r.Float64()*60
	switch {
	case p >= 20 && p < 23:
		price = 0
	case p >= 23 && p < 25:
		price *= 40
	}
	row[6] = strconv.FormatFloat(price, 'f', 2, 64)
	if p >= 25 && p < 27 {
		row[6] = "n/a"
	}
	row[7] = strconv.Itoa(r.IntN(500))
	row[8] = strconv.Itoa(3 + r.IntN(5))
	row[9] = ""
	if cat == 2 || cat == 7 {
		if p%7 != 0 {
			row[9] = "CE-DOC-" + strconv.Itoa(i)
		}
	}
	row[10] = "packaging:FR234567_01AB"
	if p >= 27 && p < 40 {
		row[10] = ""
	}
	row[11] = shipTo[r.IntN(len(shipTo))]
	row[12] = strconv.Itoa(2 + r.IntN(8))
	if p >= 40 && p < 42 {
		row[0] = strconv.Itoa(1005006000000000 + i - 1) // duplicate id of the row above
		row[2] = title
	}
	return row
}

// WriteCatalogCSV writes a header and n rows.
func WriteCatalogCSV(w io.Writer, n int, seed uint64) error {
	return (&Catalog{Seed: seed}).WriteCSV(w, n)
}

// WriteCSV writes a header and the first n rows of c.
func (c *Catalog) WriteCSV(w io.Writer, n int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CatalogHeader); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := cw.Write(c.Row(i)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// numericCatalogCols are the columns written as numbers in XLSX.
var numericCatalogCols = map[int]bool{6: true, 7: true, 8: true, 12: true}

// WriteCatalogXLSX writes a header and n rows to a workbook at path with
// excelize's StreamWriter; price, stock, images and delivery days are
// numbers, the rest text.
func WriteCatalogXLSX(path string, n int, seed uint64) error {
	return (&Catalog{Seed: seed}).WriteXLSX(path, n)
}

// WriteXLSX is WriteCatalogXLSX for the first n rows of c.
func (c *Catalog) WriteXLSX(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Products"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	vals := make([]any, len(CatalogHeader))
	for i, h := range CatalogHeader {
		vals[i] = h
	}
	if err := sw.SetRow("A1", vals); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		row := c.Row(i)
		for j, v := range row {
			vals[j] = v
			if numericCatalogCols[j] {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					vals[j] = x
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	f.SetDocProps(&excelize.DocProperties{Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z", Creator: "aecheck synth"})
	return f.SaveAs(path)
}

// OrderHeader is the header of generated order exports.
var OrderHeader = []string{"Order ID", "Order Status", "Product ID", "SKU", "Quantity", "Order Amount", "Order Time", "Payment Time", "Shipping Time", "Carrier", "Tracking Number", "Delivered At", "Promised Days", "Dispute Type", "Dispute Time", "Item as Described", "Communication", "Shipping Speed", "Ship Country"}

// WriteOrdersCSV writes n synthetic orders ending at asOf.
func WriteOrdersCSV(w io.Writer, n int, seed uint64, asOf time.Time) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(OrderHeader); err != nil {
		return err
	}
	carriers := []string{"Cainiao Standard", "AliExpress Standard Shipping", "YunExpress", "4PX", "DHL"}
	statuses := []string{"Completed", "Shipped", "Awaiting shipment", "Cancelled", "In dispute"}
	row := make([]string, len(OrderHeader))
	const layout = "2006-01-02 15:04:05"
	for i := 0; i < n; i++ {
		r := rand.New(rand.NewPCG(seed, uint64(i)))
		created := asOf.Add(-time.Duration(r.IntN(120*24*60)) * time.Minute)
		paid := created.Add(time.Duration(r.IntN(120)) * time.Minute)
		st := statuses[weighted(r)]
		clear(row)
		row[0] = fmt.Sprintf("80%014d", i)
		row[1] = st
		row[2] = strconv.Itoa(1005006000000000 + r.IntN(20000))
		row[3] = "SKU-" + strconv.Itoa(r.IntN(20000))
		row[4] = strconv.Itoa(1 + r.IntN(3))
		row[5] = strconv.FormatFloat(3+r.Float64()*80, 'f', 2, 64)
		row[6] = created.Format(layout)
		row[7] = paid.Format(layout)
		if st != "Awaiting shipment" && st != "Cancelled" {
			shipped := paid.Add(time.Duration(12+r.IntN(120)) * time.Hour)
			if shipped.Before(asOf) {
				row[8] = shipped.Format(layout)
				row[9] = carriers[r.IntN(len(carriers))]
				row[10] = fmt.Sprintf("LP%012d", i)
				del := shipped.Add(time.Duration(72+r.IntN(400)) * time.Hour)
				if st == "Completed" && del.Before(asOf) {
					row[11] = del.Format(layout)
					row[15] = strconv.Itoa(3 + r.IntN(3))
					row[16] = strconv.Itoa(3 + r.IntN(3))
					row[17] = strconv.Itoa(3 + r.IntN(3))
				}
				row[12] = strconv.Itoa(5 + r.IntN(3)*5)
			}
		}
		if st == "In dispute" {
			row[13] = []string{"Not received", "Not as described"}[r.IntN(2)]
			row[14] = asOf.Add(-time.Duration(r.IntN(30*24)) * time.Hour).Format(layout)
		}
		row[18] = []string{"FR", "ES", "DE", "US", "BR"}[r.IntN(5)]
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func weighted(r *rand.Rand) int {
	p := r.IntN(100)
	switch {
	case p < 70:
		return 0
	case p < 85:
		return 1
	case p < 93:
		return 2
	case p < 97:
		return 3
	}
	return 4
}

// ShopOrderHeader is the header of the large-shop order exports that
// WriteShopOrdersCSV generates: the columns of an AliExpress order export
// with a shipping deadline, a refund and the three buyer ratings.
var ShopOrderHeader = []string{"Order ID", "Product ID", "Order Status", "Payment Time", "Shipping Deadline", "Shipping Time", "Carrier", "Tracking Number", "Delivered At", "Promised Days", "Dispute Type", "Dispute Time", "Refund Amount", "Item as Described", "Communication", "Shipping Speed", "Ship Country"}

// WriteShopOrdersCSV writes n synthetic orders ending at asOf, one line item
// each, whose product ids are drawn uniformly from products ids: the export
// of a large shop, where most products sell once or twice in the export
// (1M orders over 760,000 ids name about 556,000 distinct products).
// Order i is the same for a given seed and products whatever n.
func WriteShopOrdersCSV(w io.Writer, n, products int, seed uint64, asOf time.Time) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ShopOrderHeader); err != nil {
		return err
	}
	carriers := []string{"Cainiao Standard", "AliExpress Standard Shipping", "YunExpress", "4PX", "DHL"}
	statuses := []string{"Completed", "Shipped", "Awaiting shipment", "Cancelled", "In dispute"}
	row := make([]string, len(ShopOrderHeader))
	const layout = "2006-01-02 15:04:05"
	for i := 0; i < n; i++ {
		r := rand.New(rand.NewPCG(seed, uint64(i)))
		paid := asOf.Add(-time.Duration(r.IntN(120*24*60)) * time.Minute)
		deadline := paid.Add(time.Duration(3+r.IntN(5)) * 24 * time.Hour)
		st := statuses[weighted(r)]
		clear(row)
		row[0] = fmt.Sprintf("81%014d", i)
		row[1] = strconv.Itoa(1005007000000000 + r.IntN(products))
		row[2] = st
		row[3] = paid.Format(layout)
		row[4] = deadline.Format(layout)
		if st != "Awaiting shipment" && st != "Cancelled" {
			// A few percent ship after the deadline.
			shipped := paid.Add(time.Duration(12+r.IntN(130)) * time.Hour)
			if shipped.Before(asOf) {
				row[5] = shipped.Format(layout)
				row[6] = carriers[r.IntN(len(carriers))]
				row[7] = fmt.Sprintf("LP%012d", i)
				del := shipped.Add(time.Duration(72+r.IntN(400)) * time.Hour)
				if st == "Completed" && del.Before(asOf) {
					row[8] = del.Format(layout)
					row[13] = strconv.Itoa(1 + r.IntN(5))
					row[14] = strconv.Itoa(3 + r.IntN(3))
					row[15] = strconv.Itoa(2 + r.IntN(4))
				}
				row[9] = strconv.Itoa(5 + r.IntN(3)*5)
			}
		}
		if st == "In dispute" {
			row[10] = []string{"Not received", "Not as described"}[r.IntN(2)]
			row[11] = asOf.Add(-time.Duration(r.IntN(60*24)) * time.Hour).Format(layout)
		}
		if st == "Cancelled" || (st == "In dispute" && r.IntN(3) == 0) {
			row[12] = strconv.FormatFloat(3+r.Float64()*80, 'f', 2, 64)
		}
		row[16] = []string{"FR", "ES", "DE", "US", "BR"}[r.IntN(5)]
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
