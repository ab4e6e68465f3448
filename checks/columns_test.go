package checks

import (
	"reflect"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

func TestMissingColumns(t *testing.T) {
	cols := func(fields ...string) *readers.Columns {
		c := &readers.Columns{File: "catalog.xlsx", Sheet: "Items", HeaderRow: 3, Fields: map[string][]int{}}
		for i, f := range fields {
			c.Fields[f] = []int{i}
		}
		return c
	}
	off := true
	offRules := Default()
	offRules.Checks = map[string]CheckRule{MissingField.ID: {Off: &off}}
	for _, tc := range []struct {
		name  string
		rules *Rules
		cols  *readers.Columns
		want  []string // fields of the findings, in order
	}{
		{"all there", Default(), cols("product_id", "title", "category", "price", "stock"), nil},
		{"no title", Default(), cols("product_id", "category", "price"), []string{"title"}},
		{"none", Default(), cols("stock"), []string{"product_id", "title", "category", "price"}},
		{"check off", offRules, cols("stock"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := MissingColumns(tc.rules, tc.cols, "shop-a")
			var got []string
			for _, f := range fs {
				got = append(got, f.Pos.Field)
				if f.Check != MissingField.ID || f.Severity != Error || f.Shop != "shop-a" ||
					f.Pos.Row != 3 || f.Pos.Sheet != "Items" || f.Message == "" || f.Fix == "" {
					t.Errorf("finding not stamped: %+v", f)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("missing columns %q, want %q", got, tc.want)
			}
		})
	}
}
