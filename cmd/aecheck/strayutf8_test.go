package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStrayByteKeepsUTF8 checks a UTF-8 catalog with one Windows-1252 byte
// in a French title, end to end: the file is read as UTF-8 (no note, no
// title-cjk warning from misread accents), and the one cell is a bad-value
// finding that shows the replacement character.
func TestStrayByteKeepsUTF8(t *testing.T) {
	var b strings.Builder
	b.WriteString("Product ID,Title,Category,Price,Stock\n")
	titles := []string{"Théière en fonte émaillée pour le thé", "Crème lavante à l'aloès pour les mains", "Bougie parfumée à la vanille de Madagascar"}
	for i := range 30 {
		b.WriteString(itoa(1005006000100+i) + "," + titles[i%len(titles)] + ",Maison,12.50,10\n")
	}
	b.WriteString("1005006000200,Th\xe9 vert bio en vrac de Chine du Yunnan,Maison,4.90,10\n")
	p := filepath.Join(t.TempDir(), "catalogue.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := aecheck(t, "", "check", "--fail-on", "never", p, "-o", "-")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "GB18030") || strings.Contains(stderr, "Windows-1252") {
		t.Errorf("the file was not read as UTF-8:\n%s", stderr)
	}
	fs, _ := parseJSONL(t, stdout)
	var bad []line
	for _, f := range fs {
		switch f.Check {
		case "title-cjk":
			t.Errorf("title-cjk on row %d: accents misread as Chinese", f.Row)
		case "bad-value":
			bad = append(bad, f)
		}
	}
	if len(bad) != 1 {
		t.Fatalf("bad-value findings %+v, want one", bad)
	}
	f := bad[0]
	if f.Row != 32 || f.Column != "B" && f.Column != "Title" || !strings.HasPrefix(f.Value, "Th\uFFFD vert bio") ||
		!strings.Contains(f.Message, "UTF-8") || !strings.HasSuffix(f.File, "catalogue.csv") {
		t.Errorf("bad-value %+v, want row 32, the title, the value with U+FFFD", f)
	}
}
