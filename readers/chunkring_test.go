package readers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeRows writes a catalog of n products to a CSV file in dir.
func writeRows(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Product ID,Title,Category,Price\n")
	for i := range n {
		fmt.Fprintf(&b, "%d,Title number %d,Toys,%d.5\n", 1000+i, i, i)
	}
	path := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readKept reads path with NextRaw and ReuseMemory, builds and releases
// each batch (in the order read, or, with swap, the first two the other way
// round), and returns the titles read, as they were when read and as they
// are at the end, kept without copying them.
func readKept(t *testing.T, path string, swap bool) (when, after []string) {
	t.Helper()
	r, err := OpenCatalog(path, nil, Options{BatchSize: 3, ReuseMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var kept []string
	var pending []*Batch
	for r.NextRaw() {
		b := r.Raw().Build()
		for i := range b.Listings {
			when = append(when, strings.Clone(b.Listings[i].Title))
			kept = append(kept, b.Listings[i].Title)
		}
		pending = append(pending, b)
		if swap && len(pending) == 2 {
			pending[1].Release()
			pending[0].Release()
			pending = nil
		}
		if !swap {
			b.Release()
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return when, kept
}

// TestChunkRingReusesReleasedMemory: with ReuseMemory, a CSV's cells are read
// into memory that comes back once their batches are released in order;
// AECHECK_DEBUG_REUSE=1 overwrites it then, so a cell kept past its batch
// is garbage, and every cell read is right while its batch is out. A
// release out of order stops the reuse: nothing is overwritten.
func TestChunkRingReusesReleasedMemory(t *testing.T) {
	t.Setenv("AECHECK_DEBUG_REUSE", "1")
	path := writeRows(t, t.TempDir(), 40)
	when, after := readKept(t, path, false)
	if len(when) != 40 {
		t.Fatalf("read %d titles, want 40", len(when))
	}
	for i, w := range when {
		if want := fmt.Sprintf("Title number %d", i); w != want {
			t.Errorf("title %d read as %q, want %q", i, w, want)
		}
	}
	// The early titles' memory was free long before the end: overwritten
	// with \x7f, or holding a later line (the first row was read with the
	// header, before any reuse).
	for i := 1; i < 20; i++ {
		if after[i] == when[i] {
			t.Errorf("title %d kept past its batch reads %q at the end; want its memory overwritten or reused", i, after[i])
		}
	}
	// The last batch is never released before the end: still intact.
	if after[39] != when[39] {
		t.Errorf("title 39 reads %q at the end, want %q", after[39], when[39])
	}

	when, after = readKept(t, path, true)
	for i := range when {
		if after[i] != when[i] {
			t.Fatalf("batches released out of order: title %d changed from %q to %q; the memory must not be reused", i, when[i], after[i])
		}
	}

	// Without ReuseMemory nothing is reused, whatever the environment says.
	r, err := OpenCatalog(path, nil, Options{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var kept []string
	for r.NextRaw() {
		b := r.Raw().Build()
		for i := range b.Listings {
			kept = append(kept, b.Listings[i].Title)
		}
		b.Release()
	}
	for i, k := range kept {
		if want := fmt.Sprintf("Title number %d", i); k != want {
			t.Fatalf("without ReuseMemory title %d reads %q at the end, want %q", i, k, want)
		}
	}
}
