package readers

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/aecheck/aecheck/internal/i18n"
)

// CatalogReader reads a catalog as batches of listings. It is used by one
// goroutine: call Next until it returns false, then Err, then Close. Each
// Batch is new and may be handed to another goroutine; the reader keeps no
// reference to it.
type CatalogReader struct {
	listingBuilder
	t *TableReader

	held     *rawRow // first row of the next table, read while finishing a batch
	heldCols *Columns

	// the listing being built, with the rows that belong to it
	curCols *Columns // table of curL and the counted rows
	curRows int
	curCont int
	curBlnk int

	// raw mode (NextRaw): the rows of the listing being gathered, and its
	// product id, for the continuation rows
	raw     *RawBatch
	rawCur  []rawRow
	rawOpen bool
	rawID   string
	slab    []string   // the slab cells are copied into (raw mode)
	slabs   [][]string // the slabs of the batch being read
	rawOn   bool
	// ring recycles the memory of a CSV's cells (Options.ReuseMemory);
	// nbatch counts the batches NextRaw returned.
	ring      *chunkRing
	ringTried bool
	nbatch    int64
	shared    *fieldIndex // the index of the fields the batches share

	batch *Batch
	err   error
	done  bool
}

// listingBuilder turns the rows of one table into listings: the reader
// uses it while reading (Next), or RawBatch.Build on any goroutine.
type listingBuilder struct {
	opt  Options
	cols *Columns // table of the current row
	curL *Listing // the listing being built

	fieldIndex
	// spare is the listing last moved into a batch, reused for the next
	// one.
	spare *Listing
	// shop is the last shop a shop column named, a copy: shops are few,
	// and go into the findings, the reports' per-shop tables and keys
	// that outlive the row.
	shop string
}

// fieldIndex caches, for the table cols, the column of each of
// ListingFields (-1 when absent), so a row costs no map lookups. Once made
// it is not changed (a new table gets new slices), so that the batches of a
// table share the reader's.
type fieldIndex struct {
	cols *Columns
	fidx []int
	plan []planField // the listing fields of the table that newListing reads, in order
	req  []planField // the required fields of the table (requiredValues), in order
	fimg []int
}

// fieldKind names a listing field for newListing, so that a row is typed
// without comparing field names.
type fieldKind uint8

// planField is a field of ListingFields that the current table has: what
// it is, its column and its name.
type planField struct {
	kind fieldKind
	col  int
	name string
}

const (
	kOther fieldKind = iota
	kProductID
	kSKU
	kTitle
	kDescription
	kCategory
	kBrand
	kCE
	kREP
	kShipTo
	kShop
	kPrice
	kStock
	kDeliveryDays
	kCreatedAt
	kImages
)

var fieldKinds = map[string]fieldKind{
	"product_id": kProductID, "sku": kSKU, "title": kTitle, "description": kDescription,
	"category": kCategory, "brand": kBrand, "ce": kCE, "rep": kREP, "ship_to": kShipTo,
	"shop": kShop, "price": kPrice, "stock": kStock, "delivery_days": kDeliveryDays,
	"created_at": kCreatedAt, "images": kImages,
}

// RawBatch is a batch of catalog rows as read (NextRaw), before the
// listings are built: the same rows, listings and counts as the Batch that
// Next would have returned, with the value parsing left to Build, which
// may run on another goroutine.
type RawBatch struct {
	Seq int // set by the pipeline

	b      *Batch   // table, file and row counts; Listings built by Build
	rows   []rawRow // the non-blank rows, each listing's first row then its continuation rows
	starts []int32  // index in rows of each listing's first row
	opt    Options
	slabs  [][]string  // where the cells of rows are; reused once Build is done
	fields *fieldIndex // the reader's index of the table's fields, shared read-only
}

// The slices of raw batches and of built listings are reused from batch to
// batch: the cells of the rows (in slabs of cellSlab strings), the rows, and
// the listings once the caller hands a batch back with Batch.Release.
const cellSlab = 8192

var (
	slabPool    slicePool[string]
	rowsPool    slicePool[rawRow]
	startsPool  slicePool[int32]
	listingPool slicePool[Listing]
	orderPool   slicePool[Order]
)

