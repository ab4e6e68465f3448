package readers

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is the folder of real-world files shared by the project; tests
// that need it are skipped when it is absent.
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

func corpusFile(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(corpusDir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %s absent", rel)
	}
	return p
}

func TestCorpus(t *testing.T) {
	tests := []struct {
		file     string
		rows     int
		entities int
		cont     int
		check    func(t *testing.T, res *result)
	}{
		{"aliexpress-search-en/aliexpress_products.csv", 750, 750, 0, func(t *testing.T, res *result) {
			l := res.listings[0]
			if l.Price != 9.94 || !l.HasPrice || l.Pos.Row != 2 {
				t.Errorf("first listing %+v", l)
			}
			if l := res.listings[8]; l.Price != 81.65 || l.Pos.Row != 10 {
				t.Errorf("row 10 = %+v", l)
			}
			for _, l := range res.listings {
				if !l.HasPrice || len(l.Problems) > 0 {
					t.Errorf("row %d: price %v problems %+v", l.Pos.Row, l.HasPrice, l.Problems)
				}
			}
		}},
		{"aliexpress-search-fr/aliexpress_multi_page_firefox.csv", 240, 240, 0, func(t *testing.T, res *result) {
			l := res.listings[0]
			if l.Price != 143.97 || l.Images != 1 || l.Title[:4] != "Polo" {
				t.Errorf("first listing %+v", l)
			}
		}},
		{"hm-products-xlsx/products.xlsx", 5400, 5400, 0, func(t *testing.T, res *result) {
			l := res.listings[0]
			if l.ProductID != "1212699013" || l.Price != 5.99 || l.Brand != "H&M" || l.Pos.Sheet != "Sheet1" || l.Pos.Row != 2 {
				t.Errorf("first listing %+v", l)
			}
			zeros := 0
			for _, l := range res.listings {
				if len(l.ProductID) > 0 && l.ProductID[0] == '0' {
					zeros++
				}
			}
			if zeros == 0 {
				t.Error("no id kept its leading zeros")
			}
		}},
		{"shopify-export-velofant/products_export_1.csv", 48, 14, 34, func(t *testing.T, res *result) {
			l := res.listings[0]
			if l.ProductID != "velofant-wheelset-1" || l.Brand != "Velofant" || l.Images != 8 || l.Price != 2999 {
				t.Errorf("first listing %+v", l)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			res, err := readAll(t, corpusFile(t, tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			n := len(res.listings)
			if res.rows != tt.rows || n != tt.entities || res.cont != tt.cont {
				t.Errorf("rows %d entities %d continuation %d, want %d %d %d", res.rows, n, res.cont, tt.rows, tt.entities, tt.cont)
			}
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

func TestCorpusNotACatalog(t *testing.T) {
	_, err := OpenCatalog(corpusFile(t, "olist-orders-sample/olist_products_dataset.csv"), nil, Options{})
	if err == nil {
		t.Fatal("olist products has no title column, want an error")
	}
}
