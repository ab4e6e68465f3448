package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
