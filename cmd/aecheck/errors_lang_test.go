package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStopErrorsInSellersLanguage: the errors that stop a run (an output
// that is an input or a folder, a missing title column, a file without a
// header) are in the seller's language, as the findings are.
func TestStopErrorsInSellersLanguage(t *testing.T) {
	dir := t.TempDir()
	noTitle := filepath.Join(dir, "sans-titre.csv")
	if err := os.WriteFile(noTitle, []byte("Product ID,Price\nA1,3.50\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want map[string]string // language: a phrase of its error
	}{
		{"output is the input", []string{"check", noTitle, "-o", noTitle},
			map[string]string{"en": "refusing to write", "fr": "écriture de", "zh": "拒绝写入", "es": "no se escribe"}},
		{"output is a folder", []string{"check", noTitle, "-o", dir},
			map[string]string{"en": "is a folder", "fr": "est un dossier", "zh": "是一个文件夹", "es": "es una carpeta"}},
		{"no title column", []string{"check", noTitle},
			map[string]string{"en": "has no title column", "fr": "n'a pas de colonne title", "zh": "没有 title 列", "es": "no tiene columna title"}},
	}
	for _, c := range cases {
		for lang, want := range c.want {
			code, _, stderr := aecheck(t, "", append([]string{c.args[0], "--lang", lang}, c.args[1:]...)...)
			if code != 2 {
				t.Errorf("%s, %s: exit %d, want 2", c.name, lang, code)
			}
			if !strings.Contains(stderr, want) {
				t.Errorf("%s, %s: error %q does not say %q", c.name, lang, strings.TrimSpace(stderr), want)
			}
		}
	}
	if b, _ := os.ReadFile(noTitle); string(b) != "Product ID,Price\nA1,3.50\n" {
		t.Errorf("the input was changed: %q", b)
	}
}
