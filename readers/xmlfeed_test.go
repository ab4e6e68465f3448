package readers

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func TestXMLFeedGoogleRSS(t *testing.T) {
	p := filepath.Join("testdata", "feeds", "google-rss.xml")
	res, err := readAll(t, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.rows != 3 || len(res.listings) != 3 {
		t.Fatalf("rows %d listings %d, want 3 3", res.rows, len(res.listings))
	}
	cols := res.tables[0]
	if cols.HeaderRow != 1 || cols.Sheet != "" {
		t.Errorf("header row %d sheet %q", cols.HeaderRow, cols.Sheet)
	}
	// The header is every field in order of first appearance, sale_price and
	// gtin included though they first appear in later items; the nested
	// shipping fields are named by their path.
	want := "id title description link image_link additional_image_link availability price google_product_category brand condition shipping_country shipping_service shipping_price sale_price gtin"
	if got := strings.Join(cols.Header, " "); got != want {
		t.Errorf("header\n got %s\nwant %s", got, want)
	}
	a, b, c := res.listings[0], res.listings[1], res.listings[2]
	if a.ProductID != "00042" || a.Pos.Row != 2 || a.Pos.Line != 7 || a.Price != 15 || !a.HasPrice || a.Images != 3 || a.Brand != "Acme" || a.HasStock {
		t.Errorf("first item %+v", a)
	}
	if a.Description != "Keeps drinks cold for <b>24 hours</b> &amp; hot for 12." {
		t.Errorf("CDATA description %q", a.Description)
	}
	if a.ShipTo != "US\nCA" || !strings.HasPrefix(a.Category, "Home & Garden > Kitchen") {
		t.Errorf("ship to %q category %q", a.ShipTo, a.Category)
	}
	if b.Pos.Row != 3 || b.Pos.Line != 30 || b.Price != 1299 || !b.HasStock || b.Stock != 0 || b.ShipTo != "FR" || b.Images != 1 {
		t.Errorf("second item %+v", b)
	}
	// N/A is no price: a missing-field problem, not a bad value.
	if c.Pos.Row != 4 || c.HasPrice || len(c.Problems) != 1 || c.Problems[0].Check != "missing-field" || c.Problems[0].Pos.Field != "price" {
		t.Errorf("third item %+v", c)
	}
	if n := strings.Join(res.notes, "\n"); !strings.Contains(n, "<item>") || !strings.Contains(n, "both hold the price") {
		t.Errorf("notes %q", n)
	}
}

func TestXMLFeedAtomAndEncodings(t *testing.T) {
	res, err := readAll(t, filepath.Join("testdata", "feeds", "atom.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.listings) != 1 || res.listings[0].ProductID != "A-1" || res.listings[0].Category != "Home > Kitchen > Teapots" || res.listings[0].Pos.Row != 2 || res.listings[0].Pos.Line != 7 {
		t.Errorf("atom: %+v", res.listings)
	}
	latin, err := readAll(t, filepath.Join("testdata", "feeds", "latin1.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l := latin.listings[0]; l.Title != "Théière en fonte 1 L" || l.Price != 12.5 || l.Pos.Line != 3 {
		t.Errorf("ISO-8859-1 feed: %+v", l)
	}
	// UTF-16 with a BOM, named .txt: sniffed as XML.
	src, _ := os.ReadFile(filepath.Join("testdata", "feeds", "atom.xml"))
	u16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(bytes.Replace(src, []byte(`encoding="utf-8"`), []byte(`encoding="utf-16"`), 1))
	if err != nil {
		t.Fatal(err)
	}
	res16, err := readAll(t, write(t, "feed.txt", string(u16)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res16.listings) != 1 || res16.listings[0].Title != res.listings[0].Title {
		t.Errorf("UTF-16 feed: %+v", res16.listings)
	}
}

func TestXMLFeedStdin(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "feeds", "google-rss.xml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenCatalog("-", bytes.NewReader(data), Options{Name: "stdin"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r.Next() {
		n += len(r.Batch().Listings)
	}
	if err := r.Close(); err != nil || r.Err() != nil || n != 3 {
		t.Errorf("stdin feed: %d listings, err %v %v", n, r.Err(), err)
	}
}

func TestXMLFeedBad(t *testing.T) {
	good, _ := os.ReadFile(filepath.Join("testdata", "feeds", "google-rss.xml"))
	tests := []struct {
		name, data, want string
	}{
		{"truncated", string(good[:len(good)*2/3]), "cut short"},
		{"not a feed", `<?xml version="1.0"?><html><body><p>hello</p></body></html>`, "not a product feed"},
		{"no known fields", "<products><product><foo>1</foo><bar>2</bar></product></products>", "has no title column"},
		{"empty feed", "<products>\n</products>\n", "not a product feed"},
		{"garbage after declaration", "<?xml version=\"1.0\"?>\n<products><product><title>a</title><<<", "line 2"},
		{"unknown encoding", `<?xml version="1.0" encoding="klingon"?><products><product><title>a</title><price>1</price></product></products>`, "klingon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, "feed.xml", tt.data)
			_, err := readAll(t, p, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "feed.xml") {
				t.Fatalf("err = %v, want %q and the file name", err, tt.want)
			}
		})
	}
}

func TestXMLFeedCorpus(t *testing.T) {
	res, err := readAll(t, corpusFile(t, "shopify-export-velofant/Velofant_feed.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.rows != 20 || len(res.listings) != 20 {
		t.Fatalf("rows %d listings %d, want 20", res.rows, len(res.listings))
	}
	l := res.listings[0]
	if l.ProductID != "CY-ARK-CHR-57" || l.Title != "ARKIPELAGO – Framekit" || l.Price != 6900 || l.Pos.Row != 2 || l.Pos.Line != 4 ||
		!l.HasStock || l.Stock != 0 || l.ShipTo != "SE" || l.DeliveryDays != 4 || l.Images != 1 || l.Brand != "Velofant" || l.Category != "Cykelramar" {
		t.Errorf("first product %+v", l)
	}
	if l := res.listings[1]; l.Price != 249 || l.HasStock || l.Pos.Row != 3 || l.Pos.Line != 21 {
		t.Errorf("second product %+v", l)
	}
	for _, l := range res.listings {
		if len(l.Problems) > 0 {
			t.Errorf("row %d: problems %+v", l.Pos.Row, l.Problems)
		}
	}
}

func TestParseAvailability(t *testing.T) {
	for s, want := range map[string][3]int64{"out of stock": {0, 1, 1}, "OutOfStock": {0, 1, 1}, "https://schema.org/InStock": {0, 0, 1}, "in_stock": {0, 0, 1}, "épuisé": {0, 1, 1}, "12": {0, 0, 0}, "lots": {0, 0, 0}} {
		n, has, ok := parseAvailability(s)
		if got := [3]int64{n, b2i(has), b2i(ok)}; got != want {
			t.Errorf("parseAvailability(%q) = %v, want %v", s, got, want)
		}
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// FuzzXMLFeed checks that the XML feed reader never panics, and that every
// record element it reports is accounted for in the batches.
func FuzzXMLFeed(f *testing.F) {
	for _, name := range []string{"google-rss.xml", "atom.xml", "latin1.xml"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "feeds", name)); err == nil {
			f.Add(data)
			f.Add(data[:len(data)/2])
		}
	}
	f.Add([]byte("<products><product><id>1</id><title>a</title></product><product><title>b</title><price>x</price></product></products>"))
	f.Add([]byte("<rss><channel><item><title>t</title><g:price>1 USD</g:price><g:shipping><g:country>FR</g:country></g:shipping></item></channel></rss>"))
	f.Add([]byte("<?xml version=\"1.0\"?><catalog><products><product><name>n</name><sku>s</sku></product></products></catalog>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.xml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := OpenCatalog(p, nil, Options{BatchSize: 2})
		if err != nil {
			return
		}
		defer r.Close()
		rows, last := 0, 1
		for r.Next() {
			b := r.Batch()
			if b.Rows != len(b.Listings)+b.Continuation+b.Blank {
				t.Fatalf("batch rows %d != %d + %d + %d", b.Rows, len(b.Listings), b.Continuation, b.Blank)
			}
			for _, l := range b.Listings {
				if l.Pos.Row <= last {
					t.Fatalf("row %d after row %d", l.Pos.Row, last)
				}
				last = l.Pos.Row
			}
			rows += b.Rows
		}
		if r.Err() == nil && rows != last-1 && rows > 0 {
			// Rows are numbered 2.. without gaps; the last row read is
			// rows+1 unless it was a blank or continuation row.
			if last > rows+1 {
				t.Fatalf("%d rows read, but a listing on row %d", rows, last)
			}
		}
	})
}
