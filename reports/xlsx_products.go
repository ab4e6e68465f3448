package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/checks"
)

// ProductSheetRows is the most products the XLSX Products sheet lists: the
// ones that most need attention. A large shop has hundreds of thousands of
// products, far more than anyone reads in a sheet; the machine outputs hold
// every one.
const ProductSheetRows = 1000

// productPicks keeps the product records that most need attention, at
// most max of them, whatever the number of records offered.
type productPicks struct {
	max   int
	total int // records offered
	top   []checks.ProductMetrics
}

// add offers ps; the records kept are copies, their texts cloned.
func (p *productPicks) add(ps []checks.ProductMetrics) {
	p.total += len(ps)
	for i := range ps {
		r := ps[i]
		r.Shop, r.Product, r.Note = strings.Clone(r.Shop), strings.Clone(r.Product), strings.Clone(r.Note)
		p.top = append(p.top, r)
		if len(p.top) >= 2*p.max {
			p.trim()
		}
	}
}

// trim sorts the records kept by attention and drops those past max.
func (p *productPicks) trim() {
	slices.SortFunc(p.top, cmpAttention)
	if len(p.top) > p.max {
		clear(p.top[p.max:])
		p.top = p.top[:p.max]
	}
}

// rows returns the records kept, the most urgent first, in the long
// layout the Products sheet reads.
func (p *productPicks) rows() []checks.Metric {
	p.trim()
	var rows []checks.Metric
	for i := range p.top {
		rows = p.top[i].AppendRows(rows)
	}
	return rows
}

// attention ranks a product record: 0 when AliExpress flags it as described
// wrongly, then a SNAD, NR or rating rate at its alert level, then any rate
// at its warn level, then the rest.
func attention(r *checks.ProductMetrics) int {
	switch {
	case r.DescribedWrongly == "alert":
		return 0
	case r.SNADStatus == "alert":
		return 1
	case r.NRStatus == "alert":
		return 2
	case r.RatingStatus == "alert":
		return 3
	case r.SNADStatus == "warn" || r.NRStatus == "warn" || r.RatingStatus == "warn":
		return 4
	}
	return 5
}

// cmpAttention orders records by attention, then the products with more
// orders first (they weigh more on the shop's rates), then by shop and id.
func cmpAttention(a, b checks.ProductMetrics) int {
	return cmp.Or(
		cmp.Compare(attention(&a), attention(&b)),
		cmp.Compare(b.Orders, a.Orders),
		cmp.Compare(a.Shop, b.Shop),
		cmp.Compare(a.Product, b.Product),
	)
}

// Products implements ProductWriter: the Products sheet lists the
// ProductSheetRows products that most need attention.
func (x *XLSX) Products(ps []checks.ProductMetrics) error {
	if x.closed {
		return fmt.Errorf("xlsx %s: products after close", x.path)
	}
	if x.picks.max == 0 {
		x.picks.max = ProductSheetRows
	}
	x.picks.add(ps)
	return nil
}
