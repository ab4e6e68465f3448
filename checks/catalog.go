package checks

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// The catalog-wide checks of DOMAIN.md section 2. They see every listing of
// the run, across batches and files, and keep only compact keys: 64-bit
// hashes and small positions, never the listings. Every key includes the
// shop, so two shops may sell the same product.
var (
	DuplicateListing = &Check{
		ID: "duplicate-listing",
		Doc: "same product listed twice\n\n" +
			"Another product of the shop has the same title and brand. AliExpress treats repeated listings of one " +
			"product as a violation (duplicate listing spam): the copies are removed and the shop gets penalty points.",
		Fix:      "Keep one listing and remove the others; sell colours and sizes as variants of that one listing.",
		Severity: Warning,
		Source:   "seed: repeated listing is a violation",
		Scope:    ScopeCatalog,
		NewCatalog: func(p *Pass) CatalogCheck {
			return &dupListing{p: p}
		},
	}
	DuplicateSKU = &Check{
		ID: "duplicate-sku",
		Doc: "the same SKU on two rows\n\n" +
			"A seller SKU must name one variant only. When two rows share it, stock and orders go to the wrong " +
			"product and the upload can overwrite one product with the other.",
		Fix:      "Give each product variant its own SKU code.",
		Severity: Error,
		Scope:    ScopeCatalog,
		NewCatalog: func(p *Pass) CatalogCheck {
			return &dupSKU{p: p}
		},
	}
	PriceOutlier = &Check{
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
	}
)

// ref is a compact position: an origin and a row.
type ref struct {
	org uint32
	row int32
}

// origin is what the rows of one table of one shop share.
type origin struct {
	file, sheet, shop string
	cols              *readers.Columns
}

// origins interns the origins of a run.
type origins struct {
	list []origin
	idx  map[origin]uint32
	last uint32
}

func (o *origins) of(l *readers.Listing) uint32 {
	if len(o.list) > 0 {
		if c := &o.list[o.last]; c.cols == l.Cols && c.shop == l.Shop && c.file == l.Pos.File && c.sheet == l.Pos.Sheet {
			return o.last
		}
	}
	k := origin{file: l.Pos.File, sheet: l.Pos.Sheet, shop: l.Shop, cols: l.Cols}
	if o.idx == nil {
		o.idx = map[origin]uint32{}
	}
	i, ok := o.idx[k]
	if !ok {
		i = uint32(len(o.list))
		o.list = append(o.list, k)
		o.idx[k] = i
	}
	o.last = i
	return i
}

// pos rebuilds the position of field name on the row of r.
func (o *origins) pos(r ref, name string) readers.Pos {
	g := &o.list[r.org]
	return g.cols.At(readers.Pos{File: g.file, Sheet: g.sheet, Row: int(r.row)}, name)
}

// where names a row for a seller: "row 2 of catalog.csv" or "row 2 of
// sheet Items of catalog.xlsx".
func where(p readers.Pos) string {
	if p.Sheet != "" {
		return fmt.Sprintf("row %d of sheet %s of %s", p.Row, p.Sheet, p.File)
	}
	return fmt.Sprintf("row %d of %s", p.Row, p.File)
}

// hasher is FNV-1a over folded words; it allocates nothing.
type hasher struct {
	h  uint64
	tk tokens
}

const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

func (h *hasher) reset() { h.h = fnvOffset }

func (h *hasher) bytes(b []byte) {
	for _, c := range b {
		h.h ^= uint64(c)
		h.h *= fnvPrime
	}
}

func (h *hasher) str(s string) {
	for i := 0; i < len(s); i++ {
		h.h ^= uint64(s[i])
		h.h *= fnvPrime
	}
}

func (h *hasher) sep() { h.bytes([]byte{0}) }

// text adds s folded (lower case, no accents, letters and digits only, one
// space between words) and reports whether it had any word.
func (h *hasher) text(s string) bool {
	h.tk.reset()
	h.tk.add(s, false)
	return h.tokens(&h.tk)
}

