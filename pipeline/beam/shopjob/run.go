package shopjob

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/reports"
)

// Options is what every shop of a run shares.
type Options struct {
	// Out is the output folder. Findings go to
	// Out/findings/shop=S/date=D/findings.parquet, metrics to
	// Out/metrics/shop=S/date=D/metrics.parquet, where D is the shop's as-of
	// date (the dataset layout of `aecheck report --history` and the DuckDB
	// examples of docs/outputs.md), and the workbook, when asked, to
	// Out/xlsx/S.xlsx.
	Out string

	AsOf    time.Time // zero: each shop's latest order time, as `aecheck report` alone
	XLSX    bool      // also write each shop's workbook
	Tool    string    // name and version written into the outputs
	Workers int       // checks running at once within one shop; 0: the number of CPUs

	// Stage, when set, turns a path of the inputs into a local file
	// (copying a remote object down) and Publish copies a finished local
	// output to its place under Out. Both are nil for a local run.
	Stage   func(ctx context.Context, path string) (local string, cleanup func(), err error)
	Publish func(ctx context.Context, local, dest string) error
	// Scratch is a local folder for outputs on their way to a remote Out.
	Scratch string
}

// Result is one shop's outcome, the record the run summary is made of.
type Result struct {
	Shop         string         `json:"shop"`
	Status       string         `json:"status"` // "ok", or "failed" when a file could not be read or the run failed
	ExitCode     int            `json:"exit_code"`
	Errors       []string       `json:"errors,omitempty"`
	AsOf         string         `json:"as_of,omitempty"`
	RowsRead     int            `json:"rows_read"`
	RowsChecked  int            `json:"rows_checked"`
	RowsRejected int            `json:"rows_rejected"`
	Findings     int            `json:"findings"`
	BySeverity   map[string]int `json:"by_severity,omitempty"`
	Metrics      int            `json:"metrics"`
	Outputs      []string       `json:"outputs,omitempty"`
}

// Partition is the hive-style folder of one shop and day.
func Partition(shop string, asOf time.Time) string {
	d := "none"
	if !asOf.IsZero() {
		d = asOf.UTC().Format("2006-01-02")
	}
	return filepath.Join("shop="+SafeName(shop), "date="+d)
}

// SafeName keeps a shop name usable as one path element: separators and
// characters file systems refuse become '_', and "." or ".." cannot climb.
func SafeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|' || r < ' ' {
			return '_'
		}
		return r
	}, s)
	if s == "" || s == "." || s == ".." {
		return "_" + s
	}
	return s
}