// slicePool is a sync.Pool of slices of T, kept by pointer so that putting
// one back does not copy its header into an interface.
type slicePool[T any] struct{ p sync.Pool }

// get returns an empty slice, nil when the pool has none.
func (p *slicePool[T]) get() []T {
	if v, ok := p.p.Get().(*[]T); ok {
		return (*v)[:0]
	}
	return nil
}

// put clears s (the pool must not keep what it points to alive) and keeps it.
func (p *slicePool[T]) put(s []T) {
	clear(s)
	s = s[:0]
	p.p.Put(&s)
}

// copyCells copies cells into the reader's current slab.
func (r *CatalogReader) copyCells(cells []string) []string {
	n := len(cells)
	if len(r.slab)+n > cap(r.slab) {
		if n > cellSlab {
			r.slab = make([]string, 0, n)
		} else {
			if r.slab = slabPool.get(); r.slab == nil {
				r.slab = make([]string, 0, cellSlab)
			}
		}
		r.slabs = append(r.slabs, r.slab)
	}
	at := len(r.slab)
	r.slab = append(r.slab, cells...)
	r.slabs[len(r.slabs)-1] = r.slab
	return r.slab[at : at+n : at+n]
}

// Build parses the rows into listings and returns the batch. It may be
// called on any goroutine, once.
func (rb *RawBatch) Build() *Batch {
	b := rb.b
	b.Seq = rb.Seq
	if ls := listingPool.get(); cap(ls) >= len(rb.starts) && ls != nil {
		b.Listings = ls
	} else {
		b.Listings = make([]Listing, 0, len(rb.starts))
	}
	lb := listingBuilder{opt: rb.opt, cols: b.Cols}
	if rb.fields != nil && rb.fields.cols == b.Cols {
		lb.fieldIndex = *rb.fields // worked out once per table, by the reader
	}
	for k, start := range rb.starts {
		end := int32(len(rb.rows))
		if k+1 < len(rb.starts) {
			end = rb.starts[k+1]
		}
		// The listing is built in its place in the batch (whose capacity
		// is one per start), not built aside and copied in.
		b.Listings = b.Listings[:len(b.Listings)+1]
		lb.spare = &b.Listings[len(b.Listings)-1]
		lb.curL = lb.newListing(rb.rows[start])
		for _, row := range rb.rows[start+1 : end] {
			lb.foldListing(row)
		}
		lb.curL = nil
	}
	for _, s := range rb.slabs {
		if cap(s) == cellSlab {
			slabPool.put(s)
		}
	}
	rowsPool.put(rb.rows)
	startsPool.put(rb.starts)
	rb.rows, rb.starts, rb.slabs = nil, nil, nil
	return b
}

// Release hands the listings or orders of b back for reuse by later
// batches (RawBatch.Build, OrderReader.Next); b must not be used
// afterwards. Calling it is optional: a batch that is not released is left
// to the garbage collector.
func (b *Batch) Release() {
	if b.ring != nil {
		b.ring.release(b.idx)
		b.ring = nil
	}
	if b.Listings != nil {
		listingPool.put(b.Listings)
		b.Listings = nil
	}
	if b.Orders != nil {
		orderPool.put(b.Orders)
		b.Orders = nil
	}
}

// Rows returns the number of rows of the batch, blank and continuation
// rows included.
func (rb *RawBatch) Rows() int { return rb.b.Rows }

// OpenCatalog opens a catalog (CSV, TSV, TXT or XLSX) and reads up to its
// first data row; any problem that stops the run is an *InputError. With in
// == nil the file at path is read, otherwise in (standard input).
func OpenCatalog(path string, in io.Reader, opt Options) (*CatalogReader, error) {
	t, err := OpenTable(path, in, ListingFields, opt)
	if err != nil {
		return nil, err
	}
	return &CatalogReader{t: t, listingBuilder: listingBuilder{opt: t.opt}}, nil
}

// Next reads the next batch: up to Options.BatchSize listings of one table,
// with the continuation and blank rows that belong to them (a product's rows
// are never split between batches). A batch never spans two tables. It
// returns false at the end of the input or on an error (see Err).
func (r *CatalogReader) Next() bool {
	if r.rawOn {
		r.err = fmt.Errorf("readers: Next after NextRaw")
		return false
	}
	return r.read(nil)
}

