package readers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/readers/xlsx"
)

// Options says how to read one input. The zero value detects everything.
type Options struct {
	Name      string              // display name for Pos.File ("" = the path; "stdin" for "-")
	Sheet     string              // XLSX: "" = first sheet, a sheet name, a 1-based index, or "*" for every sheet
	Format    string              // "" = from the content and extension; "csv" (any delimited text), "xlsx" or "xml" (a product feed)
	Encoding  string              // "" = detect (text only): utf-8, utf-16le, utf-16be, gb18030, gbk, windows-1252
	Comma     rune                // 0 = detect among , ; tab |
	Aliases   map[string][]string // the rules file's aliases: field -> extra header names
	Map       map[string]string   // --map field=Header: this header names this field, before any alias
	BatchSize int                 // listings per batch; 0 = BatchSize
	FileIndex int                 // index of this input among all inputs (Batch.File)
	Shop      string              // copied to Listing.Shop
	MaxUnzip  int64               // XLSX: largest unpacked size accepted, bytes; 0 = MaxUnzip

	// ReuseMemory lets a catalog read with NextRaw reuse the memory of a
	// CSV's cells once their batch is released (Batch.Release), batches
	// being released in the order they were read: a cell's text, and any
	// string cut from it, is then valid only until its batch is released.
	// Whoever keeps one longer copies it (strings.Clone). See chunkRing.
	ReuseMemory bool
}

// MaxUnzip is the default limit on the unpacked size of an XLSX file. A
// workbook that unpacks to more is refused as a possible ZIP bomb.
const MaxUnzip = 2 << 30

// MaxCell is the largest value a field accepts, in bytes. A longer cell is a
// bad-value problem (no AliExpress field holds that much; Excel itself stops
// at 32,767 characters).
const MaxCell = 1 << 20

// headerScanRows is how many rows are searched for the header row.
const headerScanRows = 20

// InputError is a file, sheet or header problem that stops the run (exit
// code 2): a file that cannot be read, a missing sheet, no header row, a
// missing required column. Its message names the file (and sheet, row and
// column when known) and says how to fix it, for a seller.
type InputError struct {
	Pos Pos
	Msg string
	Err error // the underlying error, if any
}

func (e *InputError) Error() string {
	s := e.Msg
	if e.Pos.File != "" && !strings.HasPrefix(s, e.Pos.File) {
		s = e.Pos.String() + ": " + s
	}
	return s
}

func (e *InputError) Unwrap() error { return e.Err }

// TableReader reads the data rows of one input (a delimited text file, or
// the chosen sheets of a workbook) after resolving each table's header row
// to canonical fields. It streams: only the current row is in memory. It is
// used by one goroutine: call Next until it returns false, then Err, then
// Close.
type TableReader struct {
	path  string // display name, for positions and messages
	real  string // path on disk ("" when reading a stream)
	in    io.Reader
	opt   Options
	specs []FieldSpec
	ix    *aliasIndex

	file *os.File
	size int64 // size of the file, for Progress; 0 when unknown or a workbook
	read int64 // bytes read from it so far (atomic)
	book bool  // the input is a workbook
	// For Progress in a workbook: the unpacked size of the sheets to read,
	// of those read already, and the fast reader of the current sheet.
	bookSize int64
	bookDone atomic.Int64
	bookCur  atomic.Pointer[xlsx.Rows]
	curSize  int64
	fast     *xlsx.Workbook // the workbook, opened with the fast reader
	xl       *excelize.File // the workbook, opened with excelize (fallback)
	data     []byte         // a workbook read from a stream
	enc      string
	comma    byte

	sheets []string // XLSX: sheets still to read, after the current one
	src    source
	cols   *Columns
	tables []*Columns
	notes  []string

	ahead []rawRow // rows read while looking for the header or the first data row
	cur   rawRow

	err  error
	done bool
}

// source yields the raw rows of one table.
type source interface {
	next() (rawRow, error) // io.EOF after the last row
	close() error
}

