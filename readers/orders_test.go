package readers

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type ordersRead struct {
	orders                   []Order
	rows, cont, blank, batch int
	notes                    []string
}

func readOrders(t testing.TB, path string, opt Options) (ordersRead, error) {
	t.Helper()
	r, err := OpenOrders(path, nil, opt)
	if err != nil {
		return ordersRead{}, err
	}
	defer r.Close()
	var res ordersRead
	for r.Next() {
		b := r.Batch()
		res.orders = append(res.orders, b.Orders...)
		res.rows += b.Rows
		res.cont += b.Continuation
		res.blank += b.Blank
		res.batch++
	}
	res.notes = r.Notes()
	return res, r.Err()
}

func writeOrders(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOrdersAliExpressChinese(t *testing.T) {
	csv := "订单列表,,,,,,,,,,\n" +
		"订单号,订单状态,产品信息,订单金额,下单时间,付款时间,发货期限,实际发货物流:运单号,纠纷类型,买家名称,联系电话\n" +
		"8001,等待您发货,\"【1】Phone case (产品数量:2) (商家编码:PC-1)\n【2】Cable (产品数量:1) (商家编码:CB-1)\",US $12.50,2024-05-01 10:00:00,2024-05-01 10:05:00,2024-05-04 10:05:00,,,Jean Dupont,0601020304\n" +
		"8002,等待买家收货,【1】Lamp (产品数量:1) (商家编码:L-1),US $20.00,2024-05-02 10:00:00,2024-05-02 10:05:00,2024-05-05 10:05:00,Cainiao:LP00123,未收到货,Marie Curie,0605060708\n" +
		",,,,,,,,,,\n" +
		"8003,teleported,,abc,2024-05-02,31/02/2024,,,,X,Y\n" +
		",订单结束,【1】Lamp,1,2024-05-02,,,,,,\n" +
		"8005,订单结束,【1】Lamp,1,,,,,,,\n"
	res, err := readOrders(t, writeOrders(t, "orders.csv", csv), Options{Shop: "north"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.orders) != 5 || res.rows != 6 || res.blank != 1 || res.cont != 0 {
		t.Fatalf("%d orders, %d rows, %d blank, %d continuation", len(res.orders), res.rows, res.blank, res.cont)
	}
	o := res.orders[0]
	if o.ID != "8001" || o.Shop != "north" || o.Status != StatusAwaitingShipment || len(o.Items) != 2 || o.Items[0].Quantity != 2 ||
		o.Items[0].SKU != "PC-1" || o.Items[0].Title != "Phone case" || o.Items[1].SKU != "CB-1" || o.Total != 12.5 || !o.HasTotal ||
		!o.Deadline.Equal(time.Date(2024, 5, 4, 10, 5, 0, 0, time.UTC)) || o.Pos.Row != 3 || len(o.Problems) != 0 {
		t.Errorf("order 1 = %+v", o)
	}
	if o := res.orders[1]; o.Carrier != "Cainiao" || o.Tracking != "LP00123" || o.Status != StatusShipped || o.Dispute != DisputeNR {
		t.Errorf("order 2 = %+v", o)
	}
	o = res.orders[2]
	var got []string
	for _, p := range o.Problems {
		got = append(got, fmt.Sprintf("%s %s %s", p.Check, p.Name, p.Pos.Cell()))
	}
	if want := "[bad-value paid_at F6 bad-value status B6 bad-value order_total D6]"; fmt.Sprint(got) != want {
		t.Errorf("order 3 problems = %v, want %s", got, want)
	}
	if o := res.orders[3]; len(o.Problems) != 1 || o.Problems[0].Check != "missing-field" || o.Problems[0].Name != "order_id" || o.Problems[0].Pos.Cell() != "A7" {
		t.Errorf("order without id: %+v", o.Problems)
	}
	if o := res.orders[4]; len(o.Problems) != 1 || o.Problems[0].Check != "missing-field" || o.Problems[0].Name != "paid_at" {
		t.Errorf("order without time: %+v", o.Problems)
	}
	for _, o := range res.orders {
		if s := fmt.Sprintf("%+v", o); strings.Contains(s, "Dupont") || strings.Contains(s, "0601020304") || strings.Contains(s, "Curie") {
			t.Errorf("personal data kept: %s", s)
		}
	}
	if !strings.Contains(strings.Join(res.notes, "\n"), `personal data columns ignored, never copied to any report: "买家名称", "联系电话"`) {
		t.Errorf("notes do not name the dropped columns: %q", res.notes)
	}
}

func TestOrdersLineItems(t *testing.T) {
	csv := "Name,Financial Status,Paid at,Fulfilled at,Lineitem quantity,Lineitem name,Lineitem sku,Total,Billing Name,Shipping Address1\n" +
		"#1001,paid,2024-05-01 10:00,2024-05-02 09:00,1,Mug,MUG-1,30.00,Ann Example,1 Road\n" +
		"#1001,,,,2,Plate,PL-2,,,\n" +
		"#1001,,,,x,Bowl,BW-3,,,\n" +
		"#1002,refunded,2024-05-03 10:00,,1,Mug,MUG-1,10.00,Bob Example,2 Road\n" +
		"#1003,pending,2024-05-04 10:00,,1,Mug,MUG-1,10.00,,\n" +
		"#1003,,,,1,Plate,PL-2,,,\n" +
		"\n" +
		"#1004,paid,2024-05-05 10:00,,3,Cup,CUP-1,12.00,,\n"
	for _, size := range []int{1, 2, 500} {
		t.Run(fmt.Sprint("batch ", size), func(t *testing.T) {
			res, err := readOrders(t, writeOrders(t, "orders_export.csv", csv), Options{BatchSize: size})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.orders) != 4 || res.rows != 8 || res.cont != 3 || res.blank != 1 {
				t.Fatalf("%d orders, %d rows, %d continuation, %d blank", len(res.orders), res.rows, res.cont, res.blank)
			}
			o := res.orders[0]
			if o.ID != "#1001" || len(o.Items) != 3 || o.Items[1].Quantity != 2 || o.Items[1].SKU != "PL-2" || o.Status != StatusShipped || o.Total != 30 {
				t.Errorf("order 1 = %+v", o)
			}
			if len(o.Problems) != 1 || o.Problems[0].Name != "quantity" || o.Problems[0].Pos.Row != 4 || o.Problems[0].Pos.Col != 5 {
				t.Errorf("order 1 problems = %+v", o.Problems)
			}
			if o := res.orders[1]; o.Status != StatusCancelled {
				t.Errorf("refunded order = %+v", o)
			}
			if o := res.orders[2]; len(o.Items) != 2 || o.Status != StatusAwaitingPayment {
				t.Errorf("order 3 = %+v", o)
			}
			if size == 1 && res.batch != 4 {
				t.Errorf("%d batches of one order, want 4", res.batch)
			}
		})
	}
}

func TestOrdersNeedATimeColumn(t *testing.T) {
	_, err := readOrders(t, writeOrders(t, "o.csv", "Order ID,Order Status\n1,Shipped\n"), Options{})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "no order time or payment time column") {
		t.Fatalf("err = %v, want an InputError about the time column", err)
	}
	_, err = readOrders(t, writeOrders(t, "o.csv", "Order Status,Order Time\nShipped,2024-05-01\n"), Options{})
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an InputError about the order id column", err)
	}
}

