package checks

import (
	"maps"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// TitleDuplicateWords finds words repeated in a title (keyword stuffing).
var TitleDuplicateWords = &Check{
	ID: "title-duplicate-words",
	Doc: "a word appears more than once in the title\n\n" +
		"Repeating a word to rank higher is keyword stuffing, which AliExpress treats as a listing violation; " +
		"the product can be demoted in search or taken down.",
	Fix:      "Keep each word once in the title; use the room for other words buyers search for.",
	Severity: Warning,
	Source:   "seed: no duplicate words, keyword jamming is a listing violation",
	Run:      titleDuplicateWords,
	Needs:    NeedRepeatedWords,
	Settings: func(r *Rules, add func(string, string)) {
		for _, lang := range slices.Sorted(maps.Keys(r.StopWords)) {
			add("stop_words "+lang, strings.Join(r.StopWords[lang], ", "))
		}
	},
}

func titleDuplicateWords(p *Pass, l *readers.Listing) {
	for _, d := range p.st.dups {
		p.Reportf(l.At("title"), l.Title, "the word %q appears %d times in the title", d.word, d.count)
	}
}
