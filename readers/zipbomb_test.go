package readers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
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
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(sheet),
		CompressedSize64: uint64(data.Len()), UncompressedSize64: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data.Bytes())
	zw.Close()
	p := write(t, "liar.xlsx", out.String())
	_, err = readAll(t, p, Options{MaxUnzip: 8 << 20})
	if err == nil || !strings.Contains(err.Error(), "liar.xlsx") {
		t.Fatalf("err = %v, want an error naming the file", err)
	}
	if !strings.Contains(err.Error(), "damaged") || strings.Contains(err.Error(), "row 0") {
		t.Errorf("message: %v", err)
	}
}
