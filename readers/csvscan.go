package readers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxField is the largest cell the CSV reader accepts, in bytes. A quoted
// cell that grows past it is taken for a quote that was never closed.
const MaxField = 16 << 20

// maxRecoveries bounds how many unclosed quotes one file may recover from.
const maxRecoveries = 100

// rawRow is one record of a table, before header mapping.
type rawRow struct {
	cells []string
	row   int // 1-based record number, as a spreadsheet shows it
	line  int // CSV: physical line where the record starts; XLSX: = row
	// badQuote lists the 0-based cells that open a quote never closed; the
	// quote was then read as a character.
	badQuote []int
	// badUTF8 lists the 0-based cells of a UTF-8 file that hold bytes
	// that are not UTF-8; their text has U+FFFD in their place once
	// cleaned.
	badUTF8 []int
	// plain is set when every byte of the record is ASCII and none is
	// NUL, so that its text cells need trimming only (see cleanText).
	plain bool
}

// MaxRowCells is the most cells a record of delimited text may have:
// Excel's own limit of columns (XFD), far past any catalog or order
// export. A line of many tiny cells ("a,a,a,...") costs some 26 times its
// size as cells; the limit keeps that to a few megabytes.
const MaxRowCells = 16384

// MaxRowBytes is the most bytes of cell text a record of delimited text
// may hold, so that one record of many large cells cannot take more than
// that much memory.
const MaxRowBytes = 64 << 20

// ErrRowTooLarge matches (errors.Is) the error of a record past
// MaxRowCells or MaxRowBytes.
var ErrRowTooLarge = errors.New("row too large")

// rowTooLarge is the error of the record rec, which has gone past a limit.
func rowTooLarge(rec *rawRow, bytes int) error {
	what := fmt.Sprintf("more than %d cells (beyond column %s)", MaxRowCells, colName(MaxRowCells-1))
	if bytes > MaxRowBytes {
		what = fmt.Sprintf("more than %d MB of text", MaxRowBytes>>20)
	}
	return tooLarge(fmt.Sprintf("row %d (line %d) has %s, which no spreadsheet row holds: the file is damaged or is not a catalog or order export; open it in a spreadsheet and export it again as CSV or XLSX",
		rec.row, rec.line, what))
}

// tooLarge is an input past one of the readers' limits: its text is the
// sentence alone, and it matches ErrRowTooLarge.
type tooLarge string

func (e tooLarge) Error() string        { return string(e) }
func (e tooLarge) Is(target error) bool { return target == ErrRowTooLarge }

// errUnclosedQuote is returned by scan when recovery is off.
var errUnclosedQuote = errors.New("a quote opens a cell and is never closed")

// scanner reads delimited text record by record, like encoding/csv, with
// three differences that spreadsheets need: blank lines are records (Excel
// shows them as rows, so row numbers stay right), a quote inside an unquoted
// cell is a character (12" screen), and a quote that is never closed does
// not swallow the rest of the file: the cell is read again with the quote as
// a character and the row is marked.
type scanner struct {
	r       *bufio.Reader
	comma   byte
	line    int // line of the next byte
	row     int
	recover bool
	nrecov  int
	field   []byte
	raw     []byte // bytes of a quoted cell as read, for recovery
	width   int    // most cells in a record so far, to size the next one
	// reuse makes scan return the same cell slice for every record, valid
	// until the next scan (set by TableReader once the header is found).
	reuse bool
	cells []string
	// chunk is the input after the last line plainLine read, as far as it
	// was buffered then; "" after any other read.
	chunk string
	// ring, when set, holds the chunks, to recycle their memory (see
	// chunkRing).
	ring *chunkRing
}

func newScanner(r io.Reader, comma byte) *scanner {
	return &scanner{r: bufio.NewReaderSize(r, 64<<10), comma: comma, line: 1}
}

// scan returns the next record, or io.EOF after the last one.
func (s *scanner) scan() (rawRow, error) {
	if _, err := s.r.Peek(1); err != nil {
		if err == io.EOF {
			return rawRow{}, io.EOF
		}
		return rawRow{}, err
	}
	s.row++
	rec := rawRow{row: s.row, line: s.line}
	if s.reuse {
		rec.cells = s.cells[:0]
		defer func() { s.cells = rec.cells }()
	} else {
		rec.cells = make([]string, 0, s.width)
	}
	if s.plainLine(&rec) {
		if len(rec.cells) > MaxRowCells {
			return rawRow{}, rowTooLarge(&rec, 0)
		}
		return rec, nil
	}
	size := 0
	for {
		cell, end, bad, err := s.cell()
		if err != nil {
			return rawRow{}, err
		}
		if bad {
			rec.badQuote = append(rec.badQuote, len(rec.cells))
		}
		rec.cells = append(rec.cells, cell)
		if size += len(cell); len(rec.cells) > MaxRowCells || size > MaxRowBytes {
			return rawRow{}, rowTooLarge(&rec, size)
		}
		if end {
			s.width = max(s.width, len(rec.cells))
			return rec, nil
		}
	}
}

