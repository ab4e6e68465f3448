package checks

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
)

// orderTestCols is an export with a column for every field the findings point to.
var orderTestCols = &readers.Columns{
	File:   "orders.csv",
	Header: []string{"Order ID", "Payment Time", "Shipping Deadline", "Shipping Time", "Dispute Time", "Order Amount", "Quantity"},
	Fields: map[string][]int{"order_id": {0}, "paid_at": {1}, "ship_deadline": {2}, "shipped_at": {3}, "dispute_opened_at": {4}, "order_total": {5}, "quantity": {6}},
}

func TestOrderFindings(t *testing.T) {
	at := func(s string) time.Time { return otm(t, s) }
	paid := at("2024-06-24 10:00")
	tests := []struct {
		name   string
		o      readers.Order
		check  string // "" = no finding
		col    int
		msg    string // part of the message
		sev    Severity
		rules  *Rules
		noTime bool // keep an order without order and payment times
	}{
		{name: "overdue with export deadline", o: readers.Order{PaidAt: paid, Deadline: at("2024-06-28 11:00"), Status: readers.StatusAwaitingShipment},
			check: "order-ship-overdue", col: 3, msg: "had to be shipped by 2024-06-28 11:00 (from the export)", sev: Error},
		{name: "overdue with computed deadline", o: readers.Order{PaidAt: paid},
			check: "order-ship-overdue", col: 2, msg: "2024-06-27 10:00 (computed from the payment time)", sev: Error},
		{name: "shipped after as_of is not shipped yet", o: readers.Order{PaidAt: paid, ShippedAt: at("2024-06-29 10:00")},
			check: "order-ship-overdue", col: 2},
		{name: "shipped in time", o: readers.Order{PaidAt: paid, ShippedAt: at("2024-06-25 10:00")}},
		{name: "shipped late is no longer overdue", o: readers.Order{PaidAt: paid, ShippedAt: at("2024-06-28 10:00")}},
		{name: "cancelled", o: readers.Order{PaidAt: paid, Status: readers.StatusCancelled}},
		{name: "status shipped without a time", o: readers.Order{PaidAt: paid, Status: readers.StatusShipped}},
		{name: "not paid", o: readers.Order{CreatedAt: paid, Status: readers.StatusAwaitingPayment}},
		{name: "export deadline, awaiting shipment, no payment time", o: readers.Order{Deadline: at("2024-06-27 10:00"), Status: readers.StatusAwaitingShipment},
			check: "order-ship-overdue", col: 3},
		{name: "due in 23 hours", o: readers.Order{PaidAt: paid, Deadline: at("2024-06-29 11:00")},
			check: "order-ship-due-soon", col: 3, msg: "23 hours from now", sev: Warning},
		{name: "due in exactly 24 hours", o: readers.Order{PaidAt: paid, Deadline: at("2024-06-29 12:00")},
			check: "order-ship-due-soon", col: 3},
		{name: "deadline exactly at as_of", o: readers.Order{PaidAt: paid, Deadline: at("2024-06-28 12:00")},
			check: "order-ship-due-soon", col: 3, msg: "less than an hour"},
		{name: "due in 25 hours", o: readers.Order{PaidAt: paid, Deadline: at("2024-06-29 13:00")}},
		{name: "due soon severity from rules", o: readers.Order{PaidAt: paid, Deadline: at("2024-06-29 11:00")},
			check: "order-ship-due-soon", col: 3, sev: Error, rules: &Rules{Checks: map[string]CheckRule{"order-ship-due-soon": {Severity: orderSevPtr(Error)}}}},
		{name: "overdue turned off", o: readers.Order{PaidAt: paid}, rules: &Rules{Checks: map[string]CheckRule{"order-ship-overdue": {Off: orderBoolPtr(true)}}}},
		{name: "dispute open 3 days", o: readers.Order{Status: readers.StatusInDispute, Dispute: readers.DisputeNR, DisputeStatus: "open", DisputeOpenedAt: at("2024-06-25 12:00")},
			check: "order-dispute-response-due", col: 5, msg: "\"not received\" dispute on 2024-06-25 12:00 and it has had no answer for 3 days; answer before 2024-06-30 12:00", sev: Warning},
		{name: "dispute open under 3 days", o: readers.Order{Dispute: readers.DisputeNR, DisputeStatus: "open", DisputeOpenedAt: at("2024-06-25 12:01")}},
		{name: "dispute answered", o: readers.Order{Dispute: readers.DisputeSNAD, DisputeStatus: "responded", DisputeOpenedAt: at("2024-06-20 12:00")}},
		{name: "dispute closed", o: readers.Order{Dispute: readers.DisputeSNAD, DisputeStatus: "closed", DisputeOpenedAt: at("2024-06-20 12:00")}},
		{name: "in dispute without a dispute status, past the limit", o: readers.Order{Status: readers.StatusInDispute, Dispute: readers.DisputeSNAD, DisputeOpenedAt: at("2024-06-20 12:00")},
			check: "order-dispute-response-due", col: 5, msg: "the 5-day limit passed on 2024-06-25 12:00"},
		{name: "dispute without an opening time", o: readers.Order{Status: readers.StatusInDispute, Dispute: readers.DisputeNR, DisputeStatus: "open"}},
		{name: "bad value from the reader", o: readers.Order{CreatedAt: paid, Problems: []readers.Problem{{Check: "bad-value", Pos: readers.Pos{File: "orders.csv", Row: 2, Col: 6}, Name: "order_total", Value: "abc", Msg: "not an amount"}}},
			check: "bad-value", col: 6, msg: "not an amount", sev: Error},
		{name: "no order time and no payment time", o: readers.Order{Status: readers.StatusCompleted}, noTime: true,
			check: "missing-field", col: 2, msg: "neither an order time nor a payment time", sev: Error},
		{name: "no time but the reader reported the cell", o: readers.Order{Problems: []readers.Problem{{Check: "bad-value", Pos: readers.Pos{File: "orders.csv", Row: 2, Col: 2}, Name: "paid_at", Value: "soon", Msg: "not a date"}}},
			noTime: true, check: "bad-value", col: 2},
		{name: "missing field turned off", o: readers.Order{CreatedAt: paid, Problems: []readers.Problem{{Check: "missing-field", Pos: readers.Pos{File: "orders.csv", Row: 2, Col: 1}, Name: "order_id", Msg: "empty"}}},
			rules: &Rules{Checks: map[string]CheckRule{"missing-field": {Off: orderBoolPtr(true)}}}},
	}
	asOf := otm(t, asOfTest)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			o.ID, o.Shop, o.Cols = "8001", "north", orderTestCols
			o.Pos = readers.Pos{File: "orders.csv", Row: 2}
			if !tc.noTime && o.CreatedAt.IsZero() && o.PaidAt.IsZero() {
				o.CreatedAt = at("2024-06-01 09:00")
			}
			x := NewOrderRunner(tc.rules, asOf)
			fs := x.Orders([]readers.Order{o})
			if tc.check == "" {
				if len(fs) != 0 {
					t.Fatalf("unexpected findings: %+v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want one %s: %+v", len(fs), tc.check, fs)
			}
			f := fs[0]
			if f.Check != tc.check || f.Kind != OrderKind || f.Entity != "8001" || f.Shop != "north" || f.Pos.Row != 2 || f.Pos.Col != tc.col {
				t.Errorf("got %+v, want %s at column %d", f, tc.check, tc.col)
			}
			if tc.sev != 0 && f.Severity != tc.sev {
				t.Errorf("severity %v, want %v", f.Severity, tc.sev)
			}
			if !strings.Contains(f.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", f.Message, tc.msg)
			}
			if f.Fix == "" {
				t.Errorf("no fix text")
			}
			if more := x.Finish(); len(more) != 0 {
				t.Errorf("suspicious findings on one order: %+v", more)
			}
		})
	}
}

