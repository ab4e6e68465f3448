package checks

import "github.com/aecheck/aecheck/readers"

// TitleEmoji is the example of docs/development.md: a whole check in one
// file, one registry line and one test table.
var TitleEmoji = &Check{
	ID: "title-emoji",
	Doc: "title contains emoji or pictographs\n\n" +
		"Emoji in a title are not searched by buyers, are dropped or shown as boxes by some devices and feeds, " +
		"and take room from the words buyers type. This check is off by default.",
	Fix:      "Remove the emoji from the title; describe the product in words instead.",
	Severity: Info,
	Source:   "ext (other marketplaces)",
	Off:      true,
	Run:      titleEmoji,
}

func titleEmoji(p *Pass, l *readers.Listing) {
	// An ASCII title (as many characters as bytes) has no emoji.
	if p.titleLen(l) == len(readers.Trim(l.Title)) {
		return
	}
	for _, r := range l.Title {
		if isEmoji(r) {
			p.Reportf(l.At("title"), l.Title, "the title contains the emoji %q", string(r))
			return
		}
	}
}

// isEmoji reports whether r is a pictograph, symbol or flag letter of the
// emoji blocks (not letters, digits or punctuation of any script).
func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F300 && r <= 0x1FAFF: // pictographs, emoticons, transport, supplemental symbols
		return true
	case r >= 0x2600 && r <= 0x27BF: // miscellaneous symbols, dingbats
		return true
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicators (flags)
		return true
	}
	return r == 0x2B50 || r == 0x2B55 // star, circle
}
