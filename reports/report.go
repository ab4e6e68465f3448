// Package reports writes the findings and metrics of a run: an XLSX workbook
// for sellers and JSONL, CSV, Parquet and Arrow for pipelines. Every writer is
// fed the same stream, in input order.
package reports

import (
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// Writer is one output of a run. The pipeline calls Begin once, then Findings
// and Metrics any number of times from one goroutine, then Close with the
// final summary. Close flushes and moves the file into place; Abort removes
// everything written so far and leaves no file behind.
//
// The slices passed to Findings and Metrics are only valid during the call:
// the pipeline reuses them for later batches, so a writer that keeps
// findings must copy them. Their strings may be kept, unless the run reuses
// the memory of its input (readers.Options.ReuseMemory, which the command
// sets): a finding's texts are then valid only during the call too, and
// the writers here copy any they keep.
type Writer interface {
	Begin(run *Run) error
	Findings(fs []checks.Finding) error
	Metrics(ms []checks.Metric) error
	Close(sum *Summary) error
	Abort()
}

// ProductWriter is a Writer that takes the product metrics, one record per
// product and window. The pipeline calls Products after the last Metrics
// call, any number of times, with the records sorted by shop and product
// id; the slice is only valid during the call, its strings stay valid.
// A Writer without this method gets no product metrics.
type ProductWriter interface {
	Products(ps []checks.ProductMetrics) error
}

// ListingWriter is a Writer that also sees the listings of each catalog
// batch, for what the findings do not carry (the title of a product for
// the By product sheet). The pipeline calls Listings with a batch's
// listings before the batch's findings and Listings(nil) after them; the
// listings and their strings are valid until then, and a writer copies
// what it keeps.
type ListingWriter interface {
	Listings(ls []readers.Listing)
}

// TakesProducts reports whether w writes product records somewhere: it is
// a ProductWriter, and, for a guarded writer, so is the writer it guards.
func TakesProducts(w Writer) bool {
	if g, ok := w.(*guarded); ok {
		w = g.w
	}
	_, ok := w.(ProductWriter)
	return ok
}

// Run describes the run before any row is read.
type Run struct {
	Tool    string    // "aecheck v0.1.0"
	Command string    // "check", "orders" or "report"
	AsOf    time.Time // zero for catalog-only runs
	Checks  []*checks.Check
	Rules   []checks.RuleValue // every setting the checks used, for the Rules sheet
	Inputs  []string
	Lang    string // the language of the texts for the seller: "en", "fr", "zh"…
}

// Summary is what a run did, written at the end of every report.
type Summary struct {
	Files      []FileStat
	Rows       int            // data rows read, over all files
	Checked    int            // rows checked (listings without problems, plus continuation rows)
	Rejected   int            // rows rejected, with a reason (see Reasons)
	Reasons    map[string]int // rejection reason -> rows ("missing-field", "bad-value")
	Findings   int
	BySeverity map[checks.Severity]int
	ByCheck    map[string]int
	AsOf       time.Time
	Notes      []string // facts the seller should know about the run (fallbacks, skipped sheets)
}

// FileStat is the accounting of one input table (a CSV file or one sheet).
type FileStat struct {
	Path         string
	Sheet        string
	Shop         string
	Kind         string // "catalog" or "orders"
	HeaderRow    int
	Rows         int
	Checked      int
	Rejected     int
	Continuation int
	Blank        int
	Error        string // non-empty when the file could not be read
}
