package checks

// The order findings (docs/orders.md). Their Run is nil: the
// OrderRunner drives them (NewOrderRunner). IDs are public; never rename
// them.
var (
	OrderShipOverdue = &Check{
		ID: "order-ship-overdue",
		Doc: "order not shipped by its shipping deadline\n\n" +
			"The order is paid and its shipping deadline has passed with no tracking number. " +
			"AliExpress cancels such orders automatically, refunds the buyer and counts them as unsent, " +
			"which lowers your shop's rating and search ranking.",
		Fix:      "Ship the order and add its tracking number in Seller Center today; if you cannot ship it, contact the buyer before the platform cancels it.",
		Severity: Error,
		Source:   "seed",
		Scope:    ScopeOrder,
	}
	OrderShipDueSoon = &Check{
		ID: "order-ship-due-soon",
		Doc: "order must be shipped within a day\n\n" +
			"The order is paid, not shipped yet, and its shipping deadline falls within the next 24 hours. " +
			"If no tracking number is added by then, AliExpress cancels it and counts it as unsent.",
		Fix:      "Ship the order and add its tracking number before the deadline.",
		Severity: Warning,
		Source:   "seed",
		Scope:    ScopeOrder,
	}
	OrderDisputeResponseDue = &Check{
		ID: "order-dispute-response-due",
		Doc: "dispute waiting for your answer\n\n" +
			"The buyer opened a dispute and you have not answered for 3 days or more. " +
			"You have 5 days to answer: if you stay silent, AliExpress accepts the buyer's proposal " +
			"(usually a refund) and the dispute counts against your shop.",
		Fix:      "Open the dispute in Seller Center and answer it: accept, or refuse with proof (tracking, photos) and a counter-proposal.",
		Severity: Warning,
		Source:   "seed",
		Scope:    ScopeOrder,
	}
	OrderSuspicious = &Check{
		ID: "order-suspicious",
		Doc: "order much larger than usual\n\n" +
			"The order's amount or quantity is more than 10 times the median of your orders. " +
			"Unusually large orders are a common sign of fraud or of a buyer's mistake.",
		Fix:      "Confirm the order with the buyer through AliExpress messages before you ship it.",
		Severity: Warning,
		Source:   "seed",
		Scope:    ScopeOrder,
	}
)

// orderChecks are the order findings (docs/orders.md). They are part
// of All.
var orderChecks = []*Check{
	OrderDisputeResponseDue,
	OrderShipDueSoon,
	OrderShipOverdue,
	OrderSuspicious,
}