// tokens adds the words of tk, as text adds those of the string tk was
// made from with tk.add(s, false), and reports whether there was any.
func (h *hasher) tokens(tk *tokens) bool {
	for _, sp := range tk.spans {
		h.bytes(tk.buf[sp.s:sp.e])
		h.bytes([]byte{' '})
	}
	for _, sp := range tk.cjk {
		h.bytes(tk.buf[sp.s:sp.e])
		h.bytes([]byte{' '})
	}
	return len(tk.spans)+len(tk.cjk) > 0
}

// Keys are the catalog-wide keys of a batch of listings: the hashes the
// duplicate and outlier checks look up, worked out on a worker (see
// Runner.Check) so that Catalog.ObserveKeys, which runs on one goroutine,
// only looks them up. Keys of one batch go with that batch only.
type Keys struct {
	ls   []listingKey
	skus []skuKey // for each listing, its SKU then the SKUs of its variants
}

// listingKey is what the catalog-wide checks need of one listing.
type listingKey struct {
	dup    uint64 // shop, folded title and folded brand (duplicate-listing)
	cat    uint64 // shop and folded category (price-outlier)
	sku0   int32  // the listing's first entry in Keys.skus
	nsku   int32
	hasDup bool // the title has a word
	hasCat bool // the listing has a price above zero and a category with a word
}

// skuKey is the hash of a shop and a trimmed SKU; ok is false for an empty
// SKU.
type skuKey struct {
	h  uint64
	ok bool
}

// keyer works out keys; one per goroutine.
type keyer struct{ h hasher }

// dupKey is the duplicate-listing key of l; title, when not nil, holds the
// words of l.Title (tokens.add(l.Title, false)), already split by the
// listing checks.
func (k *keyer) dupKey(l *readers.Listing, title *tokens) (uint64, bool) {
	h := &k.h
	h.reset()
	h.str(l.Shop)
	h.sep()
	if l.Title == "" {
		return 0, false
	}
	if title != nil {
		if !h.tokens(title) {
			return 0, false
		}
	} else if !h.text(l.Title) {
		return 0, false
	}
	h.sep()
	h.text(l.Brand)
	return h.h, true
}

// catKey is the price-outlier key of l; category, when not nil, holds the
// words of l.Category.
func (k *keyer) catKey(l *readers.Listing, category *tokens) (uint64, bool) {
	if !l.HasPrice || l.Price <= 0 || l.Category == "" {
		return 0, false
	}
	h := &k.h
	h.reset()
	h.str(l.Shop)
	h.sep()
	if category != nil {
		if !h.tokens(category) {
			return 0, false
		}
	} else if !h.text(l.Category) {
		return 0, false
	}
	return h.h, true
}

func (k *keyer) skuKey(l *readers.Listing, sku string) skuKey {
	sku = strings.TrimSpace(sku)
	if sku == "" {
		return skuKey{}
	}
	h := &k.h
	h.reset()
	h.str(l.Shop)
	h.sep()
	h.str(sku)
	return skuKey{h: h.h, ok: true}
}

// skus appends the SKU keys of l to ks.
func (k *keyer) skus(ks *Keys, lk *listingKey, l *readers.Listing) {
	lk.sku0 = int32(len(ks.skus))
	ks.skus = append(ks.skus, k.skuKey(l, l.SKU))
	for i := range l.Variants {
		ks.skus = append(ks.skus, k.skuKey(l, l.Variants[i].SKU))
	}
	lk.nsku = int32(len(ks.skus)) - lk.sku0
}

// keyedCheck is a catalog-wide check that works from the keys of a listing.
type keyedCheck interface {
	observeKey(l *readers.Listing, k *listingKey, skus []skuKey)
}

// refTable maps 64-bit hashes to first positions: open addressing with
// linear probing in one array of 16-byte slots, which a million keys fill
// to between 57 and 85 %, against the buckets, control bytes and doubling
// of a Go map. A slot with hash 0 is empty; the key 0 itself is kept aside.
type refTable struct {
	slots   []refSlot
	n       int
	zero    bool
	zeroRef ref
}

type refSlot struct {
	h uint64
	r ref
}

