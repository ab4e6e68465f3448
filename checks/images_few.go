package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// ImagesFew finds products with fewer images than recommended.
var ImagesFew = &Check{
	ID: "images-few",
	Doc: "product has few images\n\n" +
		"Listings with 5 or more images convert better: buyers want to see the product from several sides, in use and to scale.",
	Fix:      "Add images up to 5: front, back, detail, in use and one showing the size.",
	Severity: Info,
	Source:   "ext: 5+ recommended",
	Run:      imagesFew,
	Settings: func(r *Rules, add func(string, string)) { add("images_min", strconv.Itoa(r.Thresholds.ImagesMin)) },
}

func imagesFew(p *Pass, l *readers.Listing) {
	min := p.Rules.Thresholds.ImagesMin
	if l.HasImages && l.Images > 0 && l.Images < min {
		// Hot checks build their message with reportNum: they fire on many
		// rows, with few different numbers.
		p.reportNum("images", strconv.Itoa(l.Images), l.Images, func(b []byte, n string) []byte {
			return p.appendf(b, "the product has %s images; %d or more are recommended", n, min)
		})
	}
}
