package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpus is the folder of real-world files shared by the project (see each
// SOURCE.md there); the tests skip a file that is absent.
const corpus = "../../../shared/corpus"

func corpusPath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(corpus, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %s absent", rel)
	}
	return p
}

// corpusRun is one run of aecheck on a corpus file, JSONL on stdout.
type corpusRun struct {
	code     int
	stdout   string
	stderr   string
	findings []line
	summary  map[string]any
}

func runCorpus(t *testing.T, command, rel string, args ...string) *corpusRun {
	t.Helper()
	p := corpusPath(t, rel)
	code, stdout, stderr := aecheck(t, "", append([]string{command, p, "-o", "-"}, args...)...)
	if code == 2 {
		t.Fatalf("exit 2: %s", stderr)
	}
	fs, summary := parseFindings(t, stdout)
	r := &corpusRun{code: code, stdout: stdout, stderr: stderr, findings: fs, summary: summary}
	read, checked, rejected := r.num("rows_read"), r.num("rows_checked"), r.num("rows_rejected")
	if read != checked+rejected {
		t.Errorf("rows read %d != checked %d + rejected %d", read, checked, rejected)
	}
	return r
}

func (r *corpusRun) num(key string) int {
	v, _ := r.summary[key].(float64)
	return int(v)
}

// file returns a number of the summary's entry for the first file.
func (r *corpusRun) file(key string) int {
	files, _ := r.summary["files"].([]any)
	if len(files) == 0 {
		return -1
	}
	v, _ := files[0].(map[string]any)[key].(float64)
	return int(v)
}

func (r *corpusRun) count() map[string]int {
	c := map[string]int{}
	for _, f := range r.findings {
		c[f.Check]++
	}
	return c
}

// at returns the findings of check on row.
func (r *corpusRun) at(check string, row int) []line {
	var out []line
	for _, f := range r.findings {
		if f.Check == check && f.Row == row {
			out = append(out, f)
		}
	}
	return out
}

// want asserts a finding of check on row whose message or value contains
// each of msg.
func (r *corpusRun) want(t *testing.T, check string, row int, msg ...string) {
	t.Helper()
	fs := r.at(check, row)
	if len(fs) == 0 {
		t.Errorf("no %s on row %d", check, row)
		return
	}
	for _, f := range fs {
		ok := true
		for _, m := range msg {
			ok = ok && (strings.Contains(f.Message, m) || strings.Contains(f.Value, m))
		}
		if ok {
			return
		}
	}
	t.Errorf("%s on row %d: none of %q says %q", check, row, fs[0].Message, msg)
}

// none asserts that check never fires.
func (r *corpusRun) none(t *testing.T, check string) {
	t.Helper()
	for _, f := range r.findings {
		if f.Check == check {
			t.Errorf("unexpected %s on row %d: %s (value %q)", check, f.Row, f.Message, f.Value)
			return
		}
	}
}

func TestCorpusAliExpressSearchEN(t *testing.T) {
	r := runCorpus(t, "check", "aliexpress-search-en/aliexpress_products.csv")
	if r.num("rows_read") != 750 || r.num("rows_rejected") != 0 {
		t.Errorf("rows read %d rejected %d, want 750 0", r.num("rows_read"), r.num("rows_rejected"))
	}
	// Every price is written like MAD9.94: all read, none a bad value.
	r.none(t, "bad-value")
	r.none(t, "price-not-positive")
	// The longest title (row 7) has exactly 128 characters: the limit, not over it.
	r.none(t, "title-too-long")
	r.want(t, "duplicate-listing", 94, "row 6")              // "...System Set,with Binder" = "...System Set With Binder"
	r.want(t, "recalled-item", 125, "blood glucose monitor") // glucose meter with test strips
	r.want(t, "title-duplicate-words", 9, "iphone", "2")     // "for iPhone 14 ... for iPhone 14 Plus"
	r.want(t, "title-short", 688, "46 characters")
	if n := r.count()["title-duplicate-words"]; n < 500 {
		t.Errorf("%d title-duplicate-words; the keyword-stuffed scrape has hundreds", n)
	}
}

func TestCorpusAliExpressSearchFR(t *testing.T) {
	r := runCorpus(t, "check", "aliexpress-search-fr/aliexpress_multi_page_firefox.csv")
	if r.num("rows_read") != 240 || r.num("rows_rejected") != 0 {
		t.Errorf("rows read %d rejected %d, want 240 0", r.num("rows_read"), r.num("rows_rejected"))
	}
	// "MAD 143.97" prices are read; "N/A" (original_price, rating, one
	// image_url) and "5 000 vendus" are never taken for bad values.
	r.none(t, "bad-value")
	if n := r.count()["title-too-long"]; n != 155 {
		t.Errorf("%d title-too-long, want 155 (SOURCE.md)", n)
	}
	r.want(t, "title-too-long", 3, "149")
	r.want(t, "images-missing", 103) // image_url is N/A
	r.want(t, "duplicate-listing", 78, "row 68")
	r.want(t, "title-duplicate-words", 8, `"pantalon" appears 2 times`)
	if fs := r.at("title-duplicate-words", 2); len(fs) > 0 {
		t.Errorf("row 2 repeats no word: %s", fs[0].Message)
	}
}

