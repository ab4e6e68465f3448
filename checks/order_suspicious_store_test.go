package checks

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// sortMedian is the median as order-suspicious computed it before
// selectNth: sort, then the middle value or the mean of the two.
func sortMedian(vs []float64) float64 {
	vs = slices.Clone(vs)
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 0 {
		return (vs[n/2-1] + vs[n/2]) / 2
	}
	return vs[n/2]
}

// storeOf returns a store holding vs as amounts (and as quantities, when
// they are whole).
func storeOf(vs []float64) *susStore {
	s := newSusStore()
	for i, v := range vs {
		o := readers.Order{ID: fmt.Sprint(i), Total: v, HasTotal: true}
		if v == math.Trunc(v) && v > 0 && v < 1e9 {
			o.Items = []readers.Item{{Quantity: int(v)}}
		}
		s.add(&o)
	}
	return s
}

func TestSusMedian(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 3, 4, 15, 16, 17, 100, 101, 1000, 4096, 4097, 9000} {
		for _, distinct := range []int{1, 2, 5, 1000000} {
			for _, scale := range []float64{100, 1} {
				vs := make([]float64, n)
				for i := range vs {
					vs[i] = float64(rng.IntN(distinct)) / scale
				}
				if n > 3 {
					vs[0], vs[1] = 0, math.Copysign(0, -1)
					vs[2] = math.Inf(1)
				}
				s := storeOf(vs)
				want, wok := orderMedian(slices.Clone(vs), 1)
				if got, ok := s.median(susTotals, 1); got != want || ok != wok {
					t.Fatalf("n %d distinct %d: median %v %v, want %v %v", n, distinct, got, ok, want, wok)
				}
				var qs []float64
				for _, v := range vs {
					if v == math.Trunc(v) && v > 0 && v < 1e9 {
						qs = append(qs, v)
					}
				}
				want, wok = 0, false
				if len(qs) > 0 {
					want, wok = orderMedian(qs, 1)
				}
				if got, ok := s.median(susQtys, 1); got != want || ok != wok {
					t.Fatalf("n %d distinct %d: quantity median %v %v, want %v %v", n, distinct, got, ok, want, wok)
				}
			}
		}
	}
	if _, ok := storeOf([]float64{1, 2}).median(susTotals, 3); ok {
		t.Error("a median of fewer than minN values")
	}
	if m, _ := storeOf([]float64{math.NaN(), 1, 2}).median(susTotals, 1); m != 1 {
		t.Errorf("median with NaN %v, want 1 (NaN sorts first)", m)
	}
}

func TestSusStoreRoundTrip(t *testing.T) {
	s := newSusStore()
	cols := &readers.Columns{File: "a.csv", Header: []string{"Order ID", "Order Amount", "Quantity"},
		Fields: map[string][]int{"order_id": {0}, "order_total": {1}, "quantity": {2}}}
	long := strings.Repeat("x", susArenaSize+10)
	ids := []string{"0", "7", "007", "123456789012345678", "1234567890123456789", "18446744073709551616", "#1001", "", "订单-1", long, "a1b2"}
	var want []readers.Order
	for i, id := range ids {
		o := readers.Order{ID: id, Cols: cols, Shop: []string{"", "north"}[i%2], Pos: readers.Pos{File: "a.csv", Row: i + 2, Line: i + 3},
			Total: float64(i) + 0.25, HasTotal: i%3 != 0, Items: []readers.Item{{Quantity: i}, {Quantity: -4}}}
		switch i {
		case 4:
			o.Pos.Row, o.Pos.Line = math.MaxInt32+5, math.MaxInt32+9
			o.Items = append(o.Items, readers.Item{Quantity: math.MaxInt32}, readers.Item{Quantity: math.MaxInt32})
		case 5:
			o.Pos.File, o.Pos.Sheet = "b.xlsx", "March"
		case 6:
			o.Items = append(o.Items, readers.Item{Quantity: 0xFFFF})
		}
		s.add(&o)
		if o.HasTotal || i > 0 {
			want = append(want, o)
		}
	}
	// Amounts that are not whole cents, and lines that drift from their
	// rows (multi-line cells), after whole-cent amounts in the same block.
	for i, v := range []float64{12.23, 0.1, 1e-9, 12.345, math.Copysign(0, -1), 5e9, 66.19} {
		o := readers.Order{ID: fmt.Sprint("c", i), Cols: cols, Total: v, HasTotal: true, Pos: readers.Pos{File: "a.csv", Row: 100 + i, Line: 100 + i*i}}
		s.add(&o)
		want = append(want, o)
	}
	// An order with neither an amount nor a quantity is not kept.
	s.add(&readers.Order{ID: "none", Cols: cols})
	// Many tables, past what a record holds.
	for i := range susBigTable + 3 {
		o := readers.Order{ID: fmt.Sprint(i), Cols: &readers.Columns{}, HasTotal: true, Total: 1, Pos: readers.Pos{File: fmt.Sprint(i, ".csv"), Row: 2, Line: 2}}
		s.add(&o)
		want = append(want, o)
	}
	if s.n != len(want) {
		t.Fatalf("%d records, want %d", s.n, len(want))
	}
	for i, o := range want {
		r := s.record(i)
		var qty int64
		for _, it := range o.Items {
			qty += int64(max(it.Quantity, 0))
		}
		if r.id != o.ID {
			t.Errorf("record %d: id %.20q, want %.20q", i, r.id, o.ID)
		}
		if r.pos != (readers.Pos{File: o.Pos.File, Sheet: o.Pos.Sheet, Row: o.Pos.Row, Line: o.Pos.Line}) || r.table.shop != o.Shop || r.table.cols != o.Cols {
			t.Errorf("record %d: pos %+v shop %q, want %+v %q", i, r.pos, r.table.shop, o.Pos, o.Shop)
		}
		if r.qty != qty || math.Float64bits(r.total) != math.Float64bits(o.Total) || r.hasTotal != o.HasTotal {
			t.Errorf("record %d: qty %d total %v, want %d %v", i, r.qty, r.total, qty, o.Total)
		}
	}
}

