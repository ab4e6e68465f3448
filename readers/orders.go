package readers

import (
	"io"
	"slices"
	"strings"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
)

// OrderReader reads an order export as batches of orders. Consecutive rows
// with the same order id (line-item exports such as Shopify's or Olist's)
// fold into one Order with several Items; a batch never splits an order and
// never spans two tables. Personal data columns are never read. It is used by
// one goroutine: call Next until it returns false, then Err, then Close. Each
// Batch is new and may be handed to another goroutine.
type OrderReader struct {
	t   *TableReader
	opt Options

	held *heldRow // first row of the next table, read while finishing a batch

	cols    *Columns // table of the current row
	curCols *Columns // table of cur and of the counted rows
	// open says an order is being built: the last order of the batch
	// being read, or carry between two calls to Next.
	open    bool
	carry   Order
	curRows int
	curCont int
	curBlnk int

	batch *Batch
	err   error
	done  bool
	notes []string

	// ix is where each order field sits in ixCols, resolved once per table
	// so that a row reads its cells by position, not by name.
	ixCols *Columns
	ix     orderIndex
	// items is the backing store the one-item orders of a batch share.
	items []Item
	// words caches what the status and dispute cells say: exports repeat
	// a handful of words, so each is parsed once.
	words map[wordCell]wordValue
}

// wordCell is a status or dispute cell as read.
type wordCell struct {
	f orderField
	s string
}

// wordValue is what a status or dispute cell says.
type wordValue struct {
	text     string // orderText of the cell (status)
	status   Status
	dispute  Dispute
	dstatus  string // parseDisputeStatus (dispute_status)
	ok, sent bool
}

// maxWords and maxWordLen bound the cache of status and dispute words.
const (
	maxWords   = 512
	maxWordLen = 64
)

// word returns what cell s of field f says (fStatus, fFulfillment,
// fDisputeType or fDisputeStatus), parsing it once per distinct cell.
func (r *OrderReader) word(f orderField, s string) wordValue {
	k := wordCell{f, s}
	if v, ok := r.words[k]; ok {
		return v
	}
	var v wordValue
	switch f {
	case fStatus:
		v.text = orderText(s)
		v.status, v.ok = ParseStatus(s)
	case fFulfillment:
		v.sent, v.ok = parseFulfillment(s)
	case fDisputeType:
		v.dispute = ParseDispute(s)
	case fDisputeStatus:
		v.dstatus = parseDisputeStatus(s)
	}
	if r.words == nil {
		r.words = map[wordCell]wordValue{}
	}
	if len(r.words) < maxWords && len(s) <= maxWordLen {
		r.words[k] = v
	}
	return v
}

// isEmpty is IsEmptyValue with a fast answer for the common cells: a cell
// that starts with a digit or with a letter other than n cannot be one of
// the empty words.
func isEmpty(s string) bool {
	if s == "" {
		return true
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z' && c != 'n', c >= 'A' && c <= 'Z' && c != 'N':
		return false
	}
	return IsEmptyValue(s)
}

// orderField names an order field of OrderFields by number.
type orderField uint8

const (
	fOrderID orderField = iota
	fStatus
	fFulfillment
	fCancelledAt
	fProductID
	fSKU
	fQuantity
	fItemTitle
	fProductInfo
	fOrderTotal
	fCreatedAt
	fPaidAt
	fShipDeadline
	fShippedAt
	fCarrierTracking
	fCarrier
	fTracking
	fDeliveredAt
	fPromisedDays
	fPromisedBy
	fDisputeType
	fDisputeOpenedAt
	fDisputeStatus
	fRefundAmount
	fCancelReason
	fRatingDescription
	fRatingCommunication
	fRatingShipping
	fBuyerCountry
	numOrderFields
)

// orderFieldNames are the canonical names of the order fields, by number.
var orderFieldNames = [numOrderFields]string{
	"order_id", "status", "fulfillment_status", "cancelled_at", "product_id", "sku", "quantity", "item_title", "product_info",
	"order_total", "created_at", "paid_at", "ship_deadline", "shipped_at", "carrier_tracking", "carrier", "tracking",
	"delivered_at", "promised_days", "promised_by", "dispute_type", "dispute_opened_at", "dispute_status", "refund_amount",
	"cancel_reason", "rating_description", "rating_communication", "rating_shipping", "buyer_country",
}

// orderIndex is the 0-based column of each order field in one table, -1
// when the table has none.
type orderIndex [numOrderFields]int

