package checks

import (
	"github.com/aecheck/aecheck/readers"
)

// OrderShipOverdue reports a paid order whose shipping deadline has passed
// without a tracking number. IDs are public; never rename them.
var OrderShipOverdue = &Check{
	ID: "order-ship-overdue",
	Doc: "order not shipped by its shipping deadline\n\n" +
		"The order is paid and its shipping deadline has passed with no tracking number. " +
		"AliExpress cancels such orders automatically, refunds the buyer and counts them as unsent, " +
		"which lowers your shop's rating and search ranking.",
	Fix:      "Ship the order and add its tracking number in Seller Center today; if you cannot ship it, contact the buyer before the platform cancels it.",
	Severity: Error,
	Source:   "seed",
	Scope:    ScopeOrder,
	Order:    orderShipOverdue,
}

func orderShipOverdue(p *OrderPass, o *readers.Order) {
	dl, ok := p.shipDeadline(o)
	if !ok || !dl.Before(p.AsOf) {
		return
	}
	late := p.AsOf.Sub(dl)
	p.Report(o, deadlinePos(o), dl.Format(stampLayout), p.tr.Sprintf(
		"order %s had to be shipped by %s (%s) and has no tracking number: it is %s late; AliExpress cancels it and counts it as unsent",
		o.ID, dl.Format(stampLayout), p.tr.T(deadlineSource(o)), durationText(p.tr, late)))
}
