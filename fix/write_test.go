package fix

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/readers"
)

const samples = "../samples"

// corpus is the folder of real-world files shared by the project; the
// tests skip a file that is absent.
const corpus = "../../shared/corpus"

// write runs Write on in and fails the test on an error.
func write(t *testing.T, in, out string, opt Options) *Result {
	t.Helper()
	res, err := Write(context.Background(), Config{In: in, Out: out, Options: opt})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// check returns the findings of a check of path, named as name.
func check(t *testing.T, path, name string) []checks.Finding {
	t.Helper()
	return checkRules(t, path, name, nil)
}

func checkRules(t *testing.T, path, name string, rules *checks.Rules) []checks.Finding {
	t.Helper()
	fs, err := findings(context.Background(), pipeline.Config{Rules: rules}, path, name)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// assertRecheck checks the promise of Write: a check of the copy reports
// the findings of the input but the cleared ones, and nothing else.
func assertRecheck(t *testing.T, in, out string, res *Result) (left map[string]int) {
	t.Helper()
	return assertRecheckRules(t, in, out, res, nil)
}

func assertRecheckRules(t *testing.T, in, out string, res *Result, rules *checks.Rules) (left map[string]int) {
	t.Helper()
	want := map[clearKey]int{}
	left = map[string]int{}
	for _, f := range checkRules(t, in, "", rules) {
		if !res.Cleared(&f) {
			want[keyOf(&f)]++
			left[f.Check]++
		}
	}
	for _, f := range checkRules(t, out, in, rules) {
		k := keyOf(&f)
		if want[k] == 0 {
			t.Errorf("the copy has a new or changed finding: %s %s: %s", f.Pos, f.Check, f.Message)
			continue
		}
		want[k]--
	}
	for k, n := range want {
		if n > 0 {
			t.Errorf("the copy lost a finding that was not fixed: row %d col %d %s: %s", k.row, k.col, k.check, k.msg)
		}
	}
	return left
}

// changedCells indexes the changes by (sheet, row, col).
func changedCells(cs []Change) map[[3]any]Change {
	m := map[[3]any]Change{}
	for _, c := range cs {
		m[[3]any{c.Pos.Sheet, c.Pos.Row, c.Pos.Col}] = c
	}
	return m
}

// records splits a delimited file into raw records, as the copy does.
func records(t *testing.T, path string, delim byte) []*record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sp := &splitter{r: bufio.NewReader(f), delim: delim, line: 1}
	var out []*record
	for sp.next() {
		out = append(out, sp.rec)
	}
	if sp.err != nil {
		t.Fatal(sp.err)
	}
	return out
}

func TestWriteCSV(t *testing.T) {
	in := filepath.Join(samples, "catalog.csv")
	out := filepath.Join(t.TempDir(), "catalog-fixed.csv")
	before, _ := os.ReadFile(in)
	res := write(t, in, out, Options{})
	if after, _ := os.ReadFile(in); !bytes.Equal(before, after) {
		t.Fatal("the input was modified")
	}
	if len(res.Changes) == 0 {
		t.Fatal("no change made on the sample catalog")
	}
	left := assertRecheck(t, in, out, res)
	for _, id := range []string{checks.TitleTooLong.ID, checks.TitleDuplicateWords.ID} {
		if left[id] > 0 {
			t.Errorf("%d %s findings left after the fix", left[id], id)
		}
	}

	// Every field keeps its bytes but the changed ones; one is added.
	changed := changedCells(res.Changes)
	orig, copied := records(t, in, ','), records(t, out, ',')
	if len(orig) != len(copied) {
		t.Fatalf("%d records, want %d", len(copied), len(orig))
	}
	for i := range orig {
		o, c := orig[i], copied[i]
		if len(c.fields) != len(o.fields)+1 || !bytes.Equal(o.end, c.end) {
			t.Fatalf("row %d: %d fields (want %d), end %q (want %q)", i+1, len(c.fields), len(o.fields)+1, c.end, o.end)
		}
		for j := range o.fields {
			ch, ok := changed[[3]any{"", i + 1, j + 1}]
			switch {
			case ok && c.value(j+1) != ch.After:
				t.Errorf("row %d col %d = %q, want the change's %q", i+1, j+1, c.value(j+1), ch.After)
			case !ok && !bytes.Equal(o.fields[j], c.fields[j]):
				t.Errorf("row %d col %d changed: %q -> %q", i+1, j+1, o.fields[j], c.fields[j])
			}
		}
	}
	if got := copied[0].value(len(copied[0].fields)); got != columnHeader {
		t.Errorf("added header %q, want %q", got, columnHeader)
	}
	if got := copied[2].value(len(copied[2].fields)); !strings.Contains(got, checks.TitleTooLong.Title()+" (fixed)") {
		t.Errorf("row 3's aecheck column = %q, want the cut title marked fixed", got)
	}

	// The changes file lists every change and every problem left.
	cf, err := os.Open(res.ChangesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	rows, err := csv.NewReader(cf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var nChanged, nToDo int
	for _, r := range rows[1:] {
		switch r[5] {
		case statusChanged:
			nChanged++
		case statusToDo:
			nToDo++
		}
	}
	if nChanged != len(res.Changes) || nToDo == 0 {
		t.Errorf("changes file: %d changed lines for %d changes, %d to fix", nChanged, len(res.Changes), nToDo)
	}
}

// sheetCells reads every cell of every sheet as its raw value.
func sheetCells(t *testing.T, path string) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		m[s] = rows
	}
	return m
}

func TestWriteXLSX(t *testing.T) {
	in := filepath.Join(samples, "catalog.xlsx")
	out := filepath.Join(t.TempDir(), "catalog-fixed.xlsx")
	before, _ := os.ReadFile(in)
	res := write(t, in, out, Options{})
	if after, _ := os.ReadFile(in); !bytes.Equal(before, after) {
		t.Fatal("the input was modified")
	}
	left := assertRecheck(t, in, out, res)
	for _, id := range []string{checks.TitleTooLong.ID, checks.TitleDuplicateWords.ID} {
		if left[id] > 0 {
			t.Errorf("%d %s findings left after the fix", left[id], id)
		}
	}

	orig, copied := sheetCells(t, in), sheetCells(t, out)
	changed := changedCells(res.Changes)
	for sheet, rows := range orig {
		got := copied[sheet]
		for r, row := range rows {
			for c, v := range row {
				ch, ok := changed[[3]any{sheet, r + 1, c + 1}]
				w := v
				if ok {
					w = ch.After
				}
				if c >= len(got[r]) || got[r][c] != w {
					t.Errorf("%s row %d col %d = %q, want %q", sheet, r+1, c+1, at(got, r, c), w)
				}
			}
		}
	}
	cs := copied[changesName]
	if len(cs) != len(res.Changes)+1 || !slices.Equal(cs[0], changesHeader) {
		t.Errorf("Changes sheet: %d rows for %d changes, header %q", len(cs), len(res.Changes), at(cs, 0, 0))
	}

	// Every finding's cell is coloured and carries a note; the other cells
	// keep their style.
	fo, _ := excelize.OpenFile(in)
	defer fo.Close()
	fc, _ := excelize.OpenFile(out)
	defer fc.Close()
	notes := map[string]string{}
	cm, _ := fc.GetComments("Products")
	for _, c := range cm {
		notes[c.Cell] = c.Text
	}
	marked := map[string]bool{}
	for _, f := range check(t, in, "") {
		if f.Pos.Col == 0 {
			continue
		}
		cell := f.Pos.Cell()
		marked[cell] = true
		if !strings.Contains(notes[cell], f.Message) {
			t.Errorf("%s (%s): note %q lacks %q", cell, f.Check, notes[cell], f.Message)
		}
		so, _ := fo.GetCellStyle("Products", cell)
		sc, _ := fc.GetCellStyle("Products", cell)
		if st, _ := fc.GetStyle(sc); so == sc || st == nil || len(st.Fill.Color) == 0 {
			t.Errorf("%s (%s) not highlighted", cell, f.Check)
		}
	}
	for r := range orig["Products"] {
		for c := range orig["Products"][r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if marked[cell] {
				continue
			}
			so, _ := fo.GetCellStyle("Products", cell)
			sc, _ := fc.GetCellStyle("Products", cell)
			if so != sc {
				t.Errorf("%s: style %d became %d", cell, so, sc)
			}
		}
	}
}

func at(rows [][]string, r, c int) string {
	if r < len(rows) && c < len(rows[r]) {
		return rows[r][c]
	}
	return ""
}

func TestWriteNoFix(t *testing.T) {
	for _, name := range []string{"catalog.csv", "catalog.xlsx"} {
		in := filepath.Join(samples, name)
		out := filepath.Join(t.TempDir(), "marked-"+name)
		res := write(t, in, out, Options{NoFix: true})
		if len(res.Changes) != 0 || res.Marked == 0 {
			t.Errorf("%s: --no-fix made %d changes and marked %d cells", name, len(res.Changes), res.Marked)
		}
		assertRecheck(t, in, out, res)
	}
}

func TestWriteRefusesInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "catalog.csv")
	data, _ := os.ReadFile(filepath.Join(samples, "catalog.csv"))
	os.WriteFile(in, data, 0o644)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(in, link); err != nil {
		t.Skip(err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	for _, out := range []string{in, link, filepath.Join(dir, "sub", "..", "catalog.csv")} {
		_, err := Write(context.Background(), Config{In: in, Out: out})
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("-o %s: err = %v, want a refusal", out, err)
		}
	}
	if got, _ := os.ReadFile(in); !bytes.Equal(got, data) {
		t.Error("the input was modified")
	}
}

