package synth

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFitCategories checks that FitCategories changes the category cell
// only, and files a product under the category of the noun its title
// names except one row in 33.
func TestFitCategories(t *testing.T) {
	random, fit := &Catalog{Seed: 1}, &Catalog{Seed: 1, FitCategories: true}
	for i := 0; i < 2000; i++ {
		a := slices.Clone(random.Row(i))
		b := fit.Row(i)
		for j := range a {
			if j != 4 && a[j] != b[j] {
				t.Fatalf("row %d column %s: %q with FitCategories, %q without", i, CatalogHeader[j], b[j], a[j])
			}
		}
		if i%33 == 0 {
			if b[4] != a[4] {
				t.Errorf("row %d: category %q, want the random draw %q", i, b[4], a[4])
			}
			continue
		}
		k := slices.Index(fitCategories, b[4])
		if k < 0 || !strings.Contains(b[2], " "+nouns[k]+" ") {
			t.Errorf("row %d: title %q filed under %q", i, b[2], b[4])
		}
	}
	if len(fitCategories) != len(nouns) {
		t.Errorf("%d categories for %d nouns", len(fitCategories), len(nouns))
	}
}

// TestWriteFile: what write writes reaches the file whole, and an error of
// write is returned.
func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.csv")
	if err := WriteFile(path, func(w io.Writer) error { return WriteCatalogCSV(w, 50, 1) }); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := WriteCatalogCSV(&want, 50, 1); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("file has %d bytes, want the %d written", len(got), want.Len())
	}
	boom := errors.New("boom")
	if err := WriteFile(path, func(io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the write's error", err)
	}
}
