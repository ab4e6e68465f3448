package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/fix"
	"github.com/aecheck/aecheck/pipeline"
)

// fixFlags are the flags of aecheck fix that the other commands lack.
type fixFlags struct {
	out           string
	noFix         bool
	fillFromRules bool
}

func (e *env) fix(args []string) int {
	fs := e.flagSet("fix", `Usage: aecheck fix [flags] CATALOG -o COPY

Writes a copy of your catalog (XLSX, CSV, TSV or TXT) with every problem
marked and the safe fixes already made, in your own file: the same sheets,
rows, columns and formatting. Each cell with a problem is coloured (red:
error, yellow: warning, blue: advice, green: fixed) and carries a note saying
what is wrong and how to fix it; a last column "aecheck" lists the problems
of each row, so a filter shows the rows to work on. The Changes sheet (or
COPY.changes.csv for a text file) lists every change, with the value before.

Fixed automatically, because the fix cannot change what the product is:
titles over the limit (cut after the last whole word that fits), words
repeated in a title (the first kept; numbers, sizes and model names never
touched), stray spaces and invisible characters in text columns. Everything
else is marked for you to fix. Your file is never changed.

Examples:
  aecheck fix catalog.xlsx -o catalog-fixed.xlsx
  aecheck fix --no-fix catalog.csv -o catalog-marked.csv
  aecheck fix --rules my-rules.yaml --fill-from-rules catalog.xlsx -o catalog-fixed.xlsx
`)
	var c common
	var ff fixFlags
	fs.StringVar(&c.rules, "rules", "", e.tr.T("rules `FILE` (YAML) that extends or overrides the built-in rules; see samples/rules.yaml"))
	fs.StringVar(&c.sheet, "sheet", "", e.tr.T("sheet to read in XLSX files: a `NAME`, a 1-based index, or '*' for every sheet (default: the first)"))
	fs.Var(&c.maps, "map", e.tr.T("use the column `field=Header` for a field (repeatable), e.g. --map title='Nom du produit'"))
	fs.StringVar(&c.encoding, "encoding", "", e.tr.T("text encoding of CSV/TXT inputs (default: detected); the copy is written in the same one"))
	fs.StringVar(&c.failOn, "fail-on", "error", e.tr.T("exit with code 1 when a problem left unfixed is at least this `severity`: error, warning, info or never"))
	c.langFlag(e, fs)
	fs.BoolVar(&c.quiet, "quiet", false, e.tr.T("print nothing on standard error but errors"))
	fs.StringVar(&ff.out, "o", "", e.tr.T("write the copy to `PATH`, in the format of the catalog; never the catalog itself"))
	fs.BoolVar(&ff.noFix, "no-fix", false, e.tr.T("mark the problems and change nothing"))
	fs.BoolVar(&ff.fillFromRules, "fill-from-rules", false, e.tr.T("write the shop's values of the rules file into empty cells: its REP identifiers (rep:) and, where a CE marking is missing, its CE reference (ce:)"))
	files, code, ok := e.parse(fs, args)
	if !ok {
		return code
	}
	if len(files) != 1 || ff.out == "" {
		fmt.Fprintln(e.stderr, e.tr.T("aecheck fix: name one catalog and the copy to write, e.g. aecheck fix catalog.xlsx -o catalog-fixed.xlsx"))
		return 2
	}
	c.workers, c.logFormat = runtime.NumCPU(), "text"
	cfg, failOn, err := c.config(e, "fix")
	if err != nil {
		return e.fail(err)
	}
	return e.fixFile(cfg, failOn, files[0], ff, c.quiet)
}

// fixFile checks one catalog and writes its marked-up copy to ff.out.
func (e *env) fixFile(cfg pipeline.Config, failOn checks.Severity, in string, ff fixFlags, quiet bool) int {
	done, err := fix.Write(e.ctx, fix.Config{
		In: in, Out: ff.out, Check: cfg,
		Options: fix.Options{NoFix: ff.noFix, FillFromRules: ff.fillFromRules},
	})
	if err != nil {
		return e.fail(err)
	}
	if !quiet {
		fmt.Fprintln(e.stderr, e.tr.Sprintf("aecheck: %d problems on %d rows, marked in %d cells; %d changes made", done.Found, done.Rows, done.Marked, len(done.Changes)))
		if done.Kept > 0 {
			fmt.Fprintln(e.stderr, e.tr.Sprintf("aecheck: %d rows kept their values: fixing them would have changed what the other checks find, so they are only marked", done.Kept))
		}
		fmt.Fprintln(e.stderr, e.tr.Sprintf("aecheck: wrote %s", ff.out))
		if done.ChangesFile != "" {
			fmt.Fprintln(e.stderr, e.tr.Sprintf("aecheck: wrote %s (the changes, and the problems left for you)", done.ChangesFile))
		}
	}
	if failOn != checks.Never && done.Worst != 0 && done.Worst >= failOn {
		return pipeline.ExitFindings
	}
	return pipeline.ExitOK
}

// annotate writes a marked-up copy of each catalog into dir, under its own
// name (prefixed with its number among the catalogs when two share one).
func (e *env) annotate(c *common, catalogs []string, dir string) error {
	cfg, _, err := c.config(e, "report")
	if err != nil {
		return err
	}
	ins, err := expandInputs(catalogs, c.shop)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--annotate %s: %w", dir, err)
	}
	seen := map[string]bool{}
	for i, in := range ins {
		if in.Path == "-" {
			continue
		}
		name := filepath.Base(in.Path)
		if seen[name] {
			name = fmt.Sprintf("%d-%s", i+1, name)
		}
		seen[name] = true
		out := filepath.Join(dir, name)
		done, err := fix.Write(e.ctx, fix.Config{In: in.Path, Out: out, Check: cfg, Options: fix.Options{NoFix: true}})
		if err != nil {
			return err
		}
		if !c.quiet {
			fmt.Fprintln(e.stderr, e.tr.Sprintf("aecheck: wrote %s (%d problems marked in %d cells)", out, done.Found, done.Marked))
		}
	}
	return nil
}
