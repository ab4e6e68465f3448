package reports

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
)

func TestJSONLGolden(t *testing.T) {
	var buf bytes.Buffer
	feed(t, NewJSONL(&buf))
	goldenCompare(t, "golden.jsonl", buf.Bytes())
}

// TestJSONLContract checks the contract of issue 2 line by line, beyond
// the golden file: kinds, required keys and their order, omitted keys.
func TestJSONLContract(t *testing.T) {
	var buf bytes.Buffer
	feed(t, NewJSONL(&buf))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	fs, ms := fixtureFindings(), fixtureMetrics()
	if want := len(fs) + len(ms) + 1; len(lines) != want {
		t.Fatalf("%d lines, want %d", len(lines), want)
	}
	kinds := map[string]int{}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, l)
		}
		kinds[m["kind"].(string)]++
		switch m["kind"] {
		case "finding":
			prefix := []string{`{"kind":"finding","check":`, `,"severity":`, `,"file":`}
			for _, p := range prefix {
				if !strings.Contains(l, p) {
					t.Errorf("line %d lacks %s: %s", i+1, p, l)
				}
			}
			for _, k := range []string{"row", "column", "entity", "value", "message"} {
				if _, ok := m[k]; !ok {
					t.Errorf("line %d lacks %q: %s", i+1, k, l)
				}
			}
			sev := m["severity"].(string)
			if sev != "error" && sev != "warning" && sev != "info" {
				t.Errorf("line %d: severity %q", i+1, sev)
			}
			csv := strings.HasSuffix(m["file"].(string), ".csv")
			if _, ok := m["sheet"]; ok == csv {
				t.Errorf("line %d: sheet present=%v for file %v", i+1, ok, m["file"])
			}
			if _, ok := m["cell"]; ok && csv {
				t.Errorf("line %d: cell for a CSV file", i+1)
			}
		case "metric":
			if !strings.HasPrefix(l, `{"kind":"metric","scope":`) {
				t.Errorf("line %d: %s", i+1, l)
			}
			for _, k := range []string{"key", "metric", "window_days", "numerator", "denominator", "value", "status"} {
				if _, ok := m[k]; !ok {
					t.Errorf("line %d lacks %q: %s", i+1, k, l)
				}
			}
		case "summary":
			if i != len(lines)-1 {
				t.Errorf("summary on line %d, not last", i+1)
			}
			if m["rows_read"].(float64) != m["rows_checked"].(float64)+m["rows_rejected"].(float64) {
				t.Errorf("summary does not reconcile: %s", l)
			}
			if m["findings"].(float64) != float64(len(fs)) {
				t.Errorf("summary findings %v", m["findings"])
			}
		default:
			t.Errorf("line %d: kind %v", i+1, m["kind"])
		}
	}
	if kinds["finding"] != len(fs) || kinds["metric"] != len(ms) || kinds["summary"] != 1 {
		t.Errorf("kinds %v", kinds)
	}
	var flines []string
	for _, l := range lines {
		if strings.HasPrefix(l, `{"kind":"finding"`) {
			flines = append(flines, l)
		}
	}
	// The first XLSX finding: cell and position.
	var first jsonFinding
	if err := json.Unmarshal([]byte(flines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Cell != "C5" || first.Row != 5 || first.Col != 3 || first.Sheet != "Items" || first.Entity != "1005006789012345" {
		t.Errorf("first finding: %+v", first)
	}
	var dup jsonFinding
	if err := json.Unmarshal([]byte(flines[2]), &dup); err != nil {
		t.Fatal(err)
	}
	if dup.Ref == nil || dup.Ref.Row != 4 || dup.Ref.File != "catalog.xlsx" {
		t.Errorf("duplicate finding ref: %s", flines[2])
	}
	// A CSV finding keeps its physical line apart from its row.
	var bad jsonFinding
	if err := json.Unmarshal([]byte(flines[3]), &bad); err != nil {
		t.Fatal(err)
	}
	if bad.Row != 3 || bad.Line != 4 || bad.Column != "价格" {
		t.Errorf("csv finding: %s", flines[3])
	}
}

// flushCounter records what reached the underlying writer.
type flushCounter struct{ bytes.Buffer }

func TestJSONLStreamsEachCall(t *testing.T) {
	var w flushCounter
	j := NewJSONL(&w)
	if err := j.Begin(fixtureRun()); err != nil {
		t.Fatal(err)
	}
	fs := fixtureFindings()
	if err := j.Findings(fs[:1]); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(w.String(), "\n"); n != 1 {
		t.Fatalf("after one finding the consumer sees %d lines, want 1", n)
	}
	if err := j.Findings(fs[1:3]); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(w.String(), "\n"); n != 3 {
		t.Fatalf("after three findings the consumer sees %d lines, want 3", n)
	}
	if err := j.Close(nil); err != nil {
		t.Fatal(err)
	}
	last := strings.Split(strings.TrimSpace(w.String()), "\n")[3]
	if !strings.HasPrefix(last, `{"kind":"summary"`) {
		t.Errorf("last line %s", last)
	}
}

func TestJSONLNonFinite(t *testing.T) {
	var buf bytes.Buffer
	j := NewJSONL(&buf)
	if err := j.Metrics([]checks.Metric{{Scope: "shop", Name: "nr_rate", Value: math.NaN(), Denominator: math.Inf(1), Status: "n/a"}}); err != nil {
		t.Fatalf("NaN metric: %v", err)
	}
	if !strings.Contains(buf.String(), `"value":0`) {
		t.Errorf("NaN not written as 0: %s", buf.String())
	}
}

func TestJSONLFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	j, err := CreateJSONL(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Begin(fixtureRun()); err != nil {
		t.Fatal(err)
	}
	if err := j.Findings(fixtureFindings()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("%s exists before Close", path)
	}
	if err := j.Close(fixtureSummary()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
	}
	if n != len(fixtureFindings())+1 {
		t.Errorf("%d lines in file", n)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("dir holds %v, want only out.jsonl", names)
	}
	if err := j.Close(nil); err == nil {
		t.Error("second Close succeeded")
	}
}

// TestAtomicWriteback: 40 MB written in odd-sized pieces through an
// AtomicFile reach the file intact, and the background writeback is
// started every 16 MB and never ahead of what was written.
func TestAtomicWriteback(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.jsonl")
	a, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	piece := make([]byte, 1<<20+7)
	starts := 0
	for i := 0; a.written < 40<<20; i++ {
		for k := range piece {
			piece[k] = byte(i*31 + k)
		}
		before := a.synced
		if _, err := a.Write(piece); err != nil {
			t.Fatal(err)
		}
		h.Write(piece)
		if a.synced != before {
			starts++
			if a.synced != a.written {
				t.Fatalf("writeback started up to %d, written %d", a.synced, a.written)
			}
		}
		if a.written-a.synced >= writebackChunk {
			t.Fatalf("%d bytes written past the last writeback", a.written-a.synced)
		}
	}
	if starts != 2 {
		t.Errorf("writeback started %d times for %d bytes, want 2", starts, a.written)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(data)) != a.written {
		t.Fatalf("file has %d bytes, wrote %d", len(data), a.written)
	}
	if got, want := sha256.Sum256(data), h.Sum(nil); !bytes.Equal(got[:], want) {
		t.Error("the file differs from what was written")
	}
}
