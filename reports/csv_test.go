package reports

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gocarina/gocsv"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
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
	case csvProduct:
		s, err = gocsv.MarshalString([]csvProduct{w})
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
		"\n=1+1":     "'\n=1+1",
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

// TestCSVRecordMatchesGocsv: the finding rows built directly give the same
// bytes as gocsv marshalling the wire structs, on findings with every
// optional field set or not, quotes, commas, line breaks, formulas,
// accents and large numbers.
func TestCSVRecordMatchesGocsv(t *testing.T) {
	texts := []string{"", "plain", `say "hi"`, "a,b", "two\nlines", "cr\r\nlf", "=SUM(A1)", "+33 1 23", "-5", "@x", "\tTab", "Théière émaillée", " spaced ", `"`, "1005006000000000",
		`\.`, "\u00a0nbsp first", "\u3000ideographic space", "\xff bad", `the SKU "A,1" is already used on row 7; each variant needs its own SKU`}
	var fs []checks.Finding
	for i := range 3000 {
		pick := func(k int) string { return texts[(i*7+k*3)%len(texts)] }
		f := checks.Finding{
			Kind: []string{"listing", "order"}[i%2], Check: pick(0), Severity: checks.Severity(i % 3), Shop: pick(1),
			Pos:    readers.Pos{File: pick(2), Sheet: pick(3), Row: i * 99991 % 2000000, Col: i % 40, Line: i % 3 * (i + 1), Field: pick(4)},
			Entity: pick(5), Value: pick(6), Message: pick(7), Fix: pick(8),
		}
		if i%4 == 0 {
			f.Ref = readers.Pos{File: pick(9), Sheet: pick(10), Row: i % 5 * 1000}
		}
		if i%3 == 0 {
			f.Evidence = &checks.Evidence{Class: pick(11), Entry: pick(12), Terms: []string{pick(13), pick(14) + "|" + pick(15)},
				Groups: []string{pick(16)}, MissingColumn: pick(17), Assumed: texts[:i%4]}
		}
		fs = append(fs, f)
	}
	var got bytes.Buffer
	e := newCSVEncoder(&got, MachineOptions{Kind: MachineFindings}, time.Time{})
	for j := 0; j < len(fs); j += 500 {
		if err := e.findings(fs[j:min(j+500, len(fs))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.finish(); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	rows := make([]csvFinding, len(fs))
	for i := range fs {
		rows[i] = newCSVFinding(&fs[i], "en")
	}
	cw := csv.NewWriter(&want)
	if err := gocsv.MarshalCSV(rows, gocsv.NewSafeCSVWriter(cw)); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		g, w := strings.Split(got.String(), "\n"), strings.Split(want.String(), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("line %d:\n got %q\nwant %q", i+1, g[i], w[i])
			}
		}
		t.Fatalf("%d lines, want %d", len(g), len(w))
	}
}

// FuzzCSVFieldMatchesWriter: csvField writes a field, and a record of such
// fields, as encoding/csv's Writer does.
func FuzzCSVFieldMatchesWriter(f *testing.F) {
	for _, s := range []string{"", "plain", `say "hi"`, "a,b", "x\r\ny", `\.`, " lead", "\u00a0x", "\u2028", "\xff", `""`, "\\."} {
		f.Add(s, "tail")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		if err := w.Write([]string{a, b, a}); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		var m stringMemo
		got := csvField(nil, a)
		got = append(got, ',')
		got = m.append(got, b, csvField)
		got = append(got, ',')
		got = m.append(got, a, csvField)
		got = append(got, '\n')
		if string(got) != want.String() {
			t.Fatalf("%q, %q: got %q, want %q", a, b, got, want.String())
		}
	})
}

// TestAppendCell: the findings CSV writes a finding's cell as cellRef names
// it, without making a string of it, past the last row and column of a
// workbook too (where the name falls back to R1C1 form).
func TestAppendCell(t *testing.T) {
	for _, col := range []int{-1, 0, 1, 2, 26, 27, 702, 703, 16384, 16385} {
		for _, row := range []int{-1, 0, 1, 9, 10, 1000001, 1048576, 1048577, 3000000} {
			p := readers.Pos{Col: col, Row: row}
			want, _ := cellRef(p)
			if got := string(appendCell([]byte("x,"), p)); got != "x,"+want {
				t.Errorf("col %d row %d: %q, want %q", col, row, got, "x,"+want)
			}
		}
	}
}

// TestCSVList: a list cell joins its items with "|", escapes "|" and "\"
// inside an item, and never starts like a formula.
func TestCSVList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"kettle"}, "kettle"},
		{[]string{"lvd", "emc"}, "lvd|emc"},
		{[]string{"a|b", `c\d`}, `a\|b|c\\d`},
		{[]string{"=cmd", "x"}, "'=cmd|x"},
		{[]string{"x", "=cmd"}, "x|=cmd"},
		{[]string{"", "y"}, "|y"},
		{[]string{"Théière", "électrique"}, "Théière|électrique"},
	} {
		if got := string(csvList(nil, tc.in)); got != tc.want {
			t.Errorf("csvList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCSVFindingsNoAllocation: writing a finding line, evidence lists
// included, costs no allocation once the buffers have grown.
func TestCSVFindingsNoAllocation(t *testing.T) {
	ev := &checks.Evidence{Class: "electric-kettle", Entry: "kettles", Terms: []string{"Bouilloire", "a|b"},
		Groups: []string{"lvd", "emc"}, MissingColumn: "ce", Assumed: []string{"markets"}}
	fs := make([]checks.Finding, 100)
	for i := range fs {
		fs[i] = checks.Finding{Check: "ce-missing", Severity: checks.Error, Kind: "listing", Shop: "north",
			Pos:    readers.Pos{File: "catalog.csv", Row: i + 2, Col: 3, Line: i + 2, Field: "Title"},
			Entity: "1005001", Value: "Bouilloire électrique", Message: "no CE reference", Fix: "Add the CE declaration."}
		if i%2 == 0 {
			fs[i].Evidence = ev
		}
	}
	e := newCSVEncoder(io.Discard, MachineOptions{Kind: MachineFindings}, time.Time{})
	if err := e.findings(fs); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { e.findings(fs) }); n != 0 {
		t.Errorf("%v allocations per 100 findings, want 0", n)
	}
}
