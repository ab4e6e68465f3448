package checks

import (
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// OrderKind is the Finding.Kind of order findings.
const OrderKind = "order"

// stampLayout is how findings print instants for the seller.
const stampLayout = "2006-01-02 15:04"

// orderReaderFix is the fix text of the reader findings on orders.
var orderReaderFix = map[string]string{
	"missing-field": i18n.N("Fill in this cell in the order export (export the orders again from Seller Center if it is empty there too)."),
	"bad-value":     i18n.N("Correct this cell: it must hold a value of the kind its column expects (a date, an amount, a known status word)."),
}

// OrderRunner produces the order findings (docs/orders.md) for the
// orders of one run, anchored on an as-of instant. Orders may be called
// concurrently from several goroutines; Finish is called once, after the last
// Orders call, and returns the findings that need the whole input
// (order-suspicious).
type OrderRunner struct {
	asOf  time.Time
	rules OrderRules
	sev   map[string]Severity // enabled checks and their severity
	tr    *i18n.Printer       // the language of the findings

	mu  sync.Mutex
	sus *susStore // what order-suspicious keeps of each order
}

// NewOrderRunner returns a runner for the rules r (nil: defaults) anchored on
// asOf.
func NewOrderRunner(r *Rules, asOf time.Time) *OrderRunner {
	x := &OrderRunner{asOf: asOf, sev: map[string]Severity{}, sus: newSusStore()}
	var or *OrderRules
	if r != nil {
		or = &r.Orders
	}
	x.rules = orderSettings(or)
	if r != nil {
		x.tr = i18n.For(r.Language)
	}
	for _, c := range orderChecks {
		if r == nil {
			if !c.Off {
				x.sev[c.ID] = c.Severity
			}
			continue
		}
		if r.Enabled(c.ID) {
			x.sev[c.ID] = r.SeverityOf(c.ID)
		}
	}
	for _, id := range []string{"missing-field", "bad-value"} {
		if r == nil {
			x.sev[id] = Error
		} else if r.Enabled(id) {
			x.sev[id] = r.SeverityOf(id)
		}
	}
	return x
}

// Orders returns the findings on a batch of orders, sorted by position:
// overdue and soon-due shipments, disputes waiting for an answer, and the
// cells the reader could not use. It remembers what order-suspicious needs.
// It may be called concurrently.
func (x *OrderRunner) Orders(os []readers.Order) []Finding {
	var out []Finding
	for i := range os {
		out = x.order(out, &os[i])
	}
	if _, susOn := x.sev[OrderSuspicious.ID]; susOn && len(os) > 0 {
		x.mu.Lock()
		for i := range os {
			x.sus.add(&os[i])
		}
		x.mu.Unlock()
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return cmpOrderFinding(&a, &b) })
	return out
}

func cmpOrderFinding(a, b *Finding) int {
	if a.Less(b) {
		return -1
	}
	if b.Less(a) {
		return 1
	}
	return 0
}

func (x *OrderRunner) finding(c *Check, o *readers.Order, at readers.Pos, value, msg string) (Finding, bool) {
	sev, on := x.sev[c.ID]
	if !on {
		return Finding{}, false
	}
	return Finding{Check: c.ID, Severity: sev, Kind: OrderKind, Pos: at, Shop: o.Shop, Entity: o.ID,
		Value: readers.ClipValue(value), Message: msg, Fix: x.tr.T(c.Fix)}, true
}

// order appends the findings on one order to out.
func (x *OrderRunner) order(out []Finding, o *readers.Order) []Finding {
	for _, p := range o.Problems {
		sev, on := x.sev[p.Check]
		if !on {
			continue
		}
		out = append(out, Finding{Check: p.Check, Severity: sev, Kind: OrderKind, Pos: p.Pos, Shop: o.Shop,
			Entity: o.ID, Value: readers.ClipValue(p.Value), Message: p.Msg, Fix: x.tr.T(orderReaderFix[p.Check])})
	}
	if f, ok := x.missingTime(o); ok {
		out = append(out, f)
	}
	if f, ok := x.shipping(o); ok {
		out = append(out, f)
	}
	if f, ok := x.dispute(o); ok {
		out = append(out, f)
	}
	return out
}

