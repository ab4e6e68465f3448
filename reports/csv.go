package reports

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/gocarina/gocsv"
	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// csvFinding is one row of a findings CSV: the columns of FindingsSchema,
// in the same order. A nil pointer is an empty cell (null).
type csvFinding struct {
	Kind     string `csv:"kind"`
	Check    string `csv:"check"`
	Severity string `csv:"severity"`
	Shop     string `csv:"shop"`
	File     string `csv:"file"`
	Sheet    string `csv:"sheet"`
	Row      int64  `csv:"row"`
	Col      int32  `csv:"col"`
	Line     *int64 `csv:"line"`
	Column   string `csv:"column"`
	Cell     string `csv:"cell"`
	Entity   string `csv:"entity"`
	Value    string `csv:"value"`
	Message  string `csv:"message"`
	Fix      string `csv:"fix"`
	RefFile  string `csv:"ref_file"`
	RefSheet string `csv:"ref_sheet"`
	RefRow   *int64 `csv:"ref_row"`

	// The evidence columns; a list is its items joined by csvList.
	EvidenceClass   string `csv:"evidence_class"`
	EvidenceEntry   string `csv:"evidence_entry"`
	EvidenceTerms   string `csv:"evidence_terms"`
	EvidenceGroups  string `csv:"evidence_groups"`
	EvidenceMissing string `csv:"evidence_missing_column"`
	EvidenceAssumed string `csv:"evidence_assumed"`

	Lang string `csv:"lang"` // the language of message and fix

	// at is the finding's position, from which appendLine writes the
	// cell when Cell is empty (see fillCSVFinding).
	at readers.Pos
	// ev is the finding's evidence, from which appendLine writes the
	// evidence lists when the Evidence fields are empty.
	ev *checks.Evidence
}

// csvMetric is one row of a metrics CSV: the columns of MetricsSchema, in
// the same order. A nil pointer is an empty cell (null).
type csvMetric struct {
	Shop        string   `csv:"shop"`
	Scope       string   `csv:"scope"`
	Key         string   `csv:"key"`
	Metric      string   `csv:"metric"`
	WindowDays  int32    `csv:"window_days"`
	Numerator   *float64 `csv:"numerator"`
	Denominator float64  `csv:"denominator"`
	Value       *float64 `csv:"value"`
	Status      string   `csv:"status"`
	Note        string   `csv:"note"`
	AsOf        string   `csv:"as_of"`
	Lang        string   `csv:"lang"`
}

// csvProduct is one row of a products CSV: the columns of ProductsSchema,
// in the same order. A nil pointer is an empty cell (null).
type csvProduct struct {
	Shop             string   `csv:"shop"`
	Product          string   `csv:"product_id"`
	WindowDays       int32    `csv:"window_days"`
	Orders           int64    `csv:"orders"`
	NR               *int64   `csv:"nr"`
	NRRate           *float64 `csv:"nr_rate"`
	NRStatus         string   `csv:"nr_status"`
	SNAD             *int64   `csv:"snad"`
	SNADRate         *float64 `csv:"snad_rate"`
	SNADStatus       string   `csv:"snad_status"`
	RatingCount      *int64   `csv:"rating_count"`
	RatingSum        *int64   `csv:"rating_sum"`
	Rating           *float64 `csv:"rating"`
	RatingStatus     string   `csv:"rating_status"`
	DescribedWrongly string   `csv:"described_wrongly"`
	Note             string   `csv:"note"`
	AsOf             string   `csv:"as_of"`
	Lang             string   `csv:"lang"`
}

func newCSVProduct(p *checks.ProductMetrics, asOf, lang string) csvProduct {
	nr, snad, rating := hasData(p.NRStatus), hasData(p.SNADStatus), hasData(p.RatingStatus)
	return csvProduct{
		Shop: csvSafe(p.Shop), Product: csvSafe(p.Product), WindowDays: int32(p.WindowDays),
		Orders: p.Orders, NR: opt(p.NR, nr), NRRate: opt(p.NRRate, nr), NRStatus: csvSafe(p.NRStatus),
		SNAD: opt(p.SNAD, snad), SNADRate: opt(p.SNADRate, snad), SNADStatus: csvSafe(p.SNADStatus),
		RatingCount: opt(p.RatingCount, rating), RatingSum: opt(p.RatingSum, rating), Rating: opt(p.Rating, rating),
		RatingStatus: csvSafe(p.RatingStatus), DescribedWrongly: csvSafe(p.DescribedWrongly), Note: csvSafe(p.Note), AsOf: asOf, Lang: lang,
	}
}

