package pipeline

import (
	"slices"
	"sync"
	"unsafe"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/reports"
)

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
	// Clear the findings so that the pool does not keep their strings
	// alive. Past their length the slice is clear already: every user
	// appends to it from empty, and the releaser clears what it merges
	// past it (catalog.go). Clearing its whole capacity, often several
	// times what a batch used, was a tenth of the releaser's work.
	clear(res.findings)
	b.findings, b.enc, b.ends = res.findings[:0], res.enc[:0], res.ends[:0]
	res.bufs = nil
	bufPool.Put(b)
}

// encode sets res.enc and res.ends to the lines of res.findings, which
// say their texts are in lang.
func encode(res *result, lang string) {
	e := encPool.Get().(*reports.FindingEncoder)
	defer encPool.Put(e)
	e.SetLang(lang)
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
