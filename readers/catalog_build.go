package readers

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
	kcol [kImages]int // the column of each field kind newListing reads, -1 when absent
	req  []planField  // the required fields of the table (requiredValues), in order
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

// fieldProductID and fieldTitle are the places of those fields in
// ListingFields, and so in fieldIndex.fidx.
var (
	fieldProductID = slices.IndexFunc(ListingFields, func(f FieldSpec) bool { return f.Name == "product_id" })
	fieldTitle     = slices.IndexFunc(ListingFields, func(f FieldSpec) bool { return f.Name == "title" })
)

var fieldKinds = map[string]fieldKind{
	"product_id": kProductID, "sku": kSKU, "title": kTitle, "description": kDescription,
	"category": kCategory, "brand": kBrand, "ce": kCE, "rep": kREP, "ship_to": kShipTo,
	"shop": kShop, "price": kPrice, "stock": kStock, "delivery_days": kDeliveryDays,
	"created_at": kCreatedAt, "images": kImages,
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
	for k := range r.kcol {
		r.kcol[k] = -1
	}
	for _, f := range ListingFields {
		col, kind := r.cols.Index(f.Name), fieldKinds[f.Name]
		r.fidx = append(r.fidx, col)
		if kind != kImages && kind != kOther {
			r.kcol[kind] = col
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

// rowID returns the normalised product id of row, "" when it has none or
// the table has no product id column.
func (r *listingBuilder) rowID(row rawRow) string {
	r.indexFields()
	id, _ := r.cellAt(row, r.fidx[fieldProductID])
	return NormalizeID(id)
}

// continues reports whether row, whose normalised product id is id,
// continues the product with the id curID: the same product id and an
// empty title (Shopify layout).
func (r *listingBuilder) continues(row rawRow, id, curID string) bool {
	if id == "" || id != curID {
		return false
	}
	t, _ := r.cellAt(row, r.fidx[fieldTitle])
	return Trim(t) == ""
}

func (r *listingBuilder) newListing(row rawRow) *Listing {
	l := r.spare
	if l == nil {
		l = new(Listing)
	}
	r.spare = nil
	// Cleared whole, then set: cheaper than a literal of every field.
	*l = Listing{}
	l.Pos, l.Cols, l.Shop = r.rowPos(row), r.cols, r.opt.Shop
	p := problems{r: r, row: &row, list: &l.Problems}
	r.indexFields()
	// The columns of req and plan are 0 or more; a cell past the end of
	// the row is "".
	cells := row.cells
	for k := range r.req {
		f := &r.req[k]
		s := ""
		if f.col < len(cells) {
			s = cells[f.col]
		}
		empty := blank(s)
		if f.kind == kPrice {
			empty = IsEmptyValue(s)
		}
		if empty {
			p.missing(f.name, f.col)
		}
	}
	// The fields in the order of ListingFields, so that a row's problems
	// come in that order; a field whose column is absent or past the row
	// reads as "".
	k := &r.kcol
	if s := at(cells, k[kProductID]); !blank(s) {
		l.ProductID = NormalizeID(s)
	}
	if s := at(cells, k[kSKU]); !blank(s) {
		l.SKU = NormalizeID(s)
	}
	l.Title = textCell(p, cells, k[kTitle], "title")
	l.Description = textCell(p, cells, k[kDescription], "description")
	l.Category = textCell(p, cells, k[kCategory], "category")
	l.Brand = textCell(p, cells, k[kBrand], "brand")
	if i := k[kPrice]; !blank(at(cells, i)) {
		l.Price, l.HasPrice = p.price(cells[i], i)
	}
	if i := k[kStock]; !blank(at(cells, i)) {
		s := cells[i]
		if n, ok := smallUint(s); ok {
			l.Stock, l.HasStock = int64(n), true
		} else if n, err := strconv.ParseInt(Trim(s), 10, 64); err == nil {
			l.Stock, l.HasStock = n, true // what p.count gives, without its other forms
		} else {
			l.Stock, l.HasStock = p.count("stock", s, i)
			l.StockCell = Trim(s)
		}
	}
	l.CE = textCell(p, cells, k[kCE], "ce")
	l.REP = textCell(p, cells, k[kREP], "rep")
	l.ShipTo = textCell(p, cells, k[kShipTo], "ship_to")
	if i := k[kDeliveryDays]; !blank(at(cells, i)) {
		s := cells[i]
		if d, err := ParseDays(s); err == nil {
			l.DeliveryDays, l.HasDeliveryDays = d, true
		} else if err != errEmpty {
			p.bad("delivery_days", i, s, p.tr().Sprintf("the delivery time %q is not a number of days", short(s)))
		}
	}
	if i := k[kCreatedAt]; !blank(at(cells, i)) {
		s := cells[i]
		if t, err := parseDate(s); err == nil {
			l.CreatedAt, l.HasCreatedAt = t, true
		} else if err != errEmpty {
			p.bad("created_at", i, s, p.tr().Sprintf("the date %q cannot be read; write it as 2024-05-31 or 31/05/2024", short(s)))
		}
	}
	if s := at(cells, k[kShop]); !blank(s) {
		// A shop column names the shop of each row; it wins over the
		// shop of the file (--shop or the folder name).
		if t := Trim(s); t != r.shop {
			r.shop = strings.Clone(t)
		}
		l.Shop = r.shop
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

// at returns cells[i], or "" when i is -1 or past the end of cells.
func at(cells []string, i int) string {
	if uint(i) < uint(len(cells)) {
		return cells[i]
	}
	return ""
}

// textCell returns the text field name of the row of p, in column i of
// cells (-1 when absent), cleaned; "" when blank.
func textCell(p problems, cells []string, i int, name string) string {
	s := at(cells, i)
	if blank(s) {
		return ""
	}
	if p.row.plain && len(s) <= MaxCell {
		// cleanText(s), without its pass over s: nothing to drop.
		if s[0] <= ' ' || s[len(s)-1] <= ' ' {
			s = strings.TrimSpace(s)
		}
		return s
	}
	t, _ := p.text(name, s, i)
	return t
}

// foldListing adds a continuation row to the listing being built: its
// images, and its variant when it carries a SKU, price or stock.
func (r *listingBuilder) foldListing(row rawRow) {
	l := r.curL
	p := problems{r: r, row: &row, list: &l.Problems}
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

// blank reports whether s is empty or only white space, as
// Trim(s) == "" does, without the call for the common cell
// that starts with a visible ASCII character.
func blank(s string) bool {
	if s != "" && s[0] > ' ' && s[0] < utf8.RuneSelf {
		return false
	}
	return blankSlow(s)
}

// blankSlow is blank past its first test, out of line so that blank is
// small enough to be inlined in the loops over a row's cells.
//
//go:noinline
func blankSlow(s string) bool { return strings.TrimSpace(s) == "" }
