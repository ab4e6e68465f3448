package readers

import "slices"

// Columns records where each canonical field sits in one table (a CSV file
// or one sheet). It is built once per table from the header row and shared,
// read-only, by every row of that table.
type Columns struct {
	File      string
	Sheet     string
	HeaderRow int      // spreadsheet row of the header
	Header    []string // header cells as found in the file
	// Fields maps a canonical field name (such as "title") to the 0-based
	// indexes of the columns that hold it; most fields have one column,
	// images may have several.
	Fields map[string][]int
}

// Index returns the 0-based index of the first column of field name, or -1.
func (c *Columns) Index(name string) int {
	if c == nil {
		return -1
	}
	if ix := c.Fields[name]; len(ix) > 0 {
		return ix[0]
	}
	return -1
}

// Has reports whether the table has a column for field name.
func (c *Columns) Has(name string) bool { return c.Index(name) >= 0 }

// At returns row with the column of field name filled in (Col 0 and Field
// set to the canonical name when the table has no such column).
func (c *Columns) At(row Pos, name string) Pos {
	c.Place(&row, name)
	return row
}

// Place is At in place: it sets the column and field of *p to field name's.
// A Pos is 72 bytes: the checks fill a finding's where it lies instead of
// handing one down by value (3 % of a catalog run's CPU time).
func (c *Columns) Place(p *Pos, name string) {
	p.Col = 0
	p.Field = name
	if i := c.Index(name); i >= 0 {
		p.Col = i + 1
		if i < len(c.Header) && c.Header[i] != "" {
			p.Field = c.Header[i]
		}
	}
}

// FieldAt returns the canonical field held by the 0-based column i, or ""
// when the column holds none. A column named for two fields gives the
// later name in sorted order.
func (c *Columns) FieldAt(i int) string {
	name := ""
	for f, ix := range c.Fields {
		if f > name && slices.Contains(ix, i) {
			name = f
		}
	}
	return name
}

// CellAt returns row with column i (0-based) of this table: its number and
// its header text. i < 0 leaves the whole row (Col 0).
func (c *Columns) CellAt(row Pos, i int) Pos {
	if i < 0 {
		return row
	}
	row.Col = i + 1
	if i < len(c.Header) {
		row.Field = c.Header[i]
	}
	return row
}
