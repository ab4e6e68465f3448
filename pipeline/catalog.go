package pipeline

import (
	"context"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/leangc"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// checkCatalogs runs the listing checks over every catalog.
func (r *run) checkCatalogs(ctx context.Context) error {
	c := <-r.runner
	runner, err := c.rn, c.err
	if err != nil {
		return err
	}
	catalog := runner.NewCatalog()
	if len(r.cfg.Orders) > 0 {
		r.online = map[productKey]int{}
		r.skus = checks.NewProductIndex()
	}
	// Workers build the listings from the raw rows, run the listing checks
	// and work out the catalog-wide keys; the releaser only looks the keys
	// up, in input order.
	enc := r.encodes()
	lang := i18n.For(r.cfg.Rules.Language).Lang()
	work := func(u unit) result {
		b := u.b
		if u.raw != nil {
			b = u.raw.Build()
		}
		bf := getBufs()
		fs, keys := runner.CheckAppend(bf.findings, b.Listings)
		res := result{b: b, findings: fs, keys: keys, bufs: bf}
		if enc {
			encode(&res, lang)
		}
		return res
	}
	relEnc := new(reports.FindingEncoder)
	relEnc.SetLang(lang)
	release := func(t *table, b *readers.Batch, res result) error {
		if err := r.account(t, b); err != nil {
			return err
		}
		if err := r.emit(r.tableFindings(t, b)); err != nil {
			return err
		}
		fs := res.findings
		dup := catalog.ObserveKeys(b.Listings, res.keys)
		res.keys.Release()
		if share, ok := r.readShare("catalog"); ok {
			catalog.Expect(share)
		}
		if len(dup) > 0 && !enc {
			fs = mergeFindings(fs, dup)
		}
		if r.online != nil {
			r.skus.AddListings(b.Listings)
			for i := range b.Listings {
				l := &b.Listings[i]
				if l.ProductID != "" {
					k := productKey{l.Shop, l.ProductID}
					// A product seen before has its time updated in place: an
					// assignment to the map would store k, the texts of this
					// row, in place of the copies kept for the run.
					if at, ok := r.online[k]; ok {
						r.onlineAt[at] = l.CreatedAt
						continue
					}
					// Copies: the row's memory may be reused, and a cell may
					// share a string of many rows.
					r.online[productKey{strings.Clone(l.Shop), strings.Clone(l.ProductID)}] = len(r.onlineAt)
					r.onlineAt = append(r.onlineAt, l.CreatedAt)
				}
			}
		}
		// The listings go back to the reader's pool once the writers
		// have the findings (which hold strings, never listings).
		defer b.Release()
		r.listings(b.Listings)
		defer r.listings(nil)
		if enc {
			return r.emitMerged(&res, dup, relEnc)
		}
		err := r.emit(fs)
		// The merge may have written past res.findings, in its memory:
		// recycle clears only res.findings.
		clear(fs[len(res.findings):])
		return err
	}
	if err := r.stage(ctx, "catalog", work, release); err != nil {
		return err
	}
	if r.res.Summary.Rows >= leanFinishRows {
		defer leangc.Lean(finishGCPercent)()
	}
	return catalog.FinishEach(r.emit)
}

// listings shows the writers that take them the listings of the batch
// whose findings come next (nil once they are written).
func (r *run) listings(ls []readers.Listing) {
	for _, w := range r.cfg.Writers {
		if lw, ok := w.(reports.ListingWriter); ok {
			lw.Listings(ls)
		}
	}
}

// The catalog-wide checks finish (price-outlier reads every price back and
// compares each with its category's median) with the collector's target
// at finishGCPercent, when the catalogs had leanFinishRows rows or more.
// By then the heap has grown towards its target with what the run left
// behind, and the end would grow it further: the prices (8 bytes each, off
// the heap) come on top, and at 1M rows the peak went from 62-63 to 57-59
// MB for the same time (12 interleaved pairs). A smaller run ends before
// its heap grows that far.
const finishGCPercent = 50

var leanFinishRows = 1 << 18 // a variable for the tests

// productChunk is the number of product records built and handed to the
// writers at a time: the products of a large shop are never all in memory
// as records, only as their counters.
const productChunk = 4096

// products hands the product records of total to the writers that take
// them and to OnProduct, in chunks, sorted by shop and product id.
func (r *run) products(total *checks.Metrics) error {
	if total == nil {
		return nil
	}
	var pws []reports.ProductWriter
	for _, w := range r.cfg.Writers {
		if pw, ok := w.(reports.ProductWriter); ok && reports.TakesProducts(w) {
			pws = append(pws, pw)
		}
	}
	r.res.Products = total.Products()
	if len(pws) == 0 && r.cfg.OnProduct == nil {
		return nil
	}
	return total.EachProduct(productChunk, func(ps []checks.ProductMetrics) error {
		if r.cfg.OnProduct != nil {
			for i := range ps {
				r.cfg.OnProduct(&ps[i])
			}
		}
		for _, w := range pws {
			if err := w.Products(ps); err != nil {
				return err
			}
		}
		return nil
	})
}

// tableFindings reports, once per catalog table, the required columns it
// lacks.
func (r *run) tableFindings(t *table, b *readers.Batch) []checks.Finding {
	if b.Cols == nil || r.seen[b.Cols] {
		return nil
	}
	r.seen[b.Cols] = true
	return checks.MissingColumns(r.cfg.Rules, b.Cols, t.in.Shop)
}
