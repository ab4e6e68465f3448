package checks

import (
	"os"
	"testing"
)

// TestSampleCatalog checks that samples/catalog.csv, read with
// samples/rules.yaml, trips every listing check at least once and that its
// clean rows (the teapot, the gunmetal strap) stay clean.
func TestSampleCatalog(t *testing.T) {
	data, err := os.ReadFile("../samples/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRules(data, "../samples/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tb := readTable(t, "../samples/catalog.csv")
	fired := map[string]int{}
	byRow := map[int][]string{}
	for _, f := range runAll(t, mustRunner(t, r), tb.listings, 7) {
		fired[f.Check]++
		byRow[f.Pos.Row] = append(byRow[f.Pos.Row], f.Check)
		if os.Getenv("VERBOSE") != "" {
			t.Logf("%d %s: %s", f.Pos.Row, f.Check, f.Message)
		}
	}
	for _, c := range All {
		if c.Scope != ScopeOrder && c.Scope != ScopeAccount && fired[c.ID] == 0 {
			t.Errorf("%s does not fire on the sample catalog", c.ID)
		}
	}
	for _, row := range []int{8, 9} { // Ceramic Teapot, Gunmetal Grey strap
		for _, id := range byRow[row] {
			if id == "prohibited-item" {
				t.Errorf("row %d: prohibited-item fires on a clean product", row)
			}
		}
	}
	if got := byRow[2]; len(got) != 0 {
		t.Errorf("row 2 should be clean, got %v", got)
	}
}
