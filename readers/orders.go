package readers

import (
	"io"
	"slices"
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
