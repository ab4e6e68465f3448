package checks

import (
	"slices"
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// What a finding of a recognition check says about the product: its words
// in the message and its Evidence.

// appendProduct appends what the listing looks like and the words that
// decided it: `a kitchen appliance ("Kettle" in the title; "2000W")`. It
// appends nothing when the product was not recognised.
func (p *Pass) appendProduct(b []byte) []byte {
	g := &p.st.rec
	if !g.known() {
		return b
	}
	name := p.run.rec.classes[g.class].name
	b = append(b, article(name)...)
	b = append(b, name...)
	b = append(b, ` ("`...)
	b = append(b, g.term...)
	b = append(b, `" in the `...)
	b = append(b, fieldNames[g.from]...)
	if g.from == fieldTitle && g.accTerm != "" && g.accTerm != g.term {
		b = append(b, `; "`...)
		b = append(b, g.accTerm...)
		b = append(b, '"')
	}
	if g.power && g.powTerm != "" && g.powTerm != g.term {
		b = append(b, `; "`...)
		b = append(b, g.powTerm...)
		b = append(b, '"')
	}
	if g.battery && g.batTerm != "" && g.batTerm != g.term && g.batTerm != g.powTerm {
		b = append(b, `; "`...)
		b = append(b, g.batTerm...)
		b = append(b, '"')
	}
	return append(b, ')')
}

// article is "a " or "an " for a class name.
func article(name string) string {
	if name == "" {
		return ""
	}
	switch name[0] {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return "an "
	}
	return "a "
}

// appendMarket appends where the listing is sold ("sold in France"), and
// says so when that comes from the rules file, not from the row.
func (p *Pass) appendMarket(b []byte, l *readers.Listing, where string) []byte {
	b = append(b, "sold in "...)
	b = append(b, where...)
	if !p.st.mkAssumed {
		return b
	}
	if l.Cols.Has("ship_to") {
		return append(b, " (assumed: the ship-to cell is empty; set `markets` in your rules file)"...)
	}
	return append(b, " (assumed: no ship-to column; set `markets` in your rules file)"...)
}

// evidence returns the Evidence of the finding just reported: the
// recognised class and assumed markets, then what build adds.
func (p *Pass) evidence(build func(e *Evidence)) *Evidence {
	// Each finding gets evidence of its own: it holds more than its
	// message says (the accessory and power words, a column the file
	// lacks), so evidence shared between findings with one message would
	// depend on which listing a worker saw first.
	// They are cut from a block that the worker allocates 64 at a time:
	// one allocation instead of one per finding (BenchmarkListings).
	st := p.st
	if len(st.evs) == 0 {
		st.evs = make([]Evidence, 64)
	}
	e := &st.evs[0]
	st.evs = st.evs[1:]
	if g := &st.rec; g.known() {
		e.Class = p.run.rec.classes[g.class].id
	}
	if st.mkAssumed {
		e.Assumed = assumedMarkets
	}
	build(e)
	return e
}

// assumedMarkets is Evidence.Assumed when the markets come from the rules
// file. Findings share it: it is never written to, and its capacity is its
// length, so an append makes a copy.
var assumedMarkets = []string{"markets"}[:1:1]

// lastFinding returns the finding reported last.
func (p *Pass) lastFinding() *Finding {
	out := *p.reports
	return &out[len(out)-1]
}

// productTerms are the words that decided what the listing is, as
// written, for Evidence.Terms.
//
// The findings of a listing share them: they are worked out and copied
// out of the row once per listing, and the slice's capacity is its
// length, so that an append makes a copy.
func (p *Pass) productTerms() []string {
	st := p.st
	if st.termsOK {
		return st.terms
	}
	g := &st.rec
	var ts []string
	for _, t := range [...]string{g.term, g.accTerm, g.powTerm, g.batTerm} {
		if t != "" && !slices.Contains(ts, t) {
			ts = append(ts, strings.Clone(t))
		}
	}
	st.terms, st.termsOK = ts[:len(ts):len(ts)], true
	return st.terms
}
