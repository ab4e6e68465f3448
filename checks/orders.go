package checks

import (
	"fmt"
	"math"
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
	"missing-field": "Fill in this cell in the order export (export the orders again from Seller Center if it is empty there too).",
	"bad-value":     "Correct this cell: it must hold a value of the kind its column expects (a date, an amount, a known status word).",
}

// OrderRunner produces the order findings of DOMAIN.md section 3 for the
// orders of one run, anchored on an as-of instant. Orders may be called
// concurrently from several goroutines; Finish is called once, after the last
// Orders call, and returns the findings that need the whole input
// (order-suspicious).
type OrderRunner struct {
	asOf  time.Time
	rules OrderRules
	sev   map[string]Severity // enabled checks and their severity

	mu  sync.Mutex
	sus []susRecord
}

// susRecord is what order-suspicious keeps of each order: a few numbers and
// the order's position, not the order.
type susRecord struct {
	pos      readers.Pos
	cols     *readers.Columns
	shop, id string
	total    float64
	hasTotal bool
	qty      int64
}

// NewOrderRunner returns a runner for the rules r (nil: defaults) anchored on
// asOf.
func NewOrderRunner(r *Rules, asOf time.Time) *OrderRunner {
	x := &OrderRunner{asOf: asOf, sev: map[string]Severity{}}
	var or *OrderRules
	if r != nil {
		or = &r.Orders
	}
	x.rules = orderSettings(or)
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
	var recs []susRecord
	_, susOn := x.sev[OrderSuspicious.ID]
	for i := range os {
		o := &os[i]
		out = x.order(out, o)
		if susOn {
			recs = append(recs, susRecordOf(o))
		}
	}
	if len(recs) > 0 {
		x.mu.Lock()
		x.sus = append(x.sus, recs...)
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

func susRecordOf(o *readers.Order) susRecord {
	r := susRecord{pos: o.Pos, cols: o.Cols, shop: o.Shop, id: o.ID, total: o.Total, hasTotal: o.HasTotal}
	for _, it := range o.Items {
		if it.Quantity > 0 {
			r.qty += int64(it.Quantity)
		}
	}
	return r
}

func (x *OrderRunner) finding(c *Check, o *readers.Order, at readers.Pos, value, msg string) (Finding, bool) {
	sev, on := x.sev[c.ID]
	if !on {
		return Finding{}, false
	}
	return Finding{Check: c.ID, Severity: sev, Kind: OrderKind, Pos: at, Shop: o.Shop, Entity: o.ID,
		Value: clip(value), Message: msg, Fix: c.Fix}, true
}

// order appends the findings on one order to out.
func (x *OrderRunner) order(out []Finding, o *readers.Order) []Finding {
	for _, p := range o.Problems {
		sev, on := x.sev[p.Check]
		if !on {
			continue
		}
		out = append(out, Finding{Check: p.Check, Severity: sev, Kind: OrderKind, Pos: p.Pos, Shop: o.Shop,
			Entity: o.ID, Value: clip(p.Value), Message: p.Msg, Fix: orderReaderFix[p.Check]})
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
// time (DOMAIN.md section 3: one of them is required), unless the reader
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
		Message: "the order has neither an order time nor a payment time: its deadlines and metrics cannot be computed",
		Fix:     orderReaderFix["missing-field"]}, true
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
	how := "computed from the payment time"
	if !o.Deadline.IsZero() {
		how = "from the export"
	}
	switch {
	case dl.Before(x.asOf):
		late := x.asOf.Sub(dl)
		return x.finding(OrderShipOverdue, o, deadlinePos(o), dl.Format(stampLayout), fmt.Sprintf(
			"order %s had to be shipped by %s (%s) and has no tracking number: it is %s late; AliExpress cancels it and counts it as unsent",
			o.ID, dl.Format(stampLayout), how, durationText(late)))
	case !dl.After(x.asOf.Add(time.Duration(x.rules.ShipDueSoonHours) * time.Hour)):
		left := dl.Sub(x.asOf)
		return x.finding(OrderShipDueSoon, o, deadlinePos(o), dl.Format(stampLayout), fmt.Sprintf(
			"order %s must be shipped by %s (%s), %s from now; it has no tracking number yet",
			o.ID, dl.Format(stampLayout), how, durationText(left)))
	}
	return Finding{}, false
}

// durationText prints a duration for a seller: "5 hours", "2 days".
func durationText(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch h := int(d.Hours()); {
	case h < 1:
		return "less than an hour"
	case h == 1:
		return "1 hour"
	case h < 48:
		return fmt.Sprintf("%d hours", h)
	default:
		return fmt.Sprintf("%d days", h/24)
	}
}

// disputeOpen reports whether o has a dispute that waits for the seller.
func disputeOpen(o *readers.Order) bool {
	if o.Dispute == readers.DisputeNone && o.Status != readers.StatusInDispute {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(o.DisputeStatus)) {
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
	kind := "a dispute"
	switch o.Dispute {
	case readers.DisputeNR:
		kind = "a \"not received\" dispute"
	case readers.DisputeSNAD:
		kind = "a \"not as described\" dispute"
	}
	at := o.Cols.At(o.Pos, "dispute_opened_at")
	var msg string
	if limit.After(x.asOf) {
		msg = fmt.Sprintf("the buyer opened %s on %s and it has had no answer for %s; answer before %s or AliExpress accepts the buyer's proposal",
			kind, o.DisputeOpenedAt.Format(stampLayout), durationText(waited), limit.Format(stampLayout))
	} else {
		msg = fmt.Sprintf("the buyer opened %s on %s and it has had no answer for %s; the 5-day limit passed on %s, so AliExpress may already have accepted the buyer's proposal",
			kind, o.DisputeOpenedAt.Format(stampLayout), durationText(waited), limit.Format(stampLayout))
	}
	return x.finding(OrderDisputeResponseDue, o, at, o.DisputeOpenedAt.Format(stampLayout), msg)
}

// Finish returns the order-suspicious findings over every order seen, sorted
// by position: orders whose total or quantity is over suspicious_factor
// times the median of the input, when the input has at least
// suspicious_min_orders orders with that value.
func (x *OrderRunner) Finish() []Finding {
	x.mu.Lock()
	recs := x.sus
	x.sus = nil
	x.mu.Unlock()
	sev, on := x.sev[OrderSuspicious.ID]
	if !on {
		return nil
	}
	var totals []float64
	var qtys []float64
	for i := range recs {
		if recs[i].hasTotal {
			totals = append(totals, recs[i].total)
		}
		if recs[i].qty > 0 {
			qtys = append(qtys, float64(recs[i].qty))
		}
	}
	minN := x.rules.SuspiciousMinOrders
	factor := x.rules.SuspiciousFactor
	mTotal, okTotal := orderMedian(totals, minN)
	mQty, okQty := orderMedian(qtys, minN)
	var out []Finding
	for i := range recs {
		r := &recs[i]
		var parts []string
		var at readers.Pos
		var value string
		if okTotal && r.hasTotal && r.total > factor*mTotal {
			parts = append(parts, fmt.Sprintf("its amount %s is %.0f times the median order (%s)", moneyText(r.total), r.total/mTotal, moneyText(mTotal)))
			at, value = r.cols.At(r.pos, "order_total"), moneyText(r.total)
		}
		if okQty && r.qty > 0 && float64(r.qty) > factor*mQty {
			parts = append(parts, fmt.Sprintf("its quantity %d is %.0f times the median quantity (%s)", r.qty, float64(r.qty)/mQty, orderFloat(mQty)))
			if value == "" {
				at, value = r.cols.At(r.pos, "quantity"), fmt.Sprint(r.qty)
			}
		}
		if len(parts) == 0 {
			continue
		}
		out = append(out, Finding{Check: OrderSuspicious.ID, Severity: sev, Kind: OrderKind, Pos: at, Shop: r.shop,
			Entity: r.id, Value: value, Fix: OrderSuspicious.Fix,
			Message: "order " + r.id + " is unusually large: " + strings.Join(parts, " and ") + "; confirm it with the buyer before shipping"})
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return cmpOrderFinding(&a, &b) })
	return out
}

// orderMedian returns the median of vs (the mean of the two middle values for an
// even count), and false when vs has fewer than minN values or the median is
// not positive.
func orderMedian(vs []float64, minN int) (float64, bool) {
	if len(vs) == 0 || len(vs) < minN {
		return 0, false
	}
	slices.Sort(vs)
	n := len(vs)
	m := vs[n/2]
	if n%2 == 0 {
		m = (vs[n/2-1] + vs[n/2]) / 2
	}
	return m, m > 0
}

func moneyText(v float64) string { return fmt.Sprintf("%.2f", v) }

func orderFloat(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}
