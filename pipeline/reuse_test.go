package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// writeShopsCatalog writes a catalog with a shop column, two shops whose
// names change from row to row, Shopify-style continuation rows (a
// product's variants on the rows below it, title empty), quoted cells and
// duplicates, so that products straddle batches and shops, values and
// product ids reach every report.
func writeShopsCatalog(t *testing.T, path string, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("Shop,Product ID,SKU,Title,Description,Category,Price,Stock,Images,Ship To\n")
	for i := range n {
		shop := []string{"acme", "bolt shop", "Çà & co"}[i%3]
		id := fmt.Sprintf("10050%04d", i%(n-n/10)) // the last tenth repeat earlier ids
		fmt.Fprintf(&b, "%s,%s,SKU-%d,\"Cotton T-Shirt, Kids %d Summer Summer Top\",Soft <b>cotton</b> tee %d,Apparel > Kids,%d.5,%d,%d,\"FR, DE\"\n",
			shop, id, i, i, i, 5+i%7*40, i%4, 1+i%6)
		if i%5 == 0 {
			// two variants of the product above it
			fmt.Fprintf(&b, "%s,%s,SKU-%d-b,,,,%d.9,3,1,\n", shop, id, i, 6+i%3)
			fmt.Fprintf(&b, "%s,%s,SKU-%d,,,,0,0,,\n", shop, id, i) // a SKU used twice, a price of 0
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReuseMemoryDoesNotChangeOutput: a run that reuses the memory of its
// CSV input (as the command does) writes the same bytes, in every report
// format, as one that does not. AECHECK_DEBUG_REUSE=1 gives every line its
// own memory and overwrites it as soon as it is free, so a text that a
// check, the pipeline or a writer keeps without copying it comes out as
// garbage here.
func TestReuseMemoryDoesNotChangeOutput(t *testing.T) {
	t.Setenv("AECHECK_DEBUG_REUSE", "1")
	dir := t.TempDir()
	shops := filepath.Join(dir, "shops.csv")
	writeShopsCatalog(t, shops, 700)
	synthetic := writeCatalog(t, dir, "synth.csv", 2500, 3)
	orders := filepath.Join("..", "samples", "orders.csv")
	for _, batch := range []int{1, 7, 500} {
		run := func(reuse bool) map[string][]byte {
			out := filepath.Join(dir, fmt.Sprintf("reuse-%v-%d", reuse, batch))
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			var ws []reports.Writer
			names := []string{"r.jsonl", "r.csv", "r.xlsx", "r.parquet", "r.arrow"}
			for _, n := range names {
				w, err := reports.Open(filepath.Join(out, n), reports.Options{Tool: "aecheck test"})
				if err != nil {
					t.Fatal(err)
				}
				ws = append(ws, w)
			}
			var stdout bytes.Buffer
			ws = append(ws, reports.NewJSONL(&stdout))
			var seen []string
			cfg := Config{
				Catalogs: []Input{{Path: shops}, {Path: synthetic, Shop: "synth"}, {Path: filepath.Join("..", "samples", "catalog.csv")}},
				Orders:   []Input{{Path: orders}},
				Read:     readers.Options{BatchSize: batch, ReuseMemory: reuse},
				Workers:  3,
				Writers:  ws,
				// A caller that keeps copies of the texts, as OnFinding's
				// documentation asks when the memory is reused.
				OnFinding: func(f *checks.Finding) {
					seen = append(seen, strings.Clone(f.Shop)+"|"+strings.Clone(f.Entity)+"|"+strings.Clone(f.Value))
				},
			}
			if _, err := Run(context.Background(), cfg); err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{"stdout": stdout.Bytes(), "seen": []byte(strings.Join(seen, "\n"))}
			for _, n := range names {
				b, err := os.ReadFile(filepath.Join(out, n))
				if err != nil {
					t.Fatal(err)
				}
				got[n] = b
			}
			return got
		}
		off, on := run(false), run(true)
		for name, want := range off {
			if !bytes.Equal(on[name], want) {
				t.Errorf("batches of %d: %s differs when the input memory is reused", batch, name)
				os.WriteFile("/tmp/reuse-"+name+".on", on[name], 0o644)
				os.WriteFile("/tmp/reuse-"+name+".off", want, 0o644)
			}
			if len(want) == 0 {
				t.Errorf("batches of %d: %s is empty", batch, name)
			}
		}
		if !bytes.Contains(off["stdout"], []byte(`"shop":"Çà & co"`)) || !bytes.Contains(off["stdout"], []byte(`duplicate-sku`)) {
			t.Errorf("batches of %d: the shops catalog did not give the findings it was written for", batch)
		}
	}
}

// gcWriter records the collector's target each time it gets findings of
// the check it watches.
type gcWriter struct {
	reports.Writer
	check   string
	targets []int
}

func (w *gcWriter) Findings(fs []checks.Finding) error {
	for i := range fs {
		if fs[i].Check == w.check {
			pct := debug.SetGCPercent(-1)
			debug.SetGCPercent(pct)
			w.targets = append(w.targets, pct)
			break
		}
	}
	return w.Writer.Findings(fs)
}

// TestLeanFinish: a large catalog's catalog-wide checks finish with the
// collector's target lowered to finishGCPercent, and the target is put
// back after; a small catalog's are left alone.
func TestLeanFinish(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	defer func(n int) { leanFinishRows = n }(leanFinishRows)
	path := writeCatalog(t, t.TempDir(), "c.csv", 3000, 5)
	for _, c := range []struct {
		limit, want int
	}{{1000, finishGCPercent}, {10000, 200}} {
		leanFinishRows = c.limit
		w := &gcWriter{Writer: reports.NewJSONL(io.Discard), check: "price-outlier"}
		if _, err := Run(context.Background(), Config{Catalogs: []Input{{Path: path}}, Writers: []reports.Writer{w}}); err != nil {
			t.Fatal(err)
		}
		if len(w.targets) == 0 {
			t.Fatal("no price-outlier findings: the test catalog does not exercise the end of the run")
		}
		for _, got := range w.targets {
			if got != c.want {
				t.Errorf("catalog of 3000 rows, lean from %d: target %d while finishing, want %d", c.limit, got, c.want)
			}
		}
		if after := debug.SetGCPercent(200); after != 200 {
			t.Errorf("target %d after the run, want 200 back", after)
		}
	}
}
