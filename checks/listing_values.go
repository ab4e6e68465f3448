package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// How checks print a price and find the cells of a variant's row, shared
// by the price, stock and SKU checks.

func fmtPrice(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// variantPos returns the cell of field name on the row of variant v of l.
func variantPos(l *readers.Listing, v *readers.Variant, name string) readers.Pos {
	row := l.Pos
	row.Row, row.Line = v.Row, v.Line
	return l.Cols.At(row, name)
}