// missingTime reports an order with neither an order time nor a payment
// time (one of them is required, docs/orders.md), unless the reader
// already reported one of those cells.
func (x *OrderRunner) missingTime(o *readers.Order) (Finding, bool) {
	if !o.CreatedAt.IsZero() || !o.PaidAt.IsZero() {
		return Finding{}, false
	}
	for _, p := range o.Problems {
		if p.Name == "created_at" || p.Name == "paid_at" || (p.Name == "order_id" && p.Check == "missing-field") {
			return Finding{}, false
		}
	}
	sev, on := x.sev["missing-field"]
	if !on {
		return Finding{}, false
	}
	at := o.Cols.At(o.Pos, "paid_at")
	if at.Col == 0 {
		at = o.Cols.At(o.Pos, "created_at")
	}
	return Finding{Check: "missing-field", Severity: sev, Kind: OrderKind, Pos: at, Shop: o.Shop, Entity: o.ID,
		Message: x.tr.T("the order has neither an order time nor a payment time: its deadlines and metrics cannot be computed"),
		Fix:     x.tr.T(orderReaderFix["missing-field"])}, true
}

// awaitingShipment reports whether o is paid, not cancelled and not shipped
// as of the run's instant.
func (x *OrderRunner) awaitingShipment(o *readers.Order) bool {
	if !o.ShippedAt.IsZero() {
		// A shipping time decides, so that an earlier --as-of sees the
		// order as it was then.
		if !o.ShippedAt.After(x.asOf) {
			return false
		}
	} else {
		switch o.Status {
		case readers.StatusShipped, readers.StatusCompleted, readers.StatusInDispute:
			return false
		}
	}
	switch o.Status {
	case readers.StatusCancelled:
		// Cancelled, unless the export says when and that was after as_of.
		if o.CancelledAt.IsZero() || !o.CancelledAt.After(x.asOf) {
			return false
		}
	case readers.StatusAwaitingPayment:
		if o.PaidAt.IsZero() {
			return false
		}
	}
	// The deadline needs a payment time or the export's deadline: either
	// says the order is paid.
	return true
}

// deadlinePos is where a finding about the deadline points: the deadline
// cell when the export has one, else the payment time it was computed from.
func deadlinePos(o *readers.Order) readers.Pos {
	if !o.Deadline.IsZero() {
		return o.Cols.At(o.Pos, "ship_deadline")
	}
	return o.Cols.At(o.Pos, "paid_at")
}

func (x *OrderRunner) shipping(o *readers.Order) (Finding, bool) {
	if !x.awaitingShipment(o) {
		return Finding{}, false
	}
	dl, ok := ShipDeadline(o, &x.rules)
	if !ok {
		return Finding{}, false
	}
	how := i18n.N("computed from the payment time")
	if !o.Deadline.IsZero() {
		how = i18n.N("from the export")
	}
	switch {
	case dl.Before(x.asOf):
		late := x.asOf.Sub(dl)
		return x.finding(OrderShipOverdue, o, deadlinePos(o), dl.Format(stampLayout), x.tr.Sprintf(
			"order %s had to be shipped by %s (%s) and has no tracking number: it is %s late; AliExpress cancels it and counts it as unsent",
			o.ID, dl.Format(stampLayout), x.tr.T(how), durationText(x.tr, late)))
	case !dl.After(x.asOf.Add(time.Duration(x.rules.ShipDueSoonHours) * time.Hour)):
		left := dl.Sub(x.asOf)
		return x.finding(OrderShipDueSoon, o, deadlinePos(o), dl.Format(stampLayout), x.tr.Sprintf(
			"order %s must be shipped by %s (%s), %s from now; it has no tracking number yet",
			o.ID, dl.Format(stampLayout), x.tr.T(how), durationText(x.tr, left)))
	}
	return Finding{}, false
}

// durationText prints a duration for a seller: "5 hours", "2 days".
func durationText(tr *i18n.Printer, d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch h := int(d.Hours()); {
	case h < 1:
		return tr.T("less than an hour")
	case h == 1:
		return tr.T("1 hour")
	case h < 48:
		return tr.Sprintf("%d hours", h)
	default:
		return tr.Sprintf("%d days", h/24)
	}
}

// disputeOpen reports whether o has a dispute that waits for the seller.
func disputeOpen(o *readers.Order) bool {
	if o.Dispute == readers.DisputeNone && o.Status != readers.StatusInDispute {
		return false
	}
	switch strings.ToLower(readers.Trim(o.DisputeStatus)) {
	case "open":
		return true
	case "":
		return o.Status == readers.StatusInDispute
	}
	return false
}