// TestWriteText covers what a text catalog keeps: its separator, line
// ends, encoding, byte-order mark, and quoted fields that span lines.
func TestWriteText(t *testing.T) {
	long := "Robe d'été femme légère fleurie à manches courtes col en V pour plage vacances soirée décontractée élégante grande taille tunique Robe"
	for _, tc := range []struct {
		name, enc string
		body      string
	}{
		{"utf8-bom-crlf.csv", readers.EncUTF8, "\ufeffProduct ID,Title,Category,Price\r\n1,\"" + long + "\",Women > Dresses,12.50\r\n2,\"Teapot \"\"Kyoto\"\"\",\"Home\nKitchen\",\"3,50\"\r\n"},
		{"semicolon-1252.csv", readers.EncWindows1252, "Product ID;Title;Category;Price\n1;" + long + ";Femmes > Robes;12,50\n2;Théière  céramique;Maison;3,50"},
		{"utf16.tsv", readers.EncUTF16LE, "\ufeffProduct ID\tTitle\tCategory\tPrice\r\n1\t" + long + "\tWomen\t12.50\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in, out := filepath.Join(dir, tc.name), filepath.Join(dir, "fixed-"+tc.name)
			e, err := readers.TextEncoding(tc.enc)
			if err != nil {
				t.Fatal(err)
			}
			body := tc.body
			var raw []byte
			if strings.HasPrefix(body, "\ufeff") {
				raw = bomOf(tc.enc)
				body = strings.TrimPrefix(body, "\ufeff")
			}
			enc, err := e.NewEncoder().Bytes([]byte(body))
			if err != nil {
				t.Fatal(err)
			}
			raw = append(raw, enc...)
			os.WriteFile(in, raw, 0o644)
			res := write(t, in, out, Options{})
			assertRecheck(t, in, out, res)
			got, _ := os.ReadFile(out)
			if len(raw) >= 2 && !bytes.HasPrefix(got, raw[:2]) {
				t.Errorf("copy starts %q, want %q", got[:2], raw[:2])
			}
			dec, err := e.NewDecoder().Bytes(bytes.TrimPrefix(got, bomOf(tc.enc)))
			if err != nil {
				t.Fatal(err)
			}
			text := string(dec)
			if !strings.Contains(text, "aecheck") {
				t.Errorf("no aecheck column in %q", text)
			}
			if strings.Contains(text, long) {
				t.Errorf("the long title was not cut: %q", text)
			}
			for _, c := range res.Changes {
				if c.Action == ActionCutTitle && !strings.Contains(text, c.After) {
					t.Errorf("cut title %q not in the copy %q", c.After, text)
				}
			}
			// The other rows keep their bytes, line ends included.
			for _, keep := range []string{"\"Teapot \"\"Kyoto\"\"\",\"Home\nKitchen\",\"3,50\"", "Maison;3,50"} {
				if strings.Contains(body, keep) && !strings.Contains(text, keep) {
					t.Errorf("%q lost from %q", keep, text)
				}
			}
			if strings.Contains(body, "\r\n") != strings.Contains(text, "\r\n") {
				t.Errorf("line ends changed: %q", text)
			}
		})
	}
}

