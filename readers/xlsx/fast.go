package xlsx

import (
	"bytes"
	"unicode/utf8"
)

// fastCell parses the common shapes of a cell directly from the scanner's
// window, without tokens:
//
//	<c r=".." s=".." t="..">  then  <v>text</v></c> | <is><t>text</t></is></c> | </c>
//	<c r=".." .../>
//
// with unprefixed names, double-quoted plain attribute values and text
// without references, CR or "]". Anything else (or a cell crossing the end of
// the window) returns ok == false having consumed nothing, and the general
// token path parses the cell, reporting errors. col is the column the cell
// has when it carries no r attribute.
func (r *Rows) fastCell(col int) (v cellVal, keep bool, ok bool) {
	sc := r.sc
	w := sc.buf[sc.pos:]
	if len(w) < 4 || w[0] != '<' || w[1] != 'c' || (w[2] != ' ' && w[2] != '>' && w[2] != '/') {
		return v, false, false
	}
	typ, style := typeNumber, 0
	var seenR, seenS, seenT bool
	i := 2
	for {
		for i < len(w) && w[i] == ' ' {
			i++
		}
		if i+1 >= len(w) {
			return v, false, false
		}
		if w[i] == '>' {
			i++
			break
		}
		if w[i] == '/' {
			if w[i+1] != '>' {
				return v, false, false
			}
			sc.pos += i + 2
			return cellVal{col: col}, false, true
		}
		name := w[i]
		if i+3 >= len(w) || w[i+1] != '=' || w[i+2] != '"' {
			return v, false, false
		}
		i += 3
		e := bytes.IndexByte(w[i:], '"')
		if e < 0 {
			return v, false, false
		}
		val := w[i : i+e]
		if !plainAttr(val) {
			return v, false, false
		}
		i += e + 1
		if i < len(w) && w[i] != ' ' && w[i] != '>' && w[i] != '/' {
			return v, false, false
		}
		switch name {
		case 'r':
			c, okRef := parseCellRef(val)
			if !okRef || seenR {
				return v, false, false
			}
			seenR, col = true, c
		case 's':
			n, okS := parseUint(val)
			if !okS || seenS {
				return v, false, false
			}
			seenS, style = true, n
		case 't':
			if seenT {
				return v, false, false
			}
			seenT = true
			typ = cellType(val)
		default:
			return v, false, false
		}
	}
	rest := w[i:]
	var text []byte
	inline := false
	switch {
	case bytes.HasPrefix(rest, []byte("</c>")):
		sc.pos += i + 4
		return cellVal{col: col}, false, true
	case bytes.HasPrefix(rest, []byte("<v>")):
		n, okT := plainText(rest[3:])
		if !okT || !bytes.HasPrefix(rest[3+n:], []byte("</v></c>")) {
			return v, false, false
		}
		text = rest[3 : 3+n]
		i += 3 + n + 8
	case bytes.HasPrefix(rest, []byte("<is><t>")):
		n, okT := plainText(rest[7:])
		if !okT || !bytes.HasPrefix(rest[7+n:], []byte("</t></is></c>")) {
			return v, false, false
		}
		text = rest[7 : 7+n]
		inline = true
		i += 7 + n + 13
	default:
		return v, false, false
	}
	if len(text) > r.maxTok || col > maxColumns || len(r.rowBuf)+len(text) > r.maxTok*4 {
		return v, false, false // the token path reports the error
	}
	v = cellVal{col: col, sst: -1}
	switch typ {
	case typeShared:
		if len(text) == 0 {
			break
		}
		idx, okI := parseUint(trimSpace(text))
		if !okI || idx >= r.sst.len() {
			return v, false, false // the token path reports the error
		}
		sc.pos += i
		v.sst = idx
		return v, r.sst.offs[idx] != r.sst.offs[idx+1], true
	case typeInline:
		if inline {
			v.off = len(r.rowBuf)
			r.rowBuf = appendBstr(r.rowBuf, text)
			v.end = len(r.rowBuf)
			sc.pos += i
			return v, v.end > v.off, true
		}
	}
	if inline {
		// <is> on a cell that is not an inline string: excelize ignores it
		text = nil
	}
	if typ == typeNumber {
		v.isDate = len(text) > 0 && r.styles.isDate(style)
	}
	v.off = len(r.rowBuf)
	r.rowBuf = append(r.rowBuf, text...)
	v.end = len(r.rowBuf)
	sc.pos += i
	return v, v.end > v.off, true
}

// plainText returns the length of the text before the next '<' when it needs
// no decoding (no references, CR, "]" or invalid characters).
func plainText(w []byte) (int, bool) {
	for i := 0; i < len(w); {
		b := w[i]
		if textPlain[b] || b == '"' || b == '\'' {
			i++
			continue
		}
		if b == '<' {
			return i, true
		}
		if b < utf8.RuneSelf || !utf8.FullRune(w[i:]) {
			return 0, false
		}
		c, n := utf8.DecodeRune(w[i:])
		if c == utf8.RuneError && n == 1 || !isInCharacterRange(c) {
			return 0, false
		}
		i += n
	}
	return 0, false
}
