package readers

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func scanAll(t *testing.T, text string, comma byte, recover bool) ([]rawRow, error) {
	t.Helper()
	s := newScanner(strings.NewReader(text), comma)
	s.recover = recover
	var out []rawRow
	for {
		r, err := s.scan()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
}

func TestScannerPositions(t *testing.T) {
	text := "id,title\n1,\"two\nlines\"\n\n2,plain\r\n3,\"say \"\"hi\"\"\"\n4,12\" screen\n"
	rows, err := scanAll(t, text, ',', true)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		cells     []string
		row, line int
	}{
		{[]string{"id", "title"}, 1, 1},
		{[]string{"1", "two\nlines"}, 2, 2},
		{[]string{""}, 3, 4}, // a blank line is a row, as Excel shows it
		{[]string{"2", "plain"}, 4, 5},
		{[]string{"3", `say "hi"`}, 5, 6},
		{[]string{"4", `12" screen`}, 6, 7},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		if !reflect.DeepEqual(rows[i].cells, w.cells) || rows[i].row != w.row || rows[i].line != w.line {
			t.Errorf("row %d = %q row %d line %d; want %q row %d line %d", i, rows[i].cells, rows[i].row, rows[i].line, w.cells, w.row, w.line)
		}
	}
}

// TestPlainLinesShareAString: plainLine cuts the lines of a buffer from
// one string, so scanning plain lines allocates about once per buffer, not
// once per row.
func TestPlainLinesShareAString(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 20000; i++ {
		b.WriteString("1005006000000000,SKU-1,Magnetic Phone Holder for Car,\"IT, NL\",2.34\n")
	}
	text := b.String()
	allocs := testing.AllocsPerRun(3, func() {
		s := newScanner(strings.NewReader(text), ',')
		s.reuse = true
		for {
			if _, err := s.scan(); err != nil {
				break
			}
		}
	})
	// 1.4 MB of lines in 64 KiB buffers: about 25 strings, and the cells
	// of the line each buffer ends in the middle of, which the general
	// path reads (about 140 in all); a string per row would be 20,000.
	if allocs > 500 {
		t.Errorf("scanning 20,000 plain lines made %.0f allocations; want under 500 (one string per buffer)", allocs)
	}
}

