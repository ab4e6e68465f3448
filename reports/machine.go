package reports

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// MachineKind says what a machine file holds.
type MachineKind uint8

// Machine file kinds.
const (
	MachineFindings MachineKind = iota // findings/v2: Metrics calls are ignored
	MachineMetrics                     // metrics/v2: Findings calls are ignored
	MachineProducts                    // products/v2: only Products calls are written
)

// DefaultChunkRows is the number of rows per Arrow record batch and per
// Parquet row group. Memory stays flat: one chunk is held at a time.
const DefaultChunkRows = 64 * 1024

// MachineOptions configures a machine file (CSV, Parquet or Arrow IPC).
type MachineOptions struct {
	Kind      MachineKind
	ChunkRows int              // rows per record batch or row group; 0 = DefaultChunkRows
	Tool      string           // "aecheck v0.1.0" for the aecheck.tool metadata when Begin gives no Run.Tool
	Mem       memory.Allocator // nil = memory.DefaultAllocator; tests pass a checked allocator
}

// machine file formats
const (
	formatCSV = iota
	formatParquet
	formatArrow
)

// machineFormat returns the format of path from its extension.
func machineFormat(path string) (int, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return formatCSV, nil
	case ".parquet":
		return formatParquet, nil
	case ".arrow", ".ipc":
		return formatArrow, nil
	}
	return 0, fmt.Errorf("%s: unknown machine output format %q (use .csv, .parquet, .arrow or .ipc)", path, filepath.Ext(path))
}

// IsMachinePath reports whether path names a machine output by its
// extension (.csv, .parquet, .arrow, .ipc).
func IsMachinePath(path string) bool {
	_, err := machineFormat(path)
	return err == nil
}

// CreateFindingsFile returns a Writer that writes the findings of a run to
// path as CSV, Parquet or Arrow IPC (file format), chosen by the extension.
// It ignores Metrics. The file appears at path only when Close succeeds.
func CreateFindingsFile(path string) (Writer, error) {
	return openMachine(path, MachineOptions{Kind: MachineFindings})
}

// CreateMetricsFile returns a Writer that writes the metrics of a run to
// path (--metrics-out) as CSV, Parquet or Arrow IPC, chosen by the
// extension. It ignores Findings. The file appears at path only when Close
// succeeds.
func CreateMetricsFile(path string) (Writer, error) {
	return openMachine(path, MachineOptions{Kind: MachineMetrics})
}

// CreateProductsFile returns a Writer that writes the product metrics of a
// run to path (--products-out) as CSV, Parquet or Arrow IPC, chosen by the
// extension: one row per product and window (ProductsSchema). It ignores
// Findings and Metrics. The file appears at path only when Close succeeds.
func CreateProductsFile(path string) (Writer, error) {
	return openMachine(path, MachineOptions{Kind: MachineProducts})
}

// openMachine returns the machine Writer for path, by extension: ".csv",
// ".parquet", ".arrow" or ".ipc". The Writer is used from one goroutine.
func openMachine(path string, opt MachineOptions) (Writer, error) {
	format, err := machineFormat(path)
	if err != nil {
		return nil, err
	}
	if opt.ChunkRows <= 0 {
		opt.ChunkRows = DefaultChunkRows
	}
	if opt.Mem == nil {
		opt.Mem = memory.DefaultAllocator
	}
	f, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	return guard(path, &machineWriter{path: path, format: format, opt: opt, f: f, tool: opt.Tool}), nil
}

// machineEncoder turns rows into the bytes of one format.
type machineEncoder interface {
	findings(fs []checks.Finding) error
	metrics(ms []checks.Metric) error
	products(ps []checks.ProductMetrics) error
	finish() error // write everything left; the file is then complete
	abort()        // release memory and remove temporary files
}

// machineWriter is the Writer of every machine format: it owns the atomic
// file and hands rows to the format's encoder.
type machineWriter struct {
	path   string
	format int
	opt    MachineOptions
	f      *AtomicFile
	tool   string
	lang   string // the language of the texts, for MetaLang
	asOf   time.Time
	enc    machineEncoder
	err    error // first failure; every later call returns it
	closed bool
}

func (w *machineWriter) Begin(run *Run) error {
	if w.err != nil {
		return w.err
	}
	if w.enc != nil {
		return w.fail(errors.New("begin called twice"))
	}
	if run != nil {
		if run.Tool != "" {
			w.tool = run.Tool
		}
		w.asOf, w.lang = run.AsOf, run.Lang
	}
	return w.start()
}

