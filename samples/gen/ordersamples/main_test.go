package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSamplesUpToDate fails when samples/orders*.{csv,xlsx} no longer match
// this generator: run `go run ./samples/gen/ordersamples` from the repository
// root.
func TestSamplesUpToDate(t *testing.T) {
	dir := filepath.Join("..", "..")
	want, err := EnglishCSV()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("samples/orders.csv is stale; run go run ./samples/gen/ordersamples")
	}
	if want, err = ShopifyCSV(); err != nil {
		t.Fatal(err)
	}
	if got, err = os.ReadFile(filepath.Join(dir, "orders_shopify.csv")); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("samples/orders_shopify.csv is stale; run go run ./samples/gen/ordersamples")
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "orders_aliexpress.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := ChineseRows()
	for i := range wantRows { // GetRows drops trailing empty cells
		for len(wantRows[i]) > 0 && wantRows[i][len(wantRows[i])-1] == "" {
			wantRows[i] = wantRows[i][:len(wantRows[i])-1]
		}
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("samples/orders_aliexpress.xlsx is stale; run go run ./samples/gen/ordersamples")
	}
	if n := len(Orders()); n != 49 {
		t.Errorf("%d orders, the package doc says 49", n)
	}
}