func TestOrdersMap(t *testing.T) {
	csv := "Commande,Quand,Etat\nA1,2024-05-01 10:00,Shipped\n"
	res, err := readOrders(t, writeOrders(t, "o.csv", csv), Options{Map: map[string]string{"order_id": "Commande", "created_at": "Quand", "status": "Etat"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.orders) != 1 || res.orders[0].ID != "A1" || res.orders[0].Status != StatusShipped || res.orders[0].CreatedAt.IsZero() {
		t.Fatalf("orders = %+v", res.orders)
	}
}

func TestParseStatus(t *testing.T) {
	tests := map[string]Status{
		"Awaiting shipment": StatusAwaitingShipment, "AWAITING_SHIPMENT": StatusAwaitingShipment, "Shipped": StatusShipped,
		"Completed": StatusCompleted, "Finished": StatusCompleted, "In dispute": StatusInDispute, "Cancelled": StatusCancelled,
		"Closed": StatusCancelled, "等待买家付款": StatusAwaitingPayment, "买家申请取消": StatusCancelRequested, "等待您发货": StatusAwaitingShipment,
		"等待买家收货": StatusShipped, "订单结束": StatusCompleted, "纠纷中": StatusInDispute, "资金处理中": StatusPaymentProcessing,
		"created": StatusAwaitingPayment, "approved": StatusAwaitingShipment, "invoiced": StatusAwaitingShipment, "processing": StatusAwaitingShipment,
		"shipped": StatusShipped, "delivered": StatusCompleted, "canceled": StatusCancelled, "unavailable": StatusCancelled,
		" Awaiting payment ": StatusAwaitingPayment, "en attente d'expédition": StatusAwaitingShipment,
	}
	for s, want := range tests {
		if got, ok := ParseStatus(s); !ok || got != want {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "teleported", "shipped?"} {
		if got, ok := ParseStatus(s); ok {
			t.Errorf("ParseStatus(%q) = %v, want unknown", s, got)
		}
	}
}

func TestParseDispute(t *testing.T) {
	tests := map[string]Dispute{
		"": DisputeNone, "none": DisputeNone, "-": DisputeNone, "NR": DisputeNR, "Not received": DisputeNR, "Item not received": DisputeNR,
		"未收到货": DisputeNR, "SNAD": DisputeSNAD, "Not as described": DisputeSNAD, "货不对版": DisputeSNAD, "Quality issue": DisputeSNAD,
		"Non conforme": DisputeSNAD, "Wrong size ordered": DisputeOther,
	}
	for s, want := range tests {
		if got := ParseDispute(s); got != want {
			t.Errorf("ParseDispute(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]string{"": "", "Open": "open", "已回应": "responded", "Closed": "closed", "Escalated": "escalated"} {
		if got := parseDisputeStatus(s); got != want {
			t.Errorf("parseDisputeStatus(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestParseProductCell(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "[]"},
		{"【1】Phone case (产品数量:2) (商家编码:PC-1)", "[{ PC-1 Phone case 2}]"},
		{"【1】Phone case (产品数量:2) (商家编码:PC-1)\n【2】Cable, 1 m (产品数量:1) (商家编码:CB-1)", "[{ PC-1 Phone case 2} { CB-1 Cable, 1 m 1}]"},
		{"【1】Lamp (颜色:白色) (产品数量：3)", "[{  Lamp 3}]"},
		{"Just a title", "[{  Just a title 1}]"},
		{"【1】A (产品数量:0)【2】B (SKU: X-1)", "[{  A 1} { X-1 B 1}]"},
	}
	for _, tc := range tests {
		if got := fmt.Sprint(ParseProductCell(tc.in)); got != tc.want {
			t.Errorf("ParseProductCell(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	for in, want := range map[string][2]string{
		"Cainiao:LP001":           {"Cainiao", "LP001"},
		"YunExpress：YT1\nDHL:JJD": {"YunExpress", "YT1"},
		"DHL":                     {"DHL", ""},
	} {
		if c, tr := splitCarrierTracking(in); c != want[0] || tr != want[1] {
			t.Errorf("splitCarrierTracking(%q) = %q, %q", in, c, tr)
		}
	}
}

// TestOrderSamples reads the two sample exports of samples/: the same orders
// in two layouts.
func TestOrderSamples(t *testing.T) {
	en, err := readOrders(t, filepath.Join("..", "samples", "orders.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	zh, err := readOrders(t, filepath.Join("..", "samples", "orders_aliexpress.xlsx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(en.orders) != 49 || len(zh.orders) != 49 {
		t.Fatalf("%d and %d orders, want 49", len(en.orders), len(zh.orders))
	}
	if en.cont != 2 {
		t.Errorf("%d line-item rows in orders.csv, want 2", en.cont)
	}
	for i := range en.orders {
		a, b := &en.orders[i], &zh.orders[i]
		if a.ID != b.ID || a.Status != b.Status || a.Total != b.Total || !a.PaidAt.Equal(b.PaidAt) || !a.ShippedAt.Equal(b.ShippedAt) ||
			a.Carrier != b.Carrier || a.Tracking != b.Tracking || a.Dispute != b.Dispute || a.DisputeStatus != b.DisputeStatus ||
			len(a.Items) != len(b.Items) || a.RatingShipping != b.RatingShipping || len(a.Problems) != len(b.Problems) {
			t.Errorf("order %d differs:\n%+v\n%+v", i, a, b)
		}
		if a.Status == StatusUnknown {
			t.Errorf("order %s: unknown status %q", a.ID, a.StatusRaw)
		}
		for _, o := range []*Order{a, b} {
			if s := fmt.Sprintf("%+v", *o); strings.Contains(s, "Sample Buyer") || strings.Contains(s, "example.invalid") ||
				strings.Contains(s, "买家0") || strings.Contains(s, "收货人") || strings.Contains(s, "测试路") || strings.Contains(s, "+00 000") {
				t.Errorf("personal data kept: %s", s)
			}
		}
	}
	if latest := LatestOf(time.Time{}, en.orders); !latest.Equal(time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("latest timestamp %v", latest)
	}
}

func FuzzOrders(f *testing.F) {
	f.Add("Order ID,Order Time,Order Status\n1,2024-05-01,Shipped\n1,,\n\n2,x,y\n")
	f.Add("订单号,下单时间,产品信息\n8001,2024-05-01,\"【1】A (产品数量:2)\n【2】B\"\n")
	f.Add("Name,Paid at,Lineitem quantity\n#1,2024-01-01,1\n#1,,2\n#2,,\n")
	f.Fuzz(func(t *testing.T, s string) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := OpenOrders(p, nil, Options{BatchSize: 2})
		if err != nil {
			return
		}
		defer r.Close()
		for r.Next() {
			b := r.Batch()
			if len(b.Orders)+b.Continuation+b.Blank != b.Rows {
				t.Fatalf("rows %d != orders %d + continuation %d + blank %d", b.Rows, len(b.Orders), b.Continuation, b.Blank)
			}
		}
	})
}

// TestOrderFieldNames keeps the field numbers of the reader in step with
// OrderFields.
func TestOrderFieldNames(t *testing.T) {
	for f, name := range orderFieldNames {
		if OrderFields[f].Name != name {
			t.Errorf("field %d is %q in orderFieldNames, %q in OrderFields", f, name, OrderFields[f].Name)
		}
	}
	for _, f := range OrderFields[len(orderFieldNames):] {
		if !isPersonalField(f.Name) {
			t.Errorf("OrderFields has %q, which the reader does not read", f.Name)
		}
	}
}

func TestNormID(t *testing.T) {
	for _, s := range []string{"", " ", "8000000000000001", "8000000000000001.0", "1.0", ".0", "0", "'0123", "1.5E+15", "1e5", "SKU-14030", "Sku-e1",
		" 12", "12 ", "\t12", "12\u00a0", "\u00a012", "订单1", "1订单", "#1001", "x.0", "12.00", "'", "a"} {
		if got, want := normID(s), NormalizeID(s); got != want {
			t.Errorf("normID(%q) = %q, NormalizeID = %q", s, got, want)
		}
	}
}
