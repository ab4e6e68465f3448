package xlsx

import "fmt"

const (
	maxRows    = 1048576 // excelize.TotalRows
	maxColumns = 16384   // excelize.MaxColumns
)

// Rows iterates over the rows of one worksheet. Like excelize's Rows, it
// yields every row number from 1 to the last row present in the XML, with
// empty cells for rows missing from the XML.
type Rows struct {
	sheet  string
	sc     *scanner
	src    *asyncSource
	sst    *sharedStrings
	styles *styleTable
	maxTok int

	started bool // sheetData found
	done    bool // no more rows in the XML
	err     error
	closed  bool

	row     int  // number of the row returned by the last Next
	parsed  int  // number of the last row parsed from the XML
	pending bool // the parsed row is still to be returned

	vals   []cellVal
	rowBuf []byte
	vBuf   []byte
	rich   richText
	cells  []string
	dates  []bool
	empty  bool  // the current row has no cells
	fast   bool  // use fastCell (false in tests of the token path)
	size   int64 // the sheet XML's unpacked size, for Progress
}

// Progress returns how many bytes of the sheet's XML have been unpacked and
// its size as the ZIP directory gives it (0 when unknown). It may be called
// from another goroutine than the one reading.
func (r *Rows) Progress() (read, size int64) {
	if r.src == nil {
		return 0, r.size
	}
	return r.src.read.Load(), r.size
}

// tokenPathOnly disables fastCell (tests compare both paths).
var tokenPathOnly = false

func newRows(sheet string, sc *scanner, src *asyncSource, sst *sharedStrings, styles *styleTable, maxTok int) *Rows {
	return &Rows{sheet: sheet, sc: sc, src: src, sst: sst, styles: styles, maxTok: maxTok, fast: !tokenPathOnly}
}

// Next advances to the next row and reports whether there is one.
func (r *Rows) Next() bool {
	if r.err != nil || r.closed {
		return false
	}
	if !r.pending {
		if r.done {
			return false
		}
		ok, err := r.parseRow()
		if err != nil {
			r.err = fmt.Errorf("sheet %q: %w", r.sheet, err)
			r.done = true
			r.stop()
			return false
		}
		if !ok {
			r.done = true
			r.stop()
			return false
		}
		r.pending = true
	}
	r.row++
	if r.row < r.parsed {
		r.empty = true // a row missing from the XML
		return true
	}
	r.empty = false
	r.pending = false
	return true
}

// Row returns the 1-based number of the current row.
func (r *Rows) Row() int { return r.row }

// Cells returns the values of the current row indexed by column-1. Empty
// cells at the end of the row are not included. The slice is reused by the
// next call to Next; the strings stay valid.
func (r *Rows) Cells() []string {
	if r.empty {
		return r.cells[:0]
	}
	return r.cells
}

// IsDate reports whether Cells()[i] is a number formatted as a date or time
// by its cell style (a serial number in the workbook's date system, see
// Workbook.Date1904).
func (r *Rows) IsDate(i int) bool {
	if r.empty || i < 0 || i >= len(r.dates) {
		return false
	}
	return r.dates[i]
}

// Err returns the error that stopped the iteration, if any.
func (r *Rows) Err() error { return r.err }

// Close stops the decompression goroutine. It is safe to call twice.
func (r *Rows) Close() error {
	r.closed = true
	return r.stop()
}

func (r *Rows) stop() error {
	if r.src != nil {
		if err := r.src.close(); err != nil {
			return fmt.Errorf("sheet %q: %w", r.sheet, err)
		}
	}
	return nil
}

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrUnsupported)
}

// skipForeign consumes an element that is not part of the sheet's grammar
// (an extension, or one stuffed in to slow the reader down), whose start tag
// was just read. excelize ignores such an element but, as it reads rows and
// cells wherever they are, not the rows or cells it holds: an element
// holding one is ErrUnsupported, left to excelize, so that both readers
// always agree.
func (r *Rows) skipForeign(where string) error {
	sc := r.sc
	name := string(sc.name)
	d := sc.depth()
	for {
		k, err := sc.next()
		if err != nil {
			return err
		}
		switch {
		case k == tokEnd && sc.depth() < d:
			return nil
		case k == tokEOF:
			return sc.syntaxErr("unexpected end of document")
		case k == tokStart:
			switch string(sc.local) {
			case "row", "c", "sheetData":
				return unsupported("%s, element <%s> holding <%s>", where, name, sc.name)
			}
		}
	}
}

// findSheetData skips to the content of <sheetData>. It reports false for a
// worksheet without one.
func (r *Rows) findSheetData() (bool, error) {
	sc := r.sc
	seenRoot := false
	for {
		k, err := sc.next()
		if err != nil {
			return false, err
		}
		switch k {
		case tokEOF:
			return false, nil
		case tokStart:
			local := string(sc.local)
			d := sc.depth()
			switch {
			case d == 1:
				if seenRoot {
					return false, unsupported("second root element <%s>", sc.name)
				}
				seenRoot = true
				if local == "sheetData" || local == "row" {
					return false, unsupported("root element <%s>", sc.name)
				}
			case d == 2 && local == "sheetData":
				return true, nil
			case local == "sheetData" || local == "row":
				return false, unsupported("element <%s> outside worksheet/sheetData", sc.name)
			}
		}
	}
}

// parseRow parses the next <row> into r.vals/r.cells. It reports false at
// the end of <sheetData>.
func (r *Rows) parseRow() (bool, error) {
	sc := r.sc
	if !r.started {
		ok, err := r.findSheetData()
		if err != nil || !ok {
			return false, err
		}
		r.started = true
	}
	for {
		k, err := sc.next()
		if err != nil {
			return false, err
		}
		switch k {
		case tokEnd:
			return false, nil // </sheetData>: the rest of the document is not read, as excelize
		case tokEOF:
			return false, sc.syntaxErr("unexpected end of document")
		case tokStart:
			if string(sc.local) != "row" {
				if err := r.skipForeign("in sheetData"); err != nil {
					return false, err
				}
				continue
			}
			num := r.parsed + 1
			seen := false
			for _, a := range sc.attrs {
				if string(a.local) != "r" {
					continue
				}
				if seen {
					return false, unsupported("row %d: duplicate r attribute", num)
				}
				seen = true
				n, ok := parseUint(a.value)
				if !ok {
					return false, fmt.Errorf("row after %d: invalid row number %q", r.parsed, a.value)
				}
				if n > maxRows {
					return false, fmt.Errorf("row number %d beyond the maximum %d", n, maxRows)
				}
				if n != 0 { // excelize counts a row with r="0" as a row without r
					num = n
				}
			}
			if num <= r.parsed {
				return false, unsupported("row %d after row %d (rows out of order)", num, r.parsed)
			}
			if num > maxRows {
				return false, fmt.Errorf("row number %d beyond the maximum %d", num, maxRows)
			}
			r.parsed = num
			if err := r.parseCells(); err != nil {
				return false, err
			}
			return true, nil
		}
	}
}
