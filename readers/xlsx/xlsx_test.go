package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestDifferentialHandWritten reads hand-written sheet XML variants with both
// readers and requires identical rows, plus the expected values.
func TestDifferentialHandWritten(t *testing.T) {
	cases := []struct {
		name  string
		sheet string
		want  [][]string // rows from 1; nil = empty row; checked when non-nil
	}{
		{
			name: "kinds",
			sheet: sheetDoc(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>` +
				`<row r="2"><c r="A2"><v>1E+15</v></c><c r="B2" t="str"><v>007</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="n"><v>-1.5</v></c></row>` +
				`<row r="3"><c r="A3" t="inlineStr"><is><t>inline &lt;x&gt;</t></is></c><c r="B3" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c><c r="C3"><f>1+1</f><v>2</v></c><c r="D3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>`),
			want: [][]string{
				{"alpha", "  spaced  ", "rich text", "a & b 中 中 A_x"},
				{"1E+15", "007", "1", "#N/A", "-1.5"},
				{"inline <x>", "rich", "2", "ab"},
			},
		},
		{
			name:  "gaps in rows and columns",
			sheet: sheetDoc(`<row r="2"><c r="C2"><v>1</v></c></row><row r="5"><c r="A5"><v>2</v></c><c r="E5"><v>3</v></c></row>`),
			want:  [][]string{nil, {"", "", "1"}, nil, nil, {"2", "", "", "", "3"}},
		},
		{
			name:  "prefixes",
			sheet: `<?xml version="1.0"?><x:worksheet xmlns:x="` + nsMain + `"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>p</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
			want:  [][]string{{"alpha", "p"}},
		},
		{
			name:  "cells and rows without r",
			sheet: sheetDoc(`<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row><row><c t="s"><v>0</v></c></row><row r="5"><c><v>x</v></c></row><row><c><v>y</v></c></row>`),
			want:  [][]string{{"1", "2", "", "", "5", "6"}, {"alpha"}, nil, nil, {"x"}, {"y"}},
		},
		{
			name:  "trailing empty cells trimmed, empty v, formula without value kept",
			sheet: sheetDoc(`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v></v></c><c r="C1"/><c r="D1" t="s"/></row><row r="2"><c r="A2"><v>1</v></c><c r="C2"><f>A1</f></c></row><row r="3"><c r="A3" s="0"/></row>`),
			want:  [][]string{{"1"}, {"1", "", ""}, nil},
		},
		{
			name:  "entities, CDATA, comments, PI, CR",
			sheet: sheetDoc(`<!-- c --><row r="1"><?pi x?><c r="A1" t="str"><v>&quot;q&quot; &apos;a&apos; &#65;&#x42;</v></c><c r="B1" t="str"><v><![CDATA[<raw> & ]]></v></c><c r="C1" t="str"><v>a` + "\r\n" + `b` + "\r" + `c</v></c><c r="D1" t="inlineStr"><is><t>` + "x\r" + `</t></is></c></row>`),
			want:  [][]string{{`"q" 'a' AB`, "<raw> & ", "a\nb\nc", "x\n"}},
		},
		{
			name:  "unicode and bstr in inline strings only",
			sheet: sheetDoc(`<row r="1"><c r="A1" t="inlineStr"><is><t>日本語 _x000D_ é</t></is></c><c r="B1" t="str"><v>_x0041_</v></c><c r="C1" t="inlineStr"><v>fallback</v></c></row>`),
			want:  [][]string{{"日本語 \r é", "_x0041_", "fallback"}},
		},
		{
			name:  "default namespace and single quotes, spaces in tags",
			sheet: `<worksheet xmlns='` + nsMain + `' ><sheetData ><row r = '1' ><c r='A1' t = 'inlineStr' ><is ><t >q</t ></is ></c ></row ></sheetData ></worksheet >`,
			want:  [][]string{{"q"}},
		},
		{
			name:  "empty sheet",
			sheet: sheetDoc(``),
			want:  [][]string{},
		},
		{
			name:  "self-closing sheetData and rows",
			sheet: `<worksheet xmlns="` + nsMain + `"><sheetData/></worksheet>`,
			want:  [][]string{},
		},
		{
			name:  "empty rows",
			sheet: sheetDoc(`<row r="1"/><row r="2" spans="1:2"></row><row r="3"><c r="B3"><v>1</v></c></row>`),
			want:  [][]string{nil, nil, {"", "1"}},
		},
		{
			name:  "content after sheetData is not read",
			sheet: `<worksheet xmlns="` + nsMain + `"><sheetData><row><c><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`,
			want:  [][]string{{"1"}},
		},
		{
			name: "foreign elements are skipped, as excelize ignores them",
			sheet: sheetDoc(`<x:ext xmlns:x="urn:x"><y>1</y></x:ext><row r="1"><extLst><ext/></extLst><c r="A1"><foo><v>9</v></foo><v>1</v></c>` +
				`<c r="B1" t="inlineStr"><bar/><is><t>b</t></is></c></row><junk/><row r="2"><c r="A2"><v>2</v></c><z>text</z></row>`),
			want: [][]string{{"1", "b"}, {"2"}},
		},
		{
			name:  "absolute references and lowercase",
			sheet: sheetDoc(`<row r="1"><c r="$B$1"><v>1</v></c><c r="c1"><v>2</v></c></row>`),
			want:  [][]string{{"", "1", "2"}},
		},
	}
	for _, tc := range cases {
		for _, slow := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/tokenPathOnly=%v", tc.name, slow), func(t *testing.T) {
				tokenPathOnly = slow
				defer func() { tokenPathOnly = false }()
				data := zipParts(minimalParts(testSST, "", tc.sheet))
				got := compareBoth(t, data)
				if tc.want == nil {
					return
				}
				rows := got[0].rows
				if len(rows) != len(tc.want) {
					t.Fatalf("got %d rows %v, want %d", len(rows), rows, len(tc.want))
				}
				for i, w := range tc.want {
					if rows[i].n != i+1 {
						t.Errorf("row index %d numbered %d", i, rows[i].n)
					}
					if strings.Join(rows[i].cells, "|") != strings.Join(w, "|") || len(rows[i].cells) != len(w) {
						t.Errorf("row %d = %q, want %q", i+1, rows[i].cells, w)
					}
				}
			})
		}
	}
}

