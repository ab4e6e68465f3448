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

// xmlPath is what the first pass learns about one element path.
type xmlPath struct {
	names    []string
	count    int
	children bool // its elements have child elements
	first    int  // order of first appearance
	cols     []string
	colSet   map[string]bool
	tooMany  bool
}

// scanHeader is the first pass: it finds the record element and the header.
func (s *xmlSource) scanHeader(encFlag string) error {
	f, d, err := s.decoder(encFlag)
	if err != nil {
		return err
	}
	defer f.Close()
	paths := map[string]*xmlPath{}
	type frame struct {
		name  string
		key   string
		child bool
		size  int
	}
	var stack []frame
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				return s.syntax(line, fmt.Errorf("the file ends inside <%s>", stack[len(stack)-1].name))
			}
			break
		}
		if err != nil {
			return s.syntax(line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > 0 {
				stack[len(stack)-1].child = true
			}
			if len(stack) >= XMLMaxNesting {
				return fmt.Errorf("%s: line %d: elements are nested more than %d levels deep; a product feed nests a few: the file is damaged or is not a feed", s.name, line, XMLMaxNesting)
			}
			// Only the paths near the root are looked up; deeper ones need
			// no key, which keeps the pass linear in the file.
			key := t.Name.Local
			if n := len(stack); n > xmlMaxDepth+1 {
				key = ""
			} else if n > 0 {
				key = stack[n-1].key + "/" + t.Name.Local
			}
			stack = append(stack, frame{name: t.Name.Local, key: key})
			if depth := len(stack) - 1; depth >= 1 && depth <= xmlMaxDepth {
				p := paths[key]
				if p == nil {
					if len(paths) >= xmlMaxPaths {
						return fmt.Errorf("%s: line %d: the XML has more than %d different kinds of elements near its root; it is not a product feed", s.name, line, xmlMaxPaths)
					}
					names := make([]string, len(stack))
					for i, fr := range stack {
						names[i] = fr.name
					}
					p = &xmlPath{names: names, first: len(paths), colSet: map[string]bool{}}
					paths[key] = p
				}
				p.count++
			}
			if len(stack) > 1 {
				paths[stack[len(stack)-2].key].markChildren(len(stack) - 2)
			}
		case xml.CharData:
			if n := len(stack); n > 0 {
				stack[n-1].size += len(t)
				if stack[n-1].size > MaxField {
					return fmt.Errorf("%s: line %d: <%s> holds more than %d MB of text; the feed is probably damaged", s.name, line, stack[n-1].name, MaxField>>20)
				}
			}
		case xml.EndElement:
			n := len(stack)
			if n == 0 {
				continue
			}
			top := stack[n-1]
			if !top.child {
				// A leaf: a field of each ancestor that may be a record.
				for a := 1; a < n-1 && a <= xmlMaxDepth; a++ {
					p := paths[stack[a].key]
					if p == nil || p.tooMany {
						continue
					}
					rel := stack[a+1].name
					for _, fr := range stack[a+2:] {
						rel += "_" + fr.name
					}
					if !p.colSet[rel] {
						if len(p.cols) >= xmlMaxColumns {
							p.tooMany = true
							continue
						}
						p.colSet[rel] = true
						p.cols = append(p.cols, rel)
					}
				}
			}
			stack = stack[:n-1]
		}
	}
	rec := chooseRecord(paths, nil)
	if rec == nil || strings.EqualFold(rec.names[0], "html") {
		return fmt.Errorf("%s: an XML file, but not a product feed: no repeated element with fields (such as <product><title>…</title></product> or an RSS <item>) was found", s.name)
	}
	if rec.tooMany {
		return fmt.Errorf("%s: the <%s> elements have more than %d different fields; it is not a product feed", s.name, rec.names[len(rec.names)-1], xmlMaxColumns)
	}
	s.rec = rec.names
	s.header = rec.cols
	s.index = make(map[string]int, len(rec.cols))
	for i, c := range rec.cols {
		s.index[c] = i
	}
	return nil
}

func (p *xmlPath) markChildren(depth int) {
	if p != nil && depth >= 1 {
		p.children = true
	}
}

// chooseRecord picks the record element among the children of parent (the
// root when parent is nil): the one with child elements that occurs most
// often (ties: a usual record name, then the first seen). A wrapper that
// occurs once (RSS channel, <catalog><products>) is looked through.
func chooseRecord(paths map[string]*xmlPath, parent *xmlPath) *xmlPath {
	depth := 1
	if parent != nil {
		depth = len(parent.names)
	}
	var best *xmlPath
	for _, p := range paths {
		if len(p.names) != depth+1 || !p.children || len(p.cols) == 0 {
			continue
		}
		if parent != nil && !sameStrings(p.names[:depth], parent.names) {
			continue
		}
		if best == nil || better(p, best) {
			best = p
		}
	}
	if best == nil || best.count > 1 || xmlRecordNames[strings.ToLower(best.names[depth])] || depth >= xmlMaxDepth {
		return best
	}
	if inner := chooseRecord(paths, best); inner != nil && (inner.count > 1 || xmlRecordNames[strings.ToLower(inner.names[len(inner.names)-1])]) {
		return inner
	}
	return best
}

func better(p, q *xmlPath) bool {
	if p.count != q.count {
		return p.count > q.count
	}
	pk, qk := xmlRecordNames[strings.ToLower(p.names[len(p.names)-1])], xmlRecordNames[strings.ToLower(q.names[len(q.names)-1])]
	if pk != qk {
		return pk
	}
	return p.first < q.first
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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
