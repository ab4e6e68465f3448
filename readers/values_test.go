package readers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParsePrice(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{"17.91", 17.91, false},
		{"US $17.91", 17.91, false},
		{"12,50 €", 12.5, false},
		{"1 234,56", 1234.56, false},
		{"1\u00a0234,56 €", 1234.56, false},
		{"$2,100", 2100, false},
		{"1,234,567.89", 1234567.89, false},
		{"1.234.567,89", 1234567.89, false},
		{"1.234,56", 1234.56, false},
		{"MAD9.94", 9.94, false},
		{"MAD 143.97", 143.97, false},
		{"$ 5.99", 5.99, false},
		{"EUR 0,99", 0.99, false},
		{"0,999", 0.999, false},
		{"¥ 88", 88, false},
		{"R$ 58,90", 58.9, false},
		{"-5", -5, false},
		{"0", 0, false},
		{"9.94 - 12.00", 9.94, false},
		{"US $1.23 - 4.56", 1.23, false},
		{"1'234.50", 1234.5, false},
		{"abc", 0, true},
		{"12abc34", 0, true},
		{"1,2,3", 0, true},
		{"1.2.3", 0, true},
		{"5-3", 0, true},
		{"€", 0, true},
		{"1e400", 0, true},
		// The plain path (digits and one dot).
		{"49.11", 49.11, false},
		{" 7 ", 7, false},
		{"5.", 5, false},
		{".5", 0.5, false},
		{".", 0, true},
		{"1.234", 1.234, false},
		{"1.234.567", 1234567, false},
		{"1" + strings.Repeat("0", 400), 0, true},
	}
	for _, tt := range tests {
		got, err := parsePrice(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParsePrice(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if !tt.err && got != tt.want {
			t.Errorf("ParsePrice(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, empty := range []string{"", "  ", "N/A", "-", "null"} {
		if _, err := parsePrice(empty); err != errEmpty {
			t.Errorf("ParsePrice(%q) error = %v, want errEmpty", empty, err)
		}
	}
}

// TestPlainPriceMatchesGeneral: a plain price gives what the general path
// gives for the same digits with a currency code after them.
func TestPlainPriceMatchesGeneral(t *testing.T) {
	for _, s := range []string{"0", "12", "12.5", "0.999", "1.234", "00012.50", ".5", "5.", "1.2.3", "99999999999999999999.99", "1" + strings.Repeat("9", 330),
		"12.23", "007", "12.", "1.234.567", "1" + strings.Repeat("0", 400), "9" + strings.Repeat("9", 320) + ".5", ".", "..", "0.000000000000000000001"} {
		v1, err1 := parsePrice(s)
		v2, err2 := parsePrice(s + " USD")
		if v1 != v2 || (err1 == nil) != (err2 == nil) {
			t.Errorf("parsePrice(%q) = %v, %v; parsePrice(%q) = %v, %v", s, v1, err1, s+" USD", v2, err2)
		}
	}
}

// TestShortDecimal: the fast path gives the float strconv.ParseFloat gives,
// bit for bit, for every length it takes (up to 15 digits and a dot), dots
// anywhere, and digits that round (0.1, 2.675); it leaves alone
// what it cannot take.
func TestShortDecimal(t *testing.T) {
	cases := []string{"0", "7", "12.50", ".5", "5.", "0.1", "0.3", "2.675", "1.005", "999999999999999", "99999999999999.9",
		".000000000000001", "123456789.012345", "000000000000012"}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 200000 {
		n := 1 + rng.IntN(15)
		b := make([]byte, 0, n+1)
		for range n {
			b = append(b, byte('0'+rng.IntN(10)))
		}
		if k := rng.IntN(n + 2); k <= n {
			b = slices.Insert(b, k, '.')
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		got, ok := shortDecimal(s)
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("shortDecimal(%q) = %v, %v; ParseFloat %v, %v", s, got, ok, want, err)
		}
	}
	for _, s := range []string{"", ".", "1234567890123456", "1.234567890123456", "9007199254740.993", "1..2", "1,5", "-1", "+1", "1e5", " 1", "１"} {
		if v, ok := shortDecimal(s); ok {
			t.Errorf("shortDecimal(%q) = %v, want it left to the general path", s, v)
		}
	}
}

func TestBlank(t *testing.T) {
	for c := 0; c < 256; c++ {
		for _, s := range []string{string(rune(c)), string([]byte{byte(c)}), string([]byte{byte(c), 'x'}), string(rune(c)) + "  "} {
			if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
				t.Errorf("blank(%q) = %v, want %v", s, got, want)
			}
		}
	}
	for _, s := range []string{"", "\u00a0", "\u3000 \t", "\u00a0x", "\u2028"} {
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("blank(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"12", 12, false},
		{"0", 0, false},
		{"-3", -3, false},
		{"1 234", 1234, false},
		{"1,234", 1234, false},
		{"1.234.567", 1234567, false},
		{"12.0", 12, false},
		{"1.2E+3", 1200, false},
		{"12.5", 0, true},
		{"many", 0, true},
		{"5 pcs", 0, true},
		{"1-2", 0, true},
	}
	for _, tt := range tests {
		got, err := parseCount(tt.in)
		if (err != nil) != tt.err || !tt.err && got != tt.want {
			t.Errorf("ParseCount(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	if _, err := parseCount(""); err != errEmpty {
		t.Errorf("ParseCount(\"\") error = %v, want errEmpty", err)
	}
}

func TestParseDate(t *testing.T) {
	d := func(y, m, dd, h, mi, s int) time.Time { return time.Date(y, time.Month(m), dd, h, mi, s, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"2024-05-01 12:00:00", d(2024, 5, 1, 12, 0, 0), false},
		{"2024-05-01", d(2024, 5, 1, 0, 0, 0), false},
		{"2024-05-01T12:30:00Z", d(2024, 5, 1, 12, 30, 0), false},
		{"2024/05/01 08:15", d(2024, 5, 1, 8, 15, 0), false},
		{"31/05/2024", d(2024, 5, 31, 0, 0, 0), false},
		{"05/31/2024", d(2024, 5, 31, 0, 0, 0), false}, // mm/dd: unambiguous
		{"01/05/2024", d(2024, 5, 1, 0, 0, 0), false},  // ambiguous: day first
		{"31.05.2024 14:05", d(2024, 5, 31, 14, 5, 0), false},
		{"31-05-2024", d(2024, 5, 31, 0, 0, 0), false},
		{"2024年05月01日 12:00:00", d(2024, 5, 1, 12, 0, 0), false},
		{"45413", d(2024, 5, 1, 0, 0, 0), false},
		{"45413.5", d(2024, 5, 1, 12, 0, 0), false},
		{"31/02/2024", time.Time{}, true},
		{"13/13/2024", time.Time{}, true},
		{"2024", time.Time{}, true},
		{"yesterday", time.Time{}, true},
		{"12", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in)
		if (err != nil) != tt.err || !tt.err && !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseDays(t *testing.T) {
	tests := []struct {
		in   string
		want int
		err  bool
	}{
		{"7", 7, false},
		{"7 days", 7, false},
		{"5-7 days", 7, false},
		{"15 天", 15, false},
		{"3.0", 3, false},
		{"soon", 0, true},
		{"2.5", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDays(tt.in)
		if (err != nil) != tt.err || !tt.err && got != tt.want {
			t.Errorf("ParseDays(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestCountImages(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true},
		{"3", 3, true},
		{"https://a/1.jpg", 1, true},
		{"https://a/1.jpg;https://a/2.jpg", 2, true},
		{"https://a/1.jpg, https://a/2.jpg,https://a/3.jpg", 3, true},
		{"https://a/1.jpg\nhttps://a/2.jpg", 2, true},
		{"2.5", 0, false},
		{"-1", 0, false},
	}
	for _, tt := range tests {
		got, ok := CountImages(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("CountImages(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeID(t *testing.T) {
	tests := map[string]string{
		"  00123 ":              "00123",
		"'0042":                 "0042",
		"1.00500029005713E+15":  "1005000290057130",
		"1005006341680568.0":    "1005006341680568",
		"velofant-wheelset-1":   "velofant-wheelset-1",
		"SKU-E5":                "SKU-E5",
		"12E5":                  "12E5", // a code, not a number in scientific notation
		"4244733e06e7ecb4970a6": "4244733e06e7ecb4970a6",
		"1.005E-3":              "1.005E-3", // a negative exponent is no id
		"1.005e+03":             "1005",
		"+1E+2":                 "100",
		"A+B":                   "A+B",
	}
	for in, want := range tests {
		if got := NormalizeID(in); got != want {
			t.Errorf("NormalizeID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	same := [][]string{
		{"Product ID", "product_id", "PRODUCT  ID", "\ufeffProduct ID", "Product\nID", "*Product ID", "productId", "Product ID:"},
		{"Catégorie", "categorie", "CATEGORIE"},
		{"Título", "titulo"},
		{"商品标题", " 商品标题 *"},
	}
	for _, group := range same {
		for _, h := range group[1:] {
			if NormalizeHeader(h) != NormalizeHeader(group[0]) {
				t.Errorf("NormalizeHeader(%q) = %q, want %q (as %q)", h, NormalizeHeader(h), NormalizeHeader(group[0]), group[0])
			}
		}
	}
	if NormalizeHeader("Price") == NormalizeHeader("Prices") {
		t.Error("Price and Prices must differ")
	}
}

// TestParseISOMatchesLayouts holds parseISO to what the layouts of
// dateLayouts give for the same text.
func TestParseISOMatchesLayouts(t *testing.T) {
	slow := func(s string) (time.Time, bool) {
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, true
			}
		}
		return time.Time{}, false
	}
	var in []string
	for _, d := range []string{"2024-05-01", "2024-02-29", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "0000-01-01", "9999-12-31", "2024-1-01", "2024/05/01", "2024-05-0a", "+024-05-01", "2024-05-00"} {
		in = append(in, d)
		for _, c := range []string{" 12:00", " 00:00:00", "T23:59:59", " 24:00", " 12:60", " 12:00:60", "T12:00", " 1:00:00", " 12:00:0x", " 12-00-00", "x12:00:00"} {
			in = append(in, d+c)
		}
	}
	for _, s := range in {
		got, ok := parseISO(s)
		want, wok := slow(s)
		if ok && (!wok || !got.Equal(want) || got.Location() != want.Location()) {
			t.Errorf("parseISO(%q) = %v, %v; the layouts give %v, %v", s, got, ok, want, wok)
		}
		if d, err := parseDate(s); wok && (err != nil || !d.Equal(want)) {
			t.Errorf("parseDate(%q) = %v, %v; the layouts give %v, %v", s, d, err, want, wok)
		}
	}
}

// TestPlainASCII compares plainASCII with a byte-by-byte test, for every
// byte value at every position of strings of 0 to 19 bytes.
func TestPlainASCII(t *testing.T) {
	slow := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] == 0 || s[i] >= 0x80 {
				return false
			}
		}
		return true
	}
	// Up to 72 bytes: the 32-byte loop twice, then the 8-byte one.
	for n := 0; n < 72; n++ {
		base := []byte(strings.Repeat("a", n))
		if !plainASCII(string(base)) {
			t.Fatalf("%q: not plain", base)
		}
		for i := 0; i < n; i++ {
			for c := 0; c < 256; c++ {
				b := append([]byte(nil), base...)
				b[i] = byte(c)
				if got, want := plainASCII(string(b)), slow(string(b)); got != want {
					t.Fatalf("%q: %v, want %v", b, got, want)
				}
			}
		}
	}
	// Two bytes changed: a zero byte borrows from the byte above it.
	for n := 2; n < 72; n += 7 {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				for _, c := range []byte{0, 1, 0x7f, 0x80, 0xff} {
					for _, d := range []byte{0, 1, 0x7f, 0x80, 0xff} {
						b := []byte(strings.Repeat("a", n))
						b[i], b[j] = c, d
						if got, want := plainASCII(string(b)), slow(string(b)); got != want {
							t.Fatalf("%q: %v, want %v", b, got, want)
						}
					}
				}
			}
		}
	}
	for _, s := range []string{"é", "a\x00b", "Robe d’été", "\x7f\x01 ~"} {
		if got, want := plainASCII(s), slow(s); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}

// TestCleanText: cleanText trims white space (ASCII and Unicode), turns
// invalid UTF-8 into U+FFFD and drops NUL bytes, whatever the ends of the
// cell hold.
func TestCleanText(t *testing.T) {
	ref := func(s string) string {
		s = strings.TrimSpace(s)
		s = strings.ToValidUTF8(s, "\uFFFD")
		return strings.ReplaceAll(s, "\x00", "")
	}
	ends := []string{"", " ", "\t", "\r\n", "\x00", "\x01", "\x7f", "\u00a0", "\u0085", "\xff", "é", "a", "~"}
	for _, middle := range []string{"", "x", "Red cotton dress", "tab\there", "nul\x00inside", "bad \xfe byte", "茶壶"} {
		for _, head := range ends {
			for _, tail := range ends {
				s := head + middle + tail
				if got, want := cleanText(s), ref(s); got != want {
					t.Fatalf("cleanText(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}

// TestFieldKinds: every listing field has a kind, so newListing reads it,
// and each field is read from its own column, whatever the columns' order.
func TestFieldKinds(t *testing.T) {
	for _, f := range ListingFields {
		if fieldKinds[f.Name] == kOther {
			t.Errorf("listing field %q has no kind: newListing would skip its cells", f.Name)
		}
	}
	values := map[string]string{
		"product_id": "P1", "sku": "S1", "title": "T1", "description": "D1", "category": "C1",
		"brand": "B1", "price": "2.5", "stock": "7", "images": "3", "ce": "CE1", "rep": "R1",
		"ship_to": "FR", "delivery_days": "4", "created_at": "2024-05-31", "shop": "Shop1",
	}
	var head, row []string
	for i := len(ListingFields) - 1; i >= 0; i-- { // the columns in reverse
		f := ListingFields[i]
		v, ok := values[f.Name]
		if !ok {
			t.Fatalf("no test value for field %q", f.Name)
		}
		head, row = append(head, f.Aliases[0]), append(row, v)
	}
	csv := strings.Join(head, ",") + "\n" + strings.Join(row, ",") + "\n"
	res, err := readAll(t, write(t, "fields.csv", csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.listings) != 1 {
		t.Fatalf("%d listings", len(res.listings))
	}
	l := res.listings[0]
	got := map[string]string{
		"product_id": l.ProductID, "sku": l.SKU, "title": l.Title, "description": l.Description,
		"category": l.Category, "brand": l.Brand, "price": fmt.Sprint(l.Price), "stock": fmt.Sprint(l.Stock),
		"images": fmt.Sprint(l.Images), "ce": l.CE, "rep": l.REP, "ship_to": l.ShipTo,
		"delivery_days": fmt.Sprint(l.DeliveryDays), "created_at": l.CreatedAt.Format("2006-01-02"), "shop": l.Shop,
	}
	for name, want := range values {
		if got[name] != want {
			t.Errorf("%s: %q, want %q", name, got[name], want)
		}
	}
	if len(l.Problems) != 0 {
		t.Errorf("problems: %+v", l.Problems)
	}
}

// TestTrim: Trim gives what strings.TrimSpace gives, for every byte value
// at either end and Unicode white space.
func TestTrim(t *testing.T) {
	var cases []string
	for c := 0; c < 256; c++ {
		b := string([]byte{byte(c)})
		cases = append(cases, b, b+"x", "x"+b, b+"mid"+b, b+b)
	}
	cases = append(cases, "", "\u00a0x\u00a0", "\u0085x", "x\u3000", " \t\r\n", "é", " é ")
	for _, s := range cases {
		if got, want := Trim(s), strings.TrimSpace(s); got != want {
			t.Fatalf("Trim(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestShortRows: a row that stops before some columns has those cells
// empty: the required ones are reported missing, in column order, and the
// others are left unset.
func TestShortRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "short.csv")
	csv := "Product ID,Title,Category,Price,Stock\n" +
		"1,Red cotton dress for women,Dresses,12.50,3\n" +
		"2,Blue linen shirt for men\n" +
		"3,,Shoes,,\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := readAll(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.listings) != 3 {
		t.Fatalf("%d listings, want 3", len(res.listings))
	}
	missing := func(l Listing) (out []string) {
		for _, p := range l.Problems {
			if p.Check == "missing-field" {
				out = append(out, p.Name)
			}
		}
		return out
	}
	for i, want := range [][]string{nil, {"category", "price"}, {"title", "price"}} {
		l := res.listings[i]
		if got := missing(l); !slices.Equal(got, want) {
			t.Errorf("row %d: missing %v, want %v", l.Pos.Row, got, want)
		}
	}
	if l := res.listings[1]; l.Title != "Blue linen shirt for men" || l.Category != "" || l.HasPrice || l.HasStock {
		t.Errorf("short row read as %+v", l)
	}
}

// TestSmallUintMatchesGeneral: the digits-only fast path of parseCount,
// ParseDays, CountImages and the stock column gives what the general path
// gives. A leading space keeps a cell off the fast path (the general path
// trims it), so each cell is read both ways; lengths 1 to 11 cover the
// path's nine-digit limit, and values around ParseDays' 10,000 and
// CountImages' 1,000,000 limits.
func TestSmallUintMatchesGeneral(t *testing.T) {
	cells := []string{"0", "00", "007", "9", "10000", "10001", "999999", "1000000", "1000001", "999999999", "1000000000", "12345678901", "1a", "-1", "+1", "1.0", ""}
	rng := rand.New(rand.NewPCG(31, 32))
	for range 3000 {
		n := 1 + rng.IntN(11)
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		cells = append(cells, string(b))
	}
	for _, s := range cells {
		if v, ok := smallUint(s); ok {
			if w, err := strconv.Atoi(s); err != nil || w != v || len(s) > 9 {
				t.Fatalf("smallUint(%q) = %d; Atoi gives %d, %v", s, v, w, err)
			}
		}
		slow := " " + s
		c1, e1 := parseCount(s)
		c2, e2 := parseCount(slow)
		if c1 != c2 || (e1 == nil) != (e2 == nil) {
			t.Errorf("parseCount(%q) = %d, %v; by the general path %d, %v", s, c1, e1, c2, e2)
		}
		d1, e1 := ParseDays(s)
		d2, e2 := ParseDays(slow)
		if d1 != d2 || (e1 == nil) != (e2 == nil) {
			t.Errorf("ParseDays(%q) = %d, %v; by the general path %d, %v", s, d1, e1, d2, e2)
		}
		i1, ok1 := CountImages(s)
		i2, ok2 := CountImages(slow)
		if i1 != i2 || ok1 != ok2 {
			t.Errorf("CountImages(%q) = %d, %v; by the general path %d, %v", s, i1, ok1, i2, ok2)
		}
	}
}
