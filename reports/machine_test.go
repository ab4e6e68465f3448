package reports

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// checkMachineGolden compares got with testdata/machine/name, or rewrites it with -update.
func checkMachineGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenCompare(t, filepath.Join("machine", name), got)
}

var testAsOf = time.Date(2024, 5, 31, 0, 0, 0, 0, time.UTC)

const testTool = "aecheck test"

// testLang is the language writeMachine says the texts are in.
const testLang = "fr"

// testFindings covers every column: CSV and XLSX positions, whole rows,
// references, formula-like values, Unicode, and a check ID that appears only
// after the first chunks (the dictionary grows mid-file).
func testFindings() []checks.Finding {
	return []checks.Finding{
		{Check: "title-length", Severity: checks.Warning, Kind: "listing", Shop: "north",
			Pos:    readers.Pos{File: "shops/north/catalog.csv", Row: 2, Col: 3, Line: 2, Field: "Title"},
			Entity: "1005001", Value: "Wireless earbuds with a title far too long", Message: "title has 140 characters (limit 128)", Fix: "Shorten the title."},
		{Check: "price-missing", Severity: checks.Error, Kind: "listing", Shop: "north",
			Pos:    readers.Pos{File: "shops/north/catalog.csv", Row: 3, Col: 5, Line: 4, Field: "Price"},
			Entity: "1005002", Value: "", Message: "price is empty", Fix: "Fill in a price."},
		{Check: "bad-value", Severity: checks.Error, Kind: "listing", Shop: "north",
			Pos:    readers.Pos{File: "shops/north/catalog.csv", Row: 4, Col: 5, Line: 5, Field: "Price"},
			Entity: "1005003", Value: "-5", Message: "price is negative", Fix: "=HYPERLINK(\"http://evil\")"},
		{Check: "title-length", Severity: checks.Warning, Kind: "listing", Shop: "south",
			Pos:    readers.Pos{File: "south.xlsx", Sheet: "Товары", Row: 12, Col: 2, Field: "Название"},
			Entity: "2001", Value: "=SUM(A1:A9)", Message: "title has 2 characters (minimum 10)", Fix: "Write a title."},
		{Check: "blank-row", Severity: checks.Info, Kind: "listing", Shop: "south",
			Pos:    readers.Pos{File: "south.xlsx", Sheet: "Товары", Row: 13},
			Entity: "", Value: "", Message: "row is blank", Fix: ""},
		{Check: "duplicate-sku", Severity: checks.Error, Kind: "listing", Shop: "south",
			Pos:    readers.Pos{File: "south.xlsx", Sheet: "Товары", Row: 20, Col: 1, Field: "SKU"},
			Ref:    readers.Pos{File: "south.xlsx", Sheet: "Товары", Row: 14, Col: 1, Field: "SKU"},
			Entity: "2009", Value: "@SKU-9", Message: "SKU also on row 14", Fix: "+Give each product its own SKU."},
		{Check: "duplicate-sku", Severity: checks.Error, Kind: "listing", Shop: "",
			Pos:    readers.Pos{File: "west.csv", Row: 7, Col: 1, Line: 9, Field: "SKU"},
			Ref:    readers.Pos{File: "west.csv", Row: 3, Col: 1, Line: 3, Field: "SKU"},
			Entity: "x\"y", Value: "\tTAB", Message: "SKU also on row 3, \"quoted\", a,b", Fix: "\rCR"},
		{Check: "ship-late", Severity: checks.Warning, Kind: "order", Shop: "north",
			Pos:    readers.Pos{File: "orders.csv", Row: 100000, Col: 0, Line: 100001},
			Entity: "8123456789012345", Value: "2024-05-20", Message: "shipped 6 days after payment", Fix: "Ship within 5 days."},
		{Check: "ce-missing", Severity: checks.Error, Kind: "listing", Shop: "north",
			Pos:    readers.Pos{File: "shops/north/catalog.csv", Row: 5, Col: 3, Line: 6, Field: "Title"},
			Entity: "1005004", Value: "Bouilloire électrique 1,7 L", Message: "no CE reference", Fix: "Add the CE declaration.",
			Evidence: &checks.Evidence{Class: "electric-kettle", Terms: []string{"Bouilloire", "électrique"},
				Groups: []string{"lvd", "emc"}, MissingColumn: "ce", Assumed: []string{"markets"}}},
		{Check: "prohibited", Severity: checks.Error, Kind: "listing", Shop: "south",
			Pos:    readers.Pos{File: "south.xlsx", Sheet: "Товары", Row: 21, Col: 2, Field: "Название"},
			Entity: "2010", Value: "=toy gun | replica", Message: "banned item", Fix: "Remove the listing.",
			Evidence: &checks.Evidence{Entry: "firearms", Terms: []string{"=toy gun", "a|b", `back\slash`}}},
		{Check: "rep-missing", Severity: checks.Warning, Kind: "listing", Shop: "south",
			Pos:    readers.Pos{File: "south.xlsx", Sheet: "Товары", Row: 22, Col: 0},
			Entity: "2011", Value: "", Message: "no REP number", Fix: "Add the IDU.",
			Evidence: &checks.Evidence{}},
	}
}

