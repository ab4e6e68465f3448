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
	rm       []recMatch // the class and marker matches, in title order
	kinds    uint32     // the marker kinds among rm, as bits (kindBit): a pass a title has no words for is skipped
	clsAt    []span     // where the class matches among rm lie, for the rules that ask only that
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

// recMatch is a class or marker match and where it lies. Its four
// fields (owner holds the list, recClasses or recMarkers, and the entry)
// let the compiler keep a copy in registers: the passes over the matches
// copy each.
type recMatch struct {
	owner
	s, e int32
	mt   match
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
	v.rm, v.terms, v.clsAt, v.kinds = v.rm[:0], v.terms[:0], v.clsAt[:0], 0
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
		v.rm = append(v.rm, recMatch{owner: o, s: s, e: e, mt: mt})
		if o.list == recMarkers {
			v.kinds |= kindBit(recognize.MarkerKind(o.entry))
		} else {
			v.clsAt = append(v.clsAt, span{s, e})
		}
	}
	v.ranges, v.negs = v.ranges[:0], v.negs[:0]
	v.prod = v.prod[:0]
	v.ctx = noWord
	v.contS, v.contE = -1, -1
	v.cls, v.ctxCls = -1, -1
	v.clsTerm, v.accTerm, v.powTerm, v.batTerm = "", "", "", ""
	v.acc, v.power, v.battery, v.negPower = false, false, false, false
	v.negations(tk)
	// The context, what comes with the product, and a context that opens
	// the title ("For iPhone 14 Case"): that one names the device the
	// product is for, up to the first accessory word or product class.
	with, lead := int32(noWord), int32(-1)
	for _, r := range v.matchesIf(kindBit(recognize.Context) | kindBit(recognize.With)) {
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
		v.cls, v.clsS, v.clsE, v.clsTerm = e, s, end, written(tk, title, mt)
	}
	// What comes with an ordinary product (one with a category path) is
	// not what is sold; what comes with a bong may still be prohibited.
	v.hideWith = v.cls >= 0 && rc.classes[v.cls].path != ""
	// Accessory and container words among the product's own.
	for _, r := range v.matchesIf(kindBit(recognize.Accessory) | kindBit(recognize.Container)) {
		k, e, s, end, mt := r.list, r.entry, r.s, r.e, r.mt
		if k != recMarkers {
			continue
		}
		switch recognize.MarkerKind(e) {
		case recognize.Container:
			if v.contS < 0 && s < prodEnd && !v.masked(s) && !v.insideClass(s, end) {
				v.contS, v.contE = s, end
			}
		case recognize.Accessory:
			if !v.acc && s < prodEnd && !v.masked(s) && !v.insideClass(s, end) && !v.insidePower(s, end) && !v.modifiesNext(tk, s, end) && !v.afterAudience(s) {
				v.acc, v.accTerm = true, written(tk, title, mt)
			}
		}
	}
	if v.cls < 0 && !v.acc {
		rc.contextProduct(v, tk, title)
	}
	// Power and battery words among the product's own.
	passive := v.acc || v.cls >= 0 && rc.classes[v.cls].passive
	device := v.acc && v.cls >= 0 && rc.classes[v.cls].accessory >= 0 // the head is what the accessory is for
	for _, r := range v.matchesIf(kindBit(recognize.Power) | kindBit(recognize.Battery)) {
		k, e, s, end, mt := r.list, r.entry, r.s, r.e, r.mt
		if k != recMarkers {
			continue
		}
		mk := recognize.MarkerKind(e)
		if mk != recognize.Power && mk != recognize.Battery {
			continue
		}
		if v.masked(s) {
			if s < v.ctx && inSpans(v.negs, s) {
				v.negPower = true // "sans pile": it takes batteries
			}
			continue
		}
		if mk == recognize.Power && s < v.with && v.insideClass(s, end) || passive && rc.namesOther(v, tk, mt, s, end, device) {
			continue // "Electric Scooter Phone Holder", "Bluetooth Earphone Cover"
		}
		switch mk {
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

// batteryOnly reports whether class c is a battery: it needs the REP
// batteries stream and nothing else.
func (rc *recognizer) batteryOnly(c int32) bool {
	return rc.classes[c].rep == rc.batteries && rc.classes[c].ce == 0
}

// negations finds the negated words ("sans pile", "Batteries Not
// Included") and the colours of the title; the context rules read them.
func (v *titleView) negations(tk *tokens) {
	for _, r := range v.matchesIf(kindBit(recognize.Negation) | kindBit(recognize.NegationAfter) | kindBit(recognize.Colour)) {
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
	if next < 0 || v.kinds&kindBit(recognize.Audience) == 0 {
		return false // no audience word follows
	}
	for _, r := range v.rm {
		if r.s != next || r.list != recMarkers || recognize.MarkerKind(r.entry) != recognize.Audience {
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
	for _, r := range v.rm {
		if r.s == s && r.list == recMarkers && (recognize.MarkerKind(r.entry) == recognize.Power || recognize.MarkerKind(r.entry) == recognize.Battery) {
			return true
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
	for _, r := range v.rm {
		if r.list != recClasses || r.s < v.ctx || r.s >= v.with || inSpans(v.ranges, r.s) {
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
	for _, r := range v.matchesIf(kindBit(recognize.Power) | kindBit(recognize.Battery)) {
		if r.list == recMarkers && r.s <= s && e <= r.e && r.e-r.s > e-s {
			if k := recognize.MarkerKind(r.entry); k == recognize.Power || k == recognize.Battery {
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
	for i, r := range v.rm {
		if r.list != recClasses || r.s > s || e > r.e {
			continue
		}
		next := nextWord(tk, r.mt)
		for _, c := range v.rm[i+1:] {
			if c.list == recClasses && c.s == next {
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
	for _, r := range v.matchesIf(kindBit(recognize.Audience)) {
		if r.list == recMarkers && recognize.MarkerKind(r.entry) == recognize.Audience && r.s >= v.clsE && r.s < s {
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
	for _, r := range v.matchesIf(kindBit(recognize.Power)) {
		if r.list == recMarkers && r.s == s && r.e > e && recognize.MarkerKind(r.entry) == recognize.Power {
			return true
		}
	}
	return false
}

// longestClassAt returns the class of the longest class match that starts
// at s, given one, e, that ends at end: "trottinette électrique" rather
// than "trottinette".
func (v *titleView) longestClassAt(s, end, e int32) int32 {
	for _, r := range v.rm {
		if r.list == recClasses && r.s == s && r.e > end {
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
