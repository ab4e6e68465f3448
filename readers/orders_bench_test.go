package readers_test

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/samples/synth"
)

const benchOrderRows = 20000

var benchAsOf = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// benchOrdersCSV writes the generated order export the benchmark script
// uses (samples/gen orders), benchOrderRows rows.
func benchOrdersCSV(b *testing.B) string {
	p := filepath.Join(b.TempDir(), "orders.csv")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := synth.WriteOrdersCSV(w, benchOrderRows, 1, benchAsOf); err != nil {
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

func BenchmarkReadOrdersCSV(b *testing.B) {
	path := benchOrdersCSV(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := readers.OpenOrders(path, nil, readers.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for r.Next() {
			n += r.Batch().Rows
		}
		if r.Err() != nil || n != benchOrderRows {
			b.Fatalf("read %d rows: %v", n, r.Err())
		}
		r.Close()
	}
	b.ReportMetric(float64(benchOrderRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkAsOfPass is the first pass that finds the default as-of
// instant, as the pipeline ran it before LatestTimestampOf: every order
// built, then LatestOf.
func BenchmarkAsOfPass(b *testing.B) {
	path := benchOrdersCSV(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := readers.OpenOrders(path, nil, readers.Options{})
		if err != nil {
			b.Fatal(err)
		}
		var t time.Time
		for r.Next() {
			t = readers.LatestOf(t, r.Batch().Orders)
		}
		r.Close()
		if t.IsZero() {
			b.Fatal("no timestamp")
		}
	}
}

// BenchmarkLatestTimestampOf is the same pass through LatestTimestampOf.
func BenchmarkLatestTimestampOf(b *testing.B) {
	path := benchOrdersCSV(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t, err := readers.LatestTimestampOf(path, nil, readers.Options{})
		if err != nil || t.IsZero() {
			b.Fatal(t, err)
		}
	}
}
