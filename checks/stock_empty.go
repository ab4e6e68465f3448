package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// StockEmpty finds products out of stock.
var StockEmpty = &Check{
	ID: "stock-empty",
	Doc: "product is out of stock\n\n" +
		"A product with no stock cannot be bought and drops out of search; the visibility it loses does not come " +
		"back when you restock.",
	Fix:      "Restock the product, or take it offline until you can; do not leave it listed with zero stock.",
	Severity: Warning,
	Source:   "seed",
	Run:      stockEmpty,
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
