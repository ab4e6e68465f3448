package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// ImagesMissing finds products without an image.
var ImagesMissing = &Check{
	ID: "images-missing",
	Doc: "product has no image\n\n" +
		"AliExpress does not publish a product without a main image, and buyers do not buy what they cannot see.",
	Fix:      "Add at least one main image; 5 or more clear photos on a white background work best.",
	Severity: Error,
	Source:   "seed",
	Run:      imagesMissing,
}

func imagesMissing(p *Pass, l *readers.Listing) {
	if l.HasImages && l.Images <= 0 {
		value := strconv.Itoa(l.Images)
		if l.ImagesCell != "" {
			value = l.ImagesCell
		}
		p.Reportf(l.At("images"), value, "the product has no image")
	}
}
