package readers

import (
	"os"
	"path/filepath"
	"reflect"
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
