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
			opt := Options{BatchSize: size, Shop: "s", Sheet: "*"}
			a, err := OpenCatalog(p, nil, opt)
			if err != nil {
				continue
			}
			b, err := OpenCatalog(p, nil, opt)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				okA, okB := a.Next(), b.NextRaw()
				if okA != okB {
					t.Fatalf("%s, batch size %d: batch %d: Next %v, NextRaw %v", p, size, i, okA, okB)
				}
				if !okA {
					break
				}
				n++
				want, got := a.Batch(), b.Raw().Build()
				if !reflect.DeepEqual(want, got) {
					t.Fatalf("%s, batch size %d: batch %d differs:\nNext: %+v\nRaw:  %+v", p, size, i, want, got)
				}
			}
			if !reflect.DeepEqual(a.Err(), b.Err()) {
				t.Fatalf("%s: errors differ: %v, %v", p, a.Err(), b.Err())
			}
			a.Close()
			b.Close()
		}
	}
	if n == 0 {
		t.Fatal("no batches compared")
	}
	t.Logf("%d files, %d batches", len(paths), n)
}
