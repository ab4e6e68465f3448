package checks

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/aecheck/aecheck/internal/recognize"
	"github.com/aecheck/aecheck/readers"
)

// CategoryMismatch compares what the title says the product is with the
// category it is filed under.
var CategoryMismatch = &Check{
	ID: "category-mismatch",
	Doc: "title and category disagree about what the product is\n\n" +
		"The title names one kind of product and the category is meant for another (a phone case filed under " +
		"mobile phones, a kettle under coffee, a T-shirt under toys). AliExpress counts correct categorisation " +
		"among the measures of listing quality: a badly categorised product is shown to the wrong buyers, gets " +
		"less traffic and can be taken down. The check stays silent when it is not sure what the product is.",
	Fix:      "Move the product to the category that fits what it is (the message suggests one), or correct the title if the category is right.",
	Severity: Warning,
	Source:   "ext: AliExpress listing quality (correct categorisation)",
	Run:      categoryMismatch,
	Needs:    NeedListHits,
}

func categoryMismatch(p *Pass, l *readers.Listing) {
	g := &p.st.rec
	rc := p.run.rec
	if g.title < 0 || g.cat < 0 || !g.catFit {
		return
	}
	if (rc.agree(g.title, g.cat) || rc.agree(g.cat, g.title)) && !rc.accessoryUnderDevice(g) {
		return
	}
	want, filed := &rc.classes[g.title], &rc.classes[g.cat]
	if want.path == "" {
		return // nothing to suggest: a product no category allows
	}
	if rc.categoryMayFit(g) {
		return
	}
	term := g.titleTerm
	key := append(p.st.key[:0], byte(p.slot), byte(p.slot>>8))
	key = binary.LittleEndian.AppendUint32(key, uint32(g.title))
	key = binary.LittleEndian.AppendUint32(key, uint32(g.cat))
	key = appendKeyString(appendKeyString(key, term), g.catTerm)
	if p.reportMade("category", l.Category, key) {
		return
	}
	if tr := p.tr(); !tr.IsEnglish() {
		p.reportMessage("category", l.Category, append(p.message(), tr.Sprintf(
			"the title says this is %s (%q), but the category %q is for another kind of product (%s); file it under %s",
			tr.T(want.name), term, g.catTerm, tr.T(filed.name), want.path)...))
	} else {
		p.reportMessage("category", l.Category, categoryEnglish(p.message(), want, filed, term, g.catTerm))
	}
	f := p.lastFinding()
	f.Evidence = p.evidence(func(e *Evidence) {
		// The decision does not use the markets: evidence's Assumed is
		// what the checks before this one found of them, if any.
		e.Assumed = nil
		e.Class = want.id
		e.Entry = filed.id
		e.Terms = append(e.Terms, term, g.catTerm)
		e.Groups = append(e.Groups, want.path)
	})
	p.remember()
}

// categoryEnglish appends the category-mismatch message in English.
func categoryEnglish(b []byte, want, filed *recClass, term, catTerm string) []byte {
	b = append(b, "the title says this is "...)
	b = append(b, article(want.name)...)
	b = append(b, want.name...)
	b = append(b, ` ("`...)
	b = append(b, term...)
	b = append(b, `"), but the category "`...)
	b = append(b, catTerm...)
	b = append(b, `" is for another kind of product (`...)
	b = append(b, filed.name...)
	b = append(b, "); file it under "...)
	b = append(b, want.path...)
	return b
}

// categoryMayFit reports whether the category of path, whose deepest mapped
// level is for class g.cat while the title names class g.title, may still
// be a fair place for the product, so that category-mismatch stays silent
// when it cannot be sure:
//   - the category is a level above the one the product belongs in (a
//     power bank under "Mobile Phone Accessories", whose branch holds the
//     power banks);
//   - the product is an accessory and the category is for the accessories
//     or parts of some device: holders, mounts, tripods and straps fit
//     several devices, and sellers file them under any of them; a path
//     through "Laptop Accessories" or "Mobile Phone Parts" holds the
//     accessories even where its last level names the device ("Laptop
//     Stand", "Étuis pour tablettes");
//   - the title's own words name another kind of product that fits the
//     category (a "Selfie Stick Tripod" is a phone accessory too, a "Drone
//     Battery" belongs among drone accessories); the device an accessory
//     is made for does not count;
//   - some level of the path also names a kind of product the title's
//     fits ("Mobile Phone Cables" names cables as well as phones,
//     "Tools > Electric Soldering Irons" tools as well as irons).
func (rc *recognizer) categoryMayFit(g *recognition) bool {
	f := &g.catFacts
	if !f.deepest || onPath(rc.classes[g.title].path, g.catTerm) {
		return true
	}
	if g.accTerm != "" || rc.accessoryClass(g.title) {
		if rc.accessoryClass(g.cat) || f.parts {
			return true
		}
	}
	for _, c := range g.prod {
		if c != g.title && rc.classes[c].accessory != g.title && (rc.agree(c, g.cat) || rc.agree(g.cat, c) || rc.classes[c].accessory == g.cat) {
			return true
		}
	}
	for _, c := range f.names {
		if rc.agree(g.title, c) || rc.agree(c, g.title) {
			return true
		}
	}
	return false
}

