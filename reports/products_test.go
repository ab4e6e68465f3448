package reports

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/aecheck/aecheck/checks"
)

func testProducts() []checks.ProductMetrics {
	return []checks.ProductMetrics{
		{Product: "1005001", WindowDays: 90, Orders: 20, SNAD: 2, SNADRate: 0.1, SNADStatus: "alert", NRStatus: "ok",
			RatingCount: 3, RatingSum: 13, Rating: 13.0 / 3, RatingStatus: "alert", DescribedWrongly: "alert", Note: "flagged, fix the title"},
		{Shop: "south", Product: "=cmd", WindowDays: 90, Orders: 1, NR: 1, NRRate: 1, NRStatus: "alert", SNADStatus: "ok",
			RatingStatus: "n/a", DescribedWrongly: "ok", Note: "fewer than 10 orders in 90 days: not judged yet"},
		{Shop: "south", Product: "SKU-9", WindowDays: 90, NRStatus: "n/a", SNADStatus: "n/a", RatingCount: 1, RatingSum: 5, Rating: 5,
			RatingStatus: "ok", DescribedWrongly: "n/a"},
		{Shop: "west", Product: "1005077", WindowDays: 90, Orders: 4, NRStatus: checks.StatusNoData, SNADStatus: checks.StatusNoData,
			RatingStatus: checks.StatusNoData, DescribedWrongly: checks.StatusNoData},
	}
}

// wantProductRows is what a products file must hold, from the records.
func wantProductRows(ps []checks.ProductMetrics, asOf time.Time, lang string) []string {
	q := strconv.Quote
	// g and d format a rate and a count, null where the status is no-data.
	g := func(v float64, status string) string {
		if status == "no-data" {
			return "null"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	d := func(v int64, status string) string {
		if status == "no-data" {
			return "null"
		}
		return strconv.FormatInt(v, 10)
	}
	var rows []string
	for _, p := range ps {
		rows = append(rows, fmt.Sprintf(
			"shop=%s product_id=%s window_days=%d orders=%d nr=%s nr_rate=%s nr_status=%s snad=%s snad_rate=%s snad_status=%s rating_count=%s rating_sum=%s rating=%s rating_status=%s described_wrongly=%s note=%s as_of=%s lang=%s",
			q(p.Shop), q(p.Product), p.WindowDays, p.Orders, d(p.NR, p.NRStatus), g(p.NRRate, p.NRStatus), q(p.NRStatus),
			d(p.SNAD, p.SNADStatus), g(p.SNADRate, p.SNADStatus), q(p.SNADStatus),
			d(p.RatingCount, p.RatingStatus), d(p.RatingSum, p.RatingStatus), g(p.Rating, p.RatingStatus), q(p.RatingStatus),
			q(p.DescribedWrongly), q(p.Note), asOf.UTC().Format(time.RFC3339Nano), q(lang)))
	}
	return rows
}

// TestProductsFiles: a products file holds one typed row per record, in
// Parquet and Arrow as read back by the library readers, in CSV with the
// schema's header and formula-looking texts defused; findings and
// metrics are not written to it, and every Arrow buffer is released.
func TestProductsFiles(t *testing.T) {
	dir := t.TempDir()
	ps := testProducts()
	for _, ext := range []string{".parquet", ".arrow", ".csv"} {
		path := filepath.Join(dir, "p"+ext)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		w, err := openMachine(path, MachineOptions{Kind: MachineProducts, ChunkRows: 2, Mem: mem})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Begin(&Run{Tool: testTool, Command: "orders", AsOf: testAsOf, Lang: "zh"}); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(testFindings()); err != nil {
			t.Fatal(err)
		}
		if err := w.Metrics(testMetrics()); err != nil {
			t.Fatal(err)
		}
		if err := w.(ProductWriter).Products(ps[:1]); err != nil {
			t.Fatal(err)
		}
		if err := w.(ProductWriter).Products(ps[1:]); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(&Summary{}); err != nil {
			t.Fatal(err)
		}
		mem.AssertSize(t, 0)
		switch ext {
		case ".parquet":
			_, rows, _ := readParquet(t, path)
			compareMachineRows(t, rows, wantProductRows(ps, testAsOf, "zh"))
		case ".arrow":
			_, rows, _ := readArrow(t, path)
			compareMachineRows(t, rows, wantProductRows(ps, testAsOf, "zh"))
		case ".csv":
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			if len(lines) != 1+len(ps) || !strings.HasPrefix(lines[0], "shop,product_id,window_days,orders,") {
				t.Fatalf("products CSV:\n%s", b)
			}
			if !strings.HasPrefix(lines[2], "south,'=cmd,90,1,1,1,alert,") {
				t.Errorf("CSV row %q: the product id that looks like a formula is not defused", lines[2])
			}
			if want := "west,1005077,90,4,,,no-data,,,no-data,,,,no-data,no-data,,"; !strings.HasPrefix(lines[4], want) {
				t.Errorf("CSV row %q: want the counts and rates without data empty, %q", lines[4], want)
			}
			for _, l := range lines[1:] {
				if !strings.HasSuffix(l, ",zh") {
					t.Errorf("CSV row %q: want the lang column zh last", l)
				}
			}
		}
	}
}
