package readers

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/samples/synth"
)

func TestLatestTimestamp(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		o    Order
		want time.Time
	}{
		{"empty", Order{}, time.Time{}},
		{"created only", Order{CreatedAt: d("2024-05-01 10:00:00")}, d("2024-05-01 10:00:00")},
		{"delivered latest", Order{CreatedAt: d("2024-05-01 10:00:00"), PaidAt: d("2024-05-01 11:00:00"), ShippedAt: d("2024-05-03 09:00:00"), DeliveredAt: d("2024-05-20 18:00:00")}, d("2024-05-20 18:00:00")},
		{"dispute latest", Order{CreatedAt: d("2024-05-01 10:00:00"), DisputeOpenedAt: d("2024-06-02 08:00:00")}, d("2024-06-02 08:00:00")},
		{"promises ignored", Order{CreatedAt: d("2024-05-01 10:00:00"), Deadline: d("2024-05-04 10:00:00"), PromisedBy: d("2024-06-30 00:00:00")}, d("2024-05-01 10:00:00")},
	}
	for _, tc := range tests {
		if got := LatestTimestamp(&tc.o); !got.Equal(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	all := []Order{tests[1].o, tests[2].o, tests[3].o}
	if got := LatestOf(time.Time{}, all); !got.Equal(d("2024-06-02 08:00:00")) {
		t.Errorf("LatestOf = %v", got)
	}
	if got := LatestOf(d("2025-01-01 00:00:00"), all); !got.Equal(d("2025-01-01 00:00:00")) {
		t.Errorf("LatestOf keeps a later start: %v", got)
	}
}

// latestByOrders is the reference LatestTimestampOf must agree with: every
// order built by OpenOrders, LatestOf folded over the batches.
func latestByOrders(t testing.TB, path string, opt Options) (time.Time, error) {
	t.Helper()
	r, err := OpenOrders(path, nil, opt)
	if err != nil {
		return time.Time{}, err
	}
	defer r.Close()
	var latest time.Time
	for r.Next() {
		latest = LatestOf(latest, r.Batch().Orders)
	}
	return latest, r.Err()
}

func checkLatestOf(t *testing.T, path string, opt Options) time.Time {
	t.Helper()
	want, werr := latestByOrders(t, path, opt)
	got, gerr := LatestTimestampOf(path, nil, opt)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("%s: LatestTimestampOf error %v, OpenOrders error %v", path, gerr, werr)
	}
	if !got.Equal(want) {
		t.Errorf("%s: LatestTimestampOf = %v, LatestOf over OpenOrders = %v", path, got, want)
	}
	return got
}

func TestLatestTimestampOfSamples(t *testing.T) {
	for _, name := range []string{"orders.csv", "orders_aliexpress.xlsx", "orders_shopify.csv"} {
		got := checkLatestOf(t, filepath.Join("..", "samples", name), Options{})
		if !got.Equal(time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: latest %v, want the samples' as-of", name, got)
		}
	}
}

func TestLatestTimestampOfOlist(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "corpus", "olist-orders-sample", "olist_orders_dataset.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	if got := checkLatestOf(t, path, Options{}); got.IsZero() {
		t.Error("no timestamp in the Olist corpus")
	}
}

func TestLatestTimestampOfGenerated(t *testing.T) {
	p := filepath.Join(t.TempDir(), "orders.csv")
	var b bytes.Buffer
	if err := synth.WriteOrdersCSV(&b, 20000, 7, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{7, 500} {
		if got := checkLatestOf(t, p, Options{BatchSize: size}); got.IsZero() {
			t.Error("no timestamp in the generated orders")
		}
	}
}

// TestLatestTimestampOfLineItems covers the folding: a line item's time
// counts only where its order's earlier rows left that time empty or
// unreadable; a blank row does not end an order; an empty id never
// continues one; promises and deadlines never count.
func TestLatestTimestampOfLineItems(t *testing.T) {
	cases := map[string]string{
		"later line item ignored": "Name,Paid at,Fulfilled at,Lineitem sku\n" +
			"#1,2024-05-01 10:00,2024-05-02 09:00,A\n" +
			"#1,2024-09-01 10:00,2024-09-02 09:00,B\n",
		"line item fills an empty time": "Name,Paid at,Fulfilled at,Lineitem sku\n" +
			"#1,2024-05-01 10:00,,A\n" +
			"#1,2024-09-01 10:00,2024-09-02 09:00,B\n",
		"line item fills an unreadable time": "Name,Paid at,Fulfilled at,Lineitem sku\n" +
			"#1,2024-05-01 10:00,soon,A\n" +
			"\n" +
			"#1,,2024-09-02 09:00,B\n",
		"empty ids are separate orders": "Name,Paid at,Fulfilled at,Lineitem sku\n" +
			",2024-05-01 10:00,,A\n" +
			",2024-09-01 10:00,,B\n",
		"normalised ids fold": "Order ID,Order Time,Shipping Time\n" +
			"8000000000000001.0,2024-05-01 10:00,\n" +
			"8000000000000001,2024-09-01 10:00,2024-08-01 10:00\n" +
			"8000000000000002,2024-03-01 10:00,\n",
		"promises do not count": "Order ID,Order Time,Shipping Deadline,Promised By,Dispute Time,Cancelled at\n" +
			"1,2024-05-01 10:00,2024-12-01 10:00,2025-01-01,,\n" +
			"2,2024-05-02 10:00,,,2024-06-01 10:00,\n" +
			"3,2024-05-02 10:00,,,,2024-06-05\n",
		"no time at all": "Order ID,Order Time\n1,\n2,never\n",
		"short rows":     "Order ID,Order Status,Order Time,Delivered At\n1,Shipped\n1,Shipped,2024-01-01,2024-02-01\n",
	}
	for name, csv := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "orders.csv")
			if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, size := range []int{1, 500} {
				checkLatestOf(t, p, Options{BatchSize: size})
			}
		})
	}
	// Errors: the same as OpenOrders.
	for _, csv := range []string{"Order ID,Order Status\n1,Shipped\n", "Order Status,Order Time\nShipped,2024-05-01\n", ""} {
		p := filepath.Join(t.TempDir(), "bad.csv")
		if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		var ie *InputError
		if _, err := LatestTimestampOf(p, nil, Options{}); !errors.As(err, &ie) {
			t.Errorf("%q: err = %v, want an InputError", csv, err)
		}
	}
}

// TestLatestTimestampOfSheets reads a workbook of two order sheets: the
// second sheet's first row never continues the first sheet's last order.
func TestLatestTimestampOfSheets(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := map[string][][]any{
		"Sheet1": {{"Order ID", "Order Time", "Shipping Time"}, {"1", "2024-05-01 10:00", ""}, {"1", "2024-05-02 10:00", ""}},
		"March":  {{"Order ID", "Order Time", "Shipping Time"}, {"1", "2024-05-03 10:00", "2024-06-09 10:00"}, {"2", "2024-05-04 10:00", ""}},
	}
	if _, err := f.NewSheet("March"); err != nil {
		t.Fatal(err)
	}
	for sheet, rs := range rows {
		for i, r := range rs {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "orders.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	got := checkLatestOf(t, p, Options{Sheet: "*"})
	if !got.Equal(time.Date(2024, 6, 9, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("latest %v, want the second sheet's shipping time", got)
	}
}
