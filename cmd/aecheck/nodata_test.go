package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// dropColumns writes the CSV src without the columns named drop to dst.
func dropColumns(t *testing.T, src, dst string, drop ...string) {
	t.Helper()
	in, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(in))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var keep []int
	for i, h := range rows[0] {
		if !slices.Contains(drop, h) {
			keep = append(keep, i)
		}
	}
	if len(keep) != len(rows[0])-len(drop) {
		t.Fatalf("%s lacks some of the columns %v", src, drop)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, r := range rows {
		out := make([]string, len(keep))
		for j, i := range keep {
			out[j] = r[i]
		}
		w.Write(out)
	}
	w.Flush()
	if err := os.WriteFile(dst, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMetricsNoDataColumns: an order export without the dispute columns
// reads "no data" for the dispute rates in the JSONL, the XLSX Metrics
// sheet and on screen, never "ok" with 0 disputes; the same export with
// the columns reads a number.
func TestMetricsNoDataColumns(t *testing.T) {
	dir := t.TempDir()
	orders := filepath.Join(dir, "orders.csv")
	dropColumns(t, filepath.Join(samples, "orders.csv"), orders, "Dispute Type", "Dispute Time", "Dispute Status")
	const asOf = "2025-03-14T18:00:00Z"

	statuses := func(path string) map[string]map[string]any {
		t.Helper()
		code, out, stderr := aecheck(t, "", "orders", "--fail-on", "never", "--as-of", asOf, path, "-o", "-")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", path, code, stderr)
		}
		got := map[string]map[string]any{}
		for _, l := range strings.Split(out, "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) != nil || m["kind"] != "metric" || m["scope"] != "shop" {
				continue
			}
			got[fmt.Sprint(m["metric"], "/", m["window_days"])] = m
		}
		return got
	}
	without, with := statuses(orders), statuses(filepath.Join(samples, "orders.csv"))
	for _, k := range []string{"nr_rate/30", "nr_rate/90", "snad_rate/30", "snad_rate/90"} {
		m := without[k]
		if m == nil {
			t.Fatalf("no %s line", k)
		}
		if v, ok := m["value"]; m["status"] != "no-data" || !ok || v != nil || m["numerator"] != nil {
			t.Errorf("without dispute columns %s = %v, want status no-data, value and numerator null", k, m)
		}
		if w := with[k]; w == nil || w["status"] == "no-data" {
			t.Errorf("with dispute columns %s = %v, want a status other than no-data", k, w)
		}
	}
	for _, k := range []string{"late_ship_rate/30", "incomplete_rate/90", "dsr_description/90"} {
		if without[k]["status"] != with[k]["status"] || without[k]["value"] != with[k]["value"] {
			t.Errorf("%s changed without the dispute columns: %v, was %v", k, without[k], with[k])
		}
	}

	report := filepath.Join(dir, "report.xlsx")
	code, stdout, stderr := aecheck(t, "", "orders", "--fail-on", "never", "--as-of", asOf, orders, "-o", report)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if screen := stdout + stderr; !strings.Contains(screen, "no data in the order export for not-received disputes, not-as-described disputes") {
		t.Errorf("the screen does not say the dispute rates have no data:\n%s", screen)
	}
	f, err := excelize.OpenFile(report)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Metrics")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		line := strings.Join(r, "\t")
		if !strings.Contains(line, "Not received disputes") && !strings.Contains(line, "Not as described disputes") {
			continue
		}
		if !slices.Contains(r, "No data in export") || slices.Contains(r, "OK") {
			t.Errorf("Metrics sheet row %q: want \"No data in export\", not OK", line)
		}
		n++
	}
	if n == 0 {
		t.Errorf("the Metrics sheet has no dispute rate row:\n%s", fmtDump(rows))
	}
}