// TestWriteCorpus runs the fix on real exports: the French AliExpress
// search export has 155 titles over 128 characters, and the H&M workbook
// holds inline strings.
func TestWriteCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus files take seconds")
	}
	for _, tc := range []struct {
		rel     string
		maxLong int // title-too-long findings left at most
	}{
		{"aliexpress-search-fr/aliexpress_multi_page_firefox.csv", 10},
		{"hm-products-xlsx/products.xlsx", 0},
	} {
		t.Run(filepath.Dir(tc.rel), func(t *testing.T) {
			in := filepath.Join(corpus, tc.rel)
			if _, err := os.Stat(in); err != nil {
				t.Skipf("corpus file %s absent", tc.rel)
			}
			out := filepath.Join(t.TempDir(), "fixed"+filepath.Ext(in))
			res := write(t, in, out, Options{})
			left := assertRecheck(t, in, out, res)
			if left[checks.TitleTooLong.ID] > tc.maxLong {
				t.Errorf("%d titles still too long, want at most %d", left[checks.TitleTooLong.ID], tc.maxLong)
			}
			t.Logf("%d changes, %d cells marked on %d rows, %d rows kept; left: %v", len(res.Changes), res.Marked, res.Rows, res.Kept, left)
		})
	}
}

func TestWriteFillFromRules(t *testing.T) {
	rules, err := checks.ParseRules([]byte("rep:\n  packaging: FR234567_01AB\n  textiles: FR998877_02CD\n"), "test rules")
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(samples, "catalog.csv")
	out := filepath.Join(t.TempDir(), "filled.csv")
	res := write(t, in, out, Options{Rules: rules, FillFromRules: true})
	assertRecheckRules(t, in, out, res, rules)
	var filled int
	for _, c := range res.Changes {
		if c.Action == ActionFillREP {
			filled++
			if c.Before != "" || c.After != "packaging:FR234567_01AB; textiles:FR998877_02CD" {
				t.Errorf("row %d: %q -> %q", c.Pos.Row, c.Before, c.After)
			}
		}
	}
	if filled == 0 {
		t.Error("no empty REP cell filled")
	}
	// Without the option the cells stay empty.
	res = write(t, in, filepath.Join(t.TempDir(), "not-filled.csv"), Options{Rules: rules})
	for _, c := range res.Changes {
		if c.Action == ActionFillREP {
			t.Errorf("row %d filled without --fill-from-rules", c.Pos.Row)
		}
	}
}

