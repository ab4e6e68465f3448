package checks

import (
	"fmt"
	"math/bits"
	"slices"
	"sync"

	"github.com/aecheck/aecheck/internal/recognize"
)

// This file decides what a listing sells before the list checks apply
// their lists: the head of the title names the product, the words after
// "for" (or "pour", "para", "für", "适用于"...) name what it is used with,
// colours and negated words name nothing that is sold, and a category path
// that maps to a class beats the title's words. The class then gives the
// CE groups and REP streams the product needs; power and battery words
// that describe the product itself add electrical equipment and batteries,
// and an accessory with no power of its own (a case, a stand, ear pads)
// is not electrical whatever it is made for.

// The lists the title matcher has beyond the runner's.
const (
	recClasses listKind = numLists + iota // class terms, one entry per class
	recMarkers                            // marker words, one entry per recognize.MarkerKind
)

// recognizer is the compiled recognition data of a Runner. It is read-only
// once built.
type recognizer struct {
	// m finds the list terms, the class terms and the marker words of a
	// title in one pass over its words.
	m       *matcher
	classes []recClass
	cats    *recognize.Categories

	electrical  uint64 // the ce_groups entry "electrical", as a bit
	electronics uint64 // the rep_streams entry "electronics", as a bit
	batteries   uint64 // the rep_streams entry "batteries", as a bit
	toys        uint64 // the rep_streams entry "toys", as a bit
}

// recClass is a product class with its CE groups and REP streams as bits
// of the runner's ce_groups and rep_streams entries.
type recClass struct {
	id, name, path string
	ce, rep        uint64
	clears         []owner // list entries a product of the class never is
	accessory      int32   // the class of its accessories; -1 for none
	accessories    bool    // the class is another's accessory class
	passive        bool
	near           []int32
}

func newRecognizer(cfg *recognize.Config, lists [numLists][]ListEntry) (*recognizer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	terms := append(lists[:], make([]ListEntry, len(cfg.Classes)), make([]ListEntry, recognize.NumMarkers))
	for i, c := range cfg.Classes {
		terms[recClasses][i] = ListEntry{ID: c.ID, Terms: c.Terms}
	}
	for k := range recognize.NumMarkers {
		terms[recMarkers][k] = ListEntry{ID: recognize.MarkerNames[k], Terms: cfg.Markers.Terms(k)}
	}
	m, err := compileTerms(terms, append(listNames[:], "recognition.classes", "recognition.markers"))
	if err != nil {
		return nil, err
	}
	return buildRecognizer(cfg, lists, m)
}

// buildRecognizer makes the recognizer of cfg around m, the matcher of the
// lists and of cfg's words: cfg's terms are not read, so a cfg without
// them does (see precompiled).
func buildRecognizer(cfg *recognize.Config, lists [numLists][]ListEntry, m *matcher) (*recognizer, error) {
	entry := func(k listKind, id string) int {
		for i, e := range lists[k] {
			if e.ID == id {
				return i
			}
		}
		return -1
	}
	bit := func(k listKind, id string) uint64 {
		if i := entry(k, id); i >= 0 && i < 64 {
			return 1 << uint(i)
		}
		return 0
	}
	rc := &recognizer{
		m:           m,
		electrical:  bit(listCE, "electrical"),
		electronics: bit(listREP, "electronics"),
		batteries:   bit(listREP, "batteries"),
		toys:        bit(listREP, "toys"),
	}
	index := map[string]int{}
	for i, c := range cfg.Classes {
		index[c.ID] = i
	}
	classOf := func(id string) int {
		if i, ok := index[id]; ok {
			return i
		}
		return -1
	}
	for _, c := range cfg.Classes {
		name := c.Name
		if name == "" {
			name = c.ID
		}
		rcl := recClass{id: c.ID, name: name, path: c.Path, accessory: int32(classOf(c.Accessory)), passive: c.Passive}
		for _, g := range c.CE {
			if b := bit(listCE, g); b != 0 {
				rcl.ce |= b
			} else {
				return nil, fmt.Errorf("recognition.classes[%s]: ce group %q is not in lists.ce_groups", c.ID, g)
			}
		}
		for _, s := range c.REP {
			if b := bit(listREP, s); b != 0 {
				rcl.rep |= b
			} else {
				return nil, fmt.Errorf("recognition.classes[%s]: REP stream %q is not in lists.rep_streams", c.ID, s)
			}
		}
		for _, id := range c.Clears {
			for _, k := range []listKind{listProhibited, listRecalled, listSpecial} {
				if i := entry(k, id); i >= 0 {
					rcl.clears = append(rcl.clears, owner{list: k, entry: int32(i)})
				}
			}
		}
		for _, id := range c.Near {
			rcl.near = append(rcl.near, int32(classOf(id)))
		}
		rc.classes = append(rc.classes, rcl)
	}
	for _, c := range rc.classes {
		if c.accessory >= 0 {
			rc.classes[c.accessory].accessories = true
		}
	}
	if rc.cats = precompiledCategories(cfg); rc.cats == nil {
		rc.cats = recognize.NewCategories(cfg, fold, classOf)
	}
	return rc, nil
}

