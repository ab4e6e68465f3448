package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The scanner is a minimal, allocation-free XML tokenizer for the two large
// parts of a workbook (worksheets and the shared strings table). It is at
// least as strict as encoding/xml in strict mode, which is what excelize
// uses: every document encoding/xml rejects is rejected here too, so a
// document excelize silently truncates is an error here, never a different
// value. Constructs encoding/xml accepts but this scanner does not handle
// (DOCTYPE, non-ASCII names, non-UTF-8 encodings) are ErrUnsupported.

const (
	tokText = iota + 1
	tokStart
	tokEnd
	tokEOF
)

// errNeedMore is internal: the window ends inside a markup construct.
var errNeedMore = errors.New("need more input")

type xmlAttr struct {
	local []byte
	value []byte
}

// source delivers the decompressed bytes of a part in chunks. The returned
// slice is valid until the next call. The last chunk comes with io.EOF.
type source interface {
	next() ([]byte, error)
}

type scanner struct {
	src    source
	buf    []byte // window: unread bytes are buf[pos:]
	pos    int
	base   int64 // stream offset of buf[0]
	eof    bool
	err    error // sticky
	maxTok int

	// current token
	kind       int
	name       []byte // qualified name of a start or end tag
	local      []byte
	attrs      []xmlAttr
	text       []byte // decoded character data of a text token
	pendingEnd bool

	attrBuf  []byte
	stack    []byte // names of open elements, concatenated
	stackLen []int
}

func newScanner(src source, maxTok int) *scanner {
	return &scanner{src: src, maxTok: maxTok, buf: make([]byte, 0, 64<<10)}
}

func (s *scanner) depth() int { return len(s.stackLen) }

// offset returns the stream offset of the next unread byte, for messages.
func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

func (s *scanner) syntaxErr(format string, args ...any) error {
	return fmt.Errorf("malformed xml at byte %d: %s", s.offset(), fmt.Sprintf(format, args...))
}

// fill appends the next chunk to the window. It returns false at the end of
// the input or on a read error (s.err is set then).
func (s *scanner) fill() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:])
		s.base += int64(s.pos)
		s.buf = s.buf[:n]
		s.pos = 0
	}
	if len(s.buf) > s.maxTok {
		s.err = fmt.Errorf("xml construct at byte %d larger than %d bytes", s.base, s.maxTok)
		return false
	}
	data, err := s.src.next()
	s.buf = append(s.buf, data...)
	if err == io.EOF {
		s.eof = true
		return len(data) > 0
	}
	if err != nil {
		s.err = err
		return false
	}
	return true
}

// next advances to the next token: tokText, tokStart, tokEnd or tokEOF.
// Comments and processing instructions are skipped. A self-closing element
// yields a start and an end token.
func (s *scanner) next() (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.pendingEnd {
		s.pendingEnd = false
		s.pop()
		s.kind = tokEnd
		return tokEnd, nil
	}
	for {
		if s.pos >= len(s.buf) {
			if !s.fill() {
				if s.err != nil {
					return 0, s.err
				}
				if s.pos >= len(s.buf) {
					if len(s.stackLen) > 0 {
						s.err = s.syntaxErr("unexpected end of document inside <%s>", s.top())
						return 0, s.err
					}
					s.kind = tokEOF
					return tokEOF, nil
				}
			}
			continue
		}
		if s.buf[s.pos] != '<' {
			return s.scanText()
		}
		k, n, err := s.scanMarkup(s.buf[s.pos:])
		if err == errNeedMore {
			if !s.fill() {
				if s.err == nil {
					s.err = s.syntaxErr("unexpected end of document in markup")
				}
				return 0, s.err
			}
			continue
		}
		if err != nil {
			s.err = err
			return 0, err
		}
		s.pos += n
		if k == 0 {
			continue
		}
		s.kind = k
		return k, nil
	}
}

func (s *scanner) top() string {
	if len(s.stackLen) == 0 {
		return ""
	}
	l := s.stackLen[len(s.stackLen)-1]
	return string(s.stack[len(s.stack)-l:])
}

func (s *scanner) pop() {
	l := s.stackLen[len(s.stackLen)-1]
	s.stack = s.stack[:len(s.stack)-l]
	s.stackLen = s.stackLen[:len(s.stackLen)-1]
}