// start creates the encoder, once Begin has told the tool and as-of.
func (w *machineWriter) start() error {
	if w.enc != nil {
		return nil
	}
	schema := FindingsSchema
	switch w.opt.Kind {
	case MachineMetrics:
		schema = MetricsSchema
	case MachineProducts:
		schema = ProductsSchema
	}
	schema = withTool(schema, w.tool, w.lang)
	switch w.format {
	case formatCSV:
		w.enc = newCSVEncoder(w.f, w.opt.Kind, w.asOf)
	case formatParquet:
		enc, err := newParquetEncoder(w.f, schema, w.opt, w.asOf)
		if err != nil {
			return w.fail(err)
		}
		w.enc = enc
	case formatArrow:
		enc, err := newArrowEncoder(w.f, schema, w.opt, w.asOf)
		if err != nil {
			return w.fail(err)
		}
		w.enc = enc
	}
	return nil
}

func (w *machineWriter) Findings(fs []checks.Finding) error {
	if w.err != nil {
		return w.err
	}
	if w.opt.Kind != MachineFindings || len(fs) == 0 {
		return nil
	}
	if err := w.start(); err != nil {
		return err
	}
	if err := w.enc.findings(fs); err != nil {
		return w.fail(err)
	}
	return nil
}

func (w *machineWriter) Metrics(ms []checks.Metric) error {
	if w.err != nil {
		return w.err
	}
	if w.opt.Kind != MachineMetrics || len(ms) == 0 {
		return nil
	}
	if err := w.start(); err != nil {
		return err
	}
	if err := w.enc.metrics(ms); err != nil {
		return w.fail(err)
	}
	return nil
}

// Products implements ProductWriter; only a products file writes them.
func (w *machineWriter) Products(ps []checks.ProductMetrics) error {
	if w.err != nil {
		return w.err
	}
	if w.opt.Kind != MachineProducts || len(ps) == 0 {
		return nil
	}
	if err := w.start(); err != nil {
		return err
	}
	if err := w.enc.products(ps); err != nil {
		return w.fail(err)
	}
	return nil
}

// Close writes what is left and moves the file into place. On any error the
// file is removed and the error returned.
func (w *machineWriter) Close(sum *Summary) error {
	if w.closed {
		return w.err
	}
	if w.err != nil {
		w.Abort()
		return w.err
	}
	if err := w.start(); err != nil {
		w.Abort()
		return err
	}
	if err := w.enc.finish(); err != nil {
		w.fail(err)
		w.Abort()
		return w.err
	}
	w.closed = true
	if err := w.f.Commit(); err != nil {
		w.err = err
		return err
	}
	return nil
}

// Abort removes the temporary file and releases every buffer. It is safe to
// call after Close and more than once.
func (w *machineWriter) Abort() {
	// The temporary file goes even when the encoder panics as it aborts.
	defer w.f.Abort()
	if w.enc != nil {
		w.enc.abort()
	}
	if !w.closed && w.err == nil {
		w.err = fmt.Errorf("write %s: aborted", w.path)
	}
	w.closed = true
}

func (w *machineWriter) fail(err error) error {
	if w.err == nil {
		w.err = fmt.Errorf("write %s: %w", w.path, err)
	}
	return w.err
}

// dictColumn gives each distinct value of a dictionary column its index, in
// order of first appearance after the seed values. It lives as long as the
// file, so indices are stable across chunks and the dictionary only grows.
type dictColumn struct {
	index  map[string]int32
	values []string
}

func newDictColumn(seed []string) *dictColumn {
	d := &dictColumn{index: make(map[string]int32)}
	for _, v := range seed {
		d.id(v)
	}
	return d
}

func (d *dictColumn) id(v string) int32 {
	if i, ok := d.index[v]; ok {
		return i
	}
	i := int32(len(d.values))
	d.index[v] = i
	d.values = append(d.values, v)
	return i
}

// array returns the dictionary so far as a string array; the caller releases it.
func (d *dictColumn) array(mem memory.Allocator) arrow.Array {
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.AppendValues(d.values, nil)
	return b.NewArray()
}

// chunkText is the most text (bytes of the string columns) a chunk holds
// before it ends early, whatever ChunkRows says. It bounds the memory of a
// chunk of unusually long texts, and the dictionary a Parquet column chunk
// can need (see parquetDictLimit).
const chunkText = 32 << 20

