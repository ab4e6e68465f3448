package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
		if m["status"] != "no-data" || m["value"] != 0.0 || m["numerator"] != 0.0 {
			t.Errorf("without dispute columns %s = %v, want status no-data, value and numerator 0", k, m)
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
