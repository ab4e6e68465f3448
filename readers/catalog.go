package readers

import (
	"fmt"
	"io"
	"strings"
)

// CatalogReader reads a catalog as batches of listings. It is used by one
// goroutine: call Next until it returns false, then Err, then Close. Each
// Batch is new and may be handed to another goroutine; the reader keeps no
// reference to it.
type CatalogReader struct {
	t   *TableReader
	opt Options

	held     *rawRow // first row of the next table, read while finishing a batch
	heldCols *Columns

	// the listing being built, with the rows that belong to it
	cols    *Columns // table of the current row
	curCols *Columns // table of curL and the counted rows
	curL    *Listing
	curRows int
	curCont int
	curBlnk int

	batch *Batch
	err   error
	done  bool

	// fidx caches, for the table fcols, the column of each of ListingFields
	// (-1 when absent), so a row costs no map lookups; spare is the listing
	// last moved into a batch, reused for the next one.
	fcols *Columns
	fidx  []int
	fimg  []int
	spare *Listing
}

// OpenCatalog opens a catalog (CSV, TSV, TXT or XLSX) and reads up to its
// first data row; any problem that stops the run is an *InputError. With in
// == nil the file at path is read, otherwise in (standard input).
func OpenCatalog(path string, in io.Reader, opt Options) (*CatalogReader, error) {
	t, err := OpenTable(path, in, ListingFields, opt)
	if err != nil {
		return nil, err
	}
	return &CatalogReader{t: t, opt: t.opt}, nil
}

// Next reads the next batch: up to Options.BatchSize listings of one table,
// with the continuation and blank rows that belong to them (a product's rows
// are never split between batches). A batch never spans two tables. It
// returns false at the end of the input or on an error (see Err).
func (r *CatalogReader) Next() bool {
	if r.err != nil || r.done {
		return false
	}
	b := &Batch{File: r.opt.FileIndex, Listings: make([]Listing, 0, min(r.opt.BatchSize, 1024))}
	if r.curL != nil || r.curBlnk > 0 {
		b.Cols = r.curCols // rows carried over from the last batch
	}
	for len(b.Listings) < r.opt.BatchSize {
		var row rawRow
		if r.held != nil {
			row, r.cols = *r.held, r.heldCols
			r.held, r.heldCols = nil, nil
		} else if r.t.Next() {
			row, r.cols = r.t.cur, r.t.Columns()
		} else {
			if err := r.t.Err(); err != nil {
				r.err = err
				return false
			}
			r.flush(b)
			r.done = true
			break
		}
		if b.Cols != nil && r.cols != b.Cols {
			// A new table: finish this batch, keep the row for the next.
			r.flush(b)
			r.held, r.heldCols = &row, r.cols
			break
		}
		b.Cols = r.cols
		r.curCols = r.cols
		if blankRow(row.cells) {
			r.curBlnk++
			continue
		}
		r.addListingRow(b, row)
	}
	if b.Rows == 0 {
		return false
	}
	r.batch = b
	return true
}

// Batch returns the batch read by the last call to Next.
func (r *CatalogReader) Batch() *Batch { return r.batch }

// Err returns the error that stopped Next, if any: an *InputError.
func (r *CatalogReader) Err() error { return r.err }

// Close releases the file. It is safe to call more than once.
func (r *CatalogReader) Close() error { return r.t.Close() }

// Notes returns facts about the reading the seller should know (encoding
// and separator, title rows skipped, sheets skipped, absent columns).
func (r *CatalogReader) Notes() []string { return r.t.Notes() }

// Tables returns the tables read so far, one per CSV file or sheet.
func (r *CatalogReader) Tables() []*Columns { return r.t.Tables() }

// Encoding returns the encoding a text file was read with ("" for XLSX).
func (r *CatalogReader) Encoding() string { return r.t.Encoding() }

// Delimiter returns the field separator of a text file (0 for XLSX).
func (r *CatalogReader) Delimiter() byte { return r.t.Delimiter() }

// flush moves the listing being built, with its rows, into b.
func (r *CatalogReader) flush(b *Batch) {
	if r.curL != nil {
		b.Listings = append(b.Listings, *r.curL)
		r.spare, r.curL = r.curL, nil
	}
	b.Rows += r.curRows + r.curBlnk
	b.Continuation += r.curCont
	b.Blank += r.curBlnk
	r.curRows, r.curCont, r.curBlnk = 0, 0, 0
}

// cell returns the text of the cell of field name in row, and its 0-based
// column (-1 when the table has no such column).
func (r *CatalogReader) cell(row rawRow, name string) (string, int) {
	return r.cellAt(row, r.index(name))
}

// cellAt returns the text of column i of row ("" when the row is shorter
// or i is -1), and i.
func (r *CatalogReader) cellAt(row rawRow, i int) (string, int) {
	if i < 0 || i >= len(row.cells) {
		return "", i
	}
	return row.cells[i], i
}

