package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
	"github.com/aecheck/aecheck/samples/synth"
)

// writeCatalog writes a synthetic catalog of n rows and returns its path.
func writeCatalog(t testing.TB, dir, name string, n int, seed uint64) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := synth.WriteCatalogCSV(w, n, seed); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// runJSONL runs cfg with a JSONL writer and returns its output.
func runJSONL(t *testing.T, cfg Config) (*Result, string) {
	t.Helper()
	var buf bytes.Buffer
	cfg.Writers = []reports.Writer{reports.NewJSONL(&buf)}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res, buf.String()
}

// findingLines keeps the finding lines of a JSONL output whose shop is shop.
func findingLines(out, shop string) []string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.Contains(l, `"kind":"finding"`) {
			continue
		}
		if shop != "" && !strings.Contains(l, `"shop":"`+shop+`"`) {
			continue
		}
		keep = append(keep, l)
	}
	return keep
}

// TestWorkersDoNotChangeOutput: the output is the same bytes with one
// worker and with many, whatever order the batches finish in.
func TestWorkersDoNotChangeOutput(t *testing.T) {
	dir := t.TempDir()
	a := writeCatalog(t, dir, "a.csv", 3000, 1)
	b := writeCatalog(t, dir, "b.csv", 2000, 2)
	cfg := Config{Catalogs: []Input{{Path: a}, {Path: b}}, Read: readers.Options{BatchSize: 97}}
	cfg.Workers = 1
	_, one := runJSONL(t, cfg)
	cfg.Workers = 8
	res, many := runJSONL(t, cfg)
	if one != many {
		t.Fatal("output with 8 workers differs from 1 worker")
	}
	s := res.Summary
	if s.Rows != 5000 || s.Checked+s.Rejected != s.Rows {
		t.Errorf("rows %d = checked %d + rejected %d, want 5000", s.Rows, s.Checked, s.Rejected)
	}
	if s.Findings == 0 || len(findingLines(many, "")) != s.Findings {
		t.Errorf("summary says %d findings, output has %d", s.Findings, len(findingLines(many, "")))
	}
}

// TestShopsAloneAndTogether: several shops in one run give, per shop, the
// same findings as each shop alone (duplicates and outliers are per shop).
func TestShopsAloneAndTogether(t *testing.T) {
	dir := t.TempDir()
	// The same catalog in two shops: every product would be a duplicate
	// if shops were mixed.
	a := writeCatalog(t, dir, "a.csv", 1500, 7)
	b := writeCatalog(t, dir, "b.csv", 1500, 7)
	together := Config{Catalogs: []Input{{Path: a, Shop: "acme"}, {Path: b, Shop: "bolt"}}, Workers: 3}
	_, all := runJSONL(t, together)
	for _, in := range together.Catalogs {
		_, alone := runJSONL(t, Config{Catalogs: []Input{in}, Workers: 2})
		got := strings.Join(findingLines(all, in.Shop), "\n")
		want := strings.Join(findingLines(alone, in.Shop), "\n")
		if got != want {
			t.Errorf("shop %s: findings in the combined run differ from the shop alone", in.Shop)
		}
		if want == "" {
			t.Errorf("shop %s: no findings at all", in.Shop)
		}
	}
}

// TestBrokenFileAmongMany: an unreadable file is reported and the others
// still run; alone, it fails the run and nothing is written.
func TestBrokenFileAmongMany(t *testing.T) {
	dir := t.TempDir()
	good := writeCatalog(t, dir, "good.csv", 500, 3)
	bad := filepath.Join(dir, "bad.xlsx")
	os.WriteFile(bad, []byte("PK\x03\x04 this is not really a workbook"), 0o644)
	res, out := runJSONL(t, Config{Catalogs: []Input{{Path: good}, {Path: bad}}})
	if len(res.Failed) != 1 || !strings.Contains(res.Failed[0].Error(), "bad.xlsx") {
		t.Fatalf("failed = %v, want bad.xlsx", res.Failed)
	}
	if res.ExitCode(checks.Error) != ExitFailed {
		t.Errorf("exit code %d, want %d", res.ExitCode(checks.Error), ExitFailed)
	}
	if res.Summary.Rows != 500 || !strings.Contains(out, `bad.xlsx`) {
		t.Errorf("the good file was not reported, or the summary does not name the bad one")
	}

	report := filepath.Join(dir, "report.jsonl")
	w, err := reports.CreateJSONL(report)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Config{Catalogs: []Input{{Path: bad}}, Writers: []reports.Writer{w}}); err == nil {
		t.Fatal("a run of one unreadable file succeeded")
	}
	if _, err := os.Stat(report); err == nil {
		t.Error("a failed run left a report")
	}
}

