package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// metricLine is a {"kind":"metric"} line of the JSONL output.
type metricLine struct {
	Scope       string  `json:"scope"`
	Key         string  `json:"key"`
	Metric      string  `json:"metric"`
	WindowDays  int     `json:"window_days"`
	Numerator   float64 `json:"numerator"`
	Denominator float64 `json:"denominator"`
	Value       float64 `json:"value"`
	Status      string  `json:"status"`
	Note        string  `json:"note"`
}

// parseMetrics returns the metric lines of a JSONL output, by
// "scope/key/metric/window".
func parseMetrics(t *testing.T, s string) map[string]metricLine {
	t.Helper()
	out := map[string]metricLine{}
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if !bytes.Contains(sc.Bytes(), []byte(`"kind":"metric"`)) {
			continue
		}
		var m metricLine
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad metric line %q: %v", sc.Text(), err)
		}
		out[fmt.Sprintf("%s/%s/%s/%d", m.Scope, m.Key, m.Metric, m.WindowDays)] = m
	}
	return out
}

// parseOrdersJSONL is parseJSONL for outputs with metric lines: it returns
// the findings and the summary.
func parseOrdersJSONL(t *testing.T, s string) ([]line, map[string]any) {
	t.Helper()
	var b strings.Builder
	for l := range strings.Lines(s) {
		if !strings.Contains(l, `"kind":"metric"`) {
			b.WriteString(l)
		}
	}
	return parseJSONL(t, b.String())
}

// compareGolden compares got with samples/golden/name, which -update
// writes again.
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join(samples, "golden", name)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/aecheck -update)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test ./cmd/aecheck -update and review the diff)\ngot:\n%s", golden, got)
	}
}

// TestOrdersSampleGolden runs the README's command on the sample order
// export and compares the JSONL (findings, metrics, summary) with the golden
// file.
func TestOrdersSampleGolden(t *testing.T) {
	code, stdout, stderr := aecheck(t, "", "orders", filepath.Join(samples, "orders.csv"), "-o", "-")
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (the sample has errors); stderr:\n%s", code, stderr)
	}
	compareGolden(t, "orders.csv.jsonl", stdout)
	fs, summary := parseOrdersJSONL(t, stdout)
	if len(fs) == 0 || summary["as_of"] != "2025-03-14T18:00:00Z" || summary["rows_read"].(float64) != 51 {
		t.Errorf("%d findings, summary %v", len(fs), summary)
	}
	if !strings.Contains(stderr, "metrics as of 2025-03-14 18:00 UTC") {
		t.Errorf("stderr does not give the as-of instant:\n%s", stderr)
	}
}

