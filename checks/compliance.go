package checks

import (
	"maps"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// The EU compliance checks (docs/checks.md): CE marking, French REP
// identifiers and brand authorisation.
var (
	CEMissing = &Check{
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
	REPMissing = &Check{
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
	REPInvalid = &Check{
		ID: "rep-invalid",
		Doc: "identifier in the REP column does not look valid\n\n" +
			"A French REP unique identifier (IDU) starts with FR followed by 10 to 20 letters, digits, _ or -. " +
			"A wrong identifier is as good as none: AliExpress can block sales to France.",
		Fix:      "Copy the IDU exactly as your eco-organisation gave it, such as FR123456_01ABCD; write several as stream:IDU separated by ;.",
		Severity: Warning,
		Source:   "ext, uncertain: validate loosely",
		Run:      repInvalid,
	}
	BrandUnauthorised = &Check{
		ID: "brand-unauthorised",
		Doc: "brand not in your list of authorised brands\n\n" +
			"AliExpress only lets a shop sell a brand it owns or is authorised to sell. A listing with another brand is " +
			"treated as an intellectual property infringement: it is removed and the shop gets penalty points.",
		Fix:      "Sell the product under your own brand or \"no brand\", or get the brand owner's authorisation, add it in Seller Center and list the brand under authorised_brands in your rules file.",
		Severity: Warning,
		Source:   "seed",
		Run:      brandUnauthorised,
		Settings: func(r *Rules, add func(string, string)) {
			var names []string
			for _, b := range r.AuthorisedBrands {
				names = append(names, b.Name+" ("+b.Reason+")")
			}
			add("authorised_brands", strings.Join(names, "; "))
			add("brand_exemptions", strings.Join(r.BrandExemptions, ", "))
		},
	}
)

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
		e.Terms = p.productTerms()
		for _, h := range p.st.hits {
			if h.list == listCE {
				e.Groups = append(e.Groups, p.run.lists[listCE][h.entry].ID)
				if !slices.Contains(e.Terms, h.term) {
					e.Terms = append(e.Terms, strings.Clone(h.term))
				}
			}
		}
		if !l.Cols.Has("ce") {
			e.MissingColumn = "ce"
		}
	})
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

// appendWhere appends a list entry and where the listing hit it:
// electrical ("lamp" in the title).
func appendWhere(b []byte, id string, h hit) []byte {
	b = append(b, id...)
	b = append(b, ` ("`...)
	b = append(b, h.term...)
	b = append(b, `" in the `...)
	b = append(b, fieldNames[h.field]...)
	return append(b, ')')
}

// repIter walks the identifiers of a REP cell without allocating:
// identifiers separated by ; , | or new lines, each optionally prefixed with
// its stream and a colon ("packaging:FR123...").
type repIter struct{ rest string }

func (it *repIter) next() (stream, idu string, ok bool) {
	for it.rest != "" {
		i := strings.IndexAny(it.rest, ";,|\n")
		part := it.rest
		if i >= 0 {
			part, it.rest = it.rest[:i], it.rest[i+1:]
		} else {
			it.rest = ""
		}
		part = readers.Trim(part)
		if part == "" {
			continue
		}
		if s, id, found := strings.Cut(part, ":"); found {
			return readers.Trim(s), readers.Trim(id), true
		}
		return "", part, true
	}
	return "", "", false
}

// streamIndex finds the stream a prefix names: its id, folded, with or
// without a final s. -1 when none.
func (r *Runner) streamIndex(name string) int {
	if i, ok := r.streams[name]; ok {
		return i
	}
	f := fold(name)
	if i, ok := r.streams[f]; ok {
		return i
	}
	if i, ok := r.streams[f+"s"]; ok {
		return i
	}
	if i, ok := r.streams[strings.TrimSuffix(f, "s")]; ok {
		return i
	}
	return -1
}

// repCell is what the REP checks need from a REP cell.
type repCell struct {
	covered uint64 // streams the cell gives an identifier for; all when one has no stream
	invalid bool   // some part is not a known stream with a valid identifier
}

// rep reads the REP cell of the listing being checked, once per listing and
// each distinct cell once per goroutine.
func (p *Pass) rep(l *readers.Listing) repCell {
	st := p.st
	if st.repOK {
		return st.rep
	}
	c, ok := st.reps.get(l.REP)
	if !ok {
		c = p.run.readREP(l.REP)
		st.reps.put(l.REP, c)
	}
	st.rep, st.repOK = c, true
	return c
}

func (r *Runner) readREP(cell string) repCell {
	var c repCell
	it := repIter{rest: cell}
	for {
		stream, idu, ok := it.next()
		if !ok {
			return c
		}
		i := -1
		if stream != "" {
			i = r.streamIndex(stream)
		}
		c.invalid = c.invalid || stream != "" && i < 0 || idu == "" || !validIDU(idu)
		switch {
		case idu == "":
		case stream == "":
			c.covered = ^uint64(0)
		case i >= 0:
			c.covered |= 1 << uint(i)
		}
	}
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
	if tr := p.tr(); !tr.IsEnglish() {
		var ss []string
		for i, e := range streams {
			if missingSet&(1<<uint(i)) == 0 {
				continue
			}
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
		e.Terms = p.productTerms()
		for i, s := range streams {
			if missingSet&(1<<uint(i)) != 0 {
				e.Groups = append(e.Groups, s.ID)
			}
		}
		for _, h := range p.st.hits {
			if h.list == listREP && !slices.Contains(e.Terms, h.term) {
				e.Terms = append(e.Terms, strings.Clone(h.term))
			}
		}
		if !l.Cols.Has("rep") {
			e.MissingColumn = "rep"
		}
	})
}

// repEnglish builds the rep-missing message in English by appends.
func (p *Pass) repEnglish(l *readers.Listing, streams []ListEntry, missingSet uint64) []byte {
	g := &p.st.rec
	b := append(p.message(), "the product is "...)
	b = p.appendMarket(b, l, "France")
	b, sep := append(b, " and needs a REP identifier (IDU) for: "...), ""
	for i, e := range streams {
		if missingSet&(1<<uint(i)) == 0 {
			continue
		}
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

func repInvalid(p *Pass, l *readers.Listing) {
	if !p.rep(l).invalid {
		return
	}
	it := repIter{rest: l.REP}
	for {
		stream, idu, ok := it.next()
		if !ok {
			return
		}
		switch {
		case stream != "" && p.run.streamIndex(stream) < 0:
			p.Reportf(l.At("rep"), l.REP, "%q is not a REP stream; use one of %s before the colon", stream, streamList(p.run.lists[listREP]))
		case idu == "":
			p.Reportf(l.At("rep"), l.REP, "the %s stream has no identifier after the colon", stream)
		case !validIDU(idu):
			p.Reportf(l.At("rep"), l.REP, "%q does not look like a REP identifier: it should start with FR followed by 10 to 20 letters, digits, _ or -", idu)
		}
	}
}

func streamList(es []ListEntry) string {
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return strings.Join(ids, ", ")
}

// validIDU reports whether s looks like a French REP unique identifier: FR
// then 10 to 20 letters, digits, _ or - (checked loosely: the formats of
// the eco-organisations differ).
func validIDU(s string) bool {
	s = readers.Trim(s)
	if len(s) < 12 || len(s) > 22 || !strings.EqualFold(s[:2], "FR") {
		return false
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func brandUnauthorised(p *Pass, l *readers.Listing) {
	if len(p.run.brands) == 0 {
		return
	}
	b := readers.Trim(l.Brand)
	if b == "" {
		return
	}
	f := fold(b)
	if f == "" || p.run.exempt[f] || p.run.brands[f] {
		return
	}
	p.Reportf(l.At("brand"), l.Brand, "the brand %q is not in your authorised brands", b)
}
