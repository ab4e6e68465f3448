package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aecheck/aecheck/samples/synth"
)

// robustCatalog is a small catalog with one finding on each row.
const robustCatalog = "Product ID,Title,Category,Price\n1,Water bottle,Sports,12.90\n2,Lamp,Home,abc\n"

// robustFiles writes the named files into a new folder and returns it.
func robustFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sameFiles fails the test when a file of dir differs from want.
func sameFiles(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, []byte(content)) {
			t.Errorf("input %s was changed (err %v): %.80q", name, err, got)
		}
	}
}

// noTempFiles fails the test when a temporary file of a report is left in dir.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

// TestRobustOutputOntoInput: an output that names an input, however it is
// spelt, is refused before any work with exit code 2 and a sentence that
// says why, and the input is left as it was.
func TestRobustOutputOntoInput(t *testing.T) {
	orders := "Order ID,Order Status,Order Time\nA1,Completed,2026-11-01 10:00:00\n"
	files := map[string]string{"cat.csv": robustCatalog, "orders.csv": orders, "x/keep": "", "rules.yaml": "checks: {}\n"}
	for _, tc := range []struct {
		name string
		args []string // "D/" stands for the folder
		want string
	}{
		{"same name", []string{"check", "D/cat.csv", "-o", "D/cat.csv"}, "it is the input file"},
		{"dot dot", []string{"check", "D/cat.csv", "-o", "D/x/../cat.csv"}, "it is the input file"},
		{"catalog of orders", []string{"orders", "D/orders.csv", "--catalog", "D/cat.csv", "-o", "D/cat.csv"}, "it is the input file"},
		{"metrics onto orders", []string{"orders", "D/orders.csv", "--metrics-out", "D/orders.csv"}, "it is the input file"},
		{"report catalog", []string{"report", "--catalog", "D/cat.csv", "--orders", "D/orders.csv", "-o", "D/orders.csv"}, "it is the input file"},
		{"rules file", []string{"check", "D/cat.csv", "--rules", "D/rules.yaml", "-o", "D/rules.yaml.csv", "-o", "D/x/../rules.yaml.csv"}, "same file"},
		{"folder input", []string{"check", "D/", "-o", "D/cat.csv"}, "it is the input file"},
		{"output is a folder", []string{"check", "D/cat.csv", "-o", "D/x"}, "is a folder"},
		{"two outputs one file", []string{"check", "D/cat.csv", "-o", "D/r.csv", "-o", "D/./r.csv"}, "same file"},
		{"metrics onto report", []string{"orders", "D/orders.csv", "-o", "D/m.csv", "--metrics-out", "D/m.csv"}, "same file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := robustFiles(t, files)
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "D/", dir+"/")
			}
			code, _, stderr := aecheck(t, "", args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
			if strings.Contains(stderr, "wrote") {
				t.Errorf("stderr claims a file was written: %q", stderr)
			}
			sameFiles(t, dir, files)
			noTempFiles(t, dir)
		})
	}
}

// TestRobustOutputOntoInputLink: an output that reaches the input through a
// link to it, or through a link to its folder, is refused too.
func TestRobustOutputOntoInputLink(t *testing.T) {
	files := map[string]string{"cat.csv": robustCatalog}
	dir := robustFiles(t, files)
	if err := os.Symlink(filepath.Join(dir, "cat.csv"), filepath.Join(dir, "link.csv")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	os.Symlink(dir, filepath.Join(dir, "again"))
	for _, out := range []string{"link.csv", "again/cat.csv"} {
		code, _, stderr := aecheck(t, "", "check", filepath.Join(dir, "cat.csv"), "-o", filepath.Join(dir, out))
		if code != 2 || !strings.Contains(stderr, "it is the input file") {
			t.Errorf("-o %s: exit %d, stderr %q", out, code, stderr)
		}
	}
	sameFiles(t, dir, files)
}

// TestRobustReportMode: a report keeps the mode of the file it replaces;
// a new one gets the umask's mode, not a fixed 0644.
func TestRobustReportMode(t *testing.T) {
	dir := robustFiles(t, map[string]string{"cat.csv": robustCatalog})
	out := filepath.Join(dir, "r.csv")
	if code, _, stderr := aecheck(t, "", "check", filepath.Join(dir, "cat.csv"), "-o", out); code == 2 {
		t.Fatal(stderr)
	}
	st, _ := os.Stat(out)
	if want := os.FileMode(0o666 &^ umask()); st.Mode().Perm() != want {
		t.Errorf("new report mode %v with umask %o", st.Mode().Perm(), umask())
	}
	os.Chmod(out, 0o600)
	aecheck(t, "", "check", filepath.Join(dir, "cat.csv"), "-o", out)
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("replaced report mode %v, want the old file's 0600", st.Mode().Perm())
	}
}

