package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// The list checks (docs/checks.md): terms of the default lists (defaults.yaml)
// found in the title, the category or the description.
var (
	ProhibitedItem = &Check{
		ID: "prohibited-item",
		Doc: "product looks like an item AliExpress prohibits\n\n" +
			"The title, category or description names something AliExpress does not allow at all (weapons, drugs, " +
			"perfume, e-cigarettes, counterfeit money...). Such a listing is removed and counts as a violation " +
			"against the shop, and repeated violations get the shop closed.",
		Fix:      "Remove the product from the catalog. If the word is used in another sense (a colour, a toy, a tool), reword the title so it cannot be read that way.",
		Severity: Error,
		Source:   "seed",
		Run:      func(p *Pass, l *readers.Listing) { reportHits(p, l, listProhibited) },
		Needs:    NeedListHits,
		Settings: func(r *Rules, add func(string, string)) {
			listSettings(add, r.Lists.Prohibited)
			add("authorised_special_categories", strings.Join(r.AuthorisedSpecialCategories, ", "))
		},
	}
	RecalledItem = &Check{
		ID: "recalled-item",
		Doc: "product looks like a recalled item\n\n" +
			"The title, category or description names a kind of product that has been recalled in the EU " +
			"(strong magnetic balls, fidget spinners, glucose meters...). AliExpress takes such listings down.",
		Fix:      "Remove the product, or, if it is not the recalled kind, reword the title so it cannot be mistaken for it.",
		Severity: Error,
		Source:   "seed",
		Run:      func(p *Pass, l *readers.Listing) { reportHits(p, l, listRecalled) },
		Needs:    NeedListHits,
		Settings: func(r *Rules, add func(string, string)) { listSettings(add, r.Lists.Recalled) },
	}
	SpecialCategory = &Check{
		ID: "special-category",
		Doc: "product in a category that needs an authorisation\n\n" +
			"Some categories (DVDs, child car seats, condoms, contact lenses, vitamins...) can only be sold by shops " +
			"that AliExpress has authorised for them. Without the authorisation the product is blocked.",
		Fix:      "Apply for the category in Seller Center before listing the product; once authorised, add its id to authorised_special_categories in your rules file.",
		Severity: Warning,
		Source:   "seed",
		Run:      func(p *Pass, l *readers.Listing) { reportHits(p, l, listSpecial) },
		Needs:    NeedListHits,
		Settings: func(r *Rules, add func(string, string)) {
			listSettings(add, r.Lists.SpecialCategories)
			add("authorised_special_categories", strings.Join(r.AuthorisedSpecialCategories, ", "))
		},
	}
)

// reportHits reports every entry of list k found in l, one finding per
// entry, at the field where it was found first. Entries the shop is
// authorised for (special categories, `unless`) are skipped.
func reportHits(p *Pass, l *readers.Listing, k listKind) {
	entries := p.run.lists[k]
	for _, h := range p.st.hits {
		if h.list != k {
			continue
		}
		e := &entries[h.entry]
		if k == listSpecial && p.run.special[e.ID] {
			continue
		}
		if e.Unless != "" && p.run.special[e.Unless] {
			continue
		}
		at, value := fieldAt(l, h.field)
		tr := p.tr()
		msg := tr.Sprintf("the %s contains %q (%s): %s", tr.T(fieldNames[h.field]), h.term, e.ID, tr.T(e.Reason))
		if p.st.rec.known() {
			msg = tr.Sprintf("the %s contains %q (%s) and the product looks like %s: %s", tr.T(fieldNames[h.field]), h.term, e.ID,
				p.product(tr), tr.T(e.Reason))
		}
		p.Reportf(at, value, "%s", msg)
		f := p.lastFinding()
		f.Evidence = p.evidence(func(ev *Evidence) {
			ev.Entry = e.ID
			ev.Terms = append(p.productTerms(), strings.Clone(h.term))
		})
	}
}

// fieldAt returns the cell and the value of field f of l.
func fieldAt(l *readers.Listing, f field) (readers.Pos, string) {
	switch f {
	case fieldCategory:
		return l.At("category"), l.Category
	case fieldDescription:
		return l.At("description"), l.Description
	}
	return l.At("title"), l.Title
}