// recognition is what the runner decided a listing sells.
type recognition struct {
	class     int32  // the product class; -1 when unknown
	from      field  // where the class came from: the title or the category
	term      string // the words that named it, as written
	title     int32  // the class the title names (after the accessory rule); -1
	titleTerm string // the title's words that named it
	cat       int32  // the class the category maps to; -1
	catFit    bool   // the category mapping is specific (not a broad level)
	catTerm   string
	catFacts  catFacts // the category's facts, for category-mismatch
	prod      []int32  // the classes the product's own words name; the title view's, read while the listing is checked

	passive bool // an accessory or a product with no power of its own
	power   bool // the product's own words say it is powered
	battery bool // they say it holds a battery
	accTerm string
	powTerm string
	batTerm string
}

// known reports whether the product class was recognised.
func (g *recognition) known() bool { return g.class >= 0 }

// decide works out what the listing sells from its title view and its
// category, and applies it to the hits of the lists: entries the class
// rules out go, CE groups and REP streams come from the class and the
// evidence when the class is known (from the list terms otherwise), and
// an accessory with no power of its own loses electrical equipment and
// batteries.
func (r *Runner) decide(s *scratch, cat *categoryInfo) {
	rc, v, st := r.rec, &s.tv, &s.st
	g := &st.rec
	*g = recognition{class: -1, title: -1, cat: -1}
	tc := v.cls
	if v.acc {
		target := tc
		if target < 0 {
			target = v.ctxCls
		}
		if target >= 0 && rc.classes[target].accessory >= 0 {
			tc = rc.classes[target].accessory
		}
	}
	g.title, g.titleTerm, g.prod = tc, v.clsTerm, v.prod
	if g.titleTerm == "" {
		g.titleTerm = v.accTerm
	}
	g.accTerm = v.accTerm
	if tc >= 0 {
		g.class, g.from, g.term = tc, fieldTitle, v.clsTerm
		if g.term == "" {
			g.term = v.accTerm
		}
	}
	if cat.cls.Class >= 0 {
		g.cat, g.catFit, g.catTerm, g.catFacts = int32(cat.cls.Class), !cat.cls.Broad, cat.cls.Phrase, cat.facts
		// The category beats the title's words, unless they agree: then
		// the title's words say it better.
		if (g.catFit || g.class < 0) && !rc.agree(tc, g.cat) {
			g.class, g.from, g.term = g.cat, fieldCategory, cat.cls.Phrase
		}
		// A category among the accessories of the device the title
		// names ("Spigen Ultra Hybrid iPhone 15" under Cases & Covers)
		// says the device is what the product fits.
		if g.class == g.cat && tc >= 0 && rc.classes[tc].accessory == g.cat {
			tc = -1
		}
	}
	g.power, g.powTerm = v.power || v.negPower, v.powTerm
	g.battery, g.batTerm = v.battery, v.batTerm
	switch {
	case tc >= 0:
		g.passive = v.acc || rc.classes[tc].passive
	case g.class >= 0:
		g.passive = v.acc || rc.classes[g.class].passive
	default:
		g.passive = v.acc
	}
	if g.passive && g.battery {
		g.power = true // a case with a battery of its own is powered
	}
	var ce, rep uint64
	if g.class >= 0 {
		ce, rep = rc.classes[g.class].ce, rc.classes[g.class].rep
		if tc >= 0 && tc != g.class {
			ce |= rc.classes[tc].ce
			rep |= rc.classes[tc].rep
		}
	}
	if g.power {
		ce |= rc.electrical
		rep |= rc.electronics
	}
	// A powered toy runs on batteries (a robot, a light-up spinner, a
	// ride-on car), unless the title says they are not included.
	if g.power && !g.battery && !v.negPower && rep&rc.toys != 0 {
		g.battery, g.batTerm = true, g.powTerm
	}
	if g.battery && !v.negPower {
		rep |= rc.batteries
	}
	if g.passive && !g.power {
		ce &^= rc.electrical
		rep &^= rc.electronics | rc.batteries
	}
	// The hits of the lists, filtered in place.
	hits := st.hits[:0]
	for _, h := range st.hits {
		switch h.list {
		case listCE, listREP:
			power := h.list == listCE && rc.electrical&(1<<uint(h.entry)) != 0 ||
				h.list == listREP && (rc.electronics|rc.batteries)&(1<<uint(h.entry)) != 0
			if g.known() && !(power && h.field == fieldDescription && !g.passive) {
				// The class and the evidence decide; the description
				// still tells whether a product is powered ("rechargeable").
				continue
			}
			if g.passive && !g.power && power {
				continue
			}
			if h.list == listCE {
				ce &^= 1 << uint(h.entry)
			} else {
				rep &^= 1 << uint(h.entry)
			}
		case listProhibited, listRecalled, listSpecial:
			if rc.clears(g.class, h) || rc.clears(g.title, h) || rc.clearsAny(v.prod, h) {
				continue
			}
		}
		hits = append(hits, h)
	}
	// A product the platform prohibits is to be removed: asking for its CE
	// declaration or REP numbers would tell the seller it may stay once
	// documented (a rechargeable stun gun, a disposable vape, paracetamol
	// "tablets"), unless the entry's goods are equipment sold lawfully
	// elsewhere.
	for _, h := range hits {
		if h.list == listProhibited && !r.lists[listProhibited][h.entry].Equipment {
			hits = slices.DeleteFunc(hits, func(h hit) bool { return h.list == listCE || h.list == listREP })
			ce, rep = 0, 0
			break
		}
	}
	st.hits = hits
	// The groups and streams the class and the evidence add, each with the
	// words that decided it.
	add := func(k listKind, set uint64) {
		for ; set != 0; set &= set - 1 {
			i := bits.TrailingZeros64(set)
			b := uint64(1) << uint(i)
			h := hit{list: k, entry: int32(i), field: g.from, term: g.term}
			switch {
			case k == listCE && b == rc.electrical && g.power && (g.class < 0 || rc.classes[g.class].ce&b == 0):
				h.field, h.term = fieldTitle, g.powTerm
			case k == listREP && b == rc.electronics && g.power && (g.class < 0 || rc.classes[g.class].rep&b == 0):
				h.field, h.term = fieldTitle, g.powTerm
			case k == listREP && b == rc.batteries && g.battery && (g.class < 0 || rc.classes[g.class].rep&b == 0):
				h.field, h.term = fieldTitle, g.batTerm
			}
			if h.term == "" {
				h.term = rc.classes[max(g.class, 0)].name
			}
			st.hits = append(st.hits, h)
		}
	}
	add(listCE, ce)
	add(listREP, rep)
}

// clearsAny reports whether one of the classes cs, all named by the
// product's own words, says the product is never what hit h says: a
// "Green Tea Face Mask" is a cosmetic whichever word is its head, and
// a "Cologne Travel Poster" a poster.
func (rc *recognizer) clearsAny(cs []int32, h hit) bool {
	for _, c := range cs {
		if rc.clears(c, h) {
			return true
		}
	}
	return false
}

// clears reports whether products of class c are never what hit h says.
func (rc *recognizer) clears(c int32, h hit) bool {
	if c < 0 {
		return false
	}
	for _, o := range rc.classes[c].clears {
		if o.list == h.list && o.entry == h.entry {
			return true
		}
	}
	return false
}

// defaultRecognition returns the embedded recognition data, parsed once.
var defaultRecognition = sync.OnceValue(func() *recognize.Config {
	c, err := recognize.Default()
	if err != nil {
		panic(err) // the embedded data is tested
	}
	return c
})

// agree reports whether a product of class t fits in a category of class
// c: the same class, or one that t names as near.
func (rc *recognizer) agree(t, c int32) bool {
	if t < 0 || c < 0 {
		return false
	}
	return t == c || slices.Contains(rc.classes[t].near, c)
}
