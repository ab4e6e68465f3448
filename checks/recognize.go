package checks

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/aecheck/aecheck/internal/recognize"
	"github.com/aecheck/aecheck/readers"
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
}

// recClass is a product class with its CE groups and REP streams as bits
// of the runner's ce_groups and rep_streams entries.
type recClass struct {
	id, name, path string
	ce, rep        uint64
	clears         []owner // list entries a product of the class never is
	accessory      int32   // the class of its accessories; -1 for none
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
	rc.cats = recognize.NewCategories(cfg, fold, classOf)
	return rc, nil
}

// noWord is a position past every word of a title.
const noWord = math.MaxInt32

// titleView is what the recognizer read in a title. Positions are byte
// offsets into the title's folded words (tokens.buf), where words and CJK
// runs sit in the order of the title.
type titleView struct {
	rm       []recMatch // the class and marker matches, in title order
	ranges   []span     // words that name no product: negated, colours, a leading context
	negs     []span     // the negated ones among them
	ctx      int32      // where the context starts ("for ..."); noWord for none
	with     int32      // where what comes with the product starts ("with ..."); noWord for none
	hideWith bool       // list terms after with name no product: the product words name an ordinary one
	prod     []int32    // the classes the product words name, head or not
	terms    []span     // the list terms found, to tell a class word inside one ("pistol magazine")
	contS    int32      // a container word among the product words ("carrying bag"); -1 for none
	contE    int32

	cls      int32 // class the product words name; -1 for none
	clsS     int32 // its match, for the evidence
	clsE     int32
	clsTerm  string // as written in the title
	ctxCls   int32  // class the context names ("for AirPods"); -1
	acc      bool   // an accessory word among the product words
	accTerm  string
	power    bool // the product itself is powered
	powTerm  string
	battery  bool // the product holds a battery
	batTerm  string
	negPower bool // "batteries not included": powered, but holds no battery
}

// recMatch is a class or marker match and where it lies.
type recMatch struct {
	list  listKind // recClasses or recMarkers
	entry int32
	s, e  int32
	mt    match
}

// bounds returns the positions where mt starts and ends.
func bounds(tk *tokens, mt match) (int32, int32) {
	if mt.cjk {
		return mt.s, mt.e
	}
	return tk.spans[mt.s].s, tk.spans[mt.e-1].e
}

// written returns the words of mt as the title spells them.
func written(tk *tokens, title string, mt match) string {
	if mt.cjk {
		for i, r := range tk.cjk {
			if r.s <= mt.s && mt.e <= r.e {
				s := tk.csrc[i].s + (mt.s - r.s)
				return title[s : s+(mt.e-mt.s)]
			}
		}
		return ""
	}
	return title[tk.src[mt.s].s:tk.src[mt.e-1].e]
}

// masked reports whether the word at position pos names no product.
func (v *titleView) masked(pos int32) bool {
	if pos >= v.ctx {
		return true
	}
	for _, r := range v.ranges {
		if r.s <= pos && pos < r.e {
			return true
		}
	}
	return false
}

