package xlsx

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// benchRows is the size of the generated benchmark workbook; override with
// AECHECK_XLSX_BENCH_ROWS (e.g. 1000000 for the 1M-row figure).
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("AECHECK_XLSX_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var benchFile struct {
	once sync.Once
	path string
	err  error
}

// benchWorkbook generates (once per size, cached in the system temp dir) a
// catalog-like workbook of n rows x 12 columns with excelize's StreamWriter.
func benchWorkbook(b *testing.B) (string, int) {
	n := benchRows()
	benchFile.once.Do(func() {
		benchFile.path = filepath.Join(os.TempDir(), fmt.Sprintf("aecheck-xlsx-bench-%d.xlsx", n))
		if _, err := os.Stat(benchFile.path); err == nil {
			return
		}
		benchFile.err = writeBenchWorkbook(benchFile.path, n)
	})
	if benchFile.err != nil {
		b.Fatal(benchFile.err)
	}
	return benchFile.path, n
}

func writeBenchWorkbook(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	header := []any{"Product ID", "SKU", "Title", "Description", "Price", "Stock", "Category", "Brand", "Color", "Size", "Image", "Weight"}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	colors := []string{"Black", "White", "Red", "Blue", "Green"}
	row := make([]any, 12)
	for i := 1; i <= n; i++ {
		row[0] = 1000000 + i
		row[1] = "SKU-" + strconv.Itoa(i)
		row[2] = "Wireless earbuds model " + strconv.Itoa(i%5000) + " with charging case"
		row[3] = "Bluetooth 5.3 earbuds, 30 h battery, IPX5 & USB-C"
		row[4] = float64(i%10000)/100 + 0.99
		row[5] = i % 500
		row[6] = "Consumer Electronics"
		row[7] = "Acme"
		row[8] = colors[i%len(colors)]
		row[9] = "M"
		row[10] = "https://example.com/img/" + strconv.Itoa(i) + ".jpg"
		row[11] = 0.25
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	tmp := path + ".tmp.xlsx"
	if err := f.SaveAs(tmp); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func BenchmarkFastRows(b *testing.B) {
	path, n := benchWorkbook(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		wb, err := OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := wb.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		count, cells := 0, 0
		for rows.Next() {
			count++
			cells += len(rows.Cells())
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		wb.Close()
		if count != n+1 || cells != (n+1)*12 {
			b.Fatalf("read %d rows %d cells, want %d rows", count, cells, n+1)
		}
	}
	b.ReportMetric(float64(n+1)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkExcelizeRows(b *testing.B) {
	path, n := benchWorkbook(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		count := 0
		for rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
				b.Fatal(err)
			}
			count++
		}
		rows.Close()
		f.Close()
		if count != n+1 {
			b.Fatalf("read %d rows, want %d", count, n+1)
		}
	}
	b.ReportMetric(float64(n+1)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkUnzipSheet is the floor: decompressing the sheet XML only.
func BenchmarkUnzipSheet(b *testing.B) {
	path, _ := benchWorkbook(b)
	b.ReportAllocs()
	buf := make([]byte, chunkSize)
	b.ResetTimer()
	for b.Loop() {
		wb, err := OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rc, err := wb.files[wb.sheets[0].path].Open()
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := rc.Read(buf)
			if err != nil {
				break
			}
		}
		rc.Close()
		wb.Close()
	}
}
