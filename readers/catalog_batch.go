package readers

import "sync"

// RawBatch is a batch of catalog rows as read (NextRaw), before the
// listings are built: the same rows, listings and counts as the Batch that
// Next would have returned, with the value parsing left to Build, which
// may run on another goroutine.
type RawBatch struct {
	Seq int // set by the pipeline

	b      *Batch   // table, file and row counts; Listings built by Build
	rows   []rawRow // the non-blank rows, each listing's first row then its continuation rows
	starts []int32  // index in rows of each listing's first row
	opt    Options
	slabs  [][]string  // where the cells of rows are; reused once Build is done
	fields *fieldIndex // the reader's index of the table's fields, shared read-only
}

// The slices of raw batches and of built listings are reused from batch to
// batch: the cells of the rows (in slabs of cellSlab strings), the rows, and
// the listings once the caller hands a batch back with Batch.Release.
const cellSlab = 8192

var (
	slabPool    slicePool[string]
	rowsPool    slicePool[rawRow]
	startsPool  slicePool[int32]
	listingPool slicePool[Listing]
	orderPool   slicePool[Order]
)

// slicePool is a sync.Pool of slices of T, kept by pointer so that putting
// one back does not copy its header into an interface.
type slicePool[T any] struct{ p sync.Pool }

// get returns an empty slice, nil when the pool has none.
func (p *slicePool[T]) get() []T {
	if v, ok := p.p.Get().(*[]T); ok {
		return (*v)[:0]
	}
	return nil
}

// put clears s (the pool must not keep what it points to alive) and keeps it.
func (p *slicePool[T]) put(s []T) {
	clear(s)
	s = s[:0]
	p.p.Put(&s)
}

// copyCells copies cells into the reader's current slab.
func (r *CatalogReader) copyCells(cells []string) []string {
	n := len(cells)
	if len(r.slab)+n > cap(r.slab) {
		if n > cellSlab {
			r.slab = make([]string, 0, n)
		} else {
			if r.slab = slabPool.get(); r.slab == nil {
				r.slab = make([]string, 0, cellSlab)
			}
		}
		r.slabs = append(r.slabs, r.slab)
	}
	at := len(r.slab)
	r.slab = append(r.slab, cells...)
	r.slabs[len(r.slabs)-1] = r.slab
	return r.slab[at : at+n : at+n]
}

// Build parses the rows into listings and returns the batch. It may be
// called on any goroutine, once.
func (rb *RawBatch) Build() *Batch {
	b := rb.b
	b.Seq = rb.Seq
	if ls := listingPool.get(); cap(ls) >= len(rb.starts) && ls != nil {
		b.Listings = ls
	} else {
		b.Listings = make([]Listing, 0, len(rb.starts))
	}
	lb := listingBuilder{opt: rb.opt, cols: b.Cols}
	if rb.fields != nil && rb.fields.cols == b.Cols {
		lb.fieldIndex = *rb.fields // worked out once per table, by the reader
	}
	for k, start := range rb.starts {
		end := int32(len(rb.rows))
		if k+1 < len(rb.starts) {
			end = rb.starts[k+1]
		}
		// The listing is built in its place in the batch (whose capacity
		// is one per start), not built aside and copied in.
		b.Listings = b.Listings[:len(b.Listings)+1]
		lb.spare = &b.Listings[len(b.Listings)-1]
		lb.curL = lb.newListing(rb.rows[start])
		for _, row := range rb.rows[start+1 : end] {
			lb.foldListing(row)
		}
		lb.curL = nil
	}
	for _, s := range rb.slabs {
		if cap(s) == cellSlab {
			slabPool.put(s)
		}
	}
	rowsPool.put(rb.rows)
	startsPool.put(rb.starts)
	rb.rows, rb.starts, rb.slabs = nil, nil, nil
	return b
}

// Release hands the listings or orders of b back for reuse by later
// batches (RawBatch.Build, OrderReader.Next); b must not be used
// afterwards. Calling it is optional: a batch that is not released is left
// to the garbage collector.
func (b *Batch) Release() {
	if b.ring != nil {
		b.ring.release(b.idx)
		b.ring = nil
	}
	if b.Listings != nil {
		listingPool.put(b.Listings)
		b.Listings = nil
	}
	if b.Orders != nil {
		orderPool.put(b.Orders)
		b.Orders = nil
	}
}

// Rows returns the number of rows of the batch, blank and continuation
// rows included.
func (rb *RawBatch) Rows() int { return rb.b.Rows }
