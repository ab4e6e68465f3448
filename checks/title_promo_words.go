package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// TitlePromoWords finds promotional words in a title.
var TitlePromoWords = &Check{
	ID: "title-promo-words",
	Doc: "title contains promotional words\n\n" +
		"Words such as \"hot\", \"sale\", \"new\", \"free shipping\" or a year say nothing about the product and " +
		"take room from words buyers search for; several marketplaces forbid them. This check is off by default.",
	Fix:      "Remove the promotional words; put offers in a promotion, not in the title.",
	Severity: Info,
	Source:   "ext (other marketplaces)",
	Off:      true,
	Run:      titlePromoWords,
	Needs:    NeedListHits,
	Settings: func(r *Rules, add func(string, string)) { add("promo_words", strings.Join(r.PromoWords, ", ")) },
}

func titlePromoWords(p *Pass, l *readers.Listing) {
	var words []string
	for _, h := range p.st.hits {
		if h.list == listPromo && h.field == fieldTitle {
			words = append(words, h.term)
		}
	}
	// "hot sale" covers "hot" and "sale": report the longest phrase only.
	var kept []string
	for _, w := range words {
		inner := false
		for _, o := range words {
			if o != w && strings.Contains(" "+fold(o)+" ", " "+fold(w)+" ") {
				inner = true
				break
			}
		}
		if !inner {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return
	}
	p.Reportf(l.At("title"), l.Title, "the title contains promotional words: %s", quoteAll(kept, 10))
}
