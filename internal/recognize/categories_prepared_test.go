package recognize

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestCategoriesOf: the index built from prepared phrases keeps each first
// word's phrases in the order of the mappings, so that of two phrases of
// one length the first still wins, and it is the index of the mappings.
func TestCategoriesOf(t *testing.T) {
	ids := []string{"phone", "case", "cable", "toy"}
	fold := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	class := func(id string) int { return slices.Index(ids, id) }
	c := &Config{Categories: []Category{
		{Phrase: "Mobile Phones", Class: "phone"},
		{Phrase: "cables", Class: "cable"},
		{Phrase: "mobile phone cases", Class: "case"},
		{Phrase: "mobile phone", Class: "case"}, // same words as the first, later: never wins
		{Phrase: "toys", Class: "toy", Broad: true},
		{Phrase: "widgets", Class: "unknown"}, // left out
		{Phrase: "  ", Class: "toy"},          // no word: left out
	}}
	ps := PrepareCategories(c, fold, class)
	want := []CategoryPhrase{
		{Words: []string{"mobile", "phone"}, Class: 0},
		{Words: []string{"cable"}, Class: 2},
		{Words: []string{"mobile", "phone", "case"}, Class: 1},
		{Words: []string{"mobile", "phone"}, Class: 1},
		{Words: []string{"toy"}, Class: 3, Broad: true},
	}
	if !reflect.DeepEqual(ps, want) {
		t.Fatalf("PrepareCategories = %+v\nwant %+v", ps, want)
	}
	cs := CategoriesOf(ps, fold)
	if got := cs.byFirst["mobile"]; len(got) != 3 || got[0].class != 0 || got[1].class != 1 || len(got[1].words) != 3 || got[2].class != 1 {
		t.Fatalf("phrases of \"mobile\": %+v", got)
	}
	for _, tc := range []struct {
		path  string
		class int
		broad bool
	}{
		{"Electronics > Mobile Phones", 0, false},
		{"Mobile Phone Cases", 1, false},
		{"Toys > Cables", 2, false},
		{"Toys", 3, true},
		{"Widgets", -1, false},
	} {
		if m := cs.Classify(tc.path); m.Class != tc.class || m.Broad != tc.broad {
			t.Errorf("Classify(%q) = %+v, want class %d broad %v", tc.path, m, tc.class, tc.broad)
		}
	}
	if !reflect.DeepEqual(NewCategories(c, fold, class).byFirst, cs.byFirst) {
		t.Error("NewCategories differs from CategoriesOf(PrepareCategories)")
	}
}
