package readers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"
)

// TestZipBombLyingHeader: a sheet whose ZIP directory claims 1 KB but that
// unpacks to 64 MB passes the up-front size check and is stopped by the
// limit while it is unpacked, with a message naming the file.
func TestZipBombLyingHeader(t *testing.T) {
	sheet := []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="B1" t="inlineStr"><is><t>Price</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>`)
	sheet = append(sheet, bytes.Repeat([]byte("x"), 64<<20)...)
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestSpeed)
	fw.Write(sheet)
	fw.Close()
	p := write(t, "liar.xlsx", rawSheetBook(t, data.Bytes(), crc32.ChecksumIEEE(sheet), 1<<10))
	_, err := readAll(t, p, Options{MaxUnzip: 8 << 20})
	if err == nil || !strings.Contains(err.Error(), "liar.xlsx") {
		t.Fatalf("err = %v, want an error naming the file", err)
	}
	if !strings.Contains(err.Error(), "damaged") || strings.Contains(err.Error(), "row 0") {
		t.Errorf("message: %v", err)
	}
}

// rawSheetBook returns a workbook whose sheet is the deflate stream data,
// with the CRC and unpacked size its ZIP directory declares.
func rawSheetBook(t *testing.T, data []byte, crc uint32, size uint64) string {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	add := func(name, body string) {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	add("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(data)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	zw.Close()
	return out.String()
}

// TestCorruptDeflate: a sheet whose compressed bytes break half-way is
// reported as a damaged workbook, naming the file. (The fast reader inflates
// with klauspost/compress, whose CorruptInputError is compress/flate's.)
func TestCorruptDeflate(t *testing.T) {
	var sheet bytes.Buffer
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="B1" t="inlineStr"><is><t>Price</t></is></c></row>`)
	for i := 2; i < 5000; i++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Product number %d</t></is></c><c r="B%d"><v>%d</v></c></row>`, i, i, i*7919, i, i%90)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	// Half the sheet, then a block of the reserved type 3: the stream
	// breaks half-way through the rows.
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestSpeed)
	fw.Write(sheet.Bytes()[:sheet.Len()/2])
	fw.Flush()
	data.WriteByte(0x07)
	bad := data.Bytes()
	p := write(t, "broken.xlsx", rawSheetBook(t, bad, crc32.ChecksumIEEE(sheet.Bytes()), uint64(sheet.Len())))
	_, err := readAll(t, p, Options{})
	if err == nil || !strings.Contains(err.Error(), "broken.xlsx") || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("err = %v, want a damaged workbook named broken.xlsx", err)
	}
}
