package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// JSONL writes a run as JSON Lines: one object per line, in the order the
// pipeline hands them over, and a summary line last. The schema is public
// and changes only by adding fields; every line has a "kind":
//
// A finding, one per line, in input order:
//
//	{"kind":"finding","check":"title-length","severity":"error",
//	 "file":"catalog.xlsx","sheet":"Items","row":12,"column":"Title",
//	 "entity":"1005001","value":"…","message":"…",
//	 "shop":"…","line":13,"col":3,"cell":"C12",
//	 "ref":{"file":"…","sheet":"…","row":4},"fix":"…"}
//
// "sheet" is omitted for CSV inputs and "cell" is given for XLSX inputs only.
// "row" is 1-based as a spreadsheet shows it (the first row of the file is
// 1); "line" is the physical line where a CSV row starts (it differs from
// "row" once a quoted value spans lines); "col" is the 1-based column number
// and "column" the header text. "shop", "line", "col", "cell", "ref" (the
// first occurrence, for duplicate checks) and "fix" appear only when known.
// "severity" is "error", "warning" or "info".
//
// A metric, one per line:
//
//	{"kind":"metric","scope":"shop","key":"","metric":"nr_rate",
//	 "window_days":30,"numerator":3,"denominator":250,"value":0.012,
//	 "status":"warn","shop":"…","note":"…"}
//
// "scope" is "shop", "carrier", "product" or "day"; "key" is "" for shop
// metrics, else the carrier, the product id or the date (YYYY-MM-DD).
// "status" is "ok", "warn", "alert", "n/a" (denominator 0, value 0) or
// "no-data" (the order export has no column the metric needs: numerator
// and value null).
//
// A product, one per line after the metrics, sorted by shop and product id:
// the 90-day metrics of one product as fields (the long layout's eight
// "product" metric lines in one):
//
//	{"kind":"product","product_id":"1005006001009","window_days":90,
//	 "orders":11,"nr":0,"nr_rate":0,"nr_status":"ok","snad":1,
//	 "snad_rate":0.0909,"snad_status":"alert","rating_count":4,
//	 "rating_sum":18,"rating":4.5,"rating_status":"warn",
//	 "described_wrongly":"alert","shop":"…","note":"…"}
//
// A rate is 0 with its status "n/a" when its denominator (orders, or
// rating_count for the rating) is 0; a count and its rate are null when
// their status is "no-data" (the export lacks the column they need).
// "described_wrongly" is "alert" when AliExpress flags the product, "ok",
// "n/a" without orders, or "no-data" without dispute columns.
//
// The summary, last line of every complete file:
//
//	{"kind":"summary","tool":"aecheck v0.1.0","as_of":"2024-05-01T00:00:00Z",
//	 "rows_read":100,"rows_checked":95,"rows_rejected":5,
//	 "rejection_reasons":{"bad-value":5},"findings":42,
//	 "by_severity":{"error":10,"info":2,"warning":30},"by_check":{…},
//	 "metrics":0,"products":12,"files":[{"file":…,"sheet":…,"rows":…,…}],"notes":[…]}
//
// rows_read = rows_checked + rows_rejected; "products" (the product lines)
// is left out when there are none. Map keys are sorted. A file
// without a summary line is a run that did not finish.
type JSONL struct {
	out     *bufio.Writer
	enc     *json.Encoder
	file    *AtomicFile // nil when streaming to a writer such as stdout
	run     *Run
	metrics int
	prods   int
	closed  bool
	app     jsonAppender
	line    []byte
}

// jsonFinding is the wire form of a finding line. Field order is the line's
// key order.
type jsonFinding struct {
	Kind     string   `json:"kind"`
	Check    string   `json:"check"`
	Severity string   `json:"severity"`
	File     string   `json:"file"`
	Sheet    string   `json:"sheet,omitempty"`
	Row      int      `json:"row"`
	Column   string   `json:"column"`
	Entity   string   `json:"entity"`
	Value    string   `json:"value"`
	Message  string   `json:"message"`
	Lang     string   `json:"lang"` // the language of message and fix
	Shop     string   `json:"shop,omitempty"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"col,omitempty"`
	Cell     string   `json:"cell,omitempty"`
	Ref      *jsonRef `json:"ref,omitempty"`
	Fix      string   `json:"fix,omitempty"`
	// Evidence is what a product-recognition check decided, as data.
	Evidence *jsonEvidence `json:"evidence,omitempty"`
}

