package checks

import (
	"encoding/csv"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/readers"
)

// table is a CSV test table read into listings, as the readers would: one
// listing per row, rows with an empty title and the product id of the row
// above are that product's variants, and unreadable or missing required
// cells become problems.
type table struct {
	listings []readers.Listing
	want     map[int]string // spreadsheet row -> want regexp
	cols     *readers.Columns
}

// headerField maps the test tables' headers (canonical names, or the
// sample catalog's English headers) to canonical fields.
func headerField(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.ReplaceAll(h, " ", "_")
	return h
}

func readTable(t testing.TB, path string) table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: empty table", path)
	}
	cols := &readers.Columns{File: path, HeaderRow: 1, Header: recs[0], Fields: map[string][]int{}}
	for i, h := range recs[0] {
		cols.Fields[headerField(h)] = append(cols.Fields[headerField(h)], i)
	}
	tb := table{want: map[int]string{}, cols: cols}
	for i, rec := range recs[1:] {
		row := i + 2
		get := func(name string) string {
			if ix := cols.Index(name); ix >= 0 && ix < len(rec) {
				return rec[ix]
			}
			return ""
		}
		tb.want[row] = get("want")
		if n := len(tb.listings); n > 0 && get("title") == "" && get("product_id") != "" && get("product_id") == tb.listings[n-1].ProductID {
			l := &tb.listings[n-1]
			v := readers.Variant{Row: row, Line: row, SKU: get("sku")}
			if s := get("price"); s != "" {
				v.Price, err = strconv.ParseFloat(s, 64)
				v.HasPrice = err == nil
			}
			if s := get("stock"); s != "" {
				v.Stock, err = strconv.ParseInt(s, 10, 64)
				v.HasStock = err == nil
			}
			l.Variants = append(l.Variants, v)
			continue
		}
		l := readers.Listing{
			Pos: readers.Pos{File: path, Row: row, Line: row}, Cols: cols, Shop: get("shop"),
			ProductID: get("product_id"), SKU: get("sku"), Title: get("title"), Description: get("description"),
			Category: get("category"), Brand: get("brand"), CE: get("ce"), REP: get("rep"), ShipTo: get("ship_to"),
			HasImages: cols.Has("images"),
		}
		problem := func(check, name, value, msg string) {
			l.Problems = append(l.Problems, readers.Problem{Check: check, Pos: l.At(name), Name: name, Value: value, Msg: msg})
		}
		for _, name := range []string{"product_id", "title", "category", "price"} {
			if cols.Has(name) && strings.TrimSpace(get(name)) == "" {
				problem("missing-field", name, "", "the "+name+" is empty")
			}
		}
		if s := get("price"); s != "" {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				l.Price, l.HasPrice = v, true
			} else {
				problem("bad-value", "price", s, "the price "+strconv.Quote(s)+" is not a number")
			}
		}
		if s := get("stock"); s != "" {
			if v, err := strconv.ParseInt(s, 10, 64); err == nil {
				l.Stock, l.HasStock = v, true
			} else {
				problem("bad-value", "stock", s, "the stock "+strconv.Quote(s)+" is not a whole number")
			}
		}
		if s := get("images"); s != "" {
			if v, err := strconv.Atoi(s); err == nil {
				l.Images = v
			} else {
				problem("bad-value", "images", s, "the image count "+strconv.Quote(s)+" is not a whole number")
			}
		}
		if s := get("delivery_days"); s != "" {
			if v, err := strconv.Atoi(s); err == nil {
				l.DeliveryDays, l.HasDeliveryDays = v, true
			} else {
				problem("bad-value", "delivery_days", s, "the delivery time "+strconv.Quote(s)+" is not a whole number")
			}
		}
		tb.listings = append(tb.listings, l)
	}
	return tb
}

// runAll runs every check of r on the listings, in batches of size n, as
// the pipeline does, and returns the findings.
func runAll(t testing.TB, r *Runner, ls []readers.Listing, n int) []Finding {
	t.Helper()
	var out []Finding
	cat := r.NewCatalog()
	for i := 0; i < len(ls); i += n {
		b := ls[i:min(i+n, len(ls))]
		out = append(out, r.Listings(b)...)
		out = append(out, cat.Observe(b)...)
	}
	return append(out, cat.Finish()...)
}

func mustRunner(t testing.TB, r *Rules) *Runner {
	t.Helper()
	rn, err := NewRunner(r)
	if err != nil {
		t.Fatal(err)
	}
	return rn
}

// findingsAlone runs rn on ls rounds times and fails unless each round
// gives the findings of each listing checked alone by a runner of its own
// (no memo, no order learned); it returns the rounds' findings.
func findingsAlone(t *testing.T, rn *Runner, ls []readers.Listing, rounds int) [][]Finding {
	t.Helper()
	var want []Finding
	for i := range ls {
		want = append(want, mustRunner(t, nil).Listings(ls[i:i+1])...)
	}
	var all [][]Finding
	for round := range rounds {
		got := rn.Listings(ls)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d findings, want %d", round, len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("round %d: finding %d is\n%+v\n%+v, want\n%+v\n%+v", round, i, got[i], got[i].Evidence, want[i], want[i].Evidence)
			}
		}
		all = append(all, got)
	}
	return all
}
