package reports

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/checks"
)

func histDay(d int) time.Time { return time.Date(2024, 5, d, 0, 0, 0, 0, time.UTC) }

func historyText(ps []HistoryPoint) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%s %s %s %d %g %g/%g %s\n", p.Date.Format("2006-01-02"), p.Shop, p.Metric, p.WindowDays, p.Value, p.Numerator, p.Denominator, p.Status)
	}
	return b.String()
}

func TestHistoryAppendReplaceRead(t *testing.T) {
	dir := t.TempDir()
	ms := testMetrics()
	if err := AppendHistory(dir, histDay(30), "", ms); err != nil {
		t.Fatal(err)
	}
	// A later as-of in another zone still lands on its own calendar date.
	ist := time.FixedZone("IST", 5*3600+1800)
	if err := AppendHistory(dir, time.Date(2024, 5, 31, 1, 0, 0, 0, ist), "", ms[:2]); err != nil {
		t.Fatal(err)
	}
	// Re-running May 30 with other numbers replaces that partition.
	again := []checks.Metric{
		{Shop: "north", Scope: "shop", Name: "nr_rate", WindowDays: 30, Numerator: 6, Denominator: 120, Value: 0.05, Status: "warn"},
		{Shop: "north", Scope: "carrier", Key: "Cainiao", Name: "nr_rate", WindowDays: 30, Numerator: 1, Denominator: 2, Value: 0.5, Status: "alert"},
	}
	if err := AppendHistory(dir, histDay(30), "", again); err != nil {
		t.Fatal(err)
	}
	// Entries that are not partitions are skipped.
	os.WriteFile(filepath.Join(dir, "README"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(dir, "date=2024-05-29"), 0o755) // no file: a run killed early
	os.MkdirAll(filepath.Join(dir, "date=yesterday"), 0o755)
	os.MkdirAll(filepath.Join(dir, "other"), 0o755)

	got, err := ReadHistory(dir, histDay(1), histDay(31))
	if err != nil {
		t.Fatal(err)
	}
	want := `2024-05-30 north nr_rate 30 0.05 6/120 warn
2024-05-31 north nr_rate 7 0.1 2/20 alert
2024-05-31 north nr_rate 30 0.025 3/120 ok
`
	if s := historyText(got); s != want {
		t.Errorf("history:\n%s\nwant:\n%s", s, want)
	}
	for _, p := range got {
		if p.Date.Location() != time.UTC || p.Date.Hour() != 0 {
			t.Errorf("date %v, want midnight UTC", p.Date)
		}
	}
	// The range is by calendar date, both ends included.
	got, err = ReadHistory(dir, histDay(31), histDay(31))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Errorf("May 31 alone: %d points", len(got))
	}
	got, err = ReadHistory(dir, histDay(1), time.Time{})
	if err != nil || len(got) != 3 {
		t.Errorf("open end: %d points, %v", len(got), err)
	}
	got, err = ReadHistory(dir, histDay(1), histDay(29))
	if err != nil || len(got) != 0 {
		t.Errorf("before any run: %d points, %v", len(got), err)
	}
	// Only the partition files and the skipped entries remain: no temp files.
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if s := strings.Join(files, " "); s != "README date=2024-05-30/metrics.parquet date=2024-05-31/metrics.parquet" {
		t.Errorf("files: %s", s)
	}
}

func TestHistoryPartitionIsReadableAsMetrics(t *testing.T) {
	dir := t.TempDir()
	if err := AppendHistory(dir, histDay(31), "", testMetrics()); err != nil {
		t.Fatal(err)
	}
	dump, rows, _ := readParquet(t, HistoryPartition(dir, histDay(31)))
	if !strings.Contains(dump, "key-value aecheck.schema = metrics/v3\n") {
		t.Errorf("no schema version:\n%s", dump)
	}
	var shop []checks.Metric
	for _, m := range testMetrics() {
		if m.Scope == "shop" {
			shop = append(shop, m)
		}
	}
	compareMachineRows(t, rows, wantMetricRows(shop, histDay(31), "en"))
}

func TestHistoryCorruptPartition(t *testing.T) {
	dir := t.TempDir()
	if err := AppendHistory(dir, histDay(30), "", testMetrics()); err != nil {
		t.Fatal(err)
	}
	bad := HistoryPartition(dir, histDay(31))
	os.MkdirAll(filepath.Dir(bad), 0o755)
	if err := os.WriteFile(bad, []byte("PAR1 this is not parquet"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadHistory(dir, histDay(1), histDay(31))
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("error %v, want one naming %s", err, bad)
	}
	// A Parquet file of another schema is refused too.
	other := HistoryPartition(dir, histDay(29))
	os.MkdirAll(filepath.Dir(other), 0o755)
	w, err := openMachine(other, MachineOptions{Kind: MachineFindings})
	if err != nil {
		t.Fatal(err)
	}
	w.Findings(testFindings())
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	_, err = ReadHistory(dir, histDay(29), histDay(29))
	if err == nil || !strings.Contains(err.Error(), other) || !strings.Contains(err.Error(), FindingsSchemaVersion) {
		t.Fatalf("error %v, want one naming %s and its schema", err, other)
	}
}

func TestHistoryMissingDir(t *testing.T) {
	_, err := ReadHistory(filepath.Join(t.TempDir(), "nope"), histDay(1), histDay(31))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, want fs.ErrNotExist", err)
	}
	if err := AppendHistory(t.TempDir(), time.Time{}, "", nil); err == nil {
		t.Error("zero as-of: no error")
	}
}

func TestReadableMetrics(t *testing.T) {
	for v, want := range map[string]bool{
		MetricsSchemaVersion: true, "metrics/v2": true, "metrics/v1": true,
		"findings/v2": false, "metrics/v9": false, "": false,
	} {
		if got := readableMetrics(v); got != want {
			t.Errorf("readableMetrics(%q) = %v, want %v", v, got, want)
		}
	}
}
