package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/reports"
)

// orderFlags are the flags of the commands that read orders.
type orderFlags struct {
	asOf        string
	catalogs    listFlag
	metricsOut  listFlag
	productsOut listFlag
	history     string
}

func (o *orderFlags) register(e *env, fs *flag.FlagSet) {
	fs.StringVar(&o.asOf, "as-of", "", e.tr.T("compute the metrics as of this `TIME`: 2026-11-01T18:00:00Z, 2026-11-01 18:00 (UTC), or a date meaning the end of that day (default: the latest time in the orders)"))
	fs.Var(&o.metricsOut, "metrics-out", e.tr.T("also write the shop, carrier and daily metrics alone to `PATH` (repeatable): .csv, .parquet, .arrow or .jsonl"))
	fs.Var(&o.productsOut, "products-out", e.tr.T("also write the metrics of each product, one row per product, to `PATH` (repeatable): .csv, .parquet, .arrow or .jsonl"))
	fs.StringVar(&o.history, "history", "", e.tr.T("nightly history `DIR`: add this run's shop metrics to it (one Parquet file per day) and show 30-day trends in the XLSX report"))
}

// apply puts the order flags into the configuration and opens the
// --metrics-out files.
func (o *orderFlags) apply(cfg *pipeline.Config, cl *claims, shop string, split bool) error {
	t, err := pipeline.ParseAsOf(o.asOf)
	if err != nil {
		return err
	}
	cfg.AsOf = t
	cfg.History = o.history
	if split && o.history != "" {
		// One dataset per shop, in hive style, so runs split by shop do
		// not replace each other's partition of the day.
		cfg.History = filepath.Join(o.history, "shop="+safeName(shop))
	}
	outs := []struct {
		paths listFlag
		open  func(string) (reports.Writer, error)
		only  func(reports.Writer) reports.Writer
	}{
		// Only metrics reach a --metrics-out writer, and only products a
		// --products-out one, so that a split opens files only for the
		// shops that have some.
		{o.metricsOut, openMetricsOut, func(w reports.Writer) reports.Writer { return metricsOnly{w} }},
		{o.productsOut, openProductsOut, func(w reports.Writer) reports.Writer { return productsOnly{w} }},
	}
	for _, out := range outs {
		for _, p := range out.paths {
			w, err := cl.writer(p, shop, split, out.open)
			if err != nil {
				for _, w := range cfg.Writers {
					w.Abort()
				}
				return err
			}
			cfg.Writers = append(cfg.Writers, out.only(w))
		}
	}
	return nil
}

// openMetricsOut opens a --metrics-out file: JSON Lines of the metrics and
// the summary, or a metrics/v3 machine file.
func openMetricsOut(p string) (reports.Writer, error) {
	if isJSONL(p) {
		w, err := reports.CreateJSONL(p)
		if err != nil {
			return nil, err
		}
		return w, nil
	}
	return reports.CreateMetricsFile(p)
}

// openProductsOut opens a --products-out file: JSON Lines of the product
// records and the summary, or a products/v3 machine file.
func openProductsOut(p string) (reports.Writer, error) {
	if isJSONL(p) {
		w, err := reports.CreateJSONL(p)
		if err != nil {
			return nil, err
		}
		return w, nil
	}
	return reports.CreateProductsFile(p)
}

func isJSONL(p string) bool { return strings.HasSuffix(strings.ToLower(p), ".jsonl") }

// metricsOnly passes on the metrics and the summary, not the findings.
type metricsOnly struct{ reports.Writer }

func (m metricsOnly) Findings([]checks.Finding) error { return nil }

// productsOnly passes on the product records and the summary, not the
// findings and metrics.
type productsOnly struct{ reports.Writer }

func (productsOnly) Findings([]checks.Finding) error { return nil }
func (productsOnly) Metrics([]checks.Metric) error   { return nil }

