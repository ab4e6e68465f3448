package checks

import (
	"encoding/binary"
	"maps"
	"math/bits"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// identifier (IDU) of each product stream they belong to.
// REPMissing finds products sold in France without the French REP
var REPMissing = &Check{
	ID: "rep-missing",
	Doc: "product sold in France lacks a REP identifier\n\n" +
		"French law (extended producer responsibility, REP) requires every seller to France to show the unique " +
		"identifier (IDU) of each product stream it sells: packaging always, plus electronics, batteries, textiles, " +
		"toys, furniture and others. AliExpress blocks sales to France without it.",
	Fix:      "Register with the eco-organisation of each stream (Citeo for packaging, Refashion for textiles, ...) and put the IDUs in the REP column as stream:IDU, or once for the whole shop in the rep section of your rules file.",
	Severity: Error,
	Source:   "seed (2022-01-01); ext (extended streams)",
	Run:      repMissing,
	Needs:    NeedListHits,
	Settings: func(r *Rules, add func(string, string)) {
		add("markets", strings.Join(r.Markets, ", "))
		listSettings(add, r.Lists.REPStreams)
		for _, s := range slices.Sorted(maps.Keys(r.REP)) {
			add("rep "+s, r.REP[s])
		}
	},
}

// repMissing tracks needed and covered streams as bit sets (the rules
// loader allows at most 64 streams).
func repMissing(p *Pass, l *readers.Listing) {
	if !p.market(l).fr {
		return
	}
	streams := p.run.lists[listREP]
	need := p.run.packaging
	for _, h := range p.st.hits {
		if h.list == listREP {
			need |= 1 << uint(h.entry)
		}
	}
	missingSet := need &^ (p.run.shopStreams | p.rep(l).covered)
	if missingSet == 0 {
		return
	}
	key := binary.LittleEndian.AppendUint64(p.madeKey(l, "rep"), missingSet)
	for _, h := range p.st.hits {
		if h.list == listREP {
			key = appendKeyHit(key, h)
		}
	}
	if p.reportMade("rep", l.REP, key) {
		return
	}
	if tr := p.tr(); !tr.IsEnglish() {
		var ss []string
		for m := missingSet; m != 0; m &= m - 1 {
			i := bits.TrailingZeros64(m)
			e := &streams[i]
			why := p.repWhy(i, e.ID)
			if why < 0 || p.st.rec.known() && p.st.hits[why].term == p.st.rec.term {
				ss = append(ss, tr.T(e.ID))
			} else {
				ss = append(ss, whereFound(tr, e.ID, p.st.hits[why]))
			}
		}
		p.reportMessage("rep", l.REP, append(p.message(), p.repMessage(l, tr, ss)...))
	} else {
		p.reportMessage("rep", l.REP, p.repEnglish(l, streams, missingSet))
	}
	f := p.lastFinding()
	f.Evidence = p.evidence(func(e *Evidence) {
		e.Terms = append(e.Terms, p.productTerms()...)
		for m := missingSet; m != 0; m &= m - 1 {
			e.Groups = append(e.Groups, streams[bits.TrailingZeros64(m)].ID)
		}
		for _, h := range p.st.hits {
			if h.list == listREP && !slices.Contains(e.Terms, h.term) {
				e.Terms = append(e.Terms, h.term)
			}
		}
		if !l.Cols.Has("rep") {
			e.MissingColumn = "rep"
		}
	})
	p.remember()
}

// repEnglish builds the rep-missing message in English by appends.
func (p *Pass) repEnglish(l *readers.Listing, streams []ListEntry, missingSet uint64) []byte {
	g := &p.st.rec
	b := append(p.message(), "the product is "...)
	b = p.appendMarket(b, l, "France")
	b, sep := append(b, " and needs a REP identifier (IDU) for: "...), ""
	// The streams in missingSet, in the order of the list, by its bits.
	for m := missingSet; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		e := &streams[i]
		b = append(b, sep...)
		sep = ", "
		why := p.repWhy(i, e.ID)
		if why < 0 || g.known() && p.st.hits[why].term == g.term {
			b = append(b, e.ID...)
		} else {
			b = appendWhere(b, e.ID, p.st.hits[why])
		}
	}
	if g.known() {
		b = append(b, "; it looks like "...)
		b = p.appendProduct(b)
	}
	return b
}

// repWhy returns the hit that made stream i (id) needed, or -1 when none
// did or the stream is packaging, which every product sold in France needs.
func (p *Pass) repWhy(i int, id string) int {
	for k, h := range p.st.hits {
		if h.list == listREP && int(h.entry) == i && id != "packaging" {
			return k
		}
	}
	return -1
}

// repMessage is the rep-missing message in a language other than English.
func (p *Pass) repMessage(l *readers.Listing, tr *i18n.Printer, streams []string) string {
	m := p.marketText(l, tr, tr.T("France"))
	if p.st.rec.known() {
		return tr.Sprintf("the product is %s and needs a REP identifier (IDU) for: %s; it looks like %s",
			m, strings.Join(streams, ", "), p.product(tr))
	}
	return tr.Sprintf("the product is %s and needs a REP identifier (IDU) for: %s", m, strings.Join(streams, ", "))
}
