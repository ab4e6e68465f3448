package fix

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"

	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
)

// The parts of the workbook the streamed copy reads itself, and the copy
// of the workbook without its sheet's rows that excelize works on.

// sheetPart returns the name of the part that holds the sheet named sheet.
func sheetPart(z *zip.Reader, sheet string) (string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, zf := range z.File {
		var v any
		switch zf.Name {
		case "xl/workbook.xml":
			v = &wb
		case "xl/_rels/workbook.xml.rels":
			v = &rels
		default:
			continue
		}
		b, err := readZipPart(zf, 16<<20)
		if err != nil {
			return "", errNoStream
		}
		if err := xml.Unmarshal(b, v); err != nil {
			return "", errNoStream
		}
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rel {
			if r.ID == s.ID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
	}
	return "", errNoStream
}

// sharedStrings reads the workbook's shared strings as excelize's raw
// values give them.
func sharedStrings(z *zip.Reader) ([]string, error) {
	for _, zf := range z.File {
		if zf.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		br := bufio.NewReaderSize(rc, 256<<10)
		var out []string
		for {
			if _, err := readUntil(br, []byte("<si"), 1<<30); err != nil {
				if err == io.EOF {
					return out, nil
				}
				return nil, err
			}
			next, err := br.Peek(1)
			if err != nil {
				return nil, err
			}
			if next[0] != '>' && next[0] != ' ' && next[0] != '/' {
				continue
			}
			item, err := readUntil(br, []byte(">"), 1<<20)
			if err != nil {
				return nil, err
			}
			if bytes.HasSuffix(item, []byte("/>")) {
				out = append(out, "")
				continue
			}
			body, err := readUntil(br, []byte("</si>"), 64<<20)
			if err != nil {
				return nil, err
			}
			out = append(out, runs(body))
		}
	}
	return nil, nil
}

// stubWorkbook opens the workbook in z with the sheet part holding no
// rows: excelize then works on everything around it without loading the
// sheet's cells.
func stubWorkbook(z *zip.Reader, part string, head, tail []byte) (*excelize.File, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range z.File {
		if zf.Name != part {
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
			continue
		}
		pw, err := zw.Create(part)
		if err != nil {
			return nil, err
		}
		pw.Write(head)
		io.WriteString(pw, "<sheetData></sheetData>")
		pw.Write(bytes.TrimPrefix(bytes.TrimLeft(tail, " \t\r\n"), []byte("</sheetData>")))
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return excelize.OpenReader(&buf, excelize.Options{UnzipSizeLimit: readers.MaxUnzip})
}

// readZipPart reads a part of at most max bytes.
func readZipPart(zf *zip.File, max int64) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}
