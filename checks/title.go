package checks

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/aecheck/aecheck/readers"
)

// The title checks (docs/checks.md).
var (
	TitleTooLong = &Check{
		ID: "title-too-long",
		Doc: "title longer than the limit\n\n" +
			"AliExpress accepts titles of up to 128 characters (spaces included); the product feed rejects a longer title " +
			"and the product is not published.",
		Fix:      "Shorten the title to 128 characters or less: keep the product type, the main feature and the size; drop repeated or filler words.",
		Severity: Error,
		Source:   "seed (about 128); ext: the feed rejects 130 with \"expected maxLength: 128\"",
		Run:      titleTooLong,
		Settings: func(r *Rules, add func(string, string)) { add("title_max", strconv.Itoa(r.Thresholds.TitleMax)) },
	}
	TitleShort = &Check{
		ID: "title-short",
		Doc: "title uses little of the room search can read\n\n" +
			"Buyers find products through the words of the title. A short title leaves out the words " +
			"(material, size, use, who it is for) that buyers type into the search box.",
		Fix:      "Add the words a buyer would search for: material, size, colour, use and who it is for.",
		Severity: Info,
		Source:   "ours",
		Run:      titleShort,
		Settings: func(r *Rules, add func(string, string)) { add("title_min", strconv.Itoa(r.Thresholds.TitleMin)) },
	}
	TitleDuplicateWords = &Check{
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
	TitleCJK = &Check{
		ID: "title-cjk",
		Doc: "title contains Chinese, Japanese or Korean characters\n\n" +
			"A listing for European buyers must have a title in a European language; uploads of such listings " +
			"with Chinese characters in the title fail, and buyers cannot read them.",
		Fix:      "Translate the Chinese, Japanese or Korean words of the title, or remove them.",
		Severity: Warning,
		Source:   "ext, uncertain",
		Run:      titleCJK,
	}
	TitleAllCaps = &Check{
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
	TitlePromoWords = &Check{
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
)

// titleLen is the title's length in characters, counted once per listing
// for the two checks that need it.
func (p *Pass) titleLen(l *readers.Listing) int {
	st := p.st
	if !st.titleLenOK {
		st.titleLen, st.titleLenOK = runeCount(readers.Trim(l.Title)), true
	}
	return st.titleLen
}

func titleTooLong(p *Pass, l *readers.Listing) {
	max := p.Rules.Thresholds.TitleMax
	if n := p.titleLen(l); n > max {
		p.Reportf(l.At("title"), l.Title, "the title has %d characters; the limit is %d, so %d must go", n, max, n-max)
	}
}

func titleShort(p *Pass, l *readers.Listing) {
	min := p.Rules.Thresholds.TitleMin
	if n := p.titleLen(l); n > 0 && n < min {
		p.reportNum("title", l.Title, n, func(b []byte, n string) []byte {
			return p.appendf(b, "the title has only %s characters; titles of %d characters or more give search more words to match", n, min)
		})
	}
}

func titleDuplicateWords(p *Pass, l *readers.Listing) {
	for _, d := range p.st.dups {
		p.Reportf(l.At("title"), l.Title, "the word %q appears %d times in the title", d.word, d.count)
	}
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

// quoteAll formats up to max strings as "a", "b" and "c".
func quoteAll(s []string, max int) string {
	var b strings.Builder
	for i, x := range s {
		if i == max {
			b.WriteString(" and more")
			break
		}
		if i > 0 {
			if i == len(s)-1 {
				b.WriteString(" and ")
			} else {
				b.WriteString(", ")
			}
		}
		b.WriteString(`"` + x + `"`)
	}
	return b.String()
}
