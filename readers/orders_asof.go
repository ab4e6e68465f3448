package readers

import (
	"io"
	"time"
)

// LatestTimestamp returns the latest instant at which something happened to
// o: placed, paid, shipped, delivered, dispute opened or cancelled. Deadlines and
// promised delivery dates are left out: they are promises about the future,
// not events, and would move the default as-of instant past the end of the
// data. The default as-of instant of a run is the maximum of LatestTimestamp
// over every order of the input (docs/orders.md); zero when o has no
// time at all.
func LatestTimestamp(o *Order) time.Time {
	var t time.Time
	for _, v := range [...]time.Time{o.CreatedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.DisputeOpenedAt, o.CancelledAt} {
		if v.After(t) {
			t = v
		}
	}
	return t
}

// LatestOf returns the maximum of LatestTimestamp over os, or t when that is
// later: fold it over the batches of a run to find the default as-of instant.
func LatestOf(t time.Time, os []Order) time.Time {
	for i := range os {
		if v := LatestTimestamp(&os[i]); v.After(t) {
			t = v
		}
	}
	return t
}

// eventFields are the fields LatestTimestamp looks at.
var eventFields = [...]orderField{fCreatedAt, fPaidAt, fShippedAt, fDeliveredAt, fDisputeOpenedAt, fCancelledAt}

// LatestTimestampOf returns the default as-of instant of one order export:
// the maximum of LatestTimestamp over its orders, the same instant as
// folding LatestOf over the batches of OpenOrders, for a fraction of the
// cost: it reads only the order id and the event-time cells of each row,
// and builds no Order. Rows are folded into orders as OrderReader folds
// them (a line item fills only the times its order's first rows left
// empty), so a line item's differing time counts exactly when it counts
// for the OrderReader.
//
// The errors are those of OpenOrders (the file cannot be read, it has no
// header, no order id column, no order time nor payment time column), and
// of reading a later row or table; with a reading error, the result is the
// latest instant of the rows before it (which may include a few orders an
// OrderReader would have dropped with the batch that stopped). The result
// is zero when no order has a time.
func LatestTimestampOf(path string, in io.Reader, opt Options) (time.Time, error) {
	t, err := OpenTable(path, in, OrderFields, opt)
	if err != nil {
		return time.Time{}, err
	}
	defer t.Close()
	var (
		latest time.Time
		cols   *Columns
		ix     orderIndex
		cur    struct {
			ok    bool
			id    string
			times [len(eventFields)]time.Time
		}
	)
	flush := func() {
		if !cur.ok {
			return
		}
		for _, v := range cur.times {
			if v.After(latest) {
				latest = v
			}
		}
		cur.ok = false
	}
	cols = t.Columns()
	if err := checkOrderTimes(cols); err != nil {
		return time.Time{}, err
	}
	ix = newOrderIndex(cols)
	for t.Next() {
		if c := t.Columns(); c != cols {
			// A new table: its rows never continue an order of the last.
			flush()
			if err := checkOrderTimes(c); err != nil {
				return latest, err
			}
			cols, ix = c, newOrderIndex(c)
		}
		w := orderRow{cols: cols, ix: &ix, cells: t.Cells()}
		if blankRow(w.cells) {
			continue
		}
		id, _ := w.cell(fOrderID)
		id = normID(id)
		cont := cur.ok && id != "" && id == cur.id
		if !cont {
			flush()
			cur.ok, cur.id, cur.times = true, id, [len(eventFields)]time.Time{}
		}
		for k, f := range eventFields {
			if !cur.times[k].IsZero() {
				continue
			}
			s, i := w.cell(f)
			if i < 0 || IsEmptyValue(s) {
				continue
			}
			if v, ok := orderTime(s); ok {
				cur.times[k] = v
			}
		}
	}
	flush()
	return latest, t.Err()
}
