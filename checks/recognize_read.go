package checks

import (
	"math"
	"slices"

	"github.com/aecheck/aecheck/internal/recognize"
)

// Reading a title: where its product words, context, colours, negations,
// accessory, power and battery words and units lie.

// noWord is a position past every word of a title.
const noWord = math.MaxInt32

// titleView is what the recognizer read in a title. Positions are byte
// offsets into the title's folded words (tokens.buf), where words and CJK
// runs sit in the order of the title.
type titleView struct {
	rm       []recMatch       // the class and marker matches, in title order
	first    [kindSlots]int32 // where each kind's first match lies in rm (recMatch.next chains the rest); -1 for none
	clsAt    []span           // where the class matches among rm lie, for the rules that ask only that
	ranges   []span           // words that name no product: negated, colours, a leading context
	negs     []span           // the negated ones among them
	ctx      int32            // where the context starts ("for ..."); noWord for none
	with     int32            // where what comes with the product starts ("with ..."); noWord for none
	hideWith bool             // list terms after with name no product: the product words name an ordinary one
	prod     []int32          // the classes the product words name, head or not
	terms    []span           // the list terms found, to tell a class word inside one ("pistol magazine")
	contS    int32            // a container word among the product words ("carrying bag"); -1 for none
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

// recMatch is a class or marker match and where it lies. owner holds the
// list, recClasses or recMarkers, and the entry.
type recMatch struct {
	owner
	s, e int32
	mt   match
	kind uint8 // its marker kind, or kindClass
	next int32 // where the next match of its kind lies in rm; -1 for none
}

// The kinds the matches of a title are chained by: each marker kind, and
// the classes. A rule that reads one kind walks its chain, so a title
// with no word of that kind costs it one test, and one with a few costs
// it those few, not every match of the title.
const (
	kindClass   = uint8(recognize.NumMarkers) // the class matches
	numRecKinds = int(kindClass) + 1
	// kindSlots is the length of titleView.first: a power of two, so
	// that a kind masked by kindSlots-1 indexes it with no bounds check.
	kindSlots = 16
)

// first must have room for every kind.
var _ [kindSlots - numRecKinds]struct{}

// noRecMatches is titleView.first before a title is read.
var noRecMatches = func() (f [kindSlots]int32) {
	for k := range f {
		f[k] = -1
	}
	return f
}()

// of returns the index in v.rm of the first match of kind k, or -1.
func (v *titleView) of(k recognize.MarkerKind) int32 { return v.first[k] }

// has reports whether the title holds a match of marker kind k.
func (v *titleView) has(k recognize.MarkerKind) bool { return v.first[k] >= 0 }

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
	// rm has room for every match: each is written in place.
	if cap(v.rm) < len(ms) {
		v.rm = make([]recMatch, 2*len(ms))
	}
	rm := v.rm[:len(ms)]
	n := 0
	v.terms, v.clsAt = v.terms[:0], v.clsAt[:0]
	for i := range ms {
		mt := &ms[i]
		p := &rc.m.phrases[mt.phrase]
		o := rc.m.owners[p.owner]
		if o.list < recClasses {
			if o.list <= listSpecial && !p.except {
				s, e := bounds(tk, *mt)
				v.terms = append(v.terms, span{s, e})
			}
			continue
		}
		s, e := bounds(tk, *mt)
		k := kindClass
		if o.list == recMarkers {
			k = uint8(o.entry)
		} else {
			v.clsAt = append(v.clsAt, span{s, e})
		}
		r := &rm[n]
		r.owner, r.s, r.e, r.mt, r.kind = o, s, e, *mt, k
		n++
	}
	rm = rm[:n]
	v.rm = rm
	// Each kind's chain, in title order: built from the end, with no
	// test.
	v.first = noRecMatches
	for i := len(rm) - 1; i >= 0; i-- {
		r := &rm[i]
		k := r.kind & (kindSlots - 1)
		r.next, v.first[k] = v.first[k], int32(i)
	}
	v.ranges, v.negs = v.ranges[:0], v.negs[:0]
	v.prod = v.prod[:0]
	v.ctx = noWord
	v.contS, v.contE = -1, -1
	v.cls, v.ctxCls = -1, -1
	v.clsTerm, v.accTerm, v.powTerm, v.batTerm = "", "", "", ""
	v.acc, v.power, v.battery, v.negPower = false, false, false, false
	if max(v.of(recognize.Negation), v.of(recognize.NegationAfter), v.of(recognize.Colour)) >= 0 {
		v.negations(tk)
	}
	// The context, what comes with the product, and a context that opens
	// the title ("For iPhone 14 Case"): that one names the device the
	// product is for, up to the first accessory word or product class.
	with, lead := int32(noWord), int32(-1)
	for i := v.of(recognize.Context); i >= 0; i = v.rm[i].next {
		r := &v.rm[i]
		if v.has(recognize.Audience) && v.audienceAfter(tk, r.mt) {
			continue // "for men" says who uses the product, not with what
		}
		if r.s == 0 {
			lead = r.e
		} else if r.s < v.ctx {
			v.ctx = r.s
		}
	}
	for i := v.of(recognize.With); i >= 0; i = v.rm[i].next {
		if s := v.rm[i].s; s > 0 && s < with {
			with = s
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
	if len(v.negs) > 0 {
		v.ranges = append(v.ranges, v.negs...)
	}
	// The class the product words name. Of two classes named next to each
	// other the later is the head ("tea kettle", "teddy bear jacket"),
	// unless a term that overlaps the head covers it ("disposable vape
	// pen"); of two that overlap the longer; otherwise the first.
	v.with = with
	prodEnd := min(v.ctx, with)
	cover := int32(0) // the end of the terms that overlap the head
	for i := v.first[kindClass]; i >= 0; i = v.rm[i].next {
		r := &v.rm[i]
		e, s, end := r.entry, r.s, r.e
		if v.masked(s) {
			if v.ctxCls < 0 && s >= v.ctx {
				v.ctxCls = e
			}
			continue
		}
		if s >= prodEnd || v.opensPower(s, end) {
			continue // a class word that opens a power word says how the product is powered ("Battery Operated")
		}
		// A class word inside a longer list or class term names nothing
		// of its own: the "ring" and the "pull" of "pull ring".
		if !slices.Contains(v.prod, e) && !v.insideTerm(s, end) && !v.insideClass(s, end) {
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
			if rc.classes[e].path == "" && rc.classes[v.cls].path != "" {
				continue // "Massage Gun Pistol": the shape, not a firearm
			}
			if next := rc.classes[v.longestClassAt(s, end, e)]; rc.classes[v.cls].passive && next.ce != 0 || rc.classes[v.cls].rep&rc.toys != 0 && next.ce&rc.electrical != 0 {
				continue // "Support Téléphone Trottinette Électrique": a holder for the scooter; "Toy Drill": a toy
			}
		default:
			continue
		}
		v.cls, v.clsS, v.clsE, v.clsTerm = e, s, end, written(tk, title, r.mt)
	}
	// What comes with an ordinary product (one with a category path) is
	// not what is sold; what comes with a bong may still be prohibited.
	v.hideWith = v.cls >= 0 && rc.classes[v.cls].path != ""
	// Accessory and container words among the product's own.
	for i := v.of(recognize.Container); i >= 0; i = v.rm[i].next {
		if s, end := v.rm[i].s, v.rm[i].e; s < prodEnd && !v.masked(s) && !v.insideClass(s, end) {
			v.contS, v.contE = s, end
			break
		}
	}
	for i := v.of(recognize.Accessory); i >= 0; i = v.rm[i].next {
		r := &v.rm[i]
		if s, end := r.s, r.e; s < prodEnd && !v.masked(s) && !v.insideClass(s, end) && !v.insidePower(s, end) && !v.modifiesNext(tk, s, end) && !v.afterAudience(s) {
			v.acc, v.accTerm = true, written(tk, title, r.mt)
			break
		}
	}
	if v.cls < 0 && !v.acc {
		rc.contextProduct(v, tk, title)
	}
	if max(v.of(recognize.Power), v.of(recognize.Battery)) >= 0 {
		rc.powerWords(v, tk, title)
	}
	rc.units(v, tk, title)
	// A battery's volts and "rechargeable" rate the battery, not a device
	// it powers: a class that needs the batteries stream and nothing else
	// is the battery itself ("Rechargeable AA Batteries 1.2V"), unless
	// the product's words also name a device ("Cordless Drill Lithium
	// Battery").
	if v.power && v.cls >= 0 && rc.batteryOnly(v.cls) {
		for _, c := range v.prod {
			if rc.classes[c].ce != 0 {
				return
			}
		}
		v.power, v.powTerm = false, ""
	}
}

// powerWords finds the power and battery words among the product's own
// ("Rechargeable", "Battery Operated"); a word that describes another
// product the title names ("Bluetooth Earphone Cover") does not count.
func (rc *recognizer) powerWords(v *titleView, tk *tokens, title string) {
	passive := v.acc || v.cls >= 0 && rc.classes[v.cls].passive
	device := v.acc && v.cls >= 0 && rc.classes[v.cls].accessory >= 0 // the head is what the accessory is for
	for _, mk := range [...]recognize.MarkerKind{recognize.Power, recognize.Battery} {
		for i := v.of(mk); i >= 0; i = v.rm[i].next {
			r := &v.rm[i]
			s, end := r.s, r.e
			if v.masked(s) {
				if s < v.ctx && inSpans(v.negs, s) {
					v.negPower = true // "sans pile": it takes batteries
				}
				continue
			}
			if mk == recognize.Power && s < v.with && v.insideClass(s, end) || passive && rc.namesOther(v, tk, r.mt, s, end, device) {
				continue // "Electric Scooter Phone Holder", "Bluetooth Earphone Cover"
			}
			if mk == recognize.Power && !v.power {
				v.power, v.powTerm = true, written(tk, title, r.mt)
			} else if mk == recognize.Battery && !v.battery {
				v.battery, v.batTerm = true, written(tk, title, r.mt)
			}
		}
	}
}

// batteryOnly reports whether class c is a battery: it needs the REP
// batteries stream and nothing else.
func (rc *recognizer) batteryOnly(c int32) bool {
	return rc.classes[c].rep == rc.batteries && rc.classes[c].ce == 0
}

// negations finds the negated words ("sans pile", "Batteries Not
// Included") and the colours of the title; the context rules read them.
func (v *titleView) negations(tk *tokens) {
	// The spans are only asked whether they hold a position: their order
	// does not matter.
	for i := v.of(recognize.Negation); i >= 0; i = v.rm[i].next {
		r := &v.rm[i]
		if v.startsPowerWord(r.s) {
			continue // "sans fil" is "wireless"
		}
		to := r.e + 1
		if mt := r.mt; !mt.cjk {
			for w := mt.e; w < int32(len(tk.spans)) && w < mt.e+2; w++ {
				to = tk.spans[w].e
			}
		}
		v.negs = append(v.negs, span{r.e, to})
	}
	for i := v.of(recognize.NegationAfter); i >= 0; i = v.rm[i].next {
		r := &v.rm[i]
		if r.mt.cjk {
			v.negs = append(v.negs, span{max(r.s-6, 0), r.s})
		} else if r.mt.s > 0 {
			v.negs = append(v.negs, span{tk.spans[r.mt.s-1].s, r.s})
		}
	}
	for i := v.of(recognize.Colour); i >= 0; i = v.rm[i].next {
		v.ranges = append(v.ranges, span{v.rm[i].s, v.rm[i].e})
	}
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

// audienceAfter reports whether the context marker mt is followed by
// audience words that no product name follows: "for men" says who uses
// the product, "for baby car seat" and "for men women smartwatch" name
// what it is used with. v.rm is in title order.
func (v *titleView) audienceAfter(tk *tokens, mt match) bool {
	next := nextWord(tk, mt)
	if next < 0 || !v.has(recognize.Audience) {
		return false // no audience word follows
	}
	for i := v.of(recognize.Audience); i >= 0; i = v.rm[i].next {
		r := &v.rm[i]
		if r.s != next {
			continue
		}
		// A product named right after the audience words is what the
		// product is for ("for men women smartwatch").
		for _, c := range v.clsAt {
			if c.s == next && !inSpans(v.negs, c.s) {
				return false
			}
		}
		next = nextWord(tk, r.mt)
		if next < 0 {
			return true
		}
	}
	for _, c := range v.clsAt {
		if c.s == next && !inSpans(v.negs, c.s) {
			return false // ("for Kids (Batteries Not Included)" is for kids)
		}
	}
	return next != nextWord(tk, mt)
}

// startsPowerWord reports whether a power or battery word starts at s, as
// a negation there does ("sans fil" is "wireless").
func (v *titleView) startsPowerWord(s int32) bool {
	for _, k := range [...]recognize.MarkerKind{recognize.Power, recognize.Battery} {
		for i := v.of(k); i >= 0; i = v.rm[i].next {
			if v.rm[i].s == s {
				return true
			}
		}
	}
	return false
}

// contextProduct finds the product of a title whose words before the
// context name none ("New For Xiaomi Poco X3 Charging Board", "Fast
// Charging For iPhone Usb Cable"): the context names a device that parts
// and accessories are sold for, then the product, a class other than the
// device's that has power of its own. Its words stay masked: they still
// name no list entry.
func (rc *recognizer) contextProduct(v *titleView, tk *tokens, title string) {
	if v.ctxCls < 0 || rc.classes[v.ctxCls].accessory < 0 {
		return // the context names no device that parts are sold for
	}
	for i := v.first[kindClass]; i >= 0; i = v.rm[i].next {
		r := &v.rm[i]
		if r.s < v.ctx || r.s >= v.with || inSpans(v.ranges, r.s) {
			continue
		}
		if c := rc.classes[r.entry]; r.entry == v.ctxCls || c.passive || c.ce == 0 || c.accessory >= 0 {
			continue
		}
		v.cls, v.clsS, v.clsE, v.clsTerm = r.entry, r.s, r.e, written(tk, title, r.mt)
		return
	}
}

// insidePower reports whether [s, e) lies inside a longer power or battery
// word: the "case" of a "charging case" holds a battery.
func (v *titleView) insidePower(s, e int32) bool {
	for _, k := range [...]recognize.MarkerKind{recognize.Power, recognize.Battery} {
		for i := v.of(k); i >= 0; i = v.rm[i].next {
			if r := &v.rm[i]; r.s <= s && e <= r.e && r.e-r.s > e-s {
				return true
			}
		}
	}
	return false
}

// modifiesNext reports whether the accessory word at [s, e) lies in a
// product name that another one follows: in "Bracelet Watches" or
// "Strap Watch" the last word names the product and the first is its
// kind, not an accessory sold for it.
func (v *titleView) modifiesNext(tk *tokens, s, e int32) bool {
	for i := v.first[kindClass]; i >= 0; i = v.rm[i].next {
		r := &v.rm[i]
		if r.s > s || e > r.e {
			continue
		}
		next := nextWord(tk, r.mt)
		for j := r.next; j >= 0; j = v.rm[j].next {
			if v.rm[j].s == next {
				return true
			}
		}
	}
	return false
}

// afterAudience reports whether the accessory word at s follows the head
// product's name and words for whom it is ("Watches for Women Stainless
// Steel Strap", "Montre homme bracelet acier"): the product has been named
// and the words after describe it.
func (v *titleView) afterAudience(s int32) bool {
	if v.cls < 0 || s < v.clsE {
		return false
	}
	for i := v.of(recognize.Audience); i >= 0; i = v.rm[i].next {
		if r := &v.rm[i]; r.s >= v.clsE && r.s < s {
			return true
		}
	}
	return false
}

// namesOther reports whether the power or battery word mt at [s, e),
// with the power words after it, names another product than the head:
// "Bluetooth Earphone" in the title of an ear pad or a cover describes
// the earphone the accessory is for; a selfie stick's "Bluetooth" is its
// own, as it names no device. device says the head is the device
// an accessory word names the accessory of ("Wireless Earbuds Case").
func (rc *recognizer) namesOther(v *titleView, tk *tokens, mt match, s, e int32, device bool) bool {
	other := func(r recMatch) bool {
		c := rc.classes[r.entry]
		return !c.passive && c.ce != 0 && (r.entry != v.cls || device)
	}
	next := nextWord(tk, mt)
	for _, r := range v.rm {
		if r.list == recClasses && s <= r.s && r.e <= e {
			return other(r) // "Wireless Earbuds"
		}
		if r.s < next {
			continue
		}
		if r.s > next {
			return false
		}
		switch {
		case r.list == recClasses:
			return other(r)
		case r.list == recMarkers && recognize.MarkerKind(r.entry) == recognize.Power:
			next = nextWord(tk, r.mt)
		}
	}
	return false
}

// opensPower reports whether a power word starts at s and goes on past
// e: the "battery" of "Battery Operated" says how the product is
// powered, not what it is.
func (v *titleView) opensPower(s, e int32) bool {
	for i := v.of(recognize.Power); i >= 0; i = v.rm[i].next {
		if r := &v.rm[i]; r.s == s && r.e > e {
			return true
		}
	}
	return false
}

// longestClassAt returns the class of the longest class match that starts
// at s, given one, e, that ends at end: "trottinette électrique" rather
// than "trottinette".
func (v *titleView) longestClassAt(s, end, e int32) int32 {
	for i := v.first[kindClass]; i >= 0; i = v.rm[i].next {
		if r := &v.rm[i]; r.s == s && r.e > end {
			end, e = r.e, r.entry
		}
	}
	return e
}

// insideClass reports whether [s, e) lies inside a longer product-class
// match ("stand" in "stand mixer" is not an accessory word).
func (v *titleView) insideClass(s, e int32) bool {
	for _, r := range v.clsAt {
		if r.s <= s && e <= r.e && r.e-r.s > e-s {
			return true
		}
	}
	return false
}
