package main

import (
	"bytes"
	"flag"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"io"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// command is one subcommand of aecheck. The usage text, "did you mean",
// "aecheck help COMMAND" and the shell completions are all made from
// commands, so a new command is one entry here.
type command struct {
	name    string
	args    string // what follows the name in the usage list
	summary string // one line for the usage list and the completions
	run     func(e *env, args []string) int
}

// commands is every command, in the order the usage lists them. It is
// filled by init: the completion command reads it.
var commands []command

func init() { commands = commandTable() }

func commandTable() []command {
	return []command{
		{"check", "[flags] FILE...", i18n.N(`check a catalog (XLSX, CSV, TSV; "-" reads standard input)`), (*env).check},
		{"fix", "[flags] FILE -o OUT", i18n.N("a copy of your catalog with the problems marked and the safe fixes made"), (*env).fix},
		{"orders", "[flags] FILE...", i18n.N("service metrics and urgent orders from an order export"), (*env).orders},
		{"report", "[flags]", i18n.N("one workbook for a catalog and its orders (nightly job)"), (*env).report},
		{"account", "[flags]", i18n.N("penalty points, activity withdrawals, promotion-locked changes"), (*env).account},
		{"rules", "[--format table|json|yaml]", i18n.N("list every check, its severity and why it matters"), (*env).rules},
		{"completion", "bash|zsh|fish", i18n.N("print the shell completion script for aecheck"), (*env).completion},
		{"version", "", i18n.N("print the version"), (*env).version},
	}
}

// aliases are other names of commands, kept for the scripts that use them.
var aliases = map[string]string{
	"checks":    "rules",
	"--version": "version",
	"-version":  "version",
}

// lookup returns the command called name.
func lookup(name string) (command, bool) {
	if a, ok := aliases[name]; ok {
		name = a
	}
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

func usage(tr *i18n.Printer, w io.Writer) {
	fmt.Fprint(w, tr.T("aecheck checks AliExpress catalog and order exports before you upload them."), "\n\n", tr.T("Usage:"), "\n")
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name)+1+len(c.args))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  aecheck %-*s  %s\n", width, strings.TrimSpace(c.name+" "+c.args), tr.T(c.summary))
	}
	fmt.Fprint(w, tr.T(`
Examples:
  aecheck check catalog.xlsx -o report.xlsx
  aecheck check --rules my-rules.yaml catalog.csv -o report.xlsx -o findings.jsonl
  aecheck check catalog.csv -o -            (findings as JSON lines on standard output)

Run "aecheck COMMAND --help" for the flags of a command.

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 the run could not be done.
`))
}

// unknownCommand tells that name is no command, suggesting the nearest
// one when a typing slip explains it.
func (e *env) unknownCommand(name string) int {
	fmt.Fprintln(e.stderr, e.tr.Sprintf("aecheck: unknown command %q", name))
	if s := suggest(name); s != "" {
		fmt.Fprintln(e.stderr, e.tr.Sprintf("Did you mean %q?", s))
	}
	fmt.Fprintln(e.stderr)
	usage(e.tr, e.stderr)
	return 2
}

// suggest returns the command nearest to name: one that starts with it
// (three letters at least), or within two edits of it and fewer edits
// than its length; "" when none is.
func suggest(name string) string {
	name = strings.ToLower(strings.TrimLeft(name, "-"))
	best, bestD := "", 3
	for _, c := range commands {
		if len(name) >= 3 && strings.HasPrefix(c.name, name) {
			return c.name
		}
		if d := readers.EditDistance(name, c.name); d < bestD && d < len(name) {
			best, bestD = c.name, d
		}
	}
	return best
}

// help prints the help of the command named by args, or the usage.
func (e *env) help(args []string) int {
	if len(args) == 0 {
		usage(e.tr, e.stdout)
		return 0
	}
	c, ok := lookup(args[0])
	if !ok {
		return e.unknownCommand(args[0])
	}
	return c.run(e, []string{"--help"})
}

func (e *env) version(args []string) int {
	fs := e.flagSet("version", i18n.N("Usage: aecheck version\n\nPrints the version of aecheck.\n"))
	if _, code, ok := e.parse(fs, args); !ok {
		return code
	}
	fmt.Fprintf(e.stdout, "aecheck %s\n", Version)
	return 0
}

// flagSet returns the flags of a command, with its usage text. The usage
// goes to standard output when asked for with --help, and to standard
// error after a flag that is wrong (see parse).
func (e *env) flagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	fs.Usage = func() {
		fmt.Fprint(&buf, e.tr.T(usage))
		if hasFlags(fs) {
			fmt.Fprint(&buf, "\n", e.tr.T("Flags:"), "\n")
			fs.PrintDefaults()
		}
	}
	if e.sawFlags != nil {
		e.sawFlags(fs)
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// flagsOf returns the flags of command c, found by asking it for its help
// with nothing written anywhere: every command makes its flag set with
// flagSet before it does anything else.
func flagsOf(c command) []*flag.Flag {
	var flags []*flag.Flag
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	// The flags are registered after flagSet returns: visit them once the
	// command has parsed its arguments.
	var sets []*flag.FlagSet
	e.sawFlags = func(fs *flag.FlagSet) { sets = append(sets, fs) }
	c.run(e, []string{"--help"})
	for _, fs := range sets {
		fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	}
	return flags
}
