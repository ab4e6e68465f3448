package checks

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/offheap"
	"github.com/aecheck/aecheck/internal/spill"
	"github.com/aecheck/aecheck/readers"
)

// PriceOutlier finds prices far from the median of their category in the
// shop.
var PriceOutlier = &Check{
	ID: "price-outlier",
	Doc: "price far from the other prices of its category\n\n" +
		"The price is below a tenth or above ten times the median price of the shop's products in the same " +
		"category. AliExpress treats intentional under- or over-pricing as a violation, and a typing error " +
		"in a price sells at a loss or not at all.",
	Fix:      "Check the price: correct a typing error (a missing or extra digit, a decimal comma), or move the product to its real category.",
	Severity: Warning,
	Source:   "seed: intentional under/over-valuation",
	Scope:    ScopeCatalog,
	NewCatalog: func(p *Pass) CatalogCheck {
		return &priceOutlier{p: p, org: catalogOrigins(p), groups: map[uint64]*priceGroup{}}
	},
	Needs: NeedCategoryKey,
	Settings: func(r *Rules, add func(string, string)) {
		add("price_outlier_factor", strconv.FormatFloat(r.Thresholds.PriceOutlierFactor, 'g', -1, 64))
		add("price_outlier_min_listings", strconv.Itoa(r.Thresholds.PriceOutlierMinListings))
	},
}

// priceGroup is the priced listings of one category of one shop. While
// the catalog is read it is only a count: each priced listing goes to the
// spill file as (group, price, position, product id), and Finish reads the
// file twice, once for the medians and once for the outliers. Memory holds
// the prices of the groups only during Finish, 8 bytes each.
type priceGroup struct {
	name      string // category as first written
	id        uint32 // its number in the spill records
	n         int    // priced listings
	prices    []float64
	median    float64
	low, high float64
	// lowMsg and highMsg are what follows the price in a finding's message
	// ("the price 2 is less than..."), the same for the whole group.
	lowMsg, highMsg string
}

type priceOutlier struct {
	p      *Pass
	org    *origins
	groups map[uint64]*priceGroup // by hash of shop and folded category
	// recent holds groups found lately, each in the slot its hash picks:
	// a shop has a few hundred categories, and a slot costs a comparison
	// where the map costs a probe.
	recent [256]recentGroup
	byID   []*priceGroup
	spill  *spill.Log
	rec    []byte
	k      keyer
	// marks holds the offset in the spill of every markEvery-th record,
	// where Finish may cut it in two for two readers; n counts the records.
	marks []int64
	n     int
}

// recentGroup is a slot of priceOutlier.recent.
type recentGroup struct {
	h uint64
	g *priceGroup
}

// markEvery is how many records lie between two marks of the spill.
const markEvery = 1 << 14

func (o *priceOutlier) Observe(l *readers.Listing) {
	var lk listingKey
	h := &o.k.h
	h.reset()
	h.text(l.Category)
	lk.cat, lk.hasCat = o.k.catKey(l, string(h.buf))
	if lk.hasCat {
		o.observeKey(l, o.org.of(l), &lk, nil)
	}
}

func (o *priceOutlier) observeKey(l *readers.Listing, org uint32, k *listingKey, _ []skuKey) {
	if !k.hasCat {
		return
	}
	rg := &o.recent[k.cat>>56]
	g := rg.g
	if g == nil || rg.h != k.cat {
		g = o.groups[k.cat]
		if g == nil {
			g = &priceGroup{name: strings.Clone(readers.Trim(l.Category)), id: uint32(len(o.byID))}
			o.groups[k.cat] = g
			o.byID = append(o.byID, g)
		}
		*rg = recentGroup{k.cat, g}
	}
	g.n++
	if o.spill == nil {
		o.spill = spill.New()
	}
	if o.n%markEvery == 0 {
		o.marks = append(o.marks, o.spill.Size())
	}
	o.n++
	o.rec = appendPricedRec(o.rec[:0], g.id, l.Price, ref{Org: org, Row: int32(l.Pos.Row)}, readers.Trim(l.ProductID))
	o.spill.Append(o.rec)
}

