package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sync/errgroup"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/leangc"
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

// encodedWriter is a writer that takes findings already encoded by a
// reports.FindingEncoder (JSONL): the workers encode, the releaser writes.
type encodedWriter interface {
	FindingsEncoded(fs []checks.Finding, enc []byte) error
}

// encodes reports whether a writer of the run takes encoded findings.
func (r *run) encodes() bool {
	for _, w := range r.cfg.Writers {
		if _, ok := w.(encodedWriter); ok {
			return true
		}
	}
	return false
}

// encPool holds the workers' finding encoders.
var encPool = sync.Pool{New: func() any { return new(reports.FindingEncoder) }}

// bufs are the per-batch slices a result holds: findings, their encoded
// lines and the ends of the lines. They go back to bufPool once the
// releaser has handed the batch to the writers (which copy what they keep),
// so a run allocates them for a few batches, not for every one.
type bufs struct {
	findings []checks.Finding
	enc      []byte
	ends     []int
}

var bufPool = sync.Pool{New: func() any { return new(bufs) }}

// getBufs returns empty slices to fill.
func getBufs() *bufs {
	b := bufPool.Get().(*bufs)
	b.findings, b.enc, b.ends = b.findings[:0], b.enc[:0], b.ends[:0]
	return b
}

// recycle hands the slices of res back to bufPool.
func recycle(res *result) {
	if res.bufs == nil {
		return
	}
	b := res.bufs
	// Clear the findings so that the pool does not keep their strings alive.
	clear(res.findings[:cap(res.findings)])
	b.findings, b.enc, b.ends = res.findings[:0], res.enc[:0], res.ends[:0]
	res.bufs = nil
	bufPool.Put(b)
}

// encode sets res.enc and res.ends to the lines of res.findings.
func encode(res *result) {
	e := encPool.Get().(*reports.FindingEncoder)
	defer encPool.Put(e)
	if res.bufs == nil {
		res.bufs = getBufs()
	}
	res.ends, res.enc = res.bufs.ends[:0], res.bufs.enc[:0]
	for i := range res.findings {
		res.enc = e.Append(res.enc, &res.findings[i])
		res.ends = append(res.ends, len(res.enc))
	}
}

// emitMerged emits the encoded findings of res and the findings dup, found
// on the releaser, in the order sortFindings gives. Both are sorted already
// (dup is sorted here), so it is a merge: runs of res go out as they are
// encoded, and only the few dup findings are encoded here.
func (r *run) emitMerged(res *result, dup []checks.Finding, e *reports.FindingEncoder) error {
	sortFindings(dup)
	fs, i, start := res.findings, 0, 0
	var line []byte
	for _, d := range dup {
		j := i
		for j < len(fs) && !d.Less(&fs[j]) {
			j++
		}
		if j > i {
			if err := r.emitEncoded(fs[i:j], res.enc[start:res.ends[j-1]]); err != nil {
				return err
			}
			start, i = res.ends[j-1], j
		}
		line = e.Append(line[:0], &d)
		if err := r.emitEncoded([]checks.Finding{d}, line); err != nil {
			return err
		}
	}
	return r.emitEncoded(fs[i:], res.enc[start:])
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
				if err := fd.t.rd.Err(); err != nil {
					fd.err = fmt.Errorf("%s: %w", fd.t.in.Path, err)
				}
				return nil
			})
		}
		return nil
	})
	return feeds
}

// checkCatalogs runs the listing checks over every catalog.
func (r *run) checkCatalogs(ctx context.Context) error {
	c := <-r.runner
	runner, err := c.rn, c.err
	if err != nil {
		return err
	}
	catalog := runner.NewCatalog()
	if len(r.cfg.Orders) > 0 {
		r.online = map[productKey]int{}
		r.skus = checks.NewProductIndex()
	}
	// Workers build the listings from the raw rows, run the listing checks
	// and work out the catalog-wide keys; the releaser only looks the keys
	// up, in input order.
	enc := r.encodes()
	work := func(u unit) result {
		b := u.b
		if u.raw != nil {
			b = u.raw.Build()
		}
		bf := getBufs()
		fs, keys := runner.CheckAppend(bf.findings, b.Listings)
		res := result{b: b, findings: fs, keys: keys, bufs: bf}
		if enc {
			encode(&res)
		}
		return res
	}
	relEnc := new(reports.FindingEncoder)
	release := func(t *table, b *readers.Batch, res result) error {
		if err := r.account(t, b); err != nil {
			return err
		}
		if err := r.emit(r.tableFindings(t, b)); err != nil {
			return err
		}
		fs := res.findings
		dup := catalog.ObserveKeys(b.Listings, res.keys)
		res.keys.Release()
		if share, ok := r.readShare("catalog"); ok {
			catalog.Expect(share)
		}
		if len(dup) > 0 && !enc {
			fs = mergeFindings(fs, dup)
		}
		if r.online != nil {
			r.skus.AddListings(b.Listings)
			for i := range b.Listings {
				l := &b.Listings[i]
				if l.ProductID != "" {
					k := productKey{l.Shop, l.ProductID}
					// A product seen before has its time updated in place: an
					// assignment to the map would store k, the texts of this
					// row, in place of the copies kept for the run.
					if at, ok := r.online[k]; ok {
						r.onlineAt[at] = l.CreatedAt
						continue
					}
					// Copies: the row's memory may be reused, and a cell may
					// share a string of many rows.
					r.online[productKey{strings.Clone(l.Shop), strings.Clone(l.ProductID)}] = len(r.onlineAt)
					r.onlineAt = append(r.onlineAt, l.CreatedAt)
				}
			}
		}
		// The listings go back to the reader's pool once the writers
		// have the findings (which hold strings, never listings).
		defer b.Release()
		if enc {
			return r.emitMerged(&res, dup, relEnc)
		}
		return r.emit(fs)
	}
	if err := r.stage(ctx, "catalog", work, release); err != nil {
		return err
	}
	if r.res.Summary.Rows >= leanFinishRows {
		defer leangc.Lean(finishGCPercent)()
	}
	return catalog.FinishEach(r.emit)
}