// read fills v from the words of title, which tk holds, and ms, what
// rc.m found in them.
func (rc *recognizer) read(v *titleView, tk *tokens, title string, ms []match) {
	// The recognition matches, with their positions, once: the passes
	// below go over these few, not over every list match.
	v.rm = v.rm[:0]
	v.terms = v.terms[:0]
	for _, mt := range ms {
		p := &rc.m.phrases[mt.phrase]
		o := rc.m.owners[p.owner]
		if o.list < recClasses {
			if o.list <= listSpecial && !p.except {
				s, e := bounds(tk, mt)
				v.terms = append(v.terms, span{s, e})
			}
			continue
		}
		s, e := bounds(tk, mt)
		v.rm = append(v.rm, recMatch{list: o.list, entry: o.entry, s: s, e: e, mt: mt})
	}
	v.ranges, v.negs = v.ranges[:0], v.negs[:0]
	v.prod = v.prod[:0]
	v.ctx = noWord
	v.contS, v.contE = -1, -1
	v.cls, v.ctxCls = -1, -1
	v.clsTerm, v.accTerm, v.powTerm, v.batTerm = "", "", "", ""
	v.acc, v.power, v.battery, v.negPower = false, false, false, false
	// The context, what comes with the product, and a context that opens
	// the title ("For iPhone 14 Case"): that one names the device the
	// product is for, up to the first accessory word or product class.
	with, lead := int32(noWord), int32(-1)
	for _, r := range v.rm {
		k, e, s, end := r.list, r.entry, r.s, r.e
		if k != recMarkers {
			continue
		}
		switch recognize.MarkerKind(e) {
		case recognize.Context:
			if v.audienceAfter(tk, r.mt) {
				continue // "for men" says who uses the product, not with what
			}
			if s == 0 {
				lead = end
			} else if s < v.ctx {
				v.ctx = s
			}
		case recognize.With:
			if s > 0 && s < with {
				with = s
			}
		}
	}
	if lead >= 0 {
		leadEnd := lead
		for _, r := range v.rm {
			k, e, s, end := r.list, r.entry, r.s, r.e
			if s < lead {
				continue
			}
			if k == recMarkers && recognize.MarkerKind(e) == recognize.Accessory || k == recClasses && rc.classes[e].passive {
				break
			}
			if k == recClasses {
				leadEnd = end
				if v.ctxCls < 0 {
					v.ctxCls = e
				}
				break
			}
		}
		v.ranges = append(v.ranges, span{0, leadEnd})
	}
	// Negations and colours.
	for _, r := range v.rm {
		k, e, s, end, mt := r.list, r.entry, r.s, r.e, r.mt
		if k != recMarkers {
			continue
		}
		switch recognize.MarkerKind(e) {
		case recognize.Negation:
			if v.startsPowerWord(s) {
				continue // "sans fil" is "wireless"
			}
			to := end + 1
			if !mt.cjk {
				for w := mt.e; w < int32(len(tk.spans)) && w < mt.e+2; w++ {
					to = tk.spans[w].e
				}
			}
			v.negs = append(v.negs, span{end, to})
		case recognize.NegationAfter:
			if mt.cjk {
				v.negs = append(v.negs, span{max(s-6, 0), s})
			} else if mt.s > 0 {
				v.negs = append(v.negs, span{tk.spans[mt.s-1].s, s})
			}
		case recognize.Colour:
			v.ranges = append(v.ranges, span{s, end})
		}
	}
	v.ranges = append(v.ranges, v.negs...)
	// The class the product words name. Of two classes named next to each
	// other the later is the head ("tea kettle", "teddy bear jacket"),
	// unless a term that overlaps the head covers it ("disposable vape
	// pen"); of two that overlap the longer; otherwise the first.
	v.with = with
	prodEnd := min(v.ctx, with)
	cover := int32(0) // the end of the terms that overlap the head
	for _, r := range v.rm {
		k, e, s, end, mt := r.list, r.entry, r.s, r.e, r.mt
		if k != recClasses {
			continue
		}
		if v.masked(s) {
			if v.ctxCls < 0 && s >= v.ctx {
				v.ctxCls = e
			}
			continue
		}
		if s >= prodEnd {
			continue
		}
		if !slices.Contains(v.prod, e) && !v.insideTerm(s, end) {
			v.prod = append(v.prod, e)
		}
		switch {
		case v.cls < 0:
		case s < v.clsE:
			if end-s <= v.clsE-v.clsS {
				cover = max(cover, end)
				continue
			}
		case s < cover:
			continue // inside a term that overlaps the head ("vape pen")
		case s == v.clsE || s == v.clsE+1:
		default:
			continue
		}
		v.cls, v.clsS, v.clsE, v.clsTerm = e, s, end, written(tk, title, mt)
	}
	// What comes with an ordinary product (one with a category path) is
	// not what is sold; what comes with a bong may still be prohibited.
	v.hideWith = v.cls >= 0 && rc.classes[v.cls].path != ""
	// Accessory, power and battery words among the product's own.
	for _, r := range v.rm {
		k, e, s, end, mt := r.list, r.entry, r.s, r.e, r.mt
		if k != recMarkers {
			continue
		}
		mk := recognize.MarkerKind(e)
		if mk == recognize.Container {
			if v.contS < 0 && s < prodEnd && !v.masked(s) && !v.insideClass(s, end) {
				v.contS, v.contE = s, end
			}
			continue
		}
		if mk != recognize.Accessory && mk != recognize.Power && mk != recognize.Battery {
			continue
		}
		if v.masked(s) {
			if mk != recognize.Accessory && s < v.ctx && inSpans(v.negs, s) {
				v.negPower = true // "sans pile": it takes batteries
			}
			continue
		}
		switch mk {
		case recognize.Accessory:
			if s < prodEnd && !v.insideClass(s, end) && !v.acc {
				v.acc, v.accTerm = true, written(tk, title, mt)
			}
		case recognize.Power:
			if !v.power {
				v.power, v.powTerm = true, written(tk, title, mt)
			}
		case recognize.Battery:
			if !v.battery {
				v.battery, v.batTerm = true, written(tk, title, mt)
			}
		}
	}
	rc.units(v, tk, title)
}

// hidesListTerm reports whether a list term at [s, e) of the title names
// something that is not sold: a word that names no product (context,
// negated, colour); a word among what comes with a product the title
// names before it ("Board Game with Revolver Token"), unless that is an
// item the platform has no category for; or, when a
// container word stands among the product words, a term that does not
// hold it ("Hoverboard Carrying Bag", "Étui à lentilles de contact"):
// the container is sold, not what it is made for.
func (v *titleView) hidesListTerm(s, e int32) bool {
	switch {
	case v.masked(s):
		return true
	case s >= v.with && v.hideWith:
		return true
	case v.contS >= 0 && s < v.with && !(s <= v.contS && v.contE <= e):
		return true
	}
	return false
}