// chunker builds the rows of a machine file in chunks of at most ChunkRows
// rows and about chunkText bytes of text. Rows are built in the index schema (dictionary columns as int32
// indices); emit receives each full chunk as a record of the index schema
// and must not keep it past the call.
type chunker struct {
	mem    memory.Allocator
	schema *arrow.Schema // with dictionaries
	idx    *arrow.Schema // indices instead of dictionaries
	dicts  []*dictColumn // per column; nil for plain columns
	max    int
	asOf   time.Time
	b      *array.RecordBuilder // nil between chunks
	n      int                  // rows in b
	text   int                  // bytes of the strings in b
	emit   func(rec arrow.Record) error
}

func newChunker(schema *arrow.Schema, opt MachineOptions, asOf time.Time, emit func(arrow.Record) error) *chunker {
	c := &chunker{
		mem:    opt.Mem,
		schema: schema,
		idx:    indexSchema(schema),
		dicts:  make([]*dictColumn, schema.NumFields()),
		max:    opt.ChunkRows,
		asOf:   asOf,
		emit:   emit,
	}
	if c.max <= 0 {
		c.max = DefaultChunkRows
	}
	for i, f := range schema.Fields() {
		if f.Type.ID() != arrow.DICTIONARY {
			continue
		}
		var seed []string
		switch {
		case opt.Kind == MachineFindings && i == fSeverity:
			seed = severityValues
		case opt.Kind == MachineMetrics && i == mScope:
			seed = scopeValues
		case opt.Kind == MachineMetrics && i == mStatus:
			seed = statusValues
		case opt.Kind == MachineProducts:
			seed = statusValues // every dictionary column is a status
		}
		c.dicts[i] = newDictColumn(seed)
	}
	return c
}

// row makes room for one more row and returns the builder to append it to.
func (c *chunker) row() (*array.RecordBuilder, error) {
	if c.b != nil && (c.n >= c.max || c.text >= chunkText) {
		if err := c.flush(); err != nil {
			return nil, err
		}
	}
	if c.b == nil {
		c.b = array.NewRecordBuilder(c.mem, c.idx)
		c.n, c.text = 0, 0
	}
	c.n++
	return c.b, nil
}

// flush hands the current chunk to emit and releases it.
func (c *chunker) flush() error {
	if c.b == nil || c.n == 0 {
		return nil
	}
	rec := c.b.NewRecord()
	c.b.Release()
	c.b = nil
	c.n, c.text = 0, 0
	defer rec.Release()
	return c.emit(rec)
}

// background writes records on a goroutine of its own, one after the
// other in the order they come, so that the next chunk is built while the
// last one is encoded: building a chunk and encoding it each take about as
// long, and both were on the one goroutine that writes. One record is
// encoded while at most one more waits to be taken (the chunker does not
// build while it waits), so memory holds two chunks at most, not one.
type background struct {
	write func(arrow.Record) error // set before the first put
	recs  chan arrow.Record
	done  chan struct{}
	mu    sync.Mutex
	err   error // the first write error
}

// put hands rec to write on the background goroutine, which releases it;
// put takes the caller's reference. It returns the error of an earlier
// write, if any (rec is then released unwritten).
func (g *background) put(rec arrow.Record) error {
	if g.recs == nil {
		write := g.write
		g.recs, g.done = make(chan arrow.Record), make(chan struct{})
		go func() {
			defer close(g.done)
			for r := range g.recs {
				if g.failed() == nil {
					// A panic here would end the process: no caller is
					// on this goroutine's stack to recover it.
					if err := protect("", func() error { return write(r) }); err != nil {
						g.mu.Lock()
						g.err = err
						g.mu.Unlock()
					}
				}
				r.Release()
			}
		}()
	}
	if err := g.failed(); err != nil {
		rec.Release()
		return err
	}
	g.recs <- rec
	return nil
}

func (g *background) failed() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// wait lets the records handed over be written and returns the first
// error. The background may be used again afterwards.
func (g *background) wait() error {
	if g.recs != nil {
		close(g.recs)
		<-g.done
		g.recs = nil
	}
	return g.failed()
}

// release frees the chunk being built, if any.
func (c *chunker) release() {
	if c.b != nil {
		c.b.Release()
		c.b = nil
		c.n = 0
	}
}

// dictionaries returns the dictionaries so far, one per column (nil for
// plain columns). The caller releases them with releaseAll.
func (c *chunker) dictionaries() []arrow.Array { return c.dictionariesWith(c.mem) }

