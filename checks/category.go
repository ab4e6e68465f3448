package checks

import (
	"strings"

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
	b := append(p.message(), "the title says this is "...)
	b = append(b, article(want.name)...)
	b = append(b, want.name...)
	b = append(b, ` ("`...)
	term := g.titleTerm
	b = append(b, term...)
	b = append(b, `"), but the category "`...)
	b = append(b, g.catTerm...)
	b = append(b, `" is for another kind of product (`...)
	b = append(b, filed.name...)
	b = append(b, "); file it under "...)
	b = append(b, want.path...)
	p.reportMessage("category", l.Category, b)
	f := p.lastFinding()
	f.Evidence = p.evidence(func(e *Evidence) {
		e.Class = want.id
		e.Entry = filed.id
		e.Terms = []string{strings.Clone(term), strings.Clone(g.catTerm)}
		e.Groups = []string{want.path}
	})
}
