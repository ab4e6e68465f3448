package reports

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/aecheck/aecheck/checks"
)

// MachineKind says what a machine file holds.
type MachineKind uint8

// Machine file kinds.
const (
	MachineFindings MachineKind = iota // findings/v3: Metrics calls are ignored
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
	Lang      string           // language of the texts ("fr") when Begin gives no Run.Lang; "" = English
	Mem       memory.Allocator // nil = a bufferPool of the file's own; tests pass a checked allocator
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
		opt.Mem = new(bufferPool)
	}
	f, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	return guard(path, &machineWriter{path: path, format: format, opt: opt, f: f, tool: opt.Tool, lang: opt.Lang}), nil
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
		w.asOf = run.AsOf
		if run.Lang != "" {
			w.lang = run.Lang
		}
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
	w.opt.Lang = langCode(w.lang)
	switch w.format {
	case formatCSV:
		w.enc = newCSVEncoder(w.f, w.opt, w.asOf)
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
