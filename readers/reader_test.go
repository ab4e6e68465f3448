package readers

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// result is everything read from one input.
type result struct {
	listings []Listing
	rows     int
	cont     int
	blank    int
	notes    []string
	tables   []*Columns
}

// readAll reads every batch of path, asserting the accounting of each batch:
// rows = listings (or orders) + continuation rows + blank rows.
func readAll(t testing.TB, path string, opt Options) (*result, error) {
	t.Helper()
	r, err := OpenCatalog(path, nil, opt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	res := &result{}
	for r.Next() {
		b := r.Batch()
		n := len(b.Listings)
		if b.Rows != n+b.Continuation+b.Blank {
			t.Errorf("%s: batch rows %d != %d entities + %d continuation + %d blank", path, b.Rows, n, b.Continuation, b.Blank)
		}
		if opt.BatchSize > 0 && n > opt.BatchSize {
			t.Errorf("%s: batch of %d, over the size %d", path, n, opt.BatchSize)
		}
		if b.Cols == nil {
			t.Errorf("%s: batch without Cols", path)
		}
		res.listings = append(res.listings, b.Listings...)
		res.rows += b.Rows
		res.cont += b.Continuation
		res.blank += b.Blank
	}
	res.notes = r.Notes()
	res.tables = r.Tables()
	return res, r.Err()
}

// comparable strips what differs between twins (file, line, column map).
func comparable(ls []Listing) []Listing {
	out := make([]Listing, len(ls))
	for i, l := range ls {
		l.Pos = Pos{}
		l.Cols = nil
		l.Problems = nil
		out[i] = l
	}
	return out
}

func TestTwins(t *testing.T) {
	dir := filepath.Join("testdata", "shapes")
	ref, err := readAll(t, filepath.Join(dir, "utf8-comma.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.listings) != 3 || ref.listings[0].ProductID != "00123" || ref.listings[1].Title != `Lamp, "warm" white` || ref.listings[1].Price != 1234.56 {
		t.Fatalf("reference read wrong: %+v", ref.listings)
	}
	latin, err := readAll(t, filepath.Join(dir, "utf8-comma-latin.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		want *result
		enc  string
		sep  byte
	}{
		{"utf8-bom-semicolon-fr.csv", ref, EncUTF8, ';'},
		{"utf16le-tab.txt", ref, EncUTF16LE, '\t'},
		{"utf16be-tab.tsv", ref, EncUTF16BE, '\t'},
		{"gb18030-zh.csv", ref, EncGB18030, ','},
		{"windows1252-es.csv", latin, EncWindows1252, ';'},
		{"pipe.csv", ref, EncUTF8, '|'},
		{"title-rows.csv", ref, EncUTF8, ','},
		{"numbers-title-rows.xlsx", ref, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			r, err := OpenCatalog(path, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Encoding() != tt.enc || r.Delimiter() != tt.sep {
				t.Errorf("encoding %q sep %q, want %q %q", r.Encoding(), r.Delimiter(), tt.enc, tt.sep)
			}
			r.Close()
			got, err := readAll(t, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range got.listings {
				if len(l.Problems) > 0 {
					t.Errorf("row %d: unexpected problems %+v", l.Pos.Row, l.Problems)
				}
			}
			if g, w := comparable(got.listings), comparable(tt.want.listings); !reflect.DeepEqual(g, w) {
				t.Errorf("listings differ from the UTF-8 twin:\n got %+v\nwant %+v", g, w)
			}
		})
	}
}

func TestRowNumbersAsExcelShows(t *testing.T) {
	res, err := readAll(t, filepath.Join("testdata", "shapes", "title-rows.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.tables[0].HeaderRow != 4 {
		t.Errorf("header row %d, want 4", res.tables[0].HeaderRow)
	}
	// Two title rows and a blank row sit above the header: rows 5-7 are the products.
	for i, l := range res.listings {
		if l.Pos.Row != 5+i || l.Pos.Line != 5+i {
			t.Errorf("listing %d at row %d line %d, want %d", i, l.Pos.Row, l.Pos.Line, 5+i)
		}
	}
	x, err := readAll(t, filepath.Join("testdata", "shapes", "numbers-title-rows.xlsx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := x.listings[0].Pos.String(); got != filepath.Join("testdata", "shapes", "numbers-title-rows.xlsx")+"[Products]!5" {
		t.Errorf("xlsx position %s", got)
	}
	if p := x.listings[2].At("price"); p.Cell() != "F7" || p.Field != "Price" {
		t.Errorf("price cell %s %q, want F7 Price", p.Cell(), p.Field)
	}
}

// write creates a file in a temp dir and returns its path.
func write(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMultilineCellKeepsRowsAndLines(t *testing.T) {
	p := write(t, "c.csv", "Product ID,Title,Category,Price\n1,\"A title\non two lines\",Home,5\n2,Next,Home,6\n")
	res, err := readAll(t, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := res.listings[1]
	if l.Pos.Row != 3 || l.Pos.Line != 4 {
		t.Errorf("second product at row %d line %d, want row 3 line 4", l.Pos.Row, l.Pos.Line)
	}
}

func TestShopifyContinuationRows(t *testing.T) {
	csv := "Handle,Title,Body (HTML),Vendor,Product Category,Variant SKU,Variant Price,Variant Inventory Qty,Image Src\n" +
		"lamp,Desk lamp,<p>Nice</p>,Acme,Home > Lighting,L-1,19.90,4,https://x/1.jpg\n" +
		"lamp,,,,,L-2,21.90,0,https://x/2.jpg\n" +
		"lamp,,,,,,,,https://x/3.jpg\n" +
		"\n" +
		"mug,Mug,,Acme,Home > Kitchen,M-1,abc,1,https://x/4.jpg\n"
	res, err := readAll(t, write(t, "products_export.csv", csv), Options{BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.listings) != 2 || res.rows != 5 || res.cont != 2 || res.blank != 1 {
		t.Fatalf("listings %d rows %d cont %d blank %d, want 2 5 2 1", len(res.listings), res.rows, res.cont, res.blank)
	}
	lamp := res.listings[0]
	if lamp.Images != 3 || len(lamp.Variants) != 1 || lamp.Variants[0].SKU != "L-2" || lamp.Variants[0].Price != 21.9 || !lamp.Variants[0].HasStock || lamp.Variants[0].Row != 3 {
		t.Errorf("lamp = %+v", lamp)
	}
	mug := res.listings[1]
	if len(mug.Problems) != 1 || mug.Problems[0].Check != "bad-value" || mug.Problems[0].Pos.Cell() != "G6" || mug.Problems[0].Value != "abc" || mug.HasPrice {
		t.Errorf("mug problems = %+v", mug.Problems)
	}
}

func TestProblems(t *testing.T) {
	csv := "Product ID,Title,Category,Price,Stock,Images,Delivery Days,Created\n" +
		"1,Good,Home,5,3,2,5,2024-01-01\n" +
		",,,N/A,,,,\n" +
		"3,Bad values,Home,twelve,1.5,2.5,soon,yesterday\n"
	res, err := readAll(t, write(t, "p.csv", csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := func(l Listing) []string {
		var out []string
		for _, p := range l.Problems {
			out = append(out, p.Check+" "+p.Name+" "+p.Pos.Cell())
		}
		return out
	}
	if ps := got(res.listings[0]); ps != nil {
		t.Errorf("good row problems %v", ps)
	}
	if ps, want := got(res.listings[1]), []string{"missing-field product_id A3", "missing-field title B3", "missing-field category C3", "missing-field price D3"}; !reflect.DeepEqual(ps, want) {
		t.Errorf("empty row problems %v, want %v", ps, want)
	}
	if ps, want := got(res.listings[2]), []string{"bad-value price D4", "bad-value stock E4", "bad-value delivery_days G4", "bad-value created_at H4", "bad-value images F4"}; !reflect.DeepEqual(ps, want) {
		t.Errorf("bad row problems %v, want %v", ps, want)
	}
	for _, p := range res.listings[2].Problems {
		if p.Msg == "" || p.Value == "" {
			t.Errorf("problem without message or value: %+v", p)
		}
	}
}

func TestMapAndAliases(t *testing.T) {
	csv := "Artikelnummer,Bezeichnung,Warengruppe,Preis\nA1,Teekanne,Küche,12\n"
	p := write(t, "de.csv", csv)
	_, err := OpenCatalog(p, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "no header row") || !strings.Contains(err.Error(), `"Bezeichnung"`) {
		t.Fatalf("err = %v, want no header row, naming the cells found", err)
	}
	var ie *InputError
	if !errors.As(err, &ie) || ie.Pos.File != p {
		t.Errorf("err is not an *InputError naming the file: %#v", err)
	}
	res, err := readAll(t, p, Options{Map: map[string]string{"title": "Bezeichnung"}, Aliases: map[string][]string{"product_id": {"Artikelnummer"}, "category": {"Warengruppe"}}})
	if err != nil {
		t.Fatal(err)
	}
	l := res.listings[0]
	if l.Title != "Teekanne" || l.ProductID != "A1" || l.Category != "Küche" || l.Price != 12 {
		t.Errorf("listing = %+v", l)
	}
	if _, err := OpenCatalog(p, nil, Options{Map: map[string]string{"titel": "Bezeichnung"}}); err == nil || !strings.Contains(err.Error(), `unknown field "titel"`) {
		t.Errorf("unknown --map field: err = %v", err)
	}
}

func TestMissingColumnSuggestsClosest(t *testing.T) {
	p := write(t, "typo.csv", "Product ID,Tittle,Price\n1,x,2\n")
	_, err := OpenCatalog(p, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), `"Tittle" looks like "Title"`) || !strings.Contains(err.Error(), `--map title="Tittle"`) {
		t.Errorf("err = %v", err)
	}
}

// makeXLSX returns a minimal workbook with the given sheets, each a CSV text.
func makeXLSX(t testing.TB, sheets map[string]string, order []string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	f := newXLSXForTest()
	for i, name := range order {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		for r, line := range strings.Split(strings.TrimSpace(sheets[name]), "\n") {
			for c, v := range strings.Split(line, ",") {
				cell := fmt.Sprintf("%c%d", 'A'+c, r+1)
				f.SetCellStr(name, cell, v)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func TestSheets(t *testing.T) {
	p := makeXLSX(t, map[string]string{
		"Read me":  "Fill one product per row",
		"Products": "Title,Price\nLamp,5\nMug,6",
		"More":     "Title,Price\nCup,7",
		"Empty":    "",
	}, []string{"Read me", "Products", "More", "Empty"})
	if _, err := OpenCatalog(p, nil, Options{}); err == nil || !strings.Contains(err.Error(), "no header row") {
		t.Errorf("first sheet is instructions: err = %v", err)
	}
	for _, sel := range []string{"Products", "products", "2"} {
		res, err := readAll(t, p, Options{Sheet: sel})
		if err != nil || len(res.listings) != 2 || res.listings[0].Pos.Sheet != "Products" {
			t.Errorf("--sheet %s: %v %+v", sel, err, res)
		}
	}
	res, err := readAll(t, p, Options{Sheet: "*", BatchSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.listings) != 3 || len(res.tables) != 2 || res.listings[2].Pos.Sheet != "More" || res.listings[2].Pos.Row != 2 {
		t.Errorf("--sheet '*': %d listings, %d tables: %+v", len(res.listings), len(res.tables), res.listings)
	}
	if len(res.notes) < 2 {
		t.Errorf("skipped sheets not noted: %q", res.notes)
	}
	if _, err := OpenCatalog(p, nil, Options{Sheet: "Nope"}); err == nil || !strings.Contains(err.Error(), `no sheet "Nope"`) || !strings.Contains(err.Error(), `"Products"`) {
		t.Errorf("missing sheet: err = %v", err)
	}
}

func zipBomb(t testing.TB) string {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	zero := make([]byte, 1<<20)
	for i := 0; i < 64; i++ {
		w.Write(zero)
	}
	zw.Close()
	return write(t, "bomb.xlsx", buf.String())
}

func TestBadInputs(t *testing.T) {
	good := makeXLSX(t, map[string]string{"S": "Title,Price\nLamp,5"}, []string{"S"})
	data, _ := os.ReadFile(good)
	tests := []struct {
		name    string
		path    string
		opt     Options
		wantErr string
	}{
		{"missing", filepath.Join(t.TempDir(), "nope.csv"), Options{}, "file not found"},
		{"empty", write(t, "empty.csv", ""), Options{}, "the file is empty"},
		{"blank lines only", write(t, "blank.csv", "\n\n ,\n"), Options{}, "no rows with values"},
		{"header only", write(t, "h.csv", "Title,Price\n\n"), Options{}, "no data rows follow it"},
		{"no header", write(t, "x.csv", "foo,bar\n1,2\n"), Options{}, "no header row found"},
		{"binary", write(t, "x.csv", "\x00\x01\x02\x03garbage\x00\x00\x00\xff"), Options{}, "binary data"},
		{"png", write(t, "x.csv", "\x89PNG\r\n\x1a\n...."), Options{}, "not a spreadsheet"},
		{"old xls", write(t, "x.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), Options{}, "Excel 97-2003"},
		{"xlsx not zip", write(t, "x.xlsx", "Title,Price\n"), Options{}, "not a valid XLSX"},
		{"truncated xlsx", write(t, "t.xlsx", string(data[:len(data)/2])), Options{}, "not a valid XLSX"},
		{"zip bomb", zipBomb(t), Options{MaxUnzip: 8 << 20}, "ZIP bomb"},
		{"bad encoding flag", write(t, "e.csv", "Title,Price\nx,1\n"), Options{Encoding: "klingon"}, "unknown encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.path, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), filepath.Base(tt.path)) && tt.name != "bad encoding flag" {
				t.Errorf("error does not name the file: %v", err)
			}
		})
	}
}

func TestRowLevelBadInputGoesOn(t *testing.T) {
	big := strings.Repeat("x", 10<<20)
	csv := "Product ID,Title,Category,Price,Description\n1,ok,Home,5,fine\n2,big,Home,5,\"" + big + "\"\n3,\"broken,Home,5,x\n4,last,Home,5,x\n"
	res, err := readAll(t, write(t, "bad.csv", csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.rows != 4 || len(res.listings) != 4 {
		t.Fatalf("rows %d listings %d, want 4 4", res.rows, len(res.listings))
	}
	if ps := res.listings[1].Problems; len(ps) != 1 || ps[0].Name != "description" || len(ps[0].Value) > 400 {
		t.Errorf("10 MB cell: problems %+v", ps)
	}
	if ps := res.listings[2].Problems; len(ps) != 1 || ps[0].Check != "bad-value" || ps[0].Pos.Cell() != "B4" {
		t.Errorf("unbalanced quote: problems %+v", ps)
	}
	if l := res.listings[3]; l.Title != "last" || l.Pos.Row != 5 || len(l.Problems) != 0 {
		t.Errorf("row after the broken one: %+v", l)
	}
}

func TestStdin(t *testing.T) {
	csv := "Title;Prix\nThé;12,50\n"
	r, err := OpenCatalog("-", strings.NewReader(csv), Options{Name: "stdin", FileIndex: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Next() {
		t.Fatal(r.Err())
	}
	b := r.Batch()
	if b.File != 3 || len(b.Listings) != 1 || b.Listings[0].Price != 12.5 || b.Listings[0].Pos.String() != "stdin:2" {
		t.Errorf("batch %+v", b)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "shapes", "numbers-title-rows.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	x, err := OpenCatalog("-", bytes.NewReader(data), Options{Name: "stdin", Format: "xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if !x.Next() || len(x.Batch().Listings) != 3 {
		t.Errorf("xlsx from stdin: %v", x.Err())
	}
}

func TestTableReaderRows(t *testing.T) {
	p := write(t, "t.csv", "Report\nTitle,Price,Title\nA,1,x\n\n\"B\nb\",2,y\n")
	tr, err := OpenTable(p, nil, ListingFields, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	var got []string
	for tr.Next() {
		got = append(got, fmt.Sprintf("%d/%d blank=%v %q", tr.Pos().Row, tr.Pos().Line, tr.Blank(), tr.Cells()))
	}
	want := []string{`3/3 blank=false ["A" "1" "x"]`, `4/4 blank=true [""]`, `5/5 blank=false ["B\nb" "2" "y"]`}
	if !reflect.DeepEqual(got, want) || tr.Err() != nil {
		t.Errorf("rows %q, want %q (err %v)", got, want, tr.Err())
	}
	if c := tr.Columns(); c.HeaderRow != 2 || c.Index("title") != 0 {
		t.Errorf("columns %+v", c)
	}
	if n := strings.Join(tr.Notes(), "\n"); !strings.Contains(n, "both hold the title") || !strings.Contains(n, "row 2") {
		t.Errorf("notes %q", n)
	}
}
