package reports

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// TestByProductTitleFromListings: a product whose findings are not about
// its title still shows its title and first row on By product, taken from
// the listings of the batch (ListingWriter), through the guard and a shop
// split alike; a finding outside the batch leaves the title empty.
func TestByProductTitleFromListings(t *testing.T) {
	ls := []readers.Listing{
		{Pos: readers.Pos{File: "c.csv", Row: 2}, ProductID: "P1", Title: "Red ceramic teapot 1 L"},
		{Pos: readers.Pos{File: "c.csv", Row: 4}, ProductID: "P2", Title: "Blue kettle"},
	}
	fs := []checks.Finding{
		{Check: "price-missing", Severity: checks.Error, Kind: "listing", Pos: readers.Pos{File: "c.csv", Row: 2, Col: 4}, Entity: "P1", Message: "no price"},
		// A variant row of P2, after the row its listing starts on.
		{Check: "image-count", Severity: checks.Info, Kind: "listing", Pos: readers.Pos{File: "c.csv", Row: 5, Col: 6}, Entity: "P2", Message: "one image"},
	}
	late := checks.Finding{Check: "price-outlier", Severity: checks.Warning, Kind: "listing", Pos: readers.Pos{File: "c.csv", Row: 9, Col: 4}, Entity: "P9", Message: "far"}
	for _, split := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "r.xlsx")
		var w Writer
		if split {
			w = &ShopSplit{Default: "s", Open: func(string) (Writer, string, error) {
				w, err := Open(path, Options{})
				return w, path, err
			}}
		} else {
			var err error
			if w, err = Open(path, Options{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Begin(fixtureRun()); err != nil {
			t.Fatal(err)
		}
		lw, ok := w.(ListingWriter)
		if !ok {
			t.Fatalf("split %v: the writer takes no listings", split)
		}
		lw.Listings(ls)
		if err := w.Findings(fs); err != nil {
			t.Fatal(err)
		}
		lw.Listings(nil)
		if err := w.Findings([]checks.Finding{late}); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(&Summary{Findings: 3}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		rows := rowsOf(t, f, "By product")
		f.Close()
		want := map[string][2]string{"P1": {"2", "Red ceramic teapot 1 L"}, "P2": {"4", "Blue kettle"}, "P9": {"9", ""}}
		if len(rows) != 1+len(want) {
			t.Fatalf("split %v: By product rows %q", split, rows)
		}
		for _, r := range rows[1:] {
			w, ok := want[r[2]]
			title := ""
			if len(r) > 3 {
				title = r[3]
			}
			if !ok || r[1] != w[0] || title != w[1] {
				t.Errorf("split %v: row %q, want row %s and title %q", split, r, w[0], w[1])
			}
		}
	}
}