// Finish reads the spill twice: for the medians, then for the prices far
// from them. A spill of more than two marks is read by two goroutines, one
// half each (this runs after the catalog is read, with the processors
// otherwise idle); the findings come out in the order of the records.
func (o *priceOutlier) Finish() {
	defer func() {
		if o.spill != nil {
			o.spill.Release()
		}
		o.groups, o.byID, o.spill, o.marks, o.n = map[uint64]*priceGroup{}, nil, nil, nil, 0
		o.recent = [256]recentGroup{}
	}()
	t := o.p.Rules.Thresholds
	total := 0
	for _, g := range o.byID {
		if g.n >= t.PriceOutlierMinListings {
			total += g.n
		}
	}
	if total == 0 {
		return
	}
	// The halves: [0, mid) and [mid, end), mid the mark nearest the middle;
	// one part only for a small spill, or one process.
	var parts [2]*spill.Reader
	mid := int64(-1)
	if len(o.marks) > 2 && runtime.GOMAXPROCS(0) > 1 {
		half := o.spill.Size() / 2
		for _, m := range o.marks[1:] {
			if mid < 0 || abs64(m-half) < abs64(mid-half) {
				mid = m
			}
		}
	}
	open := func() {
		if mid < 0 {
			parts = [2]*spill.Reader{o.spill.Records(), nil}
			return
		}
		parts = [2]*spill.Reader{o.spill.RecordsIn(0, mid), o.spill.RecordsIn(mid, -1)}
	}
	// The prices of the groups compared, in one array off the heap: each
	// group's run of it is filled from its front by the first half and from
	// its back by the second, which meet where the group's prices end.
	all, mapped := offheap.Alloc[float64](total)
	defer offheap.Free(all, mapped)
	for _, g := range o.byID {
		if g.n >= t.PriceOutlierMinListings {
			g.prices, all = all[:g.n:g.n], all[g.n:]
		}
	}
	open()
	var back error
	var wg sync.WaitGroup
	if parts[1] != nil {
		filled := make([]int, len(o.byID))
		wg.Go(func() {
			back = eachPriced(parts[1], func(pr *pricedRec) {
				if g := o.byID[pr.group]; g.prices != nil {
					filled[pr.group]++
					g.prices[g.n-filled[pr.group]] = pr.price
				}
			})
		})
	}
	filled := make([]int, len(o.byID))
	err := eachPriced(parts[0], func(pr *pricedRec) {
		if g := o.byID[pr.group]; g.prices != nil {
			g.prices[filled[pr.group]] = pr.price
			filled[pr.group]++
		}
	})
	wg.Wait()
	if err == nil {
		err = back
	}
	if err == nil {
		err = o.spill.Err()
	}
	if err != nil {
		o.p.ReportEntity(readers.Pos{}, readers.Pos{}, "", "", "",
			o.p.sprintf("the prices could not be compared: the temporary file of the check failed (%s); free some disk space or set TMPDIR to a folder with room, and run again", err.Error()))
		return
	}
	// The medians, the groups shared between the processors.
	next := atomic.Int64{}
	for range min(runtime.GOMAXPROCS(0), len(o.byID)) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(o.byID)); i = next.Add(1) - 1 {
				if g := o.byID[i]; g.prices != nil {
					g.median = median(g.prices)
				}
			}
		})
	}
	wg.Wait()
	for _, g := range o.byID {
		if g.prices == nil {
			continue
		}
		g.low, g.high = g.median/t.PriceOutlierFactor, g.median*t.PriceOutlierFactor
		// What follows the price in the group's messages.
		g.lowMsg = fmt.Sprintf(" is less than a %s of the median price %s of the %d priced products in category %q",
			fraction(nil, t.PriceOutlierFactor), fmtPrice(g.median), g.n, g.name)
		g.highMsg = fmt.Sprintf(" is more than %s times the median price %s of the %d priced products in category %q",
			fmtPrice(t.PriceOutlierFactor), fmtPrice(g.median), g.n, g.name)
	}
	// The prices far from their median: the second half's findings are
	// made on a goroutine of their own and handed over in chunks of
	// halfChunk (one waiting, one being made), after the first half's.
	open()
	var chunks, spent chan []Finding
	if parts[1] != nil {
		// The chunks go back and forth: a chunk handed over comes back,
		// emptied, to be filled again, so that the findings of the second
		// half take three chunks of memory, not one per chunk made.
		chunks, spent = make(chan []Finding, 1), make(chan []Finding, 2)
		p := *o.p
		p.flush = nil
		var out []Finding
		p.reports = &out
		go func() {
			defer close(chunks)
			eachPriced(parts[1], func(pr *pricedRec) {
				if o.outlier(&p, pr) && len(out) >= halfChunk {
					chunks <- out
					select {
					case out = <-spent:
					default:
						out = nil
					}
				}
			})
			if len(out) > 0 {
				chunks <- out
			}
		}()
	}
	eachPriced(parts[0], func(pr *pricedRec) {
		if o.outlier(o.p, pr) {
			o.p.flushReports()
		}
	})
	if chunks == nil {
		return
	}
	for c := range chunks {
		*o.p.reports = append(*o.p.reports, c...)
		o.p.flushReports()
		clear(c) // the chunk must not keep the findings' texts alive
		select {
		case spent <- c[:0]:
		default:
		}
	}
}

// outlier reports the record's price through p when it is far from the
// median of its group, and says whether it did.
func (o *priceOutlier) outlier(p *Pass, pr *pricedRec) bool {
	g := o.byID[pr.group]
	if g.prices == nil {
		return false
	}
	var rest string
	switch {
	case pr.price < g.low:
		rest = g.lowMsg
	case pr.price > g.high:
		rest = g.highMsg
	default:
		return false
	}
	price := fmtPrice(pr.price)
	at := o.org.pos(pr.r, "price")
	ent := string(pr.id)
	if ent == "" {
		ent = fmt.Sprintf("row %d", pr.r.Row)
	}
	msg := "the price " + price + rest
	if tr := p.tr(); !tr.IsEnglish() {
		t := &o.p.Rules.Thresholds
		if rest == g.lowMsg {
			msg = tr.Sprintf("the price %s is less than a %s of the median price %s of the %d priced products in category %q",
				price, fraction(tr, t.PriceOutlierFactor), fmtPrice(g.median), g.n, g.name)
		} else {
			msg = tr.Sprintf("the price %s is more than %s times the median price %s of the %d priced products in category %q",
				price, fmtPrice(t.PriceOutlierFactor), fmtPrice(g.median), g.n, g.name)
		}
	}
	p.ReportEntity(at, readers.Pos{}, o.org.list[pr.r.Org].shop, ent, price, msg)
	return true
}

// halfChunk is how many findings of the second half of the spill Finish
// hands over at once: two such chunks (one waiting, one being made) are
// about 0.5 MB, on top of what the run holds at its end.
const halfChunk = 1024

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// fraction names 1/f: "tenth" for 10, else "1/f".
func fraction(tr *i18n.Printer, f float64) string {
	if f == 10 {
		return tr.T("tenth")
	}
	return tr.Sprintf("1/%s part", fmtPrice(f))
}
