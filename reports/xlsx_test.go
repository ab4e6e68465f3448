package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
)

// writeXLSX writes the fixture run to dir/name and returns the path.
func writeXLSX(t *testing.T, dir, name string, opt XLSXOptions, trends bool) string {
	t.Helper()
	path := filepath.Join(dir, name)
	x, err := CreateXLSX(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if trends {
		x.SetTrends(fixtureTrends())
	}
	feed(t, x)
	return path
}

// dumpXLSX is a deterministic text dump of every cell of every sheet, raw
// values, in sheet order.
func dumpXLSX(t *testing.T, path string) []byte {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	for _, sh := range f.GetSheetList() {
		dim, _ := f.GetSheetDimension(sh)
		fmt.Fprintf(&b, "== %s (%s)\n", sh, dim)
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				fmt.Fprintf(&b, "%s\t%s\n", cell, strings.ReplaceAll(v, "\n", `\n`))
			}
		}
	}
	return b.Bytes()
}

func TestXLSXGolden(t *testing.T) {
	path := writeXLSX(t, t.TempDir(), "report.xlsx", XLSXOptions{}, true)
	goldenCompare(t, "golden.xlsx.txt", dumpXLSX(t, path))
}

func TestXLSXByteIdentical(t *testing.T) {
	for _, opt := range []XLSXOptions{{}, {MaxRowsPerSheet: 3}} {
		t.Run(fmt.Sprint(opt.MaxRowsPerSheet), func(t *testing.T) {
			a := writeXLSX(t, t.TempDir(), "a.xlsx", opt, true)
			b := writeXLSX(t, t.TempDir(), "b.xlsx", opt, true)
			ba, err := os.ReadFile(a)
			if err != nil {
				t.Fatal(err)
			}
			bb, err := os.ReadFile(b)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ba, bb) {
				t.Fatalf("two runs gave different bytes (%d and %d bytes)", len(ba), len(bb))
			}
		})
	}
}

func TestXLSXLayout(t *testing.T) {
	path := writeXLSX(t, t.TempDir(), "report.xlsx", XLSXOptions{}, true)
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wantSheets := []string{"Summary", "Findings", "By product", "Order findings", "Metrics", "Daily counts", "Carriers", "Products", "Trends", "Rules"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(wantSheets, "|") {
		t.Fatalf("sheets %v, want %v", got, wantSheets)
	}
	if dim, _ := f.GetSheetDimension("Findings"); dim != "A1:M6" {
		t.Errorf("Findings dimension %q, want A1:M6 (5 listing findings and the header)", dim)
	}
	panes, err := f.GetPanes("Findings")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Findings header not frozen: %+v %v", panes, err)
	}
	dn := f.GetDefinedName()
	filtered := false
	for _, d := range dn {
		if d.Name == "_xlnm._FilterDatabase" && strings.Contains(d.RefersTo, "Findings") && strings.Contains(d.RefersTo, "$M$6") {
			filtered = true
		}
	}
	if !filtered {
		t.Errorf("no autofilter over the Findings table: %+v", dn)
	}
	if w, _ := f.GetColWidth("Findings", "J"); w < 40 {
		t.Errorf("message column width %v", w)
	}
	// Severity colours.
	for cell, color := range map[string]string{"A2": "FFC7CE", "A3": "FFEB9C"} {
		id, err := f.GetCellStyle("Findings", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], color) {
			t.Errorf("%s fill %v, want %s", cell, st.Fill.Color, color)
		}
	}
	// Row is a number, ids and formula-looking values are text.
	if typ, _ := f.GetCellType("Findings", "E2"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("Row stored as text")
	}
	if v, _ := f.GetCellValue("Findings", "H2"); v != "1005006789012345" {
		t.Errorf("16-digit id read back as %q", v)
	}
	if v, _ := f.GetCellFormula("Findings", "I3"); v != "" {
		t.Errorf("value =1+1 became a formula %q", v)
	}
	if v, _ := f.GetCellValue("Findings", "G2"); v != "C5" {
		t.Errorf("cell %q", v)
	}
	// Order findings apart.
	if v, _ := f.GetCellValue("Order findings", "H1"); v != "Order id" {
		t.Errorf("Order findings H1 %q", v)
	}
	if v, _ := f.GetCellValue("Order findings", "H2"); v != "8001" {
		t.Errorf("Order findings H2 %q", v)
	}
	// Summary numbers and reconciliation.
	found := false
	rows, _ := f.GetRows("Summary")
	for _, r := range rows {
		if len(r) >= 3 && r[0] == "Rows read = checked + rejected" {
			found = r[1] == "25 = 23 + 2" && r[2] == "yes"
		}
	}
	if !found {
		t.Error("no reconciliation line 25 = 23 + 2 on Summary")
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != "2024-05-01T12:00:00Z" || props.Modified != props.Created {
		t.Errorf("doc props %+v %v", props, err)
	}
	// Charts: findings by check, daily counts, carriers, one trend chart.
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	charts := 0
	for _, zf := range z.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
		if !zf.Modified.IsZero() && zf.Modified.Year() > 1980 {
			t.Errorf("%s has a timestamp %v", zf.Name, zf.Modified)
		}
	}
	if charts != 4 {
		t.Errorf("%d charts, want 4", charts)
	}
	if z.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %s", z.File[0].Name)
	}
}

