package checks

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// TestDuplicatesAfterLostKeys: when the key file of the duplicate checks
// fails, the keys before are missed, the ones after still found, and the
// report says that some duplicates may be missing and what to do.
func TestDuplicatesAfterLostKeys(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	rn := mustRunner(t, nil)
	cat := rn.NewCatalog()
	mk := func(i, row int) readers.Listing {
		id := strconv.Itoa(i)
		return listing("a.csv", row, "", id, "SKU-"+id, "Cotton dress model "+id, "Dresses", 20)
	}
	var ls []readers.Listing
	for i := range 100_000 {
		ls = append(ls, mk(i, i+2))
	}
	cat.Observe(ls)
	for _, s := range cat.states {
		switch d := s.(type) {
		case *dupListing:
			d.seen.LoseFile()
		case *dupSKU:
			d.seen.LoseFile()
		}
	}
	// Product 5 again (its key is lost), then a new product twice.
	got := cat.Observe([]readers.Listing{mk(5, 100_002), mk(200_000, 100_003), mk(200_000, 100_004)})
	var dups []string
	for _, f := range got {
		dups = append(dups, f.Check+"@"+strconv.Itoa(f.Pos.Row))
	}
	if strings.Join(dups, " ") != "duplicate-listing@100004 duplicate-sku@100004" {
		t.Errorf("duplicates after the loss: %v, want row 100004 only", dups)
	}
	var notes []string
	for _, f := range cat.Finish() {
		if strings.Contains(f.Message, "may not have been found") && strings.Contains(f.Message, "TMPDIR") {
			notes = append(notes, f.Check)
		}
	}
	if strings.Join(notes, " ") != "duplicate-listing duplicate-sku" {
		t.Errorf("findings that say duplicates may be missing: %v", notes)
	}
}

// TestCatalogExpect: once a tenth of the input is read, both duplicate
// tables are told how many keys to expect; before that, and for a share
// that makes no sense, they are not.
func TestCatalogExpect(t *testing.T) {
	rn := mustRunner(t, nil)
	cat := rn.NewCatalog()
	var ls []readers.Listing
	for i := range 1000 {
		id := strconv.Itoa(i)
		ls = append(ls, listing("a.csv", i+2, "", id, "SKU-"+id, "Cotton dress model "+id, "Dresses", 20))
	}
	cat.Observe(ls)
	wants := func() (out []int) {
		for _, s := range cat.states {
			switch d := s.(type) {
			case *dupListing:
				out = append(out, d.seen.Expected())
			case *dupSKU:
				out = append(out, d.seen.Expected())
			}
		}
		return out
	}
	for _, share := range []float64{0.05, 0, -1, 1.5, math.NaN()} {
		cat.Expect(share)
		if got := wants(); !slices.Equal(got, []int{0, 0}) {
			t.Fatalf("after Expect(%v), the tables expect %v keys, want none", share, got)
		}
	}
	cat.Expect(0.25)
	if got := wants(); !slices.Equal(got, []int{4080, 4080}) {
		t.Fatalf("a quarter read with 1000 keys each: the tables expect %v keys, want 4080 each", got)
	}
}
