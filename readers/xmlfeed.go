package readers

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// XML product feeds (a shop's own feed, Google Merchant Center RSS 2.0 or
// Atom) are read as tables: each record element (the element that repeats
// under the root, or under the RSS channel: product, item, entry) is a row
// and its child elements are the columns, named by their local name (the
// namespace prefix is dropped: g:price is price). Nested elements are named
// by their path inside the record, joined with '_' (Google's
// <g:shipping><g:country> is shipping_country); an element repeated inside
// one record (additional_image_link) gives one cell with the values on
// separate lines. Attributes are ignored.
//
// The file is read twice. The first pass finds the record element and the
// header: every distinct field, in order of first appearance. A look-ahead
// over the first records would be one pass, but a field that first appears
// in a later record (sale_price on the 600th product) would have no column
// and its values would be lost without a word; two passes keep memory flat
// (one record at a time) and lose nothing. The first pass also finds a
// damaged or truncated file before any row is reported. Standard input is
// spooled to a temporary file for the second pass.

// xmlMaxDepth is the deepest level searched for the record element (root = 0;
// rss/channel/item is 2).
const xmlMaxDepth = 4

// XMLMaxNesting is the deepest an element of an XML feed may be nested: a
// product feed nests a handful of levels (rss/channel/item/g:shipping/…);
// thousands of levels are a damaged or hostile file, whose every element
// would cost time and memory in proportion to its depth.
const XMLMaxNesting = 256

// xmlMaxColumns bounds the distinct fields of one kind of record.
const xmlMaxColumns = 2000

// xmlMaxPaths bounds the distinct element paths near the root.
const xmlMaxPaths = 10000

// xmlRecordNames are the usual names of a feed's record element; they win
// ties (an Atom feed with one <entry> and one <author>).
var xmlRecordNames = map[string]bool{"product": true, "item": true, "entry": true, "offer": true, "listing": true, "record": true, "row": true}

// looksLikeXML reports whether the start of a file is an XML document: an
// XML declaration, or an rss, feed, products or catalog root, after an
// optional BOM and white space.
func looksLikeXML(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		// UTF-16: look at every other byte.
		var b []byte
		for i := 2; i+1 < len(head); i += 2 {
			if head[i] != 0 {
				b = append(b, head[i])
			} else {
				b = append(b, head[i+1])
			}
		}
		head = b
	}
	head = bytes.TrimLeft(head, " \t\r\n")
	for _, p := range []string{"<?xml", "<rss", "<feed", "<products", "<catalog"} {
		if len(head) >= len(p) && strings.EqualFold(string(head[:len(p)]), p) {
			return true
		}
	}
	return false
}

// openXML reads an XML feed. br holds the start of the input.
func (r *TableReader) openXML(br *bufio.Reader) error {
	src := &xmlSource{name: r.path}
	if r.real != "" {
		src.path = r.real
		if r.file != nil {
			r.file.Close()
			r.file = nil
		}
	} else {
		f, err := os.CreateTemp("", "aecheck-feed-*.xml")
		if err != nil {
			return fmt.Errorf("%s: %w", r.path, err)
		}
		src.path, src.tmp = f.Name(), f.Name()
		_, err = io.Copy(f, br)
		if e := f.Close(); err == nil {
			err = e
		}
		if err != nil {
			src.close()
			return fmt.Errorf("%s: %w", r.path, err)
		}
	}
	if err := src.scanHeader(r.opt.Encoding); err != nil {
		src.close()
		return err
	}
	if err := src.start(r.opt.Encoding); err != nil {
		src.close()
		return err
	}
	r.enc = src.enc
	if r.opt.Sheet != "" && r.opt.Sheet != "*" && r.opt.Sheet != "1" {
		r.notef("%s: --sheet %s ignored: an XML feed has no sheets", r.path, r.opt.Sheet)
	}
	r.notef("%s: read as an XML feed: one row per <%s> element (row 2 is the first), columns from its child elements", r.path, src.recName())
	r.src = src
	return nil
}

// xmlSource yields a synthetic header row (row 1) and then one row per
// record element. Line is the line of the record's start tag.
type xmlSource struct {
	name string // display name, for messages
	path string // file read (the input, or the spooled standard input)
	tmp  string // temporary file to remove on close
	enc  string // encoding the bytes were decoded from

	rec    []string       // local names from the root to the record element
	header []string       // distinct fields in order of first appearance
	index  map[string]int // field -> column

	f       *os.File
	dec     *xml.Decoder
	stack   []string
	row     int
	sentHdr bool
	names   []string // the record's nested element names, during a record
	text    []byte
	leaf    bool
	vals    [][]byte // per column, the record's values, joined by newlines
}

func (s *xmlSource) recName() string { return s.rec[len(s.rec)-1] }

