package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestStartAllocs holds the allocations of a run of a 1-row catalog
// without a report, its fixed cost (3,149 today, the recognition data
// already decoded), under a bound a quarter above: a table built at every
// start again, or the rules turned into text with no writer to read them,
// fails it.
func TestStartAllocs(t *testing.T) {
	p := filepath.Join(t.TempDir(), "one.csv")
	row := "Product ID,Title,Category,Price,Ship To\n" +
		"1005006000000000,Magnetic Phone Holder for Car Driving Gift Box Included,Apparel Accessories > Hats,2.34,FR\n"
	if err := os.WriteFile(p, []byte(row), 0o644); err != nil {
		t.Fatal(err)
	}
	n := testing.AllocsPerRun(5, func() {
		if _, err := Run(context.Background(), Config{Catalogs: []Input{{Path: p}}}); err != nil {
			t.Fatal(err)
		}
	})
	if n > 4000 {
		t.Errorf("a 1-row run: %.0f allocations, more than 4000: what does a run now build at start?", n)
	}
}
