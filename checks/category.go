package checks

import (
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
	if g.title < 0 || g.cat < 0 || !g.catFit || rc.agree(g.title, g.cat) || rc.agree(g.cat, g.title) {
		return
	}
	want, filed := &rc.classes[g.title], &rc.classes[g.cat]
	if want.path == "" {
		return // nothing to suggest: a product no category allows
	}
	term := g.titleTerm
	if tr := p.tr(); !tr.IsEnglish() {
		p.reportMessage("category", l.Category, append(p.message(), tr.Sprintf(
			"the title says this is %s (%q), but the category %q is for another kind of product (%s); file it under %s",
			tr.T(want.name), term, g.catTerm, tr.T(filed.name), want.path)...))
	} else {
		p.reportMessage("category", l.Category, categoryEnglish(p.message(), want, filed, term, g.catTerm))
	}
	f := p.lastFinding()
	f.Evidence = p.evidence(func(e *Evidence) {
		e.Class = want.id
		e.Entry = filed.id
		e.Terms = append(e.Terms, term, g.catTerm)
		e.Groups = append(e.Groups, want.path)
	})
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