// skip consumes the rest of the element whose start tag was just read.
func (s *scanner) skip() error {
	d := s.depth()
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokEnd && s.depth() < d {
			return nil
		}
		if k == tokEOF {
			return s.syntaxErr("unexpected end of document")
		}
	}
}

func (s *scanner) scanText() (int, error) {
	s.text = s.text[:0]
	for {
		var n int
		var stop bool
		var err error
		s.text, n, stop, err = decodeText(s.text, s.buf[s.pos:], s.eof, 0)
		s.pos += n
		if err != nil {
			s.err = s.syntaxErr("%v", err)
			return 0, s.err
		}
		if len(s.text) > s.maxTok {
			s.err = fmt.Errorf("text at byte %d larger than %d bytes", s.offset(), s.maxTok)
			return 0, s.err
		}
		if stop || (s.eof && s.pos >= len(s.buf)) {
			s.kind = tokText
			return tokText, nil
		}
		if !s.fill() {
			if s.err != nil {
				return 0, s.err
			}
			if s.pos < len(s.buf) {
				continue // final pass over the tail with eof set
			}
			s.kind = tokText
			return tokText, nil
		}
	}
}

// scanMarkup parses the construct starting with '<' at w[0]. It returns the
// token kind (0 for a skipped construct) and the bytes consumed.
func (s *scanner) scanMarkup(w []byte) (int, int, error) {
	if len(w) < 2 {
		return 0, 0, s.needMore()
	}
	switch w[1] {
	case '/':
		// fast path: the name of the open element followed by '>'
		if n := len(s.stackLen); n > 0 {
			l := s.stackLen[n-1]
			top := s.stack[len(s.stack)-l:]
			if len(w) > l+2 && w[l+2] == '>' && string(w[2:l+2]) == string(top) {
				name := w[2 : l+2]
				s.pop()
				s.name = name
				s.local = localName(name)
				return tokEnd, l + 3, nil
			}
		}
		end, _, err := s.scanName(w, 2)
		if err != nil {
			return 0, 0, err
		}
		name := w[2:end]
		i := skipSpace(w, end)
		if i >= len(w) {
			return 0, 0, s.needMore()
		}
		if w[i] != '>' {
			return 0, 0, s.syntaxErr("invalid characters in end tag </%s>", name)
		}
		if len(s.stackLen) == 0 {
			return 0, 0, s.syntaxErr("unexpected end tag </%s>", name)
		}
		l := s.stackLen[len(s.stackLen)-1]
		if !bytes.Equal(s.stack[len(s.stack)-l:], name) {
			return 0, 0, s.syntaxErr("element <%s> closed by </%s>", s.top(), name)
		}
		s.pop()
		s.name = name
		s.local = localName(name)
		return tokEnd, i + 1, nil
	case '?':
		end, _, err := s.scanName(w, 2)
		if err != nil {
			return 0, 0, err
		}
		k := bytes.Index(w[end:], []byte("?>"))
		if k < 0 {
			return 0, 0, s.needMore()
		}
		if string(w[2:end]) == "xml" {
			content := string(w[end : end+k])
			if v := procInst("version", content); v != "" && v != "1.0" {
				return 0, 0, s.syntaxErr("unsupported xml version %q", v)
			}
			if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
				return 0, 0, fmt.Errorf("xml encoding %q: %w", enc, ErrUnsupported)
			}
		}
		return 0, end + k + 2, nil
	case '!':
		if len(w) < 4 {
			return 0, 0, s.needMore()
		}
		if w[2] == '-' {
			if w[3] != '-' {
				return 0, 0, s.syntaxErr("invalid sequence <!- not part of <!--")
			}
			k := bytes.Index(w[4:], []byte("--"))
			if k < 0 || 4+k+2 >= len(w) {
				return 0, 0, s.needMore()
			}
			if w[4+k+2] != '>' {
				return 0, 0, s.syntaxErr(`invalid sequence "--" in comment`)
			}
			return 0, 4 + k + 3, nil
		}
		const cdata = "<![CDATA["
		if len(w) < len(cdata) {
			if bytes.HasPrefix([]byte(cdata), w) {
				return 0, 0, s.needMore()
			}
		} else if string(w[:len(cdata)]) == cdata {
			k := bytes.Index(w[len(cdata):], []byte("]]>"))
			if k < 0 {
				return 0, 0, s.needMore()
			}
			var err error
			s.text, err = decodeCDATA(s.text[:0], w[len(cdata):len(cdata)+k])
			if err != nil {
				return 0, 0, s.syntaxErr("%v", err)
			}
			return tokText, len(cdata) + k + 3, nil
		}
		return 0, 0, fmt.Errorf("xml directive at byte %d (DOCTYPE or similar): %w", s.offset(), ErrUnsupported)
	}
	// start tag
	end, lstart, err := s.scanName(w, 1)
	if err != nil {
		return 0, 0, err
	}
	name := w[1:end]
	s.attrs = s.attrs[:0]
	s.attrBuf = s.attrBuf[:0]
	i := end
	self := false
	for {
		j := skipSpace(w, i)
		if j >= len(w) {
			return 0, 0, s.needMore()
		}
		b := w[j]
		if b == '/' {
			if j+1 >= len(w) {
				return 0, 0, s.needMore()
			}
			if w[j+1] != '>' {
				return 0, 0, s.syntaxErr("expected /> in element <%s>", name)
			}
			i = j + 2
			self = true
			break
		}
		if b == '>' {
			i = j + 1
			break
		}
		aend, alocal, err := s.scanName(w, j)
		if err != nil {
			return 0, 0, err
		}
		aname := w[j:aend]
		k := skipSpace(w, aend)
		if k >= len(w) {
			return 0, 0, s.needMore()
		}
		if w[k] != '=' {
			return 0, 0, s.syntaxErr("attribute %s without = in element <%s>", aname, name)
		}
		k = skipSpace(w, k+1)
		if k >= len(w) {
			return 0, 0, s.needMore()
		}
		q := w[k]
		if q != '"' && q != '\'' {
			return 0, 0, s.syntaxErr("unquoted attribute value in element <%s>", name)
		}
		k++
		// fast path: a clean value is used in place
		e := bytes.IndexByte(w[k:], q)
		if e < 0 {
			if len(w)-k > s.maxTok {
				return 0, 0, fmt.Errorf("attribute value at byte %d larger than %d bytes", s.offset(), s.maxTok)
			}
			return 0, 0, s.needMore()
		}
		raw := w[k : k+e]
		var val []byte
		if plainAttr(raw) {
			val = raw
		} else {
			start := len(s.attrBuf)
			var stop bool
			var n int
			s.attrBuf, n, stop, err = decodeText(s.attrBuf, w[k:], s.eof, q)
			if err != nil {
				return 0, 0, s.syntaxErr("%v in attribute %s of <%s>", err, aname, name)
			}
			if !stop {
				return 0, 0, s.needMore()
			}
			e = n
			val = s.attrBuf[start:len(s.attrBuf):len(s.attrBuf)]
		}
		s.attrs = append(s.attrs, xmlAttr{local: w[alocal:aend], value: val})
		i = k + e + 1
	}
	s.stack = append(s.stack, name...)
	s.stackLen = append(s.stackLen, len(name))
	s.name = name
	s.local = w[lstart:end]
	s.pendingEnd = self
	return tokStart, i, nil
}

