package readers

import "testing"

func TestPosText(t *testing.T) {
	tests := []struct {
		p          Pos
		str, place string
	}{
		{Pos{File: "orders.csv", Row: 12, Col: 3, Field: "Price"}, "orders.csv:12:3", "orders.csv, row 12, cell C12 (Price)"},
		{Pos{File: "catalog.xlsx", Sheet: "Items", Row: 12, Col: 3}, "catalog.xlsx[Items]!C12", "catalog.xlsx, sheet Items, row 12, cell C12"},
		{Pos{File: "catalog.xlsx", Sheet: "Items", Row: 4}, "catalog.xlsx[Items]!4", "catalog.xlsx, sheet Items, row 4"},
		{Pos{File: "c.csv", Row: 2, Col: 28}, "c.csv:2:28", "c.csv, row 2, cell AB2"},
		{Pos{File: "c.csv"}, "c.csv", "c.csv"},
	}
	for _, tc := range tests {
		if got := tc.p.String(); got != tc.str {
			t.Errorf("%+v.String() = %q, want %q", tc.p, got, tc.str)
		}
		if got := tc.p.Place(); got != tc.place {
			t.Errorf("%+v.Place() = %q, want %q", tc.p, got, tc.place)
		}
	}
}