// The catalog-wide checks finish (price-outlier reads every price back and
// compares each with its category's median) with the collector's target
// at finishGCPercent, when the catalogs had leanFinishRows rows or more.
// By then the heap has grown towards its target with what the run left
// behind, and the end would grow it further: the prices (8 bytes each, off
// the heap) come on top, and at 1M rows the peak went from 62-63 to 57-59
// MB for the same time (12 interleaved pairs). A smaller run ends before
// its heap grows that far.
const finishGCPercent = 50

var leanFinishRows = 1 << 18 // a variable for the tests

// checkOrders runs the order findings and metrics over every order export.
// Each batch gets its own metrics accumulator on a worker; the releaser
// merges them, so memory grows with the number of keys, not of orders.
func (r *run) checkOrders(ctx context.Context) error {
	if len(r.cfg.Orders) == 0 {
		return nil
	}
	runner := checks.NewOrderRunner(r.cfg.Rules, r.cfg.AsOf)
	total := checks.NewMetrics(r.cfg.Rules, r.cfg.AsOf)
	total.UseProducts(r.skus)
	work := func(u unit) result {
		b := u.b
		m := checks.NewMetrics(r.cfg.Rules, r.cfg.AsOf)
		m.UseProducts(r.skus)
		m.Add(b.Orders)
		return result{findings: runner.Orders(b.Orders), metrics: m}
	}
	cols := checks.NewOrderColumns()
	release := func(t *table, b *readers.Batch, res result) error {
		defer b.Release() // the metrics and findings keep no order
		if err := r.account(t, b); err != nil {
			return err
		}
		addOrderColumns(cols, t, b)
		total.Merge(res.metrics)
		return r.emit(res.findings)
	}
	if err := r.stage(ctx, "orders", work, release); err != nil {
		return err
	}
	if err := r.emit(runner.Finish()); err != nil {
		return err
	}
	total.UseColumns(cols)
	ms := total.ServiceResults()
	if r.online != nil {
		keys := make([]productKey, 0, len(r.online))
		for k := range r.online {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b productKey) int {
			if a.shop != b.shop {
				return cmpString(a.shop, b.shop)
			}
			return cmpString(a.id, b.id)
		})
		for _, k := range keys {
			ms = append(ms, total.PromotionRow(k.shop, k.id, r.onlineAt[r.online[k]]))
		}
		checks.SortMetrics(ms)
	}
	r.res.Metrics = ms
	r.orderMetrics = total
	return nil
}

// addOrderColumns records, for each shop of the orders of b, the order
// fields of t's tables read so far: a metric whose numerator needs a field
// none of a shop's exports had reads "no data" instead of a rate of 0.
func addOrderColumns(cols *checks.OrderColumns, t *table, b *readers.Batch) {
	or, ok := t.rd.(*readers.OrderReader)
	if !ok || len(b.Orders) == 0 {
		return
	}
	var fields []string
	for _, c := range or.Tables() {
		for _, f := range readers.OrderFields {
			if c.Has(f.Name) && !slices.Contains(fields, f.Name) {
				fields = append(fields, f.Name)
			}
		}
	}
	last := ""
	for i := range b.Orders {
		if shop := b.Orders[i].Shop; i == 0 || shop != last {
			cols.Add(shop, fields...)
			last = shop
		}
	}
}

