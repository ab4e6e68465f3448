package readers

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSXFallbackMidSheet: when the fast reader meets something it does
// not support half-way through a sheet, the rows already read stay, the rest
// come from excelize, no row is lost or repeated, and the run says so.
func TestXLSXFallbackMidSheet(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"Product ID", "Title", "Category", "Price"},
		{"001", "Stainless Steel Water Bottle", "Home > Kitchen", 12.5},
		{"002", "Ceramic Teapot with Infuser", "Home > Kitchen", 24},
		{"003", "Bamboo Cutting Board Set", "Home > Kitchen", 15.6},
		{"004", "Canvas Tote Bag", "Bags", 9.9},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// Put an element the fast reader leaves to excelize inside row 3: an
	// unknown element holding a cell.
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	patched := false
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if zf.Name == "xl/worksheets/sheet1.xml" {
			s := string(data)
			i := strings.Index(s, `<row r="3"`)
			j := strings.Index(s[i:], ">")
			s = s[:i+j+1] + `<extLst><c r="Z3"/></extLst>` + s[i+j+1:]
			data = []byte(s)
			patched = true
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	if !patched {
		t.Fatal("sheet1.xml not found")
	}
	path := filepath.Join(t.TempDir(), "patched.xlsx")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	cr, err := OpenCatalog(path, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cr.Close()
	var ids []string
	var rowsSeen []int
	for cr.Next() {
		for _, l := range cr.Batch().Listings {
			ids = append(ids, l.ProductID)
			rowsSeen = append(rowsSeen, l.Pos.Row)
		}
	}
	if err := cr.Err(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids, ","); got != "001,002,003,004" {
		t.Errorf("ids = %s, want 001,002,003,004", got)
	}
	if rowsSeen[len(rowsSeen)-1] != 5 {
		t.Errorf("rows = %v, want 2..5", rowsSeen)
	}
	notes := strings.Join(cr.Notes(), "\n")
	if !strings.Contains(notes, "general XLSX reader from row") {
		t.Errorf("no fallback note; notes:\n%s", notes)
	}
}