// firstOrAdd returns the ref of h and true when h is in the table, else
// adds h with r and returns false.
func (t *refTable) firstOrAdd(h uint64, r ref) (ref, bool) {
	if h == 0 {
		if t.zero {
			return t.zeroRef, true
		}
		t.zero, t.zeroRef = true, r
		return ref{}, false
	}
	if t.n >= len(t.slots)*6/7 {
		t.grow()
	}
	i := t.index(h)
	for {
		sl := &t.slots[i]
		if sl.h == h {
			return sl.r, true
		}
		if sl.h == 0 {
			sl.h, sl.r = h, r
			t.n++
			return ref{}, false
		}
		if i++; i == uint64(len(t.slots)) {
			i = 0
		}
	}
}

// index spreads h over the slots (Fibonacci hashing, then a multiply-shift
// range reduction, so the size need not be a power of two).
func (t *refTable) index(h uint64) uint64 {
	hi, _ := bits.Mul64(h*0x9E3779B97F4A7C15, uint64(len(t.slots)))
	return hi
}

// grow makes the table about 1.5 times larger.
func (t *refTable) grow() {
	old := t.slots
	t.slots = make([]refSlot, max(1024, len(old)+len(old)/2))
	for _, sl := range old {
		if sl.h == 0 {
			continue
		}
		i := t.index(sl.h)
		for t.slots[i].h != 0 {
			if i++; i == uint64(len(t.slots)) {
				i = 0
			}
		}
		t.slots[i] = sl
	}
}

type dupListing struct {
	p    *Pass
	org  origins
	seen refTable
	k    keyer
}

func (d *dupListing) Observe(l *readers.Listing) {
	var lk listingKey
	lk.dup, lk.hasDup = d.k.dupKey(l, nil)
	d.observeKey(l, &lk, nil)
}

func (d *dupListing) observeKey(l *readers.Listing, k *listingKey, _ []skuKey) {
	if !k.hasDup {
		return
	}
	first, ok := d.seen.firstOrAdd(k.dup, ref{org: d.org.of(l), row: int32(l.Pos.Row)})
	if !ok {
		return
	}
	at := d.org.pos(first, "title")
	d.p.ReportEntity(l.At("title"), at, l.Shop, entityOf(l), l.Title,
		"the same title and brand are already used by the product on "+where(at)+"; keep one listing")
}

func (d *dupListing) Finish() {}

type dupSKU struct {
	p    *Pass
	org  origins
	seen refTable
	k    keyer
	ks   Keys
}

func (d *dupSKU) Observe(l *readers.Listing) {
	var lk listingKey
	d.ks.skus = d.ks.skus[:0]
	d.k.skus(&d.ks, &lk, l)
	d.observeKey(l, &lk, d.ks.skus)
}

func (d *dupSKU) observeKey(l *readers.Listing, _ *listingKey, skus []skuKey) {
	for i, sk := range skus {
		if !sk.ok {
			continue
		}
		if i == 0 {
			d.check(l, sk.h, l.SKU, nil)
		} else {
			d.check(l, sk.h, l.Variants[i-1].SKU, &l.Variants[i-1])
		}
	}
}

// check looks up the SKU of l (v == nil) or of its variant v.
func (d *dupSKU) check(l *readers.Listing, h uint64, sku string, v *readers.Variant) {
	row := l.Pos.Row
	if v != nil {
		row = v.Row
	}
	first, ok := d.seen.firstOrAdd(h, ref{org: d.org.of(l), row: int32(row)})
	if !ok {
		return
	}
	at := l.At("sku")
	if v != nil {
		at = variantPos(l, v, "sku")
	}
	sku = strings.TrimSpace(sku)
	ref := d.org.pos(first, "sku")
	d.p.ReportEntity(at, ref, l.Shop, entityOf(l), sku,
		fmt.Sprintf("the SKU %q is already used on %s; each variant needs its own SKU", sku, where(ref)))
}

func (d *dupSKU) Finish() {}

// priced is one priced listing, as price-outlier keeps it: 24 bytes, in
// the group of its category.
type priced struct {
	price float64 // the listing's price
	r     ref
	ent   uint32 // the product id: at ent in priceOutlier.ids
}

