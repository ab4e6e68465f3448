package readers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/readers/xlsx"
)

// openXLSX opens a workbook with the fast reader of package readers/xlsx,
// or, when it does not support the file, with excelize (the reference).
func (r *TableReader) openXLSX(br *bufio.Reader) error {
	r.book = true
	r.size = 0 // read through the ZIP directory, not this stream: no progress in bytes
	if r.real == "" {
		var err error
		if r.data, err = io.ReadAll(io.LimitReader(br, r.opt.MaxUnzip)); err != nil {
			return fmt.Errorf("%s: %w", r.path, err)
		}
	}
	if err := r.checkUnzipSize(); err != nil {
		return err
	}
	lim := xlsx.Limits{MaxSheetSize: r.opt.MaxUnzip, MaxSharedStringsSize: r.opt.MaxUnzip}
	var wb *xlsx.Workbook
	var err error
	if r.real != "" {
		if r.file != nil {
			r.file.Close()
			r.file = nil
		}
		wb, err = xlsx.OpenFileWithLimits(r.real, lim)
	} else {
		wb, err = xlsx.OpenWithLimits(bytes.NewReader(r.data), int64(len(r.data)), lim)
	}
	var list []string
	if err == nil {
		r.fast = wb
		list = wb.Sheets()
	} else {
		// excelize gives the seller-facing diagnosis of a damaged,
		// encrypted or oversized file, and reads what we do not.
		if errors.Is(err, xlsx.ErrUnsupported) {
			r.notef("%s: read with the general XLSX reader, which is slower (%v)", r.path, err)
		}
		if err := r.openExcelize(); err != nil {
			return err
		}
		list = r.xl.GetSheetList()
	}
	if len(list) == 0 {
		return fmt.Errorf("%s: the workbook has no sheet", r.path)
	}
	switch s := strings.TrimSpace(r.opt.Sheet); s {
	case "":
		r.sheets = list[:1]
	case "*":
		r.sheets = list
	default:
		name := ""
		for _, n := range list {
			if n == s {
				name = n
			}
		}
		if name == "" {
			for _, n := range list {
				if strings.EqualFold(strings.TrimSpace(n), s) {
					name = n
					break
				}
			}
		}
		if name == "" {
			if i, err := strconv.Atoi(s); err == nil && i >= 1 && i <= len(list) {
				name = list[i-1]
			}
		}
		if name == "" {
			return fmt.Errorf("%s: no sheet %q; the workbook has %s", r.path, s, quoteList(list))
		}
		r.sheets = []string{name}
	}
	if r.fast != nil {
		for _, s := range r.sheets {
			r.bookSize += r.fast.SheetSize(s)
		}
	}
	return nil
}

// checkUnzipSize refuses a workbook whose parts declare, in the ZIP
// directory, more unpacked bytes than Options.MaxUnzip: a ZIP bomb is then
// refused at once, before anything is unpacked. (A part that lies about its
// size is stopped by the readers' own limits while it is unpacked.) A file
// whose directory cannot be read is left to the readers' diagnosis.
func (r *TableReader) checkUnzipSize() error {
	var zr *zip.Reader
	if r.real != "" {
		rc, err := zip.OpenReader(r.real)
		if err != nil {
			return nil
		}
		defer rc.Close()
		zr = &rc.Reader
	} else {
		var err error
		if zr, err = zip.NewReader(bytes.NewReader(r.data), int64(len(r.data))); err != nil {
			return nil
		}
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(r.opt.MaxUnzip) {
			return r.bombError()
		}
	}
	return nil
}

func (r *TableReader) bombError() error {
	return fmt.Errorf("%s: the workbook unpacks to more than %d MB, which no catalog needs (it may be a ZIP bomb or hold huge images); save the catalog sheet alone as a new file", r.path, r.opt.MaxUnzip>>20)
}

// openExcelize opens the workbook with excelize, with the unzip limits set
// on purpose (a ZIP bomb is refused, large sheets spill to temp files).
func (r *TableReader) openExcelize() error {
	if r.xl != nil {
		return nil
	}
	xo := excelize.Options{UnzipSizeLimit: r.opt.MaxUnzip, UnzipXMLSizeLimit: min(16<<20, r.opt.MaxUnzip)}
	var xl *excelize.File
	var err error
	if r.real != "" {
		xl, err = excelize.OpenFile(r.real, xo)
	} else {
		xl, err = excelize.OpenReader(bytes.NewReader(r.data), xo)
	}
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return r.bombError()
		}
		if errors.Is(err, excelize.ErrWorkbookPassword) || errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return fmt.Errorf("%s: the workbook cannot be opened (%v); save it as .xlsx without a password", r.path, err)
		}
		return fmt.Errorf("%s: not a valid XLSX file (it may be damaged or cut short; open it in Excel and save it again): %w", r.path, err)
	}
	r.xl = xl
	return nil
}