// Run checks and measures one shop as `aecheck report --shop NAME` would
// (with --violations, --activities and --before for the account exports):
// the same rules (the shop's rules file, else the defaults), inputs, as-of
// time and writers. A shop whose files cannot be read comes back with
// Status "failed" and its errors; it never returns an error itself, so one
// bad shop never stops the others.
func Run(ctx context.Context, s Shop, o Options) Result {
	res := Result{Shop: s.Name, Status: "ok"}
	fail := func(err error) Result {
		res.Status, res.ExitCode = "failed", pipeline.ExitFailed
		res.Errors = append(res.Errors, err.Error())
		return res
	}
	cfg := pipeline.Config{Tool: o.Tool, Command: "report", AsOf: o.AsOf, Workers: o.Workers}
	cfg.Rules = checks.Default()
	var cleanups []func()
	defer func() {
		for _, c := range cleanups {
			c()
		}
	}()
	stage := func(p string) (string, error) {
		if o.Stage == nil {
			return p, nil
		}
		l, c, err := o.Stage(ctx, p)
		if c != nil {
			cleanups = append(cleanups, c)
		}
		return l, err
	}
	if s.Rules != "" {
		p, err := stage(s.Rules)
		if err != nil {
			return fail(err)
		}
		r, err := pipeline.LoadRules(p)
		if err != nil {
			return fail(err)
		}
		cfg.Rules = r
	}
	for _, in := range []struct {
		paths []string
		to    *[]pipeline.Input
	}{{s.Catalogs, &cfg.Catalogs}, {s.Orders, &cfg.Orders}, {s.Violations, &cfg.Violations}, {s.Activities, &cfg.Activities}, {s.Before, &cfg.Before}} {
		for _, p := range in.paths {
			l, err := stage(p)
			if err != nil {
				return fail(err)
			}
			*in.to = append(*in.to, pipeline.Input{Path: l, Shop: s.Name})
		}
	}
	if len(cfg.Catalogs)+len(cfg.Orders)+len(cfg.Violations)+len(cfg.Activities) == 0 {
		return fail(fmt.Errorf("shop %s: no catalog, order, violations or activities file", s.Name))
	}
	measured := len(cfg.Orders)+len(cfg.Violations)+len(cfg.Activities) > 0

	// The as-of time names the partition, so with orders and no --as-of it
	// is known only once the orders are read: the outputs are written under
	// a scratch name and moved when it is known.
	local := o.Out
	if o.Publish != nil {
		local = o.Scratch
	}
	tmp := filepath.Join(local, ".shop-"+SafeName(s.Name))
	findings := filepath.Join(tmp, "findings.parquet")
	metrics := filepath.Join(tmp, "metrics.parquet")
	workbook := filepath.Join(tmp, "report.xlsx")
	if err := mkdirAll(tmp); err != nil {
		return fail(err)
	}
	defer removeAll(tmp)
	w, err := reports.Open(findings, reports.Options{Tool: o.Tool})
	if err != nil {
		return fail(err)
	}
	cfg.Writers = append(cfg.Writers, w)
	if measured {
		m, err := reports.CreateMetricsFile(metrics)
		if err != nil {
			w.Abort()
			return fail(err)
		}
		cfg.Writers = append(cfg.Writers, m)
	}
	if o.XLSX {
		x, err := reports.Open(workbook, reports.Options{Tool: o.Tool})
		if err != nil {
			for _, w := range cfg.Writers {
				w.Abort()
			}
			return fail(err)
		}
		cfg.Writers = append(cfg.Writers, x)
	}
	r, err := pipeline.Run(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	sum := r.Summary
	res.ExitCode = r.ExitCode(checks.Error)
	for _, f := range r.Failed {
		res.Status = "failed"
		res.Errors = append(res.Errors, f.Error())
	}
	if !sum.AsOf.IsZero() {
		res.AsOf = sum.AsOf.UTC().Format(time.RFC3339Nano)
	}
	res.RowsRead, res.RowsChecked, res.RowsRejected = sum.Rows, sum.Checked, sum.Rejected
	res.Findings, res.Metrics = sum.Findings, len(r.Metrics)
	if len(sum.BySeverity) > 0 {
		res.BySeverity = map[string]int{}
		for sev, n := range sum.BySeverity {
			res.BySeverity[sev.String()] = n
		}
	}
	part := Partition(s.Name, sum.AsOf)
	moves := [][2]string{{findings, filepath.Join("findings", part, "findings.parquet")}}
	if measured {
		moves = append(moves, [2]string{metrics, filepath.Join("metrics", part, "metrics.parquet")})
	}
	if o.XLSX {
		moves = append(moves, [2]string{workbook, filepath.Join("xlsx", SafeName(s.Name)+".xlsx")})
	}
	for _, mv := range moves {
		if err := o.place(ctx, mv[0], mv[1]); err != nil {
			return fail(err)
		}
		res.Outputs = append(res.Outputs, filepath.ToSlash(mv[1]))
	}
	slices.Sort(res.Errors)
	return res
}

// place moves a finished output into its place under Out.
func (o *Options) place(ctx context.Context, local, rel string) error {
	if o.Publish != nil {
		return o.Publish(ctx, local, joinURL(o.Out, filepath.ToSlash(rel)))
	}
	dest := filepath.Join(o.Out, rel)
	if err := mkdirAll(filepath.Dir(dest)); err != nil {
		return err
	}
	return rename(local, dest)
}

// joinURL joins a folder that may be a URL (gs://bucket/out) and a relative
// slash path.
func joinURL(dir, rel string) string {
	return strings.TrimSuffix(dir, "/") + "/" + rel
}
