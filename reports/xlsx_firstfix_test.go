package reports

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
)

// missingREPFindings is a catalog of n products, none with a REP column:
// each product has a rep-missing finding from that absence, and every
// third a title finding of its own.
func missingREPFindings(n int) []checks.Finding {
	var fs []checks.Finding
	for i := range n {
		row := i + 2
		fs = append(fs, checks.Finding{
			Check: "rep-missing", Severity: checks.Error, Kind: "listing",
			Pos:    readers.Pos{File: "big.csv", Row: row, Col: 0, Field: "rep"},
			Entity: fmt.Sprintf("P%04d", i), Message: "the product is sold in France and needs a REP identifier",
			Fix:      "Register with the eco-organisation and put the IDU in the REP column.",
			Evidence: &checks.Evidence{MissingColumn: "rep"},
		})
		if i%3 == 0 {
			fs = append(fs, checks.Finding{
				Check: "title-length", Severity: checks.Warning, Kind: "listing",
				Pos:    readers.Pos{File: "big.csv", Row: row, Col: 2, Field: "title"},
				Entity: fmt.Sprintf("P%04d", i), Value: fmt.Sprintf("Title of product %d", i),
				Message: "title has 140 characters; the limit is 128", Fix: "Shorten the title to 128 characters.",
			})
		}
	}
	return fs
}