// catFacts is what category-mismatch needs of a category cell beyond the
// class it maps to. The runner works it out once per distinct cell, as it
// does the class: a catalog has far fewer categories than products.
type catFacts struct {
	deepest bool    // the level that decided is the path's deepest
	parts   bool    // a level holds accessories or spare parts
	names   []int32 // the classes the path's other specific phrases name
}

// catFacts works out the facts of category path, which maps to m.
func (rc *recognizer) catFacts(path string, m recognize.Match) catFacts {
	f := catFacts{deepest: m.Phrase == recognize.Deepest(path), parts: accessoryPath(path)}
	rc.cats.Any(path, func(c int, broad bool) bool {
		if !broad && c != m.Class && !slices.Contains(f.names, int32(c)) {
			f.names = append(f.names, int32(c))
		}
		return false
	})
	return f
}

// onPath reports whether level is one of the levels of category path p,
// ignoring case: a product filed there is filed a level or more above the
// category it belongs in, not in a wrong one.
func onPath(p, level string) bool {
	level = strings.TrimSpace(level)
	for l := range strings.SplitSeq(p, " > ") {
		if strings.EqualFold(strings.TrimSpace(l), level) {
			return true
		}
	}
	return false
}

// accessoryClass reports whether class c is the class of the accessories
// of another class ("phone-accessory" for "phone").
func (rc *recognizer) accessoryClass(c int32) bool {
	return c >= 0 && rc.classes[c].accessories
}

// accessoryUnderDevice reports whether the title names an accessory and
// the category is for the very device it is made for (a TV wall mount
// under "Televisions", a laptop sleeve under "Laptops"): the two classes
// are near, so that the category does not make the mount electrical, yet
// buyers of televisions do not look for mounts there. A category level
// that the accessory's own path runs through ("Earphones & Headphones",
// which holds the earphone accessories) is a parent of the right place,
// not a wrong one.
func (rc *recognizer) accessoryUnderDevice(g *recognition) bool {
	if g.title == g.cat || rc.classes[g.cat].accessory != g.title {
		return false
	}
	return !onPath(rc.classes[g.title].path, g.catTerm)
}

// accessoryLevelWords name a level of a category path that holds
// accessories or spare parts, in the languages of the category mappings.
var accessoryLevelWords = []string{
	"accessories", "accessory", "parts", "spare parts",
	"accessoires", "accessoire", "pieces detachees",
	"accesorios", "accesorio", "repuestos", "piezas",
	"acessorios", "acessorio", "pecas",
	"accessori", "ricambi",
	"zubehor", "ersatzteile",
	"配件", "零件",
}

// foldedAccessoryLevelWords are accessoryLevelWords folded, each between
// spaces, to be found as whole words in a folded path; Chinese words stand
// alone, since a Chinese level is written without spaces ("手机配件").
var foldedAccessoryLevelWords = sync.OnceValue(func() []string {
	out := make([]string, len(accessoryLevelWords))
	for i, w := range accessoryLevelWords {
		out[i] = fold(w)
		if r, _ := utf8.DecodeRuneInString(out[i]); !unicode.Is(unicode.Han, r) {
			out[i] = " " + out[i] + " "
		}
	}
	return out
})

// accessoryPath reports whether a level of category path holds
// accessories or spare parts ("Laptop Accessories", "Mobile Phone Parts",
// "Accessoires pour tablettes", "手机配件"). A level that pairs them with
// the devices ("Mobiles & Accessories", "Handys & Zubehör", "Apparel &
// Accessories") holds the devices too, so it does not count.
func accessoryPath(path string) bool {
	for _, level := range recognize.Levels(path) {
		f := " " + fold(level) + " "
		if pairedLevel(level, f) {
			continue
		}
		for _, w := range foldedAccessoryLevelWords() {
			if strings.Contains(f, w) {
				return true
			}
		}
	}
	return false
}

// pairedLevel reports whether a category level joins two kinds of goods
// ("Mobiles & Accessories", "Téléphones et accessoires"); folded is the
// level folded, between spaces.
func pairedLevel(level, folded string) bool {
	if strings.ContainsAny(level, "&+和") {
		return true
	}
	for _, w := range []string{" and ", " et ", " y ", " e ", " und ", " i "} {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}
