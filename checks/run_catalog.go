package checks

import (
	"slices"

	"github.com/aecheck/aecheck/readers"
)

// Catalog is the catalog-wide state of one run: the duplicate and outlier
// checks. Observe must be called from one goroutine, with the batches in
// input order.
type Catalog struct {
	r      *Runner
	states []CatalogCheck
	keyed  []keyedCheck // states[i] as a keyedCheck, nil when it is not one
	// org numbers the origins of the listings for every catalog-wide
	// check at once: ObserveKeys looks a listing's up once, not once per
	// check.
	org  origins
	out  []Finding
	emit func([]Finding) error // during FinishEach
	err  error                 // from emit
}

// finishChunk is the number of findings FinishEach hands over at once.
const finishChunk = 4096

// NewCatalog returns the catalog-wide state for one run.
func (r *Runner) NewCatalog() *Catalog {
	c := &Catalog{r: r}
	for _, ch := range r.catalog {
		p := &Pass{Rules: r.rules, Check: ch, sev: r.sev[ch.ID], reports: &c.out, run: r, flush: c.flushFull, org: &c.org}
		s := ch.NewCatalog(p)
		kc, _ := s.(keyedCheck)
		c.states, c.keyed = append(c.states, s), append(c.keyed, kc)
	}
	return c
}

// Observe feeds the listings of one batch to the catalog-wide checks and
// returns the duplicate findings they caused at once: the later rows are
// flagged, each pointing to the first occurrence.
func (c *Catalog) Observe(ls []readers.Listing) []Finding {
	ks := c.r.Keys(ls)
	defer ks.Release()
	return c.ObserveKeys(ls, ks)
}

// ObserveKeys is Observe with the keys of ls already worked out (by
// Runner.Check or Runner.Keys, on any goroutine): it only looks them up.
func (c *Catalog) ObserveKeys(ls []readers.Listing, ks *Keys) []Finding {
	c.out = c.out[:0]
	for _, s := range c.states {
		if w, ok := s.(warmer); ok {
			w.warm(ks)
		}
	}
	for i := range ls {
		k := &ks.ls[i]
		skus := ks.skus[k.sku0 : k.sku0+k.nsku]
		org := c.org.of(&ls[i])
		for j, kc := range c.keyed {
			if kc != nil {
				kc.observeKey(&ls[i], org, k, skus)
			} else {
				c.states[j].Observe(&ls[i])
			}
		}
	}
	return c.take()
}

// Expect tells the catalog-wide checks that share (0 to 1) of the input has
// been read. From a tenth on, the duplicate tables size themselves for the
// whole input at once instead of growing a quarter at a time, which saves
// CPU; the findings do not depend on it.
func (c *Catalog) Expect(share float64) {
	if !(share >= 0.1 && share <= 1) {
		return
	}
	for _, s := range c.states {
		if e, ok := s.(interface{ expectShare(float64) }); ok {
			e.expectShare(share)
		}
	}
}

// Finish ends the run and returns the findings that need every listing
// (price-outlier), in input order.
func (c *Catalog) Finish() []Finding {
	var all []Finding
	c.FinishEach(func(fs []Finding) error {
		all = append(all, fs...)
		return nil
	})
	return all
}

// FinishEach is Finish handing the findings to emit a few thousand at a
// time, as they are made, instead of all at once: memory stays flat
// however many prices stand out. emit must not keep the slice; its first
// error stops the findings and is returned.
func (c *Catalog) FinishEach(emit func([]Finding) error) error {
	c.out, c.emit, c.err = c.out[:0], emit, nil
	defer func() { c.emit = nil }()
	for _, s := range c.states {
		s.Finish()
	}
	c.flushOut()
	return c.err
}

// flushFull hands the findings over once there are enough of them.
func (c *Catalog) flushFull() {
	if c.emit != nil && len(c.out) >= finishChunk {
		c.flushOut()
	}
}

func (c *Catalog) flushOut() {
	if len(c.out) == 0 {
		return
	}
	if c.err == nil {
		c.err = c.emit(listingKind(c.out))
	}
	c.out = c.out[:0]
}

// listingKind marks fs as findings on listings and returns it.
func listingKind(fs []Finding) []Finding {
	for i := range fs {
		fs[i].Kind = "listing"
	}
	return fs
}

func (c *Catalog) take() []Finding {
	if len(c.out) == 0 {
		return nil
	}
	return listingKind(slices.Clone(c.out))
}
