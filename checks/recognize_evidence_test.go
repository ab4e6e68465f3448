package checks

import (
	"testing"
)

// TestEvidenceMemo checks that intern hands out copies that outlive the
// row and the scratch Evidence, shared between equal evidence only.
func TestEvidenceMemo(t *testing.T) {
	row := []byte("Electric Kettle 2000W")
	var m evidenceMemo
	scratch := &Evidence{Class: "kettle", Terms: []string{string(row[:15]), string(row[16:])}, Groups: []string{"electrical"}, Assumed: assumedMarkets}
	a := m.intern(scratch)
	if !a.equal(scratch) || a == scratch {
		t.Fatalf("intern = %+v, want a copy of %+v", a, scratch)
	}
	if b := m.intern(scratch); b != a {
		t.Errorf("equal evidence not shared")
	}
	scratch.Terms[0] = "Kettle"
	c := m.intern(scratch)
	if c == a || a.Terms[0] != "Electric Kettle" || c.Terms[0] != "Kettle" {
		t.Errorf("different evidence shared or changed: %+v, %+v", a, c)
	}
	for _, tc := range []struct {
		name string
		e    Evidence
	}{
		{"no terms", Evidence{Class: "kettle", Terms: []string{}}},
		{"missing column", Evidence{Class: "kettle", MissingColumn: "ce"}},
		{"entry", Evidence{Entry: "firearms", Terms: []string{"gun"}}},
		{"assumed", Evidence{Entry: "firearms", Terms: []string{"gun"}, Assumed: assumedMarkets}},
	} {
		got := m.intern(&tc.e)
		if !got.equal(&tc.e) {
			t.Errorf("%s: intern = %+v, want %+v", tc.name, got, tc.e)
		}
		if len(tc.e.Terms) == 0 && got.Terms != nil {
			t.Errorf("%s: empty terms kept as %#v, want nil", tc.name, got.Terms)
		}
		if cap(got.Terms) != len(got.Terms) {
			t.Errorf("%s: terms capacity %d > length %d: an append would write into a shared slice", tc.name, cap(got.Terms), len(got.Terms))
		}
	}
}