func newOrderIndex(c *Columns) orderIndex {
	var ix orderIndex
	for f := range ix {
		ix[f] = c.Index(orderFieldNames[f])
	}
	return ix
}

// index returns the field positions of table c, resolving them on the
// first row of each table.
func (r *OrderReader) index(c *Columns) *orderIndex {
	if r.ixCols != c || c == nil {
		r.ix, r.ixCols = newOrderIndex(c), c
	}
	return &r.ix
}

type heldRow struct {
	cells   []string
	pos     Pos
	cols    *Columns
	badUTF8 []int
}

// OpenOrders opens an order export (CSV, TSV, TXT or XLSX) and reads up to
// its first data row; a problem that stops the run (no header, no order id
// column, no order time nor payment time column) is an *InputError. With in
// == nil the file at path is read, otherwise in (standard input).
func OpenOrders(path string, in io.Reader, opt Options) (*OrderReader, error) {
	t, err := OpenTable(path, in, OrderFields, opt)
	if err != nil {
		return nil, err
	}
	r := &OrderReader{t: t, opt: t.opt}
	if r.opt.BatchSize <= 0 {
		r.opt.BatchSize = BatchSize
	}
	if err := r.checkTable(t.Columns()); err != nil {
		t.Close()
		return nil, err
	}
	return r, nil
}

// checkTable refuses a table without an order time or payment time column,
// and notes the personal data columns that will be dropped.
func (r *OrderReader) checkTable(c *Columns) error {
	if err := checkOrderTimes(c); err != nil {
		return err
	}
	if note := personalNote(OrderFields, c, r.opt.Tr); note != "" {
		r.notes = append(r.notes, note)
	}
	return nil
}

// checkOrderTimes refuses a table without an order time or payment time
// column.
func checkOrderTimes(c *Columns) error {
	if !c.Has("created_at") && !c.Has("paid_at") {
		return &InputError{Pos: Pos{File: c.File, Sheet: c.Sheet, Row: c.HeaderRow},
			Msg: "the order export has no order time or payment time column, so no deadline or metric can be computed; " +
				"export the orders with the \"Order Time\" (下单时间) or \"Payment Time\" (付款时间) column, or name the column with --map created_at=HEADER"}
	}
	return nil
}

// Next reads the next batch: up to Options.BatchSize orders of one table,
// with their line-item and blank rows. It returns false at the end of the
// input or on an error (see Err).
func (r *OrderReader) Next() bool {
	if r.err != nil || r.done {
		return false
	}
	b := &Batch{File: r.opt.FileIndex}
	if os := orderPool.get(); cap(os) >= min(r.opt.BatchSize, 1024)+1 {
		b.Orders = os
	} else {
		b.Orders = make([]Order, 0, min(r.opt.BatchSize, 1024)+1)
	}
	if r.open || r.curBlnk > 0 {
		b.Cols = r.curCols
	}
	if r.open {
		// The order left open by the last batch: built in this one.
		b.Orders = append(b.Orders, r.carry)
		r.carry = Order{}
	}
	for len(b.Orders)-btoi(r.open) < r.opt.BatchSize {
		var cells []string
		var pos Pos
		var badUTF8 []int
		if r.held != nil {
			cells, pos, r.cols, badUTF8 = r.held.cells, r.held.pos, r.held.cols, r.held.badUTF8
			r.held = nil
		} else if r.t.Next() {
			cells, pos, r.cols, badUTF8 = r.t.Cells(), r.t.Pos(), r.t.Columns(), r.t.cur.badUTF8
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
			if err := r.checkTable(r.cols); err != nil {
				r.err = err
				return false
			}
			r.held = &heldRow{cells: slices.Clone(cells), pos: pos, cols: r.cols, badUTF8: badUTF8}
			break
		}
		b.Cols = r.cols
		r.curCols = r.cols
		if blankRow(cells) {
			r.curBlnk++
			continue
		}
		r.addRow(b, cells, pos, badUTF8)
	}
	if n := len(b.Orders); r.open && !r.done && r.err == nil {
		// The batch is full but its last order may have more rows: it
		// moves to the next batch.
		r.carry = b.Orders[n-1]
		b.Orders[n-1] = Order{}
		b.Orders = b.Orders[:n-1]
	}
	if b.Rows == 0 {
		return false
	}
	r.batch = b
	return true
}

// Batch returns the batch read by the last call to Next.
func (r *OrderReader) Batch() *Batch { return r.batch }

// Err returns the error that stopped Next, if any: an *InputError.
func (r *OrderReader) Err() error { return r.err }

// Close releases the file. It is safe to call more than once.
func (r *OrderReader) Close() error { return r.t.Close() }

