package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// batchReader is what the catalog and order readers have in common.
type batchReader interface {
	Next() bool
	Batch() *readers.Batch
	Err() error
	Close() error
	Notes() []string
}

// table is one opened input.
type table struct {
	in   Input
	kind string // "catalog" or "orders"
	idx  int    // index among the inputs of its kind
	rd   batchReader
}

type run struct {
	cfg    Config
	res    *Result
	tables []*table

	accountFiles []*accountFile // the violations and activities exports, read whole

	// orderMetrics holds the order metrics once the orders are read; the
	// product records are built from it, a chunk at a time, as they are
	// written.
	orderMetrics *checks.Metrics

	stats map[*readers.Columns]int // table -> index in Summary.Files
	seen  map[*readers.Columns]bool

	// online keeps, when orders are checked too, when each product of the
	// catalogs went online (zero when unknown), for promotion eligibility:
	// the index in onlineAt of each product's time.
	online   map[productKey]int
	onlineAt []time.Time

	// skus maps the catalogs' SKUs to their products, so orders that name
	// only a SKU (the AliExpress and Shopify exports) count for the product.
	skus *checks.ProductIndex

	// runner receives the compiled checks, made on a goroutine of their
	// own as the run starts.
	runner chan compiled
}

// compiled is what checks.NewRunner returned.
type compiled struct {
	rn  *checks.Runner
	err error
}

type productKey struct{ shop, id string }

func newRun(cfg Config) *run {
	return &run{
		cfg: cfg,
		res: &Result{Summary: reports.Summary{
			Reasons:    map[string]int{},
			BySeverity: map[checks.Severity]int{},
			ByCheck:    map[string]int{},
		}},
		stats: map[*readers.Columns]int{},
		seen:  map[*readers.Columns]bool{},
	}
}

// inputError is an input that could not be read.
type inputError struct {
	path string
	err  error
}

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

func inputOf(err error) string {
	var ie *inputError
	if errors.As(err, &ie) {
		return ie.path
	}
	return ""
}

func (r *run) readOptions(idx int, in Input) readers.Options {
	o := r.cfg.Read
	o.FileIndex = idx
	o.Shop = in.Shop
	o.Aliases = r.cfg.Rules.Aliases
	o.Tr = i18n.For(r.cfg.Rules.Language)
	if in.Path == "-" {
		o.Name = "stdin"
	}
	return o
}

func (r *run) source(in Input) (io.Reader, error) {
	if in.Path != "-" {
		return nil, nil
	}
	if r.cfg.Stdin == nil {
		return nil, errors.New(`input "-" needs standard input`)
	}
	return r.cfg.Stdin, nil
}

// open opens every input; the ones that fail go to Result.Failed.
func (r *run) open() {
	for i, in := range r.cfg.Catalogs {
		src, err := r.source(in)
		var cr *readers.CatalogReader
		if err == nil {
			cr, err = readers.OpenCatalog(in.Path, src, r.readOptions(i, in))
		}
		if err != nil {
			r.res.Failed = append(r.res.Failed, &inputError{path: in.Path, err: err})
			continue
		}
		r.tables = append(r.tables, &table{in: in, kind: "catalog", idx: i, rd: cr})
	}
	for i, in := range r.cfg.Orders {
		src, err := r.source(in)
		var or *readers.OrderReader
		if err == nil {
			or, err = readers.OpenOrders(in.Path, src, r.readOptions(len(r.cfg.Catalogs)+i, in))
		}
		if err != nil {
			r.res.Failed = append(r.res.Failed, &inputError{path: in.Path, err: err})
			continue
		}
		r.tables = append(r.tables, &table{in: in, kind: "orders", idx: i, rd: or})
	}
}

func (r *run) closeAll() {
	for _, t := range r.tables {
		t.rd.Close()
	}
}

// findAsOf sets the as-of instant to the latest timestamp of the orders:
// a first, cheap pass over the order files (never the wall clock, so runs
// are reproducible). Standard input cannot be read twice; it needs --as-of.
func (r *run) findAsOf(ctx context.Context) error {
	for _, in := range r.cfg.Orders {
		if in.Path == "-" {
			return errors.New("orders from standard input need --as-of (the default, the latest timestamp of the orders, needs a second read of the input)")
		}
	}
	// The files are scanned Workers at a time. Only the order id and time
	// cells are read; errors are reported by open and by the run's own read.
	lates := make([]time.Time, len(r.cfg.Orders))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, r.cfg.Workers))
	for i, in := range r.cfg.Orders {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			lates[i], _ = readers.LatestTimestampOf(in.Path, nil, r.readOptions(len(r.cfg.Catalogs)+i, in))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var latest time.Time
	for _, t := range lates {
		if t.After(latest) {
			latest = t
		}
	}
	if latest.IsZero() {
		return errors.New("the order files hold no date to anchor the metrics on: give --as-of, e.g. --as-of 2026-11-01")
	}
	r.cfg.AsOf = latest
	return nil
}

// job is one batch on its way through the workers. done receives its result
// exactly once.
type job struct {
	t    *table
	u    unit
	done chan result
}

// unit is one batch as a reader yields it: built (orders), or raw rows
// whose listings a worker builds (catalogs).
type unit struct {
	b   *readers.Batch
	raw *readers.RawBatch
}

