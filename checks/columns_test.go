package checks

import (
	"reflect"
	"strings"
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

// TestMissingColumnsNameTheColumn: the message and fix name the column as a
// seller would write it, in the seller's language, never the internal
// field name.
func TestMissingColumnsNameTheColumn(t *testing.T) {
	cols := &readers.Columns{File: "catalog.csv", HeaderRow: 1, Fields: map[string][]int{"title": {0}, "category": {1}, "price": {2}}}
	for _, tc := range []struct{ lang, want string }{
		{"en", `"Product ID"`},
		{"fr", `"ID produit" / "Product ID"`},
		{"zh", `"商品ID" / "Product ID"`},
		{"es", `"ID del producto" / "Product ID"`},
	} {
		rules := Default()
		rules.Language = tc.lang
		fs := MissingColumns(rules, cols, "")
		if len(fs) != 1 {
			t.Fatalf("%s: %d findings, want 1", tc.lang, len(fs))
		}
		for _, s := range []string{fs[0].Message, fs[0].Fix} {
			if !strings.Contains(s, tc.want) || strings.Contains(s, "product_id") {
				t.Errorf("%s: %q does not name the column %s", tc.lang, s, tc.want)
			}
		}
	}
}