// OpenTable opens an input and reads up to the first data row of its first
// table, so that a file that cannot be read, a missing sheet, a missing
// header or a missing required column is an *InputError here, before any
// row. With in == nil the file at path is read; otherwise in is (standard
// input, say; opt.Format "xlsx" or content sniffing tells a workbook).
func OpenTable(path string, in io.Reader, specs []FieldSpec, opt Options) (*TableReader, error) {
	if opt.BatchSize <= 0 {
		opt.BatchSize = BatchSize
	}
	if opt.MaxUnzip <= 0 {
		opt.MaxUnzip = MaxUnzip
	}
	name := opt.Name
	if name == "" {
		name = path
	}
	ix, err := newAliasIndex(specs, opt.Map, opt.Aliases)
	if err != nil {
		return nil, &InputError{Pos: Pos{File: name}, Msg: err.Error(), Err: err}
	}
	t := &TableReader{path: name, in: in, opt: opt, specs: specs, ix: ix}
	if in == nil {
		t.real = path
	}
	if err := t.open(); err != nil {
		t.Close()
		return nil, t.inputError(err)
	}
	if err := t.startTable(true); err != nil {
		t.Close()
		return nil, t.inputError(err)
	}
	return t, nil
}

func (r *TableReader) inputError(err error) error {
	if _, ok := err.(*InputError); ok {
		return err
	}
	sheet := ""
	if r.cols != nil {
		sheet = r.cols.Sheet
	}
	return &InputError{Pos: Pos{File: r.path, Sheet: sheet}, Msg: err.Error(), Err: err}
}

func (r *TableReader) open() error {
	var br *bufio.Reader
	if r.in == nil {
		st, err := os.Stat(r.real)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("%s: file not found", r.path)
			}
			return fmt.Errorf("%s: %w", r.path, err)
		}
		if st.IsDir() {
			return fmt.Errorf("%s: is a folder, not a spreadsheet file", r.path)
		}
		f, err := os.Open(r.real)
		if err != nil {
			return fmt.Errorf("%s: %w", r.path, err)
		}
		r.file = f
		r.size = st.Size()
		br = bufio.NewReaderSize(&countingReader{r: f, n: &r.read}, sniffSize)
	} else {
		br = bufio.NewReaderSize(r.in, sniffSize)
	}
	head, _ := br.Peek(8)
	if len(head) == 0 {
		return fmt.Errorf("%s: the file is empty", r.path)
	}
	ext := strings.ToLower(filepath.Ext(r.path))
	format := strings.ToLower(r.opt.Format)
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return r.openXLSX(br)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return fmt.Errorf("%s: this is an old Excel 97-2003 (.xls) or password-protected workbook; open it in Excel and save it as .xlsx or CSV without a password", r.path)
	case format == "xlsx" || format == "" && (ext == ".xlsx" || ext == ".xlsm" || ext == ".xltx"):
		return fmt.Errorf("%s: not a valid XLSX file (it may be damaged or cut short); open it in Excel and save it again", r.path)
	case bytes.HasPrefix(head, []byte("%PDF")), bytes.HasPrefix(head, []byte("\x1f\x8b")), bytes.HasPrefix(head, []byte("\x89PNG")), bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return fmt.Errorf("%s: not a spreadsheet (PDF, image or archive); export the catalog as XLSX or CSV", r.path)
	case format == "xml" || format == "" && (ext == ".xml" || ext == ".rss" || ext == ".atom"):
		return r.openXML(br)
	}
	if sniff, _ := br.Peek(512); format == "" && looksLikeXML(sniff) {
		return r.openXML(br)
	}
	return r.openText(br, ext)
}