// TestRobustStaleTempRemoved: the temporary file a killed run left beside
// an output is removed by the next run; one of a run still going, or one
// newer than this run, is kept.
func TestRobustStaleTempRemoved(t *testing.T) {
	dir := robustFiles(t, map[string]string{"cat.csv": robustCatalog})
	old := time.Now().Add(-time.Hour)
	dead := filepath.Join(dir, ".r.xlsx.tmp-999999999-1") // no such process
	alive := filepath.Join(dir, ".r.xlsx.tmp-1-2")        // init
	spool := filepath.Join(dir, ".r.xlsx.tmp-999999999-1.spool-3")
	other := filepath.Join(dir, ".other.xlsx.tmp-999999999-1") // another output's
	for _, p := range []string{dead, alive, spool, other} {
		os.WriteFile(p, []byte("partial"), 0o600)
		os.Chtimes(p, old, old)
	}
	if code, _, stderr := aecheck(t, "", "check", filepath.Join(dir, "cat.csv"), "-o", filepath.Join(dir, "r.xlsx")); code == 2 {
		t.Fatal(stderr)
	}
	for p, keep := range map[string]bool{dead: false, spool: false, alive: true, other: true} {
		_, err := os.Stat(p)
		if exists := err == nil; exists != keep {
			t.Errorf("%s: exists %v, want %v", filepath.Base(p), exists, keep)
		}
	}
}