// testMetrics covers every scope, every status and an n/a window.
func testMetrics() []checks.Metric {
	return []checks.Metric{
		{Shop: "north", Scope: "shop", Name: "nr_rate", WindowDays: 30, Numerator: 3, Denominator: 120, Value: 0.025, Status: "ok"},
		{Shop: "north", Scope: "shop", Name: "nr_rate", WindowDays: 7, Numerator: 2, Denominator: 20, Value: 0.1, Status: "alert", Note: "5-day label"},
		{Shop: "north", Scope: "shop", Name: "dispute_rate", WindowDays: 30, Numerator: 0, Denominator: 0, Value: 0, Status: "n/a"},
		{Shop: "north", Scope: "carrier", Key: "Cainiao", Name: "late_ship_rate", WindowDays: 30, Numerator: 4, Denominator: 50, Value: 0.08, Status: "warn"},
		{Shop: "south", Scope: "product", Key: "1005001", Name: "nr_rate", WindowDays: 30, Numerator: 1, Denominator: 3, Value: 1.0 / 3, Status: "alert"},
		{Shop: "south", Scope: "shop", Name: "nr_rate", WindowDays: 30, Numerator: 1, Denominator: 40, Value: 0.025, Status: "ok", Note: "=cmd"},
		{Shop: "south", Scope: "shop", Name: "snad_rate", WindowDays: 90, Numerator: 0, Denominator: 40, Value: 0, Status: checks.StatusNoData},
	}
}

// peakAllocator is a checked allocator that also records the most bytes
// allocated at once.
type peakAllocator struct {
	*memory.CheckedAllocator
	mu   sync.Mutex // the writers allocate from two goroutines
	peak int
}

func (a *peakAllocator) track() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n := a.CurrentAlloc(); n > a.peak {
		a.peak = n
	}
}

func (a *peakAllocator) Allocate(n int) []byte {
	b := a.CheckedAllocator.Allocate(n)
	a.track()
	return b
}

func (a *peakAllocator) Reallocate(n int, b []byte) []byte {
	b = a.CheckedAllocator.Reallocate(n, b)
	a.track()
	return b
}

