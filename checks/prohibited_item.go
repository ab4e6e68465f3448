package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// ProhibitedItem finds listings that name an item AliExpress prohibits.
var ProhibitedItem = &Check{
	ID: "prohibited-item",
	Doc: "product looks like an item AliExpress prohibits\n\n" +
		"The title, category or description names something AliExpress does not allow at all (weapons, drugs, " +
		"perfume, e-cigarettes, counterfeit money...). Such a listing is removed and counts as a violation " +
		"against the shop, and repeated violations get the shop closed.",
	Fix:      "Remove the product from the catalog. If the word is used in another sense (a colour, a toy, a tool), reword the title so it cannot be read that way.",
	Severity: Error,
	Source:   "seed",
	Run:      func(p *Pass, l *readers.Listing) { reportHits(p, l, listProhibited) },
	Needs:    NeedListHits,
	Settings: func(r *Rules, add func(string, string)) {
		listSettings(add, r.Lists.Prohibited)
		add("authorised_special_categories", strings.Join(r.AuthorisedSpecialCategories, ", "))
	},
}