// index returns the 0-based column of field name in the current table, or
// -1, from the per-table cache of ListingFields' columns.
func (r *CatalogReader) index(name string) int {
	r.indexFields()
	for k := range ListingFields {
		if ListingFields[k].Name == name {
			return r.fidx[k]
		}
	}
	return r.cols.Index(name)
}

// indexFields fills the column cache when the table changes.
func (r *CatalogReader) indexFields() {
	if r.fcols == r.cols && r.fidx != nil {
		return
	}
	r.fcols = r.cols
	r.fidx = r.fidx[:0]
	for _, f := range ListingFields {
		r.fidx = append(r.fidx, r.cols.Index(f.Name))
	}
	r.fimg = r.cols.Fields["images"]
}

// cellPos returns the position of column i (0-based) of row.
func (r *CatalogReader) cellPos(row rawRow, i int) Pos {
	p := r.rowPos(row)
	p.Col = i + 1
	if i < len(r.cols.Header) {
		p.Field = r.cols.Header[i]
	}
	return p
}

func (r *CatalogReader) rowPos(row rawRow) Pos {
	return Pos{File: r.cols.File, Sheet: r.cols.Sheet, Row: row.row, Line: row.line}
}

// problems collects the cell problems of one row.
type problems struct {
	r    *CatalogReader
	row  rawRow
	list *[]Problem
}

func (p problems) missing(name string, i int) {
	*p.list = append(*p.list, Problem{
		Check: "missing-field", Pos: p.r.cellPos(p.row, i), Name: name,
		Msg: fmt.Sprintf("%s is empty; %s", fieldLabel(name), whyRequired(name)),
	})
}

func (p problems) bad(name string, i int, value, msg string) {
	*p.list = append(*p.list, Problem{
		Check: "bad-value", Pos: p.r.cellPos(p.row, i), Name: name, Value: clipValue(value), Msg: msg,
	})
}