// writeFindings writes a workbook of fs and returns it opened.
func writeFindings(t *testing.T, fs []checks.Finding, opt XLSXOptions) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.xlsx")
	x, err := CreateXLSX(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Begin(fixtureRun()); err != nil {
		t.Fatal(err)
	}
	if err := x.Findings(fs); err != nil {
		t.Fatal(err)
	}
	sum := &Summary{Findings: len(fs), BySeverity: map[checks.Severity]int{}, ByCheck: map[string]int{}}
	for _, f := range fs {
		sum.BySeverity[f.Severity]++
		sum.ByCheck[f.Check]++
	}
	if err := x.Close(sum); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestXLSXWholeFileOnce(t *testing.T) {
	const n = 750
	fs := missingREPFindings(n)
	f := writeFindings(t, fs, XLSXOptions{})

	// The Summary names the missing REP column once, with the count.
	mentions := 0
	var count string
	for _, r := range rowsOf(t, f, "Summary") {
		for c, v := range r {
			if strings.Contains(v, `no "REP" column`) {
				mentions++
				if c+2 < len(r) {
					count = r[c+2]
				}
			}
		}
	}
	if mentions != 1 || count != fmt.Sprint(n) {
		t.Errorf("Summary mentions the missing REP column %d times with count %q, want once with %d", mentions, count, n)
	}

	// Findings: one row for the whole file, then the titles, not 750 rows.
	rows := rowsOf(t, f, "Findings")
	titles := (n + 2) / 3
	if got, want := len(rows)-1, 1+titles; got != want {
		t.Fatalf("Findings has %d rows, want %d (one whole-file row and %d title rows)", got, want, titles)
	}
	if r := rows[1]; r[1] != "rep-missing" || r[7] != fmt.Sprintf("%d products", n) || !strings.Contains(r[9], "see the Summary") {
		t.Errorf("whole-file row %q", r)
	}
	repRows := 0
	for _, r := range rows[1:] {
		if r[1] == "rep-missing" {
			repRows++
		}
	}
	if repRows != 1 {
		t.Errorf("%d rep-missing rows on Findings, want 1", repRows)
	}
	if dim, _ := f.GetSheetDimension("Findings"); dim != fmt.Sprintf("A1:M%d", titles+2) {
		t.Errorf("Findings dimension %s", dim)
	}
}

// TestXLSXWholeFileNotGrouped: a rep-missing finding of a row whose file
// has a REP column (the cell is empty) stays on its own row.
func TestXLSXWholeFileNotGrouped(t *testing.T) {
	fs := missingREPFindings(3)
	for i := range fs {
		fs[i].Evidence = nil
	}
	f := writeFindings(t, fs, XLSXOptions{})
	if got := len(rowsOf(t, f, "Findings")) - 1; got != len(fs) {
		t.Errorf("Findings has %d rows, want %d", got, len(fs))
	}
	for _, r := range rowsOf(t, f, "Summary") {
		for _, v := range r {
			if strings.Contains(v, "whole file") {
				t.Errorf("Summary speaks of a whole file: %q", v)
			}
		}
	}
}

func TestXLSXByProduct(t *testing.T) {
	const n = 30
	fs := missingREPFindings(n)
	// Product P0001 also has an info and an error after its warning: its
	// cell lists the errors first.
	extra := []checks.Finding{
		{Check: "image-count", Severity: checks.Info, Kind: "listing", Pos: readers.Pos{File: "big.csv", Row: 3, Col: 5, Field: "images"}, Entity: "P0001", Message: "only 1 image"},
		{Check: "price-missing", Severity: checks.Error, Kind: "listing", Pos: readers.Pos{File: "big.csv", Row: 3, Col: 6, Field: "price"}, Entity: "P0001", Message: "no price"},
		{Check: "order-ship-overdue", Severity: checks.Error, Kind: "order", Pos: readers.Pos{File: "o.csv", Row: 2}, Entity: "8001", Message: "late"},
	}
	i := slices.IndexFunc(fs, func(f checks.Finding) bool { return f.Entity == "P0002" })
	fs = slices.Insert(fs, i, extra...)
	f := writeFindings(t, fs, XLSXOptions{})

	rows := rowsOf(t, f, "By product")
	if got := len(rows) - 1; got != n {
		t.Fatalf("By product has %d rows, want one per product (%d)", got, n)
	}
	head := strings.Join(rows[0], "|")
	if head != "File|Row|Product id|Title|Worst|Errors|Warnings|Info|Problems (worst first)" {
		t.Errorf("header %s", head)
	}
	for i, r := range rows[1:] {
		if want := fmt.Sprintf("P%04d", i); r[0] != "big.csv" || r[2] != want || r[1] != fmt.Sprint(i+2) {
			t.Errorf("row %d: product %s at %s, want %s at %d", i+2, r[2], r[1], want, i+2)
		}
	}
	// A check the run knows is named by its title, then its ID.
	if r := rows[1]; r[3] != "Title of product 0" || r[4] != "error" || r[5] != "1" || r[6] != "1" ||
		r[8] != "error · rep-missing\nwarning · title longer than 128 characters (title-length)" {
		t.Errorf("P0000 row %q", r)
	}
	p1 := rows[2]
	lines := strings.Split(p1[8], "\n")
	if p1[5] != "2" || p1[7] != "1" || len(lines) != 3 ||
		lines[0] != "error · rep-missing" || lines[1] != "error · price-missing" || lines[2] != "info · fewer than 3 images (image-count)" {
		t.Errorf("P0001 problems not worst first: %q", p1)
	}
	// Sortable and filterable: autofilter over the table, header frozen,
	// the problems wrapped in a taller row, the header printed on every page.
	filtered, titled := false, false
	for _, d := range f.GetDefinedName() {
		filtered = filtered || d.Name == "_xlnm._FilterDatabase" && d.Scope == "By product" && strings.HasSuffix(d.RefersTo, fmt.Sprintf("$I$%d", n+1))
		titled = titled || d.Name == "_xlnm.Print_Titles" && d.Scope == "By product" && strings.HasSuffix(d.RefersTo, "!$1:$1")
	}
	if !filtered || !titled {
		t.Errorf("By product filter %v, print titles %v: %+v", filtered, titled, f.GetDefinedName())
	}
	if p, err := f.GetPanes("By product"); err != nil || !p.Freeze || p.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", p, err)
	}
	if h, _ := f.GetRowHeight("By product", 3); h < 45 {
		t.Errorf("row of 3 problems is %v points high", h)
	}
	id, _ := f.GetCellStyle("By product", "I3")
	if st, err := f.GetStyle(id); err != nil || st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("problems cell does not wrap: %+v %v", st, err)
	}
}

// FuzzAppendXMLText: the text written into the By product sheet's XML
// reads back as the string, less what XML cannot hold.
func FuzzAppendXMLText(f *testing.F) {
	for _, s := range []string{"", "plain", "a & b < c > d", "two\nlines\ttab\r", "\x00\x1f", "\xff\xfe bad", "\uFFFE\uFFFF\uFFFD", "中文 · é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := "<t>" + string(appendXMLText(nil, s)) + "</t>"
		var got string
		if err := xml.Unmarshal([]byte(doc), &got); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		var want strings.Builder
		for _, r := range s { // an invalid byte ranges as U+FFFD, one each

			switch {
			case r == '\r':
				want.WriteRune(r)
			case r < 0x20 && r != '\n' && r != '\t', r == 0xFFFE, r == 0xFFFF:
				want.WriteRune('\uFFFD')
			default:
				want.WriteRune(r)
			}
		}
		if got != want.String() {
			t.Errorf("%q read back as %q, want %q", s, got, want.String())
		}
	})
}

