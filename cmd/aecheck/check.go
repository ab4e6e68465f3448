package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"io"
	"log/slog"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/safeio"
	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// common are the flags every running command shares.
type common struct {
	rules     string
	sheet     string
	failOn    string
	workers   int
	outputs   listFlag
	maps      listFlag
	encoding  string
	format    string
	shop      string
	quiet     bool
	batchSize int
	splitBy   string
	logFormat string
	lang      string
}

func (c *common) register(e *env, fs *flag.FlagSet) {
	fs.StringVar(&c.rules, "rules", "", e.tr.T("rules `FILE` (YAML) that extends or overrides the built-in rules; see samples/rules.yaml"))
	fs.StringVar(&c.sheet, "sheet", "", e.tr.T("sheet to read in XLSX files: a `NAME`, a 1-based index, or '*' for every sheet (default: the first)"))
	fs.StringVar(&c.failOn, "fail-on", "error", e.tr.T("exit with code 1 when a finding is at least this `severity`: error, warning, info or never"))
	fs.IntVar(&c.workers, "workers", runtime.NumCPU(), e.tr.T("number of `N` checks running at once"))
	fs.Var(&c.outputs, "o", e.tr.T("write a report to `PATH` (repeatable): .xlsx, .jsonl, .csv, .parquet, .arrow; '-' is JSON lines on standard output"))
	fs.Var(&c.maps, "map", e.tr.T("use the column `field=Header` for a field (repeatable), e.g. --map title='Nom du produit'"))
	fs.StringVar(&c.encoding, "encoding", "", e.tr.T("text encoding of CSV/TXT inputs: utf-8, utf-16le, utf-16be, gb18030, gbk, windows-1252 (default: detected)"))
	fs.StringVar(&c.format, "input-format", "", e.tr.T("format of the input when it cannot be told from the name (standard input): csv, xlsx or xml"))
	fs.StringVar(&c.shop, "shop", "", e.tr.T("name of the shop the files belong to, written on every finding"))
	fs.BoolVar(&c.quiet, "quiet", false, e.tr.T("print nothing on standard error but errors"))
	fs.IntVar(&c.batchSize, "batch-size", 0, e.tr.T("rows per batch (default 500; for tuning only)"))
	fs.StringVar(&c.logFormat, "log-format", "text", e.tr.T("how to write what the run did on standard error: `text` for people, json for log collectors"))
	c.langFlag(e, fs)
	fs.StringVar(&c.splitBy, "split-by", "", e.tr.T("write one report per `shop` instead of one for all: report.xlsx becomes report-SHOP.xlsx"))
}

// langFlag registers --lang, which every command has.
func (c *common) langFlag(e *env, fs *flag.FlagSet) {
	fs.StringVar(&c.lang, "lang", "", e.tr.Sprintf("language of the report and messages: %s (default: the rules file's language, else LC_ALL, LC_MESSAGES or LANG, else en)", strings.Join(i18n.Codes(), ", ")))
}

// config turns the common flags into a pipeline configuration.
func (c *common) config(e *env, command string) (pipeline.Config, checks.Severity, error) {
	cfg := pipeline.Config{
		Tool:    "aecheck " + Version,
		Command: command,
		Workers: c.workers,
		Stdin:   e.stdin,
	}
	e.jsonLog = c.logFormat == "json"
	if c.logFormat != "text" && c.logFormat != "json" {
		return cfg, 0, fmt.Errorf("--log-format %q: use text or json", c.logFormat)
	}
	if err := c.validate(); err != nil {
		return cfg, 0, err
	}
	failOn, err := checks.ParseSeverity(c.failOn)
	if err != nil {
		return cfg, 0, fmt.Errorf("--fail-on: %w", err)
	}
	if c.rules != "" {
		r, err := pipeline.LoadRules(c.rules)
		if err != nil {
			return cfg, 0, err
		}
		cfg.Rules = r
	} else {
		cfg.Rules = checks.Default()
	}
	lang, err := i18n.Choose(c.lang, cfg.Rules.Language, os.Getenv)
	if err != nil {
		return cfg, 0, err
	}
	cfg.Rules.Language = lang
	e.tr = i18n.For(lang)
	cfg.Read.Sheet = c.sheet
	cfg.Read.Encoding = c.encoding
	cfg.Read.Format = c.format
	cfg.Read.BatchSize = c.batchSize
	// The writers copy what they keep, and so does firstFindings.
	cfg.Read.ReuseMemory = true
	if len(c.maps) > 0 {
		cfg.Read.Map = map[string]string{}
		for _, m := range c.maps {
			field, header, ok := strings.Cut(m, "=")
			if !ok || strings.TrimSpace(field) == "" || strings.TrimSpace(header) == "" {
				return cfg, 0, fmt.Errorf("--map %q: write it as field=Header, e.g. --map title='Nom du produit'", m)
			}
			cfg.Read.Map[strings.TrimSpace(field)] = strings.TrimSpace(header)
		}
	}
	return cfg, failOn, nil
}

