package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// SpecialCategory finds products in categories that need an authorisation.
var SpecialCategory = &Check{
	ID: "special-category",
	Doc: "product in a category that needs an authorisation\n\n" +
		"Some categories (DVDs, child car seats, condoms, contact lenses, vitamins...) can only be sold by shops " +
		"that AliExpress has authorised for them. Without the authorisation the product is blocked.",
	Fix:      "Apply for the category in Seller Center before listing the product; once authorised, add its id to authorised_special_categories in your rules file.",
	Severity: Warning,
	Source:   "seed",
	Run:      func(p *Pass, l *readers.Listing) { reportHits(p, l, listSpecial) },
	Needs:    NeedListHits,
	Settings: func(r *Rules, add func(string, string)) {
		listSettings(add, r.Lists.SpecialCategories)
		add("authorised_special_categories", strings.Join(r.AuthorisedSpecialCategories, ", "))
	},
}
