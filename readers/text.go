package readers

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names, as reported by DetectEncoding and accepted by --encoding.
const (
	EncUTF8        = "utf-8"
	EncUTF16LE     = "utf-16le"
	EncUTF16BE     = "utf-16be"
	EncGB18030     = "gb18030"
	EncWindows1252 = "windows-1252"
)

// sniffSize is how much of a text file is looked at to guess its encoding
// and delimiter.
const sniffSize = 64 << 10

// DetectEncoding guesses the encoding of text from its first bytes: a BOM
// decides (UTF-8, UTF-16 LE or BE); otherwise valid UTF-8 is UTF-8,
// alternating zero bytes are UTF-16, runs of paired high bytes are GB18030
// (Chinese Excel) and isolated high bytes are Windows-1252 (Excel in Western
// Europe).
func DetectEncoding(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return EncUTF8
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return EncUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return EncUTF16BE
	}
	if len(head) >= 4 {
		var evenZero, oddZero int
		n := min(len(head), 4096)
		for i := 0; i < n; i++ {
			if head[i] == 0 {
				if i%2 == 0 {
					evenZero++
				} else {
					oddZero++
				}
			}
		}
		if oddZero > n/4 && evenZero < n/50 {
			return EncUTF16LE
		}
		if evenZero > n/4 && oddZero < n/50 {
			return EncUTF16BE
		}
	}
	if validUTF8Prefix(head) {
		return EncUTF8
	}
	// Runs of bytes >= 0x80: GBK writes every Chinese character as two such
	// bytes (runs of even length); Windows-1252 writes an accented letter as
	// one, between ASCII letters.
	var single, paired int
	for i := 0; i < len(head); {
		if head[i] < 0x80 {
			i++
			continue
		}
		j := i
		for j < len(head) && head[j] >= 0x80 {
			j++
		}
		if (j-i)%2 == 0 {
			paired++
		} else if j < len(head) { // a run cut by the sample end is not counted
			single++
		}
		i = j
	}
	if paired > single {
		return EncGB18030
	}
	return EncWindows1252
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut at
// the end of the sample.
func validUTF8Prefix(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return !utf8.FullRune(b[len(b)-cut:])
		}
	}
	return false
}

// lookupEncoding returns the decoder of an encoding name (--encoding): utf-8,
// utf-16le, utf-16be, utf-16 (BOM decides), gb18030, gbk, gb2312,
// windows-1252, latin1 and the other names of the WHATWG encoding standard.
func lookupEncoding(name string) (encoding.Encoding, string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.ReplaceAll(n, "_", "-")
	switch n {
	case "utf8", "utf-8", "utf-8-sig", "utf8-sig":
		return unicode.UTF8, EncUTF8, nil
	case "utf-16le", "utf16le", "utf-16", "utf16", "unicode":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), EncUTF16LE, nil
	case "utf-16be", "utf16be":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), EncUTF16BE, nil
	case "gb18030", "gbk", "gb2312", "cp936", "chinese":
		return simplifiedchinese.GB18030, EncGB18030, nil
	case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "ansi":
		return charmap.Windows1252, EncWindows1252, nil
	}
	e, err := htmlindex.Get(n)
	if err != nil || e == nil {
		return nil, "", fmt.Errorf("unknown encoding %q (use utf-8, utf-16le, utf-16be, gb18030 or windows-1252)", name)
	}
	canon, _ := htmlindex.Name(e)
	return e, canon, nil
}

// TextEncoding returns the encoding of a name that DetectEncoding or
// --encoding gives, without a byte-order mark: a writer that copies a file
// in the encoding it was read with writes the mark itself, when the file
// had one.
func TextEncoding(name string) (encoding.Encoding, error) {
	e, canon, err := lookupEncoding(name)
	if err != nil {
		return nil, err
	}
	switch canon {
	case EncUTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), nil
	case EncUTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), nil
	}
	return e, nil
}

// decodeReader returns r decoded to UTF-8, with a leading BOM removed.
func decodeReader(r io.Reader, enc string) (io.Reader, error) {
	e, canon, err := lookupEncoding(enc)
	if err != nil {
		return nil, err
	}
	if canon == EncUTF8 {
		return &bomSkipper{r: r}, nil
	}
	return &bomSkipper{r: transform.NewReader(r, e.NewDecoder())}, nil
}

// bomSkipper drops a UTF-8 BOM at the very start of a stream.
type bomSkipper struct {
	r    io.Reader
	done bool
	head []byte
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if !b.done {
		// Read until 3 bytes are seen or the stream ends.
		buf := make([]byte, 3)
		n, err := io.ReadFull(b.r, buf)
		buf = buf[:n]
		b.done = true
		buf = bytes.TrimPrefix(buf, []byte{0xEF, 0xBB, 0xBF})
		b.head = buf
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return 0, err
		}
	}
	if len(b.head) > 0 {
		n := copy(p, b.head)
		b.head = b.head[n:]
		return n, nil
	}
	return b.r.Read(p)
}

// delimiters are the separators tried, in order of preference on a tie.
var delimiters = []byte{',', ';', '\t', '|'}

// DetectDelimiter guesses the field separator of delimited text from a
// decoded sample: the candidate that splits the most records into the same
// number of fields (more than one) wins; ties go to the one with more fields,
// then to comma, semicolon, tab, pipe. Quoted fields are honoured. preferTab
// is set for .tsv and .txt files.
func DetectDelimiter(sample []byte, preferTab bool) byte {
	best, bestScore, bestFields := byte(','), -1, 0
	cands := delimiters
	if preferTab {
		cands = []byte{'\t', ',', ';', '|'}
	}
	for _, d := range cands {
		s := newScanner(bytes.NewReader(sample), d)
		counts := map[int]int{}
		for i := 0; i < 50; i++ {
			rec, err := s.scan()
			if err != nil {
				break
			}
			if len(rec.cells) == 1 && rec.cells[0] == "" {
				continue
			}
			counts[len(rec.cells)]++
		}
		mode, score := 0, 0
		for n, c := range counts {
			if n > 1 && (c > score || c == score && n > mode) {
				mode, score = n, c
			}
		}
		if score > bestScore || score == bestScore && mode > bestFields {
			best, bestScore, bestFields = d, score, mode
		}
	}
	return best
}
