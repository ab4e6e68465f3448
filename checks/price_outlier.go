package checks

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
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
		return &priceOutlier{p: p, groups: map[uint64]*priceGroup{}}
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
	org    origins
	groups map[uint64]*priceGroup // by hash of shop and folded category
	byID   []*priceGroup
	spill  *spill.Log
	rec    []byte
	k      keyer
	// marks holds the offset in the spill of every markEvery-th record,
	// where Finish may cut it in two for two readers; n counts the records.
	marks []int64
	n     int
}

// markEvery is how many records lie between two marks of the spill.
const markEvery = 1 << 14

func (o *priceOutlier) Observe(l *readers.Listing) {
	var lk listingKey
	h := &o.k.h
	h.reset()
	h.text(l.Category)
	lk.cat, lk.hasCat = o.k.catKey(l, string(h.buf))
	o.observeKey(l, &lk, nil)
}

func (o *priceOutlier) observeKey(l *readers.Listing, k *listingKey, _ []skuKey) {
	if !k.hasCat {
		return
	}
	g := o.groups[k.cat]
	if g == nil {
		g = &priceGroup{name: strings.Clone(readers.Trim(l.Category)), id: uint32(len(o.byID))}
		o.groups[k.cat] = g
		o.byID = append(o.byID, g)
	}
	g.n++
	if o.spill == nil {
		o.spill = spill.New()
	}
	if o.n%markEvery == 0 {
		o.marks = append(o.marks, o.spill.Size())
	}
	o.n++
	o.rec = appendPricedRec(o.rec[:0], g.id, l.Price, ref{Org: o.org.of(l), Row: int32(l.Pos.Row)}, readers.Trim(l.ProductID))
	o.spill.Append(o.rec)
}

// appendPricedRec appends one record of the spill file, which each reads:
// a fixed head of group, price, origin, row and id length (pricedHead
// bytes, little-endian), then the id.
func appendPricedRec(b []byte, group uint32, price float64, r ref, id string) []byte {
	b = binary.LittleEndian.AppendUint32(b, group)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(price))
	b = binary.LittleEndian.AppendUint32(b, r.Org)
	b = binary.LittleEndian.AppendUint32(b, uint32(r.Row))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(id)))
	return append(b, id...)
}

// pricedHead is the length of the fixed head of a spill record.
const pricedHead = 24

// pricedRec is one record of the spill file.
type pricedRec struct {
	group uint32
	price float64
	r     ref
	id    []byte
}

// decodeHead sets pr's fields from the fixed head of a record, b[:pricedHead]
// (appendPricedRec's layout), and returns the length of the id after it.
func (pr *pricedRec) decodeHead(b []byte) uint32 {
	le := binary.LittleEndian
	pr.group, pr.price = le.Uint32(b), math.Float64frombits(le.Uint64(b[4:]))
	pr.r = ref{Org: le.Uint32(b[12:]), Row: int32(le.Uint32(b[16:]))}
	return le.Uint32(b[20:])
}

// eachPriced calls fn for every record sr holds, in order. A record is
// decoded where the reader holds it, its id included (valid during fn); the
// records wholly in the buffer are decoded in one loop, and the buffer
// refilled only for the one cut by its end. A record cut short is an error,
// io.ErrUnexpectedEOF.
func eachPriced(sr *spill.Reader, fn func(*pricedRec)) error {
	var pr pricedRec
	for {
		b := sr.Buffered()
		whole := len(b)
		for len(b) >= pricedHead {
			n := pr.decodeHead(b)
			if uint64(n) > uint64(len(b)-pricedHead) {
				break
			}
			pr.id = b[pricedHead : pricedHead+n : pricedHead+n]
			fn(&pr)
			b = b[pricedHead+n:]
		}
		sr.Discard(whole - len(b))
		// The next record, through Next, which refills the buffer.
		head, err := sr.Next(pricedHead)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		n := pr.decodeHead(head)
		if n > math.MaxInt32 {
			return io.ErrUnexpectedEOF
		}
		if pr.id, err = sr.Next(int(n)); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		fn(&pr)
	}
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

// median returns the median of xs (the mean of the two middle values when
// there are an even number), reordering xs. It selects instead of sorting:
// linear time on average, which matters for categories of a million
// products. xs is not empty and holds no NaN.
//
// A large xs is first narrowed down: the middle values of a sample of it
// bound a range that holds the median as a rule; one pass counts the values
// below the range and copies those in it, and the selection runs on that
// copy, a tenth of xs or so. The pass costs a fraction of a selection over
// all of xs, whose comparisons, half of them mispredicted, took 11 ns a
// value. When the median is not in the range (a sample can mislead), the
// selection runs on xs itself.
func median(xs []float64) float64 {
	n := len(xs)
	if n >= narrowMin {
		if m, ok := narrowMedian(xs); ok {
			return m
		}
	}
	m := selectNth(xs, n/2)
	if n%2 == 1 {
		return m
	}
	// The values below the middle one are in xs[:n/2]: the other middle
	// value is the largest of them.
	return (slices.Max(xs[:n/2]) + m) / 2
}

// narrowMin is the length from which median narrows xs down first.
const narrowMin = 4096

// narrowMedian is median by a sample's range (see median); ok is false when
// the median is not in that range.
func narrowMedian(xs []float64) (float64, bool) {
	const samples = 1024
	n := len(xs)
	var sample [samples]float64
	for i := range sample {
		sample[i] = xs[i*n/samples]
	}
	slices.Sort(sample[:])
	// The sample's middle values are spread around the median's place by
	// about sqrt(samples)/2 = 16 places; 48 either side is three times that,
	// so the range holds about 96/1024 of xs.
	lo, hi := sample[samples/2-48], sample[samples/2+48]
	// Without a branch on where x lies, which half the values would
	// mispredict: x is written at the end of in every time, and kept there
	// when it is in the range.
	below, j := 0, 0
	in := make([]float64, n/5+1)
	for _, x := range xs {
		lt, le := 0, 0
		if x < lo {
			lt = 1
		}
		if x <= hi {
			le = 1
		}
		below += lt
		in[j] = x
		if j += le - lt; j == len(in) {
			return 0, false
		}
	}
	in = in[:j]
	// The middle values are those of ranks n/2 and, for an even n, n/2-1.
	k := n/2 - below
	if k < 1 || k >= len(in) {
		return 0, false
	}
	m := selectNth(in, k)
	if n%2 == 1 {
		return m, true
	}
	return (slices.Max(in[:k]) + m) / 2, true
}

// selectNth reorders xs so that xs[k] is the value a sort would put there,
// with no larger value before it and no smaller one after, and returns it.
func selectNth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// Median of three as the pivot, then a three-way partition, so
		// runs of equal prices (common: 9.99, 19.99) cost one pass.
		a, b, c := xs[lo], xs[lo+(hi-lo)/2], xs[hi]
		p := max(min(a, b), min(max(a, b), c))
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch {
			case xs[i] < p:
				xs[lt], xs[i] = xs[i], xs[lt]
				lt++
				i++
			case xs[i] > p:
				xs[i], xs[gt] = xs[gt], xs[i]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return xs[k]
		}
	}
	return xs[k]
}

// fraction names 1/f: "tenth" for 10, else "1/f".
func fraction(tr *i18n.Printer, f float64) string {
	if f == 10 {
		return tr.T("tenth")
	}
	return tr.Sprintf("1/%s part", fmtPrice(f))
}
