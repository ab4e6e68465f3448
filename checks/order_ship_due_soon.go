package checks

import (
	"time"

	"github.com/aecheck/aecheck/readers"
)

// OrderShipDueSoon reports a paid order that must be shipped within
// ship_due_soon_hours. IDs are public; never rename them.
var OrderShipDueSoon = &Check{
	ID: "order-ship-due-soon",
	Doc: "order must be shipped within a day\n\n" +
		"The order is paid, not shipped yet, and its shipping deadline falls within the next 24 hours. " +
		"If no tracking number is added by then, AliExpress cancels it and counts it as unsent.",
	Fix:      "Ship the order and add its tracking number before the deadline.",
	Severity: Warning,
	Source:   "seed",
	Scope:    ScopeOrder,
	Order:    orderShipDueSoon,
}

func orderShipDueSoon(p *OrderPass, o *readers.Order) {
	dl, ok := p.shipDeadline(o)
	// A deadline already passed is order-ship-overdue's.
	if !ok || dl.Before(p.AsOf) || dl.After(p.AsOf.Add(time.Duration(p.Rules.ShipDueSoonHours)*time.Hour)) {
		return
	}
	left := dl.Sub(p.AsOf)
	p.Report(o, deadlinePos(o), dl.Format(stampLayout), p.tr.Sprintf(
		"order %s must be shipped by %s (%s), %s from now; it has no tracking number yet",
		o.ID, dl.Format(stampLayout), p.tr.T(deadlineSource(o)), durationText(p.tr, left)))
}
