package readers

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
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
	cur     *Order
	curRows int
	curCont int
	curBlnk int

	batch *Batch
	err   error
	done  bool
	notes []string
}

type heldRow struct {
	cells []string
	pos   Pos
	cols  *Columns
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
	if !c.Has("created_at") && !c.Has("paid_at") {
		return &InputError{Pos: Pos{File: c.File, Sheet: c.Sheet, Row: c.HeaderRow},
			Msg: "the order export has no order time or payment time column, so no deadline or metric can be computed; " +
				"export the orders with the \"Order Time\" (下单时间) or \"Payment Time\" (付款时间) column, or name the column with --map created_at=HEADER"}
	}
	var dropped []string
	for _, f := range OrderFields {
		if !isPersonalField(f.Name) {
			continue
		}
		for _, i := range c.Fields[f.Name] {
			if i < len(c.Header) {
				dropped = append(dropped, fmt.Sprintf("%q", c.Header[i]))
			}
		}
	}
	if len(dropped) > 0 {
		slices.Sort(dropped)
		where := c.File
		if c.Sheet != "" {
			where += " [" + c.Sheet + "]"
		}
		r.notes = append(r.notes, fmt.Sprintf("%s: personal data columns ignored, never copied to any report: %s", where, strings.Join(dropped, ", ")))
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
	if r.cur != nil || r.curBlnk > 0 {
		b.Cols = r.curCols
	}
	for len(b.Orders) < r.opt.BatchSize {
		var cells []string
		var pos Pos
		if r.held != nil {
			cells, pos, r.cols = r.held.cells, r.held.pos, r.held.cols
			r.held = nil
		} else if r.t.Next() {
			cells, pos, r.cols = r.t.Cells(), r.t.Pos(), r.t.Columns()
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
			r.held = &heldRow{cells: slices.Clone(cells), pos: pos, cols: r.cols}
			break
		}
		b.Cols = r.cols
		r.curCols = r.cols
		if blankRow(cells) {
			r.curBlnk++
			continue
		}
		r.addRow(b, cells, pos)
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
	if r.cur != nil {
		b.Orders = append(b.Orders, *r.cur)
		r.cur = nil
	}
	b.Rows += r.curRows + r.curBlnk
	b.Continuation += r.curCont
	b.Blank += r.curBlnk
	r.curRows, r.curCont, r.curBlnk = 0, 0, 0
}

// orderRow is one non-blank row being read.
type orderRow struct {
	cols  *Columns
	cells []string
	pos   Pos
	list  *[]Problem
}

func (w orderRow) cell(name string) (string, int) {
	i := w.cols.Index(name)
	if i < 0 || i >= len(w.cells) {
		return "", i
	}
	return w.cells[i], i
}

func (w orderRow) at(i int) Pos {
	p := w.pos
	p.Col = i + 1
	if i < len(w.cols.Header) {
		p.Field = w.cols.Header[i]
	}
	return p
}

func (w orderRow) missing(name string, i int, msg string) {
	*w.list = append(*w.list, Problem{Check: "missing-field", Pos: w.at(i), Name: name, Msg: msg})
}

func (w orderRow) bad(name string, i int, value, msg string) {
	*w.list = append(*w.list, Problem{Check: "bad-value", Pos: w.at(i), Name: name, Value: clipOrderValue(value), Msg: msg})
}

// addRow adds a non-blank row: a line item of the order being built, or a
// new order.
func (r *OrderReader) addRow(b *Batch, cells []string, pos Pos) {
	w := orderRow{cols: r.cols, cells: cells, pos: pos}
	id, _ := w.cell("order_id")
	id = NormalizeID(id)
	if r.cur != nil && id != "" && id == r.cur.ID && r.cur.Cols == r.cols {
		w.list = &r.cur.Problems
		r.cur.Items = append(r.cur.Items, r.items(w)...)
		r.fillFrom(w)
		r.curRows++
		r.curCont++
		return
	}
	r.flush(b)
	r.cur = r.newOrder(w)
	r.curRows = 1
}

// items reads the products of a row: the AliExpress product cell, or the
// product id, SKU, title and quantity columns of a line item.
func (r *OrderReader) items(w orderRow) []Item {
	if s, i := w.cell("product_info"); i >= 0 && strings.TrimSpace(s) != "" {
		if len(s) > MaxCell {
			w.bad("product_info", i, s, "the product cell is too large to be real; the file is probably damaged")
			return nil
		}
		return ParseProductCell(s)
	}
	it := Item{Quantity: 1}
	has := false
	if s, i := w.cell("product_id"); i >= 0 && !IsEmptyValue(s) {
		it.ProductID, has = NormalizeID(s), true
	}
	if s, i := w.cell("sku"); i >= 0 && !IsEmptyValue(s) {
		it.SKU, has = NormalizeID(s), true
	}
	if s, i := w.cell("item_title"); i >= 0 && !IsEmptyValue(s) {
		it.Title, has = orderText(s), true
	}
	if s, i := w.cell("quantity"); i >= 0 && !IsEmptyValue(s) {
		n, ok := ParseInt(s)
		if !ok || n < 0 || n > 1_000_000_000 {
			w.bad("quantity", i, s, fmt.Sprintf("the quantity %q is not a whole number of items", shortValue(s)))
		} else {
			it.Quantity = int(n)
		}
		has = true
	}
	if !has {
		return nil
	}
	return []Item{it}
}

// orderDates lists the date fields of an order and where they go.
func orderDates(o *Order) []struct {
	name string
	dst  *time.Time
} {
	return []struct {
		name string
		dst  *time.Time
	}{
		{"created_at", &o.CreatedAt}, {"paid_at", &o.PaidAt}, {"ship_deadline", &o.Deadline}, {"shipped_at", &o.ShippedAt},
		{"delivered_at", &o.DeliveredAt}, {"promised_by", &o.PromisedBy}, {"dispute_opened_at", &o.DisputeOpenedAt},
		{"cancelled_at", &o.CancelledAt},
	}
}

var dateLabels = map[string]string{
	"created_at": "order time", "paid_at": "payment time", "ship_deadline": "shipping deadline", "shipped_at": "shipping time",
	"delivered_at": "delivery time", "promised_by": "promised delivery date", "dispute_opened_at": "dispute time",
	"cancelled_at": "cancellation time",
}

// newOrder reads the first row of an order.
func (r *OrderReader) newOrder(w orderRow) *Order {
	o := &Order{Pos: w.pos, Cols: r.cols, Shop: r.opt.Shop}
	w.list = &o.Problems
	s, i := w.cell("order_id")
	o.ID = NormalizeID(s)
	if o.ID == "" {
		w.missing("order_id", i, "the order number is empty; the row cannot be matched to an order, so it is left out of the metrics")
	}
	o.Items = r.items(w)
	r.read(o, w, false)
	if o.CreatedAt.IsZero() && o.PaidAt.IsZero() && !hasProblem(o, "created_at", "paid_at") {
		name := "paid_at"
		if !r.cols.Has(name) {
			name = "created_at"
		}
		w.missing(name, r.cols.Index(name), "the order has neither an order time nor a payment time; its shipping deadline and metrics cannot be computed")
	}
	return o
}

func hasProblem(o *Order, names ...string) bool {
	for _, p := range o.Problems {
		if slices.Contains(names, p.Name) {
			return true
		}
	}
	return false
}

// fillFrom reads the order fields of a line-item row into the fields the
// order's first row left empty (Shopify writes them on the first row only;
// other exports repeat them).
func (r *OrderReader) fillFrom(w orderRow) {
	r.read(r.cur, w, true)
}

// read reads the order-level cells of w into o. With onlyEmpty, fields that
// already have a value are left alone and their cells not checked again.
func (r *OrderReader) read(o *Order, w orderRow, onlyEmpty bool) {
	for _, d := range orderDates(o) {
		if onlyEmpty && !d.dst.IsZero() {
			continue
		}
		s, i := w.cell(d.name)
		if i < 0 || IsEmptyValue(s) {
			continue
		}
		t, ok := ParseTime(s)
		if !ok {
			if !onlyEmpty {
				w.bad(d.name, i, s, fmt.Sprintf("the %s %q cannot be read as a date; write it as 2024-05-31 14:00", dateLabels[d.name], shortValue(s)))
			}
			continue
		}
		*d.dst = t
	}
	if s, i := w.cell("status"); i >= 0 && !IsEmptyValue(s) && (!onlyEmpty || o.StatusRaw == "") {
		o.StatusRaw = orderText(s)
		st, ok := ParseStatus(s)
		if !ok && !onlyEmpty {
			w.bad("status", i, s, fmt.Sprintf("the order status %q is not one aecheck knows; use the export's own status words, or add the word to the rules file", shortValue(s)))
		}
		o.Status = st
	}
	if s, i := w.cell("fulfillment_status"); i >= 0 && !IsEmptyValue(s) {
		// Shopify splits the status in two: Financial Status (paid,
		// refunded...) and Fulfillment Status (fulfilled, partial...).
		switch sent, ok := parseFulfillment(s); {
		case !ok:
			if !onlyEmpty {
				w.bad("fulfillment_status", i, s, fmt.Sprintf("the fulfilment status %q is not one aecheck knows (fulfilled, partial, unfulfilled...)", shortValue(s)))
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
	if s, i := w.cell("cancelled_at"); i >= 0 && !IsEmptyValue(s) {
		// A cancellation time ends the order, whatever the other status
		// columns say (even when the time itself cannot be read).
		o.Status = StatusCancelled
	}
	money := func(name string, dst *float64, has *bool) {
		if onlyEmpty && *has {
			return
		}
		s, i := w.cell(name)
		if i < 0 || IsEmptyValue(s) {
			return
		}
		v, ok := ParsePrice(s)
		if !ok || v < 0 {
			if !onlyEmpty {
				w.bad(name, i, s, fmt.Sprintf("the amount %q cannot be read as a number", shortValue(s)))
			}
			return
		}
		*dst, *has = v, true
	}
	money("order_total", &o.Total, &o.HasTotal)
	money("refund_amount", &o.RefundAmount, &o.HasRefund)
	if s, i := w.cell("carrier_tracking"); i >= 0 && !IsEmptyValue(s) && o.Carrier == "" {
		o.Carrier, o.Tracking = splitCarrierTracking(s)
	}
	text := func(name string, dst *string) {
		if s, i := w.cell(name); i >= 0 && !IsEmptyValue(s) && *dst == "" {
			*dst = orderText(s)
		}
	}
	text("carrier", &o.Carrier)
	if s, i := w.cell("tracking"); i >= 0 && !IsEmptyValue(s) && o.Tracking == "" {
		o.Tracking = NormalizeID(s)
	}
	text("cancel_reason", &o.CancelReason)
	text("buyer_country", &o.BuyerCountry)
	if s, i := w.cell("promised_days"); i >= 0 && !IsEmptyValue(s) && o.PromisedDays == 0 {
		d, err := ParseDays(s)
		if err != nil {
			if !onlyEmpty {
				w.bad("promised_days", i, s, fmt.Sprintf("the promised delivery time %q is not a number of days", shortValue(s)))
			}
		} else {
			o.PromisedDays = d
		}
	}
	if s, i := w.cell("dispute_type"); i >= 0 && o.Dispute == DisputeNone {
		o.Dispute = ParseDispute(s)
	}
	if s, i := w.cell("dispute_status"); i >= 0 && o.DisputeStatus == "" {
		o.DisputeStatus = parseDisputeStatus(s)
	}
	rating := func(name string, dst *int) {
		s, i := w.cell(name)
		if i < 0 || IsEmptyValue(s) || *dst != 0 {
			return
		}
		n, ok := ParseInt(s)
		if !ok || n < 0 || n > 5 {
			if !onlyEmpty {
				w.bad(name, i, s, fmt.Sprintf("the rating %q is not a whole number from 1 to 5", shortValue(s)))
			}
			return
		}
		*dst = int(n)
	}
	rating("rating_description", &o.RatingDescription)
	rating("rating_communication", &o.RatingCommunication)
	rating("rating_shipping", &o.RatingShipping)
}

// orderText cleans a text cell: trimmed, at most MaxCell bytes.
func orderText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > MaxCell {
		s = clipOrderValue(s)
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// clipOrderValue keeps a raw value short enough for a report.
func clipOrderValue(s string) string {
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

// shortValue shortens a value quoted in a message.
func shortValue(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
