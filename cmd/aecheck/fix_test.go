package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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

// TestFixCommandFrench: with --lang fr the summary line, the Changes
// sheet (name, headers, reasons), the words of the "aecheck" column and
// the notes are in French.
func TestFixCommandFrench(t *testing.T) {
	out := filepath.Join(t.TempDir(), "catalogue.xlsx")
	code, _, stderr := aecheck(t, "", "fix", "--lang", "fr", filepath.Join(samples, "catalog.xlsx"), "-o", out)
	if code == 2 {
		t.Fatalf("exit 2: %s", stderr)
	}
	for _, want := range []string{"problèmes sur", "modifications faites", "écrit"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Modifications")
	if err != nil {
		t.Fatalf("no French Changes sheet: %v (sheets %q)", err, f.GetSheetList())
	}
	if len(rows) < 2 || rows[0][0] != "Feuille" || rows[0][10] != "Pourquoi ou comment corriger" || !strings.Contains(rows[1][10], "AliExpress") || strings.Contains(rows[1][10], "The title") {
		t.Errorf("Changes sheet not in French: %q", rows[:min(len(rows), 2)])
	}
	products, _ := f.GetRows("Products")
	var words, notes string
	for _, r := range products {
		if len(r) > 0 {
			words += r[len(r)-1] + "\n"
		}
	}
	cm, _ := f.GetComments("Products")
	for _, c := range cm {
		notes += c.Text + "\n"
	}
	for what, s := range map[string]string{"aecheck column": words, "notes": notes} {
		if !strings.Contains(s, "(corrigé)") || strings.Contains(s, "(fixed)") || strings.Contains(s, "How to fix") {
			t.Errorf("%s not in French:\n%s", what, s)
		}
	}
	if !strings.Contains(notes, "Comment corriger :") || !strings.Contains(notes, "erreur: ") {
		t.Errorf("notes lack the French way to fix or severity:\n%s", notes)
	}
}