// TestErrors checks that malformed or unsupported input is an error, never
// a value, and that unsupported features wrap ErrUnsupported.
func TestErrors(t *testing.T) {
	cases := []struct {
		name        string
		sheet       string
		unsupported bool
		contains    string
	}{
		{"mismatched end tag", sheetDoc(`<row><c><v>1</v></x></row>`), false, "closed by"},
		{"bad entity", sheetDoc(`<row><c t="str"><v>&nbsp;</v></c></row>`), false, "entity"},
		{"truncated", `<worksheet><sheetData><row><c><v>1</v>`, false, "unexpected end"},
		{"rows out of order", sheetDoc(`<row r="2"/><row r="1"/>`), true, "out of order"},
		{"cells out of order", sheetDoc(`<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>`), true, "out of order"},
		{"bad cell reference", sheetDoc(`<row r="1"><c r="1A"><v>1</v></c></row>`), false, "cell reference"},
		{"shared string out of range", sheetDoc(`<row r="1"><c r="A1" t="s"><v>99</v></c></row>`), false, "A1"},
		{"shared string not a number", sheetDoc(`<row r="1"><c r="A1" t="s"><v>x</v></c></row>`), false, "invalid shared string index"},
		{"doctype", `<!DOCTYPE x><worksheet><sheetData/></worksheet>`, true, "DOCTYPE"},
		{"utf-16 declaration", `<?xml version="1.0" encoding="UTF-16"?><worksheet/>`, true, "UTF-16"},
		{"unknown element holding a cell", sheetDoc(`<row r="1"><x><c r="A1"><v>1</v></c></x></row>`), true, "<x>"},
		{"unknown element holding a row", sheetDoc(`<x><row r="1"/></x>`), true, "<x>"},
		{"invalid utf-8", sheetDoc("<row r=\"1\"><c t=\"str\"><v>\xff</v></c></row>"), false, "UTF-8"},
		{"control character", sheetDoc("<row r=\"1\"><c t=\"str\"><v>\x01</v></c></row>"), false, "illegal character"},
		{"row number too big", sheetDoc(`<row r="1048577"/>`), false, "maximum"},
		{"two v", sheetDoc(`<row r="1"><c><v>1</v><v>2</v></c></row>`), true, "B"},
		{"]]> in text", sheetDoc(`<row r="1"><c t="str"><v>a]]>b</v></c></row>`), false, "]]>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := zipParts(minimalParts(testSST, "", tc.sheet))
			_, err := readFast(data)
			if err == nil {
				t.Fatal("no error")
			}
			if isUnsupported(err) != tc.unsupported {
				t.Errorf("unsupported = %v, want %v: %v", isUnsupported(err), tc.unsupported, err)
			}
			if !strings.Contains(err.Error(), `sheet "Sheet1"`) {
				t.Errorf("error does not name the sheet: %v", err)
			}
			if tc.contains != "B" && !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q does not contain %q", err, tc.contains)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	big := strings.Repeat("x", 5000)
	data := zipParts(minimalParts(testSST, "", sheetDoc(`<row r="1"><c t="inlineStr"><is><t>`+big+`</t></is></c></row>`)))
	wb, err := OpenWithLimits(bytes.NewReader(data), int64(len(data)), Limits{MaxCellSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		t.Fatal("row returned past the cell limit")
	}
	if err := rows.Err(); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v, want a size error", err)
	}
	rows.Close()

	wb, err = OpenWithLimits(bytes.NewReader(data), int64(len(data)), Limits{MaxSheetSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	rows, err = wb.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	if err := rows.Err(); err == nil || !strings.Contains(err.Error(), "zip bomb") {
		t.Fatalf("err = %v, want a zip bomb error", err)
	}
	rows.Close()

	wb, err = OpenWithLimits(bytes.NewReader(data), int64(len(data)), Limits{MaxSharedStringsSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wb.Rows("Sheet1"); err == nil || !strings.Contains(err.Error(), "sharedStrings") {
		t.Fatalf("err = %v, want a shared strings size error", err)
	}
}

// TestGeneratedMatrix writes a workbook with excelize covering the cell
// kinds and compares both readers; it also checks IsDate and Date1904.
func TestGeneratedMatrix(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		f := excelize.NewFile()
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
		dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			t.Fatal(err)
		}
		customDate := "yyyy-mm-dd hh:mm"
		customStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &customDate})
		if err != nil {
			t.Fatal(err)
		}
		money := `#,##0.00 "EUR"`
		moneyStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &money})
		if err != nil {
			t.Fatal(err)
		}
		set := func(cell string, v any) {
			t.Helper()
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
		set("A1", "text")
		set("B1", "007")
		set("C1", 1e15)
		set("D1", 3.25)
		set("E1", true)
		set("F1", "a & b 中 <tag> \"q\"")
		set("G1", -42)
		set("H1", "  lead and trail  ")
		set("A3", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
		if err := f.SetCellStyle("Sheet1", "A3", "A3", dateStyle); err != nil {
			t.Fatal(err)
		}
		set("B3", 45413.5)
		if err := f.SetCellStyle("Sheet1", "B3", "B3", customStyle); err != nil {
			t.Fatal(err)
		}
		set("C3", 12.5)
		if err := f.SetCellStyle("Sheet1", "C3", "C3", moneyStyle); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula("Sheet1", "D3", "D1*2"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellRichText("Sheet1", "E3", []excelize.RichTextRun{{Text: "bold "}, {Text: "plain", Font: &excelize.Font{Italic: true}}}); err != nil {
			t.Fatal(err)
		}
		set("Z7", "far")
		set("A8", "text") // repeated shared string
		if _, err := f.NewSheet("Second"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Second", "B2", "second sheet"); err != nil {
			t.Fatal(err)
		}
		sw, err := f.NewStreamWriter("Second")
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; r <= 20; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, []any{"inline " + cell, r, r%2 == 0, "", 1.5}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		compareBoth(t, data)

		wb, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		if wb.Date1904() != date1904 {
			t.Errorf("Date1904 = %v, want %v", wb.Date1904(), date1904)
		}
		if got := strings.Join(wb.Sheets(), ","); got != "Sheet1,Second" {
			t.Errorf("Sheets = %s", got)
		}
		rows, err := wb.Rows("sheet1") // case-insensitive, as excelize
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			switch rows.Row() {
			case 1:
				if rows.IsDate(2) || rows.IsDate(0) {
					t.Error("row 1 flagged as date")
				}
			case 3:
				if !rows.IsDate(0) || !rows.IsDate(1) || rows.IsDate(2) || rows.IsDate(3) || rows.IsDate(99) {
					t.Errorf("row 3 IsDate = %v %v %v %v", rows.IsDate(0), rows.IsDate(1), rows.IsDate(2), rows.IsDate(3))
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if _, err := wb.Rows("Nope"); err == nil {
			t.Error("missing sheet: no error")
		}
		wb.Close()
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd":          true,
		"d/m/yy h:mm":         true,
		"[h]:mm:ss":           true,
		"[$-409]mmmm d, yyyy": true,
		"hh:mm AM/PM":         true,
		"0.00":                false,
		"#,##0 \"days\"":      false,
		"[Red]0.00;[Blue]-0":  false,
		"General":             false,
		"0.00E+00":            false,
		"\\d0":                false,
		"_-* #,##0_-":         false,
		"@":                   false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestCorpusProducts(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "corpus", "hm-products-xlsx", "products.xlsx")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("corpus absent")
	}
	if err != nil {
		t.Fatal(err)
	}
	got := compareBoth(t, data)
	total := 0
	for _, s := range got {
		total += len(s.rows)
	}
	if total < 5000 {
		t.Errorf("only %d rows read", total)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(bytes.NewReader([]byte("not a zip")), 9); err == nil {
		t.Error("garbage: no error")
	}
	ole := append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 100)...)
	if _, err := Open(bytes.NewReader(ole), int64(len(ole))); !isUnsupported(err) {
		t.Errorf("encrypted: err = %v, want ErrUnsupported", err)
	}
	parts := minimalParts("", "", sheetDoc(""))
	delete(parts, "_rels/.rels")
	data := zipParts(parts)
	if _, err := Open(bytes.NewReader(data), int64(len(data))); !isUnsupported(err) {
		t.Errorf("no root rels: err = %v, want ErrUnsupported", err)
	}
	if _, err := OpenFile(filepath.Join(t.TempDir(), "missing.xlsx")); err == nil {
		t.Error("missing file: no error")
	}
}
