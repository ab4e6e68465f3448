package readers

import (
	"bytes"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestStrayBytesStayUTF8 reads catalogs whose text is UTF-8 but for a few
// bytes, and real Windows-1252 and GB18030 files, and checks the encoding
// chosen, the text read and the bad-value problems.
func TestStrayBytesStayUTF8(t *testing.T) {
	const head = "Product ID,Title,Category,Price\n"
	french := head +
		"1,Théière en fonte émaillée,Maison,12.50\n" +
		"2,Th\xe9 vert bio,Épicerie,4.90\n" + // one Windows-1252 é in a UTF-8 file
		"3,Crème à récurer,Entretien,3.10\n"
	w1252, _ := charmap.Windows1252.NewEncoder().String(head +
		"1,Théière en fonte émaillée,Maison,12.50\n2,Thé vert bio,Épicerie,4.90\n")
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(head +
		"1,陶瓷茶壶,家居,12.50\n2,绿茶,食品,4.90\n")
	// A stray byte past the sample that chooses the encoding.
	var long strings.Builder
	long.WriteString(head)
	for long.Len() < 2*sniffSize {
		long.WriteString("1,Théière émaillée,Maison,12.50\n")
	}
	longRow := strings.Count(long.String(), "\n") + 1
	long.WriteString("2,Crème,Entr\xe9tien,3.10\n")
	// Too many stray bytes: the file is not taken for UTF-8.
	many := head + "1,Théière,Maison,1\n" + strings.Repeat("2,Th\xe9,Maison,1\n", MaxStrayBytes+1)

	tests := []struct {
		name   string
		data   string
		note   string   // "" = read as UTF-8 (no note)
		titles []string // the first titles read
		bad    []Pos    // the bad-value problems, Row, Col and Field
		value  string   // the value of the first bad-value
	}{
		{"utf-8 with one stray byte", french, "", []string{"Théière en fonte émaillée", "Th\uFFFD vert bio", "Crème à récurer"},
			[]Pos{{Row: 3, Col: 2, Field: "Title"}}, "Th\uFFFD vert bio"},
		{"windows-1252", w1252, "Windows-1252", []string{"Théière en fonte émaillée", "Thé vert bio"}, nil, ""},
		{"gb18030", gb, "GB18030", []string{"陶瓷茶壶", "绿茶"}, nil, ""},
		{"stray byte past the sample", long.String(), "", []string{"Théière émaillée"},
			[]Pos{{Row: longRow, Col: 3, Field: "Category"}}, "Entr\uFFFDtien"},
		{"more stray bytes than allowed", many, "Windows-1252", []string{"ThÃ©iÃ¨re", "Thé"}, nil, ""},
		{"valid utf-8", head + "1,Théière,Maison,1\n", "", []string{"Théière"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := readAll(t, write(t, "c.csv", tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(res.notes, "\n")
			if tt.note == "" && strings.Contains(notes, "read as") || !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q, want %q", notes, tt.note)
			}
			for i, want := range tt.titles {
				if i >= len(res.listings) || res.listings[i].Title != want {
					t.Fatalf("title %d: got %+v, want %q", i, res.listings, want)
				}
			}
			var bad []Problem
			for _, l := range res.listings {
				for _, p := range l.Problems {
					if p.Check == "bad-value" {
						bad = append(bad, p)
					}
				}
			}
			if len(bad) != len(tt.bad) {
				t.Fatalf("bad-value problems %+v, want at %+v", bad, tt.bad)
			}
			for i, p := range bad {
				if p.Pos.Row != tt.bad[i].Row || p.Pos.Col != tt.bad[i].Col || p.Pos.Field != tt.bad[i].Field || p.Pos.File == "" {
					t.Errorf("bad-value at %+v, want %+v", p.Pos, tt.bad[i])
				}
				if p.Msg != InvalidUTF8Msg {
					t.Errorf("message %q", p.Msg)
				}
			}
			if len(bad) > 0 && bad[0].Value != tt.value {
				t.Errorf("value %q, want %q", bad[0].Value, tt.value)
			}
		})
	}
}

// TestStrayBytesInOrders checks that an order export with a stray byte
// stays UTF-8 and reports the cell, on the first row of an order and on a
// line item, but never the cell of a column that is not read.
func TestStrayBytesInOrders(t *testing.T) {
	csv := "Order ID,Order Time,Order Status,Buyer Name\n" +
		"1,2024-05-01,Expédiée,Hélène\n" +
		"1,2024-05-01,Exp\xe9di\xe9e,H\xe9l\xe8ne\n" +
		"2,2024-05-02,Livrée,Zoë\n"
	res, err := readOrders(t, writeOrders(t, "o.csv", csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(res.notes, ""), "read as") || len(res.orders) != 2 {
		t.Fatalf("notes %q, %d orders", res.notes, len(res.orders))
	}
	var bad []Problem
	for _, o := range res.orders {
		bad = append(bad, o.Problems...)
	}
	if len(bad) != 1 || bad[0].Check != "bad-value" || bad[0].Pos.Row != 3 || bad[0].Pos.Col != 3 ||
		bad[0].Value != "Exp\uFFFDdi\uFFFDe" || bad[0].Msg != InvalidUTF8Msg {
		t.Fatalf("problems %+v, want one bad-value at row 3, column 3 (the buyer's name is personal data, never copied)", bad)
	}
}

// TestStrayBytesInAccount checks that an activities export with a stray
// byte stays UTF-8 and reports the cell that is read, never the dropped
// personal note.
func TestStrayBytesInAccount(t *testing.T) {
	csv := "活动ID,活动名称,活动开始时间,商品ID,备注\n" +
		"A-1,双11全球狂欢节,2026-11-11 00:00,1005,王先生\n" +
		"A-2,黑\xe4五,2026-11-27 00:00,1006,\xe7\x8e\n"
	p := filepath.Join(t.TempDir(), "a.csv")
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ReadActivities(p, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(f.Notes, ""), "read as") || len(f.Activities) != 2 {
		t.Fatalf("notes %q, %d activities", f.Notes, len(f.Activities))
	}
	if len(f.Activities[0].Problems) != 0 {
		t.Errorf("first row problems %+v", f.Activities[0].Problems)
	}
	bad := f.Activities[1].Problems
	if len(bad) != 1 || bad[0].Check != "bad-value" || bad[0].Pos.Row != 3 || bad[0].Pos.Col != 2 ||
		bad[0].Value != "黑\uFFFD五" || bad[0].Msg != InvalidUTF8Msg {
		t.Fatalf("problems %+v, want one bad-value at row 3, column 2 (the note is personal data, never copied)", bad)
	}
}

// TestMostlyUTF8 covers the rule's edges.
func TestMostlyUTF8(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"one stray byte among accents", "Théière \xe9 émaillée", true},
		{"stray bytes at the limit", strings.Repeat("é", 9) + strings.Repeat("\xe9 ", MaxStrayBytes), true},
		{"one past the limit", strings.Repeat("é", 10) + strings.Repeat("\xe9 ", MaxStrayBytes+1), false},
		{"no UTF-8 character", "Th\xe9 vert", false},
		{"as many stray bytes as characters", "é \xe9", false},
		{"a cut character is not counted", "é \xe9 é \xe3\x81", true},
		{"a larger sample allows more", strings.Repeat("é", 20) + strings.Repeat("\xe9"+strings.Repeat(" ", StrayBytesPer), MaxStrayBytes+2), true},
	}
	for _, tt := range tests {
		if got := mostlyUTF8([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: mostlyUTF8 = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestUTF8Watch checks that utf8Watch flags a stream exactly when it is not
// valid UTF-8, whatever the sizes of the reads that cut it.
func TestUTF8Watch(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"a", "é", "茶", "😀", "\xe9", "\xff", "\xe8\xaf", "\x80", ",", "\n"}
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := rng.Intn(12); k > 0; k-- {
			p := pieces[rng.Intn(len(pieces))]
			if rng.Intn(4) > 0 && !utf8.ValidString(p) {
				p = "ok" // mostly valid streams
			}
			b.WriteString(p)
		}
		s := b.String()
		for _, r := range []io.Reader{
			iotest.OneByteReader(strings.NewReader(s)),
			iotest.HalfReader(strings.NewReader(s)),
			strings.NewReader(s),
			io.MultiReader(strings.NewReader(s[:len(s)/3]), strings.NewReader(s[len(s)/3:])),
		} {
			w := &utf8Watch{r: r}
			got, err := io.ReadAll(w)
			if err != nil || !bytes.Equal(got, []byte(s)) {
				t.Fatalf("%q: read %q, %v", s, got, err)
			}
			if w.bad == utf8.ValidString(s) {
				t.Fatalf("%q: bad = %v", s, w.bad)
			}
		}
	}
}
