package reports

import (
	"fmt"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// guarded turns a panic inside a writer into an error of that writer. The
// writers lean on large libraries (the Parquet and Arrow encoders,
// excelize) that may dereference nil when a write fails half-way, as on a
// full disk; the run then fails with a sentence, its temporary file
// removed, instead of crashing with a stack dump.
type guarded struct {
	w    Writer
	path string
}

// guard wraps w, the writer of path, so that its panics become errors.
func guard(path string, w Writer) Writer { return &guarded{w: w, path: path} }

func (g *guarded) Begin(run *Run) (err error) {
	defer g.recover(&err)
	return g.w.Begin(run)
}

func (g *guarded) Findings(fs []checks.Finding) (err error) {
	defer g.recover(&err)
	return g.w.Findings(fs)
}

func (g *guarded) Metrics(ms []checks.Metric) (err error) {
	defer g.recover(&err)
	return g.w.Metrics(ms)
}

// Listings passes the listings on to a writer that takes them.
func (g *guarded) Listings(ls []readers.Listing) {
	if lw, ok := g.w.(ListingWriter); ok {
		lw.Listings(ls)
	}
}

// Products passes the product records on to a writer that takes them.
func (g *guarded) Products(ps []checks.ProductMetrics) (err error) {
	pw, ok := g.w.(ProductWriter)
	if !ok {
		return nil
	}
	defer g.recover(&err)
	return pw.Products(ps)
}

func (g *guarded) Close(sum *Summary) (err error) {
	defer g.recover(&err)
	return g.w.Close(sum)
}

// Abort aborts the writer; a panic while it does is dropped, as Abort
// has no error to return and the run is failing already.
func (g *guarded) Abort() {
	defer func() { recover() }()
	g.w.Abort()
}

// TrendSetter is a writer that shows the trends of the shop metrics (the
// XLSX report); the run hands it the points read from the history.
type TrendSetter interface {
	SetTrends([]TrendPoint)
}

// SetTrends passes the trends on to a writer that shows them.
func (g *guarded) SetTrends(ps []TrendPoint) {
	if t, ok := g.w.(TrendSetter); ok {
		t.SetTrends(ps)
	}
}

// recover, deferred, turns a panic into *err and aborts the writer so that
// its temporary files are removed.
func (g *guarded) recover(err *error) {
	r := recover()
	if r == nil {
		return
	}
	g.Abort()
	*err = panicError(g.path, r)
}

// panicError is the error of a writer that panicked with r.
func panicError(path string, r any) error {
	if path == "" {
		return fmt.Errorf("the writer failed (%v)", r)
	}
	return fmt.Errorf("write %s: the writer failed (%v); the disk may be full or failing: nothing was written there, free some space or choose another folder and run again", path, r)
}

// protect runs f, turning a panic into an error of the writer of path.
func protect(path string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(path, r)
		}
	}()
	return f()
}