// TestOrdersPromotion: with the sample catalog, each catalog product gets
// a promotion_eligible row: the four products the sample orders reference
// are eligible or not for four different reasons, the others have no sale.
// The Shopify and AliExpress exports carry only SKUs; the catalog's SKUs
// match them to the same products.
func TestOrdersPromotion(t *testing.T) {
	want := map[string]struct{ status, note string }{
		"1005006001029": {"ok", "eligible for promotions"},
		"1005006001009": {"alert", "average rating 4.17 is below 4.5"},
		"1005006001016": {"alert", "only 1 rating in the last 90 days; more than 5 are needed"},
		"1005006001015": {"alert", "no buyer rating in the last 90 days; more than 5 are needed"},
		"1005006001001": {"alert", "no sale and no buyer rating in the last 90 days"},
	}
	promotion := func(t *testing.T, orders string) map[string]metricLine {
		t.Helper()
		code, stdout, stderr := aecheck(t, "", "orders", "--catalog", filepath.Join(samples, "catalog.csv"), filepath.Join(samples, orders), "-o", "-")
		if code != 1 {
			t.Fatalf("exit %d; stderr:\n%s", code, stderr)
		}
		rows := map[string]metricLine{}
		for _, m := range parseMetrics(t, stdout) {
			if m.Metric == "promotion_eligible" {
				rows[m.Key] = m
			}
		}
		return rows
	}
	en := promotion(t, "orders.csv")
	if len(en) != 30 {
		t.Errorf("%d promotion rows, want one per catalog product (30)", len(en))
	}
	for id, w := range want {
		r := en[id]
		if r.Status != w.status || !strings.Contains(r.Note, w.note) {
			t.Errorf("%s: %s %q, want %s and a note saying %q", id, r.Status, r.Note, w.status, w.note)
		}
		if !strings.Contains(r.Note, "24-hour rule was not checked") {
			t.Errorf("%s: the note does not say the catalog has no online date: %q", id, r.Note)
		}
	}
	for _, other := range []string{"orders_aliexpress.xlsx", "orders_shopify.csv"} {
		t.Run(other, func(t *testing.T) {
			got := promotion(t, other)
			if got["1005006001029"].Numerator == 0 {
				t.Fatal("orders that name only a SKU were not matched to the catalog's product")
			}
			for id := range en {
				if other == "orders_shopify.csv" {
					// The Shopify sample has no ratings, and two of its
					// orders are refunded or unreadable on purpose: only
					// which products sold must agree.
					if (got[id].Numerator > 0) != (en[id].Numerator > 0) {
						t.Errorf("%s: %+v, orders.csv gives %+v", id, got[id], en[id])
					}
					continue
				}
				if got[id].Numerator != en[id].Numerator || got[id].Note != en[id].Note {
					t.Errorf("%s: %+v, orders.csv gives %+v", id, got[id], en[id])
				}
			}
		})
	}
}

// TestOrdersAsOf: --as-of takes an RFC 3339 instant or a date (the end of
// that day); without it, the latest event of the orders (not a deadline or
// a promised date). A W-day window is (as_of - W days, as_of].
func TestOrdersAsOf(t *testing.T) {
	// Every order is shipped; late_ship_rate's denominator counts the
	// shipments in the 30-day window.
	csv := "Order ID,Order Time,Payment Time,Shipping Time,Shipping Deadline,Promised By\n" +
		"1,2025-02-27 10:00:00,2025-02-27 10:00:00,2025-03-01 23:59:59,2025-03-05 10:00:00,2025-05-01\n" + // 30 days before the end of 03-31, to the second: out
		"2,2025-02-27 10:00:00,2025-02-27 10:00:00,2025-03-02 00:00:00,2025-03-05 10:00:00,\n" + // in
		"3,2025-03-20 10:00:00,2025-03-20 10:00:00,2025-03-31 12:00:00,2025-03-25 10:00:00,\n" + // in; late
		"4,2025-03-20 10:00:00,2025-03-20 10:00:00,2025-03-31 23:59:59,2025-04-03 10:00:00,\n" + // last second of 03-31: in
		"5,2025-03-30 10:00:00,2025-03-30 10:00:00,2025-04-01 00:00:00,2025-04-03 10:00:00,2025-06-01\n" // the next day: out
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	late := func(t *testing.T, args ...string) (metricLine, map[string]any) {
		t.Helper()
		code, stdout, stderr := aecheck(t, "", append(append([]string{"orders"}, args...), path, "-o", "-")...)
		if code == 2 {
			t.Fatalf("exit 2; stderr:\n%s", stderr)
		}
		_, summary := parseOrdersJSONL(t, stdout)
		return parseMetrics(t, stdout)["shop//late_ship_rate/30"], summary
	}
	tests := []struct {
		asOf     string
		wantAsOf string
		num, den float64
	}{
		{"2025-03-31", "2025-03-31T23:59:59Z", 1, 3},                     // the end of the day: orders 2, 3, 4 (the JSON prints whole seconds)
		{"2025-03-31T23:59:59Z", "2025-03-31T23:59:59Z", 1, 3},           // the same window, to the second
		{"2025-03-31T12:00:00Z", "2025-03-31T12:00:00Z", 1, 3},           // orders 1, 2, 3: order 1 is in since 2025-03-01 12:00, order 4 is later
		{"2025-03-31T11:59:59Z", "2025-03-31T11:59:59Z", 0, 2},           // orders 1 and 2: order 3 is a second later
		{"2025-03-31T13:00:00+01:00", "2025-03-31T13:00:00+01:00", 1, 3}, // 12:00 UTC in another zone
		{"2025-04-01T00:00:00Z", "2025-04-01T00:00:00Z", 1, 3},           // orders 3, 4, 5; 2 is out by a second
		{"", "2025-04-01T00:00:00Z", 1, 3},                               // default: the latest event, not the promised dates
	}
	for _, tt := range tests {
		t.Run("as of "+tt.asOf, func(t *testing.T) {
			var args []string
			if tt.asOf != "" {
				args = []string{"--as-of", tt.asOf}
			}
			m, summary := late(t, args...)
			if summary["as_of"] != tt.wantAsOf {
				t.Errorf("as_of %v, want %s", summary["as_of"], tt.wantAsOf)
			}
			if m.Numerator != tt.num || m.Denominator != tt.den {
				t.Errorf("late_ship_rate/30 = %v/%v, want %v/%v", m.Numerator, m.Denominator, tt.num, tt.den)
			}
		})
	}
	for _, bad := range []string{"yesterday", "31/03/2025", "2025-02-30"} {
		code, _, stderr := aecheck(t, "", "orders", "--as-of", bad, path, "-o", "-")
		if code != 2 || !strings.Contains(stderr, "--as-of") {
			t.Errorf("--as-of %s: exit %d, stderr %q; want 2 and a message about --as-of", bad, code, stderr)
		}
	}
	code, _, stderr := aecheck(t, "Order ID,Order Time\n1,2025-01-01\n", "orders", "-", "-o", "-")
	if code != 2 || !strings.Contains(stderr, "--as-of") {
		t.Errorf("orders from stdin without --as-of: exit %d, stderr %q", code, stderr)
	}
}

