package readers

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzCSV checks that the CSV reader never panics and accounts for every
// row: the rows of the batches are exactly the records below the header.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("Title,Price\nLamp,5\n"))
	f.Add([]byte("\xEF\xBB\xBFTitre;Prix\nThé;12,50\n\n;\n"))
	f.Add([]byte("Handle,Title,Image Src\nx,A,u1\nx,,u2\ny,B,\"u3\nu4\"\n"))
	f.Add([]byte("Title,Price\n\"never closed,5\nx,6\n"))
	f.Add([]byte("Title,Price\nThéière émaillée,5\nTh\xe9 vert,6\nCrème,\xe3\x81\n"))
	f.Add([]byte("My export\n\nProduct ID,Title,Category,Price,Stock\n007,\"a \"\"b\"\"\",c,1 234,56,x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		compareRawAndNext(t, p, Options{BatchSize: 2})
		r, err := OpenCatalog(p, nil, Options{BatchSize: 2})
		if err != nil {
			return
		}
		defer r.Close()
		enc, comma := r.Encoding(), r.Delimiter()
		rows := 0
		for r.Next() {
			b := r.Batch()
			if b.Rows != len(b.Listings)+b.Continuation+b.Blank {
				t.Fatalf("batch rows %d != %d + %d + %d", b.Rows, len(b.Listings), b.Continuation, b.Blank)
			}
			rows += b.Rows
		}
		if r.Err() != nil {
			return
		}
		// Count the records independently.
		fh, _ := os.Open(p)
		defer fh.Close()
		dec, err := decodeReader(fh, enc)
		if err != nil {
			t.Fatal(err)
		}
		s := newScanner(dec, comma)
		s.recover = true
		n := 0
		for {
			if _, err := s.scan(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("second scan: %v", err)
			}
			n++
		}
		if want := n - r.Tables()[0].HeaderRow; rows != want {
			t.Fatalf("read %d rows below the header, the file has %d", rows, want)
		}
	})
}

// FuzzXLSX checks that any bytes given as a workbook end in an error or in
// batches, never in a panic.
func FuzzXLSX(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("testdata", "shapes", "numbers-title-rows.xlsx")); err == nil {
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.xlsx")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := OpenCatalog(p, nil, Options{Sheet: "*", MaxUnzip: 64 << 20})
		if err != nil {
			return
		}
		defer r.Close()
		for r.Next() {
			b := r.Batch()
			if b.Rows != len(b.Listings)+b.Continuation+b.Blank {
				t.Fatalf("batch rows %d != %d + %d + %d", b.Rows, len(b.Listings), b.Continuation, b.Blank)
			}
		}
	})
}

// FuzzValues checks the value parsers never panic and that a parsed price
// is finite.
func FuzzValues(f *testing.F) {
	for _, s := range []string{"US $17.91", "12,50 €", "1 234,56", "$2,100", "31/05/2024", "45413.5", "5-7 days", "1.2E+3", "https://a;https://b", "(5)", "1.234.567,89"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := ParsePrice(s); ok && (v != v || v > 1e308 || v < -1e308) {
			t.Fatalf("ParsePrice(%q) = %v", s, v)
		}
		if v, ok := shortDecimal(s); ok {
			if w, err := strconv.ParseFloat(s, 64); err != nil || math.Float64bits(v) != math.Float64bits(w) {
				t.Fatalf("shortDecimal(%q) = %v; ParseFloat gives %v, %v", s, v, w, err)
			}
		}
		ParseInt(s)
		ParseTime(s)
		ParseDays(s)
		CountImages(s)
		NormalizeID(s)
		if k := NormalizeHeader(s); strings.ContainsAny(k, " _*") {
			t.Fatalf("NormalizeHeader(%q) = %q keeps separators", s, k)
		}
		sameAsFreshChain(t, s)
	})
}
