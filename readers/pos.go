// Package readers turns catalog and order exports (CSV, TSV, XLSX) into
// batches of typed rows. Every value keeps the position it came from, so a
// finding can name the file, sheet, row and column a seller has to fix.
package readers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/internal/i18n"
)

// Pos is the place of a value in an input file.
type Pos struct {
	File  string // path as given on the command line
	Sheet string // "" for CSV
	Row   int    // 1-based row as a spreadsheet shows it (the first row of the file is 1)
	Col   int    // 1-based column; 0 = the whole row
	Line  int    // CSV only: physical line where the row starts
	Field string // header text of the column, as found in the file
}

// String formats p as catalog.csv:12:3 or catalog.xlsx[Items]!C12.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString("[")
		b.WriteString(p.Sheet)
		b.WriteString("]")
		if p.Row > 0 {
			b.WriteString("!")
			b.WriteString(p.Cell())
		}
		return b.String()
	}
	if p.Row > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(p.Row))
		if p.Col > 0 {
			b.WriteString(":")
			b.WriteString(strconv.Itoa(p.Col))
		}
	}
	return b.String()
}

// Cell returns the spreadsheet reference of p, such as C12, or the row
// number alone when p names a whole row.
func (p Pos) Cell() string {
	if p.Col <= 0 {
		return strconv.Itoa(p.Row)
	}
	name, err := excelize.CoordinatesToCellName(p.Col, p.Row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", p.Row, p.Col)
	}
	return name
}

// ColumnLetter returns the column as letters (A, B, ... AA), or "" for a whole row.
func (p Pos) ColumnLetter() string {
	if p.Col <= 0 {
		return ""
	}
	name, err := excelize.ColumnNumberToName(p.Col)
	if err != nil {
		return ""
	}
	return name
}

// Place says where p is in a seller's words: "catalog.xlsx, sheet Items,
// row 4, cell C4 (Title)".
func (p Pos) Place() string { return p.PlaceIn(nil) }

// PlaceIn is Place in the language of tr (nil is English): "catalog.xlsx,
// feuille Items, ligne 4, cellule C4 (Title)".
func (p Pos) PlaceIn(tr *i18n.Printer) string {
	parts := []string{p.File}
	if p.Sheet != "" {
		parts = append(parts, tr.Sprintf("sheet %s", p.Sheet))
	}
	if p.Row > 0 {
		parts = append(parts, tr.Sprintf("row %s", strconv.Itoa(p.Row)))
		if p.Col > 0 {
			c := tr.Sprintf("cell %s", p.Cell())
			if p.Field != "" {
				c += " (" + p.Field + ")"
			}
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, ", ")
}

// Less orders positions by file, sheet, row, column.
func (p Pos) Less(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Sheet != q.Sheet {
		return p.Sheet < q.Sheet
	}
	if p.Row != q.Row {
		return p.Row < q.Row
	}
	return p.Col < q.Col
}