// validate refuses flag values that make no sense, before any file is
// read: a run that would ignore them checks with settings the seller did
// not mean.
func (c *common) validate() error {
	switch strings.ToLower(c.format) {
	case "", "csv", "tsv", "txt", "xlsx", "xml":
	default:
		return fmt.Errorf("--input-format %q: aecheck reads csv (also tsv and txt), xlsx or xml; export the file in one of them", c.format)
	}
	if c.workers < 1 {
		return fmt.Errorf("--workers %d: give a number of 1 or more (this computer has %d processors)", c.workers, runtime.NumCPU())
	}
	if c.batchSize < 0 {
		return fmt.Errorf("--batch-size %d: give a number of rows of 1 or more, or leave it out", c.batchSize)
	}
	if c.encoding != "" {
		if _, err := readers.TextEncoding(c.encoding); err != nil {
			return fmt.Errorf("--encoding: %w", err)
		}
	}
	return nil
}

// openWriters opens every -o output. On error the ones already open are
// aborted, so nothing is left behind.
func (c *common) openWriters(e *env, cl *claims, shop string, split bool) ([]reports.Writer, error) {
	var ws []reports.Writer
	stdout := 0
	for _, p := range c.outputs {
		if p == "-" {
			stdout++
		}
		w, err := cl.writer(p, shop, split, func(path string) (reports.Writer, error) {
			return reports.Open(path, reports.Options{Stdout: e.stdout, Tool: "aecheck " + Version})
		})
		if err != nil {
			for _, w := range ws {
				w.Abort()
			}
			return nil, err
		}
		ws = append(ws, w)
	}
	if stdout > 1 {
		for _, w := range ws {
			w.Abort()
		}
		return nil, errors.New("-o - can be given only once")
	}
	return ws, nil
}

// claims are the files a run has opened for writing. Each new one is
// compared with the inputs and the others before it is created, and the
// temporary files a killed run left beside it are removed.
type claims struct {
	inputs []string
	opened []string
	start  time.Time
}

// open creates the writer of path with create, once path is known to be
// safe to write.
func (cl *claims) open(path string, create func(string) (reports.Writer, error)) (reports.Writer, error) {
	if path != "-" {
		if err := checkOutputs(cl.inputs, append(slices.Clone(cl.opened), path)); err != nil {
			return nil, err
		}
		// Best effort: a folder that cannot be listed fails at the writer.
		reports.RemoveStale(path, cl.start)
		cl.opened = append(cl.opened, path)
	}
	return create(path)
}

// writer returns the writer of the output p. With split, it writes one
// file per shop of the findings (a Shop column, or the folder a file sits
// in): report.xlsx becomes report-acme.xlsx, report-bolt.xlsx, ...; rows
// without a shop go to the file of shop.
func (cl *claims) writer(p, shop string, split bool, create func(string) (reports.Writer, error)) (reports.Writer, error) {
	if !split || p == "-" {
		return cl.open(p, create)
	}
	return &reports.ShopSplit{Default: shop, Open: func(s string) (reports.Writer, string, error) {
		path := splitOutput(p, s)
		w, err := cl.open(path, create)
		return w, path, err
	}}, nil
}

// outputPaths are the files one part of a run writes: its -o reports and
// its --metrics-out files, named for the shop when split.
func (c *common) outputPaths(o *orderFlags, shop string, split bool) []string {
	paths := slices.Clone(c.outputs)
	if o != nil {
		paths = append(paths, o.metricsOut...)
		paths = append(paths, o.productsOut...)
	}
	if split {
		for i, p := range paths {
			paths[i] = splitOutput(p, shop)
		}
	}
	return paths
}

