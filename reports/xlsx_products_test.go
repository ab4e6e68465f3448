package reports

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/checks"
)

// TestXLSXProductsAttentionFirst: of more products than the sheet lists,
// the Products sheet shows the ones that need attention first (described
// wrongly, then alert rates, then warn), the rest in no row, and says how
// many more the machine outputs hold.
func TestXLSXProductsAttentionFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.xlsx")
	x, err := CreateXLSX(path, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Begin(fixtureRun()); err != nil {
		t.Fatal(err)
	}
	n := ProductSheetRows + 500
	ok := func(i int) checks.ProductMetrics {
		return checks.ProductMetrics{Product: fmt.Sprintf("P%05d", i), WindowDays: 90, Orders: 1,
			NRStatus: "ok", SNADStatus: "ok", RatingStatus: "n/a", DescribedWrongly: "ok"}
	}
	var chunk []checks.ProductMetrics
	for i := range n {
		p := ok(i)
		switch i {
		case n - 1: // the last one offered, flagged: it must come first
			p.Orders, p.SNAD, p.SNADRate, p.SNADStatus, p.DescribedWrongly = 20, 2, 0.1, "alert", "alert"
		case n - 2:
			p.NR, p.NRRate, p.NRStatus = 1, 1, "alert"
		case 7:
			p.RatingCount, p.RatingSum, p.Rating, p.RatingStatus = 1, 4, 4, "warn"
		}
		chunk = append(chunk, p)
		if len(chunk) == 300 {
			if err := x.Products(chunk); err != nil {
				t.Fatal(err)
			}
			chunk = chunk[:0]
		}
	}
	if err := x.Products(chunk); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(fixtureSummary()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Products")
	if err != nil {
		t.Fatal(err)
	}
	top := -1
	var notes []string
	for i, r := range rows {
		if len(r) > 1 && r[1] == "Product id" {
			top = i
			break
		}
		notes = append(notes, strings.Join(r, " "))
	}
	if top < 0 {
		t.Fatalf("no header row in %q", rows)
	}
	if !strings.Contains(strings.Join(notes, "\n"), fmt.Sprintf("the other %d products", n-ProductSheetRows)) {
		t.Errorf("no note on the %d products left out: %q", n-ProductSheetRows, notes)
	}
	products := rows[top+1:]
	if len(products) != ProductSheetRows {
		t.Fatalf("%d product rows, want %d", len(products), ProductSheetRows)
	}
	want := []string{fmt.Sprintf("P%05d", n-1), fmt.Sprintf("P%05d", n-2), "P00007", "P00000", "P00001"}
	for i, id := range want {
		if products[i][1] != id {
			t.Errorf("row %d is product %s, want %s", i+1, products[i][1], id)
		}
	}
}