// referenceSuspicious is order-suspicious as it was computed before the
// compact records: the whole order kept, medians by sorting.
func referenceSuspicious(x *OrderRunner, os []readers.Order) []Finding {
	sev := x.sev[OrderSuspicious.ID]
	var totals, qtys []float64
	qty := func(o *readers.Order) (q int64) {
		for _, it := range o.Items {
			if it.Quantity > 0 {
				q += int64(it.Quantity)
			}
		}
		return q
	}
	for i := range os {
		if os[i].HasTotal {
			totals = append(totals, os[i].Total)
		}
		if q := qty(&os[i]); q > 0 {
			qtys = append(qtys, float64(q))
		}
	}
	med := func(vs []float64) (float64, bool) {
		if len(vs) == 0 || len(vs) < x.rules.SuspiciousMinOrders {
			return 0, false
		}
		m := sortMedian(vs)
		return m, m > 0
	}
	mTotal, okTotal := med(totals)
	mQty, okQty := med(qtys)
	factor := x.rules.SuspiciousFactor
	var out []Finding
	for i := range os {
		o := &os[i]
		q := qty(o)
		var parts []string
		var at readers.Pos
		var value string
		if okTotal && o.HasTotal && o.Total > factor*mTotal {
			parts = append(parts, fmt.Sprintf("its amount %s is %.0f times the median order (%s)", moneyText(o.Total), o.Total/mTotal, moneyText(mTotal)))
			at, value = o.Cols.At(o.Pos, "order_total"), moneyText(o.Total)
		}
		if okQty && q > 0 && float64(q) > factor*mQty {
			parts = append(parts, fmt.Sprintf("its quantity %d is %.0f times the median quantity (%s)", q, float64(q)/mQty, orderFloat(mQty)))
			if value == "" {
				at, value = o.Cols.At(o.Pos, "quantity"), fmt.Sprint(q)
			}
		}
		if len(parts) == 0 {
			continue
		}
		out = append(out, Finding{Check: OrderSuspicious.ID, Severity: sev, Kind: OrderKind, Pos: at, Shop: o.Shop,
			Entity: o.ID, Value: value, Fix: OrderSuspicious.Fix,
			Message: "order " + o.ID + " is unusually large: " + strings.Join(parts, " and ") + "; confirm it with the buyer before shipping"})
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return cmpOrderFinding(&a, &b) })
	return out
}

func TestSuspiciousMatchesReference(t *testing.T) {
	asOf := otm(t, asOfTest)
	rng := rand.New(rand.NewPCG(9, 10))
	orders := randomTestOrders(rng, 5000, asOf)
	tables := []*readers.Columns{
		{File: "a.csv", Header: []string{"Order ID", "Order Amount", "Quantity"}, Fields: map[string][]int{"order_id": {0}, "order_total": {1}, "quantity": {2}}},
		{File: "b.xlsx", Sheet: "March", Header: []string{"Order ID", "Total"}, Fields: map[string][]int{"order_id": {0}, "order_total": {1}}},
	}
	for i := range orders {
		o := &orders[i]
		c := tables[i*3/len(orders)%2]
		o.Cols, o.Pos = c, readers.Pos{File: c.File, Sheet: c.Sheet, Row: i + 2, Line: i + 2}
		switch rng.IntN(50) {
		case 0:
			o.Total *= 40
		case 1:
			o.Items = append(o.Items, readers.Item{ProductID: "bulk", Quantity: 50 + rng.IntN(500)})
		case 2:
			o.ID = fmt.Sprintf("#%d-x", i)
		}
	}
	for _, r := range []*Rules{nil, {Orders: OrderRules{SuspiciousFactor: 3, SuspiciousMinOrders: 10}}} {
		x := NewOrderRunner(r, asOf)
		for lo := 0; lo < len(orders); lo += 97 {
			x.Orders(orders[lo:min(len(orders), lo+97)])
		}
		got := x.Finish()
		want := referenceSuspicious(x, orders)
		if len(want) == 0 {
			t.Fatal("the test orders hold no suspicious order")
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d findings, want %d; first got %+v, want %+v", len(got), len(want), got[0], want[0])
		}
		if again := x.Finish(); len(again) != 0 {
			t.Errorf("a second Finish gives %d findings", len(again))
		}
	}
}
