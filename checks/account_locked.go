package checks

import (
	"math"
	"strings"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// PromotionLockedChange compares two versions of a catalog. AliExpress's
// seller guide on marketing activities: while a product is registered in an
// activity, its category, unit, sales unit, colour, ship-from, prices,
// prices by country, package size and shipping template cannot change.
var PromotionLockedChange = &Check{
	ID: "promotion-locked-change",
	Doc: "a product in an activity has a locked field changed\n\n" +
		"While a product is registered in a marketing activity that has not ended, AliExpress does not allow " +
		"changes to its category, unit, sales unit, colour, ship-from, price, prices by country, package size " +
		"or shipping template. The upload is refused, or the product is taken out of the activity and the " +
		"store may be penalised.",
	Fix:      "Put the old value back in the file before uploading it; make the change after the activity ends, or withdraw the product first (it counts toward the month's withdrawals).",
	Severity: Error,
	Source:   "seed",
	Scope:    ScopeAccount,
	Account:  promotionLockedChange,
}

// lockedLabels name the locked fields for the seller.
var lockedLabels = map[string]string{
	"category": i18n.N("category"), "unit": i18n.N("unit"), "sales_unit": i18n.N("sales unit"), "colour": i18n.N("colour"), "ship_from": i18n.N("ship-from"),
	"price": i18n.N("price"), "prices_by_country": i18n.N("prices by country"), "package_size": i18n.N("package size"), "shipping_template": i18n.N("shipping template"),
}

type lockedKey struct{ product, sku string }

func promotionLockedChange(p *AccountPass) {
	f := p.Facts
	if len(f.Before) == 0 || len(f.Current) == 0 {
		return
	}
	before := map[lockedKey]*readers.Locked{}
	for i := range f.Before {
		b := &f.Before[i]
		k := lockedKey{b.ProductID, b.SKU}
		if before[k] == nil {
			before[k] = b
		}
	}
	loc := p.AsOf.Location()
	for i := range f.Current {
		c := &f.Current[i]
		regs := f.Registered[c.ProductID]
		b := before[lockedKey{c.ProductID, c.SKU}]
		if len(regs) == 0 || b == nil {
			continue
		}
		act := regs[0]
		where := activityLabel(p.tr, act.Name, act.ID)
		if !act.EndAt.IsZero() {
			where += p.tr.Sprintf(", which ends on %s", act.EndAt.In(loc).Format(stampLayout))
		}
		if len(regs) > 1 {
			where += p.tr.Sprintf(", and %d other activities", len(regs)-1)
		}
		for _, name := range readers.LockedFieldNames {
			old, okOld := b.Values[name]
			now, okNow := c.Values[name]
			if !okOld || !okNow || sameLocked(name, old, now) {
				continue
			}
			p.Report(c.Cols.At(c.Pos, name), c.ProductID, now, p.tr.Sprintf(
				"the %s changed from %q to %q while the product is registered in %s",
				p.tr.T(lockedLabels[name]), old, now, where))
		}
	}
}

// sameLocked compares two values of a locked field: prices as amounts,
// other text regardless of case, accents and spacing.
func sameLocked(name, a, b string) bool {
	if name == "price" {
		x, okx := readers.ParsePrice(a)
		y, oky := readers.ParsePrice(b)
		if okx && oky {
			return math.Abs(x-y) < 1e-9
		}
	}
	return readers.NormalizeHeader(a) == readers.NormalizeHeader(b) || strings.TrimSpace(a) == strings.TrimSpace(b)
}
