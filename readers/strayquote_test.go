package readers

import "testing"

// TestStrayQuoteKeepsRows: a quote that opens a cell and closes on a later
// line with text after it would merge rows into one cell (as Excel reads
// it); the reader keeps every row and flags the cell instead.
func TestStrayQuoteKeepsRows(t *testing.T) {
	csv := "Product ID,Title,Price\n1,\"Lamp 12,5\n2,Teapot \"large\",6\n3,Cup,7\n"
	res, err := readAll(t, write(t, "stray.csv", csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.rows != 3 || len(res.listings) != 3 {
		t.Fatalf("rows %d listings %d, want 3 3", res.rows, len(res.listings))
	}
	a, b, c := res.listings[0], res.listings[1], res.listings[2]
	if a.Title != `"Lamp 12` || a.Price != 5 || len(a.Problems) != 1 || a.Problems[0].Pos.Cell() != "B2" {
		t.Errorf("row 2: %+v", a)
	}
	if b.ProductID != "2" || b.Title != `Teapot "large"` || b.Price != 6 || b.Pos.Row != 3 || len(b.Problems) != 0 {
		t.Errorf("row 3: %+v", b)
	}
	if c.ProductID != "3" || c.Pos.Row != 4 || c.Pos.Line != 4 {
		t.Errorf("row 4: %+v", c)
	}
	// A quoted cell over several lines, closed properly, is one cell.
	res, err = readAll(t, write(t, "ok.csv", "Title,Price\n\"Lamp\nwarm white\",5\nCup,6\n"), Options{})
	if err != nil || res.rows != 2 || res.listings[0].Title != "Lamp\nwarm white" || len(res.listings[0].Problems) != 0 || res.listings[1].Pos.Line != 4 {
		t.Errorf("multi-line cell: %v %+v", err, res)
	}
}
