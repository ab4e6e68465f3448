package checks

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// BenchmarkOrderRunner runs the order findings over 100k orders in
// batches, then Finish (order-suspicious), as the pipeline does.
func BenchmarkOrderRunner(b *testing.B) {
	asOf := otm(b, asOfTest)
	orders := randomTestOrders(rand.New(rand.NewPCG(3, 4)), 100_000, asOf)
	cols := &readers.Columns{File: "orders.csv", Header: []string{"Order ID", "Order Amount", "Quantity"},
		Fields: map[string][]int{"order_id": {0}, "order_total": {1}, "quantity": {2}}}
	for i := range orders {
		orders[i].Cols = cols
		orders[i].Pos = readers.Pos{File: "orders.csv", Row: i + 2, Line: i + 2}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		x := NewOrderRunner(nil, asOf)
		for lo := 0; lo < len(orders); lo += readers.BatchSize {
			_ = x.Orders(orders[lo:min(len(orders), lo+readers.BatchSize)])
		}
		_ = x.Finish()
	}
}

// BenchmarkMetricsBatches is what the pipeline does with the metrics: one
// accumulator per batch, merged into a total, then Results; with the 40
// products of the test orders, and with 20k products (the generated 1M-row
// export has that many).
func BenchmarkMetricsBatches(b *testing.B) {
	asOf := otm(b, asOfTest)
	for _, products := range []int{40, 20000} {
		b.Run(fmt.Sprint("products=", products), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 4))
			orders := randomTestOrders(rng, 100_000, asOf)
			if products != 40 {
				for i := range orders {
					for j := range orders[i].Items {
						orders[i].Items[j].ProductID = fmt.Sprint("P", rng.IntN(products))
					}
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				total := NewMetrics(nil, asOf)
				for lo := 0; lo < len(orders); lo += readers.BatchSize {
					m := NewMetrics(nil, asOf)
					m.Add(orders[lo:min(len(orders), lo+readers.BatchSize)])
					total.Merge(m)
				}
				_ = total.Results()
			}
		})
	}
}
