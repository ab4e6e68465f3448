package readers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/aecheck/aecheck/internal/i18n"
)

func (r *TableReader) openText(br *bufio.Reader, ext string) error {
	head, _ := br.Peek(sniffSize)
	enc := r.opt.Encoding
	if enc == "" {
		enc = DetectEncoding(head)
		if enc != EncUTF16LE && enc != EncUTF16BE && bytes.IndexByte(head, 0) >= 0 {
			return fmt.Errorf("%s: not a text spreadsheet (it holds binary data); export the catalog as XLSX or CSV", r.path)
		}
	}
	_, canon, err := lookupEncoding(enc)
	if err != nil {
		return fmt.Errorf("%s: %w", r.path, err)
	}
	var in io.Reader = br
	var watch *utf8Watch
	if canon == EncUTF8 {
		// Stray bytes that are not UTF-8 become U+FFFD, and a bad-value
		// problem on their cell (rawRow.badUTF8).
		watch = &utf8Watch{r: br}
		in = watch
	}
	dec, err := decodeReader(in, enc)
	if err != nil {
		return fmt.Errorf("%s: %w", r.path, err)
	}
	r.enc = canon
	text := bufio.NewReaderSize(dec, sniffSize)
	sample, _ := text.Peek(sniffSize)
	if r.opt.Comma != 0 {
		if r.opt.Comma > 127 || r.opt.Comma == '"' || r.opt.Comma == '\n' || r.opt.Comma == '\r' {
			return fmt.Errorf("%s: the separator %q cannot be used", r.path, r.opt.Comma)
		}
		r.comma = byte(r.opt.Comma)
	} else {
		r.comma = DetectDelimiter(sample, ext == ".tsv" || ext == ".txt" || enc == EncUTF16LE || enc == EncUTF16BE)
	}
	if r.enc != EncUTF8 || r.comma != ',' {
		r.notef("%s: read as %s text separated by %s", r.path, r.opt.Tr.T(encodingLabel(r.enc)), r.opt.Tr.T(delimiterLabel(r.comma)))
	}
	if r.opt.Sheet != "" && r.opt.Sheet != "*" && r.opt.Sheet != "1" {
		r.notef("%s: --sheet %s ignored: a text file has no sheets", r.path, r.opt.Sheet)
	}
	sc := newScanner(text, r.comma)
	sc.recover = true
	r.src = &textSource{sc: sc, watch: watch}
	return nil
}

func encodingLabel(enc string) string {
	switch enc {
	case EncUTF8:
		return "UTF-8"
	case EncUTF16LE, EncUTF16BE:
		return i18n.N("UTF-16 (Excel Unicode text)")
	case EncGB18030:
		return i18n.N("GB18030 (Chinese Excel)")
	case EncWindows1252:
		return i18n.N("Windows-1252 (Western European Excel)")
	}
	return enc
}

func delimiterLabel(c byte) string {
	switch c {
	case ',':
		return i18n.N("commas")
	case ';':
		return i18n.N("semicolons")
	case '\t':
		return i18n.N("tabs")
	case '|':
		return i18n.N("pipes")
	}
	return strconv.QuoteRune(rune(c))
}

// textSource yields the records of delimited text. watch, when set, tells
// whether the UTF-8 read so far holds invalid bytes: only then are the
// cells of each record checked.
type textSource struct {
	sc    *scanner
	watch *utf8Watch
}

func (t *textSource) next() (rawRow, error) {
	rec, err := t.sc.scan()
	if err == nil && t.watch != nil && t.watch.bad {
		rec.badUTF8 = invalidCells(rec.cells)
	}
	return rec, err
}

func (t *textSource) close() error { return nil }