// insideTerm reports whether [s, e) lies inside a longer list term: the
// "magazine" of "pistol magazine" names no magazine to read.
func (v *titleView) insideTerm(s, e int32) bool {
	for _, t := range v.terms {
		if t.s <= s && e <= t.e && t.e-t.s > e-s {
			return true
		}
	}
	return false
}

// inSpans reports whether position pos lies in one of spans.
func inSpans(spans []span, pos int32) bool {
	for _, r := range spans {
		if r.s <= pos && pos < r.e {
			return true
		}
	}
	return false
}

// audienceAfter reports whether the context marker mt is followed by
// audience words that no product name follows: "for men" says who uses
// the product, "for baby car seat" and "for men women smartwatch" name
// what it is used with. v.rm is in title order.
func (v *titleView) audienceAfter(tk *tokens, mt match) bool {
	next := nextWord(tk, mt)
	if next < 0 {
		return false
	}
	for _, r := range v.rm {
		if r.s != next || r.list != recMarkers || recognize.MarkerKind(r.entry) != recognize.Audience {
			continue
		}
		// A product named right after the audience words is what the
		// product is for ("for men women smartwatch").
		for _, c := range v.rm {
			if c.list == recClasses && c.s == next {
				return false
			}
		}
		next = nextWord(tk, r.mt)
		if next < 0 {
			return true
		}
	}
	for _, c := range v.rm {
		if c.list == recClasses && c.s == next {
			return false
		}
	}
	return next != nextWord(tk, mt)
}

// nextWord returns the position of the word after match mt; -1 at the end
// of the title.
func nextWord(tk *tokens, mt match) int32 {
	switch {
	case mt.cjk:
		return mt.e
	case int(mt.e) < len(tk.spans):
		return tk.spans[mt.e].s
	}
	return -1
}

// startsPowerWord reports whether a power or battery word starts at s, as
// a negation there does ("sans fil" is "wireless").
func (v *titleView) startsPowerWord(s int32) bool {
	for _, r := range v.rm {
		if r.s == s && r.list == recMarkers && (recognize.MarkerKind(r.entry) == recognize.Power || recognize.MarkerKind(r.entry) == recognize.Battery) {
			return true
		}
	}
	return false
}

// insideClass reports whether [s, e) lies inside a longer product-class
// match ("stand" in "stand mixer" is not an accessory word).
func (v *titleView) insideClass(s, e int32) bool {
	for _, r := range v.rm {
		if r.list == recClasses && r.s <= s && e <= r.e && r.e-r.s > e-s {
			return true
		}
	}
	return false
}

// units finds the ratings of the product's own words: watts and volts
// make it powered ("2000W", "5 V"), mAh and Wh make it hold a battery
// ("3000mAh").
func (rc *recognizer) units(v *titleView, tk *tokens, title string) {
	n := len(tk.spans)
	for i := 0; i < n; i++ {
		sp := tk.spans[i]
		if sp.s >= v.ctx {
			return
		}
		w := tk.buf[sp.s:sp.e]
		if w[0] < '0' || w[0] > '9' || v.masked(sp.s) {
			continue
		}
		j := 0
		for j < len(w) && w[j] >= '0' && w[j] <= '9' {
			j++
		}
		unit, end := w[j:], i
		if len(unit) == 0 && i+1 < n {
			nx := tk.spans[i+1]
			if nx.s == sp.e+1 {
				unit, end = tk.buf[nx.s:nx.e], i+1
			}
		}
		pw, bat := unitKind(unit)
		if !pw && !bat {
			continue
		}
		term := title[tk.src[i].s:tk.src[end].e]
		if pw && !v.power {
			v.power, v.powTerm = true, term
		}
		if bat && !v.battery {
			v.battery, v.batTerm = true, term
		}
	}
}

// unitKind says whether a folded unit is a power rating (W, V) or a
// battery capacity (mAh, Wh).
func unitKind(u []byte) (power, battery bool) {
	switch string(u) {
	case "w", "kw", "watt", "watts", "v", "kv", "volt", "volts", "vac", "vdc":
		return true, false
	case "mah", "wh", "ah":
		return true, true
	}
	return false, false
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
	g.title, g.titleTerm = tc, v.clsTerm
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
		g.cat, g.catFit, g.catTerm = int32(cat.cls.Class), !cat.cls.Broad, cat.cls.Phrase
		// The category beats the title's words, unless they agree: then
		// the title's words say it better.
		if (g.catFit || g.class < 0) && !rc.agree(tc, g.cat) {
			g.class, g.from, g.term = g.cat, fieldCategory, cat.cls.Phrase
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
	st.hits = hits
	// The groups and streams the class and the evidence add, each with the
	// words that decided it.
	add := func(k listKind, bits uint64) {
		for i := 0; bits != 0 && i < 64; i++ {
			b := uint64(1) << uint(i)
			if bits&b == 0 {
				continue
			}
			bits &^= b
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

// agree reports whether a product of class t fits in a category of class
// c: the same class, or one that t names as near.
func (rc *recognizer) agree(t, c int32) bool {
	if t < 0 || c < 0 {
		return false
	}
	return t == c || slices.Contains(rc.classes[t].near, c)
}
