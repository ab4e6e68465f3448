package checks

import (
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/keyindex"
	"github.com/aecheck/aecheck/readers"
)

// DuplicateListing finds listings of one shop with the same title words and
// brand.
var DuplicateListing = &Check{
	ID: "duplicate-listing",
	Doc: "same product listed twice\n\n" +
		"Another product of the shop has the same title and brand. AliExpress treats repeated listings of one " +
		"product as a violation (duplicate listing spam): the copies are removed and the shop gets penalty points.",
	Fix:      "Keep one listing and remove the others; sell colours and sizes as variants of that one listing.",
	Severity: Warning,
	Source:   "seed: repeated listing is a violation",
	Scope:    ScopeCatalog,
	NewCatalog: func(p *Pass) CatalogCheck {
		return &dupListing{p: p, org: catalogOrigins(p)}
	},
	Needs: NeedDuplicateKey,
}

type dupListing struct {
	p    *Pass
	org  *origins
	seen keyindex.Table
	k    keyer
}

func (d *dupListing) Observe(l *readers.Listing) {
	var lk listingKey
	lk.dup, lk.hasDup = d.k.dupKey(l, nil)
	if lk.hasDup {
		d.observeKey(l, d.org.of(l), &lk, nil)
	}
}

func (d *dupListing) observeKey(l *readers.Listing, org uint32, k *listingKey, _ []skuKey) {
	if !k.hasDup {
		return
	}
	first, ok := d.seen.FirstOrAdd(k.dup, ref{Org: org, Row: int32(l.Pos.Row)})
	if !ok {
		return
	}
	at := d.org.pos(first, "title")
	d.p.ReportEntity(l.At("title"), at, l.Shop, entityOf(l), l.Title,
		d.p.sprintf("the same title and brand are already used by the product on %s; keep one listing", where(d.p.tr(), at)))
}

// warm loads the index slots the keys of a batch will look up (warmer).
func (d *dupListing) warm(ks *Keys) {
	for i := range ks.ls {
		if k := &ks.ls[i]; k.hasDup {
			d.seen.Warm(k.dup)
		}
	}
}

func (d *dupListing) Finish()                   { finishKeys(d.p, &d.seen, i18n.N("duplicate listings")) }
func (d *dupListing) expectShare(share float64) { d.seen.ExpectShare(share) }
