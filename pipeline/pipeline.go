// Package pipeline runs aecheck: it reads the inputs in batches, checks the
// batches on a bounded pool of workers, releases the results in input order
// and feeds them to the report writers. It is the Go API of aecheck; the
// command line is a thin layer over Run.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"io"
	"runtime"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/safeio"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// Input is one file to read. Path "-" reads Config.Stdin.
type Input struct {
	Path string
	Shop string // shop the file belongs to; "" when not known
}

// Config is everything a run needs. Apart from the inputs, the zero value of
// every field is a usable default.
type Config struct {
	Catalogs []Input // catalog exports (listings)
	Orders   []Input // order exports

	// Violations and Activities are the shop's violations and marketing
	// activities exports (account health). Before are older versions of
	// the catalog, compared with After (Catalogs when After is empty) for
	// changes to the fields a product in an activity may not change.
	Violations []Input
	Activities []Input
	Before     []Input
	After      []Input

	Rules *checks.Rules // nil: the embedded defaults

	// Read holds the reader options shared by every input (sheet, format,
	// encoding, --map). Name, FileIndex, Shop and Aliases are set per input.
	// With Read.ReuseMemory the memory a CSV catalog is read into is used
	// again once a batch's findings have been handed over: a finding given
	// to OnFinding or to a writer, its texts included, is then valid only
	// during the call (the writers of package reports copy what they keep).
	// The command sets it; it saves the collector the whole file.
	Read readers.Options

	Workers int       // checks run on this many goroutines; 0: the number of CPUs
	AsOf    time.Time // anchor of the metrics; its zone is the account checks' zone; zero: the latest time in the orders and account exports (UTC)

	Tool    string    // name and version, written into the reports
	Command string    // "check", "orders" or "report"
	Stdin   io.Reader // read for the input "-"

	// Writers receive the findings and metrics. Run calls Begin, then
	// Findings and Metrics in input order, then Close; when the run fails it
	// calls Abort on every writer instead, so no partial file is left.
	Writers []reports.Writer

	// History, when set, is the folder of the nightly metrics dataset: the
	// run's shop metrics are added to it and the XLSX reports show the
	// 30-day trend read from it.
	History string

	// OnFinding and OnMetric, when set, are called for every finding and
	// metric in output order, from one goroutine, before the writers see it.
	// The pointer is only valid during the call; copy the value to keep it.
	// A finding's texts (its value, product id) may share memory with the
	// input read around them, 64 KiB of a CSV: to keep many findings for
	// long, keep copies of those texts (strings.Clone).
	OnFinding func(*checks.Finding)
	OnMetric  func(*checks.Metric)
	// OnProduct, when set, is called for every product record, after the
	// metrics, from one goroutine; the pointer is only valid during the
	// call.
	OnProduct func(*checks.ProductMetrics)

	// Progress, when set, is called from one goroutine after every batch.
	Progress func(Progress)
}

// InputPaths are the paths of every input of the run, of every kind, in
// the order the reports list them.
func (cfg *Config) InputPaths() []string {
	var paths []string
	for _, ins := range [][]Input{cfg.Catalogs, cfg.Orders, cfg.Violations, cfg.Activities, cfg.Before, cfg.After} {
		for _, in := range ins {
			paths = append(paths, in.Path)
		}
	}
	return paths
}

// Progress is how far a run has got.
type Progress struct {
	File     string
	Rows     int // data rows read so far, over all files
	Findings int
	// Read and Size are the bytes of File read so far and its size; both
	// are 0 when the size is not known (standard input, workbooks).
	Read, Size int64
}

// Result is what a run found.
type Result struct {
	Summary reports.Summary
	Worst   checks.Severity // most serious finding; 0 when there is none
	Metrics []checks.Metric // the order metrics but the products', sorted; nil without orders
	// Products is the number of product records the writers were given
	// (OnProduct sees them; they are not kept).
	Products int
	// Failed lists the inputs that could not be read. A run with failed
	// inputs still reports the others, and the command line exits with 2.
	Failed []error
}

// Exit codes of the command line, in one place (STYLE.md 15).
const (
	ExitOK       = 0 // ran; no finding at or above --fail-on
	ExitFindings = 1 // ran; at least one finding at or above --fail-on
	ExitFailed   = 2 // the run could not be done (input, rules, I/O)
)

