package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cutXLSX writes the sample catalog workbook to dst with its sheet's XML
// broken after row 6: the header and the first rows read, then the reader
// fails.
func cutXLSX(t *testing.T, dst string) {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(samples, "catalog.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			i := bytes.Index(data, []byte(`<row r="6"`))
			if i < 0 {
				t.Fatalf("%s has no row 6", f.Name)
			}
			data = append(data[:i:i], `<row r="6"><c r="A6"><v>1</v></c></row><bogus<<>></sheetData></worksheet>`...)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestErrorNamesFileOnce: an input that fails while it is read (a row
// wider than any spreadsheet, a workbook damaged after its first rows) or
// a rules file that cannot be read is named once in the error, not
// "x.csv: x.csv: …", for each kind of input, alone or beside a good file.
func TestErrorNamesFileOnce(t *testing.T) {
	dir := t.TempDir()
	wideRow := "2," + strings.Repeat("a,", 20000) + "a\n"
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	wideCatalog := write("wide-catalog.csv", "Product ID,Title\n1,A kettle of steel\n"+wideRow)
	wideOrders := write("wide-orders.csv", "Order ID,Order Time\n1,2025-01-02 10:00\n"+wideRow)
	good := write("good.csv", "Product ID,Title\n1,A kettle of steel\n")
	cut := filepath.Join(dir, "cut-catalog.xlsx")
	cutXLSX(t, cut)
	rulesDir := filepath.Join(dir, "rules-folder.yaml")
	os.Mkdir(rulesDir, 0o755)

	for _, tc := range []struct {
		name, file, want string
		args             []string
	}{
		{"catalog CSV", wideCatalog, "has more than 16384 cells", []string{"check", wideCatalog}},
		{"catalog CSV beside another", wideCatalog, "the rows before this point were checked", []string{"check", wideCatalog, good}},
		{"catalog XLSX", cut, "malformed xml", []string{"check", cut}},
		{"orders CSV", wideOrders, "has more than 16384 cells", []string{"orders", "--as-of", "2025-01-10", wideOrders}},
		{"rules file, a folder", rulesDir, "rules file " + rulesDir + ": is a directory", []string{"check", "--rules", rulesDir, good}},
		{"rules file, missing", filepath.Join(dir, "nope.yaml"), "rules file " + filepath.Join(dir, "nope.yaml") + ": file not found", []string{"check", "--rules", filepath.Join(dir, "nope.yaml"), good}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{tc.args[0], "--quiet", "--fail-on", "never"}, tc.args[1:]...)
			code, _, stderr := aecheck(t, "", args...)
			var line string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.Contains(l, tc.want) {
					line = l
				}
			}
			if line == "" {
				t.Fatalf("exit %d; no error saying %q:\n%s", code, tc.want, stderr)
			}
			if n := strings.Count(line, filepath.Base(tc.file)); n != 1 {
				t.Errorf("the error names %s %d times, want once:\n%s", filepath.Base(tc.file), n, line)
			}
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
		})
	}
}
