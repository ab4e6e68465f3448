package fix

import (
	"testing"
)

func TestStreamPieces(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<t>Robe</t>`, "Robe"},
		{`<r><rPr><b/></rPr><t xml:space="preserve">Robe </t></r><r><t>d&apos;été &amp; co</t></r>`, "Robe d'été & co"},
		{`<r><t>東京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh>`, "東京"},
		{`<t/>`, ""},
	} {
		if got := runs([]byte(tc.in)); got != tc.want {
			t.Errorf("runs(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in    string
		style int
		want  string
	}{
		{`<c r="B2" s="3" t="s"><v>1</v></c>`, 7, `<c r="B2" t="s" s="7"><v>1</v></c>`},
		{`<c r="B2"/>`, 7, `<c r="B2" s="7"/>`},
		{`<c r="B2" t="n"><v>2</v></c>`, 4, `<c r="B2" t="n" s="4"><v>2</v></c>`},
	} {
		if got := string(setStyle([]byte(tc.in), tc.style)); got != tc.want {
			t.Errorf("setStyle(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	row := []byte(`<row r="7" spans="1:3"><c r="A7" t="s"><v>0</v></c><c r="C7" t="inlineStr"><is><t>x &lt; y</t></is></c><c r="D7"/></row>`)
	n, cells, err := parseRow(row)
	if err != nil || n != 7 || len(cells) != 3 || cells[1].col != 3 || cells[2].col != 4 {
		t.Fatalf("parseRow: %d %v %v", n, cells, err)
	}
	if got := cells[0].text(row, []string{"Robe"}); got != "Robe" {
		t.Errorf("shared string = %q", got)
	}
	if got := cells[1].text(row, nil); got != "x < y" {
		t.Errorf("inline string = %q", got)
	}
	if _, _, err := parseRow([]byte(`<row><c><v>1</v></c></row>`)); err != errNoStream {
		t.Errorf("a row without its reference: %v, want errNoStream", err)
	}
	if got := string(setDimension([]byte(`<worksheet><dimension ref="A1:E100"/>`), 6)); got != `<worksheet><dimension ref="A1:F100"/>` {
		t.Errorf("setDimension = %s", got)
	}
	rels := []byte(`<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/></Relationships>`)
	got := string(withLegacyDrawing([]byte(`</sheetData><pageMargins/><tableParts count="0"/></worksheet>`), rels))
	want := `</sheetData><pageMargins/><legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId9"/><tableParts count="0"/></worksheet>`
	if got != want {
		t.Errorf("withLegacyDrawing = %s", got)
	}
}
