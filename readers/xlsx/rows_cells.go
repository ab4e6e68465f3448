package xlsx

import (
	"errors"
	"fmt"
	"strconv"
)

// cell types that matter for the value
const (
	typeOther  = iota // number, boolean, error, date, str, unknown: <v> as is
	typeNumber        // no t or t="n": <v> as is, may be a date serial
	typeShared
	typeInline
)

// cellType returns the type a cell's t attribute gives its value.
func cellType(t []byte) int {
	switch string(t) {
	case "", "n":
		return typeNumber
	case "s":
		return typeShared
	case "inlineStr":
		return typeInline
	default: // b, e, str, d and unknown types: the raw <v>
		return typeOther
	}
}

type cellVal struct {
	col    int
	sst    int // index into the shared strings, or -1 for rowBuf[off:end]
	off    int
	end    int
	isDate bool
}

func parseUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 12 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseCellRef returns the column of a reference such as "B12" or "$B$12",
// accepting exactly what excelize's CellNameToCoordinates accepts (within
// the sheet limits).
func parseCellRef(b []byte) (int, bool) {
	i := 0
	if i < len(b) && b[i] == '$' {
		i++
	}
	col, n := 0, 0
	for i < len(b) {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			col = col*26 + int(c-'A') + 1
		} else if c >= 'a' && c <= 'z' {
			col = col*26 + int(c-'a') + 1
		} else {
			break
		}
		i++
		n++
		if n > 3 {
			return 0, false
		}
	}
	if n == 0 || col > maxColumns {
		return 0, false
	}
	if i < len(b) && b[i] == '$' {
		i++
	}
	row, ok := parseUint(b[i:])
	if !ok || row < 1 || row > maxRows {
		return 0, false
	}
	return col, true
}

func (r *Rows) parseCells() error {
	sc := r.sc
	r.vals = r.vals[:0]
	r.rowBuf = r.rowBuf[:0]
	col := 0 // column of the previous cell, as excelize's cellCol
	last := 0
	d := sc.depth()
	if sc.pendingEnd { // <row/>
		if _, err := sc.next(); err != nil {
			return err
		}
		r.buildRow()
		return nil
	}
	for {
		if r.fast && !sc.pendingEnd && sc.pos < len(sc.buf) && sc.buf[sc.pos] == '<' {
			if v, keep, ok := r.fastCell(col + 1); ok {
				col = v.col
				if keep {
					if col <= last {
						return unsupported("row %d: cell %s after column %s (cells out of order)", r.parsed, cellName(col, r.parsed), colName(last))
					}
					last = col
					r.vals = append(r.vals, v)
				}
				continue
			}
		}
		k, err := sc.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			if sc.depth() < d {
				r.buildRow()
				return nil
			}
		case tokEOF:
			return sc.syntaxErr("unexpected end of document")
		case tokStart:
			if string(sc.local) != "c" {
				if err := r.skipForeign(fmt.Sprintf("row %d: in a row", r.parsed)); err != nil {
					return err
				}
				continue
			}
			col++
			v, keep, err := r.parseCell(&col)
			if err != nil {
				return err
			}
			if !keep {
				continue
			}
			if col <= last {
				return unsupported("row %d: cell %s after column %s (cells out of order)", r.parsed, cellName(col, r.parsed), colName(last))
			}
			last = col
			v.col = col
			r.vals = append(r.vals, v)
		}
	}
}

