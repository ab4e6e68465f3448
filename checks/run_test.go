package checks

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/aecheck/aecheck/readers"
)

func listing(file string, row int, shop, id, sku, title, category string, price float64) readers.Listing {
	cols := &readers.Columns{File: file, Header: []string{"Product ID", "SKU", "Title", "Category", "Price"},
		Fields: map[string][]int{"product_id": {0}, "sku": {1}, "title": {2}, "category": {3}, "price": {4}}}
	return readers.Listing{Pos: readers.Pos{File: file, Row: row}, Cols: cols, Shop: shop, ProductID: id, SKU: sku,
		Title: title, Category: category, Price: price, HasPrice: price != 0}
}

// TestKeysReused: Keys handed back with Release serve later batches of
// other sizes, with other SKU counts, and the catalog-wide findings are
// those of keys made afresh for each batch.
func TestKeysReused(t *testing.T) {
	rn := mustRunner(t, nil)
	var ls []readers.Listing
	for i := 0; i < 300; i++ {
		l := listing("a.csv", i+2, "", strconv.Itoa(i), "SKU-"+strconv.Itoa(i%70), "Title number "+strconv.Itoa(i%90), "Dresses", float64(10+i%7))
		for v := 0; v < i%4; v++ {
			l.Variants = append(l.Variants, readers.Variant{SKU: "V-" + strconv.Itoa((i+v)%50), Row: i + 2})
		}
		ls = append(ls, l)
	}
	ls[299].Price = 5000
	run := func(release bool) []Finding {
		cat := rn.NewCatalog()
		var out []Finding
		for j, size := 0, 0; j < len(ls); j += size {
			size = min(1+j%97, len(ls)-j)
			_, ks := rn.Check(ls[j : j+size])
			out = append(out, cat.ObserveKeys(ls[j:j+size], ks)...)
			if release {
				ks.Release()
			}
		}
		return append(out, cat.Finish()...)
	}
	fresh, reused := run(false), run(true)
	if len(fresh) < 200 {
		t.Fatalf("want the duplicate SKUs and titles found, got %d findings", len(fresh))
	}
	if !reflect.DeepEqual(fresh, reused) {
		t.Errorf("with keys reused: %d findings, want %d; first %+v", len(reused), len(fresh), reused[0])
	}
}

// TestCatalogAcrossFiles feeds two files in several batches: duplicates
// and outliers are found across batch and file boundaries.
func TestCatalogAcrossFiles(t *testing.T) {
	rn := mustRunner(t, nil)
	cat := rn.NewCatalog()
	a := []readers.Listing{
		listing("a.csv", 2, "", "1", "SKU-1", "Red Cotton Summer Dress for Women", "Dresses", 20),
		listing("a.csv", 3, "", "2", "SKU-2", "Blue Dress", "Dresses", 22),
	}
	b1 := []readers.Listing{
		listing("b.csv", 2, "", "3", "SKU-1", "Green Dress", "Dresses", 21),
		listing("b.csv", 3, "", "4", "SKU-4", "red cotton summer dress for women!", "Dresses", 19),
	}
	b2 := []readers.Listing{
		listing("b.csv", 4, "", "5", "SKU-5", "Yellow Dress", "dresses", 900),
		listing("b.csv", 5, "other", "6", "SKU-1", "Red Cotton Summer Dress for Women", "Dresses", 20),
	}
	var got []Finding
	for _, batch := range [][]readers.Listing{a, b1, b2} {
		got = append(got, cat.Observe(batch)...)
	}
	if len(got) != 2 {
		t.Fatalf("want 2 duplicate findings, got %d: %+v", len(got), got)
	}
	sku, title := got[0], got[1]
	if sku.Check != "duplicate-sku" || sku.Pos.File != "b.csv" || sku.Pos.Row != 2 || sku.Pos.Col != 2 ||
		sku.Ref.File != "a.csv" || sku.Ref.Row != 2 || sku.Entity != "3" || !strings.Contains(sku.Message, "row 2 of a.csv") {
		t.Errorf("duplicate-sku: %+v", sku)
	}
	if title.Check != "duplicate-listing" || title.Pos.Row != 3 || title.Ref.File != "a.csv" || title.Ref.Row != 2 ||
		title.Severity != Warning || title.Kind != "listing" || title.Fix == "" {
		t.Errorf("duplicate-listing: %+v", title)
	}
	tail := cat.Finish()
	if len(tail) != 1 || tail[0].Check != "price-outlier" || tail[0].Pos.File != "b.csv" || tail[0].Pos.Row != 4 ||
		tail[0].Pos.Col != 5 || tail[0].Entity != "5" || tail[0].Value != "900" {
		t.Fatalf("price-outlier: %+v", tail)
	}
}