// decoder opens the file for one pass.
func (s *xmlSource) decoder(encFlag string) (*os.File, *xml.Decoder, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return nil, nil, FileError(s.name, err)
	}
	br := bufio.NewReaderSize(f, sniffSize)
	head, _ := br.Peek(sniffSize)
	var in io.Reader = br
	transcoded := false
	enc := EncUTF8
	switch {
	case encFlag != "":
		d, err := decodeReader(br, encFlag)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("%s: %w", s.name, err)
		}
		in, transcoded = d, true
		_, enc, _ = lookupEncoding(encFlag)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		enc = DetectEncoding(head)
		in, _ = decodeReader(br, enc)
		transcoded = true
	default:
		in = &bomSkipper{r: br}
	}
	d := xml.NewDecoder(in)
	d.Strict = false // hand-written feeds carry &nbsp; and stray '&'
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if transcoded {
			return in, nil
		}
		e, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("the XML declares the encoding %q, which is not known", label)
		}
		enc, _ = htmlindex.Name(e)
		return e.NewDecoder().Reader(in), nil
	}
	s.enc = enc
	return f, d, nil
}

func (s *xmlSource) syntax(line int, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
		err = errors.New(se.Msg)
	}
	return fmt.Errorf("%s: line %d: the XML is damaged or cut short (%v); open the feed in a browser to see where, or export it again", s.name, line, err)
}

// start opens the second pass.
func (s *xmlSource) start(encFlag string) error {
	f, d, err := s.decoder(encFlag)
	if err != nil {
		return err
	}
	s.f, s.dec = f, d
	s.row = 1
	return nil
}

// next returns the header row first, then one row per record.
func (s *xmlSource) next() (rawRow, error) {
	if !s.sentHdr {
		s.sentHdr = true
		return rawRow{cells: append([]string(nil), s.header...), row: 1, line: 1}, nil
	}
	depth := len(s.rec) - 1
	for {
		line, _ := s.dec.InputPos()
		tok, err := s.dec.Token()
		if err == io.EOF {
			return rawRow{}, io.EOF
		}
		if err != nil {
			return rawRow{}, s.syntax(line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.stack = append(s.stack, t.Name.Local)
			if len(s.stack)-1 == depth && sameStrings(s.stack, s.rec) {
				return s.record(line)
			}
		case xml.EndElement:
			if len(s.stack) > 0 {
				s.stack = s.stack[:len(s.stack)-1]
			}
		}
	}
}

// record reads one record element, its start tag just read. A field
// repeated inside the record (several <g:image_link>) gathers its values
// in one cell, one per line; the values are appended to a buffer per
// column, so that a record of many repeats costs time linear in its size.
// A record of more than MaxRowCells elements or MaxRowBytes of text is an
// error, as a delimited-text row of that size is.
func (s *xmlSource) record(line int) (rawRow, error) {
	if len(s.vals) != len(s.header) {
		s.vals = make([][]byte, len(s.header))
	}
	for i := range s.vals {
		s.vals[i] = s.vals[i][:0]
	}
	s.names = s.names[:0]
	s.text = s.text[:0]
	s.leaf = false
	elems, size := 0, 0
	for {
		pos, _ := s.dec.InputPos()
		tok, err := s.dec.Token()
		if err != nil {
			if err == io.EOF {
				err = fmt.Errorf("the file ends inside <%s>", s.recName())
			}
			return rawRow{}, s.syntax(pos, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if elems++; elems > MaxRowCells {
				return rawRow{}, s.recordTooLarge(line, fmt.Sprintf("more than %d elements", MaxRowCells))
			}
			s.names = append(s.names, t.Name.Local)
			s.text = s.text[:0]
			s.leaf = true
		case xml.CharData:
			if s.leaf {
				if size += len(t); size > MaxRowBytes {
					return rawRow{}, s.recordTooLarge(line, fmt.Sprintf("more than %d MB of text", MaxRowBytes>>20))
				}
				s.text = append(s.text, t...)
			}
		case xml.EndElement:
			if len(s.names) == 0 {
				// The record's end tag.
				s.stack = s.stack[:len(s.stack)-1]
				s.row++
				cells := make([]string, len(s.header))
				for i, v := range s.vals {
					if len(v) > 0 {
						cells[i] = string(v)
					}
				}
				return rawRow{cells: cells, row: s.row, line: line}, nil
			}
			if s.leaf {
				if i, ok := s.index[strings.Join(s.names, "_")]; ok {
					if v := bytes.TrimSpace(s.text); len(v) > 0 {
						if len(s.vals[i]) > 0 {
							s.vals[i] = append(s.vals[i], '\n')
						}
						s.vals[i] = append(s.vals[i], v...)
					}
				}
			}
			s.leaf = false
			s.names = s.names[:len(s.names)-1]
		}
	}
}

// recordTooLarge is the error of the record starting at line, past a limit.
func (s *xmlSource) recordTooLarge(line int, what string) error {
	return tooLarge(fmt.Sprintf("the <%s> element at line %d has %s, which no product holds: the feed is damaged or is not a product feed; export it again",
		s.recName(), line, what))
}

func (s *xmlSource) close() error {
	var err error
	if s.f != nil {
		err = s.f.Close()
		s.f = nil
	}
	if s.tmp != "" {
		os.Remove(s.tmp)
		s.tmp = ""
	}
	return err
}
