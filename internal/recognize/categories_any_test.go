package recognize

import (
	"slices"
	"strings"
	"testing"
)

func TestCategoriesAny(t *testing.T) {
	c := &Config{
		Classes: []Class{{ID: "phone"}, {ID: "cable"}, {ID: "toy"}},
		Categories: []Category{
			{Phrase: "mobile phones", Class: "phone"},
			{Phrase: "cables", Class: "cable"},
			{Phrase: "toys hobbies", Class: "toy", Broad: true},
		},
	}
	ids := []string{"phone", "cable", "toy"}
	cs := NewCategories(c, func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }, func(id string) int { return slices.Index(ids, id) })
	for _, tc := range []struct {
		path string
		want []string // the classes Any sees, in order, broad ones starred
	}{
		{"Phones > Mobile Phone Cables", []string{"phone", "cable"}},
		{"Toys & Hobbies > Mobile Phones", []string{"toy*", "phone"}},
		{"ToysHobbies|Cables", []string{"toy*", "cable"}},
		{"505666 - Cables", []string{"cable"}},
		{"Garden > Hoses", nil},
		{"", nil},
	} {
		var got []string
		cs.Any(tc.path, func(class int, broad bool) bool {
			id := ids[class]
			if broad {
				id += "*"
			}
			got = append(got, id)
			return false
		})
		if !slices.Equal(got, tc.want) {
			t.Errorf("Any(%q) saw %v, want %v", tc.path, got, tc.want)
		}
		stop := cs.Any(tc.path, func(int, bool) bool { return true })
		if stop != (len(tc.want) > 0) {
			t.Errorf("Any(%q) = %v when f always agrees", tc.path, stop)
		}
	}
}

func TestDeepest(t *testing.T) {
	for path, want := range map[string]string{
		"Phones & Telecommunications > Mobile Phones":     "Mobile Phones",
		"Home&Kitchen|Kitchen&HomeAppliances|Kettles":     "Kettles",
		"2353 - Electronics > Communications > Telephony": "Telephony",
		"Toys":                             "Toys",
		" Shoes > Men's Shoes > Sneakers ": "Sneakers",
		"":                                 "",
	} {
		if got := Deepest(path); got != want {
			t.Errorf("Deepest(%q) = %q, want %q", path, got, want)
		}
	}
}