func TestListingsStampsAndOrders(t *testing.T) {
	r := Default()
	sev := Info
	r.Checks = map[string]CheckRule{"title-short": {Severity: &sev}}
	off := true
	r.Checks["title-cjk"] = CheckRule{Off: &off}
	rn := mustRunner(t, r)
	l := listing("c.csv", 7, "shop1", "", "S", "连衣裙 Dress", "", 0)
	l.Problems = []readers.Problem{
		{Check: "missing-field", Pos: l.At("category"), Name: "category", Msg: "the category is empty"},
		{Check: "missing-field", Pos: l.At("product_id"), Name: "product_id", Msg: "the product id is empty"},
	}
	fs := rn.Listings([]readers.Listing{l})
	var ids []string
	for _, f := range fs {
		ids = append(ids, fmt.Sprintf("%d:%s", f.Pos.Col, f.Check))
		if f.Entity != "row 7" || f.Shop != "shop1" || f.Kind != "listing" || f.Fix == "" {
			t.Errorf("not stamped: %+v", f)
		}
		if f.Check == "title-short" && f.Severity != Info {
			t.Errorf("severity override not applied: %v", f.Severity)
		}
		if f.Check == "missing-field" && f.Severity != Error {
			t.Errorf("missing-field severity %v", f.Severity)
		}
	}
	if got := strings.Join(ids, " "); got != "0:rep-missing 1:missing-field 3:title-short 4:missing-field" {
		t.Errorf("findings %q; want sorted by column, title-cjk off", got)
	}
}

func TestBrandListEmptyIsSilent(t *testing.T) {
	l := listing("c.csv", 2, "", "1", "S", "Running Shoes", "Shoes", 10)
	l.Brand = "Nike"
	for _, f := range mustRunner(t, nil).Listings([]readers.Listing{l}) {
		if f.Check == "brand-unauthorised" {
			t.Errorf("brand-unauthorised fired with no authorised_brands: %+v", f)
		}
	}
}

func TestNewRunnerBadRules(t *testing.T) {
	r := Default()
	r.Thresholds.TitleMax = 0
	if _, err := NewRunner(r); err == nil {
		t.Error("NewRunner accepted invalid rules")
	}
}

// TestListingsConcurrent runs one Runner from several goroutines; run with
// -race to check it is safe.
func TestListingsConcurrent(t *testing.T) {
	rn := mustRunner(t, nil)
	ls := synthetic(200)
	want := len(rn.Listings(ls))
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := len(rn.Listings(ls)); got != want {
				t.Errorf("got %d findings, want %d", got, want)
			}
		}()
	}
	wg.Wait()
}

