package checks

import (
	"encoding/binary"
	"fmt"
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
			return &dupListing{p: p, seen: map[uint64]ref{}}
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
			return &dupSKU{p: p, seen: map[uint64]ref{}}
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
	for _, sp := range h.tk.spans {
		h.bytes(h.tk.buf[sp.s:sp.e])
		h.bytes([]byte{' '})
	}
	for _, sp := range h.tk.cjk {
		h.bytes(h.tk.buf[sp.s:sp.e])
		h.bytes([]byte{' '})
	}
	return len(h.tk.spans)+len(h.tk.cjk) > 0
}

type dupListing struct {
	p    *Pass
	org  origins
	seen map[uint64]ref
	h    hasher
}

func (d *dupListing) Observe(l *readers.Listing) {
	d.h.reset()
	d.h.str(l.Shop)
	d.h.sep()
	if !d.h.text(l.Title) {
		return
	}
	d.h.sep()
	d.h.text(l.Brand)
	key := d.h.h
	first, ok := d.seen[key]
	if !ok {
		d.seen[key] = ref{org: d.org.of(l), row: int32(l.Pos.Row)}
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
	seen map[uint64]ref
	h    hasher
}

func (d *dupSKU) Observe(l *readers.Listing) {
	d.check(l, l.SKU, l.At("sku"), l.Pos.Row)
	for i := range l.Variants {
		v := &l.Variants[i]
		d.check(l, v.SKU, variantPos(l, v, "sku"), v.Row)
	}
}

func (d *dupSKU) check(l *readers.Listing, sku string, at readers.Pos, row int) {
	sku = strings.TrimSpace(sku)
	if sku == "" {
		return
	}
	d.h.reset()
	d.h.str(l.Shop)
	d.h.sep()
	d.h.str(sku)
	first, ok := d.seen[d.h.h]
	if !ok {
		d.seen[d.h.h] = ref{org: d.org.of(l), row: int32(row)}
		return
	}
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
	h      hasher
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
	if !l.HasPrice || l.Price <= 0 {
		return
	}
	o.h.reset()
	o.h.str(l.Shop)
	o.h.sep()
	if !o.h.text(l.Category) {
		return
	}
	g := o.groups[o.h.h]
	if g == nil {
		g = &priceGroup{name: strings.Clone(strings.TrimSpace(l.Category))}
		o.groups[o.h.h] = g
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