// NextRaw is Next without building the listings: Raw returns the rows of
// the batch, and RawBatch.Build, on any goroutine, the batch Next would
// have returned. A reader is read with Next or with NextRaw, not both.
func (r *CatalogReader) NextRaw() bool {
	if r.curL != nil {
		r.err = fmt.Errorf("readers: NextRaw after Next")
		return false
	}
	r.rawOn = true
	if r.opt.ReuseMemory && !r.ringTried {
		// From the first data row on; the header rows are read by then.
		r.ringTried = true
		if ts, ok := r.t.src.(*textSource); ok {
			r.ring = newChunkRing()
			ts.sc.ring = r.ring
			ts.sc.chunk = "" // the next line starts a chunk of the ring
		}
	}
	if r.ring != nil {
		r.ring.reading = r.nbatch
	}
	rb := &RawBatch{opt: r.opt}
	rb.starts = startsPool.get()
	if rows := rowsPool.get(); rows != nil {
		rb.rows = rows
	} else {
		rb.rows = make([]rawRow, 0, min(r.opt.BatchSize, 1024))
	}
	if !r.read(rb) {
		return false
	}
	rb.b = r.batch
	if r.fieldIndex.cols == rb.b.Cols && r.fidx != nil {
		// Build uses the reader's index of the table's fields: a copy of
		// the struct, made once per table, whose slices nobody changes.
		if r.shared == nil || r.shared.cols != r.fieldIndex.cols {
			cp := r.fieldIndex
			r.shared = &cp
		}
		rb.fields = r.shared
	}
	if r.ring != nil {
		rb.b.ring, rb.b.idx = r.ring, r.nbatch
		r.nbatch++
	}
	// The batch takes the slabs its rows are in; the rows of the listing
	// still open move to a slab of the next batch.
	rb.slabs, r.slabs, r.slab = r.slabs, nil, nil
	for i := range r.rawCur {
		r.rawCur[i].cells = r.copyCells(r.rawCur[i].cells)
	}
	r.raw = rb
	return true
}

// Raw returns the batch read by the last call to NextRaw.
func (r *CatalogReader) Raw() *RawBatch { return r.raw }

// open reports whether a listing is being gathered.
func (r *CatalogReader) open() bool {
	if r.rawOn {
		return r.rawOpen
	}
	return r.curL != nil
}

// read reads the next batch into a new Batch (and, in raw mode, the rows
// into rb).
func (r *CatalogReader) read(rb *RawBatch) bool {
	if r.err != nil || r.done {
		return false
	}
	b := &Batch{File: r.opt.FileIndex}
	if rb == nil {
		b.Listings = make([]Listing, 0, min(r.opt.BatchSize, 1024))
	}
	if r.open() || r.curBlnk > 0 {
		b.Cols = r.curCols // rows carried over from the last batch
	}
	n := 0    // listings in b
	size := 0 // bytes of the cells read for b (see BatchBytes)
	for n < r.opt.BatchSize && (n == 0 || size < BatchBytes) {
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
			n += r.flush(b, rb)
			r.done = true
			break
		}
		if b.Cols != nil && r.cols != b.Cols {
			// A new table: finish this batch, keep the row for the next.
			n += r.flush(b, rb)
			held := row // a copy, so that row itself stays on the stack
			r.held, r.heldCols = &held, r.cols
			break
		}
		b.Cols = r.cols
		r.curCols = r.cols
		if blankRow(row.cells) {
			r.curBlnk++
			continue
		}
		for _, c := range row.cells {
			size += len(c)
		}
		if rb != nil {
			n += r.addRawRow(b, rb, row)
		} else {
			n += r.addListingRow(b, row)
		}
	}
	if b.Rows == 0 {
		return false
	}
	r.batch = b
	return true
}

