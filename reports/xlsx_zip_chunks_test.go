package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"testing"
)

// TestSortedZipChunks: a part larger than several compression chunks comes
// back intact through archive/zip, and the bytes do not depend on how the
// part was handed over (write sizes) or on scheduling.
func TestSortedZipChunks(t *testing.T) {
	var part bytes.Buffer
	for i := 0; part.Len() < 3*zipChunkSize+12345; i++ {
		fmt.Fprintf(&part, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>product %d, price %d.%02d</t></is></c></row>`, i, i, i*7919%100003, i%997, i%100)
	}
	write := func(step int) []byte {
		var out bytes.Buffer
		z, err := newSortedZip(&out, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"xl/worksheets/sheet2.xml", "[Content_Types].xml", "xl/worksheets/sheet1.xml"} {
			w, err := z.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			data := []byte(`<Types><Override PartName="/b"/><Default Extension="a"/></Types>`)
			if name != contentTypesPart {
				data = part.Bytes()
			}
			for len(data) > 0 {
				k := min(step, len(data))
				if _, err := w.Write(data[:k]); err != nil {
					t.Fatal(err)
				}
				data = data[k:]
			}
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	a, b := write(4096), write(999_983)
	if !bytes.Equal(a, b) {
		t.Fatal("the zip depends on the write sizes")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC too
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.Name != contentTypesPart && !bytes.Equal(got, part.Bytes()) {
			t.Errorf("%s: %d bytes back, want %d", f.Name, len(got), part.Len())
		}
	}
}
