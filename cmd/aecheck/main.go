// Command aecheck checks AliExpress catalog and order exports before the
// platform does: titles, banned goods, CE and REP marks, duplicates, and the
// service metrics that decide a shop's visibility.
//
//	aecheck check [flags] FILE...       check a catalog (XLSX, CSV, TSV)
//	aecheck fix [flags] FILE -o OUT     a marked-up copy with the safe fixes made
//	aecheck orders [flags] FILE...      compute the service metrics of an order export
//	aecheck report [flags]              one workbook for a catalog and its orders
//	aecheck account [flags]             penalty points, activity withdrawals and promotion-locked changes
//	aecheck rules                       list every check
//	aecheck version
//
// The command holds no logic of its own: it turns flags into a
// pipeline.Config, runs it and maps the result to an exit code.
package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/aecheck/aecheck/reports"
)

// Version is the version of aecheck, written into every report.
const Version = "0.1.0"

// defaultMemoryLimit is the soft memory limit of a run when GOMEMLIMIT is
// not set: the garbage collector works harder near it instead of letting
// the heap grow by defaultGCPercent, so a 1M-row catalog stays well under
// 250 MB (the Parquet and Arrow writers, which hold a row group, come
// nearest: 175-185 MB). It is soft: a run that needs more still gets it.
const defaultMemoryLimit = 150 << 20

// defaultGCPercent is the garbage collector's target when GOGC is not set:
// a collection each time the heap grows by twice what is live, not once.
// A run keeps little on the heap (10-15 MB; the duplicate indexes are off
// it) and allocates the text of every row it reads (in strings of 64 KiB
// for a CSV), so Go's default of 100 collects often for little; 200 takes
// 5 % off the CPU time of a catalog run for 10-20 MB more at its peak, up
// to the memory limit.
const defaultGCPercent = 200

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	ctx, stop := stopOnSignal(os.Stderr)
	stopProfile := startProfile()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// stopGrace is how long a run has, after SIGINT or SIGTERM, to stop on its
// own before the process removes its temporary files and exits: the whole
// stop takes under a second, whatever the run was doing (assembling the
// XLSX workbook, say, which does not look at the context).
const stopGrace = 500 * time.Millisecond

// stopOnSignal returns a context cancelled by SIGINT or SIGTERM. The signal
// also keeps every report from being put in place from then on (the
// previous report stays), and when the run has not ended stopGrace later,
// or a second signal comes, the process removes the temporary files of its
// reports and exits with code 2.
func stopOnSignal(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		if _, ok := <-sigs; !ok {
			return
		}
		reports.Stop()
		cancel()
		select {
		case <-sigs:
		case <-time.After(stopGrace):
		}
		reports.RemoveTemps()
		fmt.Fprintln(stderr, "aecheck: stopped; no report was written")
		os.Exit(2)
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel()
	}
}

// startProfile writes a CPU profile to $AECHECK_CPUPROFILE and a heap
// profile to $AECHECK_MEMPROFILE when they are set (for the benchmarks).
func startProfile() func() {
	cpu, mem := os.Getenv("AECHECK_CPUPROFILE"), os.Getenv("AECHECK_MEMPROFILE")
	var f *os.File
	if cpu != "" {
		var err error
		if f, err = os.Create(cpu); err == nil {
			pprof.StartCPUProfile(f)
		}
	}
	return func() {
		if f != nil {
			pprof.StopCPUProfile()
			f.Close()
		}
		if mem != "" {
			if m, err := os.Create(mem); err == nil {
				pprof.WriteHeapProfile(m)
				m.Close()
			}
		}
	}
}

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, start: time.Now()}
	// The language of the help texts, known before the flags are parsed;
	// a command that reads a rules file may change it (see common.config).
	lang, _ := i18n.Choose(langArg(args), "", os.Getenv)
	env.tr = i18n.For(lang)
	if len(args) == 0 {
		usage(env.tr, stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		return env.help(args[1:])
	}
	c, ok := lookup(args[0])
	if !ok {
		return env.unknownCommand(args[0])
	}
	return c.run(env, args[1:])
}

type env struct {
	jsonLog bool // --log-format json
	ctx     context.Context
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	start   time.Time     // when the run began: older temporary files are stale
	tr      *i18n.Printer // the language of the messages and help texts

	// sawFlags, when set, is given every flag set a command makes (see
	// flagsOf).
	sawFlags func(*flag.FlagSet)
}

// langArg returns the value of --lang in args, before the flags are parsed.
func langArg(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		for _, name := range []string{"--lang", "-lang"} {
			if a == name && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, name+"="); ok {
				return v
			}
		}
	}
	return ""
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseInterleaved parses flags that may come before, between or after the
// file names, as sellers type them: aecheck check catalog.xlsx -o report.xlsx.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return files, nil
		}
		if rest[0] == "--" {
			return append(files, rest[1:]...), nil
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}
