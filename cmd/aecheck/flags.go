package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/readers"
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
