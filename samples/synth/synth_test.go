package synth

import (
	"slices"
	"strings"
	"testing"
)

// TestFitCategories checks that FitCategories changes the category cell
// only, and files a product under the category of the noun its title
// names except one row in 33.
func TestFitCategories(t *testing.T) {
	random, fit := &Catalog{Seed: 1}, &Catalog{Seed: 1, FitCategories: true}
	for i := 0; i < 2000; i++ {
		a := slices.Clone(random.Row(i))
		b := fit.Row(i)
		for j := range a {
			if j != 4 && a[j] != b[j] {
				t.Fatalf("row %d column %s: %q with FitCategories, %q without", i, CatalogHeader[j], b[j], a[j])
			}
		}
		if i%33 == 0 {
			if b[4] != a[4] {
				t.Errorf("row %d: category %q, want the random draw %q", i, b[4], a[4])
			}
			continue
		}
		k := slices.Index(fitCategories, b[4])
		if k < 0 || !strings.Contains(b[2], " "+nouns[k]+" ") {
			t.Errorf("row %d: title %q filed under %q", i, b[2], b[4])
		}
	}
	if len(fitCategories) != len(nouns) {
		t.Errorf("%d categories for %d nouns", len(fitCategories), len(nouns))
	}
}
