package pipeline

import (
	"fmt"

	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

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
