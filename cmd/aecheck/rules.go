package main

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/pipeline"
)

// rules prints every check: ID, severity, on/off, title, and with -v the
// explanation and the fix.
func (e *env) rules(args []string) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rulesFile := fs.String("rules", "", "show the checks as this rules `FILE` sets them")
	verbose := fs.Bool("v", false, "also print why each check matters and how to fix what it finds")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, "Usage: aecheck rules [--rules FILE] [-v]\n\nLists every check with its ID, severity and what it looks for.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	r := checks.Default()
	if *rulesFile != "" {
		var err error
		if r, err = pipeline.LoadRules(*rulesFile); err != nil {
			return e.fail(err)
		}
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tSEVERITY\tSTATE\tWHAT IT FINDS\tSOURCE")
	for _, c := range checks.All {
		state := "on"
		if !r.Enabled(c.ID) {
			state = "off"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, r.SeverityOf(c.ID), state, c.Title(), c.Source)
		if *verbose {
			fmt.Fprintf(tw, "\t\t\tWhy: %s\n\t\t\tFix: %s\n", c.Help(), c.Fix)
		}
	}
	tw.Flush()
	return 0
}