// ExitCode maps a result to the exit code of the command line.
func (r *Result) ExitCode(failOn checks.Severity) int {
	if len(r.Failed) > 0 {
		return ExitFailed
	}
	if failOn != checks.Never && r.Worst != 0 && r.Worst >= failOn {
		return ExitFindings
	}
	return ExitOK
}

// Run reads every input, runs every enabled check and writes the reports.
// An error means the run could not be done at all (bad rules, the only input
// unreadable, a writer failing, ctx cancelled); nothing is written then.
func Run(ctx context.Context, cfg Config) (res *Result, err error) {
	defer func() {
		if err != nil {
			for _, w := range cfg.Writers {
				w.Abort()
			}
		}
	}()
	if cfg.Rules == nil {
		cfg.Rules = checks.Default()
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	nIn := len(cfg.Catalogs) + len(cfg.Orders) + len(cfg.Violations) + len(cfg.Activities)
	if nIn == 0 {
		return nil, errors.New("no input file: name at least one catalog, order, violations or activities export")
	}
	r := newRun(cfg)
	defer r.closeAll()
	// The checks are compiled (the list matcher, a few milliseconds) while
	// the inputs are opened and the writers begin.
	r.runner = make(chan compiled, 1)
	go func() {
		rn, err := checks.NewRunner(cfg.Rules)
		r.runner <- compiled{rn, err}
	}()

	// Open every input before the first report byte: an unreadable file, a
	// missing sheet or a missing column is known up front.
	r.open()
	r.openAccount()
	if len(r.res.Failed) > 0 && (nIn == 1 || len(r.tables)+len(r.accountFiles) == 0) {
		return nil, errors.Join(r.res.Failed...)
	}
	if len(cfg.Orders) > 0 && r.cfg.AsOf.IsZero() {
		if err := r.findAsOf(ctx); err != nil {
			return nil, err
		}
		if t := r.accountAsOf(); t.After(r.cfg.AsOf) {
			r.cfg.AsOf = t
		}
	}
	if len(cfg.Violations)+len(cfg.Activities) > 0 && r.cfg.AsOf.IsZero() {
		if r.cfg.AsOf = r.accountAsOf(); r.cfg.AsOf.IsZero() {
			return nil, errors.New("the violations and activities exports hold no date to anchor the checks on: give --as-of, e.g. --as-of 2026-11-01")
		}
	}
	r.res.Summary.AsOf = r.cfg.AsOf

	info := &reports.Run{
		Tool:    cfg.Tool,
		Command: cfg.Command,
		AsOf:    r.cfg.AsOf,
		Checks:  checks.All,
		Lang:    i18n.For(cfg.Rules.Language).Lang(),
	}
	if len(cfg.Writers) > 0 {
		// Every setting and list term as text, for the writers alone.
		info.Rules = cfg.Rules.Values()
	}
	info.Inputs = cfg.InputPaths()
	if cfg.History != "" && len(cfg.Orders) > 0 {
		// The day's partition is known once the as-of time is: it must
		// not be one of the files read either.
		if err := safeio.CheckOutputs(info.Inputs, []string{reports.HistoryPartition(cfg.History, r.cfg.AsOf)}); err != nil {
			return nil, err
		}
	}
	for _, w := range cfg.Writers {
		if err := w.Begin(info); err != nil {
			return nil, err
		}
	}

	if err := r.checkCatalogs(ctx); err != nil {
		return nil, err
	}
	if err := r.checkOrders(ctx); err != nil {
		return nil, err
	}
	ams, err := r.checkAccount()
	if err != nil {
		return nil, err
	}
	if err := r.writeMetrics(ams); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, e := range r.res.Failed {
		r.res.Summary.Files = append(r.res.Summary.Files, reports.FileStat{Path: inputOf(e), Error: e.Error()})
	}
	if err := r.trends(); err != nil {
		return nil, err
	}
	for _, w := range cfg.Writers {
		if err := w.Close(&r.res.Summary); err != nil {
			return nil, err
		}
	}
	if cfg.History != "" && len(r.res.Metrics) > 0 {
		if err := reports.AppendHistory(cfg.History, r.cfg.AsOf, info.Lang, r.res.Metrics); err != nil {
			return r.res, fmt.Errorf("history %s: %w", cfg.History, err)
		}
	}
	return r.res, nil
}