// machineRows reads a metrics or products file (.csv, .parquet, .arrow) as
// rows of column name to value, nil for a null (an empty CSV cell).
func machineRows(t *testing.T, path string) []map[string]any {
	t.Helper()
	var out []map[string]any
	if filepath.Ext(path) == ".csv" {
		f, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(string(f))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			m := map[string]any{}
			for i, h := range rows[0] {
				if r[i] != "" {
					m[h] = r[i]
				} else {
					m[h] = nil
				}
			}
			out = append(out, m)
		}
		return out
	}
	recs := machineRecords(t, path)
	for _, rec := range recs {
		for i := range int(rec.NumRows()) {
			m := map[string]any{}
			for j, c := range rec.Columns() {
				if c.IsNull(i) {
					m[rec.ColumnName(j)] = nil
				} else {
					m[rec.ColumnName(j)] = c.ValueStr(i)
				}
			}
			out = append(out, m)
		}
		rec.Release()
	}
	return out
}

// machineRecords reads the records of a Parquet or Arrow IPC file with the
// library's readers; the caller releases them.
func machineRecords(t *testing.T, path string) []arrow.Record {
	t.Helper()
	var recs []arrow.Record
	if filepath.Ext(path) == ".parquet" {
		pf, err := file.OpenParquetFile(path, false)
		if err != nil {
			t.Fatal(err)
		}
		defer pf.Close()
		fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1024}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		rr, err := fr.GetRecordReader(context.Background(), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer rr.Release()
		for rr.Next() {
			rec := rr.Record()
			rec.Retain()
			recs = append(recs, rec)
		}
		return recs
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := range r.NumRecords() {
		rec, err := r.Record(i)
		if err != nil {
			t.Fatal(err)
		}
		rec.Retain()
		recs = append(recs, rec)
	}
	return recs
}

// TestMetricsNoDataNullEveryFormat: without the dispute columns, the
// dispute rates' numerator and value, and each product's dispute counts
// and rates, are null (an empty cell in CSV) in the metrics and products
// files of every format, never 0; the metrics the export can show keep
// their numbers.
func TestMetricsNoDataNullEveryFormat(t *testing.T) {
	dir := t.TempDir()
	orders := filepath.Join(dir, "orders.csv")
	dropColumns(t, filepath.Join(samples, "orders.csv"), orders, "Dispute Type", "Dispute Time", "Dispute Status")
	args := []string{"orders", "--quiet", "--fail-on", "never", "--as-of", "2025-03-14T18:00:00Z", orders}
	exts := []string{".csv", ".parquet", ".arrow"}
	for _, ext := range exts {
		args = append(args, "--metrics-out", filepath.Join(dir, "m"+ext), "--products-out", filepath.Join(dir, "p"+ext))
	}
	if code, _, stderr := aecheck(t, "", args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, ext := range exts {
		noData, withData := 0, 0
		for _, m := range machineRows(t, filepath.Join(dir, "m"+ext)) {
			if m["status"] == "no-data" {
				noData++
				if m["value"] != nil || m["numerator"] != nil || m["denominator"] == nil {
					t.Errorf("m%s: %v: want value and numerator null, the denominator kept", ext, m)
				}
			} else if m["status"] != "" && m["value"] == nil {
				t.Errorf("m%s: %v: a metric with data has no value", ext, m)
			} else {
				withData++
			}
			if name := m["metric"]; m["scope"] == "shop" && (name == "nr_rate" || name == "snad_rate") && m["status"] != "no-data" {
				t.Errorf("m%s: %v: want no-data", ext, m)
			}
		}
		if noData == 0 || withData == 0 {
			t.Errorf("m%s: %d metrics without data, %d with; want some of each", ext, noData, withData)
		}
		products := machineRows(t, filepath.Join(dir, "p"+ext))
		if len(products) == 0 {
			t.Fatalf("p%s: no product", ext)
		}
		for _, p := range products {
			if p["nr_status"] != "no-data" || p["snad_status"] != "no-data" {
				t.Errorf("p%s: %v: want the dispute statuses no-data", ext, p)
			}
			for _, col := range []string{"nr", "nr_rate", "snad", "snad_rate"} {
				if p[col] != nil {
					t.Errorf("p%s: product %v: %s = %v, want null", ext, p["product_id"], col, p[col])
				}
			}
			if p["orders"] == nil {
				t.Errorf("p%s: product %v: orders null", ext, p["product_id"])
			}
		}
	}
}
