package readers

import (
	"fmt"
	"io"
)

// CatalogReader reads a catalog as batches of listings. It is used by one
// goroutine: call Next until it returns false, then Err, then Close. Each
// Batch is new and may be handed to another goroutine; the reader keeps no
// reference to it.
type CatalogReader struct {
	listingBuilder
	t *TableReader

	held     *rawRow // first row of the next table, read while finishing a batch
	heldCols *Columns

	// the listing being built, with the rows that belong to it
	curCols *Columns // table of curL and the counted rows
	curRows int
	curCont int
	curBlnk int

	// raw mode (NextRaw): the rows of the listing being gathered, and its
	// product id, for the continuation rows
	raw     *RawBatch
	rawCur  []rawRow
	rawOpen bool
	rawID   string
	slab    []string   // the slab cells are copied into (raw mode)
	slabs   [][]string // the slabs of the batch being read
	rawOn   bool
	// ring recycles the memory of a CSV's cells (Options.ReuseMemory);
	// nbatch counts the batches NextRaw returned.
	ring      *chunkRing
	ringTried bool
	nbatch    int64
	shared    *fieldIndex // the index of the fields the batches share

	batch *Batch
	err   error
	done  bool
}

// OpenCatalog opens a catalog (CSV, TSV, TXT or XLSX) and reads up to its
// first data row; any problem that stops the run is an *InputError. With in
// == nil the file at path is read, otherwise in (standard input).
func OpenCatalog(path string, in io.Reader, opt Options) (*CatalogReader, error) {
	t, err := OpenTable(path, in, ListingFields, opt)
	if err != nil {
		return nil, err
	}
	return &CatalogReader{t: t, listingBuilder: listingBuilder{opt: t.opt}}, nil
}

// Next reads the next batch: up to Options.BatchSize listings of one table,
// with the continuation and blank rows that belong to them (a product's rows
// are never split between batches). A batch never spans two tables. It
// returns false at the end of the input or on an error (see Err).
func (r *CatalogReader) Next() bool {
	if r.rawOn {
		r.err = fmt.Errorf("readers: Next after NextRaw")
		return false
	}
	return r.read(nil)
}

// NextRaw is Next without building the listings: Raw returns the rows of
// the batch, and RawBatch.Build, on any goroutine, the batch Next would
// have returned. A reader is read with Next or with NextRaw, not both.
func (r *CatalogReader) NextRaw() bool {
	if r.curL != nil {
		r.err = fmt.Errorf("readers: NextRaw after Next")
		return false
	}
	r.rawOn = true
	if r.opt.ReuseMemory && !r.ringTried {
		// From the first data row on; the header rows are read by then.
		r.ringTried = true
		if ts, ok := r.t.src.(*textSource); ok {
			r.ring = newChunkRing()
			ts.sc.ring = r.ring
			ts.sc.chunk = "" // the next line starts a chunk of the ring
		}
	}
	if r.ring != nil {
		r.ring.reading = r.nbatch
	}
	rb := &RawBatch{opt: r.opt}
	rb.starts = startsPool.get()
	if rows := rowsPool.get(); rows != nil {
		rb.rows = rows
	} else {
		rb.rows = make([]rawRow, 0, min(r.opt.BatchSize, 1024))
	}
	if !r.read(rb) {
		return false
	}
	rb.b = r.batch
	if r.fieldIndex.cols == rb.b.Cols && r.fidx != nil {
		// Build uses the reader's index of the table's fields: a copy of
		// the struct, made once per table, whose slices nobody changes.
		if r.shared == nil || r.shared.cols != r.fieldIndex.cols {
			cp := r.fieldIndex
			r.shared = &cp
		}
		rb.fields = r.shared
	}
	if r.ring != nil {
		rb.b.ring, rb.b.idx = r.ring, r.nbatch
		r.nbatch++
	}
	// The batch takes the slabs its rows are in; the rows of the listing
	// still open move to a slab of the next batch.
	rb.slabs, r.slabs, r.slab = r.slabs, nil, nil
	for i := range r.rawCur {
		r.rawCur[i].cells = r.copyCells(r.rawCur[i].cells)
	}
	r.raw = rb
	return true
}

// Raw returns the batch read by the last call to NextRaw.
func (r *CatalogReader) Raw() *RawBatch { return r.raw }

// open reports whether a listing is being gathered.
func (r *CatalogReader) open() bool {
	if r.rawOn {
		return r.rawOpen
	}
	return r.curL != nil
}