// dictionariesWith is dictionaries with the arrays allocated from mem.
func (c *chunker) dictionariesWith(mem memory.Allocator) []arrow.Array {
	out := make([]arrow.Array, len(c.dicts))
	for i, d := range c.dicts {
		if d != nil {
			out[i] = d.array(mem)
		}
	}
	return out
}

// withDictionaries turns a record of the index schema into a record of the
// full schema, with the given dictionaries. The caller releases it.
func (c *chunker) withDictionaries(rec arrow.Record, dicts []arrow.Array) arrow.Record {
	cols := make([]arrow.Array, rec.NumCols())
	var made []arrow.Array
	for i := range cols {
		if dicts[i] == nil {
			cols[i] = rec.Column(i)
			continue
		}
		d := array.NewDictionaryArray(c.schema.Field(i).Type, rec.Column(i), dicts[i])
		made = append(made, d)
		cols[i] = d
	}
	out := array.NewRecord(c.schema, cols, rec.NumRows())
	releaseAll(made)
	return out
}

func releaseAll(as []arrow.Array) {
	for _, a := range as {
		if a != nil {
			a.Release()
		}
	}
}

func (c *chunker) findings(fs []checks.Finding) error {
	for i := range fs {
		f := &fs[i]
		b, err := c.row()
		if err != nil {
			return err
		}
		c.text += len(f.Kind) + len(f.Check) + len(f.Shop) + len(f.Pos.File) + len(f.Pos.Sheet) + len(f.Pos.Field) +
			len(f.Entity) + len(f.Value) + len(f.Message) + len(f.Fix) + len(f.Ref.File) + len(f.Ref.Sheet) + 16 // the cell and severity
		appendStr(b, fKind, f.Kind)
		b.Field(fCheck).(*array.Int32Builder).Append(c.dicts[fCheck].id(f.Check))
		b.Field(fSeverity).(*array.Int32Builder).Append(c.dicts[fSeverity].id(f.Severity.String()))
		appendStr(b, fShop, f.Shop)
		appendStr(b, fFile, f.Pos.File)
		appendOptStr(b, fSheet, f.Pos.Sheet, f.Pos.Sheet != "")
		b.Field(fRow).(*array.Int64Builder).Append(int64(f.Pos.Row))
		b.Field(fCol).(*array.Int32Builder).Append(int32(f.Pos.Col))
		appendOptInt(b, fLine, int64(f.Pos.Line), f.Pos.Line > 0)
		appendStr(b, fColumn, f.Pos.Field)
		cell, ok := cellRef(f.Pos)
		appendOptStr(b, fCell, cell, ok)
		appendStr(b, fEntity, f.Entity)
		appendStr(b, fValue, f.Value)
		appendStr(b, fMessage, f.Message)
		appendStr(b, fFix, f.Fix)
		ref := f.Ref != readers.Pos{}
		appendOptStr(b, fRefFile, f.Ref.File, ref)
		appendOptStr(b, fRefSheet, f.Ref.Sheet, ref && f.Ref.Sheet != "")
		appendOptInt(b, fRefRow, int64(f.Ref.Row), ref && f.Ref.Row > 0)
		e := f.Evidence
		if e == nil {
			e = &noEvidence
		}
		c.text += len(e.Class) + len(e.Entry) + len(e.MissingColumn) + listText(e.Terms) + listText(e.Groups) + listText(e.Assumed)
		appendOptStr(b, fEvClass, e.Class, e.Class != "")
		appendOptStr(b, fEvEntry, e.Entry, e.Entry != "")
		appendList(b, fEvTerms, e.Terms)
		appendList(b, fEvGroups, e.Groups)
		appendOptStr(b, fEvMissing, e.MissingColumn, e.MissingColumn != "")
		appendList(b, fEvAssumed, e.Assumed)
	}
	return nil
}

// noEvidence stands for the evidence of a finding that has none: every
// evidence column null.
var noEvidence checks.Evidence

// listText is the bytes of the strings of vs.
func listText(vs []string) int {
	n := 0
	for _, v := range vs {
		n += len(v)
	}
	return n
}

// appendList appends vs to the list<string> column i, or null when vs is
// empty.
func appendList(b *array.RecordBuilder, i int, vs []string) {
	lb := b.Field(i).(*array.ListBuilder)
	if len(vs) == 0 {
		lb.AppendNull()
		return
	}
	lb.Append(true)
	sb := lb.ValueBuilder().(*array.StringBuilder)
	for _, v := range vs {
		sb.Append(v)
	}
}