// TestRobustFormulaAfterCR: a cell that starts with a carriage return and
// then "=" reaches the CSV report defused, with its leading quote.
func TestRobustFormulaAfterCR(t *testing.T) {
	dir := robustFiles(t, map[string]string{"c.csv": "Product ID,Title,Category,Price\n1,Lamp,Home,\"\r=HYPERLINK(\"\"http://x\"\")\"\n"})
	out := filepath.Join(dir, "r.csv")
	aecheck(t, "", "check", filepath.Join(dir, "c.csv"), "-o", out)
	rows, err := csv.NewReader(mustOpen(t, out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, r := range rows[1:] {
		for _, cell := range r {
			if strings.Contains(cell, "=HYPERLINK") && strings.HasPrefix(strings.TrimLeft(cell, " \t\r\n"), "=") {
				t.Errorf("formula not defused: %q", cell)
			}
			seen = seen || strings.HasPrefix(cell, "'") && strings.Contains(cell, "=HYPERLINK")
		}
	}
	if !seen {
		t.Errorf("no defused cell in the report: %q", rows)
	}
}

func mustOpen(t *testing.T, p string) *os.File {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// robustBigCatalog writes a synthetic catalog of n rows into dir.
func robustBigCatalog(t *testing.T, dir string, n int) string {
	t.Helper()
	p := filepath.Join(dir, "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := synth.WriteCatalogCSV(w, n, 1); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	f.Close()
	return p
}

// TestRobustSignalWhileAssembling: SIGTERM or SIGINT while the XLSX
// workbook is assembled (the moment its zip spill appears in TMPDIR)
// stops the run within a second with exit code 2; the previous report
// stays and no temporary file is left, beside the output or in TMPDIR.
func TestRobustSignalWhileAssembling(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary on a large input")
	}
	bin := aecheckBinary(t)
	dir := t.TempDir()
	in := robustBigCatalog(t, dir, 100000)
	for _, tc := range []struct {
		name  string
		sig   syscall.Signal
		ready func(tmp, out string) bool // when to send the signal
	}{
		{"SIGTERM assembling", syscall.SIGTERM, func(tmp, out string) bool {
			m, _ := filepath.Glob(filepath.Join(tmp, "aecheck-xlsx-*"))
			return len(m) > 0
		}},
		{"SIGINT reading", syscall.SIGINT, func(tmp, out string) bool {
			m, _ := filepath.Glob(filepath.Join(out, ".r.xlsx.tmp-*"))
			return len(m) > 0
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp, out := filepath.Join(dir, tc.name+"-tmp"), filepath.Join(dir, tc.name+"-out")
			os.Mkdir(tmp, 0o755)
			os.Mkdir(out, 0o755)
			report := filepath.Join(out, "r.xlsx")
			os.WriteFile(report, []byte("previous report"), 0o644)
			cmd := exec.Command(bin, "check", in, "-o", report)
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			deadline := time.Now().Add(time.Minute)
			for !tc.ready(tmp, out) {
				select {
				case err := <-exited:
					t.Fatalf("the run ended (%v) before the moment to stop it; stderr: %s", err, stderr.String())
				case <-time.After(2 * time.Millisecond):
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("the moment to stop never came")
				}
			}
			sent := time.Now()
			cmd.Process.Signal(tc.sig)
			err := <-exited
			took := time.Since(sent)
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
				t.Errorf("exit: %v, want code 2; stderr: %s", err, stderr.String())
			}
			if took > 1500*time.Millisecond {
				t.Errorf("the run took %v to stop after the signal", took)
			}
			if !strings.Contains(stderr.String(), "stopped") || strings.Contains(stderr.String(), "wrote") {
				t.Errorf("stderr: %q", stderr.String())
			}
			if b, _ := os.ReadFile(report); string(b) != "previous report" {
				t.Errorf("the previous report was replaced (%d bytes)", len(b))
			}
			for _, d := range []string{tmp, out} {
				entries, _ := os.ReadDir(d)
				for _, e := range entries {
					if e.Name() != "r.xlsx" {
						t.Errorf("left behind in %s: %s", filepath.Base(d), e.Name())
					}
				}
			}
			t.Logf("stopped %v after the signal", took)
		})
	}
}

// TestRobustFullDisk: on a full disk (a small tmpfs, where this test may
// mount one) every report format fails with exit code 2 and a message
// naming the output, and leaves no file behind to keep the disk full.
func TestRobustFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := t.TempDir()
	disk := filepath.Join(dir, "disk")
	os.Mkdir(disk, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v: %s); TestRobustWriterPanic injects the fault instead", err, out)
	}
	defer exec.Command("umount", disk).Run()
	bin := aecheckBinary(t)
	in := robustBigCatalog(t, dir, 20000)
	for _, name := range []string{"f.parquet", "f.arrow", "r.xlsx", "f.csv", "f.jsonl"} {
		out := filepath.Join(disk, name)
		cmd := exec.Command(bin, "check", in, "-o", out)
		cmd.Env = append(os.Environ(), "TMPDIR="+disk)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
			t.Errorf("%s: exit %v, want 2; stderr %s", name, err, stderr.String())
		}
		if !strings.Contains(stderr.String(), out) || !strings.Contains(stderr.String(), "no space left") || strings.Contains(stderr.String(), "goroutine") {
			t.Errorf("%s: stderr %q", name, stderr.String())
		}
		if entries, _ := os.ReadDir(disk); len(entries) != 0 {
			t.Errorf("%s: left on the full disk: %v", name, entries)
			for _, e := range entries {
				os.RemoveAll(filepath.Join(disk, e.Name()))
			}
		}
	}
}

