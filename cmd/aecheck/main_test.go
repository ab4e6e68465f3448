package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aecheck/aecheck/checks"
)

var update = flag.Bool("update", false, "rewrite the golden files under samples/golden")

const samples = "../../samples"

// TestMain runs every test of the command with the memory of its CSV
// inputs overwritten as soon as it is free (see readers.chunkRing): the
// command reuses it, and a text kept past its batch without a copy then
// shows up as garbage in the outputs the tests compare.
func TestMain(m *testing.M) {
	os.Setenv("AECHECK_DEBUG_REUSE", "1")
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// binary is the command built once for the tests that run it as a child
// process (signals, a full disk).
var binary struct {
	once      sync.Once
	dir, path string
	err       error
}

// aecheckBinary builds the command the first time it is called and
// returns its path.
func aecheckBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "aecheck-test-bin-*"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "aecheck")
		if out, err := exec.Command("go", "build", "-o", binary.path, ".").CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// aecheck runs the command in-process and returns its exit code, standard
// output and standard error.
func aecheck(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

type line struct {
	Kind     string         `json:"kind"`
	Check    string         `json:"check"`
	Severity string         `json:"severity"`
	File     string         `json:"file"`
	Sheet    string         `json:"sheet"`
	Row      int            `json:"row"`
	Column   string         `json:"column"`
	Entity   string         `json:"entity"`
	Value    string         `json:"value"`
	Message  string         `json:"message"`
	Rows     int            `json:"rows"`
	Checked  int            `json:"checked"`
	Rejected int            `json:"rejected"`
	Extra    map[string]any `json:"-"`
}

func parseJSONL(t *testing.T, s string) (fs []line, summary map[string]any) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var head struct{ Kind string }
		if err := json.Unmarshal(sc.Bytes(), &head); err != nil {
			t.Fatalf("bad JSON line %q: %v", sc.Text(), err)
		}
		switch head.Kind {
		case "finding":
			var l line
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Fatalf("bad finding line %q: %v", sc.Text(), err)
			}
			fs = append(fs, l)
		case "summary":
			summary = map[string]any{}
			if err := json.Unmarshal(sc.Bytes(), &summary); err != nil {
				t.Fatal(err)
			}
		}
	}
	if summary == nil {
		t.Fatalf("no summary line in output:\n%s", s)
	}
	return fs, summary
}

// TestCheckSampleGolden runs the README's command on the sample catalog and
// compares the JSONL with the golden file.
func TestCheckSampleGolden(t *testing.T) {
	for _, in := range []string{"catalog.csv", "catalog.xlsx"} {
		t.Run(in, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "findings.jsonl")
			code, _, stderr := aecheck(t, "", "check", "--rules", filepath.Join(samples, "rules.yaml"), filepath.Join(samples, in), "-o", out, "-o", filepath.Join(dir, "report.xlsx"))
			if code != 1 {
				t.Fatalf("exit code %d, want 1 (the sample has errors); stderr:\n%s", code, stderr)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, "report.xlsx")); err != nil {
				t.Fatalf("no XLSX report: %v", err)
			}
			golden := filepath.Join(samples, "golden", in+".jsonl")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/aecheck -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("findings differ from %s (run go test ./cmd/aecheck -update and review the diff)\ngot:\n%s", golden, got)
			}
		})
	}
}

// TestSampleTripsEveryCheck: the sample catalog exists to show every check;
// each listing check must fire at least once, and clean rows must exist.
func TestSampleTripsEveryCheck(t *testing.T) {
	code, stdout, stderr := aecheck(t, "", "check", "--rules", filepath.Join(samples, "rules.yaml"), filepath.Join(samples, "catalog.csv"), "-o", "-")
	if code != 1 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	fs, summary := parseJSONL(t, stdout)
	fired := map[string]bool{}
	rowsWithFindings := map[int]bool{}
	for _, f := range fs {
		fired[f.Check] = true
		rowsWithFindings[f.Row] = true
	}
	for _, c := range checks.All {
		if c.Scope == checks.ScopeOrder || c.Scope == checks.ScopeAccount { // TestAccountSampleGolden covers these
			continue
		}
		if !fired[c.ID] {
			t.Errorf("check %s never fires on samples/catalog.csv", c.ID)
		}
	}
	rows := int(summary["rows_read"].(float64))
	if len(rowsWithFindings) >= rows {
		t.Errorf("every row has a finding; the sample needs clean rows too")
	}
}