// clipValue keeps a raw value short enough for a report.
func clipValue(s string) string {
	const n = 300
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

func fieldLabel(name string) string {
	switch name {
	case "product_id":
		return "the product ID"
	case "sku":
		return "the SKU"
	case "ship_to":
		return "the ship-to countries"
	case "delivery_days":
		return "the delivery time"
	case "created_at":
		return "the date the listing went online"
	case "ce":
		return "the CE reference"
	case "rep":
		return "the REP identifier"
	case "order_id":
		return "the order number"
	}
	return "the " + strings.ReplaceAll(name, "_", " ")
}

func whyRequired(name string) string {
	switch name {
	case "product_id":
		return "without it AliExpress cannot tell this product from the others"
	case "title":
		return "AliExpress cannot publish a product without a title"
	case "category":
		return "AliExpress needs a category to publish the product and to know which rules apply"
	case "price":
		return "AliExpress cannot publish a product without a price"
	case "order_id":
		return "the row cannot be matched to an order"
	}
	return "the field is required"
}

// text reads a text field: cleaned, or a problem when it is too large.
func (p problems) text(name string, s string, i int) (string, bool) {
	if len(s) > MaxCell {
		p.bad(name, i, s, fmt.Sprintf("%s holds %d MB of text, more than any AliExpress field can take; the cell is probably damaged", fieldLabel(name), len(s)>>20))
		return "", false
	}
	return cleanText(s), true
}

// addListingRow adds a non-blank row to the listing being built, or starts
// a new listing.
func (r *CatalogReader) addListingRow(b *Batch, row rawRow) {
	if r.curL != nil && r.continuation(row) {
		r.foldListing(row)
		r.curRows++
		r.curCont++
		return
	}
	r.flush(b)
	r.curL = r.newListing(row)
	r.curRows = 1
}

// continuation reports whether row continues the product being built: the
// same product id and an empty title (Shopify layout).
func (r *CatalogReader) continuation(row rawRow) bool {
	id, i := r.cell(row, "product_id")
	if i < 0 {
		return false
	}
	id = NormalizeID(id)
	if id == "" || id != r.curL.ProductID {
		return false
	}
	t, _ := r.cell(row, "title")
	return strings.TrimSpace(t) == ""
}

func (r *CatalogReader) newListing(row rawRow) *Listing {
	l := r.spare
	if l == nil {
		l = new(Listing)
	}
	r.spare = nil
	*l = Listing{Pos: r.rowPos(row), Cols: r.cols, Shop: r.opt.Shop}
	p := problems{r: r, row: row, list: &l.Problems}
	r.indexFields()
	for _, name := range requiredValues {
		s, i := r.cell(row, name)
		if i < 0 {
			continue
		}
		empty := strings.TrimSpace(s) == ""
		if name == "price" {
			empty = IsEmptyValue(s)
		}
		if empty {
			p.missing(name, i)
		}
	}
	for k, f := range ListingFields {
		if f.Name == "images" {
			continue
		}
		s, i := r.cellAt(row, r.fidx[k])
		if i < 0 || strings.TrimSpace(s) == "" {
			continue
		}
		switch f.Name {
		case "product_id":
			l.ProductID = NormalizeID(s)
		case "sku":
			l.SKU = NormalizeID(s)
		case "title":
			l.Title, _ = p.text(f.Name, s, i)
		case "description":
			l.Description, _ = p.text(f.Name, s, i)
		case "category":
			l.Category, _ = p.text(f.Name, s, i)
		case "brand":
			l.Brand, _ = p.text(f.Name, s, i)
		case "ce":
			l.CE, _ = p.text(f.Name, s, i)
		case "rep":
			l.REP, _ = p.text(f.Name, s, i)
		case "ship_to":
			l.ShipTo, _ = p.text(f.Name, s, i)
		case "shop":
			// A shop column names the shop of each row; it wins over the
			// shop of the file (--shop or the folder name).
			l.Shop = strings.TrimSpace(s)
		case "price":
			l.Price, l.HasPrice = p.price(s, i)
		case "stock":
			l.Stock, l.HasStock = p.count(f.Name, s, i)
		case "delivery_days":
			if d, err := ParseDays(s); err == nil {
				l.DeliveryDays, l.HasDeliveryDays = d, true
			} else if err != errEmpty {
				p.bad(f.Name, i, s, fmt.Sprintf("the delivery time %q is not a number of days", short(s)))
			}
		case "created_at":
			if t, err := parseDate(s); err == nil {
				l.CreatedAt, l.HasCreatedAt = t, true
			} else if err != errEmpty {
				p.bad(f.Name, i, s, fmt.Sprintf("the date %q cannot be read; write it as 2024-05-31 or 31/05/2024", short(s)))
			}
		}
	}
	if len(r.fimg) > 0 {
		l.HasImages = true
		l.Images += r.images(p, row)
	}
	r.quoteProblems(p, row)
	return l
}

// foldListing adds a continuation row to the listing being built: its
// images, and its variant when it carries a SKU, price or stock.
func (r *CatalogReader) foldListing(row rawRow) {
	l := r.curL
	p := problems{r: r, row: row, list: &l.Problems}
	l.Images += r.images(p, row)
	v := Variant{Row: row.row, Line: row.line}
	has := false
	if s, i := r.cell(row, "sku"); i >= 0 && strings.TrimSpace(s) != "" {
		v.SKU, has = NormalizeID(s), true
	}
	if s, i := r.cell(row, "price"); i >= 0 && !IsEmptyValue(s) {
		v.Price, v.HasPrice = p.price(s, i)
		has = true
	}
	if s, i := r.cell(row, "stock"); i >= 0 && !IsEmptyValue(s) {
		v.Stock, v.HasStock = p.count("stock", s, i)
		has = true
	}
	if has {
		l.Variants = append(l.Variants, v)
	}
	r.quoteProblems(p, row)
}

func (r *CatalogReader) images(p problems, row rawRow) int {
	n := 0
	r.indexFields()
	for _, i := range r.fimg {
		if i >= len(row.cells) {
			continue
		}
		c, ok := CountImages(row.cells[i])
		if !ok {
			p.bad("images", i, row.cells[i], fmt.Sprintf("the image cell %q is neither a number of images nor image links", short(row.cells[i])))
			continue
		}
		n += c
	}
	return n
}

func (r *CatalogReader) quoteProblems(p problems, row rawRow) {
	for _, i := range row.badQuote {
		name := ""
		for f, ix := range r.cols.Fields {
			if contains2(ix, i) {
				name = f
			}
		}
		v := ""
		if i < len(row.cells) {
			v = row.cells[i]
		}
		p.bad(name, i, v, "this cell opens a quote (\") that is never closed, so the file is ambiguous from here on; the quote was read as a character. Remove the quote or close it")
	}
}

func contains2(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (p problems) price(s string, i int) (float64, bool) {
	v, err := parsePrice(s)
	if err == errEmpty {
		return 0, false
	}
	if err != nil {
		p.bad("price", i, s, fmt.Sprintf("the price %q is not a number AliExpress can read; write it as 12.50", short(s)))
		return 0, false
	}
	return v, true
}

func (p problems) count(name, s string, i int) (int64, bool) {
	if n, has, ok := parseAvailability(s); ok && name == "stock" {
		return n, has // a feed's availability: "out of stock" is a stock of 0
	}
	v, err := parseCount(s)
	if err == errEmpty {
		return 0, false
	}
	if err != nil {
		p.bad(name, i, s, fmt.Sprintf("%s %q is not a whole number", fieldLabel(name), short(s)))
		return 0, false
	}
	return v, true
}

// short cuts a value for a message.
func short(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