// checkOutputs refuses outputs that would replace an input or each other,
// or that name a folder.
func checkOutputs(inputs, outputs []string) error {
	for _, p := range outputs {
		if p == "-" {
			continue
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return fmt.Errorf("output %s is a folder: name a file in it, e.g. %s", p, filepath.Join(p, "report.xlsx"))
		}
	}
	return safeio.CheckOutputs(inputs, outputs)
}

func (e *env) check(args []string) int {
	fs := e.flagSet("check", `Usage: aecheck check [flags] FILE...

Checks a catalog export (XLSX, CSV, TSV, TXT or an XML feed; "-" reads standard
input; a folder or a pattern stands for the files in it) against AliExpress
listing rules and writes what to fix, where, and why.
`)
	var c common
	c.register(e, fs)
	files, code, ok := e.parse(fs, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, e.tr.T("aecheck check: name at least one catalog file, e.g. aecheck check catalog.xlsx -o report.xlsx"))
		return 2
	}
	cfg, failOn, err := c.config(e, "check")
	if err != nil {
		return e.fail(err)
	}
	if cfg.Catalogs, err = expandInputs(files, c.shop); err != nil {
		return e.fail(err)
	}
	return e.execute(&c, nil, cfg, failOn)
}

// parse parses a command's flags and file names. When ok is false the
// command ends with code: 0 for --help (the help is on standard output), 2
// for a bad flag (reported on standard error with the help).
func (e *env) parse(fs *flag.FlagSet, args []string) (files []string, code int, ok bool) {
	files, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.Copy(e.stdout, fs.Output().(io.Reader))
			return nil, 0, false
		}
		io.Copy(e.stderr, fs.Output().(io.Reader))
		return nil, 2, false
	}
	return files, 0, true
}

// execute runs the pipeline once, or once per shop with --split-by shop,
// opening the writers of each run, and returns the worst exit code.
func (e *env) execute(c *common, o *orderFlags, cfg pipeline.Config, failOn checks.Severity) int {
	type part struct {
		shop string
		cfg  pipeline.Config
	}
	parts := []part{{cfg: cfg}}
	split := false
	switch c.splitBy {
	case "":
	case "shop":
		split = true
		parts = nil
		index := map[string]int{}
		group := func(in pipeline.Input) *pipeline.Config {
			i, ok := index[in.Shop]
			if !ok {
				p := part{shop: in.Shop, cfg: cfg}
				p.cfg.Catalogs, p.cfg.Orders = nil, nil
				p.cfg.Violations, p.cfg.Activities, p.cfg.Before, p.cfg.After = nil, nil, nil, nil
				parts = append(parts, p)
				i = len(parts) - 1
				index[in.Shop] = i
			}
			return &parts[i].cfg
		}
		// Each input goes to the part of its shop, account exports too, so
		// no shop's report holds another's (or the same one twice).
		for _, list := range []struct {
			ins []pipeline.Input
			dst func(*pipeline.Config) *[]pipeline.Input
		}{
			{cfg.Catalogs, func(c *pipeline.Config) *[]pipeline.Input { return &c.Catalogs }},
			{cfg.Orders, func(c *pipeline.Config) *[]pipeline.Input { return &c.Orders }},
			{cfg.Violations, func(c *pipeline.Config) *[]pipeline.Input { return &c.Violations }},
			{cfg.Activities, func(c *pipeline.Config) *[]pipeline.Input { return &c.Activities }},
			{cfg.Before, func(c *pipeline.Config) *[]pipeline.Input { return &c.Before }},
			{cfg.After, func(c *pipeline.Config) *[]pipeline.Input { return &c.After }},
		} {
			for _, in := range list.ins {
				d := list.dst(group(in))
				*d = append(*d, in)
			}
		}
	default:
		return e.fail(fmt.Errorf("--split-by %q: the only way to split is --split-by shop", c.splitBy))
	}
	// Every path the run writes is compared with every file it reads before
	// any work, so that no report ever replaces a seller's file.
	var inputs, outputs []string
	if c.rules != "" {
		inputs = append(inputs, c.rules)
	}
	inputs = append(inputs, cfg.InputPaths()...)
	for _, p := range parts {
		outputs = append(outputs, c.outputPaths(o, p.shop, split)...)
	}
	if err := checkOutputs(inputs, outputs); err != nil {
		return e.fail(err)
	}
	cl := &claims{inputs: inputs, start: e.start}
	code := 0
	for _, p := range parts {
		first := len(cl.opened)
		ws, err := c.openWriters(e, cl, p.shop, split)
		if err != nil {
			return e.fail(err)
		}
		p.cfg.Writers = ws
		if o != nil {
			if err := o.apply(&p.cfg, cl, p.shop, split); err != nil {
				return e.fail(err)
			}
		}
		// The files this part wrote, per shop when split: its "wrote" lines.
		wrote := func() []string { return cl.opened[first:] }
		code = max(code, e.runConfig(c, p.cfg, failOn, wrote))
	}
	return code
}