// writeMachine writes fs and ms to path through the machine writer, in
// batches of three, with a checked allocator.
func writeMachine(t *testing.T, path string, kind MachineKind, chunk int, fs []checks.Finding, ms []checks.Metric) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	w, err := openMachine(path, MachineOptions{Kind: kind, ChunkRows: chunk, Mem: mem})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Begin(&Run{Tool: testTool, Command: "check", AsOf: testAsOf, Lang: testLang}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(fs); i += 3 {
		if err := w.Findings(fs[i:min(i+3, len(fs))]); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < len(ms); i += 3 {
		if err := w.Metrics(ms[i:min(i+3, len(ms))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(&Summary{}); err != nil {
		t.Fatal(err)
	}
}

// dirNames lists the names in dir, to check that nothing else is left behind.
func dirNames(t *testing.T, dir string) []string {
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

// cellText formats one value of a column read back by a library reader:
// strings quoted, null as null, timestamps in RFC 3339.
func cellText(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return "null"
	}
	switch a := a.(type) {
	case *array.Dictionary:
		return cellText(a.Dictionary(), a.GetValueIndex(i))
	case *array.String:
		return strconv.Quote(a.Value(i))
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'g', -1, 64)
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC().Format(time.RFC3339Nano)
	case *array.List:
		start, end := a.ValueOffsets(i)
		var items []string
		for j := start; j < end; j++ {
			items = append(items, cellText(a.ListValues(), int(j)))
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	return fmt.Sprintf("<%s %v>", a.DataType(), a.ValueStr(i))
}

// tableRows formats every row of a table as name=value pairs.
func tableRows(tbl arrow.Table) []string {
	var rows []string
	n := int(tbl.NumCols())
	cols := make([]*arrow.Chunked, n)
	for j := range cols {
		cols[j] = tbl.Column(j).Data()
	}
	// Walk the chunks of each column in step; chunk boundaries may differ
	// between columns, so address rows through (chunk, offset) per column.
	pos := make([][2]int, n)
	for r := 0; r < int(tbl.NumRows()); r++ {
		var b strings.Builder
		for j := 0; j < n; j++ {
			ch := cols[j].Chunks()
			for pos[j][1] >= ch[pos[j][0]].Len() {
				pos[j][0]++
				pos[j][1] = 0
			}
			if j > 0 {
				b.WriteString(" ")
			}
			b.WriteString(tbl.Schema().Field(j).Name)
			b.WriteString("=")
			b.WriteString(cellText(ch[pos[j][0]], pos[j][1]))
			pos[j][1]++
		}
		rows = append(rows, b.String())
	}
	return rows
}

// recordRows formats every row of a record as name=value pairs.
func recordRows(rec arrow.Record) []string {
	var rows []string
	for r := 0; r < int(rec.NumRows()); r++ {
		var b strings.Builder
		for j := 0; j < int(rec.NumCols()); j++ {
			if j > 0 {
				b.WriteString(" ")
			}
			b.WriteString(rec.ColumnName(j))
			b.WriteString("=")
			b.WriteString(cellText(rec.Column(j), r))
		}
		rows = append(rows, b.String())
	}
	return rows
}

// wantFindingRows is what a findings file must hold, derived from the
// findings directly (not through the writer's code).
func wantFindingRows(fs []checks.Finding) []string {
	q := strconv.Quote
	null := func(s string, ok bool) string {
		if !ok {
			return "null"
		}
		return s
	}
	list := func(vs []string) string {
		if len(vs) == 0 {
			return "null"
		}
		var qs []string
		for _, v := range vs {
			qs = append(qs, q(v))
		}
		return "[" + strings.Join(qs, ",") + "]"
	}
	var rows []string
	for _, f := range fs {
		p, r := f.Pos, f.Ref
		hasRef := r.File != ""
		var e checks.Evidence
		if f.Evidence != nil {
			e = *f.Evidence
		}
		cell := "null"
		if p.Col > 0 {
			cell = q(p.Cell())
		}
		rows = append(rows, fmt.Sprintf(
			"kind=%s check=%s severity=%s shop=%s file=%s sheet=%s row=%d col=%d line=%s column=%s cell=%s entity=%s value=%s message=%s fix=%s ref_file=%s ref_sheet=%s ref_row=%s"+
				" evidence_class=%s evidence_entry=%s evidence_terms=%s evidence_groups=%s evidence_missing_column=%s evidence_assumed=%s lang=%s",
			q(f.Kind), q(f.Check), q(f.Severity.String()), q(f.Shop), q(p.File), null(q(p.Sheet), p.Sheet != ""),
			p.Row, p.Col, null(strconv.Itoa(p.Line), p.Line != 0), q(p.Field), cell,
			q(f.Entity), q(f.Value), q(f.Message), q(f.Fix),
			null(q(r.File), hasRef), null(q(r.Sheet), r.Sheet != ""), null(strconv.Itoa(r.Row), hasRef),
			null(q(e.Class), e.Class != ""), null(q(e.Entry), e.Entry != ""), list(e.Terms), list(e.Groups),
			null(q(e.MissingColumn), e.MissingColumn != ""), list(e.Assumed), q(testLang)))
	}
	return rows
}

// wantMetricRows is what a metrics file must hold.
func wantMetricRows(ms []checks.Metric, asOf time.Time, lang string) []string {
	q := strconv.Quote
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var rows []string
	for _, m := range ms {
		num, val := g(m.Numerator), g(m.Value)
		if m.Status == "no-data" {
			num, val = "null", "null"
		}
		rows = append(rows, fmt.Sprintf(
			"shop=%s scope=%s key=%s metric=%s window_days=%d numerator=%s denominator=%s value=%s status=%s note=%s as_of=%s lang=%s",
			q(m.Shop), q(m.Scope), q(m.Key), q(m.Name), m.WindowDays, num, g(m.Denominator), val,
			q(m.Status), q(m.Note), asOf.UTC().Format(time.RFC3339Nano), q(lang)))
	}
	return rows
}

func compareMachineRows(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d rows, want %d", len(got), len(want))
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			t.Errorf("row %d:\n got  %s\n want %s", i, got[i], want[i])
		}
	}
}

// severityCounts counts the severity column of rows formatted by tableRows.
func severityCounts(rows []string) map[string]int {
	n := map[string]int{}
	for _, r := range rows {
		_, s, _ := strings.Cut(r, " severity=\"")
		s, _, _ = strings.Cut(s, "\"")
		n[s]++
	}
	return n
}

func inputSeverityCounts(fs []checks.Finding) map[string]int {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Severity.String()]++
	}
	return n
}

func TestMachineByteIdenticalReruns(t *testing.T) {
	fs, ms := testFindings(), testMetrics()
	for _, ext := range []string{".csv", ".parquet", ".arrow"} {
		for _, kind := range []MachineKind{MachineFindings, MachineMetrics} {
			name := fmt.Sprintf("kind%d%s", kind, ext)
			t.Run(name, func(t *testing.T) {
				var runs [2][]byte
				for i := range runs {
					dir := t.TempDir()
					path := filepath.Join(dir, "out"+ext)
					writeMachine(t, path, kind, 3, fs, ms)
					b, err := os.ReadFile(path)
					if err != nil {
						t.Fatal(err)
					}
					runs[i] = b
					if names := dirNames(t, dir); len(names) != 1 {
						t.Errorf("directory holds %q, want only the output", names)
					}
				}
				if len(runs[0]) == 0 || !bytes.Equal(runs[0], runs[1]) {
					t.Errorf("two runs differ: %d and %d bytes", len(runs[0]), len(runs[1]))
				}
			})
		}
	}
}

func TestMachineAbortLeavesNothing(t *testing.T) {
	for _, ext := range []string{".csv", ".parquet", ".arrow", ".ipc"} {
		t.Run(ext, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir := t.TempDir()
			w, err := openMachine(filepath.Join(dir, "out"+ext), MachineOptions{ChunkRows: 2, Mem: mem})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Begin(&Run{Tool: testTool}); err != nil {
				t.Fatal(err)
			}
			if err := w.Findings(testFindings()); err != nil {
				t.Fatal(err)
			}
			w.Abort()
			w.Abort()
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("after Abort the directory holds %q", names)
			}
			if err := w.Close(nil); err == nil {
				t.Error("Close after Abort: no error")
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("Close after Abort wrote %q", names)
			}
		})
	}
}