// TestCancelLeavesNothing: a cancelled run aborts its writers.
func TestCancelLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	in := writeCatalog(t, dir, "big.csv", 20000, 5)
	report := filepath.Join(dir, "report.xlsx")
	w, err := reports.CreateXLSX(report, reports.XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	batches := 0
	_, err = Run(ctx, Config{Catalogs: []Input{{Path: in}}, Writers: []reports.Writer{w}, Progress: func(Progress) {
		if batches++; batches == 3 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("a cancelled run succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "big.csv" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestRulesThatDoNotCompile: rules whose lists cannot be compiled (which
// only shows when a run compiles them, after the writers began) stop the
// run with the compiler's error and leave no file, whatever the number of
// workers.
func TestRulesThatDoNotCompile(t *testing.T) {
	rules, err := checks.ParseRules([]byte("lists:\n  prohibited:\n    - id: odd\n      reason: test\n      terms:\n        en: [\"!!!\"]\n"), "bad.yaml")
	if err != nil {
		t.Fatalf("parse: %v", err) // the lists compile only when a run starts
	}
	dir := t.TempDir()
	in := writeCatalog(t, dir, "c.csv", 5000, 3)
	for _, workers := range []int{1, 2, 4} {
		report := filepath.Join(dir, "report.xlsx")
		w, err := reports.CreateXLSX(report, reports.XLSXOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(context.Background(), Config{Catalogs: []Input{{Path: in}}, Rules: rules, Workers: workers, Writers: []reports.Writer{w}})
		if err == nil || !strings.Contains(err.Error(), "no letters or digits") {
			t.Fatalf("workers %d: error %v, want the rules' error", workers, err)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.Name() != "c.csv" {
				t.Errorf("workers %d: left behind: %s", workers, e.Name())
			}
		}
	}
}

// TestProgress: the callback sees the rows grow and how much of the input
// has been read: the bytes of a CSV file, the unpacked sheet XML of a
// workbook.
func TestProgress(t *testing.T) {
	dir := t.TempDir()
	csvPath := writeCatalog(t, dir, "p.csv", 3000, 4)
	st, err := os.Stat(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	xlsxPath := filepath.Join(dir, "p.xlsx")
	if err := synth.WriteCatalogXLSX(xlsxPath, 20000, 4); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		rows int
		size int64 // 0: any size above zero
	}{{csvPath, 3000, st.Size()}, {xlsxPath, 20000, 0}} {
		var seen []Progress
		_, err = Run(context.Background(), Config{Catalogs: []Input{{Path: c.path}}, Read: readers.Options{BatchSize: 100},
			Progress: func(p Progress) { seen = append(seen, p) }})
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) < 10 {
			t.Fatalf("%s: %d progress calls for %d rows", c.path, len(seen), c.rows)
		}
		last := seen[len(seen)-1]
		if last.Rows != c.rows || last.Size <= 0 || c.size > 0 && last.Size != c.size || last.Read <= 0 || last.Read > last.Size {
			t.Errorf("%s: last progress %+v, want %d rows and the size of the input", c.path, last, c.rows)
		}
		halfway := false
		for i := 1; i < len(seen); i++ {
			if seen[i].Rows < seen[i-1].Rows || seen[i].Read < seen[i-1].Read {
				t.Fatalf("%s: progress went back: %+v then %+v", c.path, seen[i-1], seen[i])
			}
			halfway = halfway || seen[i].Read > 0 && seen[i].Read < seen[i].Size
		}
		if !halfway {
			t.Errorf("%s: no progress call saw the input partly read", c.path)
		}
	}
}

// collector is a writer that keeps copies of the findings it is given.
type collector struct{ fs []checks.Finding }

func (c *collector) Begin(*reports.Run) error { return nil }
func (c *collector) Findings(fs []checks.Finding) error {
	c.fs = append(c.fs, fs...)
	return nil
}
func (c *collector) Metrics([]checks.Metric) error { return nil }
func (c *collector) Close(*reports.Summary) error  { return nil }
func (c *collector) Abort()                        {}

// TestDuplicatesMergeInOrder: findings of the catalog-wide checks, found on
// the releaser, go between the encoded findings of their batch at their
// place, whether the writers take encoded lines (JSONL) or not, and a batch
// buffer reused by later batches never shows through.
func TestDuplicatesMergeInOrder(t *testing.T) {
	var b strings.Builder
	b.WriteString("Product ID,SKU,Title,Brand,Category,Price\n")
	for i := 0; i < 600; i++ {
		// Every third row repeats the title and SKU of a row before it,
		// some in the same batch, some in an earlier one.
		n := i
		if i%3 == 2 {
			n = i / 7
		}
		fmt.Fprintf(&b, "%d,SKU-%d,Steel water bottle model %d,Acme,Sports,%d\n", 1000+i, n, n, 10+i%5)
	}
	path := filepath.Join(t.TempDir(), "dups.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(withJSONL bool) ([]checks.Finding, string) {
		c := &collector{}
		var buf bytes.Buffer
		cfg := Config{Catalogs: []Input{{Path: path}}, Workers: 4, Read: readers.Options{BatchSize: 50}, Writers: []reports.Writer{c}}
		if withJSONL {
			cfg.Writers = append(cfg.Writers, reports.NewJSONL(&buf))
		}
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		return c.fs, buf.String()
	}
	plain, _ := run(false)
	merged, out := run(true)
	dups := 0
	for i := range plain {
		if plain[i].Check == "duplicate-listing" || plain[i].Check == "duplicate-sku" {
			dups++
		}
		if i > 0 && plain[i].Less(&plain[i-1]) {
			t.Fatalf("finding %d (%s row %d) comes before the one above it (%s row %d)", i, plain[i].Check, plain[i].Pos.Row, plain[i-1].Check, plain[i-1].Pos.Row)
		}
	}
	if dups < 300 {
		t.Fatalf("only %d duplicate findings; the test catalog should have 400", dups)
	}
	if len(plain) != len(merged) {
		t.Fatalf("%d findings without JSONL, %d with", len(plain), len(merged))
	}
	for i := range plain {
		// Evidence is compared by value: each run has its own.
		if !reflect.DeepEqual(plain[i], merged[i]) {
			t.Fatalf("finding %d differs:\n%+v\n%+v", i, plain[i], merged[i])
		}
	}
	lines := findingLines(out, "")
	if len(lines) != len(merged) {
		t.Fatalf("JSONL has %d findings, the writer %d", len(lines), len(merged))
	}
	for i, l := range lines {
		f := &merged[i]
		if !strings.Contains(l, `"check":"`+f.Check+`"`) || !strings.Contains(l, fmt.Sprintf(`"row":%d,`, f.Pos.Row)) {
			t.Fatalf("JSONL line %d is not finding %s row %d: %s", i, f.Check, f.Pos.Row, l)
		}
	}
}

// TestDefaultAsOfOverManyFiles: without an as-of, the anchor is the latest
// time over all the order files, which are scanned at once; the result is
// the same with one worker and with several.
func TestDefaultAsOfOverManyFiles(t *testing.T) {
	dir := t.TempDir()
	early := filepath.Join(dir, "early.csv")
	late := filepath.Join(dir, "late.csv")
	head := "Order ID,Order Status,Product ID,Quantity,Order Amount,Order Time,Payment Time\n"
	os.WriteFile(early, []byte(head+"1,Awaiting shipment,10,1,5.00,2026-03-01 10:00:00,2026-03-01 10:05:00\n"), 0o644)
	os.WriteFile(late, []byte(head+"2,Awaiting shipment,10,1,5.00,2026-04-02 09:00:00,2026-04-02 09:30:00\n"), 0o644)
	want := time.Date(2026, 4, 2, 9, 30, 0, 0, time.UTC)
	for _, workers := range []int{1, 4} {
		for _, files := range [][]string{{early, late}, {late, early}} {
			var got time.Time
			w := &asOfWriter{at: &got}
			_, err := Run(context.Background(), Config{Orders: []Input{{Path: files[0]}, {Path: files[1]}}, Workers: workers, Writers: []reports.Writer{w}})
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("workers %d, files %v: as-of %v, want %v", workers, files, got, want)
			}
		}
	}
}

// asOfWriter records the as-of a run begins with.
type asOfWriter struct {
	collector
	at *time.Time
}

func (w *asOfWriter) Begin(r *reports.Run) error { *w.at = r.AsOf; return nil }

// TestCountFindings holds countFindings to a map update per finding: check
// IDs equal in text but at other addresses, more IDs than its list starts
// with, severities outside Info to Error, and counts added to earlier ones.
func TestCountFindings(t *testing.T) {
	var fs []checks.Finding
	for i := range 3000 {
		id := "check-" + strconv.Itoa(i%50) // a new string each time
		if i%3 == 0 {
			id = "title-short" // a constant
		}
		fs = append(fs, checks.Finding{Check: id, Severity: checks.Severity(1 + i%3 + i%7/6*4)})
	}
	got := reports.Summary{BySeverity: map[checks.Severity]int{checks.Info: 5}, ByCheck: map[string]int{"title-short": 2}, Findings: 7}
	want := reports.Summary{BySeverity: map[checks.Severity]int{checks.Info: 5}, ByCheck: map[string]int{"title-short": 2}, Findings: 7}
	for _, part := range [][]checks.Finding{fs[:1], fs[1:1], fs[1:1000], fs[1000:]} {
		countFindings(&got, part)
	}
	for _, f := range fs {
		want.Findings++
		want.BySeverity[f.Severity]++
		want.ByCheck[f.Check]++
	}
	if got.Findings != want.Findings || !maps.Equal(got.BySeverity, want.BySeverity) || !maps.Equal(got.ByCheck, want.ByCheck) {
		t.Fatalf("counted %d %v %v\nwant %d %v %v", got.Findings, got.BySeverity, got.ByCheck, want.Findings, want.BySeverity, want.ByCheck)
	}
	if len(want.ByCheck) <= 32 || len(want.BySeverity) <= 3 {
		t.Fatalf("the test needs more than 32 checks and 3 severities: %d, %d", len(want.ByCheck), len(want.BySeverity))
	}
}

// TestMergeFindings holds mergeFindings to sorting the batch's findings
// with the duplicate findings appended: equal findings (told apart by their
// value) keep the batch's before the duplicates', and either side may be
// empty or hold findings before, between and after the other's.
func TestMergeFindings(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	mk := func(n int, tag string) []checks.Finding {
		fs := make([]checks.Finding, n)
		for i := range fs {
			fs[i] = checks.Finding{
				Check: []string{"duplicate-listing", "title-short"}[rng.IntN(2)],
				Pos:   readers.Pos{File: "a.csv", Row: 2 + rng.IntN(12), Col: rng.IntN(3)},
				Value: tag + strconv.Itoa(i),
			}
		}
		return fs
	}
	for range 2000 {
		fs, dup := mk(rng.IntN(30), "f"), mk(rng.IntN(6), "d")
		sortFindings(fs)
		want := append(slices.Clone(fs), dup...)
		sortFindings(want)
		if got := mergeFindings(fs, slices.Clone(dup)); !slices.Equal(got, want) {
			t.Fatalf("merged %v\nwant %v", got, want)
		}
	}
}