// TestOrdersNoPersonalData writes every output format from the three sample
// exports and a catalog, and searches each for the buyers' names, e-mails,
// phones, addresses and notes of the samples.
func TestOrdersNoPersonalData(t *testing.T) {
	dir := t.TempDir()
	outs := []string{"out.jsonl", "out.csv", "out.parquet", "out.arrow", "report.xlsx"}
	args := []string{"orders", "--catalog", filepath.Join(samples, "catalog.csv"), "--history", filepath.Join(dir, "history"),
		"--metrics-out", filepath.Join(dir, "metrics.csv"), "--metrics-out", filepath.Join(dir, "metrics.parquet"),
		"--metrics-out", filepath.Join(dir, "metrics.jsonl"), "--metrics-out", filepath.Join(dir, "metrics.arrow"),
		"--products-out", filepath.Join(dir, "products.csv"), "--products-out", filepath.Join(dir, "products.parquet"),
		"--products-out", filepath.Join(dir, "products.jsonl"), "--products-out", filepath.Join(dir, "products.arrow"),
		filepath.Join(samples, "orders.csv"), filepath.Join(samples, "orders_shopify.csv"), filepath.Join(samples, "orders_aliexpress.xlsx"), "-o", "-"}
	for _, o := range outs {
		args = append(args, "-o", filepath.Join(dir, o))
	}
	code, stdout, stderr := aecheck(t, "", args...)
	if code != 1 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	texts := map[string]string{"stdout": stdout, "stderr": stderr}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		texts[p] = readAsText(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 2+len(outs)+4+4+1 {
		t.Errorf("only %d outputs written", len(texts))
	}
	pii := []string{"Sample Buyer", "Sample Receiver", "example.invalid", "+00 000", "Sample Street", "Buyer Company", "Testville",
		"Please call", "买家0", "收货人0", "测试路"}
	// The Chinese sample's phones, 000-0000-0001 to 000-0000-0056 (an
	// XLSX's zero GUIDs must not match).
	phone := regexp.MustCompile(`000-0000-00(0[1-9]|[1-9][0-9])`)
	for name, text := range texts {
		if len(text) < 50 {
			t.Errorf("%s: almost empty (%d bytes); the search proves nothing", name, len(text))
		}
		for _, s := range pii {
			if strings.Contains(text, s) {
				t.Errorf("%s contains personal data %q", name, s)
			}
		}
		if m := phone.FindString(text); m != "" {
			t.Errorf("%s contains the phone number %q", name, m)
		}
	}
	// The seller is told which columns were dropped.
	if !strings.Contains(stderr, `personal data columns ignored`) || !strings.Contains(stderr, `"Shipping Phone"`) || !strings.Contains(stderr, `"联系电话"`) {
		t.Errorf("stderr does not name the dropped columns:\n%s", stderr)
	}
}

// readAsText returns the text of an output file: the XML of every part of
// an XLSX, the values of a Parquet or Arrow file as printed by arrow, the
// bytes of anything else.
func readAsText(t *testing.T, path string) string {
	t.Helper()
	var b strings.Builder
	switch filepath.Ext(path) {
	case ".xlsx":
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(&b, rc)
			rc.Close()
		}
	case ".parquet", ".arrow":
		for _, rec := range machineRecords(t, path) {
			for _, c := range rec.Columns() {
				b.WriteString(c.String())
			}
			rec.Release()
		}
	default:
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// olistPath is the Olist orders table of the shared corpus.
const olistPath = "../../../shared/corpus/olist-orders-sample/olist_orders_dataset.csv"

// olistOrder is one row of the Olist orders table, read here with
// encoding/csv and time.Parse only: an independent reading, to check
// aecheck's figures against.
type olistOrder struct {
	status                                            string
	purchase, approved, carrier, delivered, estimated time.Time
}

func readOlistIndependently(t *testing.T) []olistOrder {
	t.Helper()
	f, err := os.Open(olistPath)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	when := func(r []string, name string) time.Time {
		s := r[col[name]]
		if s == "" {
			return time.Time{}
		}
		v, err := time.Parse("2006-01-02 15:04:05", s)
		if err != nil {
			t.Fatalf("%s %q: %v", name, s, err)
		}
		return v
	}
	var out []olistOrder
	for _, r := range rows[1:] {
		out = append(out, olistOrder{status: r[col["order_status"]], purchase: when(r, "order_purchase_timestamp"),
			approved: when(r, "order_approved_at"), carrier: when(r, "order_delivered_carrier_date"),
			delivered: when(r, "order_delivered_customer_date"), estimated: when(r, "order_estimated_delivery_date")})
	}
	return out
}

// olistFigures computes the shop metrics of docs/orders.md and the carrier
// metrics of the Olist orders as of asOf, straight from the definitions:
// the deadline is the approval time (+48 h when on a weekend) plus 3
// working days; "canceled" and "unavailable" orders ended cancelled; Olist
// has no carrier names, disputes, refunds or cancel reasons.
func olistFigures(os []olistOrder, asOf time.Time) map[string][2]float64 {
	in := func(t time.Time, days int) bool {
		return !t.IsZero() && t.After(asOf.Add(-time.Duration(days)*24*time.Hour)) && !t.After(asOf)
	}
	deadline := func(paid time.Time) time.Time {
		t := paid
		if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
			t = t.Add(48 * time.Hour)
		}
		for n := 0; n < 3; {
			t = t.AddDate(0, 0, 1)
			if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
				n++
			}
		}
		return t
	}
	f := map[string][2]float64{}
	add := func(key string, num bool, den bool) {
		v := f[key]
		if den {
			v[1]++
			if num {
				v[0]++
			}
		}
		f[key] = v
	}
	for _, o := range os {
		if !o.approved.IsZero() {
			dl := deadline(o.approved)
			unsent := o.carrier.IsZero() || o.carrier.After(dl)
			add("shop//unsent_rate/7", unsent, in(dl, 7))
			add("shop//unsent_rate/30", unsent, in(dl, 30))
			add("shop//late_ship_rate/30", o.carrier.After(dl), in(o.carrier, 30))
		} else {
			add("shop//late_ship_rate/30", false, in(o.carrier, 30))
		}
		add("shop//nr_rate/30", false, in(o.carrier, 30))
		add("shop//nr_rate/90", false, in(o.carrier, 90))
		add("shop//incomplete_rate/90", o.status == "canceled" || o.status == "unavailable", in(o.approved, 90))
		if in(o.carrier, 30) {
			promise := o.estimated.AddDate(0, 0, 1).Add(-time.Nanosecond) // the end of the estimated day
			delivered := !o.delivered.IsZero() && !o.delivered.After(asOf)
			add("carrier/(no carrier)/shipped/30", false, true)
			if delivered || (!o.estimated.IsZero() && promise.Before(asOf)) {
				add("carrier/(no carrier)/on_time_rate/30", delivered && !o.estimated.IsZero() && !o.delivered.After(promise), true)
			}
		}
	}
	return f
}