func TestCorpusHMProductsXLSX(t *testing.T) {
	r := runCorpus(t, "check", "hm-products-xlsx/products.xlsx")
	if r.num("rows_read") != 5400 || r.num("rows_rejected") != 0 {
		t.Errorf("rows read %d rejected %d, want 5400 0", r.num("rows_read"), r.num("rows_rejected"))
	}
	r.none(t, "bad-value") // prices "$ 5.99" as text
	// Colour variants are separate products with the same name and brand.
	r.want(t, "duplicate-listing", 4, "row 2 of sheet Sheet1")
	if fs := r.at("duplicate-listing", 4); len(fs) > 0 && (fs[0].Entity != "1212699011" || fs[0].Sheet != "Sheet1") {
		t.Errorf("row 4: entity %q sheet %q", fs[0].Entity, fs[0].Sheet)
	}
	zeros := false
	for _, f := range r.findings {
		zeros = zeros || strings.HasPrefix(f.Entity, "0")
	}
	if !zeros {
		t.Error("no product id kept its leading zeros")
	}
	if n := r.count()["duplicate-listing"]; n < 3000 {
		t.Errorf("%d duplicate-listing; the colour variants give over 3,000", n)
	}
}

func TestCorpusVelofantFeedXML(t *testing.T) {
	r := runCorpus(t, "check", "shopify-export-velofant/Velofant_feed.xml")
	if r.num("rows_read") != 20 || r.num("rows_rejected") != 0 {
		t.Errorf("rows read %d rejected %d, want 20 0", r.num("rows_read"), r.num("rows_rejected"))
	}
	r.none(t, "bad-value")
	r.none(t, "missing-field")
	r.none(t, "rep-missing")    // shipping_country SE: not sold in France
	r.want(t, "stock-empty", 2) // <availability>out of stock</availability>
	if fs := r.at("stock-empty", 2); len(fs) > 0 && (fs[0].Entity != "CY-ARK-CHR-57" || fs[0].Column != "availability") {
		t.Errorf("stock-empty: %+v", fs[0])
	}
	r.want(t, "title-duplicate-words", 17, "märkning")
	// The line of each product's start tag, for the seller to find it.
	if l := r.lineOf(t, "title-short", 3); l != 21 {
		t.Errorf("row 3: line %d, want 21 (its <product> tag)", l)
	}
	if !strings.Contains(r.stderr, "XML feed") {
		t.Errorf("no note says how the feed was read: %s", r.stderr)
	}
}

// lineOf returns the "line" of the first finding of check on row.
func (r *corpusRun) lineOf(t *testing.T, check string, row int) int {
	t.Helper()
	for _, s := range strings.Split(r.stdout, "\n") {
		var f struct {
			Check string `json:"check"`
			Row   int    `json:"row"`
			Line  int    `json:"line"`
		}
		if json.Unmarshal([]byte(s), &f) == nil && f.Check == check && f.Row == row {
			return f.Line
		}
	}
	return 0
}

func TestCorpusShopifyExport(t *testing.T) {
	r := runCorpus(t, "check", "shopify-export-velofant/products_export_1.csv")
	if r.num("rows_read") != 48 || r.file("continuation") != 34 {
		t.Errorf("rows read %d continuation %d, want 48 34", r.num("rows_read"), r.file("continuation"))
	}
	r.none(t, "bad-value")
	r.none(t, "missing-field")
	r.want(t, "images-too-many", 2, "8") // 8 images on the wheelset's continuation rows
	r.want(t, "ce-missing", 26, "rechargeable")
}

func TestCorpusOlist(t *testing.T) {
	// The products table has no titles (only their length): not a catalog.
	p := corpusPath(t, "olist-orders-sample/olist_products_dataset.csv")
	code, _, stderr := aecheck(t, "", "check", p, "-o", "-")
	if code != 2 || !strings.Contains(stderr, "olist_products_dataset.csv") || !strings.Contains(stderr, "no title column") {
		t.Errorf("olist products: exit %d: %s", code, stderr)
	}
	if strings.Contains(stderr, `--map title="product_name_lenght"`) {
		t.Errorf("suggests the name length column as the title: %s", stderr)
	}
	r := runCorpus(t, "orders", "olist-orders-sample/olist_orders_dataset.csv")
	if r.num("rows_read") != 4071 || r.num("rows_rejected") != 0 {
		t.Errorf("rows read %d rejected %d, want 4071 0", r.num("rows_read"), r.num("rows_rejected"))
	}
	r.none(t, "bad-value")
	// Row 8: invoiced on 2017-04-13, never handed to a carrier.
	r.want(t, "order-ship-overdue", 8, "136cce7faa42fdb2cefd53fdc79a6098")
}

// parseFindings reads the findings and the summary of a JSONL report; other
// lines (metrics) are skipped.
func parseFindings(t *testing.T, s string) (fs []line, summary map[string]any) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		switch m["kind"] {
		case "finding":
			var f line
			if err := json.Unmarshal([]byte(l), &f); err != nil {
				t.Fatalf("bad finding %q: %v", l, err)
			}
			fs = append(fs, f)
		case "summary":
			summary = m
		}
	}
	if summary == nil {
		t.Fatalf("no summary line in output:\n%s", s)
	}
	return fs, summary
}
