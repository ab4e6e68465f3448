package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zipBombXLSX writes a 3 MB workbook whose sheet unpacks to 3 GiB of zeros
// (every size and checksum in it is true), built from one compressed MiB of
// zeros repeated.
func zipBombXLSX(t *testing.T, path string) {
	t.Helper()
	const mib, n = 1 << 20, 3 << 10
	var chunk bytes.Buffer
	fw, _ := flate.NewWriter(&chunk, flate.BestCompression)
	zeros := make([]byte, mib)
	fw.Write(zeros)
	fw.Flush() // byte-aligned, not final: the chunk can be repeated
	var data bytes.Buffer
	for range n {
		data.Write(chunk.Bytes())
	}
	data.Write([]byte{0x03, 0x00}) // an empty final block
	h := crc32.NewIEEE()
	for range n {
		h.Write(zeros)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: h.Sum32(),
		CompressedSize64: uint64(data.Len()), UncompressedSize64: n * mib})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data.Bytes())
	zw.Close()
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBadInput: every input that cannot be read ends in exit code 2, fast,
// with a message naming the file that a seller understands, and nothing on
// standard output; row-level problems end in findings while the run goes
// on, and rows read = checked + rejected.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sample, err := os.ReadFile(filepath.Join(samples, "catalog.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	bomb := filepath.Join(dir, "bomb.xlsx")
	zipBombXLSX(t, bomb)
	big := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 10<<20/56+1)
	header := "Product ID,Title,Category,Price,Stock,Images,Description\n"
	manyQuotes := header + strings.Repeat("1,\"never closed,Home,5,1,5,x\n", 150)

	tests := []struct {
		name string
		path string
		code int
		want []string // in stderr (exit 2) or in the findings' messages
		// row-level: findings expected as "check@row"
		findings []string
		rows     int
	}{
		{name: "truncated xlsx", path: file("cut.xlsx", string(sample[:len(sample)/2])), code: 2, want: []string{"cut.xlsx", "damaged or cut short"}},
		{name: "zip bomb", path: bomb, code: 2, want: []string{"bomb.xlsx", "ZIP bomb"}},
		{name: "pdf renamed csv", path: file("catalog.csv", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), code: 2, want: []string{"catalog.csv", "not a spreadsheet"}},
		{name: "empty file", path: file("empty.csv", ""), code: 2, want: []string{"empty.csv", "empty"}},
		{name: "header only", path: file("header.csv", header), code: 2, want: []string{"header.csv", "row 1", "no data rows"}},
		{name: "binary", path: file("data.csv", "\x00\x01\x02\x03\xfe\xff\x00garbage\x00\x00\x10\x11"), code: 2, want: []string{"data.csv", "binary data"}},
		{name: "old xls", path: file("old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an OLE file"), code: 2, want: []string{"old.xls", "97-2003"}},
		{name: "no header", path: file("noheader.csv", "foo,bar\n1,2\n"), code: 2, want: []string{"noheader.csv", "no header row"}},
		{name: "too many unclosed quotes", path: file("quotes.csv", manyQuotes), code: 2, want: []string{"quotes.csv", "line", "never closed"}},
		{name: "truncated xml feed", path: file("feed.xml", "<?xml version=\"1.0\"?>\n<products>\n<product><id>1</id><title>Lamp</title>\n<price>5"), code: 2, want: []string{"feed.xml", "line", "cut short"}},
		{
			name: "10 MB cell", code: 1,
			path:     file("big.csv", header+"1,Stainless steel water bottle,Home,5,1,5,fine\n2,Bamboo cutting board,Home,5,1,5,\""+big+"\"\n3,Ceramic teapot,Home,5,1,5,x\n"),
			want:     []string{"10 MB of text"},
			findings: []string{"bad-value@3"}, rows: 3,
		},
		{
			name: "unbalanced quote", code: 1,
			path:     file("quote.csv", header+"1,\"Lamp 12,Home,5,1,5,x\n2,Teapot \"large\",Home,5,1,5,x\n3,Cup,Home,5,1,5,x\n"),
			want:     []string{"never closed"},
			findings: []string{"bad-value@2"}, rows: 3,
		},
		{
			name: "bad and missing values", code: 1,
			path:     file("values.csv", header+"1,Lamp,Home,N/A,1,5,x\n2,Teapot,Home,twelve,1,5,x\n3,,Home,5,lots,5,x\n4,Cup,Home,5,1,5,x\n"),
			want:     []string{"price is empty", "not a number", "not a whole number"},
			findings: []string{"missing-field@2", "bad-value@3", "missing-field@4", "bad-value@4"}, rows: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := aecheck(t, "", "check", tt.path, "-o", "-")
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if code == 2 {
				if stdout != "" {
					t.Errorf("exit 2 wrote to standard output:\n%.300s", stdout)
				}
				for _, w := range tt.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("message does not say %q:\n%s", w, stderr)
					}
				}
				if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
					t.Errorf("a crash, not a message:\n%s", stderr)
				}
				return
			}
			fs, summary := parseFindings(t, stdout)
			read, checked, rejected := int(summary["rows_read"].(float64)), int(summary["rows_checked"].(float64)), int(summary["rows_rejected"].(float64))
			if read != tt.rows || read != checked+rejected {
				t.Errorf("rows read %d checked %d rejected %d, want %d read = checked + rejected", read, checked, rejected, tt.rows)
			}
			got := map[string]bool{}
			var msgs strings.Builder
			for _, f := range fs {
				got[f.Check+"@"+itoa(f.Row)] = true
				msgs.WriteString(f.Message + "\n")
				if len(f.Value) > 1000 {
					t.Errorf("%s on row %d carries a %d-byte value", f.Check, f.Row, len(f.Value))
				}
				if (f.Check == "bad-value" || f.Check == "missing-field") && f.Column == "" {
					t.Errorf("%s on row %d names no column", f.Check, f.Row)
				}
			}
			for _, w := range tt.findings {
				if !got[w] {
					t.Errorf("no %s; findings:\n%s", w, msgs.String())
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(msgs.String(), w) {
					t.Errorf("no message says %q:\n%s", w, msgs.String())
				}
			}
		})
	}
}
