package checks

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// OrderKind is the Finding.Kind of order findings.
const OrderKind = "order"

// stampLayout is how findings print instants for the seller.
const stampLayout = "2006-01-02 15:04"

// orderReaderFix is the fix text of the reader findings on orders.
var orderReaderFix = map[*Check]string{
	MissingField: i18n.N("Fill in this cell in the order export (export the orders again from Seller Center if it is empty there too)."),
	BadValue:     i18n.N("Correct this cell: it must hold a value of the kind its column expects (a date, an amount, a known status word)."),
}

// OrderPass is what an order check sees: the settings, the as-of instant
// and the language of the findings. A check reports through it; the runner
// fills in the check's ID and severity.
type OrderPass struct {
	Rules *OrderRules // every setting at its value or its documented default
	AsOf  time.Time

	check *Check
	sev   Severity
	tr    *i18n.Printer
	out   *[]Finding
	facts *orderFacts // shared by the passes of one Orders call
}

// Report adds a finding on order o at the cell at, with the offending value
// as the file holds it and a message already in the seller's language.
func (p *OrderPass) Report(o *readers.Order, at readers.Pos, value, msg string) {
	p.report(at, o.Shop, o.ID, value, msg)
}

func (p *OrderPass) report(at readers.Pos, shop, entity, value, msg string) {
	*p.out = append(*p.out, Finding{Check: p.check.ID, Severity: p.sev, Kind: OrderKind, Pos: at, Shop: shop,
		Entity: entity, Value: readers.ClipValue(value), Message: msg, Fix: p.tr.T(p.check.Fix)})
}

// OrdersCheck is the state of an order check that needs every order of
// the run (order-suspicious). Add may be called concurrently, once per
// batch; Finish is called once, after the last Add, and reports through
// the pass the state was created with.
type OrdersCheck interface {
	Add(os []readers.Order)
	Finish()
}

// orderFacts are what several order checks read about the current order,
// worked out at most once per order.
type orderFacts struct {
	o        *readers.Order
	done     bool
	deadline time.Time // zero when the order does not await shipment or has no deadline
}

// OrderRunner produces the order findings (docs/orders.md) for the
// orders of one run, anchored on an as-of instant, by running every enabled
// order check. Orders may be called concurrently from several goroutines;
// Finish is called once, after the last Orders call, and returns the
// findings that need the whole input.
type OrderRunner struct {
	asOf  time.Time
	rules OrderRules
	sev   map[string]Severity // enabled checks and their severity
	tr    *i18n.Printer       // the language of the findings

	each  []*Check      // the enabled checks with an Order func, in ID order
	whole []OrdersCheck // the states of the enabled run-wide checks, in ID order
	outs  [][]Finding   // what each run-wide check reported
	mu    sync.Mutex    // guards Finish against a second call
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
	if r != nil {
		x.tr = i18n.For(r.Language)
	}
	var whole []*Check
	for _, c := range All {
		if c.Order == nil && c.NewOrders == nil && orderReaderFix[c] == "" {
			continue
		}
		if r == nil {
			if !c.Off {
				x.sev[c.ID] = c.Severity
			}
		} else if r.Enabled(c.ID) {
			x.sev[c.ID] = r.SeverityOf(c.ID)
		}
		if _, on := x.sev[c.ID]; !on {
			continue
		}
		if c.Order != nil {
			x.each = append(x.each, c)
		}
		if c.NewOrders != nil {
			whole = append(whole, c)
		}
	}
	x.outs = make([][]Finding, len(whole))
	for i, c := range whole {
		x.whole = append(x.whole, c.NewOrders(x.pass(c, &x.outs[i], nil)))
	}
	return x
}

func (x *OrderRunner) pass(c *Check, out *[]Finding, facts *orderFacts) *OrderPass {
	return &OrderPass{Rules: &x.rules, AsOf: x.asOf, check: c, sev: x.sev[c.ID], tr: x.tr, out: out, facts: facts}
}

