package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// TitleCJK finds Chinese, Japanese or Korean characters in a title.
var TitleCJK = &Check{
	ID: "title-cjk",
	Doc: "title contains Chinese, Japanese or Korean characters\n\n" +
		"A listing for European buyers must have a title in a European language; uploads of such listings " +
		"with Chinese characters in the title fail, and buyers cannot read them.",
	Fix:      "Translate the Chinese, Japanese or Korean words of the title, or remove them.",
	Severity: Warning,
	Source:   "ext, uncertain",
	Run:      titleCJK,
}

func titleCJK(p *Pass, l *readers.Listing) {
	// A title with as many characters as bytes is ASCII (or holds bytes
	// that are not UTF-8, which are not CJK either): the length the title
	// checks count once tells, without another pass.
	if p.titleLen(l) == len(readers.Trim(l.Title)) || !mayHaveCJK(l.Title) {
		return
	}
	var found []string
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			found = append(found, run.String())
			run.Reset()
		}
	}
	hasCJKRune := false
	for _, r := range l.Title {
		if isCJK(r) {
			hasCJKRune = true
			run.WriteRune(r)
			continue
		}
		flush()
	}
	flush()
	if !hasCJKRune {
		return
	}
	p.Reportf(l.At("title"), l.Title, "the title contains Chinese, Japanese or Korean characters: %s", quoteAll(found, 5))
}

// mayHaveCJK reports whether s has a byte that starts the UTF-8 encoding
// of a rune at or above U+2E80, where the CJK blocks begin: most titles
// have none, and skip decoding.
func mayHaveCJK(s string) bool {
	for i := asciiPrefix(s); i < len(s); i++ {
		if s[i] >= 0xE2 {
			return true
		}
	}
	return false
}
