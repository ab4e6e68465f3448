package checks

import (
	"slices"
	"strings"

	"github.com/aecheck/aecheck/internal/recognize"
	"github.com/aecheck/aecheck/readers"
)

// BrandUnauthorised finds brands that are not in the shop's list of authorised brands.
var BrandUnauthorised = &Check{
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
		names = names[:0]
		for _, b := range r.KnownBrands {
			if !b.Off {
				names = append(names, b.ID)
			}
		}
		add("known_brands", strings.Join(names, ", "))
	},
}

func brandUnauthorised(p *Pass, l *readers.Listing) {
	if len(p.run.brands) == 0 {
		return
	}
	var f string
	if b := readers.Trim(l.Brand); b != "" {
		f = fold(b)
		if f != "" && !p.run.exempt[f] && !p.run.brands[f] {
			p.Reportf(l.At("brand"), l.Brand, "the brand %q is not in your authorised brands", b)
		}
	}
	titleBrands(p, l, f)
}

// knownBrands are the brands a title may claim, compiled: the shop's
// authorised ones left out.
type knownBrands struct {
	m      *matcher
	names  []string // the brand of each entry of m, as the rules write it
	folded []string // the same, folded
}

// compileKnownBrands compiles the brands a title may claim, when
// brand-unauthorised can report them: the check is on and the shop lists
// the brands it may sell. A brand the shop is authorised for, by its name
// or one of its words ("Redmi" for Xiaomi), is left out.
func compileKnownBrands(rn *Runner) (*knownBrands, error) {
	if !rn.on[BrandUnauthorised.ID] || len(rn.brands) == 0 || len(rn.rules.KnownBrands) == 0 {
		return nil, nil
	}
	kb := &knownBrands{}
	var es []ListEntry
next:
	for _, e := range rn.rules.KnownBrands {
		if e.Off || rn.brands[fold(e.ID)] {
			continue
		}
		for _, ts := range e.Terms {
			for _, t := range ts {
				if rn.brands[fold(t)] {
					continue next
				}
			}
		}
		es = append(es, e)
		kb.names = append(kb.names, e.ID)
		kb.folded = append(kb.folded, fold(e.ID))
	}
	var err error
	kb.m, err = compileTerms([][]ListEntry{es}, []string{"known_brands"})
	return kb, err
}

// titleBrands reports the known brands the title presents as the
// product's own and the shop is not authorised for. A brand the title
// names only as what the product fits or works with ("Case for iPhone",
// "Lego compatible blocks", "适用于华为") is no claim: the recognizer's
// reading of the title says which words are context, and a brand after an
// accessory word names the device it is made for ("Coque iPhone 14"). column is the folded
// brand cell, reported already when it is not authorised.
func titleBrands(p *Pass, l *readers.Listing, column string) {
	kb := p.run.knownBrands
	if kb == nil || l.Title == "" {
		return
	}
	m := kb.m
	bs := &p.st.brand
	tk := &bs.tk
	tk.reset()
	tk.add(l.Title, false)
	bs.ms = m.scan(tk, bs.ms[:0])
	ms := bs.ms
	var v *titleView
	done := bs.done[:0]
	for _, mt := range ms {
		ph := &m.phrases[mt.phrase]
		if ph.except || m.excepted(ms, mt) {
			continue
		}
		o := m.owners[ph.owner].entry
		if kb.folded[o] == column || slices.Contains(done, o) {
			continue
		}
		if v == nil {
			v = &bs.v
			rc := p.run.rec
			bs.rec = rc.m.scan(tk, bs.rec[:0])
			rc.read(v, tk, l.Title, bs.rec)
		}
		if s, _ := bounds(tk, mt); v.masked(s) || v.accessoryBefore(p.run.rec, s) || nextToCompatible(tk, mt) {
			continue
		}
		done = append(done, o)
		bs.done = done
		words := written(tk, l.Title, mt)
		name := kb.names[o]
		p.Reportf(l.At("title"), l.Title, "the title presents the product as %s (%q), a brand that is not in your authorised brands; a brand named after \"for\" or \"compatible with\" only says what the product fits", name, words)
		f := p.lastFinding()
		f.Evidence = p.evidence(func(ev *Evidence) {
			ev.Entry = name
			ev.Terms = []string{words}
		})
	}
}

// brandScratch holds what titleBrands reads a title with, kept from one
// listing to the next by the worker.
type brandScratch struct {
	tk      tokens
	ms, rec []match
	v       titleView
	done    []int32
}

// compatibleWords say that the brand next to them names what the product
// fits ("Lego compatible building blocks", "manette compatible Sony").
var compatibleWords = map[string]bool{
	"compatible": true, "compatibles": true, "kompatibel": true, "compatibile": true,
	"compatibili": true, "compativel": true, "compativeis": true, "passend": true,
}

// nextToCompatible reports whether the word just before or just after
// the match mt is one of compatibleWords.
func nextToCompatible(tk *tokens, mt match) bool {
	if mt.cjk {
		return false
	}
	for _, i := range [2]int32{mt.s - 1, mt.e} {
		if i >= 0 && int(i) < len(tk.spans) {
			sp := tk.spans[i]
			if compatibleWords[string(tk.buf[sp.s:sp.e])] {
				return true
			}
		}
	}
	return false
}

// accessoryBefore reports whether an accessory word, or a class of
// products with no power of their own ("coque iPhone"), among the
// product's own words comes before position pos.
func (v *titleView) accessoryBefore(rc *recognizer, pos int32) bool {
	for _, r := range v.rm {
		if r.s >= pos || v.masked(r.s) {
			continue
		}
		switch {
		case r.list == recMarkers && recognize.MarkerKind(r.entry) == recognize.Accessory && !v.insideClass(r.s, r.e):
			return true
		case r.list == recClasses && rc.classes[r.entry].passive:
			return true
		}
	}
	return false
}
