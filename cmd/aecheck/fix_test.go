package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFixCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "catalog-fixed.csv")
	code, _, stderr := aecheck(t, "", "fix", filepath.Join(samples, "catalog.csv"), "-o", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (errors left for the seller): %s", code, stderr)
	}
	for _, want := range []string{"changes made", "wrote " + out, "catalog-fixed.changes.csv"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "catalog-fixed.changes.csv")); err != nil {
		t.Error(err)
	}
	// The copy is checked like any catalog, with no title finding left.
	code, stdout, _ := aecheck(t, "", "check", out, "-o", "-")
	if code == 2 || strings.Contains(stdout, `"check":"title-too-long"`) || strings.Contains(stdout, `"check":"title-duplicate-words"`) {
		t.Errorf("check of the copy: exit %d, title findings left:\n%s", code, stdout)
	}

	code, _, stderr = aecheck(t, "", "fix", "--fail-on", "never", filepath.Join(samples, "catalog.xlsx"), "-o", filepath.Join(dir, "c.xlsx"))
	if code != 0 {
		t.Errorf("--fail-on never: exit %d: %s", code, stderr)
	}
}

func TestFixCommandRefuses(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "catalog.csv")
	data, _ := os.ReadFile(filepath.Join(samples, "catalog.csv"))
	os.WriteFile(in, data, 0o644)
	link := filepath.Join(dir, "link.csv")
	os.Symlink(in, link)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"fix", in, "-o", in}, "refusing to write"},
		{[]string{"fix", in, "-o", link}, "refusing to write"},
		{[]string{"fix", in}, "name one catalog and the copy"},
		{[]string{"fix", in, in, "-o", filepath.Join(dir, "x.csv")}, "name one catalog and the copy"},
		{[]string{"fix", "-", "-o", filepath.Join(dir, "x.csv")}, "standard input"},
		{[]string{"fix", filepath.Join(dir, "missing.csv"), "-o", filepath.Join(dir, "x.csv")}, "missing.csv"},
	} {
		code, _, stderr := aecheck(t, "", tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if got, _ := os.ReadFile(in); string(got) != string(data) {
		t.Error("the input was modified")
	}
}

func TestReportAnnotate(t *testing.T) {
	dir := t.TempDir()
	marked := filepath.Join(dir, "marked")
	code, _, stderr := aecheck(t, "", "report", "--catalog", filepath.Join(samples, "catalog.xlsx"),
		"--orders", filepath.Join(samples, "orders.csv"), "-o", filepath.Join(dir, "report.xlsx"), "--annotate", marked)
	if code == 2 {
		t.Fatalf("exit 2: %s", stderr)
	}
	out := filepath.Join(marked, "catalog.xlsx")
	if !strings.Contains(stderr, "wrote "+out) {
		t.Errorf("stderr lacks the marked-up copy:\n%s", stderr)
	}
	// The copy is marked, not fixed: its check finds what the catalog's does.
	_, want, _ := aecheck(t, "", "check", filepath.Join(samples, "catalog.xlsx"), "-o", "-")
	_, got, _ := aecheck(t, "", "check", out, "-o", "-")
	if n, m := strings.Count(want, `"kind":"finding"`), strings.Count(got, `"kind":"finding"`); n != m || n == 0 {
		t.Errorf("the marked-up copy has %d findings, the catalog %d", m, n)
	}
}
