package reports

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// TestFindingSpool writes findings and reads them back equal: repeated
// strings in every field, more distinct shops than the dictionary holds (so
// some are written in full every time), empty strings, a message longer
// than the read buffer, and a reference to another row. The spool of
// findings that repeat their file, check and fix stays small.
func TestFindingSpool(t *testing.T) {
	sp, err := newFindingSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.remove()
	var want []checks.Finding
	for i := range 12000 {
		f := checks.Finding{
			Check: []string{"images-few", "rep-missing", "delivery-slow"}[i%3], Severity: checks.Severity(i % 3), Kind: "listing",
			Pos:    readers.Pos{File: "catalog.csv", Sheet: []string{"", "Products"}[i%2], Row: i + 2, Col: i % 13, Line: i + 2, Field: "Images"},
			Shop:   "shop-" + strconv.Itoa(i%(maxIntern+1500)),
			Entity: strconv.Itoa(1005006000000000 + i), Value: strconv.Itoa(i % 7),
			Message: "the product has " + strconv.Itoa(i%7) + " images; 5 or more are recommended",
			Fix:     []string{"Add images up to 5.", "", "Ship faster."}[i%3],
		}
		if i%100 == 0 {
			f.Ref = readers.Pos{File: "other.csv", Row: 7, Field: "SKU"}
		}
		if i == 5000 {
			f.Message = strings.Repeat("long message ", 30000) // 390 KB
		}
		want = append(want, f)
		if err := sp.add(&f); err != nil {
			t.Fatal(err)
		}
	}
	i := 0
	err = sp.each(func(got *checks.Finding) error {
		if *got != want[i] {
			t.Fatalf("finding %d: %+v, want %+v", i, *got, want[i])
		}
		i++
		return nil
	})
	if err != nil || i != len(want) {
		t.Fatalf("read back %d findings (%v), want %d", i, err, len(want))
	}
	// Written in full, the repeated strings of these findings would take
	// about 49 bytes more per finding (145 in all, against 96).
	full := 0
	for i := range want {
		f := &want[i]
		for _, s := range []string{f.Check, f.Kind, f.Pos.File, f.Pos.Sheet, f.Pos.Field, f.Fix, f.Ref.File, f.Ref.Sheet, f.Ref.Field} {
			full += len(s)
		}
	}
	st, _ := sp.f.Stat()
	if per, saved := (st.Size()-390000)/int64(len(want)), full/len(want); per > 110 || saved < 40 {
		t.Errorf("%d bytes per finding, against %d more if the repeated strings were written in full", per, saved)
	}
}

// TestFindingSpoolBadTag: a record naming a repeated string that was never
// written is an error, not an empty or a wrong value.
func TestFindingSpoolBadTag(t *testing.T) {
	sp, err := newFindingSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.remove()
	sp.n = 1
	sp.bw.Write(binary.AppendUvarint(nil, 2*7+2)) // dictionary entry 7 of an empty dictionary
	err = sp.each(func(*checks.Finding) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "never written") {
		t.Fatalf("err = %v", err)
	}
}

// TestXLSXSpoolCutShort: when the spool cannot be read back in full at
// Close (here it is cut in the middle of the findings, while the rows read
// before it are being written), Close fails with a message, leaves no
// workbook, and does not hang.
func TestXLSXSpoolCutShort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xlsx")
	x, err := CreateXLSX(path, XLSXOptions{TempDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	fs := benchFindings(20000)
	if err := x.Findings(fs); err != nil {
		t.Fatal(err)
	}
	if err := x.listing.bw.Flush(); err != nil {
		t.Fatal(err)
	}
	st, _ := x.listing.f.Stat()
	if err := x.listing.f.Truncate(st.Size() / 2); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- x.Close(&Summary{}) }()
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("Close hangs")
	}
	if err == nil || !strings.Contains(err.Error(), "temporary file") {
		t.Fatalf("Close: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a workbook was left at %s (%v)", path, err)
	}
}