// addRawRow is addListingRow in raw mode: it keeps the row (its cells
// copied, as an XLSX source reuses them) for Build.
func (r *CatalogReader) addRawRow(b *Batch, rb *RawBatch, row rawRow) int {
	row.cells = r.copyCells(row.cells)
	if r.rawOpen && r.continues(row, r.rawID) {
		r.rawCur = append(r.rawCur, row)
		r.curRows++
		r.curCont++
		return 0
	}
	n := r.flush(b, rb)
	r.rawCur, r.rawOpen = append(r.rawCur[:0], row), true
	r.rawID = ""
	if id, i := r.cell(row, "product_id"); i >= 0 {
		r.rawID = NormalizeID(id)
	}
	r.curRows = 1
	return n
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

// flush moves the listing being built, with its rows, into b (in raw
// mode, its rows into rb), and returns the number of listings moved.
func (r *CatalogReader) flush(b *Batch, rb *RawBatch) int {
	n := 0
	if rb != nil && r.rawOpen {
		rb.starts = append(rb.starts, int32(len(rb.rows)))
		rb.rows = append(rb.rows, r.rawCur...)
		r.rawCur, r.rawOpen = r.rawCur[:0], false
		n = 1
	} else if r.curL != nil {
		b.Listings = append(b.Listings, *r.curL)
		r.spare, r.curL = r.curL, nil
		n = 1
	}
	b.Rows += r.curRows + r.curBlnk
	b.Continuation += r.curCont
	b.Blank += r.curBlnk
	r.curRows, r.curCont, r.curBlnk = 0, 0, 0
	return n
}

// cell returns the text of the cell of field name in row, and its 0-based
// column (-1 when the table has no such column).
func (r *listingBuilder) cell(row rawRow, name string) (string, int) {
	return r.cellAt(row, r.index(name))
}

// cellAt returns the text of column i of row ("" when the row is shorter
// or i is -1), and i.
func (r *listingBuilder) cellAt(row rawRow, i int) (string, int) {
	if i < 0 || i >= len(row.cells) {
		return "", i
	}
	return row.cells[i], i
}

// index returns the 0-based column of field name in the current table, or
// -1, from the per-table cache of ListingFields' columns.
func (r *listingBuilder) index(name string) int {
	r.indexFields()
	for k := range ListingFields {
		if ListingFields[k].Name == name {
			return r.fidx[k]
		}
	}
	return r.cols.Index(name)
}

// indexFields fills the column cache when the table changes.
func (r *listingBuilder) indexFields() {
	if r.fieldIndex.cols == r.cols && r.fidx != nil {
		return
	}
	// New slices, not the old ones emptied: batches may share the old.
	r.fieldIndex = fieldIndex{cols: r.cols}
	for _, f := range ListingFields {
		col, kind := r.cols.Index(f.Name), fieldKinds[f.Name]
		r.fidx = append(r.fidx, col)
		if col >= 0 && kind != kImages && kind != kOther {
			r.plan = append(r.plan, planField{kind, col, f.Name})
		}
	}
	for _, name := range requiredValues {
		if col := r.cols.Index(name); col >= 0 {
			r.req = append(r.req, planField{fieldKinds[name], col, name})
		}
	}
	r.fimg = r.cols.Fields["images"]
}

// cellPos returns the position of column i (0-based) of row.
func (r *listingBuilder) cellPos(row rawRow, i int) Pos {
	p := r.rowPos(row)
	p.Col = i + 1
	if i < len(r.cols.Header) {
		p.Field = r.cols.Header[i]
	}
	return p
}

func (r *listingBuilder) rowPos(row rawRow) Pos {
	return Pos{File: r.cols.File, Sheet: r.cols.Sheet, Row: row.row, Line: row.line}
}

// problems collects the cell problems of one row.
type problems struct {
	r    *listingBuilder
	row  rawRow
	list *[]Problem
}

func (p problems) missing(name string, i int) {
	*p.list = append(*p.list, Problem{
		Check: "missing-field", Pos: p.r.cellPos(p.row, i), Name: name,
		Msg: p.r.opt.Tr.Sprintf("%s is empty; %s", p.r.opt.Tr.T(fieldLabel(name)), p.r.opt.Tr.T(whyRequired(name))),
	})
}

func (p problems) bad(name string, i int, value, msg string) {
	*p.list = append(*p.list, Problem{
		Check: "bad-value", Pos: p.r.cellPos(p.row, i), Name: name, Value: ClipValue(value), Msg: msg,
	})
}

// tr returns the language of the row's problems.
func (p problems) tr() *i18n.Printer { return p.r.opt.Tr }

// fieldLabel names a field in a message: "the price". The label is a text
// of the catalogue; the message translates it.
func fieldLabel(name string) string {
	switch name {
	case "product_id":
		return i18n.N("the product ID")
	case "sku":
		return i18n.N("the SKU")
	case "ship_to":
		return i18n.N("the ship-to countries")
	case "delivery_days":
		return i18n.N("the delivery time")
	case "created_at":
		return i18n.N("the date the listing went online")
	case "ce":
		return i18n.N("the CE reference")
	case "rep":
		return i18n.N("the REP identifier")
	case "order_id":
		return i18n.N("the order number")
	case "title":
		return i18n.N("the title")
	case "category":
		return i18n.N("the category")
	case "description":
		return i18n.N("the description")
	case "price":
		return i18n.N("the price")
	case "stock":
		return i18n.N("the stock")
	case "images":
		return i18n.N("the images")
	case "brand":
		return i18n.N("the brand")
	}
	return "the " + strings.ReplaceAll(name, "_", " ")
}

func whyRequired(name string) string {
	switch name {
	case "product_id":
		return i18n.N("without it AliExpress cannot tell this product from the others")
	case "title":
		return i18n.N("AliExpress cannot publish a product without a title")
	case "category":
		return i18n.N("AliExpress needs a category to publish the product and to know which rules apply")
	case "price":
		return i18n.N("AliExpress cannot publish a product without a price")
	case "order_id":
		return i18n.N("the row cannot be matched to an order")
	}
	return i18n.N("the field is required")
}

// text reads a text field: cleaned, or a problem when it is too large.
func (p problems) text(name string, s string, i int) (string, bool) {
	if len(s) > MaxCell {
		p.bad(name, i, s, p.tr().Sprintf("%s holds %d MB of text, more than any AliExpress field can take; the cell is probably damaged", p.tr().T(fieldLabel(name)), len(s)>>20))
		return "", false
	}
	return cleanText(s), true
}

// addListingRow adds a non-blank row to the listing being built, or starts
// a new listing; it returns the number of listings moved into b.
func (r *CatalogReader) addListingRow(b *Batch, row rawRow) int {
	if r.curL != nil && r.continues(row, r.curL.ProductID) {
		r.foldListing(row)
		r.curRows++
		r.curCont++
		return 0
	}
	n := r.flush(b, nil)
	r.curL = r.newListing(row)
	r.curRows = 1
	return n
}

// continues reports whether row continues the product with the given
// (normalised) id: the same product id and an empty title (Shopify layout).
func (r *listingBuilder) continues(row rawRow, curID string) bool {
	id, i := r.cell(row, "product_id")
	if i < 0 {
		return false
	}
	id = NormalizeID(id)
	if id == "" || id != curID {
		return false
	}
	t, _ := r.cell(row, "title")
	return Trim(t) == ""
}

func (r *listingBuilder) newListing(row rawRow) *Listing {
	l := r.spare
	if l == nil {
		l = new(Listing)
	}
	r.spare = nil
	*l = Listing{Pos: r.rowPos(row), Cols: r.cols, Shop: r.opt.Shop}
	p := problems{r: r, row: row, list: &l.Problems}
	r.indexFields()
	for _, f := range r.req {
		s, i := r.cellAt(row, f.col)
		empty := blank(s)
		if f.kind == kPrice {
			empty = IsEmptyValue(s)
		}
		if empty {
			p.missing(f.name, i)
		}
	}
	for _, f := range r.plan {
		s, i := r.cellAt(row, f.col)
		if blank(s) {
			continue
		}
		name := f.name
		switch f.kind {
		case kProductID:
			l.ProductID = NormalizeID(s)
		case kSKU:
			l.SKU = NormalizeID(s)
		case kTitle, kDescription, kCategory, kBrand, kCE, kREP, kShipTo:
			*l.text(f.kind), _ = p.text(name, s, i)
		case kShop:
			// A shop column names the shop of each row; it wins over the
			// shop of the file (--shop or the folder name).
			if t := Trim(s); t != r.shop {
				r.shop = strings.Clone(t)
			}
			l.Shop = r.shop
		case kPrice:
			l.Price, l.HasPrice = p.price(s, i)
		case kStock:
			if n, ok := smallUint(s); ok {
				l.Stock, l.HasStock = int64(n), true
			} else if n, err := strconv.ParseInt(Trim(s), 10, 64); err == nil {
				l.Stock, l.HasStock = n, true // what p.count gives, without its other forms
			} else {
				l.Stock, l.HasStock = p.count(name, s, i)
				l.StockCell = Trim(s)
			}
		case kDeliveryDays:
			if d, err := ParseDays(s); err == nil {
				l.DeliveryDays, l.HasDeliveryDays = d, true
			} else if err != errEmpty {
				p.bad(name, i, s, p.tr().Sprintf("the delivery time %q is not a number of days", short(s)))
			}
		case kCreatedAt:
			if t, err := parseDate(s); err == nil {
				l.CreatedAt, l.HasCreatedAt = t, true
			} else if err != errEmpty {
				p.bad(name, i, s, p.tr().Sprintf("the date %q cannot be read; write it as 2024-05-31 or 31/05/2024", short(s)))
			}
		}
	}
	if len(r.fimg) > 0 {
		l.HasImages = true
		l.Images += r.images(p, row)
		if l.Images == 0 {
			for _, i := range r.fimg {
				if i < len(row.cells) && Trim(row.cells[i]) != "" {
					l.ImagesCell = Trim(row.cells[i])
					break
				}
			}
		}
	}
	r.quoteProblems(p, row)
	return l
}

// text returns the text field of l that kind names (one of the seven text
// kinds).
func (l *Listing) text(kind fieldKind) *string {
	switch kind {
	case kTitle:
		return &l.Title
	case kDescription:
		return &l.Description
	case kCategory:
		return &l.Category
	case kBrand:
		return &l.Brand
	case kCE:
		return &l.CE
	case kREP:
		return &l.REP
	}
	return &l.ShipTo // kShipTo: newListing calls text for these seven kinds only
}

// foldListing adds a continuation row to the listing being built: its
// images, and its variant when it carries a SKU, price or stock.
func (r *listingBuilder) foldListing(row rawRow) {
	l := r.curL
	p := problems{r: r, row: row, list: &l.Problems}
	l.Images += r.images(p, row)
	v := Variant{Row: row.row, Line: row.line}
	has := false
	if s, i := r.cell(row, "sku"); i >= 0 && Trim(s) != "" {
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

func (r *listingBuilder) images(p problems, row rawRow) int {
	n := 0
	r.indexFields()
	for _, i := range r.fimg {
		if i >= len(row.cells) {
			continue
		}
		c, ok := CountImages(row.cells[i])
		if !ok {
			p.bad("images", i, row.cells[i], p.tr().Sprintf("the image cell %q is neither a number of images nor image links", short(row.cells[i])))
			continue
		}
		n += c
	}
	return n
}

func (r *listingBuilder) quoteProblems(p problems, row rawRow) {
	for _, i := range row.badQuote {
		v := ""
		if i < len(row.cells) {
			v = row.cells[i]
		}
		p.bad(r.cols.FieldAt(i), i, v, p.tr().T("this cell opens a quote (\") that is never closed, so the file is ambiguous from here on; the quote was read as a character. Remove the quote or close it"))
	}
	for _, i := range row.badUTF8 {
		if name := readField(r.cols, i); name != "" {
			p.bad(name, i, strings.ToValidUTF8(row.cells[i], "\uFFFD"), p.tr().T(InvalidUTF8Msg))
		}
	}
}

func (p problems) price(s string, i int) (float64, bool) {
	v, err := parsePrice(s)
	if err == errEmpty {
		return 0, false
	}
	if err != nil {
		p.bad("price", i, s, p.tr().Sprintf("the price %q is not a number AliExpress can read; write it as 12.50", short(s)))
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
		p.bad(name, i, s, p.tr().Sprintf("%s %q is not a whole number", p.tr().T(fieldLabel(name)), short(s)))
		return 0, false
	}
	return v, true
}

// blank reports whether s is empty or only white space, as
// Trim(s) == "" does, without the call for the common cell
// that starts with a visible ASCII character.
func blank(s string) bool {
	if s == "" {
		return true
	}
	if c := s[0]; c > ' ' && c < utf8.RuneSelf {
		return false
	}
	return strings.TrimSpace(s) == ""
}

// short cuts a value for a message.
func short(s string) string {
	s = Trim(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