// runConfig runs the pipeline and prints the outcome.
func (e *env) runConfig(c *common, cfg pipeline.Config, failOn checks.Severity, wrote func() []string) int {
	done := func() {}
	if !c.quiet && c.logFormat != "json" && isTerminal(e.stderr) {
		cfg.Progress, done = progressLine(e.stderr)
	}
	// Without any -o, show the first problems on screen, most serious first.
	var first firstFindings
	if len(c.outputs) == 0 && !c.quiet && c.logFormat != "json" {
		cfg.OnFinding = first.add
	}
	res, err := pipeline.Run(e.ctx, cfg)
	done()
	if err != nil {
		return e.fail(err)
	}
	code := res.ExitCode(failOn)
	switch {
	case c.logFormat == "json":
		logSummary(e.stderr, res, wrote())
		return code
	case !c.quiet:
		first.print(e.tr, e.stderr)
		printSummary(e.tr, e.stderr, res, wrote(), len(c.outputs) > 0)
	}
	for _, f := range res.Failed {
		fmt.Fprintf(e.stderr, "aecheck: %v\n", f)
	}
	return code
}

func (e *env) fail(err error) int {
	if e.jsonLog {
		slog.New(slog.NewJSONHandler(e.stderr, nil)).Error("run failed", "error", err.Error())
		return 2
	}
	if errors.Is(err, e.ctx.Err()) && e.ctx.Err() != nil {
		fmt.Fprintln(e.stderr, e.tr.T("aecheck: stopped; no report was written"))
		return 2
	}
	fmt.Fprintf(e.stderr, "aecheck: %v\n", err)
	return 2
}

// printSummary tells a seller in a few lines what the run found.
func printSummary(tr *i18n.Printer, w io.Writer, res *pipeline.Result, outputs []string, toOutputs bool) {
	s := &res.Summary
	fmt.Fprint(w, tr.Sprintf("aecheck: %d rows read: %d checked, %d rejected", s.Rows, s.Checked, s.Rejected))
	if s.Rejected > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(s.Reasons)) {
			parts = append(parts, fmt.Sprintf("%d %s", s.Reasons[k], k))
		}
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, tr.Sprintf("aecheck: %d findings: %d errors, %d warnings, %d info", s.Findings,
		s.BySeverity[checks.Error], s.BySeverity[checks.Warning], s.BySeverity[checks.Info]))
	if len(res.Metrics) > 0 {
		printMetrics(tr, w, res)
	}
	for _, n := range s.Notes {
		fmt.Fprintln(w, tr.Sprintf("aecheck: note: %s", tr.T(n)))
	}
	for _, o := range outputs {
		if o != "-" {
			fmt.Fprintln(w, tr.Sprintf("aecheck: wrote %s", o))
		}
	}
	if !toOutputs && s.Findings > 0 {
		fmt.Fprintln(w, tr.T("aecheck: add -o report.xlsx to get the list of what to fix"))
	}
}

// metricNames are the shop metrics in a seller's words.
var metricNames = map[string]string{
	"unsent_rate":       i18n.N("unsent orders"),
	"late_ship_rate":    i18n.N("late shipping"),
	"nr_rate":           i18n.N("not-received disputes"),
	"snad_rate":         i18n.N("not-as-described disputes"),
	"incomplete_rate":   i18n.N("incomplete orders"),
	"dsr_description":   i18n.N("rating for item as described"),
	"dsr_communication": i18n.N("rating for communication"),
	"dsr_shipping":      i18n.N("rating for shipping speed"),

	"account_points_live":          i18n.N("live penalty points"),
	"account_serious_ip_live":      i18n.N("live serious IP violations"),
	"account_points_to_closure":    i18n.N("penalty points left before closure"),
	"activity_cancellations_month": i18n.N("activity withdrawals this month"),
	"activity_cancellations_left":  i18n.N("activity withdrawals left this month"),
	"store_penalty_until":          i18n.N("days left of a store penalty"),
}

