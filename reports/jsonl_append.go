package reports

import (
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/swar"
	"github.com/aecheck/aecheck/readers"
)

// This file writes finding and metric lines without reflection: the bytes
// are those json.Encoder (SetEscapeHTML(false)) writes for jsonFinding and
// jsonMetric, which stay the schema; TestAppendMatchesEncoder holds the two
// together. A finding line costs no allocation.

// plain8 reports whether the 8 bytes of s are printable ASCII other than
// '"' and '\\', which JSON keeps as they are (SWAR: each test sets the top
// bit of the bytes it finds).
func plain8(s string) bool {
	x := swar.Load8(s)
	bad := swar.NonASCII(x) |
		swar.Below(x, 0x20) |
		swar.Zero(x^'"'*swar.Ones) | swar.Zero(x^'\\'*swar.Ones)
	return bad == 0
}

// jsonAppender appends JSON values. It remembers the escaped form of the
// last strings it wrote by their place in memory (see stringMemo).
type jsonAppender struct {
	memo stringMemo
	lang string // the lang of every line; "" is English
	// langKV is `,"lang":"…"` for langFor, encoded once: a line costs a
	// copy of it, not an escape of the language code.
	langKV  []byte
	langFor string
}

// langField returns the "lang" member of a line, with its leading comma.
func (a *jsonAppender) langField() []byte {
	if a.langKV == nil || a.langFor != a.lang {
		a.langFor = a.lang
		a.langKV = jsonStr(append(a.langKV[:0], `,"lang":`...), langCode(a.lang))
	}
	return a.langKV
}

// stringMemo remembers the encoded form of the strings a writer wrote last,
// by their place in memory. A check, a file, a column, a message or a fix
// is most often the same string (the same bytes in memory) as in one of the
// findings before it: the checks share them. For such a string of 4 bytes
// or more, the encoded form is copied from the memo instead of being worked
// out again. The memo holds the string it keys on, so that memory cannot be
// reused for other text while it is there, and Go strings do not change:
// the same address and length mean the same bytes.
type stringMemo [128]escaped

// escaped is a string and its encoded form.
type escaped struct {
	src string
	esc []byte
}

// append appends s as enc encodes it, from the memo when s is there.
// Strings of under 4 bytes are encoded each time: that is cheaper.
func (m *stringMemo) append(b []byte, s string, enc func([]byte, string) []byte) []byte {
	if len(s) < 4 {
		return enc(b, s)
	}
	p := unsafe.StringData(s)
	e := &m[memoSlot(p, len(s))]
	if unsafe.StringData(e.src) == p && len(e.src) == len(s) {
		return append(b, e.esc...)
	}
	n := len(b)
	b = enc(b, s)
	e.src, e.esc = s, append(e.esc[:0], b[n:]...)
	return b
}

// memoSlot spreads a string's address and length over the memo's 128
// slots (Fibonacci hashing: strings of one size class lie a fixed step
// apart, which the low bits alone crowded into a few slots).
func memoSlot(p *byte, n int) int {
	return int(uint64(uintptr(unsafe.Pointer(p))^uintptr(n)) * 0x9E3779B97F4A7C15 >> 57)
}

// shared appends s as str does, through the memo.
func (a *jsonAppender) shared(b []byte, s string) []byte { return a.memo.append(b, s, jsonStr) }

func (a *jsonAppender) str(b []byte, s string) []byte { return jsonStr(b, s) }