// opt returns a pointer to v, or nil (null) when not ok.
func opt[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}

// csvSafe defuses a text cell that a spreadsheet would run as a formula
// (OWASP CSV injection): a cell starting with =, +, -, @, tab, carriage
// return or line feed gets a leading single quote. The line feed matters
// because the readers turn a carriage return inside a cell into one, so a
// seller's "\r=..." cell arrives here as "\n=...". Numeric columns are never passed
// through it, so numbers stay numbers.
func csvSafe(s string) string {
	if csvFormula(s) {
		return "'" + s
	}
	return s
}

// csvFormula reports whether a spreadsheet would run s as a formula.
func csvFormula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return true
	}
	return false
}

func newCSVFinding(f *checks.Finding, lang string) csvFinding {
	var w csvFinding
	var line, refRow int64
	fillCSVFinding(&w, f, &line, &refRow)
	w.Lang = lang
	if cell, ok := cellRef(f.Pos); ok {
		w.Cell = cell
	}
	if e := f.Evidence; e != nil {
		w.EvidenceTerms = string(csvList(nil, e.Terms))
		w.EvidenceGroups = string(csvList(nil, e.Groups))
		w.EvidenceAssumed = string(csvList(nil, e.Assumed))
	}
	return w
}

// csvList appends the items of a list column's cell: joined with "|", a
// "|" or "\" inside an item written as "\|" or "\\", and a quote
// before the cell when a spreadsheet would run it as a formula (csvSafe).
func csvList(b []byte, vs []string) []byte {
	for i, v := range vs {
		if i == 0 {
			if csvFormula(v) {
				b = append(b, '\'')
			}
		} else {
			b = append(b, '|')
		}
		for j := 0; j < len(v); j++ {
			if v[j] == '|' || v[j] == '\\' {
				b = append(b, '\\')
			}
			b = append(b, v[j])
		}
	}
	return b
}

// fillCSVFinding sets w to the columns of f but the cell, which appendLine
// writes from w.at; the line numbers go to *line and *refRow. The encoder
// fills one csvFinding of its own this way, so that a finding costs no
// allocation: a line number kept by pointer, and the cell's name as a
// string, cost three for each of a million findings.
func fillCSVFinding(w *csvFinding, f *checks.Finding, line, refRow *int64) {
	*w = csvFinding{
		Kind:     csvSafe(f.Kind),
		Check:    csvSafe(f.Check),
		Severity: f.Severity.String(),
		Shop:     csvSafe(f.Shop),
		File:     csvSafe(f.Pos.File),
		Sheet:    csvSafe(f.Pos.Sheet),
		Row:      int64(f.Pos.Row),
		Col:      int32(f.Pos.Col),
		Column:   csvSafe(f.Pos.Field),
		Entity:   csvSafe(f.Entity),
		Value:    csvSafe(f.Value),
		Message:  csvSafe(f.Message),
		Fix:      csvSafe(f.Fix),
		at:       f.Pos,
		ev:       f.Evidence,
	}
	if e := f.Evidence; e != nil {
		w.EvidenceClass = csvSafe(e.Class)
		w.EvidenceEntry = csvSafe(e.Entry)
		w.EvidenceMissing = csvSafe(e.MissingColumn)
	}
	if f.Pos.Line > 0 {
		*line = int64(f.Pos.Line)
		w.Line = line
	}
	if f.Ref != (readers.Pos{}) {
		w.RefFile = csvSafe(f.Ref.File)
		w.RefSheet = csvSafe(f.Ref.Sheet)
		if f.Ref.Row > 0 {
			*refRow = int64(f.Ref.Row)
			w.RefRow = refRow
		}
	}
}

