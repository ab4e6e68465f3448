package readers

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestRawBatchesMatchNext reads every catalog fixture with Next and with
// NextRaw + Build, at several batch sizes, and requires the same batches.
func TestRawBatchesMatchNext(t *testing.T) {
	var paths []string
	for _, dir := range []string{"testdata", "../samples"} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				switch filepath.Ext(p) {
				case ".csv", ".tsv", ".txt", ".xlsx":
					paths = append(paths, p)
				}
			}
			return nil
		})
	}
	if len(paths) == 0 {
		t.Fatal("no fixtures")
	}
	n := 0
	for _, p := range paths {
		for _, size := range []int{1, 2, 7, 500} {
			n += compareRawAndNext(t, p, Options{BatchSize: size, Shop: "s", Sheet: "*"})
		}
	}
	if n == 0 {
		t.Fatal("no batches compared")
	}
	t.Logf("%d files, %d batches", len(paths), n)
}

// compareRawAndNext reads p with Next, and with NextRaw to the end before
// building the raw batches in order, releasing each after use: the batches
// must be equal, so no row's cells live in a slab that an earlier batch
// hands back when it is built (as the rows of a product that continues
// into the next batch would). It returns the number of batches compared.
func compareRawAndNext(t *testing.T, p string, opt Options) int {
	t.Helper()
	a, err := OpenCatalog(p, nil, opt)
	if err != nil {
		return 0
	}
	defer a.Close()
	b, err := OpenCatalog(p, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var want []*Batch
	for a.Next() {
		want = append(want, a.Batch())
	}
	var raws []*RawBatch
	for b.NextRaw() {
		raws = append(raws, b.Raw())
	}
	if len(want) != len(raws) {
		t.Fatalf("%s, batch size %d: %d batches with Next, %d with NextRaw", p, opt.BatchSize, len(want), len(raws))
	}
	if !reflect.DeepEqual(a.Err(), b.Err()) {
		t.Fatalf("%s: errors differ: %v, %v", p, a.Err(), b.Err())
	}
	for i := range raws {
		got := raws[i].Build()
		if !reflect.DeepEqual(want[i], got) {
			t.Fatalf("%s, batch size %d: batch %d differs:\nNext: %+v\nRaw:  %+v", p, opt.BatchSize, i, want[i], got)
		}
		got.Release()
	}
	return len(raws)
}

// TestBatchBytes: rows with long descriptions end a batch at BatchBytes
// rather than at the batch size, with and without NextRaw; every row is in
// exactly one batch, a product's continuation rows stay with it, and a row
// larger than the limit still makes a batch of its own.
func TestBatchBytes(t *testing.T) {
	desc := strings.Repeat("Solid oak shelf ", BatchBytes/16/8) // about an eighth of the limit
	var b strings.Builder
	b.WriteString("Product ID,Title,Description,Category,Price,Image Src\n")
	rows := 0
	for i := range 60 {
		fmt.Fprintf(&b, "%d,Oak shelf %d,%s,Home > Shelves,12.50,https://img/%d-1.jpg\n", 1000+i, i, desc, i)
		rows++
		if i%5 == 0 { // a variant row, Shopify style: same id, no title
			fmt.Fprintf(&b, "%d,,,,13.50,https://img/%d-2.jpg\n", 1000+i, i)
			rows++
		}
	}
	fmt.Fprintf(&b, "2000,Huge,%s,Home,1,x\n", strings.Repeat("y", BatchBytes+10))
	rows++
	path := filepath.Join(t.TempDir(), "long.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []bool{false, true} {
		r, err := OpenCatalog(path, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		seen, batches := 0, 0
		ids := map[string]bool{}
		for {
			var bt *Batch
			if raw {
				if !r.NextRaw() {
					break
				}
				bt = r.Raw().Build()
			} else {
				if !r.Next() {
					break
				}
				bt = r.Batch()
			}
			batches++
			seen += bt.Rows
			size := 0
			for _, l := range bt.Listings {
				if ids[l.ProductID] {
					t.Fatalf("raw=%v: product %s in two batches", raw, l.ProductID)
				}
				ids[l.ProductID] = true
				size += len(l.Description)
				if i := l.Images; l.ProductID != "2000" && i != 1 && i != 2 {
					t.Errorf("raw=%v: product %s has %d images (its variant row not folded in?)", raw, l.ProductID, i)
				}
			}
			if len(bt.Listings) > 1 && size > BatchBytes+len(desc) {
				t.Errorf("raw=%v: batch %d holds %d bytes of descriptions in %d listings", raw, batches, size, len(bt.Listings))
			}
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		if seen != rows || len(ids) != 61 {
			t.Fatalf("raw=%v: %d rows in %d products, want %d in 61", raw, seen, len(ids), rows)
		}
		if batches < 8 {
			t.Errorf("raw=%v: %d batches; 61 products of an eighth of BatchBytes each make at least 8", raw, batches)
		}
	}
}