func (r *TableReader) openText(br *bufio.Reader, ext string) error {
	head, _ := br.Peek(sniffSize)
	enc := r.opt.Encoding
	if enc == "" {
		enc = DetectEncoding(head)
		if enc != EncUTF16LE && enc != EncUTF16BE && bytes.IndexByte(head, 0) >= 0 {
			return fmt.Errorf("%s: not a text spreadsheet (it holds binary data); export the catalog as XLSX or CSV", r.path)
		}
	}
	_, canon, err := lookupEncoding(enc)
	if err != nil {
		return fmt.Errorf("%s: %w", r.path, err)
	}
	var in io.Reader = br
	var watch *utf8Watch
	if canon == EncUTF8 {
		// Stray bytes that are not UTF-8 become U+FFFD, and a bad-value
		// problem on their cell (rawRow.badUTF8).
		watch = &utf8Watch{r: br}
		in = watch
	}
	dec, err := decodeReader(in, enc)
	if err != nil {
		return fmt.Errorf("%s: %w", r.path, err)
	}
	r.enc = canon
	text := bufio.NewReaderSize(dec, sniffSize)
	sample, _ := text.Peek(sniffSize)
	if r.opt.Comma != 0 {
		if r.opt.Comma > 127 || r.opt.Comma == '"' || r.opt.Comma == '\n' || r.opt.Comma == '\r' {
			return fmt.Errorf("%s: the separator %q cannot be used", r.path, r.opt.Comma)
		}
		r.comma = byte(r.opt.Comma)
	} else {
		r.comma = DetectDelimiter(sample, ext == ".tsv" || ext == ".txt" || enc == EncUTF16LE || enc == EncUTF16BE)
	}
	if r.enc != EncUTF8 || r.comma != ',' {
		r.notef("%s: read as %s text separated by %s", r.path, encodingLabel(r.enc), delimiterLabel(r.comma))
	}
	if r.opt.Sheet != "" && r.opt.Sheet != "*" && r.opt.Sheet != "1" {
		r.notef("%s: --sheet %s ignored: a text file has no sheets", r.path, r.opt.Sheet)
	}
	sc := newScanner(text, r.comma)
	sc.recover = true
	r.src = &textSource{sc: sc, watch: watch}
	return nil
}

func encodingLabel(enc string) string {
	switch enc {
	case EncUTF8:
		return "UTF-8"
	case EncUTF16LE, EncUTF16BE:
		return "UTF-16 (Excel Unicode text)"
	case EncGB18030:
		return "GB18030 (Chinese Excel)"
	case EncWindows1252:
		return "Windows-1252 (Western European Excel)"
	}
	return enc
}

func delimiterLabel(c byte) string {
	switch c {
	case ',':
		return "commas"
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	case '|':
		return "pipes"
	}
	return strconv.QuoteRune(rune(c))
}

// textSource yields the records of delimited text. watch, when set, tells
// whether the UTF-8 read so far holds invalid bytes: only then are the
// cells of each record checked.
type textSource struct {
	sc    *scanner
	watch *utf8Watch
}

func (t *textSource) next() (rawRow, error) {
	rec, err := t.sc.scan()
	if err == nil && t.watch != nil && t.watch.bad {
		rec.badUTF8 = invalidCells(rec.cells)
	}
	return rec, err
}

