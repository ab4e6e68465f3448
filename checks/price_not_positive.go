package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// PriceNotPositive finds products and variants without a positive price.
var PriceNotPositive = &Check{
	ID: "price-not-positive",
	Doc: "price is zero or negative\n\n" +
		"AliExpress rejects a product or variant without a positive price; a price of zero can also be read " +
		"as a pricing error buyers exploit.",
	Fix:      "Enter the real selling price, above zero, for the product and each of its variants.",
	Severity: Error,
	Run:      priceNotPositive,
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
