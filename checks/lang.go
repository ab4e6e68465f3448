package checks

import (
	"strconv"
	"strings"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// The messages of the compliance and category checks are built by byte
// appends in English, which keeps the English hot path free of formatting.
// In another language they are formatted whole from the catalogue's
// sentences instead, with the names of the data (product kinds, CE groups,
// REP streams, list reasons) looked up in the catalogue too: a sentence
// cut into English pieces cannot be translated piece by piece.

// DataTexts returns the texts of the default rules and recognition data
// that messages show a seller: the reasons of the prohibited, recalled and
// special lists, the ids of the CE groups and REP streams (named in the
// ce-missing and rep-missing messages) and the names of the product kinds.
// The catalogue holds their translations, as it holds the code's texts.
func DataTexts() []string {
	r := Default()
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, l := range [][]ListEntry{r.Lists.Prohibited, r.Lists.Recalled, r.Lists.SpecialCategories} {
		for _, e := range l {
			add(e.Reason)
		}
	}
	for _, l := range [][]ListEntry{r.Lists.CEGroups, r.Lists.REPStreams} {
		for _, e := range l {
			add(e.ID)
			add(e.Reason)
		}
	}
	for _, c := range defaultRecognition().Classes {
		if c.Name != "" {
			add(c.Name)
		} else {
			add(c.ID)
		}
	}
	return out
}

// product returns what the listing looks like and the words that decided
// it, in the run's language: `a kitchen appliance ("Kettle" in the title;
// "2000W")`; "" when the product was not recognised.
func (p *Pass) product(tr *i18n.Printer) string {
	if tr.IsEnglish() {
		return string(p.appendProduct(nil))
	}
	g := &p.st.rec
	if !g.known() {
		return ""
	}
	var b strings.Builder
	b.WriteString(tr.Sprintf("%q in the %s", g.term, tr.T(fieldNames[g.from])))
	more := func(term string) {
		b.WriteString("; ")
		b.WriteString(strconv.Quote(term))
	}
	if g.from == fieldTitle && g.accTerm != "" && g.accTerm != g.term {
		more(g.accTerm)
	}
	if g.power && g.powTerm != "" && g.powTerm != g.term {
		more(g.powTerm)
	}
	if g.battery && g.batTerm != "" && g.batTerm != g.term && g.batTerm != g.powTerm {
		more(g.batTerm)
	}
	return tr.Sprintf("%s (%s)", tr.T(p.run.rec.classes[g.class].name), b.String())
}

// whereFound returns a list entry's id, translated, and where its term was
// found: `toys ("Toy" in the title)`.
func whereFound(tr *i18n.Printer, id string, h hit) string {
	return tr.Sprintf("%s (%s)", tr.T(id), tr.Sprintf("%q in the %s", h.term, tr.T(fieldNames[h.field])))
}

// marketText returns where the listing is sold, in the run's language, and
// says so when that is assumed from the rules file, not read in the row.
func (p *Pass) marketText(l *readers.Listing, tr *i18n.Printer, place string) string {
	s := tr.Sprintf("sold in %s", place)
	if !p.st.mkAssumed {
		return s
	}
	if l.Cols.Has("ship_to") {
		return s + tr.T(" (assumed: the ship-to cell is empty; set `markets` in your rules file)")
	}
	return s + tr.T(" (assumed: no ship-to column; set `markets` in your rules file)")
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
