package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// TitleShort finds titles that use little of the room search reads.
var TitleShort = &Check{
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

func titleShort(p *Pass, l *readers.Listing) {
	min := p.Rules.Thresholds.TitleMin
	if n := p.titleLen(l); n > 0 && n < min {
		p.reportNum("title", l.Title, n, func(b []byte, n string) []byte {
			return p.appendf(b, "the title has only %s characters; titles of %d characters or more give search more words to match", n, min)
		})
	}
}