func (x *OrderRunner) dispute(o *readers.Order) (Finding, bool) {
	if !disputeOpen(o) || o.DisputeOpenedAt.IsZero() || o.DisputeOpenedAt.After(x.asOf) {
		return Finding{}, false
	}
	waited := x.asOf.Sub(o.DisputeOpenedAt)
	if waited < time.Duration(x.rules.DisputeResponseDays)*24*time.Hour {
		return Finding{}, false
	}
	limit := o.DisputeOpenedAt.Add(defDisputeLimitDays * 24 * time.Hour)
	kind := i18n.N("a dispute")
	switch o.Dispute {
	case readers.DisputeNR:
		kind = i18n.N("a \"not received\" dispute")
	case readers.DisputeSNAD:
		kind = i18n.N("a \"not as described\" dispute")
	}
	at := o.Cols.At(o.Pos, "dispute_opened_at")
	var msg string
	if limit.After(x.asOf) {
		msg = x.tr.Sprintf("the buyer opened %s on %s and it has had no answer for %s; answer before %s or AliExpress accepts the buyer's proposal",
			x.tr.T(kind), o.DisputeOpenedAt.Format(stampLayout), durationText(x.tr, waited), limit.Format(stampLayout))
	} else {
		msg = x.tr.Sprintf("the buyer opened %s on %s and it has had no answer for %s; the 5-day limit passed on %s, so AliExpress may already have accepted the buyer's proposal",
			x.tr.T(kind), o.DisputeOpenedAt.Format(stampLayout), durationText(x.tr, waited), limit.Format(stampLayout))
	}
	return x.finding(OrderDisputeResponseDue, o, at, o.DisputeOpenedAt.Format(stampLayout), msg)
}

// Finish returns the order-suspicious findings over every order seen, sorted
// by position: orders whose total or quantity is over suspicious_factor
// times the median of the input, when the input has at least
// suspicious_min_orders orders with that value.
func (x *OrderRunner) Finish() []Finding {
	x.mu.Lock()
	sus := x.sus
	x.sus = newSusStore()
	x.mu.Unlock()
	defer sus.free()
	sev, on := x.sev[OrderSuspicious.ID]
	if !on || sus.n == 0 {
		return nil
	}
	minN := x.rules.SuspiciousMinOrders
	factor := x.rules.SuspiciousFactor
	mTotal, okTotal := sus.median(susTotals, minN)
	mQty, okQty := sus.median(susQtys, minN)
	var out []Finding
	for i := range sus.n {
		total, hasTotal := sus.total(i)
		qty := sus.qty(i)
		bigTotal := okTotal && hasTotal && total > factor*mTotal
		bigQty := okQty && qty > 0 && float64(qty) > factor*mQty
		if !bigTotal && !bigQty {
			continue
		}
		r := sus.record(i)
		pos, t, id := r.pos, r.table, r.id
		var parts []string
		var at readers.Pos
		var value string
		if bigTotal {
			parts = append(parts, x.tr.Sprintf("its amount %s is %.0f times the median order (%s)", moneyText(total), total/mTotal, moneyText(mTotal)))
			at, value = t.cols.At(pos, "order_total"), moneyText(total)
		}
		if bigQty {
			parts = append(parts, x.tr.Sprintf("its quantity %d is %.0f times the median quantity (%s)", qty, float64(qty)/mQty, orderFloat(mQty)))
			if value == "" {
				at, value = t.cols.At(pos, "quantity"), fmt.Sprint(qty)
			}
		}
		out = append(out, Finding{Check: OrderSuspicious.ID, Severity: sev, Kind: OrderKind, Pos: at, Shop: t.shop,
			Entity: id, Value: value, Fix: x.tr.T(OrderSuspicious.Fix),
			Message: x.tr.Sprintf("order %s is unusually large: %s; confirm it with the buyer before shipping", id, strings.Join(parts, x.tr.T(" and ")))})
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return cmpOrderFinding(&a, &b) })
	if sus.n >= susCollectAt {
		// The store was the largest thing the run kept (20 bytes an
		// order); collect it now, before the metrics rows are built, so
		// the heap does not hold both.
		sus = nil
		runtime.GC()
	}
	return out
}

// susCollectAt is the store size from which Finish collects it at once.
const susCollectAt = 200_000

func moneyText(v float64) string { return fmt.Sprintf("%.2f", v) }

func orderFloat(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}
