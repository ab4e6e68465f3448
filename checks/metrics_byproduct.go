package checks

import (
	"slices"

	"github.com/aecheck/aecheck/internal/strtab"
	"github.com/aecheck/aecheck/readers"
)

// productTable holds the product accumulators of a shop: the product ids
// interned in a strtab.Table, and one accumulator per id at its ordinal.
// Both are pointer-free, so the collector never scans them: a product
// costs its id's bytes, about 30 bytes of table and a 36-byte accumulator.
type productTable struct {
	keys strtab.Table
	accs []productAcc
}

// get returns the accumulator of product k, adding it when new. The
// pointer is valid until the next get.
func (t *productTable) get(k string) *productAcc {
	i, added := t.keys.Add(k)
	if added {
		t.accs = append(t.accs, productAcc{})
	}
	return &t.accs[i]
}

// find returns the accumulator of product k, or nil.
func (t *productTable) find(k string) *productAcc {
	if i, ok := t.keys.Find(k); ok {
		return &t.accs[i]
	}
	return nil
}

type productKey struct{ shop, product string }

// productAcc counts in 32 bits: a product would need four billion order
// lines in one run to overflow them, and the table is half the size.
type productAcc struct {
	orders, nr, snad     uint32 // 90 days
	ratingSum, ratingN   uint32 // 90 days, by delivered_at
	sales                uint32 // promotion window, not cancelled
	promoSum, promoN     uint32 // promotion window ratings
	inMetricsWindowTouch bool
}

// productsOf counts o once for each distinct product it holds.
func (m *Metrics) productsOf(sm *shopMetrics, o *readers.Order, w90, wp metricWindow) {
	if len(o.Items) == 0 {
		return
	}
	placed := orderTime(o)
	inOrders, inSales := w90.in(placed), wp.in(placed) && !orderCancelled(o) && orderPaid(o)
	inDispute := w90.in(o.DisputeOpenedAt)
	rating := o.RatingDescription
	if rating < 1 || rating > 5 {
		rating = 0
	}
	inRating := rating > 0 && w90.in(o.DeliveredAt)
	inPromoRating := rating > 0 && wp.in(o.DeliveredAt)
	if !inOrders && !inSales && !inDispute && !inRating && !inPromoRating {
		return
	}
	for i := range o.Items {
		id := m.skus.key(o.Shop, &o.Items[i])
		if id == "" || m.skus.seenBefore(o.Shop, o.Items[:i], id) {
			continue
		}
		p := sm.products.get(id)
		if inOrders {
			p.orders++
			p.inMetricsWindowTouch = true
		}
		if inDispute {
			switch o.Dispute {
			case readers.DisputeNR:
				p.nr++
				p.inMetricsWindowTouch = true
			case readers.DisputeSNAD:
				p.snad++
				p.inMetricsWindowTouch = true
			}
		}
		if inRating {
			p.ratingSum += uint32(rating)
			p.ratingN++
			p.inMetricsWindowTouch = true
		}
		if inSales {
			p.sales++
		}
		if inPromoRating {
			p.promoSum += uint32(rating)
			p.promoN++
		}
	}
}

// shopNames returns the shops of m, sorted.
func (m *Metrics) shopNames() []string {
	shops := make([]string, 0, len(m.shops))
	for shop := range m.shops {
		shops = append(shops, shop)
	}
	slices.Sort(shops)
	return shops
}

// productOrder returns the ordinals of the products with something in the
// 90-day window, sorted by product id.
func (sm *shopMetrics) productOrder() []int32 {
	order := sm.products.keys.Sorted()
	return slices.DeleteFunc(order, func(i int32) bool { return !sm.products.accs[i].inMetricsWindowTouch })
}

// Products returns the number of product records EachProduct gives.
func (m *Metrics) Products() int {
	n := 0
	for _, sm := range m.shops {
		for i := range sm.products.accs {
			if sm.products.accs[i].inMetricsWindowTouch {
				n++
			}
		}
	}
	return n
}

// EachProduct calls fn with the product records, sorted by shop and
// product id, at most chunk at a time (at least one), and stops at the
// first error fn returns. The slice is reused by the next call; its
// strings stay valid.
func (m *Metrics) EachProduct(chunk int, fn func([]ProductMetrics) error) error {
	buf := make([]ProductMetrics, 0, max(chunk, 1))
	for _, shop := range m.shopNames() {
		sm := m.shops[shop]
		for _, i := range sm.productOrder() {
			buf = append(buf, m.productRecord(shop, sm.products.keys.Key(int(i)), &sm.products.accs[i]))
			if len(buf) == cap(buf) {
				if err := fn(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	if len(buf) > 0 {
		return fn(buf)
	}
	return nil
}

// productRecord returns the record of product key.
func (m *Metrics) productRecord(shop, key string, p *productAcc) ProductMetrics {
	orders, nr, snad := int64(p.orders), int64(p.nr), int64(p.snad)
	r := ProductMetrics{Shop: shop, Product: key, WindowDays: 90, Orders: orders, NR: nr, SNAD: snad,
		RatingSum: int64(p.ratingSum), RatingCount: int64(p.ratingN)}
	rate := func(num, den int64, th string) (float64, string) {
		v := 0.0
		if den > 0 {
			v = float64(num) / float64(den)
		}
		return v, Status(v, den, m.rules.Thresholds[th])
	}
	r.NRRate, r.NRStatus = rate(nr, orders, "nr_rate")
	r.SNADRate, r.SNADStatus = rate(snad, orders, "snad_rate")
	r.Rating, r.RatingStatus = rate(r.RatingSum, r.RatingCount, "dsr_description")
	r.DescribedWrongly = "n/a"
	switch {
	case orders == 0:
	case orders < int64(m.rules.WrongDescMinOrders):
		r.DescribedWrongly = "ok"
		r.Note = m.tr.Sprintf("fewer than %d orders in 90 days: not judged yet", m.rules.WrongDescMinOrders)
	case r.SNADRate >= m.rules.WrongDescSNAD:
		r.DescribedWrongly = "alert"
		r.Note = m.tr.Sprintf("%d of %d orders opened a \"not as described\" dispute (%.1f %%, limit %.0f %%): AliExpress flags this product as described wrongly; fix the title, photos and description",
			snad, orders, 100*r.SNADRate, 100*m.rules.WrongDescSNAD)
	default:
		r.DescribedWrongly = "ok"
	}
	if !m.cols.Shows(shop, "nr_rate") {
		r.NR, r.NRRate, r.NRStatus = 0, 0, StatusNoData
	}
	if !m.cols.Shows(shop, "snad_rate") {
		r.SNAD, r.SNADRate, r.SNADStatus, r.DescribedWrongly, r.Note = 0, 0, StatusNoData, StatusNoData, ""
	}
	if !m.cols.Shows(shop, "dsr_description") {
		r.RatingSum, r.RatingCount, r.Rating, r.RatingStatus = 0, 0, 0, StatusNoData
	}
	return r
}
