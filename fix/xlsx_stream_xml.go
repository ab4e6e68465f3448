package fix

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The streamed copy reads and edits the sheet's XML as bytes: where a
// row's cells lie, their text and style, and the elements around the rows.
var (
	spansRE = regexp.MustCompile(`\s+spans="[^"]*"`)
	styleRE = regexp.MustCompile(`\s+s="[^"]*"`)
	attrRE  = regexp.MustCompile(`\s([a-zA-Z:]+)="([^"]*)"`)
)

// setStyle returns the cell's XML with its style attribute set to style.
func setStyle(c []byte, style int) []byte {
	end := bytes.IndexByte(c, '>')
	if c[end-1] == '/' {
		end--
	}
	out := styleRE.ReplaceAll(c[:end], nil)
	out = append(out, fmt.Sprintf(` s="%d"`, style)...)
	return append(out, c[end:]...)
}

// cellSpan is where a cell lies in its row's XML.
type cellSpan struct {
	col        int
	start, end int // the cell's bytes in the row
	open       int // end of the cell's start tag
}

func (c *cellSpan) attr(raw []byte, name string) string {
	for _, m := range attrRE.FindAllSubmatch(raw[c.start:c.open], -1) {
		if string(m[1]) == name {
			return string(m[2])
		}
	}
	return ""
}

func (c *cellSpan) ref(raw []byte) string { return c.attr(raw, "r") }

func (c *cellSpan) style(raw []byte) string { return c.attr(raw, "s") }

// text is the cell's value as excelize's raw value gives it: the shared
// or inline string, or the number as written.
func (c *cellSpan) text(raw []byte, sst []string) string {
	body := raw[c.open:c.end]
	switch c.attr(raw, "t") {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(inner(body, "v")))
		if err != nil || i < 0 || i >= len(sst) {
			return ""
		}
		return sst[i]
	case "inlineStr":
		return runs(body)
	}
	return html.UnescapeString(inner(body, "v"))
}

// inner returns the text of the first element name in b.
func inner(b []byte, name string) string {
	i := bytes.Index(b, []byte("<"+name))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(b[i:], '>')
	if j < 0 || b[i+j-1] == '/' {
		return ""
	}
	start := i + j + 1
	k := bytes.Index(b[start:], []byte("</"+name+">"))
	if k < 0 {
		return ""
	}
	return string(b[start : start+k])
}

// runs returns the text of a string item (<si> or <is>): its <t>
// elements, the phonetic runs (<rPh>) left out, as excelize reads them.
func runs(b []byte) string {
	var out strings.Builder
	for len(b) > 0 {
		i := bytes.Index(b, []byte("<t"))
		if i < 0 {
			break
		}
		if ph := bytes.Index(b, []byte("<rPh")); ph >= 0 && ph < i {
			end := bytes.Index(b[ph:], []byte("</rPh>"))
			if end < 0 {
				break
			}
			b = b[ph+end+len("</rPh>"):]
			continue
		}
		if i+2 < len(b) && b[i+2] != '>' && b[i+2] != ' ' {
			b = b[i+2:] // another element: <tr...>
			continue
		}
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			break
		}
		if b[i+j-1] == '/' {
			b = b[i+j+1:]
			continue
		}
		start := i + j + 1
		k := bytes.Index(b[start:], []byte("</t>"))
		if k < 0 {
			break
		}
		out.WriteString(html.UnescapeString(string(b[start : start+k])))
		b = b[start+k+len("</t>"):]
	}
	return out.String()
}

// rowOpen returns the start tag of a row, with the blanks before it.
func rowOpen(raw []byte) []byte {
	return raw[:bytes.IndexByte(raw, '>')+1]
}

