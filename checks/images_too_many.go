package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// ImagesTooMany finds products with more main images than AliExpress shows.
var ImagesTooMany = &Check{
	ID: "images-too-many",
	Doc: "product has more main images than allowed\n\n" +
		"AliExpress shows at most 6 main images; the extra ones are dropped at upload, and not always the ones you would choose.",
	Fix:      "Keep your 6 best main images; put the others in the description.",
	Severity: Warning,
	Source:   "seed, ext",
	Run:      imagesTooMany,
	Settings: func(r *Rules, add func(string, string)) { add("images_max", strconv.Itoa(r.Thresholds.ImagesMax)) },
}

func imagesTooMany(p *Pass, l *readers.Listing) {
	max := p.Rules.Thresholds.ImagesMax
	if l.HasImages && l.Images > max {
		p.reportNum("images", strconv.Itoa(l.Images), l.Images, func(b []byte, n string) []byte {
			return p.appendf(b, "the product has %s main images; AliExpress shows at most %d", n, max)
		})
	}
}
