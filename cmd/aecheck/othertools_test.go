package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const otherTools = "../../readers/testdata/other-tools"

// findingKeys runs check on a file and returns its findings without the
// file and column names, which differ between twins by design.
func findingKeys(t *testing.T, want int, args ...string) []string {
	t.Helper()
	code, stdout, stderr := aecheck(t, "", append([]string{"check", "-o", "-"}, args...)...)
	if code != want {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, want, stderr)
	}
	fs, summary := parseFindings(t, stdout)
	if r, c, j := summary["rows_read"].(float64), summary["rows_checked"].(float64), summary["rows_rejected"].(float64); r != 6 || r != c+j {
		t.Errorf("rows read %v checked %v rejected %v, want 6 = checked + rejected", r, c, j)
	}
	var keys []string
	for _, f := range fs {
		msg := f.Message
		if i := strings.Index(msg, " of "); i >= 0 && f.Check == "duplicate-listing" {
			msg = msg[:i] // names the first occurrence's file
		}
		keys = append(keys, f.Check+"|"+itoa(f.Row)+"|"+f.Value+"|"+msg)
	}
	sort.Strings(keys)
	return keys
}

// TestOtherToolsThroughCLI: files saved by LibreOffice in other encodings
// and locales give the findings of their UTF-8 comma-separated twin, with
// the encoding detected or named with --encoding; headers nobody knows are
// mapped with --map or the rules file's aliases section.
func TestOtherToolsThroughCLI(t *testing.T) {
	ref := strings.Join(findingKeys(t, 1, filepath.Join(otherTools, "catalog-utf8.csv")), "\n")
	for _, args := range [][]string{
		{filepath.Join(otherTools, "libreoffice.xlsx")},
		{filepath.Join(otherTools, "inline-strings.xlsx")},
		{filepath.Join(otherTools, "libreoffice-fr-semicolon-bom.csv")},
		{filepath.Join(otherTools, "libreoffice-es-windows1252.csv")},
		{"--encoding", "windows-1252", filepath.Join(otherTools, "libreoffice-es-windows1252.csv")},
		{filepath.Join(otherTools, "libreoffice-zh-gb18030.csv")},
		{"--encoding", "gbk", filepath.Join(otherTools, "libreoffice-zh-gb18030.csv")},
		{filepath.Join(otherTools, "libreoffice-unicode-text.txt")},
	} {
		if got := strings.Join(findingKeys(t, 1, args...), "\n"); got != ref {
			t.Errorf("%q: findings differ from the UTF-8 twin\n got:\n%s\nwant:\n%s", args, got, ref)
		}
	}
	// A wrong --encoding is obeyed: the accents come out wrong, visibly.
	code, stdout, _ := aecheck(t, "", "check", "-o", "-", "--encoding", "windows-1252", filepath.Join(otherTools, "libreoffice-fr-semicolon.csv"))
	if code != 1 || !strings.Contains(stdout, "ThÃ©iÃ¨re") {
		t.Errorf("--encoding windows-1252 on UTF-8: exit %d, no mojibake in the output", code)
	}

	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(otherTools, "catalog-utf8.csv"))
	if err != nil {
		t.Fatal(err)
	}
	odd := strings.NewReplacer("Product ID", "Artikelnummer", "Title", "Benämning", "Price", "Pris (SEK)").Replace(string(data))
	p := filepath.Join(dir, "odd.csv")
	os.WriteFile(p, []byte(odd), 0o644)
	code, _, stderr := aecheck(t, "", "check", "-o", "-", p)
	if code != 2 || !strings.Contains(stderr, "odd.csv") || !strings.Contains(stderr, "no title column") {
		t.Errorf("unknown title header: exit %d: %s", code, stderr)
	}
	mapped := strings.Join(findingKeys(t, 1, "--map", "product_id=Artikelnummer", "--map", "title=Benämning", "--map", "price=Pris (SEK)", p), "\n")
	if mapped != ref {
		t.Errorf("--map: findings differ\n got:\n%s\nwant:\n%s", mapped, ref)
	}
	rules := filepath.Join(dir, "rules.yaml")
	os.WriteFile(rules, []byte("aliases:\n  product_id: [Artikelnummer]\n  title: [BENÄMNING]\n  price: [pris (sek)]\n"), 0o644)
	if got := strings.Join(findingKeys(t, 1, "--rules", rules, p), "\n"); got != ref {
		t.Errorf("rules aliases: findings differ\n got:\n%s\nwant:\n%s", got, ref)
	}
}
