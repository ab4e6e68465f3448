package fix

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/safeio"
	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// Config is one catalog to copy with its marks and fixes.
type Config struct {
	In  string // the seller's catalog: XLSX, CSV, TSV or TXT; never modified
	Out string // the copy to write, in the format of In

	// Check is how the catalog is checked: its rules, reader options
	// (sheet, --map, encoding) and workers. Write sets the inputs, the
	// writers and OnFinding itself.
	Check pipeline.Config

	// Findings are the findings of a run of Check over In, in any order,
	// with texts that stay valid (see Keep); nil: Write runs the check.
	// Write sorts them by row, in place. Order findings are left out.
	Findings []checks.Finding

	Options // Options.Rules defaults to Check.Rules
}

// Result is what Write did.
type Result struct {
	Changes []Change // every change made, in file order
	Marked  int      // cells highlighted
	Rows    int      // rows with at least one problem
	// Kept counts the rows whose fixes were not made because a check of
	// the copy found that they changed another finding (a cut title that
	// no longer says what the product is, for one): they stay marked.
	Kept int
	// Found is the number of findings of the input; Worst the most
	// serious one that the copy still has (0 when none).
	Found int
	Worst checks.Severity
	// ChangesFile is the file that lists the changes of a text catalog
	// (Out with .changes.csv); "" for a workbook, whose Changes sheet
	// lists them.
	ChangesFile string

	cleared  map[clearKey]bool
	streamed bool // the workbook's sheet was copied row by row
}

// ChangesPath is where Write lists the changes of a text catalog written
// to out.
func ChangesPath(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".changes.csv"
}

// Write copies cfg.In to cfg.Out with the fixes of cfg.Options made and
// every finding marked. The copy keeps the seller's sheets, rows, columns,
// order and formatting; a cell that is not fixed keeps its value.
//
// The copy is checked again before it is put in place: a row where the
// check finds anything but the fixed findings gone (a new finding, or
// another one changed or gone) is copied without its fixes, marked only.
// So a check of Out reports exactly the findings of In minus the ones
// Result.Cleared names. Out is written atomically and is refused when it
// is In, under any name.
func Write(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Rules == nil {
		cfg.Rules = cfg.Check.Rules
	}
	if cfg.Rules == nil {
		cfg.Rules = checks.Default()
	}
	tr := i18n.For(cfg.Rules.Language)
	if cfg.In == "" || cfg.In == "-" {
		return nil, errors.New(tr.T(errStdin))
	}
	if cfg.Out == "" || cfg.Out == "-" {
		return nil, errors.New(tr.T(errNoOut))
	}
	if err := checkOutput(tr, cfg.In, cfg.Out); err != nil {
		return nil, err
	}
	cfg.Check.Rules = cfg.Rules
	cfg.Check.Writers, cfg.Check.Progress, cfg.Check.OnMetric, cfg.Check.Orders = nil, nil, nil, nil
	p, err := NewPlanner(cfg.Options)
	if err != nil {
		return nil, err
	}
	read := cfg.Check.Read
	read.Aliases = cfg.Rules.Aliases
	lay, err := readLayout(ctx, tr, cfg.In, read)
	if err != nil {
		return nil, err
	}
	found := cfg.Findings
	if found == nil {
		if found, err = findings(ctx, cfg.Check, cfg.In, ""); err != nil {
			return nil, err
		}
	}
	// The findings are sorted by row, and each row's are a part of them.
	found = slices.DeleteFunc(found, func(f checks.Finding) bool { return f.Kind == "order" })
	slices.SortStableFunc(found, func(a, b checks.Finding) int {
		return cmp.Or(strings.Compare(a.Pos.Sheet, b.Pos.Sheet), a.Pos.Row-b.Pos.Row)
	})
	byRow := map[rowKey][]checks.Finding{}
	for i := 0; i < len(found); {
		k := rowKey{found[i].Pos.Sheet, found[i].Pos.Row}
		j := i + 1
		for j < len(found) && found[j].Pos.Sheet == k.sheet && found[j].Pos.Row == k.row {
			j++
		}
		if k.row > 0 {
			byRow[k] = found[i:j:j]
		}
		i = j
	}

	// Each round is written beside Out under a temporary name with Out's
	// extension, so that the reader takes it for what it is.
	dir, ext := filepath.Dir(cfg.Out), filepath.Ext(cfg.Out)
	tf, err := os.CreateTemp(dir, ".aecheck-fix-*"+ext)
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", cfg.Out, err)
	}
	tmp := tf.Name()
	tf.Close()
	// Recorded with the reports' temporary files, so that a signal
	// removes them with the others and keeps the previous copy in place.
	reports.TrackTemp(tmp)
	reports.TrackTemp(ChangesPath(tmp))
	defer reports.RemoveTemp(tmp)
	defer reports.RemoveTemp(ChangesPath(tmp))

	keep := *p
	keep.opt.NoFix = true
	w := &job{in: cfg.In, out: tmp, p: p, keep: &keep, lay: lay, byRow: byRow, skip: map[rowKey]bool{}}
	for round := 0; ; round++ {
		w.res = &Result{}
		if lay.delim == 0 {
			err = w.xlsx(ctx)
		} else {
			w.res.ChangesFile = ChangesPath(tmp)
			err = w.text(ctx)
		}
		if err != nil {
			return nil, err
		}
		if len(w.res.Changes) == 0 || w.all {
			break
		}
		bad, err := w.verify(ctx, cfg.Check, found)
		if err != nil {
			return nil, err
		}
		if len(bad) == 0 {
			break
		}
		n := len(w.skip)
		for k := range bad {
			if w.changed[k] {
				w.skip[k] = true
			}
		}
		if len(w.skip) == n || round == maxRounds-1 {
			// The differences are not where the changes are: keep the
			// file as it was, marked only.
			w.all = true
		}
	}
	w.res.Found = len(found)
	for i := range found {
		if !w.res.Cleared(&found[i]) {
			w.res.Worst = max(w.res.Worst, found[i].Severity)
		}
	}
	w.res.Kept = len(w.skip)
	if w.all {
		w.res.Kept = len(w.changed)
	}
	if w.res.ChangesFile != "" {
		w.res.ChangesFile = ChangesPath(cfg.Out)
		if err := reports.RenameTemp(ChangesPath(tmp), w.res.ChangesFile); err != nil {
			return nil, fmt.Errorf("write %s: %w", w.res.ChangesFile, err)
		}
	}
	if err := reports.RenameTemp(tmp, cfg.Out); err != nil {
		return nil, fmt.Errorf("write %s: %w", cfg.Out, err)
	}
	return w.res, nil
}