func (c *chunker) metrics(ms []checks.Metric) error {
	for i := range ms {
		m := &ms[i]
		b, err := c.row()
		if err != nil {
			return err
		}
		c.text += len(m.Shop) + len(m.Scope) + len(m.Key) + len(m.Name) + len(m.Status) + len(m.Note)
		appendStr(b, mShop, m.Shop)
		b.Field(mScope).(*array.Int32Builder).Append(c.dicts[mScope].id(m.Scope))
		appendStr(b, mKey, m.Key)
		b.Field(mMetric).(*array.Int32Builder).Append(c.dicts[mMetric].id(m.Name))
		b.Field(mWindow).(*array.Int32Builder).Append(int32(m.WindowDays))
		ok := hasData(m.Status)
		appendOptFloat(b, mNumerator, m.Numerator, ok)
		b.Field(mDenominator).(*array.Float64Builder).Append(m.Denominator)
		appendOptFloat(b, mValue, m.Value, ok)
		b.Field(mStatus).(*array.Int32Builder).Append(c.dicts[mStatus].id(m.Status))
		appendStr(b, mNote, m.Note)
		c.appendAsOf(b.Field(mAsOf).(*array.TimestampBuilder))
	}
	return nil
}

func (c *chunker) products(ps []checks.ProductMetrics) error {
	for i := range ps {
		p := &ps[i]
		b, err := c.row()
		if err != nil {
			return err
		}
		c.text += len(p.Shop) + len(p.Product) + len(p.Note)
		appendStr(b, pShop, p.Shop)
		appendStr(b, pProduct, p.Product)
		b.Field(pWindow).(*array.Int32Builder).Append(int32(p.WindowDays))
		b.Field(pOrders).(*array.Int64Builder).Append(p.Orders)
		nr, snad, rating := hasData(p.NRStatus), hasData(p.SNADStatus), hasData(p.RatingStatus)
		appendOptInt(b, pNR, p.NR, nr)
		appendOptFloat(b, pNRRate, p.NRRate, nr)
		b.Field(pNRStatus).(*array.Int32Builder).Append(c.dicts[pNRStatus].id(p.NRStatus))
		appendOptInt(b, pSNAD, p.SNAD, snad)
		appendOptFloat(b, pSNADRate, p.SNADRate, snad)
		b.Field(pSNADStatus).(*array.Int32Builder).Append(c.dicts[pSNADStatus].id(p.SNADStatus))
		appendOptInt(b, pRatingCount, p.RatingCount, rating)
		appendOptInt(b, pRatingSum, p.RatingSum, rating)
		appendOptFloat(b, pRating, p.Rating, rating)
		b.Field(pRatingStatus).(*array.Int32Builder).Append(c.dicts[pRatingStatus].id(p.RatingStatus))
		b.Field(pWrong).(*array.Int32Builder).Append(c.dicts[pWrong].id(p.DescribedWrongly))
		appendStr(b, pNote, p.Note)
		c.appendAsOf(b.Field(pAsOf).(*array.TimestampBuilder))
	}
	return nil
}

// appendAsOf appends the run's as-of, or null when it has none.
func (c *chunker) appendAsOf(tb *array.TimestampBuilder) {
	if c.asOf.IsZero() {
		tb.AppendNull()
	} else {
		tb.Append(arrow.Timestamp(c.asOf.UnixMilli()))
	}
}

func appendStr(b *array.RecordBuilder, i int, v string) {
	b.Field(i).(*array.StringBuilder).Append(v)
}

// appendOpt appends v to the column builder b, or a null when not ok.
func appendOpt[T any, B interface {
	Append(T)
	AppendNull()
}](b B, v T, ok bool) {
	if ok {
		b.Append(v)
	} else {
		b.AppendNull()
	}
}

func appendOptStr(b *array.RecordBuilder, i int, v string, ok bool) {
	appendOpt(b.Field(i).(*array.StringBuilder), v, ok)
}

func appendOptFloat(b *array.RecordBuilder, i int, v float64, ok bool) {
	appendOpt(b.Field(i).(*array.Float64Builder), v, ok)
}

func appendOptInt(b *array.RecordBuilder, i int, v int64, ok bool) {
	appendOpt(b.Field(i).(*array.Int64Builder), v, ok)
}

// cellRef returns the spreadsheet reference of a cell (C12), or false for a
// whole row or no position.
func cellRef(p readers.Pos) (string, bool) {
	if p.Row <= 0 || p.Col <= 0 {
		return "", false
	}
	return p.Cell(), true
}
