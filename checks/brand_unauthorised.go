package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// BrandUnauthorised finds brands that are not in the shop's list of authorised brands.
var BrandUnauthorised = &Check{
	ID: "brand-unauthorised",
	Doc: "brand not in your list of authorised brands\n\n" +
		"AliExpress only lets a shop sell a brand it owns or is authorised to sell. A listing with another brand is " +
		"treated as an intellectual property infringement: it is removed and the shop gets penalty points.",
	Fix:      "Sell the product under your own brand or \"no brand\", or get the brand owner's authorisation, add it in Seller Center and list the brand under authorised_brands in your rules file.",
	Severity: Warning,
	Source:   "seed",
	Run:      brandUnauthorised,
	Settings: func(r *Rules, add func(string, string)) {
		var names []string
		for _, b := range r.AuthorisedBrands {
			names = append(names, b.Name+" ("+b.Reason+")")
		}
		add("authorised_brands", strings.Join(names, "; "))
		add("brand_exemptions", strings.Join(r.BrandExemptions, ", "))
	},
}

func brandUnauthorised(p *Pass, l *readers.Listing) {
	if len(p.run.brands) == 0 {
		return
	}
	b := readers.Trim(l.Brand)
	if b == "" {
		return
	}
	f := fold(b)
	if f == "" || p.run.exempt[f] || p.run.brands[f] {
		return
	}
	p.Reportf(l.At("brand"), l.Brand, "the brand %q is not in your authorised brands", b)
}
