package checks

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// TestOrderTestdata runs each checks/testdata/orders/<id>.csv: order columns
// plus a want column holding a regexp of the message expected on that row
// (empty: no finding of that check). The as-of instant is Friday 2024-06-28
// 12:00 UTC.
func TestOrderTestdata(t *testing.T) {
	asOf := time.Date(2024, 6, 28, 12, 0, 0, 0, time.UTC)
	for _, c := range orderChecks {
		t.Run(c.ID, func(t *testing.T) {
			path := filepath.Join("testdata", "orders", c.ID+".csv")
			wants := orderWants(t, path)
			r, err := readers.OpenOrders(path, nil, readers.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			x := NewOrderRunner(nil, asOf)
			got := map[int][]string{}
			for r.Next() {
				for _, f := range x.Orders(r.Batch().Orders) {
					if f.Check == c.ID {
						got[f.Pos.Row] = append(got[f.Pos.Row], f.Message)
					}
				}
			}
			if err := r.Err(); err != nil {
				t.Fatal(err)
			}
			for _, f := range x.Finish() {
				got[f.Pos.Row] = append(got[f.Pos.Row], f.Message)
			}
			failing := 0
			for row, want := range wants {
				msgs := got[row]
				switch {
				case want == "" && len(msgs) > 0:
					t.Errorf("row %d: unexpected %q", row, msgs)
				case want != "" && len(msgs) != 1:
					t.Errorf("row %d: got %q, want one finding matching %q", row, msgs, want)
				case want != "" && !regexp.MustCompile(want).MatchString(msgs[0]):
					t.Errorf("row %d: %q does not match %q", row, msgs[0], want)
				}
				if want != "" {
					failing++
				}
			}
			if failing == 0 || failing == len(wants) {
				t.Errorf("%s needs passing and failing rows (%d of %d rows expect a finding)", path, failing, len(wants))
			}
		})
	}
}

// orderWants returns the want column of a testdata file by spreadsheet row.
func orderWants(t *testing.T, path string) map[int]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if strings.EqualFold(h, "want") {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("%s has no want column", path)
	}
	wants := map[int]string{}
	for i, rec := range recs[1:] {
		wants[i+2] = rec[col]
	}
	return wants
}

// TestOrderChecksAlone runs every order check's table a second time with
// the other order checks off and fails when its findings differ: what one
// check works out for others (the shipping deadline in the pass) must not
// depend on which of them run.
func TestOrderChecksAlone(t *testing.T) {
	asOf := time.Date(2024, 6, 28, 12, 0, 0, 0, time.UTC)
	run := func(t *testing.T, path string, r *Rules, id string) []Finding {
		rd, err := readers.OpenOrders(path, nil, readers.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer rd.Close()
		x := NewOrderRunner(r, asOf)
		var out []Finding
		for rd.Next() {
			out = append(out, x.Orders(rd.Batch().Orders)...)
		}
		out = append(out, x.Finish()...)
		var mine []Finding
		for _, f := range out {
			if f.Check == id {
				mine = append(mine, f)
			}
		}
		return mine
	}
	for _, c := range orderChecks {
		t.Run(c.ID, func(t *testing.T) {
			var yaml strings.Builder
			yaml.WriteString("checks:\n")
			for _, o := range orderChecks {
				if o != c {
					yaml.WriteString("  " + o.ID + ": {off: true}\n")
				}
			}
			alone, err := ParseRules([]byte(yaml.String()), "alone.yaml")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "orders", c.ID+".csv")
			all, one := run(t, path, nil, c.ID), run(t, path, alone, c.ID)
			if len(all) == 0 {
				t.Fatalf("%s finds nothing in its own table", c.ID)
			}
			if !reflect.DeepEqual(all, one) {
				t.Errorf("alone %d findings, with the others %d; first alone %+v", len(one), len(all), one)
			}
		})
	}
}
