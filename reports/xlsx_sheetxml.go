package reports

import (
	"bufio"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// sheetXML writes the <row> and <c> elements of a worksheet's sheetData.
type sheetXML struct {
	w   *bufio.Writer
	row int
	buf []byte
	err error
}

func (x *sheetXML) startRow(row, lines int) {
	x.row = row
	x.buf = append(x.buf[:0], `<row r="`...)
	x.buf = strconv.AppendInt(x.buf, int64(row), 10)
	x.buf = append(x.buf, '"')
	if lines > 1 {
		x.buf = append(x.buf, ` ht="`...)
		x.buf = strconv.AppendFloat(x.buf, rowHeight(lines), 'f', -1, 64)
		x.buf = append(x.buf, `" customHeight="1"`...)
	}
	x.buf = append(x.buf, '>')
	x.write()
}

func (x *sheetXML) endRow() {
	x.buf = append(x.buf[:0], `</row>`...)
	x.write()
}

// cellStart appends the start of a cell. Cells carry no reference: each
// is the next column of its row, which keeps cached cells reusable from
// row to row (the r attribute is optional in SpreadsheetML).
func (x *sheetXML) cellStart(b []byte, style int) []byte {
	b = append(b, `<c`...)
	if style != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
		b = append(b, '"')
	}
	return b
}

// textXML appends the XML of a string cell to dst: an empty cell for an
// empty string with no style. Texts are cut to the 32,767 characters a
// cell holds.
func (x *sheetXML) textXML(dst []byte, s string, style int) []byte {
	if s == "" {
		if style == 0 {
			return append(dst, `<c/>`...)
		}
		dst = x.cellStart(dst, style)
		return append(dst, `/>`...)
	}
	if len(s) > maxCellChars {
		s = cutRunes(s, maxCellChars)
	}
	dst = x.cellStart(dst, style)
	dst = append(dst, ` t="inlineStr"><is><t`...)
	if isSpace(s[0]) || isSpace(s[len(s)-1]) {
		dst = append(dst, ` xml:space="preserve"`...)
	}
	dst = append(dst, '>')
	dst = appendXMLText(dst, s)
	return append(dst, `</t></is></c>`...)
}

// text writes a string cell.
func (x *sheetXML) text(s string, style int) {
	x.buf = x.textXML(x.buf[:0], s, style)
	x.write()
}

// number writes a number cell.
func (x *sheetXML) number(v int) {
	x.buf = append(x.buf[:0], `<c><v>`...)
	x.buf = strconv.AppendInt(x.buf, int64(v), 10)
	x.buf = append(x.buf, `</v></c>`...)
	x.write()
}

// empty writes an empty cell.
func (x *sheetXML) empty() {
	x.buf = append(x.buf[:0], `<c/>`...)
	x.write()
}

// raw writes cells made by textXML.
func (x *sheetXML) raw(b []byte) {
	if x.err == nil {
		_, x.err = x.w.Write(b)
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendXMLText appends s escaped as XML character data: &, < and > as
// entities, and what XML 1.0 cannot hold (control characters, invalid
// UTF-8, U+FFFE and U+FFFF) as U+FFFD, as encoding/xml does. Newlines and
// tabs stay as they are.
func appendXMLText(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		var esc string
		w := 1
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\n' || c == '\t':
			i++
			continue
		case c == '\r':
			esc = "&#xD;"
		case c < 0x20:
			esc = "\uFFFD"
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			w = n
			if r != utf8.RuneError && r != 0xFFFE && r != 0xFFFF || n == 3 && s[i:i+3] == "\uFFFD" {
				i += n
				continue
			}
			esc = "\uFFFD"
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		i += w
		start = i
	}
	return append(b, s[start:]...)
}

func (x *sheetXML) write() {
	if x.err == nil {
		_, x.err = x.w.Write(x.buf)
	}
}

// maxCellChars is the most characters an Excel cell holds.
const maxCellChars = 32767

// cutRunes returns s cut to at most n runes.
func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// unsafeString returns b as a string without copying; b must not change
// while the string is used.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
