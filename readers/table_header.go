package readers

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/readers/xlsx"
)

// startTable finds the header of the next table and the first data row. For
// a workbook it moves to the next sheet; with --sheet '*', sheets without a
// header or without data are skipped with a note.
func (r *TableReader) startTable(first bool) error {
	for {
		sheet := ""
		if r.book {
			if len(r.sheets) == 0 {
				return io.EOF
			}
			sheet, r.sheets = r.sheets[0], r.sheets[1:]
			r.bookDone.Add(r.curSize) // the sheet before is read
			r.bookCur.Store(nil)
			if r.fast != nil {
				r.curSize = r.fast.SheetSize(sheet)
			}
			rows, err := r.sheetRows(sheet)
			if err != nil {
				return fmt.Errorf("%s: %w", r.opt.Tr.Sprintf("%s[%s]: cannot read the sheet", r.path, sheet), err)
			}
			if f, ok := rows.(*fallbackRows); ok {
				if x, ok := f.cur.(*xlsx.Rows); ok {
					r.bookCur.Store(x)
				}
			}
			r.src = &sheetSource{rs: rows}
		} else if !first {
			return io.EOF
		}
		all := r.opt.Sheet == "*" && r.book
		err := r.findHeader(sheet)
		if err == nil {
			return nil
		}
		if errSkip := (*skipTable)(nil); all && errors.As(err, &errSkip) {
			r.notef("%s", errSkip.msg)
			r.src.close()
			r.src = nil
			first = false
			continue
		}
		return err
	}
}

// skipTable is a table with no header or no data: an error for the only
// table of a file, a note when every sheet is read.
type skipTable struct{ msg string }

func (e *skipTable) Error() string { return e.msg }

func (r *TableReader) where(sheet string) string {
	if sheet == "" {
		return r.path
	}
	return r.path + "[" + sheet + "]"
}

// findHeader reads rows until the header: the first row whose cells name at
// least two known fields (or, failing that within headerScanRows rows, one).
// Then it reads on to the first data row, so a header-only table is caught.
func (r *TableReader) findHeader(sheet string) error {
	where := r.where(sheet)
	var scanned []rawRow // every row read, blank ones included
	var hdr *rawRow      // the first row naming two fields; a row naming one cannot be the header
	for nonBlank := 0; nonBlank < headerScanRows; {
		row, err := r.src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return r.readErr(sheet, err)
		}
		// Sources reuse their cell slice from row to row (the XLSX
		// reader, and the text scanner once the header is found): the
		// rows kept here are copies.
		row.cells = slices.Clone(row.cells)
		scanned = append(scanned, row)
		if blankRow(row.cells) {
			continue
		}
		nonBlank++
		if _, feed := r.src.(*xmlSource); r.ix.matches(row.cells) >= 2 || feed {
			// An XML feed's header is its first row, made from the field names.
			hdr = &scanned[len(scanned)-1]
			break
		}
	}
	if hdr == nil {
		first := -1
		for i := range scanned {
			if !blankRow(scanned[i].cells) {
				first = i
				break
			}
		}
		if first < 0 {
			return &skipTable{r.opt.Tr.Sprintf("%s: the file has no rows with values", where)}
		}
		return &skipTable{r.opt.Tr.Sprintf("%s: no header row found in the first %d rows; the header must name at least two columns such as %s (row %d holds %s). Rename the columns, or use --map field=Header",
			where, headerScanRows, r.exampleHeaders(), scanned[first].row, previewCells(scanned[first].cells))}
	}
	cols := &Columns{File: r.path, Sheet: sheet, HeaderRow: hdr.row, Header: make([]string, len(hdr.cells)), Fields: map[string][]int{}}
	for i, c := range hdr.cells {
		// A copy: the header outlives the memory the row was read into.
		cols.Header[i] = strings.Clone(cleanText(strings.TrimPrefix(c, "\ufeff")))
		name := r.ix.match(c)
		if name == "" {
			continue
		}
		switch {
		case r.ix.fields[name].Multi || len(cols.Fields[name]) == 0:
			cols.Fields[name] = append(cols.Fields[name], i)
		default:
			first := cols.Fields[name][0]
			r.notef("%s: columns %s (%q) and %s (%q) both hold the %s; the first one is used", where,
				colName(first), cols.Header[first], colName(i), cleanText(c), strings.ReplaceAll(name, "_", " "))
		}
	}
	if err := r.checkRequired(where, cols); err != nil {
		return err
	}
	if hdr.row > 1 {
		r.notef("%s: header found on row %d; the rows above it were skipped as titles", where, hdr.row)
	}
	// requiredValues are listing fields: order files have their own.
	catalog := len(r.specs) > 0 && len(ListingFields) > 0 && r.specs[0].Name == ListingFields[0].Name
	for _, name := range requiredValues {
		if catalog && !cols.Has(name) && !r.ix.fields[name].Required && r.ix.fields[name].Name != "" {
			r.notef("%s: no %s column; checks that need it are skipped for this table", where, ColumnNames(r.opt.Tr, r.specs, name))
		}
	}
	r.cols = cols
	// Read on to the first data row, keeping the blank rows before it.
	if !hasData(r.ahead) {
		for {
			row, err := r.src.next()
			if err == io.EOF {
				r.ahead = nil
				return &skipTable{r.opt.Tr.Sprintf("%s: the header is on row %d but no data rows follow it", where, hdr.row)}
			}
			if err != nil {
				return r.readErr(sheet, err)
			}
			row.cells = slices.Clone(row.cells)
			r.ahead = append(r.ahead, row)
			if !blankRow(row.cells) {
				break
			}
		}
	}
	r.tables = append(r.tables, cols)
	if t, ok := r.src.(*textSource); ok {
		// From here on a row's cells are only read until the next row
		// (as Cells says), so the scanner can reuse its slice.
		t.sc.reuse = true
	}
	return nil
}