// sheetRows opens the rows of one sheet: the fast reader when the workbook
// was opened with it, falling back to excelize from the row where it meets
// something it does not support; excelize otherwise.
func (r *TableReader) sheetRows(sheet string) (rowSource, error) {
	slow := func() (rowSource, error) {
		if err := r.openExcelize(); err != nil {
			return nil, err
		}
		rows, err := r.xl.Rows(sheet)
		if err != nil {
			return nil, err
		}
		return &excelizeRows{rows: rows}, nil
	}
	if r.fast == nil {
		return slow()
	}
	rows, err := r.fast.Rows(sheet)
	if err != nil {
		if !errors.Is(err, xlsx.ErrUnsupported) {
			return nil, err
		}
		r.notef("%s[%s]: read with the general XLSX reader, which is slower (%v)", r.path, sheet, err)
		return slow()
	}
	return &fallbackRows{cur: rows, fast: true, slow: slow, note: func(row int, err error) {
		r.notef("%s[%s]: read with the general XLSX reader from row %d on, which is slower (%v)", r.path, sheet, row+1, err)
	}}, nil
}

// fallbackRows reads a sheet with the fast reader and, if it stops on
// something it does not support, goes on with excelize from the next row:
// the rows already read are right, the rest come from the reference reader.
type fallbackRows struct {
	cur  rowSource
	fast bool
	slow func() (rowSource, error)
	note func(row int, err error)
	last int
	err  error
}

func (f *fallbackRows) Next() bool {
	if f.err != nil {
		return false
	}
	if f.cur.Next() {
		f.last = f.cur.Row()
		return true
	}
	err := f.cur.Err()
	if !f.fast || !errors.Is(err, xlsx.ErrUnsupported) {
		return false
	}
	f.cur.Close()
	slow, e := f.slow()
	if e != nil {
		f.err = e
		return false
	}
	f.note(f.last, err)
	f.cur, f.fast = slow, false
	for f.cur.Next() {
		if f.cur.Row() > f.last {
			f.last = f.cur.Row()
			return true
		}
	}
	return false
}

func (f *fallbackRows) Cells() []string { return f.cur.Cells() }
func (f *fallbackRows) Row() int        { return f.cur.Row() }
func (f *fallbackRows) Close() error    { return f.cur.Close() }

func (f *fallbackRows) Err() error {
	if f.err != nil {
		return f.err
	}
	return f.cur.Err()
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// rowSource is the row iterator of one sheet. The excelize Rows iterator is
// wrapped in one (excelizeRows); a faster XLSX reader (package readers/xlsx)
// can be plugged in behind the same interface. Row is the 1-based row as a
// spreadsheet shows it: a source must count rows missing from the XML as
// empty rows, as excelize does.
type rowSource interface {
	Next() bool
	Cells() []string
	Row() int
	Err() error
	Close() error
}

// excelizeRows streams one sheet with excelize's Rows iterator, cells as
// raw values (numbers unformatted, so ids and prices keep every digit).
type excelizeRows struct {
	rows  *excelize.Rows
	n     int
	cells []string
	err   error
}

func (e *excelizeRows) Next() bool {
	if e.err != nil || !e.rows.Next() {
		return false
	}
	e.n++
	e.cells, e.err = e.rows.Columns(excelize.Options{RawCellValue: true})
	return e.err == nil
}

func (e *excelizeRows) Cells() []string { return e.cells }
func (e *excelizeRows) Row() int        { return e.n }
func (e *excelizeRows) Close() error    { return e.rows.Close() }

func (e *excelizeRows) Err() error {
	if e.err != nil {
		return e.err
	}
	return e.rows.Error()
}

// sheetSource adapts a rowSource to a source.
type sheetSource struct{ rs rowSource }

func (s *sheetSource) next() (rawRow, error) {
	if !s.rs.Next() {
		if err := s.rs.Err(); err != nil {
			if s.rs.Row() == 0 {
				return rawRow{}, err
			}
			return rawRow{}, fmt.Errorf("after row %d: %w", s.rs.Row(), err)
		}
		return rawRow{}, io.EOF
	}
	return rawRow{cells: s.rs.Cells(), row: s.rs.Row()}, nil
}

func (s *sheetSource) close() error { return s.rs.Close() }