func TestScannerEdges(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [][]string
	}{
		{"no final newline", "a,b\n1,2", [][]string{{"a", "b"}, {"1", "2"}}},
		{"trailing comma", "a,b,\n", [][]string{{"a", "b", ""}}},
		{"old mac line ends", "a,b\r1,2\r", [][]string{{"a", "b"}, {"1", "2"}}},
		{"crlf in quotes", "\"x\r\ny\",z\r\n", [][]string{{"x\ny", "z"}}},
		{"text after closing quote", "\"ab\"cd,e\n", [][]string{{"abcd", "e"}}},
		{"quoted empty", "\"\",x\n", [][]string{{"", "x"}}},
		{"semicolon", "a;\"b;c\";d\n", nil},
	}
	for _, tt := range tests {
		comma := byte(',')
		if tt.name == "semicolon" {
			comma = ';'
			tt.want = [][]string{{"a", "b;c", "d"}}
		}
		rows, err := scanAll(t, tt.in, comma, true)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		var got [][]string
		for _, r := range rows {
			got = append(got, r.cells)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestScannerUnclosedQuote(t *testing.T) {
	text := "id,title\n1,ok\n2,\"broken\n3,next\n4,last\n"
	if _, err := scanAll(t, text, ',', false); !errors.Is(err, errUnclosedQuote) {
		t.Fatalf("without recovery: err = %v, want errUnclosedQuote", err)
	}
	rows, err := scanAll(t, text, ',', true)
	if err != nil {
		t.Fatal(err)
	}
	// The quote is read as a character; no row is lost and lines stay right.
	if len(rows) != 5 {
		t.Fatalf("got %d rows, want 5: %+v", len(rows), rows)
	}
	if rows[2].cells[1] != `"broken` || !reflect.DeepEqual(rows[2].badQuote, []int{1}) || rows[2].line != 3 {
		t.Errorf("row 3 = %+v, want cell \"broken marked bad on line 3", rows[2])
	}
	if rows[4].cells[1] != "last" || rows[4].line != 5 || rows[4].row != 5 {
		t.Errorf("last row = %+v", rows[4])
	}
}

func TestDetectEncoding(t *testing.T) {
	text := "Titre;Prix;Catégorie\nThéière en fonte émaillée;12,50;Maison\n"
	w1252, _ := charmap.Windows1252.NewEncoder().String(text)
	zh := "商品标题,价格,类目\n茶壶陶瓷,12.5,家居\n"
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().String(zh)
	u16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(text)
	u16noBOM, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(text)
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"utf-8", text, EncUTF8},
		{"utf-8 bom", "\xEF\xBB\xBF" + text, EncUTF8},
		{"ascii", "a,b\n1,2\n", EncUTF8},
		{"windows-1252", w1252, EncWindows1252},
		{"gb18030", gbk, EncGB18030},
		{"utf-16le bom", u16le, EncUTF16LE},
		{"utf-16be bom", u16be, EncUTF16BE},
		{"utf-16le no bom", u16noBOM, EncUTF16LE},
	}
	for _, tt := range tests {
		if got := DetectEncoding([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: DetectEncoding = %s, want %s", tt.name, got, tt.want)
		}
	}
	// A UTF-8 rune cut by the end of the sample is still UTF-8.
	cut := []byte(text)[:len("Titre;Prix;Cat")+1]
	if got := DetectEncoding(cut); got != EncUTF8 {
		t.Errorf("cut sample: %s, want utf-8", got)
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		tab  bool
		want byte
	}{
		{"comma", "a,b,c\n1,2,3\n4,5,6\n", false, ','},
		{"semicolon with decimal commas", "Titre;Prix;Stock\nThé;12,50;3\nCafé;1,5;4\nPain;2;1\n", false, ';'},
		{"tab", "a\tb\tc\n1\t2,5\t3\n", false, '\t'},
		{"pipe", "a|b|c\n1|2|3\n", false, '|'},
		{"quoted commas in semicolon file", "a;b\n\"x, y, z\";2\n\"p, q\";3\n", false, ';'},
		{"title row above", "My shop export\n\nid,title,price\n1,a,2\n2,b,3\n", false, ','},
		{"txt prefers tab on a tie", "a\tb,c\n", true, '\t'},
	}
	for _, tt := range tests {
		if got := DetectDelimiter([]byte(tt.in), tt.tab); got != tt.want {
			t.Errorf("%s: DetectDelimiter = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestScannerPlain checks the plain mark of a record: set only when the
// fast path read the line and every byte of it is ASCII other than NUL,
// since a plain record's text cells are then only trimmed.
func TestScannerPlain(t *testing.T) {
	long := strings.Repeat("abcdefgh", 9) // past the 32-byte steps
	for _, tc := range []struct {
		line  string
		plain bool
	}{
		{"1,Red lamp,2.50", true},
		{"1,\"IT, NL\",  padded  ", true},
		{"1," + long + ",x", true},
		{"1,Robe d’été,2.50", false},
		{"1," + long + "é,x", false},
		{"1,nul\x00inside,x", false},
		{"1," + long + "\x00,x", false},
		{"1,bad \xfe byte,x", false},
		{"1,\x7f,x", true},
		{"1,\"say \"\"hi\"\"\",x", false}, // general path: not marked
		{"1,\"two\nlines\",x", false},
	} {
		rows, err := scanAll(t, tc.line+"\n2,next,1\n", ',', true)
		if err != nil {
			t.Fatal(err)
		}
		if rows[0].plain != tc.plain {
			t.Errorf("%q: plain %v, want %v", tc.line, rows[0].plain, tc.plain)
		}
		if !rows[1].plain {
			t.Errorf("%q: the next line is not plain", tc.line)
		}
	}
}

// TestPlainRowText checks that a text cell reads the same from a plain
// line (trimmed only) as from one that is not (cleaned). A NUL byte would
// make the file binary here; TestScannerPlain shows its line is not plain.
func TestPlainRowText(t *testing.T) {
	csv := "Product ID,Title,Description,Category,Price\n" +
		"1,  Red lamp  ,\tWarm light\t,Home,2.50\n" +
		"2,\" Desk lamp \",plain,Home > Lamps,3\n" +
		"3,  Lampe d’été  ,\tLumière\t,Maison,4\n" +
		"4,  Lamp \xfe bad  ,ok,Home,6\n"
	res, err := readAll(t, write(t, "plain.csv", csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ title, desc string }{
		{"Red lamp", "Warm light"},
		{"Desk lamp", "plain"},
		{"Lampe d’été", "Lumière"},
		{"Lamp \uFFFD bad", "ok"},
	}
	if len(res.listings) != len(want) {
		t.Fatalf("%d listings, want %d", len(res.listings), len(want))
	}
	for i, w := range want {
		if l := res.listings[i]; l.Title != w.title || l.Description != w.desc {
			t.Errorf("row %d: %q, %q; want %q, %q", i+2, l.Title, l.Description, w.title, w.desc)
		}
	}
}