func (t *textSource) close() error { return nil }

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
				return fmt.Errorf("%s[%s]: cannot read the sheet: %w", r.path, sheet, err)
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
			return &skipTable{fmt.Sprintf("%s: the file has no rows with values", where)}
		}
		return &skipTable{fmt.Sprintf("%s: no header row found in the first %d rows; the header must name at least two columns such as %s (row %d holds %s). Rename the columns, or use --map field=Header",
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
			r.notef("%s: no %s column; checks that need it are skipped for this table", where, strings.TrimPrefix(fieldLabel(name), "the "))
		}
	}
	r.cols = cols
	// Read on to the first data row, keeping the blank rows before it.
	if !hasData(r.ahead) {
		for {
			row, err := r.src.next()
			if err == io.EOF {
				r.ahead = nil
				return &skipTable{fmt.Sprintf("%s: the header is on row %d but no data rows follow it", where, hdr.row)}
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
		return fmt.Errorf("%s: %w; close the quote or remove it", r.where(sheet), err)
	}
	var ferr flate.CorruptInputError
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ferr) {
		return fmt.Errorf("%s: the workbook is damaged (%v); open it in Excel and save it again", r.where(sheet), err)
	}
	return fmt.Errorf("%s: cannot read the file: %w", r.where(sheet), err)
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
	var b strings.Builder
	fmt.Fprintf(&b, "%s: the header on row %d has no %s column", where, cols.HeaderRow, strings.Join(missing, ", "))
	fmt.Fprintf(&b, " (found: %s)", previewCells(cols.Header))
	for _, name := range missing {
		if h, a := r.ix.closest(name, cols.Header); h != "" {
			fmt.Fprintf(&b, "; %q looks like %q: rename it, or run with --map %s=%q", h, a, name, h)
		} else {
			al := DefaultAliases(r.specs, name)
			fmt.Fprintf(&b, "; a %s column is usually called %s", name, quoteList(al[:min(3, len(al))]))
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

func (r *TableReader) notef(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

// Notes returns facts about the reading the seller should know: the
// encoding and separator used, title rows skipped, sheets skipped, columns
// absent. It grows as tables are read.
func (r *TableReader) Notes() []string { return r.notes }

// Progress returns how many bytes of the input have been read and its size;
// for a workbook, the bytes of sheet XML unpacked and the unpacked size of
// the sheets to read (the sheets read with excelize count once done). Both
// are 0 when the size is unknown (standard input as text). It may be called
// from another goroutine than the one reading.
func (r *TableReader) Progress() (read, size int64) {
	if r.book {
		if r.bookSize == 0 {
			return 0, 0
		}
		read = r.bookDone.Load()
		if x := r.bookCur.Load(); x != nil {
			n, _ := x.Progress()
			read += n
		}
		return min(read, r.bookSize), r.bookSize
	}
	if r.size == 0 {
		return 0, 0
	}
	return min(atomic.LoadInt64(&r.read), r.size), r.size
}

// countingReader counts the bytes read through it, for Progress.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	atomic.AddInt64(c.n, int64(n))
	return n, err
}

// Tables returns the tables read so far (one per CSV file or sheet), with
// their header row and column mapping.
func (r *TableReader) Tables() []*Columns { return r.tables }

// Columns returns the table being read.
func (r *TableReader) Columns() *Columns { return r.cols }

// Encoding returns the encoding a text file was read with ("" for XLSX).
func (r *TableReader) Encoding() string { return r.enc }

// Delimiter returns the field separator of a text file (0 for XLSX).
func (r *TableReader) Delimiter() byte { return r.comma }

// Next moves to the next data row, across sheets when Options.Sheet is "*".
// Blank rows are returned too, so they can be counted. It returns false at
// the end of the input or on an error (see Err).
func (r *TableReader) Next() bool {
	if r.err != nil || r.done {
		return false
	}
	for {
		if len(r.ahead) > 0 {
			r.cur = r.ahead[0]
			r.ahead = r.ahead[1:]
			return true
		}
		row, err := r.src.next()
		if err == nil {
			r.cur = row
			return true
		}
		if err != io.EOF {
			r.err = r.inputError(r.readErr(r.cols.Sheet, err))
			return false
		}
		r.src.close()
		r.src = nil
		switch err := r.startTable(false); {
		case err == io.EOF:
			r.done = true
			return false
		case err != nil:
			r.err = r.inputError(err)
			return false
		}
	}
}

// Cells returns the cells of the current row, as text (XLSX numbers as their
// raw value, such as 17.91 or a date serial). Valid until the next Next.
func (r *TableReader) Cells() []string { return r.cur.cells }

// Blank reports whether the current row has no value at all.
func (r *TableReader) Blank() bool { return blankRow(r.cur.cells) }

// Pos returns the position of the current row (Col 0): file, sheet, row as
// a spreadsheet shows it and, for text, the physical line it starts on.
func (r *TableReader) Pos() Pos {
	return Pos{File: r.path, Sheet: r.cols.Sheet, Row: r.cur.row, Line: r.cur.line}
}

// Err returns the error that stopped Next, if any: an *InputError.
func (r *TableReader) Err() error { return r.err }

// Close releases the file. It is safe to call more than once.
func (r *TableReader) Close() error {
	var err error
	if r.src != nil {
		err = r.src.close()
		r.src = nil
	}
	if r.file != nil {
		if e := r.file.Close(); err == nil {
			err = e
		}
		r.file = nil
	}
	if r.xl != nil {
		if e := r.xl.Close(); err == nil {
			err = e
		}
		r.xl = nil
	}
	if r.fast != nil {
		if e := r.fast.Close(); err == nil {
			err = e
		}
		r.fast = nil
	}
	r.data = nil
	return err
}
