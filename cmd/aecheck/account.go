package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/aecheck/aecheck/pipeline"
)

// accountFlags are the flags of the commands that read account exports.
type accountFlags struct {
	violations listFlag
	activities listFlag
	before     listFlag
}

func (a *accountFlags) register(e *env, fs *flag.FlagSet) {
	fs.Var(&a.violations, "violations", e.tr.T("violations export `FILE` from Seller Center (repeatable): penalty points and their dates"))
	fs.Var(&a.activities, "activities", e.tr.T("marketing activities export `FILE` (repeatable): registrations, warm-up, start, end and withdrawal times"))
	fs.Var(&a.before, "before", e.tr.T("older version of the catalog, `FILE` (repeatable), compared with the current one for changes to products registered in an activity"))
}

// apply puts the account inputs into the configuration.
func (a *accountFlags) apply(cfg *pipeline.Config, shop string) error {
	var err error
	if cfg.Violations, err = expandInputs(a.violations, shop); err != nil {
		return err
	}
	if cfg.Activities, err = expandInputs(a.activities, shop); err != nil {
		return err
	}
	if cfg.Before, err = expandInputs(a.before, shop); err != nil {
		return err
	}
	return nil
}

func (e *env) account(args []string) int {
	fs := e.flagSet("account", `Usage: aecheck account --violations FILE --activities FILE [--before OLD.xlsx CATALOG.xlsx] -o report.xlsx

Reads the shop's violations and marketing activities exports and tells what
puts the shop at risk before AliExpress acts: live penalty points and when
they expire, withdrawals from activities against the monthly allowance, open
store penalties and, with --before, changes to products registered in an
activity. The metrics are measured as of --as-of (default: the latest date
in the files); the month and working days are counted in its time zone.
`)
	var c common
	var o orderFlags
	var a accountFlags
	c.register(e, fs)
	o.register(e, fs)
	a.register(e, fs)
	files, code, ok := e.parse(fs, args)
	if !ok {
		return code
	}
	if len(a.violations)+len(a.activities) == 0 {
		fmt.Fprintln(e.stderr, e.tr.T("aecheck account: name the exports, e.g. aecheck account --violations violations.csv --activities activities.xlsx -o report.xlsx"))
		return 2
	}
	if len(a.before) > 0 && len(files) == 0 {
		fmt.Fprintf(e.stderr, "aecheck account: --before %s needs the current catalog to compare with: aecheck account ... --before OLD.xlsx CURRENT.xlsx\n", strings.Join(a.before, " "))
		return 2
	}
	if len(files) > 0 && len(a.before) == 0 {
		fmt.Fprintf(e.stderr, "aecheck account: %s: a catalog is only read to compare it with an older version; add --before OLD.xlsx, or check the catalog with aecheck check\n", strings.Join(files, " "))
		return 2
	}
	cfg, failOn, err := c.config(e, "account")
	if err != nil {
		return e.fail(err)
	}
	if err := a.apply(&cfg, c.shop); err != nil {
		return e.fail(err)
	}
	if cfg.After, err = expandInputs(files, c.shop); err != nil {
		return e.fail(err)
	}
	return e.execute(&c, &o, cfg, failOn)
}
