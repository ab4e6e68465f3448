package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// The price, stock, image and delivery checks (docs/checks.md).
var (
	PriceNotPositive = &Check{
		ID: "price-not-positive",
		Doc: "price is zero or negative\n\n" +
			"AliExpress rejects a product or variant without a positive price; a price of zero can also be read " +
			"as a pricing error buyers exploit.",
		Fix:      "Enter the real selling price, above zero, for the product and each of its variants.",
		Severity: Error,
		Run:      priceNotPositive,
	}
	StockEmpty = &Check{
		ID: "stock-empty",
		Doc: "product is out of stock\n\n" +
			"A product with no stock cannot be bought and drops out of search; the visibility it loses does not come " +
			"back when you restock.",
		Fix:      "Restock the product, or take it offline until you can; do not leave it listed with zero stock.",
		Severity: Warning,
		Source:   "seed",
		Run:      stockEmpty,
	}
	ImagesMissing = &Check{
		ID: "images-missing",
		Doc: "product has no image\n\n" +
			"AliExpress does not publish a product without a main image, and buyers do not buy what they cannot see.",
		Fix:      "Add at least one main image; 5 or more clear photos on a white background work best.",
		Severity: Error,
		Source:   "seed",
		Run:      imagesMissing,
	}
	ImagesFew = &Check{
		ID: "images-few",
		Doc: "product has few images\n\n" +
			"Listings with 5 or more images convert better: buyers want to see the product from several sides, in use and to scale.",
		Fix:      "Add images up to 5: front, back, detail, in use and one showing the size.",
		Severity: Info,
		Source:   "ext: 5+ recommended",
		Run:      imagesFew,
		Settings: func(r *Rules, add func(string, string)) { add("images_min", strconv.Itoa(r.Thresholds.ImagesMin)) },
	}
	ImagesTooMany = &Check{
		ID: "images-too-many",
		Doc: "product has more main images than allowed\n\n" +
			"AliExpress shows at most 6 main images; the extra ones are dropped at upload, and not always the ones you would choose.",
		Fix:      "Keep your 6 best main images; put the others in the description.",
		Severity: Warning,
		Source:   "seed, ext",
		Run:      imagesTooMany,
		Settings: func(r *Rules, add func(string, string)) { add("images_max", strconv.Itoa(r.Thresholds.ImagesMax)) },
	}
	DeliverySlow = &Check{
		ID: "delivery-slow",
		Doc: "promised delivery too slow for a delivery label\n\n" +
			"AliExpress shows a \"delivery in 3 days\" label for 3 days or less and a \"delivery in 5 days\" label " +
			"for 4 or 5 days. Slower products get no label and are shown less to buyers in a hurry.",
		Fix:      "Ship from a local warehouse or use a faster service so you can promise 5 days or less, and update the delivery time.",
		Severity: Info,
		Source:   "seed",
		Run:      deliverySlow,
		Settings: func(r *Rules, add func(string, string)) {
			add("delivery_max_days", strconv.Itoa(r.Thresholds.DeliveryMaxDays))
		},
	}
)

func fmtPrice(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// variantPos returns the cell of field name on the row of variant v of l.
func variantPos(l *readers.Listing, v *readers.Variant, name string) readers.Pos {
	row := l.Pos
	row.Row, row.Line = v.Row, v.Line
	return l.Cols.At(row, name)
}

func priceNotPositive(p *Pass, l *readers.Listing) {
	if l.HasPrice && l.Price <= 0 {
		p.Reportf(l.At("price"), fmtPrice(l.Price), "the price is %s; it must be above zero", fmtPrice(l.Price))
	}
	for i := range l.Variants {
		v := &l.Variants[i]
		if v.HasPrice && v.Price <= 0 {
			p.Reportf(variantPos(l, v, "price"), fmtPrice(v.Price), "the price of variant %s is %s; it must be above zero", variantName(v), fmtPrice(v.Price))
		}
	}
}

func variantName(v *readers.Variant) string {
	if v.SKU != "" {
		return strconv.Quote(v.SKU)
	}
	return "on row " + strconv.Itoa(v.Row)
}

// stockEmpty fires when the product has a stock and the stock of the
// product and all its variants adds up to zero or less.
func stockEmpty(p *Pass, l *readers.Listing) {
	has, total := l.HasStock, int64(0)
	if l.HasStock {
		total = l.Stock
	}
	for i := range l.Variants {
		if v := &l.Variants[i]; v.HasStock {
			has = true
			if v.Stock > 0 {
				total += v.Stock
			}
		}
	}
	if !has || total > 0 {
		return
	}
	if len(l.Variants) > 0 {
		p.Reportf(l.At("stock"), strconv.FormatInt(l.Stock, 10), "the product and its %d variants are out of stock", len(l.Variants))
		return
	}
	value := strconv.FormatInt(l.Stock, 10)
	if l.StockCell != "" {
		value = l.StockCell
	}
	p.Reportf(l.At("stock"), value, "the stock is %d", l.Stock)
}

func imagesMissing(p *Pass, l *readers.Listing) {
	if l.HasImages && l.Images <= 0 {
		value := strconv.Itoa(l.Images)
		if l.ImagesCell != "" {
			value = l.ImagesCell
		}
		p.Reportf(l.At("images"), value, "the product has no image")
	}
}

func imagesFew(p *Pass, l *readers.Listing) {
	min := p.Rules.Thresholds.ImagesMin
	if l.HasImages && l.Images > 0 && l.Images < min {
		// Hot checks build their message with reportNum: they fire on many
		// rows, with few different numbers.
		p.reportNum("images", strconv.Itoa(l.Images), l.Images, func(b []byte, n string) []byte {
			return p.appendf(b, "the product has %s images; %d or more are recommended", n, min)
		})
	}
}

func imagesTooMany(p *Pass, l *readers.Listing) {
	max := p.Rules.Thresholds.ImagesMax
	if l.HasImages && l.Images > max {
		p.reportNum("images", strconv.Itoa(l.Images), l.Images, func(b []byte, n string) []byte {
			return p.appendf(b, "the product has %s main images; AliExpress shows at most %d", n, max)
		})
	}
}

func deliverySlow(p *Pass, l *readers.Listing) {
	max := p.Rules.Thresholds.DeliveryMaxDays
	if l.HasDeliveryDays && l.DeliveryDays > max {
		p.reportNum("delivery_days", strconv.Itoa(l.DeliveryDays), l.DeliveryDays, func(b []byte, n string) []byte {
			return p.appendf(b, "the promised delivery is %s days; at %d days or less the product gets a \"delivery in X days\" label", n, max)
		})
	}
}