func (s *scanner) needMore() error {
	if s.eof {
		return s.syntaxErr("unexpected end of document in markup")
	}
	return errNeedMore
}

// scanName returns the end of the XML name starting at w[i] and the start
// of its local part (after a single prefix colon, as encoding/xml splits).
func (s *scanner) scanName(w []byte, i int) (int, int, error) {
	if i >= len(w) {
		return 0, 0, s.needMore()
	}
	b := w[i]
	if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b == ':') {
		if b >= utf8.RuneSelf {
			return 0, 0, fmt.Errorf("non-ascii xml name at byte %d: %w", s.offset(), ErrUnsupported)
		}
		return 0, 0, s.syntaxErr("expected a name")
	}
	colon := -1
	j := i
	for ; j < len(w); j++ {
		b = w[j]
		if nameByte[b] {
			if b == ':' {
				if colon >= 0 {
					return 0, 0, s.syntaxErr("invalid name with several colons")
				}
				colon = j
			}
			continue
		}
		if b >= utf8.RuneSelf {
			return 0, 0, fmt.Errorf("non-ascii xml name at byte %d: %w", s.offset(), ErrUnsupported)
		}
		break
	}
	if j >= len(w) {
		return 0, 0, s.needMore()
	}
	if colon > i && colon < j-1 {
		return j, colon + 1, nil
	}
	return j, i, nil
}