func TestMatcher(t *testing.T) {
	rn := mustRunner(t, nil)
	cases := []struct {
		text string
		want string // "list/id" of the first hit, or ""
	}{
		{"Ceramic Teapot 900ml", ""},
		{"Gunmetal Grey Strap", ""},
		{"Tea Towel", ""},
		{"Hot Glue Guns Set", "ce_groups/machinery"}, // a tool, not a firearm
		{"Green TEA 100g", "prohibited/food-drinks"},
		{"Real GUN replica", "prohibited/firearms"},
		{"Électrique rasoir", "ce_groups/electrical"},
		{"electrique", "ce_groups/electrical"},
		{"Feux d’artifice", "prohibited/explosives"},
		{"儿童玩具积木", "ce_groups/toys"},
		{"茶壶 陶瓷", ""},
		{"<p>Contains <b>e-liquid</b></p>", "prohibited/e-cigarettes"},
	}
	var sc scanner
	for _, c := range cases {
		hits := rn.m.find(&sc, c.text, true, fieldTitle, nil)
		got := ""
		for _, h := range hits {
			if h.list != listPromo && h.list != listREP {
				got = listNames[h.list] + "/" + rn.lists[h.list][h.entry].ID
				break
			}
		}
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

func TestShipTo(t *testing.T) {
	cases := []struct {
		in     string
		eu, fr bool
	}{
		{"FR, DE, ES", true, true}, {"DE", true, false}, {"France", true, true}, {"Deutschland; Österreich", true, false},
		{"US/CA", false, false}, {"worldwide", true, true}, {"EU", true, true}, {"Martinique", true, true}, {"法国", true, true},
		{"United Kingdom", false, false},
	}
	for _, c := range cases {
		m := parseShipTo(c.in)
		if !m.known || m.eu != c.eu || m.fr != c.fr {
			t.Errorf("%q: %+v, want eu %v fr %v", c.in, m, c.eu, c.fr)
		}
	}
	if m := parseShipTo("Atlantis"); m.known {
		t.Error("Atlantis is not a country")
	}
	if fold("Été 连衣裙 Robe") != "ete 连衣裙 robe" {
		t.Errorf("fold: %q", fold("Été 连衣裙 Robe"))
	}
}

// synthetic returns n listings like a real catalog: varied titles, some
// with list terms, some duplicates.
func synthetic(n int) []readers.Listing {
	titles := []string{
		"Stainless Steel Insulated Water Bottle 750ml Leak Proof Sports Flask for Gym Cycling Hiking and Camping",
		"Women Summer Floral Midi Dress V Neck Short Sleeve Casual Beach Party Sundress with Belt",
		"LED Desk Lamp with USB Charging Port Dimmable Eye Caring Reading Light Touch Control",
		"Ceramic Teapot with Removable Infuser 900ml Japanese Style Kettle for Loose Leaf Brewing",
		"Kids Building Blocks Set 500 Pieces Creative Construction Toy City Bricks Educational Gift",
		"Silicone Phone Case Soft Silicone Case Cover for Samsung Galaxy S23 Ultra Shockproof",
	}
	ls := make([]readers.Listing, n)
	cols := &readers.Columns{File: "bench.csv", Header: []string{"id", "sku", "title", "description", "category", "price", "ship_to", "rep"},
		Fields: map[string][]int{"product_id": {0}, "sku": {1}, "title": {2}, "description": {3}, "category": {4}, "price": {5}, "ship_to": {6}, "rep": {7}}}
	for i := range ls {
		ls[i] = readers.Listing{
			Pos: readers.Pos{File: "bench.csv", Row: i + 2}, Cols: cols, ProductID: fmt.Sprint(1000000 + i), SKU: fmt.Sprint("SKU-", i),
			Title: titles[i%len(titles)] + fmt.Sprint(" Model ", i%97), Description: "<p>Great quality product, ships fast.</p>",
			Category: "Home & Garden > Kitchen", Price: float64(5 + i%50), HasPrice: true, Stock: 10, HasStock: true,
			Images: 5, HasImages: true, ShipTo: []string{"FR, DE", "DE", ""}[i%3], REP: "packaging:FR234567_01AB",
			DeliveryDays: 3, HasDeliveryDays: true,
		}
	}
	return ls
}

func BenchmarkListings(b *testing.B) {
	rn := mustRunner(b, nil)
	ls := synthetic(10000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rn.Listings(ls)
	}
	b.ReportMetric(float64(len(ls)*b.N)/b.Elapsed().Seconds(), "listings/s")
}

func BenchmarkCatalog(b *testing.B) {
	rn := mustRunner(b, nil)
	ls := synthetic(10000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := rn.NewCatalog()
		for j := 0; j < len(ls); j += 500 {
			c.Observe(ls[j:min(j+500, len(ls))])
		}
		c.Finish()
	}
}

// TestFinishEach: 10,000 price outliers come out a few thousand at a time,
// in input order (here b.csv, read first, before a.csv), the same as Finish
// gives at once; an error from emit stops them and is returned.
func TestFinishEach(t *testing.T) {
	observe := func() *Catalog {
		cat := mustRunner(t, nil).NewCatalog()
		for _, file := range []string{"b.csv", "a.csv"} {
			var ls []readers.Listing
			for i := range 11_000 {
				price := 10.0
				if i%11 < 5 {
					price = 1000 // 5,000 outliers per file
				}
				id := file + strconv.Itoa(i)
				ls = append(ls, listing(file, i+2, "", id, "SKU-"+id, "Cotton dress model "+id, "Dresses", price))
			}
			cat.Observe(ls)
		}
		return cat
	}
	var got []Finding
	var sizes []int
	if err := observe().FinishEach(func(fs []Finding) error {
		sizes = append(sizes, len(fs))
		got = append(got, fs...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 10_000 || len(sizes) < 3 || slices.Max(sizes) > finishChunk {
		t.Fatalf("%d findings in chunks of %v, want 10000 in chunks of at most %d", len(got), sizes, finishChunk)
	}
	for i := range got {
		wantFile := "b.csv"
		if i >= 5000 {
			wantFile = "a.csv"
		}
		if got[i].Check != "price-outlier" || got[i].Kind != "listing" || got[i].Pos.File != wantFile || i > 0 && i != 5000 && got[i].Pos.Row <= got[i-1].Pos.Row {
			t.Fatalf("finding %d: %s %s at %s row %d, out of input order", i, got[i].Kind, got[i].Check, got[i].Pos.File, got[i].Pos.Row)
		}
	}
	all := observe().Finish()
	if !slices.EqualFunc(all, got, func(a, b Finding) bool { return a == b }) {
		t.Fatal("Finish and FinishEach give different findings")
	}
	calls := 0
	stop := errors.New("disk full")
	if err := observe().FinishEach(func([]Finding) error { calls++; return stop }); err != stop || calls != 1 {
		t.Fatalf("emit failing: err %v after %d calls, want %v after 1", err, calls, stop)
	}
}

// TestCategoryMemoMatchesFind: the list hits prepare works out, with the
// category read from the per-goroutine memo, are those of finding the
// title, the category and the description one after the other; the
// price-outlier key is the hash of the shop and the folded category. Every
// category comes round several times, after titles that hit the same list
// entries and titles that do not.
func TestCategoryMemoMatchesFind(t *testing.T) {
	rn := mustRunner(t, nil)
	titles := []string{"Cotton Summer Dress", "LED Desk Lamp", "Fidget Spinner Toy", "Ceramic Teapot", "Robe en coton", "儿童玩具积木", ""}
	categories := []string{"Women's Clothing > Dresses", "Lights > Lamps", "Toys > Fidget Spinners", "Home & Kitchen", "Vêtements > Robes", "玩具", "", "Toys > Toy Guns"}
	descriptions := []string{"", "<p>Rechargeable lamp</p>", "Cotton towel"}
	s := rn.pool.Get().(*scratch)
	defer rn.pool.Put(s)
	var k keyer
	n := 0
	for round := 0; round < 3; round++ {
		for ti, title := range titles {
			for ci, category := range categories {
				n++
				l := readers.Listing{Title: title, Category: category, Description: descriptions[(ti+ci)%len(descriptions)], Price: 10, HasPrice: true, Shop: "s" + strconv.Itoa(round%2)}
				ks := &Keys{ls: make([]listingKey, 1)}
				rn.prepare(s, &l, ks, 0)
				// A scratch of its own has nothing in its memo.
				fresh := new(scratch)
				rn.prepare(fresh, &l, &Keys{ls: make([]listingKey, 1)}, 0)
				want := fresh.st.hits
				if !slices.Equal(s.st.hits, want) {
					t.Errorf("%q / %q: hits %v, want %v", title, category, s.st.hits, want)
				}
				k.h.reset()
				k.h.str(l.Shop)
				k.h.sep()
				wantCat := k.h.text(l.Category)
				if got := ks.ls[0]; got.hasCat != wantCat || wantCat && got.cat != k.h.sum() {
					t.Errorf("%q: category key %x %v, want %x %v", category, got.cat, got.hasCat, k.h.sum(), wantCat)
				}
			}
		}
	}
	if n < 150 {
		t.Fatalf("only %d listings", n)
	}
}

// TestReportMessageShares: findings with the same message made by
// reportMessage share one string; a different message is not taken for it,
// even when the scratch buffer is reused for it.
func TestReportMessageShares(t *testing.T) {
	var out []Finding
	st := &listingState{}
	p := &Pass{Check: ImagesFew, reports: &out, st: st, l: &readers.Listing{Pos: readers.Pos{Row: 2}}}
	for _, n := range []string{"3", "3", "4", "3", "14"} {
		p.reportMessage("images", n, fmt.Appendf(p.message(), "the product has %s images", n))
	}
	want := []string{"the product has 3 images", "the product has 3 images", "the product has 4 images", "the product has 3 images", "the product has 14 images"}
	for i, f := range out {
		if f.Message != want[i] {
			t.Errorf("finding %d: %q, want %q", i, f.Message, want[i])
		}
	}
	if len(out) != len(want) {
		t.Fatalf("%d findings, want %d", len(out), len(want))
	}
	if unsafe.StringData(out[0].Message) != unsafe.StringData(out[3].Message) {
		t.Error("the same message is not shared")
	}
	b := p.message()
	b = append(b, "the product has 3 images and more"...)
	p.reportMessage("images", "", b)
	if got := out[len(out)-1].Message; got != "the product has 3 images and more" || out[0].Message != want[0] {
		t.Errorf("after a longer message: %q, first %q", got, out[0].Message)
	}
}

// TestReportNum: reportNum gives each finding the message build makes for
// its number, remembered per check and number (two checks with the same
// number keep their own messages; a pass outside the per-listing checks,
// slot 0, and numbers out of range are built each time), and findings with
// the same check and number share one string.
func TestReportNum(t *testing.T) {
	var out []Finding
	st := &listingState{}
	// Slots 1 and 2 of a runner's listing checks; slot 0 is p.Check.
	run := &Runner{listing: []*Check{ImagesFew, ImagesTooMany}, lsev: []Severity{Warning, Info}}
	p := &Pass{Check: ImagesFew, sev: Error, reports: &out, st: st, l: &readers.Listing{Pos: readers.Pos{Row: 2}}, run: run}
	builds := 0
	report := func(slot, n int, tag string) {
		p.slot = slot
		p.reportNum("images", strconv.Itoa(n), n, func(b []byte, n string) []byte {
			builds++
			return fmt.Appendf(b, "%s has %s", tag, n)
		})
	}
	report(1, 3, "a")
	report(1, 3, "a")
	report(2, 3, "b")
	report(0, 3, "c")
	report(1, numMsgs, "a")
	report(1, -1, "a")
	report(1, 0, "a")
	report(1, numMsgs-1, "a")
	report(2, 3, "b")
	report(1, 3, "a")
	want := []string{"a has 3", "a has 3", "b has 3", "c has 3", "a has " + strconv.Itoa(numMsgs), "a has -1", "a has 0", "a has " + strconv.Itoa(numMsgs-1), "b has 3", "a has 3"}
	if len(out) != len(want) {
		t.Fatalf("%d findings, want %d", len(out), len(want))
	}
	for i, f := range out {
		if f.Message != want[i] || f.Value != want[i][strings.LastIndexByte(want[i], ' ')+1:] {
			t.Errorf("finding %d: %q (value %q), want %q", i, f.Message, f.Value, want[i])
		}
	}
	if builds != 7 {
		t.Errorf("%d messages built, want 7 (a 3, b 3, c 3, the two out of range, a 0, a %d)", builds, numMsgs-1)
	}
	// Each finding has the check and severity of its slot.
	for i, f := range out {
		check, sev := ImagesFew.ID, Warning
		switch want[i][0] {
		case 'b':
			check, sev = ImagesTooMany.ID, Info
		case 'c':
			sev = Error
		}
		if f.Check != check || f.Severity != sev {
			t.Errorf("finding %d (%q): check %s severity %v, want %s %v", i, want[i], f.Check, f.Severity, check, sev)
		}
	}
	if unsafe.StringData(out[0].Message) != unsafe.StringData(out[9].Message) {
		t.Error("the same check and number do not share their message")
	}
}

// TestSortInRow holds sortInRow to slices.SortStableFunc: the same order,
// equal findings (same row, column, check and message) kept in the order
// they came, for lists shorter and longer than its insertion-sort limit.
func TestSortInRow(t *testing.T) {
	checks := []string{"title-short", "images-few", "ce-missing"}
	for n := 0; n < 50; n++ {
		for seed := uint64(0); seed < 20; seed++ {
			fs := make([]Finding, n)
			for i := range fs {
				h := (seed*131+uint64(i))*0x9E3779B97F4A7C15 ^ seed
				fs[i] = Finding{
					Pos:     readers.Pos{Row: 2 + int(h>>60)%2, Col: int(h>>56) % 3},
					Check:   checks[int(h>>50)%len(checks)],
					Message: "m" + strconv.Itoa(int(h>>40)%2),
					Value:   strconv.Itoa(i), // tells equal findings apart
				}
			}
			want := slices.Clone(fs)
			slices.SortStableFunc(want, func(a, b Finding) int { return compareInRow(&a, &b) })
			sorted := slices.IsSortedFunc(fs, func(a, b Finding) int { return compareInRow(&a, &b) })
			if moved := sortInRow(fs); moved == sorted {
				t.Fatalf("n=%d seed=%d: sortInRow says moved=%v of a list sorted=%v", n, seed, moved, sorted)
			}
			for i := range fs {
				if fs[i] != want[i] {
					t.Fatalf("n=%d seed=%d: finding %d is %+v, want %+v", n, seed, i, fs[i], want[i])
				}
			}
		}
	}
}

// TestCellMemo: the memo never gives a text another text's value, through
// its hot slots (texts that share a slot, the empty text) or after its map
// starts afresh; a text put lately is found, by get and by getBytes.
func TestCellMemo(t *testing.T) {
	var c cellMemo[int]
	ref := map[string]int{}
	check := func(s string) {
		t.Helper()
		if v, ok := c.get(s); ok && v != ref[s] {
			t.Fatalf("get(%q) = %d, want %d", s, v, ref[s])
		}
		if v, ok := c.getBytes([]byte(s)); ok && v != ref[s] {
			t.Fatalf("getBytes(%q) = %d, want %d", s, v, ref[s])
		}
	}
	if _, ok := c.get(""); ok {
		t.Fatal("an empty memo found the empty text")
	}
	var keys []string
	for i := range 10000 {
		// Same length, first and last byte: the same hot slot.
		s := "a" + strconv.Itoa(1000+i%9000) + "z"
		if i%7 == 0 {
			s = strings.Repeat("x", i%300) // the empty text, and some too long to keep
		}
		keys = append(keys, s)
		if _, seen := ref[s]; !seen {
			ref[s] = i
			c.put(s, i)
			if v, ok := c.get(s); len(s) <= 256 && (!ok || v != i) {
				t.Fatalf("get(%q) right after put = %d, %v; want %d", s, v, ok, i)
			}
		}
		check(keys[i/2])
		check(keys[(i*31)%len(keys)])
	}
}

// TestCellMemoCopiesText: the memo keeps a copy of a text, never the text
// itself, which is part of its row's string (a long description would stay
// in memory for a short category), in its map and in its hot slots, also
// after a look-up.
func TestCellMemoCopiesText(t *testing.T) {
	row := "1,Oak shelf," + strings.Repeat("d", 50000) + ",Home > Shelves"
	cat := row[len(row)-len("Home > Shelves"):]
	var c cellMemo[int]
	c.put(cat, 7)
	inRow := func(s string) bool {
		p, r := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(row)))
		return p >= r && p < r+uintptr(len(row))
	}
	for k := range c.m {
		if inRow(k) {
			t.Error("the map keeps the row's own bytes")
		}
	}
	c.hot = [memoHot]memoSlot[int]{} // found in the map, then put in a hot slot
	if v, ok := c.get(cat); !ok || v != 7 {
		t.Fatalf("get = %d, %v", v, ok)
	}
	for _, e := range c.hot {
		if e.set && inRow(e.k) {
			t.Error("a hot slot keeps the row's own bytes")
		}
	}
}

// TestReportAtOverwritesReusedSlot: the findings buffer is reused batch
// after batch, and a finding is written into the slot it goes to, so every
// field must be written: a slot left full of another finding's values (every
// field set, Finding's fields to come included) holds only the new one's.
func TestReportAtOverwritesReusedSlot(t *testing.T) {
	old := Finding{}
	v := reflect.ValueOf(&old).Elem()
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			v.SetString("stale")
		case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int8:
			v.SetInt(99)
		case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(99)
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				fill(v.Field(i))
			}
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem())
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			fill(v.Index(0))
		default:
			t.Fatalf("fill a %s field of Finding", v.Kind())
		}
	}
	fill(v)
	l := listing("c.csv", 7, "shop", "1005", "S", "Title", "Home", 3)
	for _, report := range []struct {
		name string
		do   func(p *Pass)
		want Finding
	}{
		{"reportAt", func(p *Pass) { p.reportAt("title", "v", "m") },
			Finding{Check: ImagesFew.ID, Severity: Warning, Pos: readers.Pos{File: "c.csv", Row: 7, Col: 3, Field: "Title"},
				Shop: "shop", Entity: "1005", Value: "v", Message: "m", Fix: ImagesFew.Fix}},
		{"reportAt, no such column", func(p *Pass) { p.reportAt("rep", "v", "m") },
			Finding{Check: ImagesFew.ID, Severity: Warning, Pos: readers.Pos{File: "c.csv", Row: 7, Field: "rep"},
				Shop: "shop", Entity: "1005", Value: "v", Message: "m", Fix: ImagesFew.Fix}},
		{"ReportEntity", func(p *Pass) {
			p.ReportEntity(readers.Pos{File: "d.csv", Row: 3}, readers.Pos{File: "d.csv", Row: 2}, "s2", "e2", "v2", "m2")
		}, Finding{Check: ImagesFew.ID, Severity: Warning, Pos: readers.Pos{File: "d.csv", Row: 3},
			Ref: readers.Pos{File: "d.csv", Row: 2}, Shop: "s2", Entity: "e2", Value: "v2", Message: "m2", Fix: ImagesFew.Fix}},
	} {
		out := []Finding{old, old}[:1]
		p := &Pass{Check: ImagesFew, sev: Warning, reports: &out, l: &l, shop: l.Shop, entity: l.ProductID}
		report.do(p)
		if len(out) != 2 || !reflect.DeepEqual(out[0], old) {
			t.Fatalf("%s: %d findings, first %+v", report.name, len(out), out[0])
		}
		if !reflect.DeepEqual(out[1], report.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", report.name, out[1], report.want)
		}
	}
}