func TestOpenMachineRejectsUnknownExtension(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"out.xlsx", "out", "out.parq"} {
		if _, err := openMachine(filepath.Join(dir, name), MachineOptions{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("left %q", names)
	}
	for path, want := range map[string]bool{"a.CSV": true, "a.parquet": true, "b.arrow": true, "c.ipc": true, "d.jsonl": false, "-": false} {
		if got := IsMachinePath(path); got != want {
			t.Errorf("IsMachinePath(%q) = %v", path, got)
		}
	}
}

func TestCreateFindingsAndMetricsFilesIgnoreTheOtherKind(t *testing.T) {
	dir := t.TempDir()
	fpath, mpath := filepath.Join(dir, "f.csv"), filepath.Join(dir, "m.csv")
	fw, err := CreateFindingsFile(fpath)
	if err != nil {
		t.Fatal(err)
	}
	mw, err := CreateMetricsFile(mpath)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []Writer{fw, mw} {
		if err := w.Begin(&Run{Tool: testTool, AsOf: testAsOf}); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(testFindings()[:2]); err != nil {
			t.Fatal(err)
		}
		if err := w.Metrics(testMetrics()[:1]); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(&Summary{}); err != nil {
			t.Fatal(err)
		}
	}
	f, _ := os.ReadFile(fpath)
	m, _ := os.ReadFile(mpath)
	if n := strings.Count(string(f), "\n"); n != 3 || !strings.HasPrefix(string(f), "kind,check,") {
		t.Errorf("findings file has %d lines:\n%s", n, f)
	}
	if n := strings.Count(string(m), "\n"); n != 2 || !strings.HasPrefix(string(m), "shop,scope,") {
		t.Errorf("metrics file has %d lines:\n%s", n, m)
	}
}

// TestMachineFlatMemory writes many findings in small chunks and checks
// that the writers never hold much more than a chunk.
func TestMachineFlatMemory(t *testing.T) {
	base := testFindings()
	fs := make([]checks.Finding, 0, 40000)
	for i := 0; len(fs) < cap(fs); i++ {
		f := base[i%len(base)]
		f.Pos.Row = i + 2
		f.Entity = strconv.Itoa(1000000 + i)
		f.Check = fmt.Sprintf("check-%d", i%50)
		fs = append(fs, f)
	}
	for _, ext := range []string{".parquet", ".arrow"} {
		t.Run(ext, func(t *testing.T) {
			mem := &peakAllocator{CheckedAllocator: memory.NewCheckedAllocator(memory.NewGoAllocator())}
			defer mem.AssertSize(t, 0)
			path := filepath.Join(t.TempDir(), "big"+ext)
			w, err := openMachine(path, MachineOptions{ChunkRows: 1000, Mem: mem})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Begin(&Run{Tool: testTool}); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < len(fs); i += 500 {
				if err := w.Findings(fs[i : i+500]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(nil); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			// 40,000 findings are about 8 MB as Arrow data; a chunk of
			// 1,000 is about 200 kB.
			if mem.peak > 3<<20 {
				t.Errorf("peak Arrow memory %d bytes for a %d-byte file: not flat", mem.peak, st.Size())
			}
			t.Logf("peak %d bytes, file %d bytes", mem.peak, st.Size())
		})
	}
}

func TestSchemasAreDocumentedAndVersioned(t *testing.T) {
	for _, tc := range []struct {
		s       *arrow.Schema
		version string
		wire    any
	}{
		{FindingsSchema, "findings/v3", csvFinding{}},
		{MetricsSchema, "metrics/v3", csvMetric{}},
		{ProductsSchema, "products/v3", csvProduct{}},
	} {
		if v, _ := tc.s.Metadata().GetValue(MetaSchema); v != tc.version {
			t.Errorf("schema version %q, want %q", v, tc.version)
		}
		s := withTool(tc.s, "aecheck v9", "")
		if v, _ := s.Metadata().GetValue(MetaTool); v != "aecheck v9" {
			t.Errorf("tool %q", v)
		}
		// The CSV header is the schema, column for column.
		var names []string
		for _, f := range tc.s.Fields() {
			names = append(names, f.Name)
		}
		got := csvHeader(t, tc.wire)
		if strings.Join(got, ",") != strings.Join(names, ",") {
			t.Errorf("CSV header %v, schema %v", got, names)
		}
	}
	// The typed columns issue 5 asks for.
	for _, c := range []struct {
		s    *arrow.Schema
		name string
		id   arrow.Type
	}{
		{FindingsSchema, "row", arrow.INT64},
		{FindingsSchema, "severity", arrow.DICTIONARY},
		{FindingsSchema, "check", arrow.DICTIONARY},
		{FindingsSchema, "evidence_class", arrow.STRING},
		{FindingsSchema, "evidence_terms", arrow.LIST},
		{FindingsSchema, "evidence_groups", arrow.LIST},
		{FindingsSchema, "evidence_assumed", arrow.LIST},
		{MetricsSchema, "value", arrow.FLOAT64},
		{MetricsSchema, "as_of", arrow.TIMESTAMP},
		{MetricsSchema, "status", arrow.DICTIONARY},
		{ProductsSchema, "orders", arrow.INT64},
		{ProductsSchema, "snad_rate", arrow.FLOAT64},
		{ProductsSchema, "described_wrongly", arrow.DICTIONARY},
	} {
		i := c.s.FieldIndices(c.name)
		if len(i) != 1 || c.s.Field(i[0]).Type.ID() != c.id {
			t.Errorf("column %s: not %s", c.name, c.id)
		}
	}
}

func TestMachineCloseErrorLeavesNothing(t *testing.T) {
	for _, ext := range []string{".csv", ".parquet", ".arrow"} {
		t.Run(ext, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir := filepath.Join(t.TempDir(), "out")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			w, err := openMachine(filepath.Join(dir, "f"+ext), MachineOptions{ChunkRows: 2, Mem: mem})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Begin(&Run{Tool: testTool}); err != nil {
				t.Fatal(err)
			}
			if err := w.Findings(testFindings()); err != nil {
				t.Fatal(err)
			}
			// The directory vanishes before the rename.
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(nil); err == nil {
				t.Fatal("Close succeeded without a directory")
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("directory came back: %v", err)
			}
			w.Abort()
		})
	}
}

// TestMachineBytesIgnoreBatching checks that the file depends on the rows,
// not on how the pipeline batched them.
func TestMachineBytesIgnoreBatching(t *testing.T) {
	var fs []checks.Finding
	for i := 0; i < 5; i++ {
		fs = append(fs, testFindings()...)
	}
	for _, ext := range []string{".csv", ".parquet", ".arrow"} {
		var files [2][]byte
		for i, batch := range []int{1, len(fs)} {
			path := filepath.Join(t.TempDir(), "out"+ext)
			w, err := openMachine(path, MachineOptions{ChunkRows: 16, Tool: testTool})
			if err != nil {
				t.Fatal(err)
			}
			for j := 0; j < len(fs); j += batch {
				if err := w.Findings(fs[j:min(j+batch, len(fs))]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(nil); err != nil {
				t.Fatal(err)
			}
			if files[i], err = os.ReadFile(path); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Errorf("%s: batches of 1 and of %d give different files", ext, len(fs))
		}
	}
}

func benchmarkMachine(b *testing.B, ext string) {
	base := testFindings()
	fs := make([]checks.Finding, 100000)
	for i := range fs {
		fs[i] = base[i%len(base)]
		fs[i].Pos.Row = i + 2
	}
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, err := openMachine(filepath.Join(dir, "bench"+ext), MachineOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < len(fs); j += 1000 {
			if err := w.Findings(fs[j : j+1000]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(fs)*b.N)/b.Elapsed().Seconds(), "findings/s")
}

func BenchmarkFindingsCSV(b *testing.B)     { benchmarkMachine(b, ".csv") }
func BenchmarkFindingsParquet(b *testing.B) { benchmarkMachine(b, ".parquet") }
func BenchmarkFindingsArrow(b *testing.B)   { benchmarkMachine(b, ".arrow") }

// TestBackground: records are written in order on the background
// goroutine; after a failed write, put and wait report the error, no later
// record is written, and every record is released.
func TestBackground(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64}}, nil)
	rec := func(n int64) arrow.Record {
		b := array.NewRecordBuilder(mem, schema)
		defer b.Release()
		b.Field(0).(*array.Int64Builder).Append(n)
		return b.NewRecord()
	}
	boom := errors.New("disk full")
	var wrote []int64
	write := func(r arrow.Record) error {
		n := r.Column(0).(*array.Int64).Value(0)
		if n == 3 {
			return boom
		}
		wrote = append(wrote, n)
		return nil
	}
	g := background{write: write}
	var err error
	for n := int64(1); n <= 6 && err == nil; n++ {
		err = g.put(rec(n))
	}
	if werr := g.wait(); !errors.Is(werr, boom) {
		t.Fatalf("wait: %v, want %v", werr, boom)
	}
	if !slices.Equal(wrote, []int64{1, 2}) {
		t.Errorf("wrote %v, want [1 2]", wrote)
	}
	if err != nil && !errors.Is(err, boom) {
		t.Errorf("put: %v, want nil or %v", err, boom)
	}
}