// appendCell appends the name of the cell at p ("J2"), as cellRef gives it,
// without making it a string when excelize's table of column names has it.
func appendCell(b []byte, p readers.Pos) []byte {
	if p.Row <= 0 || p.Col <= 0 {
		return b
	}
	if col, err := excelize.ColumnNumberToName(p.Col); err == nil && p.Row <= excelize.TotalRows {
		return strconv.AppendInt(append(b, col...), int64(p.Row), 10)
	}
	return append(b, p.Cell()...)
}

func newCSVMetric(m *checks.Metric, asOf, lang string) csvMetric {
	return csvMetric{
		Shop:        csvSafe(m.Shop),
		Scope:       csvSafe(m.Scope),
		Key:         csvSafe(m.Key),
		Metric:      csvSafe(m.Name),
		WindowDays:  int32(m.WindowDays),
		Numerator:   opt(m.Numerator, hasData(m.Status)),
		Denominator: m.Denominator,
		Value:       opt(m.Value, hasData(m.Status)),
		Status:      csvSafe(m.Status),
		Note:        csvSafe(m.Note),
		AsOf:        asOf,
		Lang:        lang,
	}
}

// csvTime formats an as-of for CSV: RFC 3339 in UTC, milliseconds when
// there are any, "" for the zero time.
func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.999Z07:00")
}

// csvEncoder writes findings or metrics as CSV: a header row, then one row
// per finding or metric, "\n" line ends. gocsv writes the header and the
// metrics from the wire structs. A findings CSV can have millions of rows,
// and gocsv's reflection took 1.9 s of the 1M-row bench catalog's 1.56M
// findings on the one goroutine that writes, and csv.Writer another 0.9 s,
// so finding lines are built directly (csvFinding.appendLine);
// TestCSVRecordMatchesGocsv holds them to the bytes of gocsv and
// csv.Writer.
type csvEncoder struct {
	bw     *bufio.Writer
	cw     *gocsv.SafeCSVWriter
	kind   MachineKind
	asOf   string
	lang   string // the lang column of every row
	header bool
	line   []byte
	list   []byte // scratch for an evidence list (csvFinding.appendList)
	memo   stringMemo
	mbuf   []csvMetric
	pbuf   []csvProduct
	// row, lineNo and refRow are the finding being written (see
	// fillCSVFinding).
	row            csvFinding
	lineNo, refRow int64
}

// appendLine appends the line of w: its cells in column order, formatted
// as gocsv formats them (numbers in decimal, a nil pointer as an empty
// cell), written as encoding/csv writes them (csvField), then "\n". The
// texts that come back from finding to finding go through the memo.
func (w *csvFinding) appendLine(b []byte, m *stringMemo, scratch *[]byte) []byte {
	opt := func(b []byte, p *int64) []byte {
		if p == nil {
			return b
		}
		return strconv.AppendInt(b, *p, 10)
	}
	shared := func(b []byte, s string) []byte { return append(m.append(b, s, csvField), ',') }
	b = shared(b, w.Kind)
	b = shared(b, w.Check)
	b = shared(b, w.Severity)
	b = shared(b, w.Shop)
	b = shared(b, w.File)
	b = shared(b, w.Sheet)
	b = append(strconv.AppendInt(b, w.Row, 10), ',')
	b = append(strconv.AppendInt(b, int64(w.Col), 10), ',')
	b = append(opt(b, w.Line), ',')
	b = shared(b, w.Column)
	if w.Cell != "" {
		b = csvField(b, w.Cell)
	} else {
		b = appendCell(b, w.at)
	}
	b = append(b, ',')
	b = append(csvField(b, w.Entity), ',')
	b = append(csvField(b, w.Value), ',')
	b = shared(b, w.Message)
	b = shared(b, w.Fix)
	b = shared(b, w.RefFile)
	b = shared(b, w.RefSheet)
	b = append(opt(b, w.RefRow), ',')
	b = shared(b, w.EvidenceClass)
	b = shared(b, w.EvidenceEntry)
	b = w.appendList(b, w.EvidenceTerms, func(e *checks.Evidence) []string { return e.Terms }, scratch)
	b = append(b, ',')
	b = w.appendList(b, w.EvidenceGroups, func(e *checks.Evidence) []string { return e.Groups }, scratch)
	b = append(b, ',')
	b = shared(b, w.EvidenceMissing)
	b = w.appendList(b, w.EvidenceAssumed, func(e *checks.Evidence) []string { return e.Assumed }, scratch)
	b = append(b, ',')
	b = csvField(b, w.Lang)
	return append(b, '\n')
}