// TestXLSXFindingsReadable: long texts wrap in taller rows, and the short
// columns are as wide as their longest text, within bounds.
func TestXLSXFindingsReadable(t *testing.T) {
	long := strings.Repeat("the title repeats words buyers do not search for; ", 4)
	path := strings.Repeat("d/", 10) + "catalog.csv"
	fs := []checks.Finding{
		{Check: "title-length", Severity: checks.Error, Kind: "listing", Pos: readers.Pos{File: path, Row: 2, Col: 1, Field: "title"}, Entity: "A", Message: long, Fix: "Shorten it."},
		{Check: "title-length", Severity: checks.Error, Kind: "listing", Pos: readers.Pos{File: path, Row: 3, Col: 1, Field: "title"}, Entity: "B", Message: "short", Fix: "Shorten it."},
	}
	f := writeFindings(t, fs, XLSXOptions{})
	id, _ := f.GetCellStyle("Findings", "J2")
	if st, err := f.GetStyle(id); err != nil || st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("message cell does not wrap: %+v %v", st, err)
	}
	if h, _ := f.GetRowHeight("Findings", 2); h < 45 {
		t.Errorf("row of a %d-character message is %v points high", len(long), h)
	}
	if h, _ := f.GetRowHeight("Findings", 3); h > 16 {
		t.Errorf("row of a short message is %v points high", h)
	}
	area := false
	for _, d := range f.GetDefinedName() {
		area = area || d.Name == "_xlnm.Print_Area" && d.Scope == "Findings" && strings.HasSuffix(d.RefersTo, "!$A$1:$K$3")
	}
	if !area {
		t.Errorf("no print area over the key columns of Findings: %+v", f.GetDefinedName())
	}
	for col, want := range map[string]float64{"C": float64(len(path) + 2), "B": float64(len("title-length") + 2), "D": 7} {
		if w, _ := f.GetColWidth("Findings", col); w != want {
			t.Errorf("column %s is %v wide, want %v", col, w, want)
		}
	}
}

func TestCountAxis(t *testing.T) {
	for _, c := range []struct{ most, unit float64 }{
		{0, 1}, {1, 1}, {8, 1}, {9, 2}, {16, 2}, {17, 5}, {40, 5}, {41, 10}, {80, 10}, {81, 20}, {400, 50}, {1000, 200}, {99999, 20000},
	} {
		a := countAxis(c.most)
		if a.MajorUnit != c.unit || a.NumFmt.CustomNumFmt != "0" || a.Minimum == nil || *a.Minimum != 0 {
			t.Errorf("countAxis(%v): unit %v, format %q, want unit %v, whole numbers from 0", c.most, a.MajorUnit, a.NumFmt.CustomNumFmt, c.unit)
		}
	}
}

// TestXLSXChartAxes: the daily counts chart ticks a date a week and
// counts in whole numbers; the Summary's chart too.
func TestXLSXChartAxes(t *testing.T) {
	path := writeXLSX(t, t.TempDir(), "report.xlsx", XLSXOptions{}, false)
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var daily, summary bool
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		x := string(b)
		whole := strings.Contains(x, `<majorUnit val="1"`) && strings.Contains(x, `formatCode="0"`)
		daily = daily || whole && strings.Contains(x, `<tickLblSkip val="7"`)
		summary = summary || whole && strings.Contains(x, "Findings by check")
	}
	if !daily || !summary {
		t.Errorf("whole-number axes: daily chart %v, summary chart %v", daily, summary)
	}
}

// TestXLSXRulesListEntries: each list entry has a row of its own, its
// words one language per line.
func TestXLSXRulesListEntries(t *testing.T) {
	run := fixtureRun()
	run.Rules = append(run.Rules,
		checks.RuleValue{Check: "prohibited-item", Setting: "list firearms", Value: "en: gun, rifle; fr: fusil"},
		checks.RuleValue{Check: "prohibited-item", Setting: "list drugs", Value: "en: cannabis"},
		checks.RuleValue{Check: "recalled-item", Setting: "list baby-sling", Value: "en: baby sling; except: doll"},
	)
	rows := runSheet(t, run, "Rules")
	var entries [][]string
	for i, r := range rows {
		if len(r) > 0 && r[0] == "List entries" {
			entries = append(entries, rows[i+3:]...)
		}
	}
	want := [][]string{
		{"prohibited-item", "", "", "drugs", "en: cannabis"},
		{"prohibited-item", "", "", "firearms", "en: gun, rifle\nfr: fusil"},
		{"recalled-item", "", "", "baby-sling", "en: baby sling\nexcept: doll"},
	}
	if fmt.Sprint(entries) != fmt.Sprint(want) {
		t.Errorf("list entries %q, want %q", entries, want)
	}
	for _, r := range rows {
		if len(r) > 3 && strings.HasPrefix(r[3], "list ") {
			t.Errorf("a list is still among the settings: %q", r)
		}
	}
}
