package main

import (
	"encoding/json"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"os"
	"text/tabwriter"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/pipeline"
)

// ruleJSON is one check as aecheck rules --format json writes it; its tags
// are the format, whatever the fields of checks.Check are called.
type ruleJSON struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	On       bool   `json:"on"`
	Scope    string `json:"scope"`
	Title    string `json:"title"`
	Why      string `json:"why"`
	Fix      string `json:"fix"`
	Source   string `json:"source"`
}

// rules prints every check: ID, severity, on/off, title, and with -v the
// explanation and the fix; as JSON; or the built-in rules file, as YAML.
func (e *env) rules(args []string) int {
	fs := e.flagSet("rules", i18n.N(`Usage: aecheck rules [--rules FILE] [-v] [--format table|json|yaml]

Lists every check with its ID, severity and what it looks for.

--format json writes the same list for programs. --format yaml writes the
built-in rules file, every setting with its default and a comment: save it,
keep what you want to change, and pass it to aecheck check --rules FILE.
`))
	rulesFile := fs.String("rules", "", e.tr.T("show the checks as this rules `FILE` sets them"))
	verbose := fs.Bool("v", false, e.tr.T("also print why each check matters and how to fix what it finds"))
	format := fs.String("format", "table", e.tr.T("what to print: `table` for people, json for programs, yaml to start a rules file from"))
	lang := fs.String("lang", "", e.tr.T("language of the texts: en, zh, fr, es…"))
	rest, code, ok := e.parse(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "aecheck rules: unexpected %q; the rules file goes after --rules\n", rest[0])
		return 2
	}
	r := checks.Default()
	if *rulesFile != "" {
		var err error
		if r, err = pipeline.LoadRules(*rulesFile); err != nil {
			return e.fail(err)
		}
	}
	l, err := i18n.Choose(*lang, r.Language, os.Getenv)
	if err != nil {
		return e.fail(err)
	}
	tr := i18n.For(l)
	switch *format {
	case "table":
	case "json":
		list := make([]ruleJSON, 0, len(checks.All))
		for _, c := range checks.All {
			title, help, fix := c.Texts(tr)
			list = append(list, ruleJSON{ID: c.ID, Severity: r.SeverityOf(c.ID).String(), On: r.Enabled(c.ID),
				Scope: c.Scope.String(), Title: title, Why: help, Fix: fix, Source: c.Source})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(list); err != nil {
			return e.fail(err)
		}
		return 0
	case "yaml":
		if *rulesFile != "" {
			fmt.Fprintln(e.stderr, e.tr.T("aecheck rules: --format yaml prints the built-in rules to start a file from; leave out --rules"))
			return 2
		}
		e.stdout.Write(checks.DefaultsYAML())
		return 0
	default:
		fmt.Fprintf(e.stderr, "aecheck rules: --format %q: use table, json or yaml\n", *format)
		return 2
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, tr.T("CHECK\tSEVERITY\tSTATE\tWHAT IT FINDS\tSOURCE"))
	for _, c := range checks.All {
		state := tr.T("on")
		if !r.Enabled(c.ID) {
			state = tr.T("off")
		}
		title, help, fix := c.Texts(tr)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, r.SeverityOf(c.ID).Word(tr), state, title, c.Source)
		if *verbose {
			fmt.Fprintln(tw, tr.Sprintf("\t\t\tWhy: %s\n\t\t\tFix: %s", help, fix))
		}
	}
	tw.Flush()
	return 0
}