// TestDescriptionMemo: a description the goroutine matched for the listing
// before gives the hits that matching it again gives, whatever the title
// found first; a different description (one byte off, the same length, a
// prefix, markup, not ASCII, empty) is matched afresh.
func TestDescriptionMemo(t *testing.T) {
	rn := mustRunner(t, nil)
	titles := []string{"Lithium Battery Pack 5000mAh", "Cotton Summer Dress", "Kids Toy Gun Water Blaster", ""}
	descriptions := []string{
		"Durable and easy to use. Ships within 48 hours.",
		"Durable and easy to use. Ships within 48 hourz.",
		"Durable and easy to use.",
		"A lithium battery inside.",
		"A cotton towel set inside",
		"<p>Rechargeable <b>lithium battery</b> inside, CE marked</p>",
		"Théière en fonte avec batterie au lithium",
		"儿童玩具枪 lithium battery",
		"",
		"knife&amp;fork set, not a toy gun",
	}
	s := rn.pool.Get().(*scratch)
	defer rn.pool.Put(s)
	var sc scanner
	memoHits := 0
	for i := 0; i < 400; i++ {
		// Runs of four listings with the same description.
		d := descriptions[(i/4)%len(descriptions)]
		prior := rn.m.find(&sc, titles[i%len(titles)], false, fieldTitle, nil)
		if s.desc.ok && string(s.desc.text) == d {
			memoHits++
		}
		got := rn.description(s, d, slices.Clone(prior))
		want := rn.m.findText(&sc, d, true, fieldDescription, slices.Clone(prior))
		if !slices.Equal(got, want) {
			t.Fatalf("listing %d, title %q, description %q: hits %v, want %v", i, titles[i%len(titles)], d, got, want)
		}
	}
	// The two of the same length find different entries.
	if a, b := rn.m.findText(&sc, descriptions[3], true, fieldDescription, nil), rn.m.findText(&sc, descriptions[4], true, fieldDescription, nil); len(descriptions[3]) != len(descriptions[4]) || slices.Equal(a, b) {
		t.Fatalf("%q and %q: hits %v and %v", descriptions[3], descriptions[4], a, b)
	}
	if memoHits < 100 {
		t.Fatalf("only %d descriptions came from the memo", memoHits)
	}
}