// printMetrics lists the shop metrics that need attention.
func printMetrics(tr *i18n.Printer, w io.Writer, res *pipeline.Result) {
	var bad, none []string
	for _, m := range res.Metrics {
		if m.Scope == "shop" && m.Status == checks.StatusNoData {
			if name := metricName(tr, m.Name); !slices.Contains(none, name) {
				none = append(none, name)
			}
			continue
		}
		if m.Scope != "shop" || (m.Status != "alert" && m.Status != "warn") {
			continue
		}
		v := fmt.Sprintf("%.1f%%", 100*m.Value)
		over := tr.Sprintf(" over %d days", m.WindowDays)
		switch {
		case strings.HasPrefix(m.Name, "dsr_"):
			v = fmt.Sprintf("%.2f", m.Value)
		case !strings.HasSuffix(m.Name, "_rate"):
			// Counts, points and days: the number itself, no window.
			v, over = strconv.FormatFloat(math.Round(m.Value*10)/10, 'f', -1, 64), ""
		}
		name := metricName(tr, m.Name)
		status := tr.T(map[string]string{"warn": i18n.N("watch"), "alert": i18n.N("act now")}[m.Status])
		shop := ""
		if m.Shop != "" {
			shop = m.Shop + ": "
		}
		bad = append(bad, fmt.Sprintf("%s%s%s %s (%s)", shop, name, over, v, status))
	}
	asOf := res.Summary.AsOf.UTC().Format("2006-01-02 15:04 MST")
	switch {
	case len(bad) == 0 && len(none) == 0:
		fmt.Fprintln(w, tr.Sprintf("aecheck: metrics as of %s: every shop metric is ok", asOf))
	case len(bad) == 0:
		fmt.Fprintln(w, tr.Sprintf("aecheck: metrics as of %s: every shop metric the export shows is ok", asOf))
	default:
		fmt.Fprintln(w, tr.Sprintf("aecheck: metrics as of %s, needing attention (details on the Metrics and Account sheets):", asOf))
		fmt.Fprintf(w, "  %s\n", strings.Join(bad, "\n  "))
	}
	if len(none) > 0 {
		fmt.Fprintln(w, tr.Sprintf("aecheck: no data in the order export for %s: it has no column for them, so aecheck cannot tell whether they are ok; export the orders with those columns to check them", strings.Join(none, ", ")))
	}
}

// metricName is the seller's name of metric name, in tr's language.
func metricName(tr *i18n.Printer, name string) string {
	if s := tr.T(metricNames[name]); s != "" {
		return s
	}
	return name
}

// showFirst is how many findings a run without -o prints on screen.
const showFirst = 10

// firstFindings keeps the first findings of each severity, in input order.
type firstFindings struct {
	bySev [checks.Error + 1][]checks.Finding
}

func (ff *firstFindings) add(f *checks.Finding) {
	if f.Severity <= checks.Error && len(ff.bySev[f.Severity]) < showFirst {
		// A copy of the texts too: they may be in memory the run reuses.
		c := *f
		c.Shop, c.Entity, c.Value, c.Message = strings.Clone(c.Shop), strings.Clone(c.Entity), strings.Clone(c.Value), strings.Clone(c.Message)
		c.Pos.Field, c.Ref.Field = strings.Clone(c.Pos.Field), strings.Clone(c.Ref.Field)
		ff.bySev[f.Severity] = append(ff.bySev[f.Severity], c)
	}
}

// print writes up to showFirst findings, errors first.
func (ff *firstFindings) print(tr *i18n.Printer, w io.Writer) {
	n := 0
	for sev := checks.Error; sev >= checks.Info && n < showFirst; sev-- {
		for _, f := range ff.bySev[sev] {
			if n == showFirst {
				break
			}
			fmt.Fprintf(w, "%s: %s %s: %s\n", f.Pos.Place(), tr.T(f.Severity.String()), f.Check, f.Message)
			n++
		}
	}
}
