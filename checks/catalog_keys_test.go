package checks

import (
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// TestBrandMemo: the duplicate-listing key of a listing is the same from a
// keyer that has seen many brands before (the memo of folded brands) as
// from a fresh one.
func TestBrandMemo(t *testing.T) {
	brands := []string{"no brand", "Nike", "NIKE ", "Émile & Fils", "ÆON", "茶 Brand", "", "  ", "<b>Acme</b>", "no brand"}
	var warm keyer
	for round := 0; round < 3; round++ {
		for i, b := range brands {
			l := &readers.Listing{Title: "Red cotton dress", Brand: b, Shop: "s"}
			var fresh keyer
			want, wok := fresh.dupKey(l, nil)
			got, ok := warm.dupKey(l, nil)
			if got != want || ok != wok {
				t.Fatalf("round %d, brand %d %q: key %x %v, fresh keyer %x %v", round, i, b, got, ok, want, wok)
			}
		}
	}
	a, _ := warm.dupKey(&readers.Listing{Title: "Red dress", Brand: "Nike"}, nil)
	b, _ := warm.dupKey(&readers.Listing{Title: "Red dress", Brand: "Adidas"}, nil)
	if a == b {
		t.Error("two brands give one key")
	}
}