func colName(i int) string {
	n, _ := excelize.ColumnNumberToName(i + 1)
	return n
}

func hasData(rows []rawRow) bool {
	for _, row := range rows {
		if !blankRow(row.cells) {
			return true
		}
	}
	return false
}

func (r *TableReader) readErr(sheet string, err error) error {
	if errors.Is(err, errUnclosedQuote) {
		return fmt.Errorf("%s: %w%s", r.where(sheet), err, r.opt.Tr.T("; close the quote or remove it"))
	}
	var ferr flate.CorruptInputError
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ferr) {
		return fmt.Errorf("%s (%v)", r.opt.Tr.Sprintf("%s: the workbook is damaged; open it in Excel and save it again", r.where(sheet)), err)
	}
	return fmt.Errorf("%s: %w", r.opt.Tr.Sprintf("%s: cannot read the file", r.where(sheet)), err)
}

func (r *TableReader) exampleHeaders() string {
	var ex []string
	for _, f := range r.specs {
		if len(f.Aliases) > 0 && len(ex) < 4 {
			ex = append(ex, strconv.Quote(f.Aliases[0]))
		}
	}
	return strings.Join(ex, ", ")
}

func previewCells(cells []string) string {
	var out []string
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if len([]rune(c)) > 30 {
			c = string([]rune(c)[:30]) + "…"
		}
		out = append(out, strconv.Quote(c))
		if len(out) == 8 {
			out = append(out, "…")
			break
		}
	}
	return strings.Join(out, ", ")
}

// checkRequired fails when a required column is missing, listing the
// columns found and the closest header for each missing field.
func (r *TableReader) checkRequired(where string, cols *Columns) error {
	var missing []string
	for _, f := range r.specs {
		if f.Required && !cols.Has(f.Name) {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	tr := r.opt.Tr
	var b strings.Builder
	b.WriteString(tr.Sprintf("%s: the header on row %d has no %s column", where, cols.HeaderRow, strings.Join(missing, ", ")))
	b.WriteString(tr.Sprintf(" (found: %s)", previewCells(cols.Header)))
	for _, name := range missing {
		if h, a := r.ix.closest(name, cols.Header); h != "" {
			b.WriteString(tr.Sprintf("; %q looks like %q: rename it, or run with --map %s=%q", h, a, name, h))
		} else {
			al := DefaultAliases(r.specs, name)
			b.WriteString(tr.Sprintf("; a %s column is usually called %s", name, quoteList(al[:min(3, len(al))])))
		}
	}
	return errors.New(b.String())
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
