package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/samples/synth"
)

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestByteIdenticalReruns: the same inputs, rules and as-of give the same
// bytes in every output format.
func TestByteIdenticalReruns(t *testing.T) {
	outs := []string{"r.xlsx", "f.jsonl", "f.csv", "f.parquet", "f.arrow"}
	run := func(dir string) {
		args := []string{"report", "--rules", filepath.Join(samples, "rules.yaml"),
			"--catalog", filepath.Join(samples, "catalog.xlsx"), "--orders", filepath.Join(samples, "orders.csv"),
			"--as-of", "2025-03-14T18:00:00Z", "--metrics-out", filepath.Join(dir, "m.parquet"), "--metrics-out", filepath.Join(dir, "m.csv")}
		for _, o := range outs {
			args = append(args, "-o", filepath.Join(dir, o))
		}
		if code, _, stderr := aecheck(t, "", args...); code != 1 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	a, b := t.TempDir(), t.TempDir()
	run(a)
	time.Sleep(1100 * time.Millisecond) // a clock in the output would now differ
	run(b)
	for _, o := range append(outs, "m.parquet", "m.csv") {
		x, err := os.ReadFile(filepath.Join(a, o))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, o))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two identical runs", o)
		}
		if len(x) == 0 {
			t.Errorf("%s is empty", o)
		}
	}
}

// TestShopsFromFolders: a folder of shops, each in its own sub-folder, in
// one run: every finding carries its shop, and --split-by shop writes one
// report per shop with the same findings as the shop run alone.
func TestShopsFromFolders(t *testing.T) {
	root := t.TempDir()
	shops := filepath.Join(root, "shops")
	copyFile(t, filepath.Join(samples, "catalog.csv"), filepath.Join(shops, "acme", "catalog.csv"))
	copyFile(t, filepath.Join(samples, "catalog.xlsx"), filepath.Join(shops, "bolt", "catalog.xlsx"))

	code, stdout, stderr := aecheck(t, "", "check", "--fail-on", "never", shops, "-o", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fs, summary := parseJSONL(t, stdout)
	perShop := map[string]int{}
	for _, l := range strings.Split(stdout, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["kind"] == "finding" {
			shop, _ := m["shop"].(string)
			perShop[shop]++
		}
	}
	if perShop["acme"] == 0 || perShop["bolt"] == 0 || perShop[""] != 0 || perShop["acme"]+perShop["bolt"] != len(fs) {
		t.Errorf("findings per shop = %v of %d", perShop, len(fs))
	}
	if summary["rows_read"].(float64) != 60 {
		t.Errorf("rows read %v, want 60", summary["rows_read"])
	}

	out := filepath.Join(root, "report.jsonl")
	if code, _, stderr := aecheck(t, "", "check", "--fail-on", "never", "--split-by", "shop", filepath.Join(shops, "*", "catalog.*"), "-o", out); code != 0 {
		t.Fatalf("split: exit %d: %s", code, stderr)
	}
	for _, shop := range []string{"acme", "bolt"} {
		split, err := os.ReadFile(filepath.Join(root, "report-"+shop+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		_, alone, _ := aecheck(t, "", "check", "--fail-on", "never", "--shop", shop, filepath.Join(shops, shop), "-o", "-")
		got, _ := parseJSONL(t, string(split))
		want, _ := parseJSONL(t, alone)
		if len(got) != len(want) || len(got) != perShop[shop] {
			t.Errorf("shop %s: %d findings split, %d alone, %d in the combined run", shop, len(got), len(want), perShop[shop])
		}
	}
}

// TestHistoryAndTrends: nightly runs append to the history dataset, a
// rerun of a day replaces it, and the workbook gains a Trends sheet.
func TestHistoryAndTrends(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "history")
	for _, day := range []string{"2025-03-12", "2025-03-13", "2025-03-14", "2025-03-14"} {
		code, _, stderr := aecheck(t, "", "orders", "--fail-on", "never", "--as-of", day, "--history", hist,
			filepath.Join(samples, "orders.csv"), "-o", filepath.Join(dir, "report.xlsx"))
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", day, code, stderr)
		}
	}
	parts, _ := filepath.Glob(filepath.Join(hist, "date=*", "*.parquet"))
	if len(parts) != 3 {
		t.Errorf("history partitions = %v, want 3 days", parts)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Trends")
	if err != nil {
		t.Fatalf("no Trends sheet: %v (sheets %v)", err, f.GetSheetList())
	}
	joined := fmtDump(rows)
	for _, day := range []string{"2025-03-12", "2025-03-13", "2025-03-14"} {
		if !strings.Contains(joined, day) {
			t.Errorf("Trends sheet lacks %s:\n%s", day, joined)
		}
	}
}

// TestStdinXLSXAndJSONLog: an XLSX on standard input with --input-format,
// and structured logs on standard error.
func TestStdinXLSXAndJSONLog(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(samples, "catalog.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := aecheck(t, string(data), "check", "--input-format", "xlsx", "--log-format", "json", "-", "-o", "-")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fs, _ := parseJSONL(t, stdout); len(fs) == 0 || fs[0].File != "stdin" || fs[0].Sheet != "Products" {
		t.Errorf("findings from stdin: %+v", fs)
	}
	sc := bufio.NewScanner(strings.NewReader(stderr))
	n := 0
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", sc.Text())
		}
		n++
	}
	if n == 0 {
		t.Error("no log records")
	}
}

