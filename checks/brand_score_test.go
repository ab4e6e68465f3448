package checks

import (
	"slices"
	"strconv"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// brandTarget is the least precision and recall brand-unauthorised must
// reach on the brand claims of testdata/products/brands.csv: what it
// reaches, so that the test fails when a change makes it worse.
var brandTarget = [2]float64{0.96, 0.96}

// TestBrandScore runs brand-unauthorised on titles labelled with the brand
// they claim to sell (the "brand" column, empty when a brand only names
// what the product fits) for a shop authorised for another brand, and
// prints precision and recall: "labelled" (brands.csv) must reach
// brandTarget, "unseen" (the holdout files with a brand column) is
// reported, not enforced.
func TestBrandScore(t *testing.T) {
	r := Default()
	r.AuthorisedBrands = []AuthorisedBrand{{Name: "Trailmate", Reason: "own brand"}}
	rn := mustRunner(t, r)
	for _, set := range []struct {
		name    string
		files   []string
		enforce bool
	}{
		{"labelled", []string{"testdata/products/brands.csv"}, true},
		{"unseen", []string{"testdata/products/holdout_items2.csv", "testdata/products/holdout_items3.csv"}, false},
	} {
		rows := readLabelled(t, set.files)
		ls := make([]readers.Listing, len(rows))
		for i, row := range rows {
			ls[i] = readers.Listing{ProductID: strconv.Itoa(i), Title: row["title"]}
		}
		got := map[int][]string{}
		for _, f := range rn.Listings(ls) {
			if f.Check != BrandUnauthorised.ID || f.Evidence == nil {
				continue
			}
			i, _ := strconv.Atoi(f.Entity)
			got[i] = append(got[i], fold(f.Evidence.Entry))
		}
		var s score
		for i, row := range rows {
			var want []string
			if b := fold(row["brand"]); b != "" {
				want = []string{b}
			}
			s.add(got[i], want)
			if !sameSet(got[i], want) && slices.Contains(shownMisses(set.enforce), "brand") {
				t.Logf("miss brand %s:%s got %v want %v: %s", row["file"], row["row"], got[i], want, row["title"])
			}
		}
		t.Logf("%s brand-unauthorised (title) P %.3f R %.3f (tp %d fp %d fn %d)", set.name, s.p(), s.r(), s.tp, s.fp, s.fn)
		if set.enforce && (s.p() < brandTarget[0] || s.r() < brandTarget[1]) {
			t.Errorf("brand-unauthorised: precision %.3f recall %.3f, below %.2f %.2f", s.p(), s.r(), brandTarget[0], brandTarget[1])
		}
	}
}
