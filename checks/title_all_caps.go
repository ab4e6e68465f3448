package checks

import (
	"unicode"

	"github.com/aecheck/aecheck/readers"
)

// TitleAllCaps finds titles written in capital letters.
var TitleAllCaps = &Check{
	ID: "title-all-caps",
	Doc: "title written in capital letters\n\n" +
		"A title in capitals is harder to read and looks like shouting; several marketplaces reject such titles " +
		"and buyers trust them less. This check is off by default.",
	Fix:      "Write the title in normal case: a capital for the first word and for brand names only.",
	Severity: Info,
	Source:   "ext (other marketplaces)",
	Off:      true,
	Run:      titleAllCaps,
}

// titleAllCaps fires when at least 10 letters of the title have a case and
// 90% or more of them are capitals (so "USB" or "LED" in a normal title do
// not count).
func titleAllCaps(p *Pass, l *readers.Listing) {
	upper, cased := 0, 0
	for _, r := range l.Title {
		switch {
		case unicode.IsUpper(r):
			upper++
			cased++
		case unicode.IsLower(r):
			cased++
		}
	}
	if cased >= 10 && upper*10 >= cased*9 {
		p.Reportf(l.At("title"), l.Title, "the title is written in capital letters (%d of its %d letters)", upper, cased)
	}
}
