package pipeline

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aecheck/aecheck/reports"
	"github.com/aecheck/aecheck/samples/synth"
)

const benchPipelineRows = 100000

// benchInput writes a generated 100k-row input once per benchmark.
func benchInput(b *testing.B, name string, write func(w io.Writer) error) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return p
}

func benchRun(b *testing.B, cfg Config) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := cfg
		c.Writers = []reports.Writer{reports.NewJSONL(io.Discard)}
		res, err := Run(context.Background(), c)
		if err != nil {
			b.Fatal(err)
		}
		if res.Summary.Rows != benchPipelineRows {
			b.Fatalf("read %d rows, want %d", res.Summary.Rows, benchPipelineRows)
		}
	}
	b.ReportMetric(float64(benchPipelineRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRunCatalogCSV is the whole check pipeline (read, listing and
// catalog checks, ordered release, JSONL to io.Discard) over a generated
// 100k-row CSV catalog.
func BenchmarkRunCatalogCSV(b *testing.B) {
	p := benchInput(b, "catalog.csv", func(w io.Writer) error { return synth.WriteCatalogCSV(w, benchPipelineRows, 1) })
	benchRun(b, Config{Catalogs: []Input{{Path: p}}})
}

// BenchmarkRunOrdersCSV is the orders pipeline (the as-of pass, order
// findings, metrics, JSONL to io.Discard) over 100k generated order rows.
func BenchmarkRunOrdersCSV(b *testing.B) {
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	p := benchInput(b, "orders.csv", func(w io.Writer) error { return synth.WriteOrdersCSV(w, benchPipelineRows, 1, asOf) })
	benchRun(b, Config{Orders: []Input{{Path: p}}})
}
