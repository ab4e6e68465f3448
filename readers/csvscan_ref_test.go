package readers

// refScanner is the byte-at-a-time CSV scanner the fast scanner replaced,
// kept as the reference of the differential tests in csvscan_test.go.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// scanner reads delimited text record by record, like encoding/csv, with
// three differences that spreadsheets need: blank lines are records (Excel
// shows them as rows, so row numbers stay right), a quote inside an unquoted
// cell is a character (12" screen), and a quote that is never closed does
// not swallow the rest of the file: the cell is read again with the quote as
// a character and the row is marked.
type refScanner struct {
	r       *bufio.Reader
	comma   byte
	line    int // line of the next byte
	row     int
	recover bool
	nrecov  int
	field   []byte
	raw     []byte // bytes of a quoted cell as read, for recovery
}

func newRefScanner(r io.Reader, comma byte) *refScanner {
	return &refScanner{r: bufio.NewReaderSize(r, 64<<10), comma: comma, line: 1}
}

// scan returns the next record, or io.EOF after the last one.
func (s *refScanner) scan() (rawRow, error) {
	if _, err := s.r.Peek(1); err != nil {
		if err == io.EOF {
			return rawRow{}, io.EOF
		}
		return rawRow{}, err
	}
	s.row++
	rec := rawRow{row: s.row, line: s.line}
	for {
		cell, end, bad, err := s.cell()
		if err != nil {
			return rawRow{}, err
		}
		if bad {
			rec.badQuote = append(rec.badQuote, len(rec.cells))
		}
		rec.cells = append(rec.cells, cell)
		if end {
			return rec, nil
		}
	}
}

// cell reads one cell; end is set when the record ends after it.
func (s *refScanner) cell() (cell string, end, badQuote bool, err error) {
	s.field = s.field[:0]
	b, err := s.r.ReadByte()
	if err == io.EOF {
		return "", true, false, nil
	}
	if err != nil {
		return "", false, false, err
	}
	if b == '"' {
		startLine := s.line
		s.raw = s.raw[:0]
		for {
			c, err := s.r.ReadByte()
			if err == io.EOF || err == nil && len(s.raw) > MaxField {
				if !s.recover {
					return "", false, false, fmt.Errorf("line %d: %w", startLine, errUnclosedQuote)
				}
				if s.nrecov >= maxRecoveries {
					return "", false, false, fmt.Errorf("line %d: %w (and %d more before it)", startLine, errUnclosedQuote, s.nrecov)
				}
				s.nrecov++
				// Read the cell again with the quote as a character.
				if err == nil {
					s.raw = append(s.raw, c)
				}
				rest := append([]byte(nil), s.raw...)
				s.r = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(rest), s.r), 64<<10)
				s.line = startLine
				s.field = append(s.field[:0], '"')
				cell, end, err := s.unquoted()
				return cell, end, true, err
			}
			if err != nil {
				return "", false, false, err
			}
			s.raw = append(s.raw, c)
			switch c {
			case '"':
				d, err := s.r.ReadByte()
				if err == io.EOF {
					return string(s.field), true, false, nil
				}
				if err != nil {
					return "", false, false, err
				}
				switch d {
				case '"':
					s.raw = append(s.raw, d)
					s.field = append(s.field, '"')
					continue
				case s.comma:
					return string(s.field), false, false, nil
				case '\n':
					s.line++
					return string(s.field), true, false, nil
				case '\r':
					s.eatLF()
					s.line++
					return string(s.field), true, false, nil
				}
				if s.recover && s.line > startLine {
					// A quote closed on a later line with text after it is
					// a stray quote (the fix of the fast scanner, here too).
					if s.nrecov >= maxRecoveries {
						return "", false, false, fmt.Errorf("line %d: %w (and %d more before it)", startLine, errUnclosedQuote, s.nrecov)
					}
					s.nrecov++
					rest := append(append([]byte(nil), s.raw...), d)
					s.r = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(rest), s.r), 64<<10)
					s.line = startLine
					s.field = append(s.field[:0], '"')
					cell, end, err := s.unquoted()
					return cell, end, true, err
				}
				// "abc"def: Excel keeps the text after the closing quote.
				s.field = append(s.field, d)
				cell, end, err := s.unquoted()
				return cell, end, false, err
			case '\r':
				if n, _ := s.r.Peek(1); len(n) == 1 && n[0] == '\n' {
					continue // \r\n inside a cell becomes \n
				}
				s.line++
				s.field = append(s.field, '\n')
			case '\n':
				s.line++
				s.field = append(s.field, '\n')
			default:
				s.field = append(s.field, c)
			}
		}
	}
	switch b {
	case s.comma:
		return "", false, false, nil
	case '\n':
		s.line++
		return "", true, false, nil
	case '\r':
		s.eatLF()
		s.line++
		return "", true, false, nil
	}
	s.field = append(s.field, b)
	cell, end, err = s.unquoted()
	return cell, end, false, err
}

// unquoted reads the rest of an unquoted cell after s.field.
func (s *refScanner) unquoted() (string, bool, error) {
	for {
		c, err := s.r.ReadByte()
		if err == io.EOF {
			return string(s.field), true, nil
		}
		if err != nil {
			return "", false, err
		}
		switch c {
		case s.comma:
			return string(s.field), false, nil
		case '\n':
			s.line++
			return string(s.field), true, nil
		case '\r':
			s.eatLF()
			s.line++
			return string(s.field), true, nil
		}
		if len(s.field) > MaxField {
			return "", false, fmt.Errorf("line %d: a cell is larger than %d MB", s.line, MaxField>>20)
		}
		s.field = append(s.field, c)
	}
}

