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
// decides (UTF-8, UTF-16 LE or BE); otherwise valid UTF-8 is UTF-8, and so
// is UTF-8 with a few stray bytes (see mostlyUTF8); alternating zero bytes
// are UTF-16, runs of paired high bytes are GB18030 (Chinese Excel) and
// isolated high bytes are Windows-1252 (Excel in Western Europe).
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
	if validUTF8Prefix(head) || mostlyUTF8(head) {
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

// MaxStrayBytes is how many invalid UTF-8 sequences a text sample may hold
// and still be read as UTF-8, or one per StrayBytesPer bytes of the sample
// when that is more. A file saved as UTF-8 in which one pasted character kept
// an older encoding is still a UTF-8 file: reading it all as GB18030 or
// Windows-1252 would garble every other accented or Chinese letter.
const (
	MaxStrayBytes = 8
	StrayBytesPer = 10000
)

// mostlyUTF8 reports whether b, which is not valid UTF-8, is UTF-8 but for
// a few stray bytes: at most max(MaxStrayBytes, len(b)/StrayBytesPer)
// invalid sequences, and more valid multi-byte characters than invalid
// sequences. The second condition keeps a Windows-1252 file with a handful
// of accented letters, and no UTF-8 character at all, in Windows-1252.
func mostlyUTF8(b []byte) bool {
	limit := max(MaxStrayBytes, len(b)/StrayBytesPer)
	multi, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(b[i:]) {
				break // a character cut by the end of the sample
			}
			if invalid++; invalid > limit {
				return false
			}
			i++
			continue
		}
		multi++
		i += size
	}
	return invalid > 0 && multi > invalid
}

// utf8Watch passes a UTF-8 stream through and notes, in bad, when it has
// seen a byte that is not valid UTF-8 (or a character cut by the end of the
// stream). Valid text costs one utf8.Valid per read; the reader of the rows
// then checks cells one by one only once bad is set.
type utf8Watch struct {
	r    io.Reader
	tail [utf8.UTFMax]byte // the start of a character cut by the end of the last read
	nt   int
	bad  bool
}

func (w *utf8Watch) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if !w.bad {
		w.look(p[:n])
		if err == io.EOF && w.nt > 0 {
			w.bad = true
		}
	}
	return n, err
}

// look checks b, the bytes following those already seen.
func (w *utf8Watch) look(b []byte) {
	if len(b) == 0 {
		return
	}
	if w.nt > 0 {
		// Finish the character cut by the previous read.
		var buf [2 * utf8.UTFMax]byte
		k := copy(buf[:], w.tail[:w.nt])
		k += copy(buf[k:], b[:min(len(b), utf8.UTFMax)])
		if !utf8.FullRune(buf[:k]) {
			w.nt = copy(w.tail[:], buf[:k]) // still cut: k < utf8.UTFMax
			return
		}
		r, size := utf8.DecodeRune(buf[:k])
		if r == utf8.RuneError && size <= 1 {
			w.bad = true
			return
		}
		b = b[size-w.nt:]
		w.nt = 0
	}
	// Hold back a character cut by the end of b.
	end := len(b)
	for i := len(b) - 1; i >= 0 && i > len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				end = i
			}
			break
		}
	}
	if !utf8.Valid(b[:end]) {
		w.bad = true
		return
	}
	w.nt = copy(w.tail[:], b[end:])
}

// InvalidUTF8Msg is the bad-value message of a cell of a UTF-8 file that
// holds bytes that are not UTF-8.
const InvalidUTF8Msg = "this cell holds characters that are not saved as UTF-8 like the rest of the file (shown as \uFFFD); AliExpress would show them as broken characters. Retype the character in the cell, or save the file again as \"CSV UTF-8\""

// readField returns the field of the 0-based column i when it is read into
// a listing or order, or "": a column of no field is not read, and a column
// of personal data never reaches a report, not even in a problem.
func readField(c *Columns, i int) string {
	if name := c.FieldAt(i); !isPersonalField(name) {
		return name
	}
	return ""
}

// invalidCells returns the 0-based indexes of the cells that are not valid
// UTF-8, or nil.
func invalidCells(cells []string) []int {
	var bad []int
	for i, c := range cells {
		if !utf8.ValidString(c) {
			bad = append(bad, i)
		}
	}
	return bad
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
