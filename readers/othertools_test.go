package readers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// otherTools holds the same catalog saved by LibreOffice and other writers
// (see testdata/other-tools/README.md).
var otherTools = filepath.Join("testdata", "other-tools")

type twinRead struct {
	listings []readers.Listing
	findings []string
	rows     int
	enc      string
	sep      byte
}

// readTwin reads a file and runs every check on it as the pipeline does.
// Findings are keyed without the file, column letter and header text, which
// differ between twins by design.
func readTwin(t *testing.T, path string, opt readers.Options) twinRead {
	t.Helper()
	r, err := readers.OpenCatalog(path, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	run, err := checks.NewRunner(checks.Default())
	if err != nil {
		t.Fatal(err)
	}
	cat := run.NewCatalog()
	var out twinRead
	var fs []checks.Finding
	for r.Next() {
		b := r.Batch()
		out.rows += b.Rows
		out.listings = append(out.listings, b.Listings...)
		fs = append(fs, run.Listings(b.Listings)...)
		fs = append(fs, cat.Observe(b.Listings)...)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	fs = append(fs, cat.Finish()...)
	base := filepath.Base(path)
	for _, f := range fs {
		msg := strings.ReplaceAll(f.Message, path, "FILE")
		msg = strings.ReplaceAll(msg, base, "FILE")
		msg = strings.ReplaceAll(msg, " of sheet Catalogue", "")
		msg = strings.ReplaceAll(msg, " of sheet Products", "")
		out.findings = append(out.findings, fmt.Sprintf("%s %s row %d %q %q", f.Check, f.Severity, f.Pos.Row, f.Value, msg))
	}
	sort.Strings(out.findings)
	out.enc, out.sep = r.Encoding(), r.Delimiter()
	return out
}

func plain(ls []readers.Listing) []readers.Listing {
	out := make([]readers.Listing, len(ls))
	for i, l := range ls {
		l.Pos, l.Cols, l.Problems = readers.Pos{Row: l.Pos.Row}, nil, nil
		out[i] = l
	}
	return out
}

// TestOtherToolsTwins: every file saved by another tool gives the same
// listings and the same findings as the UTF-8 comma-separated twin.
func TestOtherToolsTwins(t *testing.T) {
	ref := readTwin(t, filepath.Join(otherTools, "catalog-utf8.csv"), readers.Options{})
	if len(ref.listings) != 6 || ref.rows != 6 {
		t.Fatalf("reference: %d listings, %d rows", len(ref.listings), ref.rows)
	}
	if l := ref.listings[1]; l.ProductID != "004560" || l.Price != 1234.5 || !l.HasStock || l.Stock != 0 || l.CreatedAt.Format("2006-01-02") != "2024-01-15" {
		t.Fatalf("reference row 3 read wrong: %+v", l)
	}
	// The catalog trips a few checks on known rows, and row 4 is clean.
	for _, want := range []string{"duplicate-listing warning row 5", "missing-field error row 6", "price-not-positive error row 7", "stock-empty warning row 3", "title-short info row 4"} {
		found := false
		for _, f := range ref.findings {
			found = found || strings.HasPrefix(f, want)
		}
		if !found {
			t.Errorf("reference: no %s in\n%s", want, strings.Join(ref.findings, "\n"))
		}
	}
	tests := []struct {
		file string
		enc  string
		sep  byte
	}{
		{"libreoffice.xlsx", "", 0},
		{"inline-strings.xlsx", "", 0},
		{"libreoffice-fr-semicolon.csv", readers.EncUTF8, ';'},
		{"libreoffice-fr-semicolon-bom.csv", readers.EncUTF8, ';'},
		{"libreoffice-es-windows1252.csv", readers.EncWindows1252, ';'},
		{"libreoffice-zh-gb18030.csv", readers.EncGB18030, ','},
		{"libreoffice-unicode-text.txt", readers.EncUTF16LE, '\t'},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := readTwin(t, filepath.Join(otherTools, tt.file), readers.Options{})
			if got.enc != tt.enc || got.sep != tt.sep {
				t.Errorf("read as %q sep %q, want %q %q", got.enc, got.sep, tt.enc, tt.sep)
			}
			if g, w := plain(got.listings), plain(ref.listings); !reflect.DeepEqual(g, w) {
				for i := range min(len(g), len(w)) {
					if !reflect.DeepEqual(g[i], w[i]) {
						t.Errorf("row %d differs from the UTF-8 twin:\n got %+v\nwant %+v", w[i].Pos.Row, g[i], w[i])
					}
				}
				if len(g) != len(w) {
					t.Errorf("%d listings, want %d", len(g), len(w))
				}
			}
			if g, w := strings.Join(got.findings, "\n"), strings.Join(ref.findings, "\n"); g != w {
				t.Errorf("findings differ from the UTF-8 twin\n got:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

// TestOtherToolsEncodingFlag: --encoding overrides detection, both ways: the
// right encoding named gives the same listings; a wrong one is read as told
// (mojibake, no crash), so the seller's flag wins.
func TestOtherToolsEncodingFlag(t *testing.T) {
	ref := readTwin(t, filepath.Join(otherTools, "catalog-utf8.csv"), readers.Options{})
	for file, enc := range map[string]string{
		"libreoffice-es-windows1252.csv": "cp1252",
		"libreoffice-zh-gb18030.csv":     "gbk",
		"libreoffice-unicode-text.txt":   "utf-16",
	} {
		got := readTwin(t, filepath.Join(otherTools, file), readers.Options{Encoding: enc})
		if !reflect.DeepEqual(plain(got.listings), plain(ref.listings)) {
			t.Errorf("%s with --encoding %s: listings differ", file, enc)
		}
	}
	got := readTwin(t, filepath.Join(otherTools, "libreoffice-fr-semicolon.csv"), readers.Options{Encoding: "windows-1252"})
	if got.enc != readers.EncWindows1252 || got.listings[0].Title == ref.listings[0].Title || !strings.Contains(got.listings[0].Title, "ThÃ©iÃ¨re") {
		t.Errorf("UTF-8 file forced to Windows-1252: enc %q title %q", got.enc, got.listings[0].Title)
	}
}

// TestOtherToolsMapAndAliases: headers nobody knows are named with --map
// or the rules file's aliases section, and give the twin's listings.
func TestOtherToolsMapAndAliases(t *testing.T) {
	ref := readTwin(t, filepath.Join(otherTools, "catalog-utf8.csv"), readers.Options{})
	odd := strings.NewReplacer("Product ID", "Artikelnummer", "Title", "Benämning", "Price", "Pris (SEK)", "Stock", "Lagersaldo")
	data := odd.Replace(readFile(t, filepath.Join(otherTools, "catalog-utf8.csv")))
	p := filepath.Join(t.TempDir(), "odd.csv")
	writeFile(t, p, data)
	if _, err := readers.OpenCatalog(p, nil, readers.Options{}); err == nil || !strings.Contains(err.Error(), "no title column") {
		t.Fatalf("unknown headers: err = %v", err)
	}
	m := map[string]string{"product_id": "Artikelnummer", "title": "Benämning", "price": "Pris (SEK)", "stock": "Lagersaldo"}
	if got := readTwin(t, p, readers.Options{Map: m}); !reflect.DeepEqual(plain(got.listings), plain(ref.listings)) || strings.Join(got.findings, "\n") != strings.Join(ref.findings, "\n") {
		t.Errorf("--map: listings or findings differ:\n%s", strings.Join(got.findings, "\n"))
	}
	al := map[string][]string{"product_id": {"artikelnummer"}, "title": {"BENÄMNING"}, "price": {"pris (sek)"}, "stock": {"lager saldo"}}
	if got := readTwin(t, p, readers.Options{Aliases: al}); !reflect.DeepEqual(plain(got.listings), plain(ref.listings)) {
		t.Errorf("rules aliases: listings differ")
	}
	// --map wins over a default alias: "Category" read as the brand.
	got := readTwin(t, p, readers.Options{Map: map[string]string{"title": "Benämning", "brand": "Category"}})
	if got.listings[0].Brand != "Maison > Cuisine > Thé" {
		t.Errorf("--map brand=Category: brand %q", got.listings[0].Brand)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