// read reads the next batch into a new Batch (and, in raw mode, the rows
// into rb).
func (r *CatalogReader) read(rb *RawBatch) bool {
	if r.err != nil || r.done {
		return false
	}
	b := &Batch{File: r.opt.FileIndex}
	if rb == nil {
		b.Listings = make([]Listing, 0, min(r.opt.BatchSize, 1024))
	}
	if r.open() || r.curBlnk > 0 {
		b.Cols = r.curCols // rows carried over from the last batch
	}
	n := 0    // listings in b
	size := 0 // bytes of the cells read for b (see BatchBytes)
	for n < r.opt.BatchSize && (n == 0 || size < BatchBytes) {
		var row rawRow
		if r.held != nil {
			row, r.cols = *r.held, r.heldCols
			r.held, r.heldCols = nil, nil
		} else if r.t.Next() {
			row, r.cols = r.t.cur, r.t.Columns()
		} else {
			if err := r.t.Err(); err != nil {
				r.err = err
				return false
			}
			n += r.flush(b, rb)
			r.done = true
			break
		}
		if b.Cols != nil && r.cols != b.Cols {
			// A new table: finish this batch, keep the row for the next.
			n += r.flush(b, rb)
			held := row // a copy, so that row itself stays on the stack
			r.held, r.heldCols = &held, r.cols
			break
		}
		b.Cols = r.cols
		r.curCols = r.cols
		if blankRow(row.cells) {
			r.curBlnk++
			continue
		}
		for _, c := range row.cells {
			size += len(c)
		}
		if rb != nil {
			n += r.addRawRow(b, rb, row)
		} else {
			n += r.addListingRow(b, row)
		}
	}
	if b.Rows == 0 {
		return false
	}
	r.batch = b
	return true
}

// addRawRow is addListingRow in raw mode: it keeps the row (its cells
// copied, as an XLSX source reuses them) for Build.
func (r *CatalogReader) addRawRow(b *Batch, rb *RawBatch, row rawRow) int {
	row.cells = r.copyCells(row.cells)
	id := r.rowID(row)
	if r.rawOpen && r.continues(row, id, r.rawID) {
		r.rawCur = append(r.rawCur, row)
		r.curRows++
		r.curCont++
		return 0
	}
	n := r.flush(b, rb)
	r.rawCur, r.rawOpen = append(r.rawCur[:0], row), true
	r.rawID = id
	r.curRows = 1
	return n
}

// Batch returns the batch read by the last call to Next.
func (r *CatalogReader) Batch() *Batch { return r.batch }

// Err returns the error that stopped Next, if any: an *InputError.
func (r *CatalogReader) Err() error { return r.err }

// Close releases the file. It is safe to call more than once.
func (r *CatalogReader) Close() error { return r.t.Close() }

// Notes returns facts about the reading the seller should know (encoding
// and separator, title rows skipped, sheets skipped, absent columns).
func (r *CatalogReader) Notes() []string { return r.t.Notes() }

// Tables returns the tables read so far, one per CSV file or sheet.
func (r *CatalogReader) Tables() []*Columns { return r.t.Tables() }

// Encoding returns the encoding a text file was read with ("" for XLSX).
func (r *CatalogReader) Encoding() string { return r.t.Encoding() }

// Delimiter returns the field separator of a text file (0 for XLSX).
func (r *CatalogReader) Delimiter() byte { return r.t.Delimiter() }

// flush moves the listing being built, with its rows, into b (in raw
// mode, its rows into rb), and returns the number of listings moved.
func (r *CatalogReader) flush(b *Batch, rb *RawBatch) int {
	n := 0
	if rb != nil && r.rawOpen {
		rb.starts = append(rb.starts, int32(len(rb.rows)))
		rb.rows = append(rb.rows, r.rawCur...)
		r.rawCur, r.rawOpen = r.rawCur[:0], false
		n = 1
	} else if r.curL != nil {
		b.Listings = append(b.Listings, *r.curL)
		r.spare, r.curL = r.curL, nil
		n = 1
	}
	b.Rows += r.curRows + r.curBlnk
	b.Continuation += r.curCont
	b.Blank += r.curBlnk
	r.curRows, r.curCont, r.curBlnk = 0, 0, 0
	return n
}

// addListingRow adds a non-blank row to the listing being built, or starts
// a new listing; it returns the number of listings moved into b.
func (r *CatalogReader) addListingRow(b *Batch, row rawRow) int {
	if r.curL != nil && r.continues(row, r.rowID(row), r.curL.ProductID) {
		r.foldListing(row)
		r.curRows++
		r.curCont++
		return 0
	}
	n := r.flush(b, nil)
	r.curL = r.newListing(row)
	r.curRows = 1
	return n
}