// priceGroup is the priced listings of one category of one shop.
type priceGroup struct {
	name string // category as first written
	recs []priced
}

type priceOutlier struct {
	p      *Pass
	org    origins
	groups map[uint64]*priceGroup // by hash of shop and folded category
	ids    idArena
	k      keyer
}

// idArena keeps strings back to back in chunks of 1 MiB, each behind its
// length as a uvarint: growing it never copies what it holds.
type idArena struct {
	chunks [][]byte
}

const idChunk = 1 << 20

// add stores s and returns where it is: chunk<<20 | offset.
func (a *idArena) add(s string) uint32 {
	need := len(s) + binary.MaxVarintLen64
	if len(a.chunks) == 0 || len(a.chunks[len(a.chunks)-1])+need > idChunk {
		a.chunks = append(a.chunks, make([]byte, 0, max(idChunk, need)))
	}
	c := &a.chunks[len(a.chunks)-1]
	at := uint32(len(a.chunks)-1)<<20 | uint32(len(*c))
	*c = binary.AppendUvarint(*c, uint64(len(s)))
	*c = append(*c, s...)
	return at
}

func (a *idArena) get(at uint32) string {
	c := a.chunks[at>>20][at&(idChunk-1):]
	n, k := binary.Uvarint(c)
	return string(c[k : k+int(n)])
}

func (o *priceOutlier) Observe(l *readers.Listing) {
	var lk listingKey
	lk.cat, lk.hasCat = o.k.catKey(l, nil)
	o.observeKey(l, &lk, nil)
}

func (o *priceOutlier) observeKey(l *readers.Listing, k *listingKey, _ []skuKey) {
	if !k.hasCat {
		return
	}
	g := o.groups[k.cat]
	if g == nil {
		g = &priceGroup{name: strings.Clone(strings.TrimSpace(l.Category))}
		o.groups[k.cat] = g
	}
	g.recs = append(g.recs, priced{price: l.Price, r: ref{org: o.org.of(l), row: int32(l.Pos.Row)},
		ent: o.ids.add(strings.TrimSpace(l.ProductID))})
}

func (o *priceOutlier) Finish() {
	t := o.p.Rules.Thresholds
	cats := make([]uint64, 0, len(o.groups))
	for c := range o.groups {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, c := range cats {
		grp := o.groups[c]
		group := grp.recs
		grp.recs = nil
		n := len(group)
		if n < t.PriceOutlierMinListings {
			continue
		}
		sort.Slice(group, func(i, j int) bool { return group[i].price < group[j].price })
		median := group[n/2].price
		if n%2 == 0 {
			median = (group[n/2-1].price + group[n/2].price) / 2
		}
		low, high := median/t.PriceOutlierFactor, median*t.PriceOutlierFactor
		for k := range group {
			g := &group[k]
			var msg string
			switch {
			case g.price < low:
				msg = fmt.Sprintf("the price %s is less than a %s of the median price %s of the %d priced products in category %q",
					fmtPrice(g.price), fraction(t.PriceOutlierFactor), fmtPrice(median), n, grp.name)
			case g.price > high:
				msg = fmt.Sprintf("the price %s is more than %s times the median price %s of the %d priced products in category %q",
					fmtPrice(g.price), fmtPrice(t.PriceOutlierFactor), fmtPrice(median), n, grp.name)
			default:
				continue
			}
			at := o.org.pos(g.r, "price")
			ent := o.ids.get(g.ent)
			if ent == "" {
				ent = fmt.Sprintf("row %d", g.r.row)
			}
			o.p.ReportEntity(at, readers.Pos{}, o.org.list[g.r.org].shop, ent, fmtPrice(g.price), msg)
		}
	}
	o.groups, o.ids = map[uint64]*priceGroup{}, idArena{}
}

// fraction names 1/f: "tenth" for 10, else "1/f".
func fraction(f float64) string {
	if f == 10 {
		return "tenth"
	}
	return "1/" + fmtPrice(f) + " part"
}
