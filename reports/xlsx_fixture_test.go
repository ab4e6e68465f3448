package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func updating() bool { return *update }

// goldenCompare compares got with testdata/name, or rewrites it with -update.
func goldenCompare(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test ./reports -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

var fixtureAsOf = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func fixtureRun() *Run {
	return &Run{
		Tool:    "aecheck v0.0.0-test",
		Command: "report",
		AsOf:    fixtureAsOf,
		Checks: []*checks.Check{
			{ID: "title-length", Doc: "title longer than 128 characters\n\nLong titles are cut in search results.", Severity: checks.Error, Fix: "Shorten the title to 128 characters.", Source: "platform rules"},
			{ID: "duplicate-listing", Doc: "same product listed twice\n\nDuplicates are taken down.", Severity: checks.Error, Fix: "Keep one of the two listings.", Source: "platform rules"},
			{ID: "price-outlier", Doc: "price far from similar products\n\nA typo in a price sells at a loss.", Severity: checks.Warning, Fix: "Check the price.", Source: "seed"},
			{ID: "order-ship-overdue", Doc: "order not shipped by its deadline\n\nThe platform cancels it.", Severity: checks.Error, Fix: "Ship it today or contact the buyer.", Source: "platform rules", Scope: checks.ScopeOrder},
			{ID: "image-count", Doc: "fewer than 3 images\n\nListings with few images sell less.", Severity: checks.Info, Fix: "Add images.", Source: "seed", Off: true},
		},
		Rules: []checks.RuleValue{
			{Check: "title-length", Setting: "max_title", Value: "128"},
			{Check: "price-outlier", Setting: "severity", Value: "error"},
			{Setting: "markets", Value: "FR, ES"},
		},
		Inputs: []string{"catalog.xlsx", "orders.csv"},
	}
}

// fixtureFindings has listing findings from an XLSX and a CSV input and
// order findings, with the awkward values: a duplicate with its first
// occurrence, a formula-looking value, a 16-digit id, Unicode.
func fixtureFindings() []checks.Finding {
	x := readers.Pos{File: "catalog.xlsx", Sheet: "Items"}
	at := func(p readers.Pos, row, col int, field string) readers.Pos {
		p.Row, p.Col, p.Field = row, col, field
		return p
	}
	c := readers.Pos{File: "catalog.csv"}
	return []checks.Finding{
		{Check: "title-length", Severity: checks.Error, Kind: "listing", Pos: at(x, 5, 3, "Title"), Shop: "north", Entity: "1005006789012345", Value: strings.Repeat("Très long titre ", 3), Message: "title has 140 characters; the limit is 128", Fix: "Shorten the title to 128 characters."},
		{Check: "price-outlier", Severity: checks.Warning, Kind: "listing", Pos: at(x, 7, 5, "Price"), Shop: "north", Entity: "A-7", Value: "=1+1", Message: "price 0.99 is far below similar products (median 25.00)", Fix: "Check the price."},
		{Check: "duplicate-listing", Severity: checks.Error, Kind: "listing", Pos: at(x, 9, 0, ""), Ref: at(x, 4, 0, ""), Shop: "north", Entity: "A-9", Message: "same title and images as row 4", Fix: "Keep one of the two listings."},
		{Check: "bad-value", Severity: checks.Error, Kind: "listing", Pos: readers.Pos{File: "catalog.csv", Row: 3, Col: 4, Line: 4, Field: "价格"}, Entity: "B-3", Value: "12,5,0", Message: "price \"12,5,0\" is not a number"},
		{Check: "title-length", Severity: checks.Error, Kind: "listing", Pos: at(c, 12, 2, "title"), Entity: "B-12", Value: "…", Message: "title has 130 characters; the limit is 128", Fix: "Shorten the title to 128 characters."},
		{Check: "order-ship-overdue", Severity: checks.Error, Kind: "order", Pos: readers.Pos{File: "orders.csv", Row: 2, Line: 2}, Shop: "north", Entity: "8001", Message: "paid 2024-04-25, deadline 2024-04-30 17:00 passed", Fix: "Ship it today or contact the buyer."},
	}
}

func fixtureMetrics() []checks.Metric {
	ms := []checks.Metric{
		{Shop: "north", Scope: "shop", Name: "nr_rate", WindowDays: 30, Numerator: 3, Denominator: 250, Value: 0.012, Status: "warn"},
		{Shop: "north", Scope: "shop", Name: "unsent_rate", WindowDays: 7, Numerator: 0, Denominator: 40, Value: 0, Status: "ok"},
		{Shop: "north", Scope: "shop", Name: "dsr_shipping", WindowDays: 90, Numerator: 460, Denominator: 100, Value: 4.6, Status: "warn"},
		{Shop: "north", Scope: "shop", Name: "snad_rate", WindowDays: 90, Numerator: 0, Denominator: 0, Value: 0, Status: "n/a"},
		{Shop: "north", Scope: "carrier", Key: "Cainiao", Name: "on_time_rate", WindowDays: 30, Numerator: 90, Denominator: 100, Value: 0.9, Status: "ok", Note: "5-day label"},
		{Shop: "north", Scope: "carrier", Key: "YunExpress", Name: "on_time_rate", WindowDays: 30, Numerator: 20, Denominator: 40, Value: 0.5, Status: "alert"},
		{Shop: "north", Scope: "product", Key: "A-7", Name: "snad_rate", WindowDays: 90, Numerator: 2, Denominator: 12, Value: 2.0 / 12, Status: "alert", Note: "described wrongly"},
	}
	for i, d := range []string{"2024-04-28", "2024-04-30", "2024-05-01"} {
		ms = append(ms,
			checks.Metric{Shop: "north", Scope: "day", Key: d, Name: "nr_opened", Numerator: float64(i)},
			checks.Metric{Shop: "north", Scope: "day", Key: d, Name: "unsent", Numerator: 1},
		)
	}
	return ms
}

func fixtureTrends() []TrendPoint {
	var ps []TrendPoint
	for i := 0; i < 3; i++ {
		d := fixtureAsOf.AddDate(0, 0, -i)
		ps = append(ps,
			TrendPoint{Date: d, Shop: "north", Metric: "nr_rate", WindowDays: 30, Value: 0.01 + float64(i)/1000},
			TrendPoint{Date: d, Shop: "south", Metric: "nr_rate", WindowDays: 30, Value: 0.02},
		)
	}
	// Older than 30 days: not drawn.
	ps = append(ps, TrendPoint{Date: fixtureAsOf.AddDate(0, 0, -45), Shop: "north", Metric: "nr_rate", WindowDays: 30, Value: 0.5})
	return ps
}

func fixtureSummary() *Summary {
	return &Summary{
		Files: []FileStat{
			{Path: "catalog.xlsx", Sheet: "Items", Shop: "north", Kind: "catalog", HeaderRow: 2, Rows: 10, Checked: 9, Rejected: 1, Continuation: 2, Blank: 1},
			{Path: "catalog.csv", Kind: "catalog", HeaderRow: 1, Rows: 12, Checked: 11, Rejected: 1},
			{Path: "orders.csv", Kind: "orders", HeaderRow: 1, Rows: 3, Checked: 3},
			{Path: "broken.xlsx", Kind: "catalog", Error: "not an XLSX file"},
		},
		Rows: 25, Checked: 23, Rejected: 2,
		Reasons:    map[string]int{"bad-value": 1, "missing-field": 1},
		Findings:   6,
		BySeverity: map[checks.Severity]int{checks.Error: 5, checks.Warning: 1},
		ByCheck:    map[string]int{"title-length": 2, "price-outlier": 1, "duplicate-listing": 1, "bad-value": 1, "order-ship-overdue": 1},
		AsOf:       fixtureAsOf,
		Notes:      []string{"Sheet \"Help\" of catalog.xlsx has no header row; it was skipped."},
	}
}

// feed runs w through a whole run with the fixture, findings and metrics
// in two calls each, as the pipeline would.
func feed(t *testing.T, w Writer) {
	t.Helper()
	fs, ms := fixtureFindings(), fixtureMetrics()
	if err := w.Begin(fixtureRun()); err != nil {
		t.Fatal(err)
	}
	if err := w.Findings(fs[:2]); err != nil {
		t.Fatal(err)
	}
	if err := w.Metrics(ms[:3]); err != nil {
		t.Fatal(err)
	}
	if err := w.Findings(fs[2:]); err != nil {
		t.Fatal(err)
	}
	if err := w.Metrics(ms[3:]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(fixtureSummary()); err != nil {
		t.Fatal(err)
	}
}

// dirNames lists the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
