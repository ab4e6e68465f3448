package checks

import (
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/keyindex"
	"github.com/aecheck/aecheck/readers"
)

// DuplicateSKU finds a seller SKU used on two rows of one shop.
var DuplicateSKU = &Check{
	ID: "duplicate-sku",
	Doc: "the same SKU on two rows\n\n" +
		"A seller SKU must name one variant only. When two rows share it, stock and orders go to the wrong " +
		"product and the upload can overwrite one product with the other.",
	Fix:      "Give each product variant its own SKU code.",
	Severity: Error,
	Scope:    ScopeCatalog,
	NewCatalog: func(p *Pass) CatalogCheck {
		return &dupSKU{p: p, org: catalogOrigins(p)}
	},
	Needs: NeedSKUKeys,
}

type dupSKU struct {
	p    *Pass
	org  *origins
	seen keyindex.Table
	k    keyer
	ks   Keys
}

func (d *dupSKU) Observe(l *readers.Listing) {
	var lk listingKey
	d.ks.skus = d.ks.skus[:0]
	d.k.skus(&d.ks, &lk, l)
	d.observeKey(l, d.org.of(l), &lk, d.ks.skus)
}

func (d *dupSKU) observeKey(l *readers.Listing, org uint32, _ *listingKey, skus []skuKey) {
	for i, sk := range skus {
		if !sk.ok {
			continue
		}
		if i == 0 {
			d.check(l, org, sk.h, l.SKU, nil)
		} else {
			d.check(l, org, sk.h, l.Variants[i-1].SKU, &l.Variants[i-1])
		}
	}
}

// check looks up the SKU of l (v == nil) or of its variant v; org is the
// number of l's origin.
func (d *dupSKU) check(l *readers.Listing, org uint32, h uint64, sku string, v *readers.Variant) {
	row := l.Pos.Row
	if v != nil {
		row = v.Row
	}
	first, ok := d.seen.FirstOrAdd(h, ref{Org: org, Row: int32(row)})
	if !ok {
		return
	}
	at := l.At("sku")
	if v != nil {
		at = variantPos(l, v, "sku")
	}
	sku = readers.Trim(sku)
	ref := d.org.pos(first, "sku")
	d.p.ReportEntity(at, ref, l.Shop, entityOf(l), sku,
		d.p.sprintf("the SKU %q is already used on %s; each variant needs its own SKU", sku, where(d.p.tr(), ref)))
}

// warm loads the index slots the keys of a batch will look up (warmer).
func (d *dupSKU) warm(ks *Keys) {
	for _, sk := range ks.skus {
		if sk.ok {
			d.seen.Warm(sk.h)
		}
	}
}

func (d *dupSKU) Finish()                   { finishKeys(d.p, &d.seen, i18n.N("repeated SKUs")) }
func (d *dupSKU) expectShare(share float64) { d.seen.ExpectShare(share) }
