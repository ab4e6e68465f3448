package reports

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
)

// missingREPFindings is a catalog of n products, none with a REP column:
// each product has a rep-missing finding from that absence, and every
// third a title finding of its own.
func missingREPFindings(n int) []checks.Finding {
	var fs []checks.Finding
	for i := range n {
		row := i + 2
		fs = append(fs, checks.Finding{
			Check: "rep-missing", Severity: checks.Error, Kind: "listing",
			Pos:    readers.Pos{File: "big.csv", Row: row, Col: 0, Field: "rep"},
			Entity: fmt.Sprintf("P%04d", i), Message: "the product is sold in France and needs a REP identifier",
			Fix:      "Register with the eco-organisation and put the IDU in the REP column.",
			Evidence: &checks.Evidence{MissingColumn: "rep"},
		})
		if i%3 == 0 {
			fs = append(fs, checks.Finding{
				Check: "title-length", Severity: checks.Warning, Kind: "listing",
				Pos:    readers.Pos{File: "big.csv", Row: row, Col: 2, Field: "title"},
				Entity: fmt.Sprintf("P%04d", i), Value: fmt.Sprintf("Title of product %d", i),
				Message: "title has 140 characters; the limit is 128", Fix: "Shorten the title to 128 characters.",
			})
		}
	}
	return fs
}

// writeFindings writes a workbook of fs and returns it opened.
func writeFindings(t *testing.T, fs []checks.Finding, opt XLSXOptions) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.xlsx")
	x, err := CreateXLSX(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Begin(fixtureRun()); err != nil {
		t.Fatal(err)
	}
	if err := x.Findings(fs); err != nil {
		t.Fatal(err)
	}
	sum := &Summary{Findings: len(fs), BySeverity: map[checks.Severity]int{}, ByCheck: map[string]int{}}
	for _, f := range fs {
		sum.BySeverity[f.Severity]++
		sum.ByCheck[f.Check]++
	}
	if err := x.Close(sum); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestXLSXWholeFileOnce(t *testing.T) {
	const n = 750
	fs := missingREPFindings(n)
	f := writeFindings(t, fs, XLSXOptions{})

	// The Summary names the missing REP column once, with the count.
	mentions := 0
	var count string
	for _, r := range rowsOf(t, f, "Summary") {
		for c, v := range r {
			if strings.Contains(v, "no REP column") {
				mentions++
				if c+2 < len(r) {
					count = r[c+2]
				}
			}
		}
	}
	if mentions != 1 || count != fmt.Sprint(n) {
		t.Errorf("Summary mentions the missing REP column %d times with count %q, want once with %d", mentions, count, n)
	}

	// Findings: one row for the whole file, then the titles, not 750 rows.
	rows := rowsOf(t, f, "Findings")
	titles := (n + 2) / 3
	if got, want := len(rows)-1, 1+titles; got != want {
		t.Fatalf("Findings has %d rows, want %d (one whole-file row and %d title rows)", got, want, titles)
	}
	if r := rows[1]; r[1] != "rep-missing" || r[7] != fmt.Sprintf("%d products", n) || !strings.Contains(r[9], "see the Summary") {
		t.Errorf("whole-file row %q", r)
	}
	repRows := 0
	for _, r := range rows[1:] {
		if r[1] == "rep-missing" {
			repRows++
		}
	}
	if repRows != 1 {
		t.Errorf("%d rep-missing rows on Findings, want 1", repRows)
	}
	if dim, _ := f.GetSheetDimension("Findings"); dim != fmt.Sprintf("A1:M%d", titles+2) {
		t.Errorf("Findings dimension %s", dim)
	}
}

// TestXLSXWholeFileNotGrouped: a rep-missing finding of a row whose file
// has a REP column (the cell is empty) stays on its own row.
func TestXLSXWholeFileNotGrouped(t *testing.T) {
	fs := missingREPFindings(3)
	for i := range fs {
		fs[i].Evidence = nil
	}
	f := writeFindings(t, fs, XLSXOptions{})
	if got := len(rowsOf(t, f, "Findings")) - 1; got != len(fs) {
		t.Errorf("Findings has %d rows, want %d", got, len(fs))
	}
	for _, r := range rowsOf(t, f, "Summary") {
		for _, v := range r {
			if strings.Contains(v, "whole file") {
				t.Errorf("Summary speaks of a whole file: %q", v)
			}
		}
	}
}
