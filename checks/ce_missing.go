package checks

import (
	"slices"
	"strings"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// CEMissing finds products sold in the EU that need a CE reference and have none.
var CEMissing = &Check{
	ID: "ce-missing",
	Doc: "product sold in the EU needs a CE reference\n\n" +
		"The product is offered to EU/EEA buyers and belongs to a group that must carry a CE marking " +
		"(toys, electrical goods, protective equipment, machines, drones...). Since 2021-12-18 AliExpress asks " +
		"for the CE certificate or declaration of such products; without it the listing is blocked for EU buyers.",
	Fix:      "Get the EU declaration of conformity from the manufacturer, upload it in the AliExpress CE portal and put its reference in the CE column.",
	Severity: Error,
	Source:   "seed (CE portal since 2021-12-18); groups ext, uncertain",
	Run:      ceMissing,
	Needs:    NeedListHits,
	Settings: func(r *Rules, add func(string, string)) {
		add("markets", strings.Join(r.Markets, ", "))
		listSettings(add, r.Lists.CEGroups)
		if r.CE != "" {
			add("ce", r.CE)
		}
	},
}

func ceMissing(p *Pass, l *readers.Listing) {
	if readers.Trim(l.CE) != "" || !p.market(l).eu {
		return
	}
	groups := 0
	for _, h := range p.st.hits {
		if h.list == listCE {
			groups++
		}
	}
	if groups == 0 {
		return
	}
	key := p.madeKey(l, "ce")
	for _, h := range p.st.hits {
		if h.list == listCE {
			key = appendKeyHit(key, h)
		}
	}
	if p.reportMade("ce", l.CE, key) {
		return
	}
	if tr := p.tr(); !tr.IsEnglish() {
		var gs []string
		for _, h := range p.st.hits {
			if h.list == listCE {
				if id := p.run.lists[listCE][h.entry].ID; p.st.rec.known() && h.term == p.st.rec.term {
					gs = append(gs, tr.T(id))
				} else {
					gs = append(gs, whereFound(tr, id, h))
				}
			}
		}
		p.reportMessage("ce", l.CE, append(p.message(), p.ceMessage(l, tr, gs)...))
	} else {
		p.reportMessage("ce", l.CE, p.ceEnglish(l))
	}
	f := p.lastFinding()
	f.Evidence = p.evidence(func(e *Evidence) {
		e.Terms = append(e.Terms, p.productTerms()...)
		for _, h := range p.st.hits {
			if h.list == listCE {
				e.Groups = append(e.Groups, p.run.lists[listCE][h.entry].ID)
				if !slices.Contains(e.Terms, h.term) {
					e.Terms = append(e.Terms, h.term)
				}
			}
		}
		if !l.Cols.Has("ce") {
			e.MissingColumn = "ce"
		}
	})
	p.remember()
}

// ceEnglish builds the ce-missing message in English by appends.
func (p *Pass) ceEnglish(l *readers.Listing) []byte {
	b := append(p.message(), "the product is "...)
	b = p.appendMarket(b, l, "the EU")
	b = append(b, " and looks like "...)
	known := p.st.rec.known()
	if known {
		b = p.appendProduct(b)
		b = append(b, ", which needs a CE marking for "...)
	}
	n := 0
	for _, h := range p.st.hits {
		if h.list != listCE {
			continue
		}
		if n > 0 {
			b = append(b, ", "...)
		}
		n++
		id := p.run.lists[listCE][h.entry].ID
		if known && h.term == p.st.rec.term {
			b = append(b, id...)
		} else {
			b = appendWhere(b, id, h)
		}
	}
	if !known {
		b = append(b, ", which needs a CE marking"...)
	}
	b = append(b, ", but the CE column is empty"...)
	return b
}

// ceMessage is the ce-missing message in a language other than English;
// groups are the CE groups of the product, each with where it was found
// unless it is the product's own word.
func (p *Pass) ceMessage(l *readers.Listing, tr *i18n.Printer, groups []string) string {
	m := p.marketText(l, tr, tr.T("the EU"))
	if p.st.rec.known() {
		return tr.Sprintf("the product is %s and looks like %s, which needs a CE marking for %s, but the CE column is empty",
			m, p.product(tr), strings.Join(groups, ", "))
	}
	return tr.Sprintf("the product is %s and looks like %s, which needs a CE marking, but the CE column is empty",
		m, strings.Join(groups, ", "))
}
