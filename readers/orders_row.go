package readers

import (
	"slices"
	"strings"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
)

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
			w.bad("quantity", i, s, w.tr.Sprintf("the quantity %q is not a whole number of items", short(s)))
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
				w.bad(name, i, s, w.tr.Sprintf("the %s %q cannot be read as a date; write it as 2024-05-31 14:00", w.tr.T(dateLabels[name]), short(s)))
			}
			continue
		}
		*dst = t
	}
	if s, i := w.cell(fStatus); i >= 0 && !isEmpty(s) && (!onlyEmpty || o.StatusRaw == "") {
		v := r.word(fStatus, s)
		o.StatusRaw = v.text
		if !v.ok && !onlyEmpty {
			w.bad("status", i, s, w.tr.Sprintf("the order status %q is not one aecheck knows; use the export's own status words, or add the word to the rules file", short(s)))
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
				w.bad("fulfillment_status", i, s, w.tr.Sprintf("the fulfilment status %q is not one aecheck knows (fulfilled, partial, unfulfilled...)", short(s)))
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
				w.bad(name, i, s, w.tr.Sprintf("the amount %q cannot be read as a number", short(s)))
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
				w.bad("promised_days", i, s, w.tr.Sprintf("the promised delivery time %q is not a number of days", short(s)))
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
				w.bad(name, i, s, w.tr.Sprintf("the rating %q is not a whole number from 1 to 5", short(s)))
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