// TestOrdersOlist runs aecheck orders on the Olist corpus with no --map:
// the SOURCE.md figures hold, and at two as-of instants every numerator and
// denominator agrees with the independent computation above.
func TestOrdersOlist(t *testing.T) {
	orders := readOlistIndependently(t)

	// The independent reading reproduces SOURCE.md's reference figures.
	var cancelled, delivered, onTime int
	var latest time.Time
	for _, o := range orders {
		if o.status == "canceled" || o.status == "unavailable" {
			cancelled++
		}
		if o.status == "delivered" && !o.delivered.IsZero() {
			delivered++
			if !o.delivered.After(o.estimated.AddDate(0, 0, 1).Add(-time.Nanosecond)) {
				onTime++
			}
		}
		for _, v := range []time.Time{o.purchase, o.approved, o.carrier, o.delivered} {
			if v.After(latest) {
				latest = v
			}
		}
	}
	if len(orders) != 4071 || cancelled != 38 || delivered != 3964 || onTime != 3691 {
		t.Fatalf("independent reading: %d orders, %d cancelled, %d delivered with a date, %d on time; SOURCE.md says 4071, 38, 3964, 3691",
			len(orders), cancelled, delivered, onTime)
	}

	for _, asOf := range []string{"2018-06-30", ""} {
		t.Run("as of "+asOf, func(t *testing.T) {
			args := []string{"orders", olistPath, "-o", "-"}
			want := latest
			if asOf != "" {
				args = append([]string{"orders", "--as-of", asOf}, args[1:]...)
				want = time.Date(2018, 6, 30, 23, 59, 59, 999_000_000, time.UTC) // the end of the day
			}
			code, stdout, stderr := aecheck(t, "", args...)
			if code == 2 {
				t.Fatalf("exit 2; stderr:\n%s", stderr)
			}
			_, summary := parseOrdersJSONL(t, stdout)
			if summary["rows_read"].(float64) != 4071 || summary["rows_checked"].(float64) != 4071 || summary["rows_rejected"].(float64) != 0 {
				t.Errorf("summary %v, want 4071 rows read and checked", summary)
			}
			if summary["as_of"] != want.Format(time.RFC3339) {
				t.Errorf("as_of %v, want %s", summary["as_of"], want.Format(time.RFC3339))
			}
			got := parseMetrics(t, stdout)
			for key, w := range olistFigures(orders, want) {
				g, ok := got[key]
				if !ok {
					t.Errorf("%s: no metric line", key)
					continue
				}
				if strings.HasSuffix(key, "/shipped/30") {
					g.Numerator, g.Denominator = 0, g.Numerator // a count: compare it with the independent denominator
				}
				if g.Numerator != w[0] || g.Denominator != w[1] {
					t.Errorf("%s = %v/%v, independent computation %v/%v", key, g.Numerator, g.Denominator, w[0], w[1])
				}
				t.Logf("%-36s %5.0f / %-5.0f %s", key, g.Numerator, g.Denominator, g.Status)
			}
		})
	}
}
