package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// TitleTooLong finds titles longer than AliExpress accepts.
var TitleTooLong = &Check{
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

func titleTooLong(p *Pass, l *readers.Listing) {
	max := p.Rules.Thresholds.TitleMax
	if n := p.titleLen(l); n > max {
		p.Reportf(l.At("title"), l.Title, "the title has %d characters; the limit is %d, so %d must go", n, max, n-max)
	}
}
