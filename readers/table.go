package readers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/internal/i18n"
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
	Tr        *i18n.Printer       // the language of the problems and notes; nil = English

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
			return FileError(r.path, err)
		}
		if st.IsDir() {
			return fmt.Errorf("%s: is a folder, not a spreadsheet file", r.path)
		}
		f, err := os.Open(r.real)
		if err != nil {
			return FileError(r.path, err)
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

// notef adds a note in the language of the run: format, the English
// text, is the message's id in the catalogue.
func (r *TableReader) notef(format string, args ...any) {
	r.notes = append(r.notes, r.opt.Tr.Sprintf(format, args...))
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
