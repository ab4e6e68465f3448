package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/pipeline"
)

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
	if err := checkOutputs(e.tr, inputs, outputs); err != nil {
		return e.fail(err)
	}
	cl := &claims{inputs: inputs, start: e.start, tr: e.tr}
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