func (s *refScanner) eatLF() {
	if n, _ := s.r.Peek(1); len(n) == 1 && n[0] == '\n' {
		_, _ = s.r.ReadByte()
	}
}

// scanBoth reads text with the scanner and the reference scanner and fails
// when they disagree on any record, cell, position, bad quote or error, or
// when a record is marked plain and is not.
func scanBoth(t *testing.T, text string, comma byte, recover, oneByte bool) {
	t.Helper()
	var in, refIn io.Reader = strings.NewReader(text), strings.NewReader(text)
	if oneByte {
		in = iotest.OneByteReader(in)
	}
	s := newScanner(in, comma)
	ref := newRefScanner(refIn, comma)
	s.recover, ref.recover = recover, recover
	for n := 0; ; n++ {
		got, err := s.scan()
		want, werr := ref.scan()
		if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
			t.Fatalf("%q record %d: err %v, reference %v", text, n, err, werr)
		}
		if err != nil {
			return
		}
		if len(got.cells) == 0 {
			got.cells = nil
		}
		// The reference does not mark plain records; a record marked plain
		// must hold only ASCII other than NUL, its text cells being only
		// trimmed then.
		if got.plain {
			for _, c := range got.cells {
				if !plainASCII(c) {
					t.Fatalf("%q record %d: marked plain, but cell %q is not", text, n, c)
				}
			}
			got.plain = false
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q record %d:\n got %#v\nwant %#v", text, n, got, want)
		}
	}
}

func TestScannerMatchesReference(t *testing.T) {
	for _, text := range []string{
		"", "\n", "\r", "\r\n", ",", "a", "a,b\n1,2", "a,b,\n", "a,b\r1,2\r", "\"x\r\ny\",z\r\n", "\"x\ry\",z\n",
		"\"ab\"cd,e\n", "\"\",x\n", "\"a\"\"b\",c", "\"a\"", "\"a\"\r", "\"a\"\r\n\"b\"\n", "1,\"broken\n2,x\n",
		"12\" screen,\"q\"\"\"\n", "a,,\n,,\n\n\n", "\"", "\"\"\"", "x\"y\"z,\"\n\"",
		// Quoted and unquoted cells side by side, a quote in an unquoted
		// cell before and after a quoted one, a line ending in a separator.
		"\"a\",\n", "a,\"b\",\n", "\"a\",\"b\"\n", "a,\"b\",c\"d\n", "a\"b,\"c\"\n", "\"a\",b,,\"c, d\",\n", "\"a\",\"\",x\n",
	} {
		for _, oneByte := range []bool{false, true} {
			scanBoth(t, text, ',', true, oneByte)
			scanBoth(t, text, ',', false, oneByte)
			scanBoth(t, strings.ReplaceAll(text, ",", ";"), ';', true, oneByte)
		}
	}
	// Cells across the 64 KiB buffer boundary.
	var b strings.Builder
	for i := 0; b.Len() < 200<<10; i++ {
		fmt.Fprintf(&b, "%d,\"quoted, %d\r\nline\",plain %d text,\"\"\"\",x\"y\r\n", i, i, i)
	}
	scanBoth(t, b.String(), ',', true, false)
	// Plain lines, which plainLine cuts from one string per buffer, mixed
	// with records it leaves to the general path (a quoted line break, a
	// doubled quote, a carriage return inside a line), lines that end in
	// CR LF, with and without quotes, across the buffer boundaries.
	b.Reset()
	for i := 0; b.Len() < 300<<10; i++ {
		switch i % 97 {
		case 13:
			fmt.Fprintf(&b, "%d,\"two\nlines %d\",x\n", i, i)
		case 41:
			fmt.Fprintf(&b, "%d,\"say \"\"hi\"\"\",y\n", i)
		case 77:
			fmt.Fprintf(&b, "%d,a\rb,z\n", i)
		case 5, 6, 7, 60:
			fmt.Fprintf(&b, "%d,crlf %d,\"q, %d\"\r\n", i, i, i)
		case 8, 9:
			fmt.Fprintf(&b, "%d,crlf %d,plain\r\n", i, i)
		case 88:
			fmt.Fprintf(&b, "%d,cr at the end\r\r\n", i)
		default:
			fmt.Fprintf(&b, "%d,plain title %d,\"IT, NL\",%d\n", i, i, i*7)
		}
	}
	scanBoth(t, b.String(), ',', true, false)
	scanBoth(t, b.String(), ',', true, true)
	// Cells at the MaxField limit, unquoted and quoted.
	for _, n := range []int{MaxField, MaxField + 1, MaxField + 2} {
		big := strings.Repeat("x", n)
		scanBoth(t, "a,"+big+",b\nc\n", ',', true, false)
		scanBoth(t, "a,\""+big+"\",b\nc\n", ',', true, false)
		scanBoth(t, "a,\""+big+"\",b\nc\n", ',', false, false)
	}
}

func FuzzScannerMatchesReference(f *testing.F) {
	f.Add("id,title\n1,\"two\nlines\"\n\n2,plain\r\n3,\"say \"\"hi\"\"\"\n4,12\" screen\n", true)
	f.Add("a;\"b;c\";d\n\"broken\n", false)
	f.Fuzz(func(t *testing.T, text string, oneByte bool) {
		scanBoth(t, text, ',', true, oneByte)
		scanBoth(t, text, ';', false, oneByte)
	})
}
