package checks

import (
	"github.com/aecheck/aecheck/readers"
)

// The list checks (prohibited-item, recalled-item, special-category) report
// the terms of the default lists (defaults.yaml) found in the title, the
// category or the description.

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
			ev.Terms = append(append(ev.Terms, p.productTerms()...), h.term)
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