// jsonStr appends s as a JSON string with the escapes encoding/json writes
// when it does not escape HTML: \" and \\, \b \f \n \r \t, \u00xx for the
// other control bytes, \ufffd for a byte that is not UTF-8, and \u2028 and
// \u2029. FuzzStrMatchesEncoder holds the two together. Runs of bytes that
// need nothing are copied at once, found eight bytes at a time.
func jsonStr(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i+8 <= len(s) && plain8(s[i:i+8]) {
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += n
			continue
		}
		i += n
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// float appends v as encoding/json writes a float64.
func float(b []byte, v float64) []byte {
	f := 'f'
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		f = 'e'
	}
	b = strconv.AppendFloat(b, v, byte(f), -1, 64)
	if f == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendFinding appends the line of f, as Encode(wireFinding(f, a.lang))
// writes it.
func (a *jsonAppender) appendFinding(b []byte, f *checks.Finding) []byte {
	b = append(b, `{"kind":"finding","check":`...)
	b = a.shared(b, f.Check)
	b = append(b, `,"severity":`...)
	b = a.shared(b, f.Severity.String())
	b = append(b, `,"file":`...)
	b = a.shared(b, f.Pos.File)
	if f.Pos.Sheet != "" {
		b = append(b, `,"sheet":`...)
		b = a.shared(b, f.Pos.Sheet)
	}
	b = append(b, `,"row":`...)
	b = strconv.AppendInt(b, int64(f.Pos.Row), 10)
	b = append(b, `,"column":`...)
	b = a.shared(b, f.Pos.Field)
	b = append(b, `,"entity":`...)
	b = a.str(b, f.Entity)
	b = append(b, `,"value":`...)
	b = a.str(b, f.Value)
	b = append(b, `,"message":`...)
	b = a.shared(b, f.Message)
	b = append(b, a.langField()...)
	if f.Shop != "" {
		b = append(b, `,"shop":`...)
		b = a.str(b, f.Shop)
	}
	b = a.place(b, &f.Pos)
	if f.Ref != (readers.Pos{}) {
		b = append(b, `,"ref":{"file":`...)
		b = a.str(b, f.Ref.File)
		if f.Ref.Sheet != "" {
			b = append(b, `,"sheet":`...)
			b = a.str(b, f.Ref.Sheet)
		}
		b = append(b, `,"row":`...)
		b = strconv.AppendInt(b, int64(f.Ref.Row), 10)
		b = a.place(b, &f.Ref)
		b = append(b, '}')
	}
	if f.Fix != "" {
		b = append(b, `,"fix":`...)
		b = a.shared(b, f.Fix)
	}
	if e := f.Evidence; e != nil {
		b = append(b, `,"evidence":{`...)
		n := len(b)
		field := func(key, v string) {
			if v == "" {
				return
			}
			if len(b) > n {
				b = append(b, ',')
			}
			b = append(b, key...)
			b = a.str(b, v)
		}
		list := func(key string, vs []string) {
			if len(vs) == 0 {
				return
			}
			if len(b) > n {
				b = append(b, ',')
			}
			b = append(b, key...)
			for i, v := range vs {
				if i == 0 {
					b = append(b, '[')
				} else {
					b = append(b, ',')
				}
				b = a.str(b, v)
			}
			b = append(b, ']')
		}
		field(`"class":`, e.Class)
		field(`"entry":`, e.Entry)
		list(`"terms":`, e.Terms)
		list(`"groups":`, e.Groups)
		field(`"missing_column":`, e.MissingColumn)
		list(`"assumed":`, e.Assumed)
		b = append(b, '}')
	}
	return append(b, '}', '\n')
}

// place appends the omitempty "line", "col" and "cell" of p.
func (a *jsonAppender) place(b []byte, p *readers.Pos) []byte {
	if p.Line != 0 {
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(p.Line), 10)
	}
	if p.Col != 0 {
		b = append(b, `,"col":`...)
		b = strconv.AppendInt(b, int64(p.Col), 10)
	}
	if p.Sheet != "" && p.Row > 0 && p.Col > 0 {
		if p.Col <= excelize.MaxColumns && p.Row <= excelize.TotalRows {
			// p.Cell() without its allocation: letters, then the row.
			name, _ := excelize.ColumnNumberToName(p.Col)
			b = append(b, `,"cell":"`...)
			b = append(b, name...)
			b = strconv.AppendInt(b, int64(p.Row), 10)
			return append(b, '"')
		}
		if c := p.Cell(); c != "" {
			b = append(b, `,"cell":`...)
			b = a.str(b, c)
		}
	}
	return b
}

