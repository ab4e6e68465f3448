package checks

import (
	"strings"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// TestBrandInTitle: a known brand the title presents as the product's own
// is reported unless the shop is authorised for it; one named as what the
// product fits is not.
func TestBrandInTitle(t *testing.T) {
	r := Default()
	r.AuthorisedBrands = []AuthorisedBrand{{Name: "Trailmate", Reason: "own brand"}, {Name: "Anker", Reason: "distributor"}}
	rn := mustRunner(t, r)
	for _, c := range []struct {
		title, brand string
		want         string // the brands reported from the title, space-separated
	}{
		{"Xiaomi USB 3.1 Flash Drive 2TB Metal Waterproof", "", "Xiaomi"},
		{"Apple AirPods Pro 2nd Generation with MagSafe Case", "", "Apple"},
		{"Silicone Case for Samsung Galaxy S24 Ultra Shockproof", "", ""},
		{"Charging Cable Compatible with Apple iPhone 15 USB-C 2m", "", ""},
		{"Mattoncini compatibili Lego 500 pezzi città", "", ""},
		{"Lego Compatible Building Blocks 1000 Pcs City Set", "", ""},
		{"Coque iPhone 14 motif léopard silicone", "", ""},
		{"For Apple 27W USB Fast Charger Cable", "", ""},
		{"适用于华为 Mate 60 Pro 手机壳 硅胶", "", ""},
		{"华为 MatePad 11 平板电脑 8GB 256GB", "", "Huawei"},
		{"Organic Apple Cider Vinegar 500ml", "", ""},
		{"Anker Soundcore Life Q30 Headphones", "", ""},    // authorised
		{"Dyson V11 Cordless Vacuum Cleaner", "Dyson", ""}, // the brand cell says it already
		{"Nike Air Max 90 Nike Running Shoes", "", "Nike"}, // one finding per brand
		{"Disney Mickey Mouse T-shirt for Women", "", "Disney"},
	} {
		l := readers.Listing{ProductID: "1", Title: c.title, Brand: c.brand}
		var got []string
		for _, f := range rn.Listings([]readers.Listing{l}) {
			if f.Check == BrandUnauthorised.ID && f.Evidence != nil && f.Pos == l.At("title") {
				got = append(got, f.Evidence.Entry)
			}
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%q: got %q, want %q", c.title, g, c.want)
		}
	}
}

// TestBrandInTitleSilent: without authorised brands the check says
// nothing, and a rules file can turn a known brand off.
func TestBrandInTitleSilent(t *testing.T) {
	l := []readers.Listing{{ProductID: "1", Title: "Xiaomi Redmi Buds 4 Lite Earbuds"}}
	for _, f := range mustRunner(t, Default()).Listings(l) {
		if f.Check == BrandUnauthorised.ID {
			t.Errorf("no authorised brands: %s", f.Message)
		}
	}
	r := Default()
	r.AuthorisedBrands = []AuthorisedBrand{{Name: "Trailmate", Reason: "own brand"}}
	for i := range r.KnownBrands {
		if r.KnownBrands[i].ID == "Xiaomi" {
			r.KnownBrands[i].Off = true
		}
	}
	for _, f := range mustRunner(t, r).Listings(l) {
		if f.Check == BrandUnauthorised.ID {
			t.Errorf("Xiaomi turned off: %s", f.Message)
		}
	}
}

// BenchmarkListingsBrands is BenchmarkListings for a shop that lists its
// authorised brands, so that brand-unauthorised reads every title for
// the known brands.
func BenchmarkListingsBrands(b *testing.B) {
	r := Default()
	r.AuthorisedBrands = []AuthorisedBrand{{Name: "Trailmate", Reason: "own brand"}}
	rn := mustRunner(b, r)
	ls := synthetic(10000)
	for i := range ls {
		if i%10 == 0 {
			ls[i].Title = "Xiaomi " + ls[i].Title // a claim in one title of ten
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rn.Listings(ls)
	}
	b.ReportMetric(float64(len(ls)*b.N)/b.Elapsed().Seconds(), "listings/s")
}
