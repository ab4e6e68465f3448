package reports

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocarina/gocsv"
)

// csvHeader returns the header gocsv writes for a wire struct.
func csvHeader(t *testing.T, wire any) []string {
	t.Helper()
	var s string
	var err error
	switch w := wire.(type) {
	case csvFinding:
		s, err = gocsv.MarshalString([]csvFinding{w})
	case csvMetric:
		s, err = gocsv.MarshalString([]csvMetric{w})
	}
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("header: %v", err)
	}
	return rows[0]
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		"=SUM(A1)":   "'=SUM(A1)",
		"+1":         "'+1",
		"-5":         "'-5",
		"@cmd":       "'@cmd",
		"\tx":        "'\tx",
		"\rx":        "'\rx",
		"'quoted":    "'quoted",
		"a=b":        "a=b",
		" =x":        " =x",
		"Наушники":   "Наушники",
		"1005001":    "1005001",
		"＝fullwidth": "＝fullwidth",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVFindingsGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "findings.csv")
	writeMachine(t, path, MachineFindings, 3, testFindings(), testMetrics())
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkMachineGolden(t, "golden.findings.csv", b)

	// Read back with encoding/csv: one record per finding, no cell that a
	// spreadsheet would run, numbers left alone.
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fs := testFindings()
	if len(rows) != len(fs)+1 {
		t.Fatalf("%d records, want %d", len(rows), len(fs)+1)
	}
	header := rows[0]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for i, r := range rows[1:] {
		for j, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d column %s: cell %q would run as a formula", i+1, header[j], cell)
			}
		}
		if r[col["row"]] == "" || strings.HasPrefix(r[col["row"]], "'") {
			t.Errorf("row %d: row number %q", i+1, r[col["row"]])
		}
	}
	if got := rows[3][col["value"]]; got != "'-5" {
		t.Errorf("negative value cell %q, want '-5", got)
	}
	if got := rows[8][col["row"]]; got != "100000" {
		t.Errorf("row cell %q, want 100000", got)
	}
	if got := rows[5][col["line"]]; got != "" {
		t.Errorf("XLSX finding has line %q, want empty", got)
	}
	if got := rows[5][col["cell"]]; got != "" {
		t.Errorf("whole-row finding has cell %q, want empty", got)
	}
}

func TestCSVMetricsGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.csv")
	writeMachine(t, path, MachineMetrics, 3, testFindings(), testMetrics())
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkMachineGolden(t, "golden.metrics.csv", b)
}

func TestCSVEmptyHasHeader(t *testing.T) {
	for _, kind := range []MachineKind{MachineFindings, MachineMetrics} {
		path := filepath.Join(t.TempDir(), "empty.csv")
		writeMachine(t, path, kind, 3, nil, nil)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(string(b), "\n") != 1 {
			t.Errorf("empty file:\n%s", b)
		}
	}
}
