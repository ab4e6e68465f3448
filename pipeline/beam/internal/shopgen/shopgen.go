// Package shopgen makes a folder of generated shops from the sample catalog
// and orders, for the tests and the benchmark of the many-shops pipeline:
// every shop a different subset of the samples' rows, some with files that
// cannot be read.
package shopgen

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
)

// Bad says which kind of broken file a shop gets, if any.
type Bad int

// Broken files, one kind per bad shop.
const (
	Good         Bad = iota
	NotACSV          // a binary file named catalog.csv
	NoTitle          // a catalog without a title column
	BrokenOrders     // an order export with no order column
	BrokenXLSX       // a workbook that is not a ZIP archive
)

// Shops writes n shops under dir/shops/shop-NNN and returns their names.
// Shop i is bad with the kind bad(i) (Good for most). samples is the
// samples folder of the aecheck repository.
func Shops(dir, samples string, n int, bad func(i int) Bad) ([]string, error) {
	cat, err := readCSV(filepath.Join(samples, "catalog.csv"))
	if err != nil {
		return nil, err
	}
	ord, err := readCSV(filepath.Join(samples, "orders.csv"))
	if err != nil {
		return nil, err
	}
	var names []string
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("shop-%03d", i)
		names = append(names, name)
		sd := filepath.Join(dir, "shops", name)
		if err := os.MkdirAll(sd, 0o755); err != nil {
			return nil, err
		}
		c := subset(cat, i, 3)
		o := subset(ord, i, 4)
		switch bad(i) {
		case NotACSV:
			if err := os.WriteFile(filepath.Join(sd, "catalog.csv"), []byte("%PDF-1.4\x00\x01\x02\xff\xfe binary"), 0o644); err != nil {
				return nil, err
			}
		case NoTitle:
			if err := writeCSV(filepath.Join(sd, "catalog.csv"), dropColumn(c, "Title")); err != nil {
				return nil, err
			}
		case BrokenXLSX:
			if err := os.WriteFile(filepath.Join(sd, "catalog.xlsx"), []byte("PK\x03\x04 not really a workbook"), 0o644); err != nil {
				return nil, err
			}
		default:
			if err := writeCSV(filepath.Join(sd, "catalog.csv"), c); err != nil {
				return nil, err
			}
		}
		if bad(i) == BrokenOrders {
			if err := os.WriteFile(filepath.Join(sd, "orders.csv"), []byte("Colour,Size\nred,XL\nblue,M\n"), 0o644); err != nil {
				return nil, err
			}
		}
		if i%6 == 1 { // the account exports of the samples
			for _, f := range []string{"violations.csv", "activities_zh.csv"} {
				b, err := os.ReadFile(filepath.Join(samples, f))
				if err != nil {
					return nil, err
				}
				if err := os.WriteFile(filepath.Join(sd, f), b, 0o644); err != nil {
					return nil, err
				}
			}
		}
		if bad(i) == BrokenOrders {
		} else if i%5 != 4 { // every fifth shop has a catalog only
			if err := writeCSV(filepath.Join(sd, "orders.csv"), o); err != nil {
				return nil, err
			}
		}
	}
	return names, nil
}

// subset keeps the header and the rows whose index is not i mod k, and
// changes the titles a little so that shops differ.
func subset(rows [][]string, i, k int) [][]string {
	out := [][]string{rows[0]}
	for j, r := range rows[1:] {
		if (j+i)%k == 0 {
			continue
		}
		out = append(out, append([]string(nil), r...))
	}
	return out
}

func dropColumn(rows [][]string, name string) [][]string {
	col := -1
	for j, h := range rows[0] {
		if h == name {
			col = j
		}
	}
	if col < 0 {
		return rows
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append(append([]string(nil), r[:col]...), r[col+1:]...)
	}
	return out
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