// TestWriteFillCE: --fill-from-rules writes the rules' CE reference into
// the empty CE cells that ce-missing reports, and only those, and lists
// each in the Changes sheet.
func TestWriteFillCE(t *testing.T) {
	rules, err := checks.ParseRules([]byte("ce: DoC-TM-2026-014\n"), "test rules")
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(samples, "catalog.xlsx")
	out := filepath.Join(t.TempDir(), "filled.xlsx")
	res := write(t, in, out, Options{Rules: rules, FillFromRules: true})
	left := assertRecheckRules(t, in, out, res, rules)
	var missing int
	for _, f := range checkRules(t, in, "", rules) {
		if f.Check == checks.CEMissing.ID {
			missing++
		}
	}
	var filled []Change
	for _, c := range res.Changes {
		if c.Action == ActionFillCE {
			filled = append(filled, c)
			if c.After != "DoC-TM-2026-014" || c.Check != checks.CEMissing.ID {
				t.Errorf("row %d: %q -> %q (%s)", c.Pos.Row, c.Before, c.After, c.Check)
			}
		}
	}
	if missing == 0 || len(filled) != missing || left[checks.CEMissing.ID] != 0 {
		t.Errorf("%d CE cells filled for %d ce-missing findings; %d left", len(filled), missing, left[checks.CEMissing.ID])
	}
	cells := sheetCells(t, out)[changesName]
	n := 0
	for _, r := range cells[1:] {
		if slices.Contains(r, "DoC-TM-2026-014") {
			n++
		}
	}
	if n != len(filled) {
		t.Errorf("the Changes sheet lists %d CE fills, want %d", n, len(filled))
	}
	// Without the option nothing is filled.
	res = write(t, in, filepath.Join(t.TempDir(), "not-filled.xlsx"), Options{Rules: rules})
	for _, c := range res.Changes {
		if c.Action == ActionFillCE {
			t.Errorf("row %d filled without --fill-from-rules", c.Pos.Row)
		}
	}
}

// TestPlan checks the integrators' API: the changes Plan returns for the
// listings are those Write makes in the file.
func TestPlan(t *testing.T) {
	in := filepath.Join(samples, "catalog.csv")
	r, err := readers.OpenCatalog(in, nil, readers.Options{Aliases: checks.Default().Aliases})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ls []readers.Listing
	for r.Next() {
		ls = append(ls, r.Batch().Listings...)
	}
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	got, err := Plan(ls, check(t, in, ""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := write(t, in, filepath.Join(t.TempDir(), "fixed.csv"), Options{})
	type key struct {
		row           int
		action, after string
	}
	var a, b []key
	for _, c := range got {
		a = append(a, key{c.Pos.Row, c.Action, c.After})
	}
	for _, c := range res.Changes {
		b = append(b, key{c.Pos.Row, c.Action, c.After})
	}
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Errorf("Plan gives %v\nWrite made %v", a, b)
	}
}