// TestReportAtPlaces: the column reportAt remembers for a check serves
// that check's next finding only when it is at the same field of the same
// table: another table (the field in another column), another field, a
// field the table lacks, and a listing with no table are placed afresh,
// as Columns.Place places them.
func TestReportAtPlaces(t *testing.T) {
	rn := mustRunner(t, nil)
	a := listing("a.csv", 2, "", "1", "S1", "Title", "Home", 3)
	b := listing("b.csv", 5, "", "2", "S2", "Title", "Home", 3)
	b.Cols = &readers.Columns{File: "b.csv", Header: []string{"Prix", "Titre", "SKU"},
		Fields: map[string][]int{"price": {0}, "title": {1}, "sku": {2}}}
	none := a
	none.Cols = nil
	var st listingState
	var out []Finding
	for i, c := range []struct {
		l    *readers.Listing
		slot int
		name string
	}{
		{&a, 1, "title"}, {&a, 1, "title"}, {&b, 1, "title"}, {&b, 1, "title"}, {&a, 1, "title"},
		{&a, 1, "price"}, {&a, 2, "title"}, {&b, 1, "price"}, {&b, 2, "rep"}, {&a, 2, "rep"},
		{&none, 2, "rep"}, {&none, 2, "title"}, {&a, 2, "title"},
	} {
		p := &Pass{reports: &out, run: rn, l: c.l, st: &st, slot: c.slot}
		p.reportAt(c.name, "v", "m")
		want := c.l.Pos
		c.l.Cols.Place(&want, c.name)
		if got := out[len(out)-1].Pos; got != want {
			t.Errorf("finding %d (%s, check %d, %q): at %+v, want %+v", i, c.l.Pos.File, c.slot, c.name, got, want)
		}
	}
}

