package checks

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/aecheck/aecheck/readers"
)

// OrderSuspicious reports orders whose amount or quantity is far above the
// median of the run's orders. IDs are public; never rename them.
var OrderSuspicious = &Check{
	ID: "order-suspicious",
	Doc: "order much larger than usual\n\n" +
		"The order's amount or quantity is more than 10 times the median of your orders. " +
		"Unusually large orders are a common sign of fraud or of a buyer's mistake.",
	Fix:       "Confirm the order with the buyer through AliExpress messages before you ship it.",
	Severity:  Warning,
	Source:    "seed",
	Scope:     ScopeOrder,
	NewOrders: newOrderSuspicious,
}

// orderSuspicious keeps what it needs of every order (susStore) until the
// last batch, when the medians are known.
type orderSuspicious struct {
	p   *OrderPass
	mu  sync.Mutex
	sus *susStore
}

func newOrderSuspicious(p *OrderPass) OrdersCheck {
	return &orderSuspicious{p: p, sus: newSusStore()}
}

func (s *orderSuspicious) Add(os []readers.Order) {
	s.mu.Lock()
	for i := range os {
		s.sus.add(&os[i])
	}
	s.mu.Unlock()
}

// Finish reports the orders whose total or quantity is over
// suspicious_factor times the median of the input, when the input has at
// least suspicious_min_orders orders with that value.
func (s *orderSuspicious) Finish() {
	s.mu.Lock()
	sus := s.sus
	s.sus = newSusStore()
	s.mu.Unlock()
	defer sus.free()
	if sus.n == 0 {
		return
	}
	p, tr := s.p, s.p.tr
	minN := p.Rules.SuspiciousMinOrders
	factor := p.Rules.SuspiciousFactor
	mTotal, okTotal := sus.median(susTotals, minN)
	mQty, okQty := sus.median(susQtys, minN)
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
			parts = append(parts, tr.Sprintf("its amount %s is %.0f times the median order (%s)", moneyText(total), total/mTotal, moneyText(mTotal)))
			at, value = t.cols.At(pos, "order_total"), moneyText(total)
		}
		if bigQty {
			parts = append(parts, tr.Sprintf("its quantity %d is %.0f times the median quantity (%s)", qty, float64(qty)/mQty, orderFloat(mQty)))
			if value == "" {
				at, value = t.cols.At(pos, "quantity"), fmt.Sprint(qty)
			}
		}
		p.report(at, t.shop, id, value,
			tr.Sprintf("order %s is unusually large: %s; confirm it with the buyer before shipping", id, strings.Join(parts, tr.T(" and "))))
	}
	if sus.n >= susCollectAt {
		// The store was the largest thing the run kept (20 bytes an
		// order); collect it now, before the metrics rows are built, so
		// the heap does not hold both.
		sus = nil
		runtime.GC()
	}
}

// susCollectAt is the store size from which Finish collects it at once.
const susCollectAt = 200_000