type result struct {
	b        *readers.Batch // the batch, built by the worker from a raw one
	findings []checks.Finding
	metrics  *checks.Metrics
	keys     *checks.Keys
	enc      []byte // the JSONL lines of findings, when a writer takes them
	ends     []int  // the end of each finding's line in enc
	bufs     *bufs  // where findings, enc and ends came from; see recycle
}

// stage runs the batches of every table of one kind through the pool: one
// reader goroutine, up to cfg.Workers workers, and one releaser that handles
// the batches in input order. The pending channel is the reorder window: it
// holds at most 2×Workers batches, so memory does not grow with the input.
func (r *run) stage(ctx context.Context, kind string, work func(unit) result, release func(*table, *readers.Batch, result) error) error {
	var tables []*table
	for _, t := range r.tables {
		if t.kind == kind {
			tables = append(tables, t)
		}
	}
	if len(tables) == 0 {
		return nil
	}
	g, ctx := errgroup.WithContext(ctx)
	pending := make(chan *job, 2*r.cfg.Workers)

	feeds := r.readAhead(ctx, g, tables)
	g.Go(func() error {
		defer close(pending)
		pool := new(errgroup.Group)
		pool.SetLimit(r.cfg.Workers)
		defer pool.Wait()
		seq := 0
		for _, fd := range feeds {
			for u := range fd.ch {
				if u.raw != nil {
					u.raw.Seq = seq
				} else {
					u.b.Seq = seq
				}
				seq++
				j := &job{t: fd.t, u: u, done: make(chan result, 1)}
				select {
				case pending <- j:
				case <-ctx.Done():
					return ctx.Err()
				}
				pool.Go(func() error {
					j.done <- work(j.u)
					return nil
				})
			}
			if err := fd.err; err != nil {
				if len(r.cfg.Catalogs)+len(r.cfg.Orders) == 1 {
					return err
				}
				// One broken file among many: the others still run, and
				// the report says which file stopped where.
				r.res.Failed = append(r.res.Failed, &inputError{path: fd.t.in.Path, err: fmt.Errorf("%w (the rows before this point were checked and are in the report)", err)})
			}
		}
		return nil
	})

	g.Go(func() error {
		for j := range pending {
			var res result
			select {
			case res = <-j.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			b := j.u.b
			if res.b != nil {
				b = res.b
			}
			err := release(j.t, b, res)
			recycle(&res)
			if err != nil {
				return err
			}
			if r.cfg.Progress != nil {
				p := Progress{File: j.t.in.Path, Rows: r.res.Summary.Rows, Findings: r.res.Summary.Findings}
				if pr, ok := j.t.rd.(progresser); ok {
					p.Read, p.Size = pr.Progress()
				}
				r.cfg.Progress(p)
			}
		}
		return nil
	})
	err := g.Wait()
	for _, t := range tables {
		r.res.Summary.Notes = append(r.res.Summary.Notes, t.rd.Notes()...)
	}
	return err
}

// progresser is a reader that tells how many bytes of its input it has
// read, and the input's size (both 0 when unknown).
type progresser interface{ Progress() (read, size int64) }

// readShare is the part of the inputs of one kind that the readers have
// read, from their byte counts; ok is false when a size is unknown (standard
// input).
func (r *run) readShare(kind string) (share float64, ok bool) {
	var read, size int64
	for _, t := range r.tables {
		if t.kind != kind {
			continue
		}
		pr, isP := t.rd.(progresser)
		if !isP {
			return 0, false
		}
		n, sz := pr.Progress()
		if sz == 0 {
			return 0, false
		}
		read, size = read+n, size+sz
	}
	if size == 0 {
		return 0, false
	}
	return float64(read) / float64(size), true
}

// feed is the batches of one table, read ahead on a goroutine of its own.
type feed struct {
	t    *table
	ch   chan unit
	err  error // set before ch is closed
	once sync.Once
}

func (f *feed) close() { f.once.Do(func() { close(f.ch) }) }

// readAhead reads up to Workers tables at once, each into a channel of two
// batches, so that parsing one file overlaps with checking another while
// memory stays bounded. Tables start in input order and the caller drains
// them in that order, so the tables being read are always the next ones
// the caller needs: no reader can wait on a slot held by a later table.
func (r *run) readAhead(ctx context.Context, g *errgroup.Group, tables []*table) []*feed {
	feeds := make([]*feed, len(tables))
	for i, t := range tables {
		feeds[i] = &feed{t: t, ch: make(chan unit, 2)}
	}
	slots := make(chan struct{}, max(1, r.cfg.Workers))
	g.Go(func() error {
		for i, fd := range feeds {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				for _, rest := range feeds[i:] {
					rest.close()
				}
				return ctx.Err()
			}
			g.Go(func() error {
				defer func() { <-slots }()
				defer fd.close()
				cr, raw := fd.t.rd.(*readers.CatalogReader)
				for {
					var u unit
					if raw {
						if !cr.NextRaw() {
							break
						}
						u.raw = cr.Raw()
					} else {
						if !fd.t.rd.Next() {
							break
						}
						u.b = fd.t.rd.Batch()
					}
					select {
					case fd.ch <- u:
					case <-ctx.Done():
						return nil
					}
				}
				// The readers' errors name the file (an *InputError):
				// wrapping them in its name again would say it twice.
				if err := fd.t.rd.Err(); err != nil {
					fd.err = err
				}
				return nil
			})
		}
		return nil
	})
	return feeds
}
