package fix

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteTwice: fixing a fixed file adds no second "aecheck" column
// and no second Changes sheet, and a third fix changes nothing the second
// did not: the fix is idempotent.
func TestWriteTwice(t *testing.T) {
	dir := t.TempDir()
	t.Run("xlsx", func(t *testing.T) {
		in := filepath.Join(samples, "catalog.xlsx")
		a, b, c := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx"), filepath.Join(dir, "c.xlsx")
		write(t, in, a, Options{})
		resB := write(t, a, b, Options{})
		assertRecheck(t, a, b, resB)
		resC := write(t, b, c, Options{})
		if len(resC.Changes) != 0 {
			t.Errorf("a third fix made %d changes: %v", len(resC.Changes), resC.Changes)
		}
		ca, cb, cc := sheetCells(t, a), sheetCells(t, b), sheetCells(t, c)
		sheets := func(m map[string][][]string) []string { return slices.Sorted(maps.Keys(m)) }
		if !slices.Equal(sheets(ca), sheets(cb)) || !slices.Equal(sheets(cb), sheets(cc)) {
			t.Fatalf("sheets %v, then %v, then %v", sheets(ca), sheets(cb), sheets(cc))
		}
		for r, row := range cb["Products"] {
			if n := countOf(row, columnHeader); n > 1 || n == 1 && len(row) != len(ca["Products"][r]) {
				t.Errorf("header after a second fix: %q (%d aecheck columns)", row, n)
			}
		}
		for s, rows := range cb {
			if s == changesName {
				continue
			}
			if !slices.EqualFunc(rows, cc[s], slices.Equal) {
				t.Errorf("sheet %s differs between the second and third fix", s)
			}
		}
		// The notes of the second fix replace those of the first, one per
		// marked cell, and the third fix writes the same.
		nb, nc := notesOf(t, b, a), notesOf(t, c, b)
		if len(nb) != resB.Marked || !slices.Equal(nb, nc) {
			t.Errorf("%d notes for %d marked cells; third fix %d notes", len(nb), resB.Marked, len(nc))
		}
	})
	t.Run("csv", func(t *testing.T) {
		in := filepath.Join(samples, "catalog.csv")
		a, b, c := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.csv")
		write(t, in, a, Options{})
		resB := write(t, a, b, Options{})
		assertRecheck(t, a, b, resB)
		write(t, b, c, Options{})
		rb := records(t, b, ',')
		if n := len(records(t, a, ',')[0].fields); len(rb[0].fields) != n {
			t.Errorf("header has %d fields after a second fix, %d after the first", len(rb[0].fields), n)
		}
		bb, _ := os.ReadFile(b)
		bc, _ := os.ReadFile(c)
		if !bytes.Equal(bb, bc) {
			t.Error("a third fix changed the file")
		}
		// Findings about two rows name the file they were found in.
		chb, _ := os.ReadFile(ChangesPath(b))
		chc, _ := os.ReadFile(ChangesPath(c))
		chb, chc = bytes.ReplaceAll(chb, []byte(a), []byte("IN")), bytes.ReplaceAll(chc, []byte(b), []byte("IN"))
		if !bytes.Equal(chb, chc) {
			t.Error("a third fix changed the changes file")
		}
	})
}

func countOf(row []string, s string) int {
	n := 0
	for _, v := range row {
		if strings.TrimSpace(v) == s {
			n++
		}
	}
	return n
}

// notesOf lists the notes of the Products sheet as "cell: text", sorted,
// with the name of the file it was made from (in) replaced by IN.
func notesOf(t *testing.T, path, in string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cm, err := f.GetComments("Products")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cm {
		out = append(out, c.Cell+": "+strings.ReplaceAll(c.Text, in, "IN"))
	}
	slices.Sort(out)
	return out
}