// TestCSVAndXLSXAgree: the XLSX twin has a title row above the header, so
// every finding sits one row lower, and otherwise the findings are the same.
func TestCSVAndXLSXAgree(t *testing.T) {
	// Messages of duplicate findings name the first occurrence: its file,
	// sheet and row, which differ between the twins by design.
	ref := regexp.MustCompile(`row (\d+)( of sheet \S+)? of \S+`)
	key := func(f line, shift int) string {
		msg := ref.ReplaceAllStringFunc(f.Message, func(m string) string {
			n, _ := strconv.Atoi(ref.FindStringSubmatch(m)[1])
			return "row " + itoa(n+shift)
		})
		return strings.Join([]string{f.Check, f.Severity, f.Entity, f.Column, msg, itoa(f.Row + shift)}, "|")
	}
	get := func(in string, shift int) []string {
		code, stdout, stderr := aecheck(t, "", "check", "--rules", filepath.Join(samples, "rules.yaml"), filepath.Join(samples, in), "-o", "-")
		if code != 1 {
			t.Fatalf("%s: exit %d; stderr:\n%s", in, code, stderr)
		}
		fs, _ := parseJSONL(t, stdout)
		var keys []string
		for _, f := range fs {
			keys = append(keys, key(f, shift))
		}
		sort.Strings(keys)
		return keys
	}
	csvKeys := get("catalog.csv", 1)
	xlsxKeys := get("catalog.xlsx", 0)
	if strings.Join(csvKeys, "\n") != strings.Join(xlsxKeys, "\n") {
		t.Errorf("CSV and XLSX findings differ\nCSV:\n%s\nXLSX:\n%s", strings.Join(csvKeys, "\n"), strings.Join(xlsxKeys, "\n"))
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	badRules := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badRules, []byte("checks:\n  no-such-check:\n    severity: error\n"), 0o644)
	notSheet := filepath.Join(dir, "not.xlsx")
	os.WriteFile(notSheet, []byte("this is not a workbook"), 0o644)
	clean := filepath.Join(dir, "clean.csv")
	os.WriteFile(clean, []byte("Product ID,Title,Category,Price,Stock,Images,Brand,Ship To,REP\n"+
		"1001,Stainless Steel Insulated Water Bottle 750ml Leak Proof Sports Flask for Gym Cycling Hiking,Sports > Bottles,12.90,10,5,no brand,US,\n"), 0o644)
	out := filepath.Join(dir, "report.xlsx")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"findings at error", []string{"check", filepath.Join(samples, "catalog.csv"), "-o", out}, 1},
		{"fail-on never", []string{"check", "--fail-on", "never", filepath.Join(samples, "catalog.csv")}, 0},
		{"clean file", []string{"check", clean}, 0},
		{"bad rules", []string{"check", "--rules", badRules, filepath.Join(samples, "catalog.csv"), "-o", out}, 2},
		{"missing file", []string{"check", filepath.Join(dir, "nope.csv"), "-o", out}, 2},
		{"not a workbook", []string{"check", notSheet, "-o", out}, 2},
		{"bad fail-on", []string{"check", "--fail-on", "sometimes", clean}, 2},
		{"unknown output", []string{"check", clean, "-o", filepath.Join(dir, "x.pdf")}, 2},
		{"no file", []string{"check"}, 2},
		{"unknown command", []string{"frobnicate"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(out)
			code, _, stderr := aecheck(t, "", tc.args...)
			if code != tc.want {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.want, stderr)
			}
			if code == 2 {
				if _, err := os.Stat(out); err == nil {
					t.Errorf("exit 2 left a report behind")
				}
				if !strings.Contains(stderr, "aecheck") {
					t.Errorf("no message on stderr")
				}
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestStdinToStdout(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(samples, "catalog.csv"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := aecheck(t, string(data), "check", "-", "-o", "-")
	if code != 1 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	fs, summary := parseJSONL(t, stdout)
	if len(fs) == 0 {
		t.Fatal("no findings from stdin")
	}
	if fs[0].File != "stdin" {
		t.Errorf("file = %q, want stdin", fs[0].File)
	}
	if summary["rows_read"].(float64) != 30 {
		t.Errorf("rows = %v, want 30", summary["rows_read"])
	}
}

func TestRulesAndVersion(t *testing.T) {
	code, stdout, _ := aecheck(t, "", "rules")
	if code != 0 {
		t.Fatalf("rules exit %d", code)
	}
	for _, c := range checks.All {
		if !strings.Contains(stdout, c.ID) {
			t.Errorf("aecheck rules does not list %s", c.ID)
		}
	}
	code, stdout, _ = aecheck(t, "", "version")
	if code != 0 || !strings.Contains(stdout, Version) {
		t.Errorf("version: %d %q", code, stdout)
	}
	// Help asked for is the command's output: standard output, exit 0.
	for _, cmd := range []string{"check", "orders", "report", "rules"} {
		code, stdout, _ := aecheck(t, "", cmd, "--help")
		if code != 0 || !strings.Contains(stdout, "Usage") {
			t.Errorf("%s --help: exit %d, %q", cmd, code, stdout)
		}
	}
}

// TestScreenWithoutOutputs: without -o the first problems are shown on
// screen, errors first, each with its place in a seller's words.
func TestScreenWithoutOutputs(t *testing.T) {
	code, stdout, stderr := aecheck(t, "", "check", filepath.Join(samples, "catalog.csv"))
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	lines := strings.Split(stderr, "\n")
	if !strings.HasSuffix(lines[0], "catalog.csv, row 3, cell C3 (Title): error title-too-long: the title has 143 characters; the limit is 128, so 15 must go") {
		t.Errorf("first line %q", lines[0])
	}
	if !strings.Contains(stderr, "add -o report.xlsx") {
		t.Errorf("no hint to write a report:\n%s", stderr)
	}
}

// TestFindingsQuoteTheCell: a stock or image cell written in words is
// quoted as written, not as the number it was read as.
func TestFindingsQuoteTheCell(t *testing.T) {
	csv := "id,title,price,availability,image_link,product_type\n" +
		"A1,Stainless Steel Insulated Water Bottle 750ml Leak Proof Sports Flask for Gym Cycling,12.90,out of stock,N/A,Sports > Bottles\n"
	_, stdout, stderr := aecheck(t, csv, "check", "-", "-o", "-")
	fs, _ := parseJSONL(t, stdout)
	got := map[string]string{}
	for _, f := range fs {
		got[f.Check] = f.Value
	}
	if got["stock-empty"] != "out of stock" || got["images-missing"] != "N/A" {
		t.Errorf("values = %v, want the cells as written; stderr: %s", got, stderr)
	}
}