// Notes returns facts about the reading the seller should know (encoding,
// title rows skipped, personal data columns dropped).
func (r *OrderReader) Notes() []string {
	return append(slices.Clone(r.t.Notes()), r.notes...)
}

// Columns returns the header mapping of the table being read.
func (r *OrderReader) Columns() *Columns { return r.t.Columns() }

// Tables returns the tables read so far, one per CSV file or sheet.
func (r *OrderReader) Tables() []*Columns { return r.t.Tables() }

// flush moves the order being built, with its rows, into b.
func (r *OrderReader) flush(b *Batch) {
	r.open = false
	b.Rows += r.curRows + r.curBlnk
	b.Continuation += r.curCont
	b.Blank += r.curBlnk
	r.curRows, r.curCont, r.curBlnk = 0, 0, 0
}

// orderRow is one non-blank row being read.
type orderRow struct {
	cols  *Columns
	ix    *orderIndex
	cells []string
	pos   Pos
	list  *[]Problem
	// badUTF8 lists the cells that hold bytes that are not UTF-8.
	badUTF8 []int
	tr      *i18n.Printer // the language of the problems
}

// cell returns the cell of field f and its 0-based column (-1 when the
// table has no such column; the cell is "" past the end of a short row).
func (w *orderRow) cell(f orderField) (string, int) {
	i := w.ix[f]
	if i < 0 || i >= len(w.cells) {
		return "", i
	}
	return w.cells[i], i
}

func (w *orderRow) at(i int) Pos { return w.cols.CellAt(w.pos, i) }

func (w *orderRow) missing(name string, i int, msg string) {
	*w.list = append(*w.list, Problem{Check: "missing-field", Pos: w.at(i), Name: name, Msg: msg})
}

func (w *orderRow) bad(name string, i int, value, msg string) {
	*w.list = append(*w.list, Problem{Check: "bad-value", Pos: w.at(i), Name: name, Value: ClipValue(value), Msg: msg})
}

