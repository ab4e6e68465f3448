package checks

import (
	"strconv"
	"strings"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/keyindex"
	"github.com/aecheck/aecheck/readers"
)

// The catalog-wide checks (duplicate_listing.go, duplicate_sku.go,
// price_outlier.go) see every listing of the run, across batches and files,
// and keep only compact keys: 64-bit hashes and small positions, never the
// listings. Every key includes the shop, so two shops may sell the same
// product. This file holds the keys they share.

// ref is a compact position: an origin (an index in origins) and a row.
type ref = keyindex.Ref

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
		k.shop = strings.Clone(k.shop)
		i = uint32(len(o.list))
		o.list = append(o.list, k)
		o.idx[k] = i
	}
	o.last = i
	return i
}

// catalogOrigins returns the origins a catalog-wide check numbers its
// listings' origins in: its Catalog's, shared by its checks, or its own.
func catalogOrigins(p *Pass) *origins {
	if p.org != nil {
		return p.org
	}
	return new(origins)
}

// pos rebuilds the position of field name on the row of r.
func (o *origins) pos(r ref, name string) readers.Pos {
	g := &o.list[r.Org]
	return g.cols.At(readers.Pos{File: g.file, Sheet: g.sheet, Row: int(r.Row)}, name)
}

// where names a row for a seller: "row 2 of catalog.csv" or "row 2 of
// sheet Items of catalog.xlsx", in the language of tr.
func where(tr *i18n.Printer, p readers.Pos) string {
	if p.Sheet != "" {
		return tr.Sprintf("row %s of sheet %s of %s", strconv.Itoa(p.Row), p.Sheet, p.File)
	}
	return tr.Sprintf("row %s of %s", strconv.Itoa(p.Row), p.File)
}

// hasher builds the bytes of a key (folded words and separators) and
// hashes them at once with XXH3, 64 bits; it allocates nothing once its
// buffer has grown.
type hasher struct {
	buf []byte
	tk  tokens
}

func (h *hasher) reset()         { h.buf = h.buf[:0] }
func (h *hasher) bytes(b []byte) { h.buf = append(h.buf, b...) }
func (h *hasher) str(s string)   { h.buf = append(h.buf, s...) }
func (h *hasher) sep()           { h.buf = append(h.buf, 0) }
func (h *hasher) sum() uint64    { return xxh3.Hash(h.buf) }

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
	if len(tk.cjk) == 0 {
		// The words, each followed by a space, as they are in tk.buf.
		h.buf = append(h.buf, tk.buf...)
		return len(tk.spans) > 0
	}
	for _, sp := range tk.spans {
		h.bytes(tk.buf[sp.s:sp.e])
		h.buf = append(h.buf, ' ')
	}
	for _, sp := range tk.cjk {
		h.bytes(tk.buf[sp.s:sp.e])
		h.buf = append(h.buf, ' ')
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

// keysPool keeps the Keys handed back by Release, for the next batches.
var keysPool sync.Pool

// newKeys returns empty Keys for n listings, from the pool when it has some.
func newKeys(n int) *Keys {
	ks, _ := keysPool.Get().(*Keys)
	if ks == nil {
		ks = new(Keys)
	}
	if cap(ks.ls) < n {
		ks.ls = make([]listingKey, n)
	} else {
		ks.ls = ks.ls[:n]
		clear(ks.ls)
	}
	ks.skus = ks.skus[:0]
	return ks
}

// Release hands ks back for reuse by later batches (Runner.Check); ks must
// not be used afterwards. Calling it is optional.
func (ks *Keys) Release() {
	if ks != nil {
		keysPool.Put(ks)
	}
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
type keyer struct {
	h hasher
	// brands remembers the folded words of brand cells (as hasher.text
	// writes them): a shop sells a handful of brands, so each is folded
	// once per goroutine, not once per product. fold works them out.
	brands cellMemo[string]
	fold   hasher
}

// brand returns the folded words of a brand cell, as hasher.text writes
// them.
func (k *keyer) brand(s string) string {
	if w, ok := k.brands.get(s); ok {
		return w
	}
	k.fold.reset()
	k.fold.text(s)
	w := string(k.fold.buf)
	k.brands.put(s, w)
	return w
}

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
	h.str(k.brand(l.Brand))
	return h.sum(), true
}

// catKey is the price-outlier key of l; words are the folded words of
// l.Category (Runner.category).
func (k *keyer) catKey(l *readers.Listing, words string) (uint64, bool) {
	if !l.HasPrice || l.Price <= 0 || words == "" {
		return 0, false
	}
	h := &k.h
	h.reset()
	h.str(l.Shop)
	h.sep()
	h.str(words)
	return h.sum(), true
}

func (k *keyer) skuKey(l *readers.Listing, sku string) skuKey {
	sku = readers.Trim(sku)
	if sku == "" {
		return skuKey{}
	}
	h := &k.h
	h.reset()
	h.str(l.Shop)
	h.sep()
	h.str(sku)
	return skuKey{h: h.sum(), ok: true}
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

// keyedCheck is a catalog-wide check that works from the keys of a listing
// and the number of its origin in the origins of the check's Pass.
type keyedCheck interface {
	observeKey(l *readers.Listing, org uint32, k *listingKey, skus []skuKey)
}

// warmer is a keyed check with a large index read at random: before a
// batch is observed, warm loads the slots its keys will look up, all at
// once, so that their cache misses overlap instead of coming one after the
// other as the keys are looked up in order.
type warmer interface {
	warm(ks *Keys)
}

// finishKeys frees the table of a duplicate check, after reporting that
// some duplicates may have been missed if the table lost hashes.
func finishKeys(p *Pass, t *keyindex.Table, what string) {
	if err := t.Err(); err != nil {
		p.ReportEntity(readers.Pos{}, readers.Pos{}, "", "", "",
			p.sprintf("some %s may not have been found: %s; free some disk space or set TMPDIR to a folder with room, and run again", p.tr().T(what), err.Error()))
	}
	t.Free()
}
