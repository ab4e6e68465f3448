package readers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const benchRows = 20000

func benchCSV(b *testing.B) string {
	var sb strings.Builder
	sb.WriteString("Product ID,SKU,Title,Category,Brand,Price,Stock,Images,Ship To,Delivery Days\n")
	for i := 0; i < benchRows; i++ {
		fmt.Fprintf(&sb, "%07d,SKU-%d,\"Ceramic teapot %d, blue glaze\",Home > Kitchen,Acme,%d.%02d,%d,%d,\"FR, DE\",%d\n", i, i, i, 5+i%90, i%100, i%50, i%8, 3+i%10)
	}
	p := filepath.Join(b.TempDir(), "bench.csv")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

func benchXLSX(b *testing.B) string {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Product ID", "SKU", "Title", "Category", "Brand", "Price", "Stock", "Images"})
	for i := 0; i < benchRows; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{fmt.Sprintf("%07d", i), fmt.Sprintf("SKU-%d", i), fmt.Sprintf("Ceramic teapot %d", i), "Home > Kitchen", "Acme", float64(5+i%90) + 0.5, i % 50, i % 8})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "bench.xlsx")
	if err := f.SaveAs(p); err != nil {
		b.Fatal(err)
	}
	return p
}

func benchRead(b *testing.B, path string) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := OpenCatalog(path, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for r.Next() {
			n += r.Batch().Rows
		}
		if r.Err() != nil || n != benchRows {
			b.Fatalf("read %d rows: %v", n, r.Err())
		}
		r.Close()
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkReadCSV(b *testing.B)  { benchRead(b, benchCSV(b)) }
func BenchmarkReadXLSX(b *testing.B) { benchRead(b, benchXLSX(b)) }

func BenchmarkParsePrice(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ParsePrice("US $1 234,56")
	}
}