// jsonEvidence is the wire form of checks.Evidence.
type jsonEvidence struct {
	Class         string   `json:"class,omitempty"`
	Entry         string   `json:"entry,omitempty"`
	Terms         []string `json:"terms,omitempty"`
	Groups        []string `json:"groups,omitempty"`
	MissingColumn string   `json:"missing_column,omitempty"`
	Assumed       []string `json:"assumed,omitempty"`
}

// jsonRef is the wire form of the place of a first occurrence.
type jsonRef struct {
	File  string `json:"file"`
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row"`
	Line  int    `json:"line,omitempty"`
	Col   int    `json:"col,omitempty"`
	Cell  string `json:"cell,omitempty"`
}

// jsonMetric is the wire form of a metric line. A nil Numerator or Value
// is null: the status is "no-data".
type jsonMetric struct {
	Kind        string   `json:"kind"`
	Scope       string   `json:"scope"`
	Key         string   `json:"key"`
	Metric      string   `json:"metric"`
	WindowDays  int      `json:"window_days"`
	Numerator   *float64 `json:"numerator"`
	Denominator float64  `json:"denominator"`
	Value       *float64 `json:"value"`
	Status      string   `json:"status"`
	Lang        string   `json:"lang"` // the language of note
	Shop        string   `json:"shop,omitempty"`
	Note        string   `json:"note,omitempty"`
}