// TestInterruptLeavesNoFile: SIGINT in the middle of a run stops it with
// exit code 2 and no report, not even a temporary file.
func TestInterruptLeavesNoFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and generates a large input")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "aecheck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	in := filepath.Join(dir, "big.csv")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := synth.WriteCatalogCSV(w, 300000, 1); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	f.Close()
	outDir := filepath.Join(dir, "out")
	os.Mkdir(outDir, 0o755)
	cmd := exec.Command(bin, "check", in, "-o", filepath.Join(outDir, "report.xlsx"), "-o", filepath.Join(outDir, "f.parquet"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The signal goes in once the run has opened its outputs (their
	// temporary files are in outDir), not after a fixed pause, which on a
	// loaded machine could come before the command handles signals at all.
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(time.Minute)
	for {
		if entries, _ := os.ReadDir(outDir); len(entries) > 0 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the run ended (%v) before it opened its outputs; stderr: %s", err, stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no temporary output in %s after a minute", outDir)
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	err = <-exited
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("exit: %v, want code 2; stderr: %s", err, stderr.String())
	}
	entries, _ := os.ReadDir(outDir)
	for _, e := range entries {
		t.Errorf("left behind after SIGINT: %s", e.Name())
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("stderr does not say the run stopped: %q", stderr.String())
	}
}

func fmtDump(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestShopColumn: a shop column names the shop of each row; the same
// product in two shops is not a duplicate listing.
func TestShopColumn(t *testing.T) {
	csv := "Shop,Product ID,Title,Category,Price,Images,Brand\n" +
		"acme,1,Stainless Steel Insulated Water Bottle 750ml Leak Proof Sports Flask for Gym,Sports > Bottles,12.90,5,no brand\n" +
		"bolt,2,Stainless Steel Insulated Water Bottle 750ml Leak Proof Sports Flask for Gym,Sports > Bottles,12.90,5,no brand\n" +
		"bolt,3,Stainless Steel Insulated Water Bottle 750ml Leak Proof Sports Flask for Gym,Sports > Bottles,12.90,5,no brand\n"
	_, stdout, stderr := aecheck(t, csv, "check", "-", "-o", "-")
	var dups []map[string]any
	for _, l := range strings.Split(stdout, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["check"] == "duplicate-listing" {
			dups = append(dups, m)
		}
	}
	if len(dups) != 1 || dups[0]["shop"] != "bolt" || dups[0]["entity"] != "3" {
		t.Errorf("duplicate-listing findings = %v, want one, for product 3 of shop bolt; stderr: %s", dups, stderr)
	}
}

func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	fn, done := progressLine(&b)
	fn(pipeline.Progress{File: "catalog.csv", Rows: 1500, Findings: 20, Read: 250, Size: 1000})
	if s := b.String(); !strings.Contains(s, "catalog.csv: 1500 rows read") || !strings.Contains(s, "25% of the file") {
		t.Errorf("progress line %q", s)
	}
	done()
	if !strings.HasSuffix(b.String(), "\r\033[K") {
		t.Error("the line is not cleared at the end")
	}
}

// TestOrderShopsAloneAndTogether: the order metrics of several shops in one
// run equal each shop run alone, given the same --as-of.
func TestOrderShopsAloneAndTogether(t *testing.T) {
	root := t.TempDir()
	copyFile(t, filepath.Join(samples, "orders.csv"), filepath.Join(root, "acme", "orders.csv"))
	copyFile(t, filepath.Join(samples, "orders_shopify.csv"), filepath.Join(root, "bolt", "orders.csv"))
	metricLines := func(out, shop string) []string {
		var keep []string
		for _, l := range strings.Split(out, "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) != nil || m["kind"] != "metric" {
				continue
			}
			if got, _ := m["shop"].(string); got == shop {
				keep = append(keep, l)
			}
		}
		return keep
	}
	const asOf = "2025-03-14T18:00:00Z"
	_, all, stderr := aecheck(t, "", "orders", "--fail-on", "never", "--as-of", asOf, root, "-o", "-")
	for _, shop := range []string{"acme", "bolt"} {
		_, alone, _ := aecheck(t, "", "orders", "--fail-on", "never", "--as-of", asOf, filepath.Join(root, shop), "-o", "-")
		got, want := metricLines(all, shop), metricLines(alone, shop)
		if len(want) == 0 {
			t.Fatalf("shop %s: no metrics alone; stderr of the combined run: %s", shop, stderr)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("shop %s: %d metric lines together, %d alone, or different values", shop, len(got), len(want))
		}
	}
}

// signalWriter reports its first write on a channel.
type signalWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	first chan struct{}
	once  sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.once.Do(func() { close(w.first) })
	return w.buf.Write(p)
}

// TestStreamsBeforeInputEnds: with -o -, a consumer sees the first findings
// while standard input is still open.
func TestStreamsBeforeInputEnds(t *testing.T) {
	pr, pw := io.Pipe()
	out := &signalWriter{first: make(chan struct{})}
	done := make(chan int, 1)
	go func() {
		var errb bytes.Buffer
		done <- run(context.Background(), []string{"check", "--fail-on", "never", "-", "-o", "-"}, pr, out, &errb)
	}()
	row := func(i int) string {
		return fmt.Sprintf("%d,Stainless Steel Water Bottle Model %d,Home > Kitchen,0,5,US\n", 1000+i, i)
	}
	fmt.Fprint(pw, "Product ID,Title,Category,Price,Images,Ship To\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprint(pw, row(i))
	}
	select {
	case <-out.first:
	case <-time.After(20 * time.Second):
		pw.Close()
		t.Fatal("no output while the input is still open")
	}
	for i := 2000; i < 2100; i++ {
		fmt.Fprint(pw, row(i))
	}
	pw.Close()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d", code)
	}
	_, summary := parseJSONL(t, out.buf.String())
	if summary["rows_read"].(float64) != 2100 {
		t.Errorf("rows read %v, want 2100", summary["rows_read"])
	}
}