// plainLine is the fast path of scan: when the buffer holds the whole next
// line, with no carriage return but at its end, and every quote in it
// either opens a cell or closes it right before a separator or the line
// end ("IT, NL"), its cells are cut from one string of all the lines then
// buffered (up to 64 KiB): one allocation per few hundred rows instead of
// one per row (-5 % CPU on the 1M-row catalog). Anything else (a doubled
// quote, a quote inside a cell, a quoted line break) is left to the general
// path. A cell keeps its buffer's string alive: code that keeps a cell for
// the whole run clones it.
func (s *scanner) plainLine(rec *rawRow) bool {
	buf := s.buffered()
	nl := bytes.IndexByte(buf, '\n')
	if nl < 0 {
		s.chunk = ""
		return false
	}
	line := buf[:nl]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	if bytes.IndexByte(line, '\r') >= 0 {
		s.chunk = ""
		return false
	}
	if len(s.chunk) <= nl {
		// The lines are cut from one string of everything buffered: one
		// allocation per buffer of lines, not one per row.
		switch {
		case s.ring == nil:
			s.chunk = string(buf)
		case s.ring.debug:
			s.chunk = s.ring.chunk(buf[:nl+1])
		default:
			s.chunk = s.ring.chunk(buf)
		}
	}
	str := s.chunk[:len(line)]
	// One pass over the line spares the text cells a pass each.
	plain := plainASCII(str)
	if q := bytes.IndexByte(line, '"'); q < 0 {
		// The cells go to a local slice, not through rec, so that the
		// loop keeps the slice in registers.
		cells := rec.cells
		for {
			i := strings.IndexByte(str, s.comma)
			if i < 0 {
				cells = append(cells, str)
				break
			}
			cells = append(cells, str[:i])
			str = str[i+1:]
		}
		rec.cells = cells
	} else if !s.quotedLine(line, str, q, rec) {
		s.chunk = ""
		return false
	}
	rec.plain = plain
	s.chunk = s.chunk[nl+1:]
	_, _ = s.r.Discard(nl + 1)
	s.line++
	s.width = max(s.width, len(rec.cells))
	return true
}

// quotedLine cuts the cells of a line that has quotes, as plainLine says,
// or reports false and leaves rec alone. q is the place of the line's first
// quote.
func (s *scanner) quotedLine(line []byte, str string, q int, rec *rawRow) bool {
	// The cells are appended to a local slice and given to rec only when
	// the whole line is read: on false, rec.cells is still empty for the
	// general path, which overwrites what was appended past its length.
	cells := rec.cells
	// q is kept at the next quote at or after pos (len(line) when none is
	// left), so that an unquoted cell is known to hold no quote without
	// searching it.
	for pos := 0; ; {
		if pos == q && q < len(line) {
			j := bytes.IndexByte(line[pos+1:], '"')
			if j < 0 {
				return false
			}
			end := pos + 1 + j
			cells = append(cells, str[pos+1:end])
			if end+1 == len(line) {
				break
			}
			if line[end+1] != s.comma {
				return false
			}
			pos = end + 2
			if q = bytes.IndexByte(line[pos:], '"'); q < 0 {
				q = len(line)
			} else {
				q += pos
			}
			continue
		}
		end := len(line)
		if i := bytes.IndexByte(line[pos:], s.comma); i >= 0 {
			end = pos + i
		}
		if q < end {
			return false // a quote inside the cell
		}
		cells = append(cells, str[pos:end])
		if end == len(line) {
			break
		}
		pos = end + 1
	}
	rec.cells = cells
	return true
}

// buffered returns the bytes read ahead and not yet consumed, without
// reading more: the fast paths below scan them in place and Discard what
// they used.
func (s *scanner) buffered() []byte {
	b, _ := s.r.Peek(s.r.Buffered())
	return b
}

