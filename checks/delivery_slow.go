package checks

import (
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// DeliverySlow finds promised delivery times too slow for a delivery label.
var DeliverySlow = &Check{
	ID: "delivery-slow",
	Doc: "promised delivery too slow for a delivery label\n\n" +
		"AliExpress shows a \"delivery in 3 days\" label for 3 days or less and a \"delivery in 5 days\" label " +
		"for 4 or 5 days. Slower products get no label and are shown less to buyers in a hurry.",
	Fix:      "Ship from a local warehouse or use a faster service so you can promise 5 days or less, and update the delivery time.",
	Severity: Info,
	Source:   "seed",
	Run:      deliverySlow,
	Settings: func(r *Rules, add func(string, string)) {
		add("delivery_max_days", strconv.Itoa(r.Thresholds.DeliveryMaxDays))
	},
}

func deliverySlow(p *Pass, l *readers.Listing) {
	max := p.Rules.Thresholds.DeliveryMaxDays
	if l.HasDeliveryDays && l.DeliveryDays > max {
		p.reportNum("delivery_days", strconv.Itoa(l.DeliveryDays), l.DeliveryDays, func(b []byte, n string) []byte {
			return p.appendf(b, "the promised delivery is %s days; at %d days or less the product gets a \"delivery in X days\" label", n, max)
		})
	}
}