// optFloat appends v as float does, made finite, or null when not ok.
func optFloat(b []byte, v float64, ok bool) []byte {
	if !ok {
		return append(b, "null"...)
	}
	return float(b, finite(v))
}

// optInt appends v, or null when not ok.
func optInt(b []byte, v int64, ok bool) []byte {
	if !ok {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, v, 10)
}

// appendMetric appends the line of m, as Encode(wireMetric(m, a.lang))
// writes it.
func (a *jsonAppender) appendMetric(b []byte, m *checks.Metric) []byte {
	b = append(b, `{"kind":"metric","scope":`...)
	b = a.str(b, m.Scope)
	b = append(b, `,"key":`...)
	b = a.str(b, m.Key)
	b = append(b, `,"metric":`...)
	b = a.str(b, m.Name)
	b = append(b, `,"window_days":`...)
	b = strconv.AppendInt(b, int64(m.WindowDays), 10)
	ok := hasData(m.Status)
	b = append(b, `,"numerator":`...)
	b = optFloat(b, m.Numerator, ok)
	b = append(b, `,"denominator":`...)
	b = float(b, finite(m.Denominator))
	b = append(b, `,"value":`...)
	b = optFloat(b, m.Value, ok)
	b = append(b, `,"status":`...)
	b = a.str(b, m.Status)
	b = append(b, a.langField()...)
	if m.Shop != "" {
		b = append(b, `,"shop":`...)
		b = a.str(b, m.Shop)
	}
	if m.Note != "" {
		b = append(b, `,"note":`...)
		b = a.str(b, m.Note)
	}
	return append(b, '}', '\n')
}

// appendProduct appends the line of p, as Encode(wireProduct(p, a.lang))
// writes it.
func (a *jsonAppender) appendProduct(b []byte, p *checks.ProductMetrics) []byte {
	b = append(b, `{"kind":"product","product_id":`...)
	b = a.str(b, p.Product)
	b = append(b, `,"window_days":`...)
	b = strconv.AppendInt(b, int64(p.WindowDays), 10)
	b = append(b, `,"orders":`...)
	b = strconv.AppendInt(b, p.Orders, 10)
	nr, snad, rating := hasData(p.NRStatus), hasData(p.SNADStatus), hasData(p.RatingStatus)
	b = append(b, `,"nr":`...)
	b = optInt(b, p.NR, nr)
	b = append(b, `,"nr_rate":`...)
	b = optFloat(b, p.NRRate, nr)
	b = append(b, `,"nr_status":`...)
	b = a.str(b, p.NRStatus)
	b = append(b, `,"snad":`...)
	b = optInt(b, p.SNAD, snad)
	b = append(b, `,"snad_rate":`...)
	b = optFloat(b, p.SNADRate, snad)
	b = append(b, `,"snad_status":`...)
	b = a.str(b, p.SNADStatus)
	b = append(b, `,"rating_count":`...)
	b = optInt(b, p.RatingCount, rating)
	b = append(b, `,"rating_sum":`...)
	b = optInt(b, p.RatingSum, rating)
	b = append(b, `,"rating":`...)
	b = optFloat(b, p.Rating, rating)
	b = append(b, `,"rating_status":`...)
	b = a.str(b, p.RatingStatus)
	b = append(b, `,"described_wrongly":`...)
	b = a.str(b, p.DescribedWrongly)
	b = append(b, a.langField()...)
	if p.Shop != "" {
		b = append(b, `,"shop":`...)
		b = a.str(b, p.Shop)
	}
	if p.Note != "" {
		b = append(b, `,"note":`...)
		b = a.str(b, p.Note)
	}
	return append(b, '}', '\n')
}