func TestXLSXOverflow(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.xlsx")
	x, err := CreateXLSX(path, XLSXOptions{MaxRowsPerSheet: 4})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Begin(fixtureRun()); err != nil {
		t.Fatal(err)
	}
	var fs []checks.Finding
	for i := 1; i <= 11; i++ {
		fs = append(fs, checks.Finding{Check: "title-length", Severity: checks.Error, Kind: "listing",
			Pos: readers.Pos{File: "c.csv", Row: i + 1, Col: 2, Field: "title"}, Entity: fmt.Sprintf("P%02d", i), Message: "too long"})
	}
	for i := 1; i <= 4; i++ {
		fs = append(fs, checks.Finding{Check: "order-ship-overdue", Severity: checks.Error, Kind: "order",
			Pos: readers.Pos{File: "o.csv", Row: i + 1}, Entity: fmt.Sprintf("O%02d", i), Message: "late"})
	}
	for i := 0; i < len(fs); i += 2 { // several calls, listing and order mixed
		if err := x.Findings(fs[i:min(i+2, len(fs))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(&Summary{Findings: len(fs)}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string][]string{
		"Findings":           {"P01", "P02", "P03"},
		"Findings (2)":       {"P04", "P05", "P06"},
		"Findings (3)":       {"P07", "P08", "P09"},
		"Findings (4)":       {"P10", "P11"},
		"Order findings":     {"O01", "O02", "O03"},
		"Order findings (2)": {"O04"},
	}
	list := f.GetSheetList()
	if got := strings.Join(list, "|"); got != "Summary|Findings|Findings (2)|Findings (3)|Findings (4)|By product|Order findings|Order findings (2)|Rules" {
		t.Fatalf("sheets %s", got)
	}
	for sh, ids := range want {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(ids)+1 || rows[0][0] != "Severity" {
			t.Errorf("%s: %d rows, want header and %d", sh, len(rows), len(ids))
			continue
		}
		for i, id := range ids {
			if rows[i+1][7] != id {
				t.Errorf("%s row %d: %s, want %s", sh, i+2, rows[i+1][7], id)
			}
		}
		if dim, _ := f.GetSheetDimension(sh); dim != fmt.Sprintf("A1:M%d", len(ids)+1) {
			t.Errorf("%s dimension %s", sh, dim)
		}
	}
	// By product holds as many products as a sheet may (3 here); the
	// Summary says how many were left out and where they are.
	if rows, _ := f.GetRows("By product"); len(rows) != 4 || rows[3][2] != "P03" {
		t.Errorf("By product rows %q", rows)
	}
	found := false
	sum, _ := f.GetRows("Summary")
	for _, r := range sum {
		for _, v := range r {
			found = found || strings.Contains(v, "8 products did not fit on the By product sheet; the JSONL and CSV outputs list every finding")
		}
	}
	if !found {
		t.Error("the Summary does not say that 8 products were left out of By product")
	}
}

func TestXLSXNoFindings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.xlsx")
	x, err := CreateXLSX(path, XLSXOptions{Tool: "aecheck test"})
	if err != nil {
		t.Fatal(err)
	}
	// No Begin, no summary: still a valid workbook.
	if err := x.Close(nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Summary|Findings|Rules" {
		t.Errorf("sheets %s", got)
	}
	if v, _ := f.GetCellValue("Findings", "A1"); v != "Severity" {
		t.Errorf("Findings A1 %q", v)
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	x, err := CreateXLSX(filepath.Join(dir, "r.xlsx"), XLSXOptions{TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	j, err := CreateJSONL(filepath.Join(dir, "r.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []Writer{x, j} {
		if err := w.Begin(fixtureRun()); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(fixtureFindings()); err != nil {
			t.Fatal(err)
		}
		if err := w.Metrics(fixtureMetrics()); err != nil {
			t.Fatal(err)
		}
		w.Abort()
		w.Abort() // twice is harmless
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Errorf("output dir holds %v after Abort", names)
	}
	if names := listDir(t, tmp); len(names) != 0 {
		t.Errorf("temp dir holds %v after Abort", names)
	}
	if err := x.Close(nil); err == nil {
		t.Error("Close after Abort succeeded")
	}
}

func TestXLSXCloseCleansTemp(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	writeXLSX(t, dir, "r.xlsx", XLSXOptions{TempDir: tmp}, false)
	if names := listDir(t, tmp); len(names) != 0 {
		t.Errorf("temp dir holds %v after Close", names)
	}
	if names := listDir(t, dir); len(names) != 1 || names[0] != "r.xlsx" {
		t.Errorf("output dir holds %v", names)
	}
}

func TestCreateXLSXUnwritable(t *testing.T) {
	if _, err := CreateXLSX(filepath.Join(t.TempDir(), "no", "such", "dir", "r.xlsx"), XLSXOptions{}); err == nil {
		t.Error("CreateXLSX in a missing directory succeeded")
	}
}

// TestSortedZipOrderFree: the parts of the workbook come out in the same
// order and bytes whatever order excelize hands them over in, and the
// content types are canonical.
func TestSortedZipOrderFree(t *testing.T) {
	parts := map[string]string{
		"xl/worksheets/sheet2.xml": strings.Repeat("<row/>", 1000),
		"xl/workbook.xml":          "<workbook/>",
		"_rels/.rels":              "<Relationships/>",
		contentTypesPart:           `<Types><Default Extension="png" ContentType="image/png"></Default><Override PartName="/b"/><Default Extension="bmp" ContentType="image/bmp"></Default><Override PartName="/a"/></Types>`,
	}
	write := func(order []string, ct string) []byte {
		var buf bytes.Buffer
		z, err := newSortedZip(&buf, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range order {
			w, err := z.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			body := parts[name]
			if name == contentTypesPart {
				body = ct
			}
			if _, err := w.Write([]byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a := write([]string{"xl/workbook.xml", contentTypesPart, "_rels/.rels", "xl/worksheets/sheet2.xml"}, parts[contentTypesPart])
	b := write([]string{"xl/worksheets/sheet2.xml", "_rels/.rels", "xl/workbook.xml", contentTypesPart},
		`<Types><Default Extension="bmp" ContentType="image/bmp"></Default><Override PartName="/a"/><Default Extension="png" ContentType="image/png"></Default><Override PartName="/b"/></Types>`)
	if !bytes.Equal(a, b) {
		t.Fatal("same parts in another order gave other bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if _, err := got.ReadFrom(r); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		want := parts[f.Name]
		if f.Name == contentTypesPart {
			want = `<Types><Default Extension="bmp" ContentType="image/bmp"></Default><Override PartName="/a"/><Default Extension="png" ContentType="image/png"></Default><Override PartName="/b"/></Types>`
		}
		if got.String() != want {
			t.Errorf("%s: %q, want %q", f.Name, got.String(), want)
		}
	}
	if strings.Join(names, " ") != "[Content_Types].xml _rels/.rels xl/workbook.xml xl/worksheets/sheet2.xml" {
		t.Errorf("part order %v", names)
	}
}