// TestRobustFlagValues: nonsense flag values are refused before any file
// is read, with exit code 2 and a sentence naming the flag.
func TestRobustFlagValues(t *testing.T) {
	dir := robustFiles(t, map[string]string{"cat.csv": robustCatalog})
	in := filepath.Join(dir, "cat.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--input-format", "pdf", in}, "--input-format"},
		{[]string{"check", "--workers", "-3", in}, "--workers"},
		{[]string{"check", "--workers", "0", in}, "--workers"},
		{[]string{"check", "--batch-size", "-1", in}, "--batch-size"},
		{[]string{"check", "--encoding", "klingon", in}, "--encoding"},
		{[]string{"orders", "--workers", "-1", in}, "--workers"},
		{[]string{"check", in, "-o", filepath.Join(dir, "r.pdf")}, "unsupported output format"},
	} {
		code, _, stderr := aecheck(t, "", tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	for _, args := range [][]string{
		{"check", "--input-format", "CSV", "--workers", "1", "--batch-size", "7", "--encoding", "utf-8", in},
	} {
		if code, _, stderr := aecheck(t, "", args...); code == 2 {
			t.Errorf("%v: exit 2: %s", args, stderr)
		}
	}
}

// TestRobustSplitByShopColumn: --split-by shop writes one report per value
// of the Shop column, a shop named ../x stays inside the output folder,
// and the "wrote" lines name exactly the files written.
func TestRobustSplitByShopColumn(t *testing.T) {
	csv := "Shop,Product ID,Title,Category,Price\n" +
		"acme,1,Lamp,Home,12.90\n" +
		"../x,2,Lamp,Home,abc\n" +
		"acme,3,Desk lamp,Home,9.90\n" +
		",4,Chair,Home,5\n"
	dir := robustFiles(t, map[string]string{"out/keep": "", "cat.csv": csv})
	out := filepath.Join(dir, "out")
	code, _, stderr := aecheck(t, "", "check", "--split-by", "shop", filepath.Join(dir, "cat.csv"), "-o", filepath.Join(out, "r.jsonl"))
	if code == 2 {
		t.Fatal(stderr)
	}
	entries, _ := os.ReadDir(out)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{"keep", "r-.._x.jsonl", "r-acme.jsonl", "r-no-shop.jsonl"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.jsonl")); err == nil {
		t.Error("a report was written outside the output folder")
	}
	for _, name := range want[1:] {
		if !strings.Contains(stderr, "wrote "+filepath.Join(out, name)) {
			t.Errorf("stderr does not name %s: %s", name, stderr)
		}
		b, _ := os.ReadFile(filepath.Join(out, name))
		shop := strings.TrimSuffix(strings.TrimPrefix(name, "r-"), ".jsonl")
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if strings.Contains(l, `"kind":"finding"`) && !strings.Contains(l, `"shop":`) != (shop == "no-shop") {
				t.Errorf("%s holds a finding of another shop: %s", name, l)
			}
		}
	}
	if strings.Contains(stderr, "wrote "+filepath.Join(out, "r.jsonl")) {
		t.Errorf("stderr names a file that was not written: %s", stderr)
	}
}

// TestRobustWideRow: a 20 MB line of "a," ends in exit code 2 and a
// message naming the file and row, in bounded time and memory (it took
// 567 MB and 42 s, and a 100 MB line ran out of memory).
func TestRobustWideRow(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "wide.csv")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(robustCatalog)
	for range 10 << 20 {
		w.WriteString("a,")
	}
	w.WriteString("\n")
	w.Flush()
	f.Close()
	cmd := exec.Command(aecheckBinary(t), "check", in, "-o", filepath.Join(dir, "r.xlsx"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	took := time.Since(start)
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("exit %v, want 2; stderr %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "wide.csv") || !strings.Contains(stderr.String(), "row 4 (line 4) has more than 16384 cells") {
		t.Errorf("stderr %q", stderr.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > 200<<10 {
		t.Errorf("peak memory %d MB", ru.Maxrss>>10)
	}
	if took > 10*time.Second {
		t.Errorf("took %v", took)
	}
	noTempFiles(t, dir)
}