// Orders returns the findings on a batch of orders, sorted by position:
// what each enabled order check reports on each order, and the cells the
// reader could not use. It hands the batch to the run-wide checks. It may
// be called concurrently.
func (x *OrderRunner) Orders(os []readers.Order) []Finding {
	var out []Finding
	facts := new(orderFacts)
	passes := make([]OrderPass, len(x.each))
	for i, c := range x.each {
		passes[i] = *x.pass(c, &out, facts)
	}
	for i := range os {
		o := &os[i]
		out = x.problems(out, o)
		*facts = orderFacts{o: o}
		for j, c := range x.each {
			c.Order(&passes[j], o)
		}
	}
	if len(os) > 0 {
		for _, w := range x.whole {
			w.Add(os)
		}
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

// problems appends the reader's findings on o to out, and a missing-field
// finding when o has neither an order time nor a payment time.
func (x *OrderRunner) problems(out []Finding, o *readers.Order) []Finding {
	for _, p := range o.Problems {
		sev, on := x.sev[p.Check]
		if !on {
			continue
		}
		out = append(out, Finding{Check: p.Check, Severity: sev, Kind: OrderKind, Pos: p.Pos, Shop: o.Shop,
			Entity: o.ID, Value: readers.ClipValue(p.Value), Message: p.Msg, Fix: x.tr.T(orderReaderFix[Lookup(p.Check)])})
	}
	if f, ok := x.missingTime(o); ok {
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
		if p.Name == "created_at" || p.Name == "paid_at" || (p.Name == "order_id" && p.Check == MissingField.ID) {
			return Finding{}, false
		}
	}
	sev, on := x.sev[MissingField.ID]
	if !on {
		return Finding{}, false
	}
	at := o.Cols.At(o.Pos, "paid_at")
	if at.Col == 0 {
		at = o.Cols.At(o.Pos, "created_at")
	}
	return Finding{Check: MissingField.ID, Severity: sev, Kind: OrderKind, Pos: at, Shop: o.Shop, Entity: o.ID,
		Message: x.tr.T("the order has neither an order time nor a payment time: its deadlines and metrics cannot be computed"),
		Fix:     x.tr.T(orderReaderFix[MissingField])}, true
}

// Finish returns what the run-wide checks report over every order seen,
// sorted by position. A second call returns nothing.
func (x *OrderRunner) Finish() []Finding {
	x.mu.Lock()
	whole := x.whole
	x.whole = nil
	x.mu.Unlock()
	var out []Finding
	for i, w := range whole {
		w.Finish()
		out = append(out, x.outs[i]...)
		x.outs[i] = nil
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return cmpOrderFinding(&a, &b) })
	return out
}

// shipDeadline returns the shipping deadline of o when o is paid, not
// cancelled and not shipped as of the run's instant, worked out once for
// every check that asks.
func (p *OrderPass) shipDeadline(o *readers.Order) (time.Time, bool) {
	f := p.facts
	if f.o != o || !f.done {
		*f = orderFacts{o: o, done: true}
		if awaitingShipment(o, p.AsOf) {
			if dl, ok := ShipDeadline(o, p.Rules); ok {
				f.deadline = dl
			}
		}
	}
	return f.deadline, !f.deadline.IsZero()
}

// awaitingShipment reports whether o is paid, not cancelled and not shipped
// as of asOf.
func awaitingShipment(o *readers.Order, asOf time.Time) bool {
	if !o.ShippedAt.IsZero() {
		// A shipping time decides, so that an earlier --as-of sees the
		// order as it was then.
		if !o.ShippedAt.After(asOf) {
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
		if o.CancelledAt.IsZero() || !o.CancelledAt.After(asOf) {
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

// deadlineSource says where the deadline of o comes from, for a message.
func deadlineSource(o *readers.Order) string {
	if !o.Deadline.IsZero() {
		return i18n.N("from the export")
	}
	return i18n.N("computed from the payment time")
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

func moneyText(v float64) string { return fmt.Sprintf("%.2f", v) }

func orderFloat(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}