// addRow adds a non-blank row: a line item of the order being built, or a
// new order. badUTF8 lists its cells that hold bytes that are not UTF-8.
func (r *OrderReader) addRow(b *Batch, cells []string, pos Pos, badUTF8 []int) {
	w := orderRow{cols: r.cols, ix: r.index(r.cols), cells: cells, pos: pos, badUTF8: badUTF8, tr: r.opt.Tr}
	id, _ := w.cell(fOrderID)
	id = normID(id)
	if r.open {
		if cur := &b.Orders[len(b.Orders)-1]; id != "" && id == cur.ID && cur.Cols == r.cols {
			w.list = &cur.Problems
			cur.Items = append(cur.Items, r.readItems(&w)...)
			r.read(cur, &w, true)
			r.curRows++
			r.curCont++
			return
		}
	}
	r.flush(b)
	if n := len(b.Orders); n < cap(b.Orders) {
		// The slot is still zero (the batch's block is new, and the slot
		// of a carried order is cleared): no Order literal to copy.
		b.Orders = b.Orders[:n+1]
	} else {
		b.Orders = append(b.Orders, Order{})
	}
	o := &b.Orders[len(b.Orders)-1]
	o.Pos, o.Cols, o.Shop = w.pos, r.cols, r.opt.Shop
	r.open = true
	r.newOrder(o, &w)
	r.curRows = 1
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// items reads the products of a row: the AliExpress product cell, or the
// product id, SKU, title and quantity columns of a line item.
func (r *OrderReader) readItems(w *orderRow) []Item {
	if s, i := w.cell(fProductInfo); i >= 0 && strings.TrimSpace(s) != "" {
		if len(s) > MaxCell {
			w.bad("product_info", i, s, w.tr.T("the product cell is too large to be real; the file is probably damaged"))
			return nil
		}
		return ParseProductCell(s)
	}
	it := Item{Quantity: 1}
	has := false
	if s, i := w.cell(fProductID); i >= 0 && !isEmpty(s) {
		it.ProductID, has = normID(s), true
	}
	if s, i := w.cell(fSKU); i >= 0 && !isEmpty(s) {
		it.SKU, has = normID(s), true
	}
	if s, i := w.cell(fItemTitle); i >= 0 && !isEmpty(s) {
		it.Title, has = orderText(s), true
	}
	if s, i := w.cell(fQuantity); i >= 0 && !isEmpty(s) {
		n, ok := ParseInt(s)
		if !ok || n < 0 || n > 1_000_000_000 {
			w.bad("quantity", i, s, w.tr.Sprintf("the quantity %q is not a whole number of items", shortValue(s)))
		} else {
			it.Quantity = int(n)
		}
		has = true
	}
	if !has {
		return nil
	}
	// One item: a slot of a shared block, capped so that appending a line
	// item copies it out instead of overwriting the next order's item.
	if len(r.items) == cap(r.items) {
		r.items = make([]Item, 0, 256)
	}
	r.items = append(r.items, it)
	n := len(r.items)
	return r.items[n-1 : n : n]
}

// orderDateFields are the date fields of an order, in the order they are
// read; orderDates gives where each goes.
var orderDateFields = [...]orderField{fCreatedAt, fPaidAt, fShipDeadline, fShippedAt, fDeliveredAt, fPromisedBy, fDisputeOpenedAt, fCancelledAt}

// orderDates returns where each field of orderDateFields goes in o.
func orderDates(o *Order) [len(orderDateFields)]*time.Time {
	return [...]*time.Time{&o.CreatedAt, &o.PaidAt, &o.Deadline, &o.ShippedAt, &o.DeliveredAt, &o.PromisedBy, &o.DisputeOpenedAt, &o.CancelledAt}
}

var dateLabels = map[string]string{
	"created_at": i18n.N("order time"), "paid_at": i18n.N("payment time"), "ship_deadline": i18n.N("shipping deadline"),
	"shipped_at": i18n.N("shipping time"), "delivered_at": i18n.N("delivery time"), "promised_by": i18n.N("promised delivery date"),
	"dispute_opened_at": i18n.N("dispute time"), "cancelled_at": i18n.N("cancellation time"),
}

// newOrder reads the first row of an order into o.
func (r *OrderReader) newOrder(o *Order, w *orderRow) {
	w.list = &o.Problems
	s, i := w.cell(fOrderID)
	o.ID = normID(s)
	if o.ID == "" {
		w.missing("order_id", i, w.tr.T("the order number is empty; the row cannot be matched to an order, so it is left out of the metrics"))
	}
	o.Items = r.readItems(w)
	r.read(o, w, false)
	if o.CreatedAt.IsZero() && o.PaidAt.IsZero() && !hasProblem(o, "created_at", "paid_at") {
		name := "paid_at"
		if !r.cols.Has(name) {
			name = "created_at"
		}
		w.missing(name, r.cols.Index(name), w.tr.T("the order has neither an order time nor a payment time; its shipping deadline and metrics cannot be computed"))
	}
}

func hasProblem(o *Order, names ...string) bool {
	for _, p := range o.Problems {
		if slices.Contains(names, p.Name) {
			return true
		}
	}
	return false
}

// read reads the order-level cells of w into o. With onlyEmpty (a line-item
// row), it fills only the fields the order's first rows left empty (Shopify
// writes them on the first row only; other exports repeat them), and the
// cells are not checked again.
func (r *OrderReader) read(o *Order, w *orderRow, onlyEmpty bool) {
	for _, i := range w.badUTF8 {
		if name := readField(w.cols, i); name != "" {
			w.bad(name, i, strings.ToValidUTF8(w.cells[i], "\uFFFD"), w.tr.T(InvalidUTF8Msg))
		}
	}
	dsts := orderDates(o)
	for k, f := range orderDateFields {
		dst := dsts[k]
		if onlyEmpty && !dst.IsZero() {
			continue
		}
		s, i := w.cell(f)
		if i < 0 || isEmpty(s) {
			continue
		}
		t, ok := orderTime(s)
		if !ok {
			if !onlyEmpty {
				name := orderFieldNames[f]
				w.bad(name, i, s, w.tr.Sprintf("the %s %q cannot be read as a date; write it as 2024-05-31 14:00", w.tr.T(dateLabels[name]), shortValue(s)))
			}
			continue
		}
		*dst = t
	}
	if s, i := w.cell(fStatus); i >= 0 && !isEmpty(s) && (!onlyEmpty || o.StatusRaw == "") {
		v := r.word(fStatus, s)
		o.StatusRaw = v.text
		if !v.ok && !onlyEmpty {
			w.bad("status", i, s, w.tr.Sprintf("the order status %q is not one aecheck knows; use the export's own status words, or add the word to the rules file", shortValue(s)))
		}
		o.Status = v.status
	}
	if s, i := w.cell(fFulfillment); i >= 0 && !isEmpty(s) {
		// Shopify splits the status in two: Financial Status (paid,
		// refunded...) and Fulfillment Status (fulfilled, partial...).
		v := r.word(fFulfillment, s)
		switch sent, ok := v.sent, v.ok; {
		case !ok:
			if !onlyEmpty {
				w.bad("fulfillment_status", i, s, w.tr.Sprintf("the fulfilment status %q is not one aecheck knows (fulfilled, partial, unfulfilled...)", shortValue(s)))
			}
		case sent:
			switch o.Status {
			case StatusUnknown, StatusAwaitingPayment, StatusAwaitingShipment, StatusPaymentProcessing:
				o.Status = StatusShipped
			}
		}
	}
	if o.Status == StatusAwaitingShipment && !o.ShippedAt.IsZero() {
		o.Status = StatusShipped
	}
	if s, i := w.cell(fCancelledAt); i >= 0 && !isEmpty(s) {
		// A cancellation time ends the order, whatever the other status
		// columns say (even when the time itself cannot be read).
		o.Status = StatusCancelled
	}
	money := func(f orderField, dst *float64, has *bool) {
		if onlyEmpty && *has {
			return
		}
		name := orderFieldNames[f]
		s, i := w.cell(f)
		if i < 0 || isEmpty(s) {
			return
		}
		v, ok := ParsePrice(s)
		if !ok || v < 0 {
			if !onlyEmpty {
				w.bad(name, i, s, w.tr.Sprintf("the amount %q cannot be read as a number", shortValue(s)))
			}
			return
		}
		*dst, *has = v, true
	}
	money(fOrderTotal, &o.Total, &o.HasTotal)
	money(fRefundAmount, &o.RefundAmount, &o.HasRefund)
	if s, i := w.cell(fCarrierTracking); i >= 0 && !isEmpty(s) && o.Carrier == "" {
		o.Carrier, o.Tracking = splitCarrierTracking(s)
	}
	text := func(f orderField, dst *string) {
		if s, i := w.cell(f); i >= 0 && *dst == "" && !isEmpty(s) {
			*dst = orderText(s)
		}
	}
	text(fCarrier, &o.Carrier)
	if s, i := w.cell(fTracking); i >= 0 && !isEmpty(s) && o.Tracking == "" {
		o.Tracking = normID(s)
	}
	text(fCancelReason, &o.CancelReason)
	text(fBuyerCountry, &o.BuyerCountry)
	if s, i := w.cell(fPromisedDays); i >= 0 && !isEmpty(s) && o.PromisedDays == 0 {
		d, err := ParseDays(s)
		if err != nil {
			if !onlyEmpty {
				w.bad("promised_days", i, s, w.tr.Sprintf("the promised delivery time %q is not a number of days", shortValue(s)))
			}
		} else {
			o.PromisedDays = d
		}
	}
	if s, i := w.cell(fDisputeType); i >= 0 && o.Dispute == DisputeNone {
		o.Dispute = r.word(fDisputeType, s).dispute
	}
	if s, i := w.cell(fDisputeStatus); i >= 0 && o.DisputeStatus == "" {
		o.DisputeStatus = r.word(fDisputeStatus, s).dstatus
	}
	rating := func(f orderField, dst *int) {
		name := orderFieldNames[f]
		s, i := w.cell(f)
		if i < 0 || isEmpty(s) || *dst != 0 {
			return
		}
		n, ok := ParseInt(s)
		if !ok || n < 0 || n > 5 {
			if !onlyEmpty {
				w.bad(name, i, s, w.tr.Sprintf("the rating %q is not a whole number from 1 to 5", shortValue(s)))
			}
			return
		}
		*dst = int(n)
	}
	rating(fRatingDescription, &o.RatingDescription)
	rating(fRatingCommunication, &o.RatingCommunication)
	rating(fRatingShipping, &o.RatingShipping)
}

// normID is NormalizeID with a fast answer for the ids most exports write:
// ASCII, nothing to trim, no quote, no exponent and no ".0" to drop.
func normID(s string) string {
	n := len(s)
	if n == 0 || s[0] <= ' ' || s[0] >= 0x80 || s[0] == '\'' || s[n-1] <= ' ' || s[n-1] >= 0x80 ||
		n >= 2 && s[n-2] == '.' && s[n-1] == '0' {
		return NormalizeID(s)
	}
	for i := 0; i < n; i++ {
		if c := s[i]; c == 'e' || c == 'E' {
			return NormalizeID(s)
		}
	}
	return s
}

// orderText cleans a text cell: trimmed, at most MaxCell bytes.
func orderText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > MaxCell {
		s = ClipValue(s)
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// shortValue shortens a value quoted in a message.
func shortValue(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