// Products passes the records on when the writer takes them.
func (p productsOnly) Products(ps []checks.ProductMetrics) error {
	if pw, ok := p.Writer.(reports.ProductWriter); ok && reports.TakesProducts(p.Writer) {
		return pw.Products(ps)
	}
	return nil
}

func (e *env) orders(args []string) int {
	fs := e.flagSet("orders", `Usage: aecheck orders [flags] FILE...

Reads an order export (AliExpress, Shopify, or any CSV/XLSX with order columns)
and computes the service metrics AliExpress judges a shop by (unsent orders,
late shipments, NR and SNAD dispute rates, ratings, on-time delivery per
carrier), and lists the orders that need action today.
`)
	var c common
	var o orderFlags
	c.register(e, fs)
	o.register(e, fs)
	fs.Var(&o.catalogs, "catalog", e.tr.T("also read this catalog `FILE` (repeatable), to tell which products can join a promotion"))
	files, code, ok := e.parse(fs, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, e.tr.T("aecheck orders: name at least one order export, e.g. aecheck orders orders.csv -o report.xlsx"))
		return 2
	}
	return e.runOrders(&c, &o, nil, "orders", o.catalogs, files)
}

func (e *env) report(args []string) int {
	fs := e.flagSet("report", `Usage: aecheck report --catalog FILE... --orders FILE... -o report.xlsx

Checks the catalogs and computes the order metrics in one run, into one
workbook: the nightly job. With --violations and --activities (and --before
an older catalog) the workbook gets an Account sheet too: penalty points,
activity withdrawals and store penalties, as "aecheck account" computes them.
`)
	var c common
	var o orderFlags
	var a accountFlags
	var orderFiles listFlag
	var annotate string
	c.register(e, fs)
	o.register(e, fs)
	a.register(e, fs)
	fs.Var(&o.catalogs, "catalog", e.tr.T("catalog `FILE`, folder or pattern to check (repeatable)"))
	fs.Var(&orderFiles, "orders", e.tr.T("order export `FILE`, folder or pattern to compute the metrics from (repeatable)"))
	fs.StringVar(&annotate, "annotate", "", e.tr.T("also write a marked-up copy of each catalog into `DIR` (problems marked, nothing changed; see aecheck fix)"))
	files, code, ok := e.parse(fs, args)
	if !ok {
		return code
	}
	if len(files) > 0 {
		fmt.Fprintf(e.stderr, "aecheck report: say what each file is with --catalog FILE or --orders FILE (got %s)\n", strings.Join(files, " "))
		return 2
	}
	if len(o.catalogs)+len(orderFiles)+len(a.violations)+len(a.activities) == 0 {
		fmt.Fprintln(e.stderr, e.tr.T("aecheck report: name the files with --catalog FILE and --orders FILE (and --violations FILE, --activities FILE)"))
		return 2
	}
	if len(a.before) > 0 && len(o.catalogs) == 0 {
		fmt.Fprintln(e.stderr, e.tr.T("aecheck report: --before needs the current catalog: add --catalog FILE"))
		return 2
	}
	code = e.runOrders(&c, &o, &a, "report", o.catalogs, orderFiles)
	if annotate != "" && code != pipeline.ExitFailed && len(o.catalogs) > 0 {
		if err := e.annotate(&c, o.catalogs, annotate); err != nil {
			return e.fail(err)
		}
	}
	return code
}

func (e *env) runOrders(c *common, o *orderFlags, a *accountFlags, command string, catalogs, orders []string) int {
	cfg, failOn, err := c.config(e, command)
	if err != nil {
		return e.fail(err)
	}
	if cfg.Catalogs, err = expandInputs(catalogs, c.shop); err != nil {
		return e.fail(err)
	}
	if cfg.Orders, err = expandInputs(orders, c.shop); err != nil {
		return e.fail(err)
	}
	if a != nil {
		if err := a.apply(&cfg, c.shop); err != nil {
			return e.fail(err)
		}
	}
	return e.execute(c, o, cfg, failOn)
}
