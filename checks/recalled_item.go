package checks

import (
	"github.com/aecheck/aecheck/readers"
)

// RecalledItem finds listings that name a kind of product recalled in the EU.
var RecalledItem = &Check{
	ID: "recalled-item",
	Doc: "product looks like a recalled item\n\n" +
		"The title, category or description names a kind of product that has been recalled in the EU " +
		"(strong magnetic balls, fidget spinners, glucose meters...). AliExpress takes such listings down.",
	Fix:      "Remove the product, or, if it is not the recalled kind, reword the title so it cannot be mistaken for it.",
	Severity: Error,
	Source:   "seed",
	Run:      func(p *Pass, l *readers.Listing) { reportHits(p, l, listRecalled) },
	Needs:    NeedListHits,
	Settings: func(r *Rules, add func(string, string)) { listSettings(add, r.Lists.Recalled) },
}