// appendList appends the cell of an evidence list: cell when it is set (as
// newCSVFinding sets it), else the list that get takes from w.ev, joined by
// csvList in *scratch.
func (w *csvFinding) appendList(b []byte, cell string, get func(*checks.Evidence) []string, scratch *[]byte) []byte {
	if cell != "" || w.ev == nil {
		return csvField(b, cell)
	}
	vs := get(w.ev)
	if len(vs) == 0 {
		return b
	}
	*scratch = csvList((*scratch)[:0], vs)
	return csvField(b, unsafe.String(unsafe.SliceData(*scratch), len(*scratch)))
}

// csvField appends s as encoding/csv's Writer (comma, "\n" line ends)
// writes a field: in quotes, with its quotes doubled, when it holds a comma,
// a quote, \r or \n, starts with white space or is \. (which some tools
// read as the end of data); as it is otherwise. FuzzCSVFieldMatchesWriter
// holds the two together.
func csvField(b []byte, s string) []byte {
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// csvNeedsQuotes is encoding/csv's fieldNeedsQuotes for a comma.
func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		if csvSpecial[s[i]] {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// csvSpecial marks the bytes that make encoding/csv quote a field.
var csvSpecial = [256]bool{',': true, '"': true, '\r': true, '\n': true}

func newCSVEncoder(w io.Writer, opt MachineOptions, asOf time.Time) *csvEncoder {
	bw := bufio.NewWriterSize(w, 1<<16)
	return &csvEncoder{bw: bw, cw: gocsv.NewSafeCSVWriter(csv.NewWriter(bw)), kind: opt.Kind, asOf: csvTime(asOf), lang: csvSafe(langCode(opt.Lang))}
}

// write marshals rows (a slice of wire structs), with the header the first time.
func (e *csvEncoder) write(rows any) error {
	if !e.header {
		e.header = true
		return gocsv.MarshalCSV(rows, e.cw)
	}
	return gocsv.MarshalCSVWithoutHeaders(rows, e.cw)
}

func (e *csvEncoder) findings(fs []checks.Finding) error {
	if !e.header {
		if err := e.write([]csvFinding{}); err != nil {
			return err
		}
	}
	// The header went through gocsv's writer, which has a buffer of its
	// own; the lines go straight to bw after it.
	e.cw.Flush()
	if err := e.cw.Error(); err != nil {
		return err
	}
	for i := range fs {
		fillCSVFinding(&e.row, &fs[i], &e.lineNo, &e.refRow)
		e.row.Lang = e.lang
		e.line = e.row.appendLine(e.line[:0], &e.memo, &e.list)
		if _, err := e.bw.Write(e.line); err != nil {
			return err
		}
	}
	return nil
}

func (e *csvEncoder) metrics(ms []checks.Metric) error {
	e.mbuf = e.mbuf[:0]
	for i := range ms {
		e.mbuf = append(e.mbuf, newCSVMetric(&ms[i], e.asOf, e.lang))
	}
	return e.write(e.mbuf)
}

func (e *csvEncoder) products(ps []checks.ProductMetrics) error {
	e.pbuf = e.pbuf[:0]
	for i := range ps {
		e.pbuf = append(e.pbuf, newCSVProduct(&ps[i], e.asOf, e.lang))
	}
	return e.write(e.pbuf)
}

func (e *csvEncoder) finish() error {
	if !e.header {
		var err error
		switch e.kind {
		case MachineMetrics:
			err = e.write([]csvMetric{})
		case MachineProducts:
			err = e.write([]csvProduct{})
		default:
			err = e.write([]csvFinding{})
		}
		if err != nil {
			return err
		}
	}
	return e.bw.Flush()
}

func (e *csvEncoder) abort() {}