// parseRow returns the number of a row and where its cells lie. A row or
// a cell without its reference is refused (errNoStream): the position
// would have to be counted.
func parseRow(raw []byte) (int, []cellSpan, error) {
	open := rowOpen(raw)
	var n int
	for _, m := range attrRE.FindAllSubmatch(open, -1) {
		if string(m[1]) == "r" {
			n, _ = strconv.Atoi(string(m[2]))
		}
	}
	if n <= 0 {
		return 0, nil, errNoStream
	}
	var cells []cellSpan
	i := len(open)
	for {
		j := bytes.Index(raw[i:], []byte("<c"))
		if j < 0 {
			break
		}
		start := i + j
		if k := start + 2; k >= len(raw) || raw[k] != ' ' && raw[k] != '>' && raw[k] != '/' {
			i = start + 2 // another element starting with c
			continue
		}
		gt := bytes.IndexByte(raw[start:], '>')
		if gt < 0 {
			return 0, nil, errNoStream
		}
		c := cellSpan{start: start, open: start + gt + 1}
		if raw[start+gt-1] == '/' {
			c.end = c.open
		} else {
			k := bytes.Index(raw[c.open:], []byte("</c>"))
			if k < 0 {
				return 0, nil, errNoStream
			}
			c.end = c.open + k + len("</c>")
		}
		col, _, err := excelize.CellNameToCoordinates(c.ref(raw))
		if err != nil {
			return 0, nil, errNoStream
		}
		c.col = col
		cells = append(cells, c)
		i = c.end
	}
	return n, cells, nil
}

// nextRow reads the next <row> element of a sheet's rows; at the end of
// the rows it returns the rest of that read as end, starting with
// </sheetData>.
func nextRow(br *bufio.Reader) (row, end []byte, err error) {
	// Blanks between rows are copied with the next row.
	var lead []byte
	for {
		b, err := br.Peek(1)
		if err != nil {
			return nil, nil, err
		}
		if b[0] != ' ' && b[0] != '\n' && b[0] != '\r' && b[0] != '\t' {
			break
		}
		c, _ := br.ReadByte()
		lead = append(lead, c)
	}
	p, err := br.Peek(len("</sheetData>"))
	if err != nil {
		return nil, nil, err
	}
	if bytes.Equal(p, []byte("</sheetData>")) {
		br.Discard(len(p))
		return nil, append(lead, p...), nil
	}
	if !bytes.HasPrefix(p, []byte("<row")) {
		return nil, nil, errNoStream
	}
	open, err := readUntil(br, []byte(">"), 64<<10)
	if err != nil {
		return nil, nil, err
	}
	row = append(lead, open...)
	if bytes.HasSuffix(open, []byte("/>")) {
		return row, nil, nil
	}
	rest, err := readUntil(br, []byte("</row>"), 64<<20)
	if err != nil {
		return nil, nil, err
	}
	return append(row, rest...), nil, nil
}

// readUntil reads up to and including sep, at most max bytes.
func readUntil(br *bufio.Reader, sep []byte, max int) ([]byte, error) {
	var out []byte
	for {
		b, err := br.ReadSlice(sep[len(sep)-1])
		out = append(out, b...)
		if err == nil && bytes.HasSuffix(out, sep) {
			return out, nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return nil, err
		}
		if len(out) > max {
			return nil, errNoStream
		}
	}
}

// setDimension sets the last column of the sheet's dimension to col.
func setDimension(head []byte, col int) []byte {
	re := regexp.MustCompile(`<dimension ref="([A-Z]+[0-9]+):([A-Z]+)([0-9]+)"`)
	m := re.FindSubmatchIndex(head)
	if m == nil {
		return head
	}
	name, _ := excelize.ColumnNumberToName(col)
	var b bytes.Buffer
	b.Write(head[:m[4]])
	b.WriteString(name)
	b.Write(head[m[5]:])
	return b.Bytes()
}

// legacyBefore are the elements of a worksheet that come after
// legacyDrawing, in the order the schema gives.
var legacyBefore = []string{"<legacyDrawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems", "<tableParts", "<extLst", "</worksheet>"}

// withLegacyDrawing returns the tail of the sheet with the link to the
// drawing of the notes that rels (the sheet's relationships) names; the
// tail as it is when there is none.
func withLegacyDrawing(tail, rels []byte) []byte {
	var rs struct {
		Rel []struct {
			ID   string `xml:"Id,attr"`
			Type string `xml:"Type,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(rels, &rs) != nil {
		return tail
	}
	id := ""
	for _, r := range rs.Rel {
		if strings.HasSuffix(r.Type, "/vmlDrawing") {
			id = r.ID
		}
	}
	if id == "" {
		return tail
	}
	at := len(tail)
	for _, e := range legacyBefore {
		if i := bytes.Index(tail, []byte(e)); i >= 0 && i < at {
			at = i
		}
	}
	el := fmt.Sprintf(`<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="%s"/>`, id)
	return append(append(append([]byte{}, tail[:at]...), el...), tail[at:]...)
}