// cell reads one cell; end is set when the record ends after it.
func (s *scanner) cell() (cell string, end, badQuote bool, err error) {
	s.field = s.field[:0]
	if buf := s.buffered(); len(buf) > 0 {
		if c := buf[0]; c != '"' && c != s.comma && c != '\n' && c != '\r' {
			// Unquoted: the common case, read in place.
			cell, end, err = s.unquoted()
			return cell, end, false, err
		}
	}
	b, err := s.r.ReadByte()
	if err == io.EOF {
		return "", true, false, nil
	}
	if err != nil {
		return "", false, false, err
	}
	if b == '"' {
		startLine := s.line
		s.raw = s.raw[:0]
		for {
			// Copy the plain run up to the next quote or line end at once;
			// the byte after it goes through the loop below.
			if buf := s.buffered(); len(buf) > 0 {
				n := min(indexQuoted(buf), MaxField+1-len(s.raw))
				if n > 0 {
					s.raw = append(s.raw, buf[:n]...)
					s.field = append(s.field, buf[:n]...)
					_, _ = s.r.Discard(n)
				}
			}
			c, err := s.r.ReadByte()
			if err == io.EOF || err == nil && len(s.raw) > MaxField {
				if !s.recover {
					return "", false, false, fmt.Errorf("line %d: %w", startLine, errUnclosedQuote)
				}
				if s.nrecov >= maxRecoveries {
					return "", false, false, fmt.Errorf("line %d: %w (and %d more before it)", startLine, errUnclosedQuote, s.nrecov)
				}
				s.nrecov++
				// Read the cell again with the quote as a character.
				if err == nil {
					s.raw = append(s.raw, c)
				}
				rest := append([]byte(nil), s.raw...)
				s.r = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(rest), s.r), 64<<10)
				s.line = startLine
				s.field = append(s.field[:0], '"')
				cell, end, err := s.unquoted()
				return cell, end, true, err
			}
			if err != nil {
				return "", false, false, err
			}
			s.raw = append(s.raw, c)
			switch c {
			case '"':
				d, err := s.r.ReadByte()
				if err == io.EOF {
					return string(s.field), true, false, nil
				}
				if err != nil {
					return "", false, false, err
				}
				switch d {
				case '"':
					s.raw = append(s.raw, d)
					s.field = append(s.field, '"')
					continue
				case s.comma:
					return string(s.field), false, false, nil
				case '\n':
					s.line++
					return string(s.field), true, false, nil
				case '\r':
					s.eatLF()
					s.line++
					return string(s.field), true, false, nil
				}
				if s.recover && s.line > startLine {
					// A quote closed on a later line with text after it
					// ("a,b\nc"d) is a stray quote that swallowed line ends
					// and rows: read the cell again with the quote as a
					// character, as for a quote never closed.
					if s.nrecov >= maxRecoveries {
						return "", false, false, fmt.Errorf("line %d: %w (and %d more before it)", startLine, errUnclosedQuote, s.nrecov)
					}
					s.nrecov++
					rest := append(append([]byte(nil), s.raw...), d)
					s.r = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(rest), s.r), 64<<10)
					s.line = startLine
					s.field = append(s.field[:0], '"')
					cell, end, err := s.unquoted()
					return cell, end, true, err
				}
				// "abc"def: Excel keeps the text after the closing quote.
				s.field = append(s.field, d)
				cell, end, err := s.unquoted()
				return cell, end, false, err
			case '\r':
				if n, _ := s.r.Peek(1); len(n) == 1 && n[0] == '\n' {
					continue // \r\n inside a cell becomes \n
				}
				s.line++
				s.field = append(s.field, '\n')
			case '\n':
				s.line++
				s.field = append(s.field, '\n')
			default:
				s.field = append(s.field, c)
			}
		}
	}
	switch b {
	case s.comma:
		return "", false, false, nil
	case '\n':
		s.line++
		return "", true, false, nil
	case '\r':
		s.eatLF()
		s.line++
		return "", true, false, nil
	}
	s.field = append(s.field, b)
	cell, end, err = s.unquoted()
	return cell, end, false, err
}

// indexQuoted returns the index of the first quote or line-end byte of b,
// or len(b).
func indexQuoted(b []byte) int {
	for i, c := range b {
		if c == '"' || c == '\n' || c == '\r' {
			return i
		}
	}
	return len(b)
}

// indexEnd returns the index of the first separator or line-end byte of b,
// or -1.
func (s *scanner) indexEnd(b []byte) int {
	comma := s.comma
	for i, c := range b {
		if c == comma || c == '\n' || c == '\r' {
			return i
		}
	}
	return -1
}

// unquoted reads the rest of an unquoted cell after s.field. A cell longer
// than MaxField+1 bytes is an error.
func (s *scanner) unquoted() (string, bool, error) {
	for {
		buf := s.buffered()
		if len(buf) == 0 {
			if _, err := s.r.Peek(1); err != nil {
				if err == io.EOF {
					return string(s.field), true, nil
				}
				return "", false, err
			}
			continue
		}
		i := s.indexEnd(buf)
		if i < 0 {
			if len(s.field)+len(buf) > MaxField+1 {
				return "", false, fmt.Errorf("line %d: a cell is larger than %d MB", s.line, MaxField>>20)
			}
			s.field = append(s.field, buf...)
			_, _ = s.r.Discard(len(buf))
			continue
		}
		if len(s.field)+i > MaxField+1 {
			return "", false, fmt.Errorf("line %d: a cell is larger than %d MB", s.line, MaxField>>20)
		}
		var cell string
		if len(s.field) == 0 {
			cell = string(buf[:i])
		} else {
			s.field = append(s.field, buf[:i]...)
			cell = string(s.field)
		}
		c := buf[i]
		_, _ = s.r.Discard(i + 1)
		switch c {
		case s.comma:
			return cell, false, nil
		case '\n':
			s.line++
			return cell, true, nil
		}
		s.eatLF()
		s.line++
		return cell, true, nil
	}
}

func (s *scanner) eatLF() {
	if n, _ := s.r.Peek(1); len(n) == 1 && n[0] == '\n' {
		_, _ = s.r.ReadByte()
	}
}
