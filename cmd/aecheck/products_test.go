package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/reports"
)

// TestProductLinesGiveLongLayout: the product lines of the sample's golden
// output, expanded with ProductMetrics.AppendRows, are byte for byte the
// "product" metric lines the long layout wrote for the same sample
// (testdata/orders-products-long.jsonl): the layout changed, no value did.
func TestProductLinesGiveLongLayout(t *testing.T) {
	golden, err := os.ReadFile("../../samples/golden/orders.csv.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/orders-products-long.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var rows []checks.Metric
	sc := bufio.NewScanner(bytes.NewReader(golden))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p struct {
			Kind             string  `json:"kind"`
			Product          string  `json:"product_id"`
			WindowDays       int     `json:"window_days"`
			Orders           int64   `json:"orders"`
			NR               int64   `json:"nr"`
			NRRate           float64 `json:"nr_rate"`
			NRStatus         string  `json:"nr_status"`
			SNAD             int64   `json:"snad"`
			SNADRate         float64 `json:"snad_rate"`
			SNADStatus       string  `json:"snad_status"`
			RatingCount      int64   `json:"rating_count"`
			RatingSum        int64   `json:"rating_sum"`
			Rating           float64 `json:"rating"`
			RatingStatus     string  `json:"rating_status"`
			DescribedWrongly string  `json:"described_wrongly"`
			Shop             string  `json:"shop"`
			Note             string  `json:"note"`
		}
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if p.Kind != "product" {
			continue
		}
		r := checks.ProductMetrics{Shop: p.Shop, Product: p.Product, WindowDays: p.WindowDays,
			Orders: p.Orders, NR: p.NR, NRRate: p.NRRate, NRStatus: p.NRStatus,
			SNAD: p.SNAD, SNADRate: p.SNADRate, SNADStatus: p.SNADStatus,
			RatingSum: p.RatingSum, RatingCount: p.RatingCount, Rating: p.Rating, RatingStatus: p.RatingStatus,
			DescribedWrongly: p.DescribedWrongly, Note: p.Note}
		rows = r.AppendRows(rows)
	}
	if len(rows) == 0 {
		t.Fatal("no product line in the golden output")
	}
	var got bytes.Buffer
	if err := reports.NewJSONL(&got).Metrics(rows); err != nil {
		t.Fatal(err)
	}
	// The long layout was written before metric lines said their language.
	gotLong := bytes.ReplaceAll(got.Bytes(), []byte(`,"lang":"en"`), nil)
	if !bytes.Equal(gotLong, want) {
		t.Errorf("long layout from the product lines:\n%s\nwant:\n%s", gotLong, want)
	}
}

// TestProductsOut: --products-out writes one row per product in every
// format, the same products as the product lines of the JSONL report, and
// no findings or metrics; --metrics-out no longer carries the products.
func TestProductsOut(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	code, _, stderr := aecheck(t, "", "orders", "--as-of", "2025-03-14T18:00:00Z", filepath.Join(samples, "orders.csv"),
		"-o", p("all.jsonl"), "--metrics-out", p("m.jsonl"),
		"--products-out", p("p.jsonl"), "--products-out", p("p.csv"), "--products-out", p("p.parquet"), "--products-out", p("p.arrow"))
	if code != 1 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	kinds := func(path string) map[string]int {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var k struct {
				Kind  string `json:"kind"`
				Scope string `json:"scope"`
			}
			if err := json.Unmarshal([]byte(l), &k); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			n[k.Kind+" "+k.Scope]++
		}
		return n
	}
	all, m, prods := kinds(p("all.jsonl")), kinds(p("m.jsonl")), kinds(p("p.jsonl"))
	if all["product "] != 4 || prods["product "] != 4 || len(prods) != 2 || prods["summary "] != 1 {
		t.Errorf("product lines: report %v, products file %v", all, prods)
	}
	if m["product "] != 0 || m["metric product"] != 0 || m["metric shop"] == 0 {
		t.Errorf("metrics file %v: want the shop metrics, no product", m)
	}
	csvText := readAsText(t, p("p.csv"))
	if n := strings.Count(csvText, "\n"); n != 5 || !strings.HasPrefix(csvText, "shop,product_id,") {
		t.Errorf("products CSV has %d lines, want a header and 4 products:\n%s", n, csvText)
	}
	for _, f := range []string{"p.parquet", "p.arrow"} {
		if text := readAsText(t, p(f)); !strings.Contains(text, "1005006001016") || !strings.Contains(text, "flags this product as described wrongly") {
			t.Errorf("%s does not hold the products:\n%.2000s", f, text)
		}
	}
}
