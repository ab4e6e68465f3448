package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Byte classes of XML names and plain text, and the decoding of character
// data, attribute values, entities and CDATA sections, as encoding/xml
// decodes them.

var nameByte, textPlain [256]bool

func init() {
	for c := 0; c < 256; c++ {
		b := byte(c)
		nameByte[c] = 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' ||
			b == '_' || b == ':' || b == '.' || b == '-'
		textPlain[c] = (b >= 0x20 && b < 0x80 && b != '<' && b != '&' && b != ']' && b != '"' && b != '\'') ||
			b == '\t' || b == '\n'
	}
}

func localName(name []byte) []byte {
	for i, c := range name {
		if c == ':' {
			if i > 0 && i < len(name)-1 {
				return name[i+1:]
			}
			break
		}
	}
	return name
}

func skipSpace(w []byte, i int) int {
	for i < len(w) {
		switch w[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// plainAttr reports whether an attribute value needs no decoding or checks
// beyond being free of quotes (the caller found the closing quote).
func plainAttr(raw []byte) bool {
	for _, b := range raw {
		if !textPlain[b] && b != '"' && b != '\'' {
			return false
		}
	}
	return true
}

func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// decodeText decodes character data (quote == 0) or an attribute value
// (quote is the delimiter) from src, appending to dst. It stops before '<'
// (text) or the closing quote (attribute), reporting stop. When a construct
// needs bytes beyond src and final is false, it returns early with the count
// consumed so far.
func decodeText(dst, src []byte, final bool, quote byte) ([]byte, int, bool, error) {
	i, start := 0, 0
	for i < len(src) {
		b := src[i]
		if textPlain[b] {
			i++
			continue
		}
		switch {
		case b == '<':
			if quote != 0 {
				return dst, i, false, errors.New("unescaped < inside attribute value")
			}
			return append(dst, src[start:i]...), i, true, nil
		case b == '"' || b == '\'':
			if b == quote {
				return append(dst, src[start:i]...), i, true, nil
			}
			i++
		case b == '&':
			dst = append(dst, src[start:i]...)
			var n int
			var err error
			dst, n, err = decodeEntity(dst, src[i:], final)
			if err != nil {
				return dst, i, false, err
			}
			if n == 0 {
				return dst, i, false, nil
			}
			i += n
			start = i
		case b == '\r':
			dst = append(dst, src[start:i]...)
			if i+1 >= len(src) && !final {
				return dst, i, false, nil
			}
			dst = append(dst, '\n')
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			start = i
		case b == ']':
			if i+2 < len(src) {
				if src[i+1] == ']' && src[i+2] == '>' {
					return dst, i, false, errors.New("unescaped ]]> not in CDATA section")
				}
			} else if !final && (i+1 >= len(src) || src[i+1] == ']') {
				return append(dst, src[start:i]...), i, false, nil
			}
			i++
		case b >= utf8.RuneSelf:
			if !utf8.FullRune(src[i:]) && !final {
				return append(dst, src[start:i]...), i, false, nil
			}
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				return dst, i, false, errors.New("invalid UTF-8")
			}
			if !isInCharacterRange(r) {
				return dst, i, false, fmt.Errorf("illegal character code %U", r)
			}
			i += n
		default:
			return dst, i, false, fmt.Errorf("illegal character code %U", rune(b))
		}
	}
	return append(dst, src[start:i]...), i, false, nil
}

// decodeEntity decodes the reference starting with '&' at src[0]. n == 0
// with a nil error means more input is needed.
func decodeEntity(dst, src []byte, final bool) ([]byte, int, error) {
	const maxEnt = 32
	semi := bytes.IndexByte(src[:min(len(src), maxEnt)], ';')
	if semi < 0 {
		if len(src) < maxEnt && !final {
			return dst, 0, nil
		}
		return dst, 0, fmt.Errorf("invalid character entity %.12q", src)
	}
	name := src[1:semi]
	if len(name) > 1 && name[0] == '#' {
		digits, base := name[1:], 10
		if digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		if len(digits) == 0 || len(digits) > 8 {
			return dst, 0, fmt.Errorf("invalid character entity &%s;", name)
		}
		var r rune
		for _, c := range digits {
			var d rune
			switch {
			case c >= '0' && c <= '9':
				d = rune(c - '0')
			case base == 16 && c >= 'a' && c <= 'f':
				d = rune(c-'a') + 10
			case base == 16 && c >= 'A' && c <= 'F':
				d = rune(c-'A') + 10
			default:
				return dst, 0, fmt.Errorf("invalid character entity &%s;", name)
			}
			r = r*rune(base) + d
		}
		if !isInCharacterRange(r) {
			return dst, 0, fmt.Errorf("character reference &%s; is not a valid xml character", name)
		}
		return utf8.AppendRune(dst, r), semi + 1, nil
	}
	switch string(name) {
	case "lt":
		dst = append(dst, '<')
	case "gt":
		dst = append(dst, '>')
	case "amp":
		dst = append(dst, '&')
	case "apos":
		dst = append(dst, '\'')
	case "quot":
		dst = append(dst, '"')
	default:
		return dst, 0, fmt.Errorf("invalid character entity &%s;", name)
	}
	return dst, semi + 1, nil
}

// decodeCDATA validates and appends a complete CDATA section's content.
func decodeCDATA(dst, src []byte) ([]byte, error) {
	start := 0
	for i := 0; i < len(src); {
		b := src[i]
		switch {
		case b == '\r':
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\n')
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			start = i
		case b >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				return dst, errors.New("invalid UTF-8")
			}
			if !isInCharacterRange(r) {
				return dst, fmt.Errorf("illegal character code %U", r)
			}
			i += n
		case b < 0x20 && b != '\t' && b != '\n':
			return dst, fmt.Errorf("illegal character code %U", rune(b))
		default:
			i++
		}
	}
	return append(dst, src[start:]...), nil
}

// procInst mirrors encoding/xml's parameter lookup in <?xml ...?>.
func procInst(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}