// TestCheckOrder: the order the listing checks run in, learned from the
// columns where they report, never changes the findings, with two tables
// whose columns come in opposite orders taking turns and a reader's
// problem among the checks' findings. Once learned, the checks that
// report run in the order of their columns.
func TestCheckOrder(t *testing.T) {
	names := []string{"product_id", "sku", "title", "description", "category", "price", "ship_to", "rep", "ce", "images", "delivery_days"}
	table := func(file string, rev bool) *readers.Columns {
		c := &readers.Columns{File: file, Fields: map[string][]int{}}
		for i := range names {
			n := names[i]
			if rev {
				n = names[len(names)-1-i]
			}
			c.Header = append(c.Header, n)
			c.Fields[n] = []int{i}
		}
		return c
	}
	a, b := table("a.csv", false), table("b.csv", true)
	ls := synthetic(60)
	for i := range ls {
		l := &ls[i]
		l.Cols, l.Pos.File = a, "a.csv"
		if i/7%2 == 1 {
			l.Cols, l.Pos.File = b, "b.csv"
		}
		l.Images, l.DeliveryDays, l.ShipTo = 2, 40, "FR"
		if i == 30 {
			l.Problems = []readers.Problem{{Check: "bad-value", Pos: l.At("title"), Name: "title", Msg: "bad", Value: "x"}}
		}
	}
	rn := mustRunner(t, nil)
	findingsAlone(t, rn, ls, 3)
	rn.Listings(ls[:7])
	s := rn.pool.Get().(*scratch)
	defer rn.pool.Put(s)
	if len(s.order) == 0 {
		t.Skip("the pool gave a new scratch")
	}
	last, n := 0, 0
	for _, k := range s.order {
		if k < len(s.st.places) && s.st.places[k].cols == a {
			if c := s.st.places[k].col; c < last {
				t.Errorf("check %s (column %d) runs after column %d", rn.listing[k].ID, c, last)
			} else {
				last, n = c, n+1
			}
		}
	}
	if n < 3 {
		t.Errorf("%d checks reported in table a; want at least 3", n)
	}
}