// jsonSummary is the wire form of the last line.
type jsonSummary struct {
	Kind       string         `json:"kind"`
	Tool       string         `json:"tool,omitempty"`
	Lang       string         `json:"lang,omitempty"` // the language of message, fix and notes`
	AsOf       string         `json:"as_of,omitempty"`
	RowsRead   int            `json:"rows_read"`
	Checked    int            `json:"rows_checked"`
	Rejected   int            `json:"rows_rejected"`
	Reasons    map[string]int `json:"rejection_reasons"`
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"by_severity"`
	ByCheck    map[string]int `json:"by_check"`
	Metrics    int            `json:"metrics"`
	Products   int            `json:"products,omitempty"`
	Files      []jsonFile     `json:"files"`
	Notes      []string       `json:"notes,omitempty"`
}

// jsonFile is the wire form of one input table in the summary.
type jsonFile struct {
	File         string `json:"file"`
	Sheet        string `json:"sheet,omitempty"`
	Shop         string `json:"shop,omitempty"`
	Kind         string `json:"kind,omitempty"`
	HeaderRow    int    `json:"header_row,omitempty"`
	Rows         int    `json:"rows"`
	Checked      int    `json:"checked"`
	Rejected     int    `json:"rejected"`
	Continuation int    `json:"continuation"`
	Blank        int    `json:"blank"`
	Error        string `json:"error,omitempty"`
}

// NewJSONL returns a JSONL writer that streams to w, such as stdout. Every
// Findings and Metrics call ends with a flush, so a consumer reading the
// pipe sees the findings while the run goes on. Close writes the summary
// line; it does not close w. Abort stops writing; lines already written
// stay written.
func NewJSONL(w io.Writer) *JSONL {
	out := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	return &JSONL{out: out, enc: enc}
}

// CreateJSONL returns a JSONL writer to path. The file appears at path only
// when Close succeeds; Abort leaves no file behind.
func CreateJSONL(path string) (*JSONL, error) {
	f, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	j := NewJSONL(f)
	j.file = f
	return j, nil
}

// Begin implements Writer.
func (j *JSONL) Begin(run *Run) error {
	j.run = run
	if run != nil {
		j.app.lang = run.Lang
	}
	return nil
}

// Findings implements Writer: one line per finding, then a flush.
func (j *JSONL) Findings(fs []checks.Finding) error {
	if j.closed {
		return fmt.Errorf("jsonl: findings after close")
	}
	for i := range fs {
		j.line = j.app.appendFinding(j.line[:0], &fs[i])
		if _, err := j.out.Write(j.line); err != nil {
			return j.fail(err)
		}
	}
	return j.flush()
}

// FindingEncoder encodes findings as the lines JSONL writes for them, on
// any goroutine (one encoder per goroutine), so that the pipeline can
// encode on its workers and hand the bytes to FindingsEncoded.
type FindingEncoder struct{ app jsonAppender }

// SetLang sets the language the lines say message and fix are in: the
// run's Lang ("fr"); "" is English.
func (e *FindingEncoder) SetLang(lang string) { e.app.lang = lang }

// Append appends the line of f to dst.
func (e *FindingEncoder) Append(dst []byte, f *checks.Finding) []byte {
	return e.app.appendFinding(dst, f)
}

// FindingsEncoded is Findings(fs), with enc the lines of fs as a
// FindingEncoder appends them, in order.
func (j *JSONL) FindingsEncoded(fs []checks.Finding, enc []byte) error {
	if j.closed {
		return fmt.Errorf("jsonl: findings after close")
	}
	if _, err := j.out.Write(enc); err != nil {
		return j.fail(err)
	}
	return j.flush()
}

// Metrics implements Writer: one line per metric, then a flush.
func (j *JSONL) Metrics(ms []checks.Metric) error {
	if j.closed {
		return fmt.Errorf("jsonl: metrics after close")
	}
	for i := range ms {
		j.line = j.app.appendMetric(j.line[:0], &ms[i])
		if _, err := j.out.Write(j.line); err != nil {
			return j.fail(err)
		}
	}
	j.metrics += len(ms)
	return j.flush()
}

// Products implements ProductWriter: one line per product, then a flush.
func (j *JSONL) Products(ps []checks.ProductMetrics) error {
	if j.closed {
		return fmt.Errorf("jsonl: products after close")
	}
	for i := range ps {
		j.line = j.app.appendProduct(j.line[:0], &ps[i])
		if _, err := j.out.Write(j.line); err != nil {
			return j.fail(err)
		}
	}
	j.prods += len(ps)
	return j.flush()
}

// Close implements Writer: it writes the summary line, flushes and, for a
// file, moves it into place.
func (j *JSONL) Close(sum *Summary) error {
	if j.closed {
		return fmt.Errorf("jsonl: already closed")
	}
	if err := j.enc.Encode(wireSummary(j.run, sum, j.metrics, j.prods)); err != nil {
		return j.fail(err)
	}
	if err := j.flush(); err != nil {
		return err
	}
	j.closed = true
	if j.file != nil {
		return j.file.Commit()
	}
	return nil
}

// Abort implements Writer. For a file, it removes everything written.
func (j *JSONL) Abort() {
	j.closed = true
	if j.file != nil {
		j.file.Abort()
	}
}

func (j *JSONL) flush() error {
	if err := j.out.Flush(); err != nil {
		return j.fail(err)
	}
	return nil
}

func (j *JSONL) fail(err error) error {
	if j.file != nil {
		return fmt.Errorf("write %s: %w", j.file.path, err)
	}
	return fmt.Errorf("write jsonl: %w", err)
}

func wireFinding(f *checks.Finding, lang string) *jsonFinding {
	w := &jsonFinding{
		Kind:     "finding",
		Check:    f.Check,
		Severity: f.Severity.String(),
		File:     f.Pos.File,
		Sheet:    f.Pos.Sheet,
		Row:      f.Pos.Row,
		Column:   f.Pos.Field,
		Entity:   f.Entity,
		Value:    f.Value,
		Message:  f.Message,
		Lang:     langCode(lang),
		Shop:     f.Shop,
		Line:     f.Pos.Line,
		Col:      f.Pos.Col,
		Fix:      f.Fix,
	}
	if f.Pos.Sheet != "" && f.Pos.Row > 0 && f.Pos.Col > 0 {
		w.Cell = f.Pos.Cell()
	}
	if e := f.Evidence; e != nil {
		w.Evidence = &jsonEvidence{Class: e.Class, Entry: e.Entry, Terms: e.Terms, Groups: e.Groups, MissingColumn: e.MissingColumn, Assumed: e.Assumed}
	}
	if f.Ref != (readers.Pos{}) {
		w.Ref = &jsonRef{File: f.Ref.File, Sheet: f.Ref.Sheet, Row: f.Ref.Row, Line: f.Ref.Line, Col: f.Ref.Col}
		if f.Ref.Sheet != "" && f.Ref.Row > 0 && f.Ref.Col > 0 {
			w.Ref.Cell = f.Ref.Cell()
		}
	}
	return w
}

func wireMetric(m *checks.Metric, lang string) *jsonMetric {
	return &jsonMetric{
		Kind:        "metric",
		Scope:       m.Scope,
		Key:         m.Key,
		Metric:      m.Name,
		WindowDays:  m.WindowDays,
		Numerator:   opt(finite(m.Numerator), hasData(m.Status)),
		Denominator: finite(m.Denominator),
		Value:       opt(finite(m.Value), hasData(m.Status)),
		Status:      m.Status,
		Lang:        langCode(lang),
		Shop:        m.Shop,
		Note:        m.Note,
	}
}

// jsonProduct is the wire form of a product line. A nil count or rate is
// null: its status is "no-data".
type jsonProduct struct {
	Kind             string   `json:"kind"`
	Product          string   `json:"product_id"`
	WindowDays       int      `json:"window_days"`
	Orders           int64    `json:"orders"`
	NR               *int64   `json:"nr"`
	NRRate           *float64 `json:"nr_rate"`
	NRStatus         string   `json:"nr_status"`
	SNAD             *int64   `json:"snad"`
	SNADRate         *float64 `json:"snad_rate"`
	SNADStatus       string   `json:"snad_status"`
	RatingCount      *int64   `json:"rating_count"`
	RatingSum        *int64   `json:"rating_sum"`
	Rating           *float64 `json:"rating"`
	RatingStatus     string   `json:"rating_status"`
	DescribedWrongly string   `json:"described_wrongly"`
	Lang             string   `json:"lang"` // the language of note
	Shop             string   `json:"shop,omitempty"`
	Note             string   `json:"note,omitempty"`
}

func wireProduct(p *checks.ProductMetrics, lang string) *jsonProduct {
	nr, snad, rating := hasData(p.NRStatus), hasData(p.SNADStatus), hasData(p.RatingStatus)
	return &jsonProduct{
		Kind: "product", Product: p.Product, WindowDays: p.WindowDays,
		Orders: p.Orders, NR: opt(p.NR, nr), NRRate: opt(finite(p.NRRate), nr), NRStatus: p.NRStatus,
		SNAD: opt(p.SNAD, snad), SNADRate: opt(finite(p.SNADRate), snad), SNADStatus: p.SNADStatus,
		RatingCount: opt(p.RatingCount, rating), RatingSum: opt(p.RatingSum, rating), Rating: opt(finite(p.Rating), rating),
		RatingStatus: p.RatingStatus, DescribedWrongly: p.DescribedWrongly, Lang: langCode(lang), Shop: p.Shop, Note: p.Note,
	}
}

// finite replaces NaN and infinities, which JSON cannot carry, with 0.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func wireSummary(run *Run, sum *Summary, metrics, products int) *jsonSummary {
	if sum == nil {
		sum = &Summary{}
	}
	w := &jsonSummary{
		Kind:     "summary",
		RowsRead: sum.Rows,
		Checked:  sum.Checked,
		Rejected: sum.Rejected,
		Reasons:  map[string]int{},
		Findings: sum.Findings,
		BySeverity: map[string]int{
			checks.Error.String():   0,
			checks.Warning.String(): 0,
			checks.Info.String():    0,
		},
		ByCheck:  map[string]int{},
		Metrics:  metrics,
		Products: products,
		Files:    []jsonFile{},
		Notes:    sum.Notes,
	}
	asOf := sum.AsOf
	if run != nil {
		w.Tool = run.Tool
		if run.Lang != "" && run.Lang != "en" {
			w.Lang = run.Lang
		}
		if asOf.IsZero() {
			asOf = run.AsOf
		}
	}
	if !asOf.IsZero() {
		w.AsOf = asOf.Format(time.RFC3339)
	}
	for k, v := range sum.Reasons {
		w.Reasons[k] = v
	}
	for k, v := range sum.BySeverity {
		w.BySeverity[k.String()] = v
	}
	for k, v := range sum.ByCheck {
		w.ByCheck[k] = v
	}
	for _, f := range sum.Files {
		w.Files = append(w.Files, jsonFile{
			File: f.Path, Sheet: f.Sheet, Shop: f.Shop, Kind: f.Kind, HeaderRow: f.HeaderRow,
			Rows: f.Rows, Checked: f.Checked, Rejected: f.Rejected,
			Continuation: f.Continuation, Blank: f.Blank, Error: f.Error,
		})
	}
	return w
}
