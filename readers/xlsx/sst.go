package xlsx

import (
	"bytes"
	"fmt"
	"unicode/utf8"
	"unsafe"
)

// sharedStrings holds the table as one string and the start offset of each
// item (plus a final end offset), so a cell value is a substring: no
// allocation per cell and one allocation for the whole table.
type sharedStrings struct {
	data string
	offs []uint32
}

func (t *sharedStrings) len() int {
	if len(t.offs) == 0 {
		return 0
	}
	return len(t.offs) - 1
}

func (t *sharedStrings) get(i int) string {
	return t.data[t.offs[i]:t.offs[i+1]]
}

// richText gathers a string item (<si> or <is>) the way excelize's xlsxSI
// does: the text of the last direct <t>, followed by the text of the last
// <t> of each run <r>; phonetic runs (<rPh>) and anything else are ignored.
type richText struct {
	t, runs, run []byte
}

// parse reads the children of the string item whose start tag was just read
// and appends the value (with _xHHHH_ escapes decoded) to dst.
func (p *richText) parse(s *scanner, dst []byte) ([]byte, error) {
	p.t, p.runs = p.t[:0], p.runs[:0]
	d := s.depth()
	for {
		k, err := s.next()
		if err != nil {
			return dst, err
		}
		switch k {
		case tokEnd:
			if s.depth() < d {
				if len(p.runs) > 0 {
					p.t = append(p.t, p.runs...)
				}
				return appendBstr(dst, p.t), nil
			}
		case tokStart:
			switch string(s.local) {
			case "t":
				if p.t, err = readText(s, p.t[:0]); err != nil {
					return dst, err
				}
			case "r":
				if err := p.parseRun(s); err != nil {
					return dst, err
				}
			default:
				if err := s.skip(); err != nil {
					return dst, err
				}
			}
		case tokEOF:
			return dst, s.syntaxErr("unexpected end of document")
		}
	}
}

func (p *richText) parseRun(s *scanner) error {
	p.run = p.run[:0]
	d := s.depth()
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			if s.depth() < d {
				p.runs = append(p.runs, p.run...)
				return nil
			}
		case tokStart:
			if string(s.local) == "t" {
				if p.run, err = readText(s, p.run[:0]); err != nil {
					return err
				}
			} else if err := s.skip(); err != nil {
				return err
			}
		case tokEOF:
			return s.syntaxErr("unexpected end of document")
		}
	}
}

// readText appends the character data directly inside the element whose
// start tag was just read; nested elements are skipped with their text, as
// encoding/xml does for a chardata field.
func readText(s *scanner, dst []byte) ([]byte, error) {
	d := s.depth()
	for {
		k, err := s.next()
		if err != nil {
			return dst, err
		}
		switch k {
		case tokText:
			dst = append(dst, s.text...)
			if len(dst) > s.maxTok {
				return dst, fmt.Errorf("text at byte %d larger than %d bytes", s.offset(), s.maxTok)
			}
		case tokStart:
			if err := s.skip(); err != nil {
				return dst, err
			}
		case tokEnd:
			if s.depth() < d {
				return dst, nil
			}
		case tokEOF:
			return dst, s.syntaxErr("unexpected end of document")
		}
	}
}

// appendBstr decodes the _xHHHH_ escapes of ECMA-376 ST_Xstring exactly as
// excelize's bstrUnmarshal: _x005F_ is "_", a surrogate code is dropped.
func appendBstr(dst, s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return append(dst, s...)
	}
	last := 0
	for i := 0; i+7 <= len(s); {
		if s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
			i++
			continue
		}
		var r rune
		ok := true
		for _, c := range s[i+2 : i+6] {
			switch {
			case c >= '0' && c <= '9':
				r = r<<4 | rune(c-'0')
			case c >= 'a' && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case c >= 'A' && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				ok = false
			}
		}
		if !ok {
			i++
			continue
		}
		dst = append(dst, s[last:i]...)
		if utf8.ValidRune(r) {
			dst = utf8.AppendRune(dst, r)
		}
		i += 7
		last = i
	}
	return append(dst, s[last:]...)
}

// parseSharedStrings reads the <sst> document.
func parseSharedStrings(s *scanner, limit int64) (*sharedStrings, error) {
	var (
		data []byte
		offs = []uint32{0}
		p    richText
	)
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		if k == tokEOF {
			return &sharedStrings{}, nil // empty part, as excelize
		}
		if k == tokStart {
			if string(s.local) != "sst" {
				return nil, fmt.Errorf("root element <%s>, want <sst>: %w", s.name, ErrUnsupported)
			}
			break
		}
	}
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokEnd:
			if s.depth() == 0 {
				str := unsafe.String(unsafe.SliceData(data), len(data))
				return &sharedStrings{data: str, offs: offs}, nil
			}
		case tokStart:
			if string(s.local) != "si" {
				if err := s.skip(); err != nil {
					return nil, err
				}
				continue
			}
			if data, err = p.parse(s, data); err != nil {
				return nil, fmt.Errorf("shared string %d: %w", len(offs)-1, err)
			}
			if int64(len(data)) > limit {
				return nil, fmt.Errorf("shared strings larger than %d bytes", limit)
			}
			offs = append(offs, uint32(len(data)))
		case tokEOF:
			return nil, s.syntaxErr("unexpected end of document")
		}
	}
}
