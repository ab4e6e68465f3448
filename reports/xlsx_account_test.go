package reports

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
)

// accountFixture returns the account metrics of a small shop: three live
// violations, withdrawals in two months and an open penalty.
func accountFixture() []checks.Metric {
	at := func(s string) time.Time {
		t, _ := time.Parse("2006-01-02 15:04", s)
		return t
	}
	d := checks.AccountData{
		Violations: []readers.Violation{
			{Pos: readers.Pos{File: "v.csv", Row: 2}, ID: "V1", Date: at("2026-01-10 08:00"), Points: 12},
			{Pos: readers.Pos{File: "v.csv", Row: 3}, ID: "V2", Date: at("2026-05-01 08:00"), Points: 6},
			{Pos: readers.Pos{File: "v.csv", Row: 4}, ID: "V3", Date: at("2026-09-01 08:00"), Points: 6},
		},
		Activities: []readers.Activity{
			{Pos: readers.Pos{File: "a.csv", Row: 2}, ID: "A1", Level: "S", StartAt: at("2026-11-10 00:00"), CancelledAt: at("2026-11-11 00:00")},
			{Pos: readers.Pos{File: "a.csv", Row: 3}, ID: "A2", StartAt: at("2026-12-10 00:00"), CancelledAt: at("2026-10-11 00:00")},
			{Pos: readers.Pos{File: "a.csv", Row: 4}, ID: "A3", StartAt: at("2026-12-10 00:00"), CancelledAt: at("2026-11-12 00:00")},
		},
	}
	_, ms := checks.NewAccountRunner(nil, at("2026-11-20 12:00")).Run([]checks.AccountData{d}, true, true)
	return ms
}

func writeAccountXLSX(t *testing.T, path string) {
	t.Helper()
	x, err := CreateXLSX(path, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	run := &Run{Tool: "aecheck test", Command: "account", AsOf: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Checks: checks.All}
	if err := x.Begin(run); err != nil {
		t.Fatal(err)
	}
	if err := x.Metrics(accountFixture()); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(&Summary{AsOf: run.AsOf}); err != nil {
		t.Fatal(err)
	}
}

// TestXLSXAccountSheet: the Account sheet's cells (golden), its two charts,
// no account metric on the Metrics sheet, and the same bytes twice.
func TestXLSXAccountSheet(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	writeAccountXLSX(t, a)
	writeAccountXLSX(t, b)
	f, err := excelize.OpenFile(a, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Summary|Findings|Account|Rules" {
		t.Errorf("sheets %s", got)
	}
	dump := dumpXLSX(t, a)
	i := bytes.Index(dump, []byte("== Account"))
	j := bytes.Index(dump, []byte("== Rules"))
	if i < 0 || j < i {
		t.Fatalf("no Account sheet in the dump")
	}
	goldenCompare(t, "golden.account.xlsx.txt", dump[i:j])
	zr, err := zip.OpenReader(a)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	charts := 0
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
	}
	if charts != 2 {
		t.Errorf("%d charts, want 2 (points timeline, withdrawals per month)", charts)
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ba, bb) {
		t.Error("two runs gave different bytes")
	}
}
