package checks

import (
	"strconv"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// TestEvidenceMemo checks that intern hands out copies that outlive the
// row and the scratch Evidence, shared between equal evidence only.
func TestEvidenceMemo(t *testing.T) {
	row := []byte("Electric Kettle 2000W")
	var m evidenceMemo
	scratch := &Evidence{Class: "kettle", Terms: []string{string(row[:15]), string(row[16:])}, Groups: []string{"electrical"}, Assumed: assumedMarkets}
	a := m.intern(scratch)
	if !a.equal(scratch) || a == scratch {
		t.Fatalf("intern = %+v, want a copy of %+v", a, scratch)
	}
	if b := m.intern(scratch); b != a {
		t.Errorf("equal evidence not shared")
	}
	scratch.Terms[0] = "Kettle"
	c := m.intern(scratch)
	if c == a || a.Terms[0] != "Electric Kettle" || c.Terms[0] != "Kettle" {
		t.Errorf("different evidence shared or changed: %+v, %+v", a, c)
	}
	for _, tc := range []struct {
		name string
		e    Evidence
	}{
		{"no terms", Evidence{Class: "kettle", Terms: []string{}}},
		{"missing column", Evidence{Class: "kettle", MissingColumn: "ce"}},
		{"entry", Evidence{Entry: "firearms", Terms: []string{"gun"}}},
		{"assumed", Evidence{Entry: "firearms", Terms: []string{"gun"}, Assumed: assumedMarkets}},
	} {
		got := m.intern(&tc.e)
		if !got.equal(&tc.e) {
			t.Errorf("%s: intern = %+v, want %+v", tc.name, got, tc.e)
		}
		if len(tc.e.Terms) == 0 && got.Terms != nil {
			t.Errorf("%s: empty terms kept as %#v, want nil", tc.name, got.Terms)
		}
		if cap(got.Terms) != len(got.Terms) {
			t.Errorf("%s: terms capacity %d > length %d: an append would write into a shared slice", tc.name, cap(got.Terms), len(got.Terms))
		}
	}
}

// TestCategoryEvidenceOwnRow: category-mismatch's evidence never says the
// markets were assumed, whatever the row before said about its markets
// and whichever checks ran before it: its decision does not use them.
func TestCategoryEvidenceOwnRow(t *testing.T) {
	a := listing("c.csv", 2, "", "1", "A", "Electric Kettle 1.7L Stainless Steel", "Home & Garden > Kitchen, Dining & Bar", 10)
	b := listing("c.csv", 3, "", "2", "B", "Cutting Board Bamboo Large", "Lights & Lighting > Desk Lamps", 10)
	b.ShipTo = "FR"
	for _, ls := range [][]readers.Listing{{a, b}, {b}} {
		fs := mustRunner(t, nil).Listings(ls)
		n := 0
		for _, f := range fs {
			if f.Check == "ce-missing" && f.Pos.Row == 2 && (f.Evidence == nil || len(f.Evidence.Assumed) == 0) {
				t.Errorf("row 2, no ship-to: ce-missing evidence %+v; want the markets assumed", f.Evidence)
			}
			if f.Check != "category-mismatch" {
				continue
			}
			n++
			if f.Evidence == nil || f.Evidence.Assumed != nil {
				t.Errorf("%d listings: category-mismatch evidence %+v; want no assumed markets", len(ls), f.Evidence)
			}
		}
		if n == 0 {
			t.Fatalf("%d listings: no category-mismatch finding in %+v", len(ls), fs)
		}
	}
}

// TestMadeFindings: the recognition checks' findings made from their
// memo (a product and market seen before) are those made afresh, for
// products seen again with another market, assumed or read, CE and REP
// cells, categories and tables with and without the CE, REP and ship-to
// columns.
func TestMadeFindings(t *testing.T) {
	table := func(file string, names ...string) *readers.Columns {
		c := &readers.Columns{File: file, Fields: map[string][]int{}}
		for i, n := range names {
			c.Header = append(c.Header, n)
			c.Fields[n] = []int{i}
		}
		return c
	}
	tables := []*readers.Columns{
		table("a.csv", "product_id", "title", "description", "category", "ship_to", "ce", "rep"),
		table("b.csv", "product_id", "title", "description", "category", "ce", "rep"),
		table("c.csv", "product_id", "title", "description", "category", "ship_to"),
		table("d.csv", "product_id", "title", "description", "category"),
	}
	titles := []string{
		"Electric Kettle 1.7L Stainless Steel 2000W",
		"LED Desk Lamp with USB Charging Port Dimmable",
		"Kids Building Blocks Set 500 Pieces",
		"Cordless Drill Driver 20V with Lithium Battery",
		"Women Summer Floral Midi Dress",
		"Cutting Board Bamboo Large",
	}
	descs := []string{"", "Rechargeable battery included. Packed in a cardboard box."}
	cats := []string{"", "Home & Garden > Kitchen, Dining & Bar", "Lights & Lighting > Desk Lamps", "Toys & Hobbies > Building Blocks"}
	var ls []readers.Listing
	row := 2
	for ti, title := range titles {
		for v := range 96 {
			cols := tables[v%4]
			l := readers.Listing{Pos: readers.Pos{File: cols.File, Row: row}, Cols: cols, ProductID: strconv.Itoa(row), Title: title,
				Description: descs[v/48], Category: cats[(ti+v/4)%len(cats)]}
			if cols.Has("ship_to") {
				l.ShipTo = []string{"", "FR", "DE", "FR, DE"}[v/4%4]
			}
			if cols.Has("ce") {
				l.CE = []string{"", "", "CE-123"}[v/16%3]
				l.REP = []string{"", "packaging:FR234567_01AB", "electronics:FR234567_01AB; batteries:FR234567_01AC"}[v/8%3]
			}
			ls = append(ls, l)
			row++
		}
	}
	// The same listings in another order, so that each is seen after others.
	for i := range ls {
		j := (i * 37) % len(ls)
		ls[i], ls[j] = ls[j], ls[i]
	}
	rn := mustRunner(t, nil)
	counts := map[string]int{}
	for _, got := range findingsAlone(t, rn, ls, 2) {
		for i := range got {
			counts[got[i].Check]++
		}
	}
	for _, id := range []string{"ce-missing", "rep-missing", "category-mismatch"} {
		if counts[id] < 20 {
			t.Errorf("%d %s findings; want more to test the memo", counts[id], id)
		}
	}
}