func colName(col int) string {
	var b [3]byte
	i := len(b)
	for col > 0 && i > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

func cellName(col, row int) string { return colName(col) + strconv.Itoa(row) }

// parseCell reads one <c> whose start tag is current. keep reports whether
// excelize keeps the cell: a non-empty value or a formula.
func (r *Rows) parseCell(col *int) (cellVal, bool, error) {
	sc := r.sc
	typ, style := typeNumber, 0
	var seenR, seenS, seenT bool
	for _, a := range sc.attrs {
		switch string(a.local) {
		case "r":
			c, ok := parseCellRef(a.value)
			if !ok || seenR {
				return cellVal{}, false, fmt.Errorf("row %d: invalid or duplicate cell reference %q", r.parsed, a.value)
			}
			seenR = true
			*col = c
		case "s":
			n, ok := parseUint(a.value)
			if !ok || seenS {
				return cellVal{}, false, fmt.Errorf("row %d: invalid or duplicate cell style %q", r.parsed, a.value)
			}
			seenS = true
			style = n
		case "t":
			if seenT {
				return cellVal{}, false, fmt.Errorf("row %d: duplicate cell type", r.parsed)
			}
			seenT = true
			typ = cellType(a.value)
		}
	}
	if *col > maxColumns {
		return cellVal{}, false, fmt.Errorf("row %d: column %d beyond the maximum %d", r.parsed, *col, maxColumns)
	}
	if sc.pendingEnd { // <c .../>
		_, err := sc.next()
		return cellVal{}, false, err
	}
	var hasV, hasF, hasIS bool
	r.vBuf = r.vBuf[:0]
	isStart := 0
	d := sc.depth()
	for {
		k, err := sc.next()
		if err != nil {
			return cellVal{}, false, r.cellErr(*col, err)
		}
		if k == tokEnd && sc.depth() < d {
			break
		}
		switch k {
		case tokEOF:
			return cellVal{}, false, sc.syntaxErr("unexpected end of document")
		case tokStart:
			switch string(sc.local) {
			case "v":
				if hasV {
					return cellVal{}, false, r.cellErr(*col, unsupported("several <v>"))
				}
				hasV = true
				if r.vBuf, err = r.readValue(r.vBuf); err != nil {
					return cellVal{}, false, r.cellErr(*col, err)
				}
			case "f":
				if hasF {
					return cellVal{}, false, r.cellErr(*col, unsupported("several <f>"))
				}
				hasF = true
				if err := sc.skip(); err != nil {
					return cellVal{}, false, r.cellErr(*col, err)
				}
			case "is":
				if hasIS {
					return cellVal{}, false, r.cellErr(*col, unsupported("several <is>"))
				}
				hasIS = true
				if typ != typeInline {
					// excelize ignores <is> unless t="inlineStr"
					if err := sc.skip(); err != nil {
						return cellVal{}, false, r.cellErr(*col, err)
					}
					continue
				}
				isStart = len(r.rowBuf)
				if r.rowBuf, err = r.rich.parse(sc, r.rowBuf); err != nil {
					return cellVal{}, false, r.cellErr(*col, err)
				}
			default:
				// excelize decodes a cell into its known children and
				// ignores any other element with all it holds.
				if err := sc.skip(); err != nil {
					return cellVal{}, false, r.cellErr(*col, err)
				}
			}
		}
	}
	v := cellVal{sst: -1}
	switch typ {
	case typeShared:
		if len(r.vBuf) > 0 {
			idx, ok := parseUint(trimSpace(r.vBuf))
			if !ok || idx >= r.sst.len() {
				return cellVal{}, false, r.cellErr(*col, fmt.Errorf("invalid shared string index %q (table has %d)", r.vBuf, r.sst.len()))
			}
			v.sst = idx
			if r.sst.offs[idx] == r.sst.offs[idx+1] && !hasF {
				return cellVal{}, false, nil
			}
			return v, true, nil
		}
	case typeInline:
		if hasIS {
			v.off, v.end = isStart, len(r.rowBuf)
			return v, v.end > v.off || hasF, nil
		}
	case typeNumber:
		v.isDate = len(r.vBuf) > 0 && r.styles.isDate(style)
	}
	v.off = len(r.rowBuf)
	r.rowBuf = append(r.rowBuf, r.vBuf...)
	v.end = len(r.rowBuf)
	if len(r.rowBuf) > r.maxTok*4 {
		return cellVal{}, false, fmt.Errorf("row %d larger than %d bytes", r.parsed, r.maxTok*4)
	}
	return v, v.end > v.off || hasF, nil
}

func (r *Rows) cellErr(col int, err error) error {
	return fmt.Errorf("cell %s: %w", cellName(col, r.parsed), err)
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpaceByte(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpaceByte(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

var errNested = errors.New("element inside <v>")

// readValue appends the text of the <v> whose start tag is current.
func (r *Rows) readValue(dst []byte) ([]byte, error) {
	sc := r.sc
	for {
		k, err := sc.next()
		if err != nil {
			return dst, err
		}
		switch k {
		case tokText:
			dst = append(dst, sc.text...)
			if len(dst) > r.maxTok {
				return dst, fmt.Errorf("value larger than %d bytes", r.maxTok)
			}
		case tokEnd:
			return dst, nil
		case tokStart:
			return dst, fmt.Errorf("%w: %w", errNested, ErrUnsupported)
		case tokEOF:
			return dst, sc.syntaxErr("unexpected end of document")
		}
	}
}

// buildRow turns r.vals into r.cells and r.dates.
func (r *Rows) buildRow() {
	r.cells = r.cells[:0]
	r.dates = r.dates[:0]
	if len(r.vals) == 0 {
		return
	}
	var str string
	if len(r.rowBuf) > 0 {
		str = string(r.rowBuf)
	}
	for _, v := range r.vals {
		for len(r.cells) < v.col-1 {
			r.cells = append(r.cells, "")
			r.dates = append(r.dates, false)
		}
		if v.sst >= 0 {
			r.cells = append(r.cells, r.sst.get(v.sst))
		} else {
			r.cells = append(r.cells, str[v.off:v.end])
		}
		r.dates = append(r.dates, v.isDate)
	}
}