// maxRounds is how many times a copy is written and checked before its
// fixes are given up: each round keeps the rows the last check found
// changed, and a second round rarely finds any.
const maxRounds = 3

// findings runs the check over path and returns its findings. With name
// set, the findings name that file instead of path (a copy checked in
// the place of its original).
func findings(ctx context.Context, cfg pipeline.Config, path, name string) ([]checks.Finding, error) {
	var out []checks.Finding
	cfg.Catalogs = []pipeline.Input{{Path: path}}
	cfg.Read.Name = name
	cfg.Read.ReuseMemory = true
	cfg.OnFinding = func(f *checks.Finding) { out = append(out, Keep(f)) }
	res, err := pipeline.Run(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if len(res.Failed) > 0 {
		return nil, res.Failed[0]
	}
	if out == nil {
		out = []checks.Finding{}
	}
	return out, nil
}

// verify checks the copy and returns the rows where its findings are not
// those of the input minus the cleared ones, with the rows a duplicate
// finding there points to.
func (w *job) verify(ctx context.Context, cfg pipeline.Config, before []checks.Finding) (map[rowKey]bool, error) {
	after, err := findings(ctx, cfg, w.out, w.in)
	if err != nil {
		return nil, err
	}
	want := map[clearKey]int{}
	for i := range before {
		if f := &before[i]; !w.res.Cleared(f) {
			want[keyOf(f)]++
		}
	}
	bad := map[rowKey]bool{}
	mark := func(f *checks.Finding) {
		bad[rowKey{f.Pos.Sheet, f.Pos.Row}] = true
		if f.Ref.Row > 0 {
			bad[rowKey{f.Ref.Sheet, f.Ref.Row}] = true
		}
	}
	for i := range after {
		k := keyOf(&after[i])
		if want[k] > 0 {
			want[k]--
			continue
		}
		mark(&after[i])
	}
	for i := range before {
		f := &before[i]
		if k := keyOf(f); want[k] > 0 {
			want[k]--
			mark(f)
		}
	}
	return bad, nil
}

// same reports whether two paths name the same file by their cleaned
// absolute names (CheckOutputs compares existing files by identity).
func same(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// job is one run of Write.
type job struct {
	in, out string   // the catalog, and where this round's copy goes
	p       *Planner // the fixes of the options
	keep    *Planner // no fixes, for the rows in skip
	lay     *layout
	byRow   map[rowKey][]checks.Finding
	res     *Result

	changed map[rowKey]bool // the rows this round changed
	skip    map[rowKey]bool // rows copied without their fixes
	all     bool            // every row copied without its fixes
}

// planRow is Planner.planRow with the rows that keep their values
// planned without fixes, and the rows changed recorded.
func (w *job) planRow(t *readers.Columns, at readers.Pos, value func(col int) string) rowPlan {
	k := rowKey{at.Sheet, at.Row}
	p := w.p
	if w.all || w.skip[k] {
		p = w.keep
	}
	rp := p.planRow(t, at, value, w.byRow[k])
	w.res.clear(&rp)
	for i := range rp.cells {
		if len(rp.cells[i].changes) > 0 {
			if w.changed == nil {
				w.changed = map[rowKey]bool{}
			}
			w.changed[k] = true
		}
	}
	return rp
}

// rows returns the rows of a table to look at, in order: the rows of its
// listings and those with findings.
func (w *job) rows(t *readers.Columns) []int {
	rs := slices.Clone(w.lay.rows[t])
	for k := range w.byRow {
		if k.sheet == t.Sheet && k.row > t.HeaderRow {
			rs = append(rs, k.row)
		}
	}
	slices.Sort(rs)
	return slices.Compact(rs)
}

// layout is what the reader found in a file: its tables (sheets, header
// rows, where each field is) and the rows that hold a listing.
type layout struct {
	tables []*readers.Columns
	rows   map[*readers.Columns][]int
	delim  byte   // text: the field separator; 0 for a workbook
	enc    string // text: the encoding
}

// readLayout reads the catalog once, as the checks read it, for the
// tables and the rows of its listings; its errors are in the language of tr.
func readLayout(ctx context.Context, tr *i18n.Printer, path string, opt readers.Options) (*layout, error) {
	opt.ReuseMemory = false
	r, err := readers.OpenCatalog(path, nil, opt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	lay := &layout{rows: map[*readers.Columns][]int{}, delim: r.Delimiter(), enc: r.Encoding()}
	for r.Next() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b := r.Batch()
		for i := range b.Listings {
			l := &b.Listings[i]
			lay.rows[l.Cols] = append(lay.rows[l.Cols], l.Pos.Row)
		}
		b.Release()
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	lay.tables = r.Tables()
	if len(lay.tables) == 0 {
		return nil, errors.New(tr.Sprintf(errNoTable, path))
	}
	if lay.delim == 0 && !strings.EqualFold(filepath.Ext(path), ".xlsx") && !strings.EqualFold(filepath.Ext(path), ".xlsm") {
		return nil, errors.New(tr.Sprintf(errFormat, path))
	}
	return lay, nil
}

// clearKey names a finding.
type clearKey struct {
	sheet      string
	row, col   int
	check, msg string
}

func keyOf(f *checks.Finding) clearKey {
	return clearKey{f.Pos.Sheet, f.Pos.Row, f.Pos.Col, f.Check, f.Message}
}

// Cleared reports whether a change of the copy clears finding f: a check
// of the copy no longer reports it.
func (r *Result) Cleared(f *checks.Finding) bool { return r.cleared[keyOf(f)] }

// clear records the findings a row's changes clear.
func (r *Result) clear(rp *rowPlan) {
	for _, f := range rp.cleared {
		if r.cleared == nil {
			r.cleared = map[clearKey]bool{}
		}
		r.cleared[keyOf(f)] = true
	}
}

// Keep returns a copy of f whose texts share no memory with the input, for
// a finding kept past pipeline.Config.OnFinding (which may reuse it).
func Keep(f *checks.Finding) checks.Finding {
	c := *f
	c.Shop, c.Entity, c.Value, c.Message = strings.Clone(c.Shop), strings.Clone(c.Entity), strings.Clone(c.Value), strings.Clone(c.Message)
	c.Pos.File, c.Pos.Field, c.Pos.Sheet = strings.Clone(c.Pos.File), strings.Clone(c.Pos.Field), strings.Clone(c.Pos.Sheet)
	c.Ref.File, c.Ref.Field, c.Ref.Sheet = strings.Clone(c.Ref.File), strings.Clone(c.Ref.Field), strings.Clone(c.Ref.Sheet)
	return c
}

// CheckOutput returns an error when out would replace in, or the file that
// lists the changes of a text catalog would: under the same name, through
// "..", or through a link.
func CheckOutput(in, out string) error { return checkOutput(i18n.For(i18n.English), in, out) }

// checkOutput is CheckOutput with its error in the language of tr.
// The common case, the catalog itself named as the copy, is said in the
// seller's language before the identity checks of safeio.
func checkOutput(tr *i18n.Printer, in, out string) error {
	if same(in, out) || same(in, ChangesPath(out)) {
		return errors.New(tr.Sprintf(errSame, out, in))
	}
	return safeio.CheckOutputs([]string{in}, []string{out, ChangesPath(out)})
}