// writeMetrics adds the account metrics to the order metrics and hands
// them all to the callback and the writers, once.
func (r *run) writeMetrics(account []checks.Metric) error {
	ms := r.res.Metrics
	if len(account) > 0 {
		ms = append(ms, account...)
		checks.SortMetrics(ms)
		r.res.Metrics = ms
	}
	if len(ms) == 0 && r.orderMetrics == nil {
		return nil
	}
	for i := range ms {
		if r.cfg.OnMetric != nil {
			r.cfg.OnMetric(&ms[i])
		}
	}
	for _, w := range r.cfg.Writers {
		if err := w.Metrics(ms); err != nil {
			return err
		}
	}
	return r.products(r.orderMetrics)
}

// productChunk is the number of product records built and handed to the
// writers at a time: the products of a large shop are never all in memory
// as records, only as their counters.
const productChunk = 4096

// products hands the product records of total to the writers that take
// them and to OnProduct, in chunks, sorted by shop and product id.
func (r *run) products(total *checks.Metrics) error {
	if total == nil {
		return nil
	}
	var pws []reports.ProductWriter
	for _, w := range r.cfg.Writers {
		if pw, ok := w.(reports.ProductWriter); ok && reports.TakesProducts(w) {
			pws = append(pws, pw)
		}
	}
	r.res.Products = total.Products()
	if len(pws) == 0 && r.cfg.OnProduct == nil {
		return nil
	}
	return total.EachProduct(productChunk, func(ps []checks.ProductMetrics) error {
		if r.cfg.OnProduct != nil {
			for i := range ps {
				r.cfg.OnProduct(&ps[i])
			}
		}
		for _, w := range pws {
			if err := w.Products(ps); err != nil {
				return err
			}
		}
		return nil
	})
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mergeFindings returns the findings of fs and dup in the order
// sortFindings gives them, fs being sorted already (a batch's findings) and
// dup not (the few the duplicate checks found in it): dup is sorted and
// merged in from the end, a finding of fs before an equal one of dup, as a
// stable sort of fs then dup would put them, without sorting the batch
// again. fs's array is reused when it has room.
func mergeFindings(fs, dup []checks.Finding) []checks.Finding {
	sortFindings(dup)
	i, j := len(fs)-1, len(dup)-1
	fs = slices.Grow(fs, len(dup))[:len(fs)+len(dup)]
	for k := len(fs) - 1; j >= 0; k-- {
		if i >= 0 && dup[j].Less(&fs[i]) {
			fs[k] = fs[i]
			i--
		} else {
			fs[k] = dup[j]
			j--
		}
	}
	return fs
}

func sortFindings(fs []checks.Finding) {
	slices.SortStableFunc(fs, func(a, b checks.Finding) int {
		if a.Less(&b) {
			return -1
		}
		if b.Less(&a) {
			return 1
		}
		return 0
	})
}

// emit counts findings and hands them to the callback and the writers.
func (r *run) emit(fs []checks.Finding) error {
	return r.emitEncoded(fs, nil)
}

// emitEncoded is emit with enc, when not nil, the lines of fs for the
// writers that take them encoded.
func (r *run) emitEncoded(fs []checks.Finding, enc []byte) error {
	if len(fs) == 0 {
		return nil
	}
	countFindings(&r.res.Summary, fs)
	for i := range fs {
		f := &fs[i]
		if f.Severity > r.res.Worst {
			r.res.Worst = f.Severity
		}
		if r.cfg.OnFinding != nil {
			r.cfg.OnFinding(f)
		}
	}
	for _, w := range r.cfg.Writers {
		if ew, ok := w.(encodedWriter); ok && enc != nil {
			if err := ew.FindingsEncoded(fs, enc); err != nil {
				return err
			}
			continue
		}
		if err := w.Findings(fs); err != nil {
			return err
		}
	}
	return nil
}

// countFindings adds fs to the counts of s. The counts by check and by
// severity are kept in short lists for the call and added to the maps at
// its end: a map update per finding, which hashes the check ID, was a tenth
// of what a finding cost. A check is found in the list by its ID's address
// first (the IDs are constants, so a check's findings share one), by its
// text only when no address matches.
func countFindings(s *reports.Summary, fs []checks.Finding) {
	type idCount struct {
		id string
		n  int
	}
	var idBuf [32]idCount
	ids := idBuf[:0]
	var bySev [checks.Error + 1]int
	for i := range fs {
		f := &fs[i]
		if f.Severity <= checks.Error {
			bySev[f.Severity]++
		} else {
			s.BySeverity[f.Severity]++
		}
		k := slices.IndexFunc(ids, func(c idCount) bool {
			return unsafe.StringData(c.id) == unsafe.StringData(f.Check) && len(c.id) == len(f.Check)
		})
		if k < 0 {
			if k = slices.IndexFunc(ids, func(c idCount) bool { return c.id == f.Check }); k < 0 {
				k = len(ids)
				ids = append(ids, idCount{id: f.Check})
			}
		}
		ids[k].n++
	}
	s.Findings += len(fs)
	for sev, n := range bySev {
		if n > 0 {
			s.BySeverity[checks.Severity(sev)] += n
		}
	}
	for _, c := range ids {
		s.ByCheck[c.id] += c.n
	}
}

// requiredColumns are the listing fields every product needs. When a whole
// column is absent, the table gets one finding at its header row instead of
// one per row.
var requiredColumns = []string{"product_id", "title", "category", "price"}

// tableFindings reports, once per catalog table, the required columns it
// lacks.
func (r *run) tableFindings(t *table, b *readers.Batch) []checks.Finding {
	if b.Cols == nil || r.seen[b.Cols] {
		return nil
	}
	r.seen[b.Cols] = true
	rules := r.cfg.Rules
	if !rules.Enabled("missing-field") {
		return nil
	}
	var fs []checks.Finding
	for _, name := range requiredColumns {
		if b.Cols.Has(name) {
			continue
		}
		fs = append(fs, checks.Finding{
			Check:    "missing-field",
			Severity: rules.SeverityOf("missing-field"),
			Kind:     "listing",
			Pos:      readers.Pos{File: b.Cols.File, Sheet: b.Cols.Sheet, Row: b.Cols.HeaderRow, Field: name},
			Shop:     t.in.Shop,
			Message:  fmt.Sprintf("the file has no %s column, so no product in it has a %s; AliExpress does not accept a product without one", name, name),
			Fix:      fmt.Sprintf("add a %s column to the header row (row %d) and fill it in for every product", name, b.Cols.HeaderRow),
		})
	}
	return fs
}

// account adds a batch to the reconciliation: every data row ends checked
// or rejected with a reason. A batch that does not add up is a bug, and the
// run stops rather than report wrong counts.
func (r *run) account(t *table, b *readers.Batch) error {
	s := &r.res.Summary
	idx, ok := r.stats[b.Cols]
	if !ok {
		fs := reports.FileStat{Kind: t.kind, Shop: t.in.Shop, Path: t.in.Path}
		if b.Cols != nil {
			fs.Path, fs.Sheet, fs.HeaderRow = b.Cols.File, b.Cols.Sheet, b.Cols.HeaderRow
		}
		s.Files = append(s.Files, fs)
		idx = len(s.Files) - 1
		r.stats[b.Cols] = idx
	}
	fst := &s.Files[idx]
	// Continuation rows belong to the product above them and blank rows hold
	// nothing to check: both count as checked, and the report shows them.
	checked, rejected := b.Continuation+b.Blank, 0
	reject := func(ps []readers.Problem) {
		if len(ps) > 0 {
			rejected++
			s.Reasons[ps[0].Check]++
		} else {
			checked++
		}
	}
	for i := range b.Listings {
		reject(b.Listings[i].Problems)
	}
	for i := range b.Orders {
		reject(b.Orders[i].Problems)
	}
	if checked+rejected != b.Rows {
		return fmt.Errorf("internal error: %s: a batch of %d rows accounts for %d checked and %d rejected", fst.Path, b.Rows, checked, rejected)
	}
	fst.Rows += b.Rows
	fst.Checked += checked
	fst.Rejected += rejected
	fst.Continuation += b.Continuation
	fst.Blank += b.Blank
	s.Rows += b.Rows
	s.Checked += checked
	s.Rejected += rejected
	return nil
}

// trends hands the XLSX writers the 30-day history of the shop metrics: the
// previous runs from the history folder plus this run.
func (r *run) trends() error {
	if r.cfg.History == "" || len(r.res.Metrics) == 0 {
		return nil
	}
	from := r.cfg.AsOf.AddDate(0, 0, -29)
	hist, err := reports.ReadHistory(r.cfg.History, from, r.cfg.AsOf.AddDate(0, 0, -1))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("history %s: %w", r.cfg.History, err)
	}
	var ps []reports.TrendPoint
	for _, h := range hist {
		ps = append(ps, reports.TrendPoint{Date: h.Date, Shop: h.Shop, Metric: h.Metric, WindowDays: h.WindowDays, Value: h.Value})
	}
	day := time.Date(r.cfg.AsOf.Year(), r.cfg.AsOf.Month(), r.cfg.AsOf.Day(), 0, 0, 0, 0, time.UTC)
	for _, m := range r.res.Metrics {
		if m.Scope == "shop" && m.Status != "n/a" && m.Status != checks.StatusNoData {
			ps = append(ps, reports.TrendPoint{Date: day, Shop: m.Shop, Metric: m.Name, WindowDays: m.WindowDays, Value: m.Value})
		}
	}
	for _, w := range r.cfg.Writers {
		if x, ok := w.(reports.TrendSetter); ok {
			x.SetTrends(ps)
		}
	}
	return nil
}
