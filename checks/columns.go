package checks

import (
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// requiredColumns are the listing fields every product needs. When a whole
// column is absent, the table gets one finding at its header row instead of
// one per row.
var requiredColumns = []string{"product_id", "title", "category", "price"}

// MissingColumns returns the missing-field findings of a catalog table
// whose header lacks required columns: one per column, at the header row.
// It returns nil when rules turn missing-field off. Call it once per table.
func MissingColumns(rules *Rules, cols *readers.Columns, shop string) []Finding {
	if !rules.Enabled(MissingField.ID) {
		return nil
	}
	var fs []Finding
	tr := i18n.For(rules.Language)
	for _, name := range requiredColumns {
		if cols.Has(name) {
			continue
		}
		fs = append(fs, Finding{
			Check:    MissingField.ID,
			Severity: rules.SeverityOf(MissingField.ID),
			Kind:     "listing",
			Pos:      readers.Pos{File: cols.File, Sheet: cols.Sheet, Row: cols.HeaderRow, Field: name},
			Shop:     shop,
			Message:  tr.Sprintf("the file has no %s column, so no product in it has one; AliExpress does not publish a product that lacks it", readers.ColumnNames(tr, readers.ListingFields, name)),
			Fix:      tr.Sprintf("add a %s column to the header row (row %d) and fill it in for every product", readers.ColumnNames(tr, readers.ListingFields, name), cols.HeaderRow),
		})
	}
	return fs
}