func orderSevPtr(s Severity) *Severity { return &s }
func orderBoolPtr(b bool) *bool        { return &b }

func TestOrderSuspicious(t *testing.T) {
	asOf := otm(t, asOfTest)
	mk := func(n int, big map[int][2]float64) []readers.Order {
		os := make([]readers.Order, n)
		for i := range os {
			total, qty := 10.0, 1.0
			if v, ok := big[i]; ok {
				total, qty = v[0], v[1]
			}
			os[i] = readers.Order{ID: fmt.Sprint(1000 + i), Cols: orderTestCols, Pos: readers.Pos{File: "orders.csv", Row: i + 2},
				Total: total, HasTotal: true, Items: []readers.Item{{SKU: "A", Quantity: int(qty)}}}
		}
		return os
	}
	tests := []struct {
		name string
		os   []readers.Order
		want []string // entity:column
	}{
		{"too few orders", mk(19, map[int][2]float64{3: {5000, 1}}), nil},
		{"total over 10 times", mk(25, map[int][2]float64{3: {101, 1}, 4: {100, 1}}), []string{"1003:6"}},
		{"quantity over 10 times", mk(25, map[int][2]float64{7: {10, 11}, 8: {10, 10}}), []string{"1007:7"}},
		{"both, points to the amount", mk(20, map[int][2]float64{0: {500, 50}}), []string{"1000:6"}},
		{"none", mk(30, nil), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := NewOrderRunner(nil, asOf)
			// Feed the orders in concurrent batches: Finish must still be deterministic.
			var wg sync.WaitGroup
			for lo := 0; lo < len(tc.os); lo += 4 {
				wg.Go(func() { x.Orders(tc.os[lo:min(lo+4, len(tc.os))]) })
			}
			wg.Wait()
			var got []string
			for _, f := range x.Finish() {
				if f.Check != "order-suspicious" || f.Severity != Warning || !strings.Contains(f.Message, "confirm it with the buyer") {
					t.Errorf("bad finding %+v", f)
				}
				got = append(got, fmt.Sprintf("%s:%d", f.Entity, f.Pos.Col))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOrderFindingsSorted(t *testing.T) {
	asOf := otm(t, asOfTest)
	var os []readers.Order
	for i := 5; i > 0; i-- {
		os = append(os, readers.Order{ID: fmt.Sprint(i), Cols: orderTestCols, Pos: readers.Pos{File: "orders.csv", Row: i + 1},
			PaidAt: otm(t, "2024-06-01 10:00"), Status: readers.StatusInDispute, Dispute: readers.DisputeNR,
			DisputeStatus: "open", DisputeOpenedAt: otm(t, "2024-06-20 10:00")})
		os[len(os)-1].Status = readers.StatusAwaitingShipment
	}
	fs := NewOrderRunner(nil, asOf).Orders(os)
	if len(fs) != 10 {
		t.Fatalf("got %d findings, want 10", len(fs))
	}
	for i := 1; i < len(fs); i++ {
		if fs[i].Less(&fs[i-1]) {
			t.Fatalf("findings not sorted at %d: %v before %v", i, fs[i-1].Pos, fs[i].Pos)
		}
	}
}
