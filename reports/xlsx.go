package reports

import (
	"bufio"
	"context"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/leangc"
	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"
)

// ExcelMaxRows is the number of rows of an Excel sheet, header included.
const ExcelMaxRows = 1_048_576

// XLSXOptions tunes the XLSX report.
type XLSXOptions struct {
	// Tool names the program in the workbook properties when Run.Tool is
	// empty, such as "aecheck v0.1.0".
	Tool string
	// MaxRowsPerSheet is the number of rows of a findings sheet, header
	// included; findings past it continue on "Findings (2)" and so on.
	// 0 means ExcelMaxRows. Tests lower it.
	MaxRowsPerSheet int
	// TempDir holds the temporary files of the run; "" is the system's.
	TempDir string
}

// XLSX writes the report a seller reads: a Summary sheet, the Findings
// (continued on "Findings (2)"… past the row limit of Excel), Order
// findings, the metric sheets when metrics were given, and the Rules.
//
// Findings are kept in a temporary file until Close, which builds the
// workbook: the same run always gives the same bytes (no clock, sorted
// parts), and memory stays flat however many findings there are. The
// workbook appears at its path only when Close succeeds. An XLSX is used
// by one goroutine.
type XLSX struct {
	path    string
	opt     XLSXOptions
	run     *Run
	listing *findingSpool
	order   *findingSpool
	account *findingSpool // penalty points, activities, promotion-locked changes
	metrics []checks.Metric
	picks   productPicks // the products the Products sheet lists
	trends  []TrendPoint
	byShop  map[string]map[checks.Severity]int // findings per shop, for the per-shop summary
	whole   map[wholeFileKey]*wholeFile        // findings from a column a whole file lacks, counted
	// byProduct gathers the listing findings per product, for By product.
	byProduct *productSpool
	closed    bool
}

// CreateXLSX returns an XLSX writer to path. Nothing is created at path
// before Close; Abort removes the temporary files.
func CreateXLSX(path string, opt XLSXOptions) (*XLSX, error) {
	if opt.MaxRowsPerSheet <= 0 || opt.MaxRowsPerSheet > ExcelMaxRows {
		opt.MaxRowsPerSheet = ExcelMaxRows
	}
	if opt.MaxRowsPerSheet < 2 {
		opt.MaxRowsPerSheet = 2
	}
	// Fail now, not after the whole run, when the directory is not writable.
	probe, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	probe.Abort()
	return &XLSX{path: path, opt: opt}, nil
}

// Begin implements Writer.
func (x *XLSX) Begin(run *Run) error {
	x.run = run
	return nil
}

// Findings implements Writer. Listing findings go to the Findings sheets,
// order findings (Kind "order") to Order findings.
func (x *XLSX) Findings(fs []checks.Finding) error {
	if x.closed {
		return fmt.Errorf("xlsx %s: findings after close", x.path)
	}
	for i := range fs {
		if x.byShop == nil {
			x.byShop = map[string]map[checks.Severity]int{}
		}
		if x.byShop[fs[i].Shop] == nil {
			// A copy: the finding's texts may be in memory the run reuses.
			x.byShop[strings.Clone(fs[i].Shop)] = map[checks.Severity]int{}
		}
		x.byShop[fs[i].Shop][fs[i].Severity]++
		if err := x.addProduct(&fs[i]); err != nil {
			return fmt.Errorf("xlsx %s: %w", x.path, err)
		}
		if k, ok := wholeFileOf(&fs[i]); ok {
			x.addWholeFile(k, &fs[i])
			continue
		}
		sp := &x.listing
		switch fs[i].Kind {
		case "order":
			sp = &x.order
		case checks.AccountKind:
			sp = &x.account
		}
		if *sp == nil {
			s, err := newFindingSpool(x.opt.TempDir)
			if err != nil {
				return fmt.Errorf("xlsx %s: %w", x.path, err)
			}
			*sp = s
		}
		if err := (*sp).add(&fs[i]); err != nil {
			return fmt.Errorf("xlsx %s: %w", x.path, err)
		}
	}
	return nil
}

// Metrics implements Writer. Metrics are few; they are kept in memory.
func (x *XLSX) Metrics(ms []checks.Metric) error {
	if x.closed {
		return fmt.Errorf("xlsx %s: metrics after close", x.path)
	}
	x.metrics = append(x.metrics, ms...)
	return nil
}

// SetTrends gives the shop metrics of earlier runs, from the nightly
// history; Close draws them on a Trends sheet (the last 30 days).
func (x *XLSX) SetTrends(ps []TrendPoint) {
	x.trends = append(x.trends[:0:0], ps...)
}

// Abort implements Writer: it removes the temporary files; no workbook is
// written.
func (x *XLSX) Abort() {
	x.closed = true
	x.listing.remove()
	x.order.remove()
	x.account.remove()
	x.byProduct.remove()
}

// Close implements Writer: it builds the workbook and moves it into place.
func (x *XLSX) Close(sum *Summary) error {
	if x.closed {
		return fmt.Errorf("xlsx %s: already closed", x.path)
	}
	x.closed = true
	defer x.listing.remove()
	defer x.order.remove()
	defer x.account.remove()
	defer x.byProduct.remove()
	if sum == nil {
		sum = &Summary{}
	}
	if x.run == nil {
		x.run = &Run{}
	}
	if err := x.write(sum); err != nil {
		return fmt.Errorf("write %s: %w", x.path, err)
	}
	return nil
}

func (x *XLSX) write(sum *Summary) (err error) {
	out, err := CreateAtomic(x.path)
	if err != nil {
		return err
	}
	defer leangc.Lean(closeGCPercent)()
	defer func() {
		if err != nil {
			out.Abort()
		}
	}()
	// excelize's own temporary files go to a folder of the run's, which a
	// run stopped by a signal removes with the others.
	tmp, err := createTempDir(x.opt.TempDir, "aecheck-xlsx-*")
	if err != nil {
		return err
	}
	defer removeTemp(tmp)
	f := excelize.NewFile(excelize.Options{TmpDir: tmp})
	defer f.Close()
	b := &book{f: f, x: x, sum: sum, tr: i18n.For(x.run.Lang)}
	if err := b.build(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	zw, err := newSortedZip(bw, tmp)
	if err != nil {
		return err
	}
	defer zw.discard()
	zw.splices = b.splices
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if err := f.Write(io.Discard); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return out.Commit()
}

// closeGCPercent is the garbage collector's target while Close builds the
// workbook, when it was higher. excelize keeps each streamed sheet in a
// buffer of up to 32 MB until the workbook is written, and at the default
// target the heap may grow by as much again in garbage beside them. These
// buffers hold no pointers, so collecting twice as often costs little: on
// the 1M-row bench report, the peak went from 160 to 130 MB for the same
// time.
const closeGCPercent = 50

// book is one workbook being built at Close.
type book struct {
	f   *excelize.File
	x   *XLSX
	sum *Summary
	st  styles

	tr       *i18n.Printer  // the language of the workbook
	splices  []splice       // sheets whose rows are written into the zip part
	boxed    map[string]any // findingRow's repeated cells
	sevCells map[checks.Severity]any
}

// Sheet names, in workbook order, in English: book.n translates them.
var (
	sheetSummary  = i18n.N("Summary")
	sheetFindings = i18n.N("Findings")
	sheetOrders   = i18n.N("Order findings")
	// sheetAccountFindings holds the findings on penalty points,
	// activities and promotion-locked products.
	sheetAccountFindings = i18n.N("Account findings")
	sheetMetrics         = i18n.N("Metrics")
	sheetDaily           = i18n.N("Daily counts")
	sheetCarriers        = i18n.N("Carriers")
	sheetProducts        = i18n.N("Products")
	sheetTrends          = i18n.N("Trends")
	sheetRules           = i18n.N("Rules")
)

// T translates a fixed text of the workbook.
func (b *book) T(s string) string { return b.tr.T(s) }

// Sprintf formats a text of the workbook in its language.
func (b *book) Sprintf(format string, args ...any) string { return b.tr.Sprintf(format, args...) }

// n returns the name of a sheet in the language of the workbook.
func (b *book) n(sheet string) string { return b.tr.T(sheet) }

// sheetNames returns the sheets of a findings table with n rows: base,
// "base (2)", … each holding at most per rows.
func sheetNames(base string, n, per int) []string {
	names := []string{base}
	for i := 2; n > per*(i-1); i++ {
		names = append(names, fmt.Sprintf("%s (%d)", base, i))
	}
	return names
}

func (b *book) build() error {
	f, x := b.f, b.x
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	b.st = st
	per := x.opt.MaxRowsPerSheet - 1
	lead := b.wholeFileFindings()
	findingSheets := sheetNames(b.n(sheetFindings), len(lead)+x.listing.count(), per)
	var orderSheets []string
	if x.order.count() > 0 {
		orderSheets = sheetNames(b.n(sheetOrders), x.order.count(), per)
	}
	var accountSheets []string
	if x.account.count() > 0 {
		accountSheets = sheetNames(b.n(sheetAccountFindings), x.account.count(), per)
	}
	ms := newMetricSet(x.metrics)

	// Create every sheet first: the workbook order is the creation order.
	if err := f.SetSheetName("Sheet1", b.n(sheetSummary)); err != nil {
		return err
	}
	order := slices.Clone(findingSheets)
	if x.byProduct.count() > 0 {
		order = append(order, b.n(sheetByProduct))
	}
	order = slices.Concat(order, orderSheets, accountSheets)
	if len(ms.account) > 0 {
		order = append(order, b.n(sheetAccount))
	}
	if len(ms.shop) > 0 {
		order = append(order, b.n(sheetMetrics))
	}
	if len(ms.day) > 0 {
		order = append(order, b.n(sheetDaily))
	}
	if len(ms.carrier) > 0 {
		order = append(order, b.n(sheetCarriers))
	}
	if len(ms.product) > 0 || x.picks.total > 0 {
		order = append(order, b.n(sheetProducts))
	}
	if len(x.trends) > 0 {
		order = append(order, b.n(sheetTrends))
	}
	order = append(order, b.n(sheetRules))
	for _, name := range order {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}

	if err := b.summarySheet(findingSheets, orderSheets); err != nil {
		return err
	}
	if err := b.findingSheets(findingSheets, lead, x.listing, i18n.N("Product id")); err != nil {
		return err
	}
	if x.byProduct.count() > 0 {
		if err := b.byProductSheet(b.n(sheetByProduct)); err != nil {
			return err
		}
	}
	if err := b.findingSheets(orderSheets, nil, x.order, i18n.N("Order id")); err != nil {
		return err
	}
	if err := b.findingSheets(accountSheets, nil, x.account, i18n.N("Violation, activity or product")); err != nil {
		return err
	}
	if len(ms.account) > 0 {
		if err := b.accountSheet(ms.account); err != nil {
			return err
		}
	}
	if err := b.metricSheets(ms); err != nil {
		return err
	}
	if len(x.trends) > 0 {
		if err := b.trendSheet(); err != nil {
			return err
		}
	}
	if err := b.rulesSheet(); err != nil {
		return err
	}
	// Print settings last: filters written above reset the sheet
	// properties (the streamed sheets got theirs before streaming).
	for _, name := range f.GetSheetList() {
		if slices.Contains(findingSheets, name) || slices.Contains(orderSheets, name) {
			continue
		}
		if err := printLayout(f, name); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)

	tool := x.run.Tool
	if tool == "" {
		tool = x.opt.Tool
	}
	if tool == "" {
		tool = "aecheck"
	}
	stamp := docTime(x.run, b.sum)
	return f.SetDocProps(&excelize.DocProperties{
		Title:          b.T("aecheck report"),
		Subject:        b.T("Problems found in AliExpress catalog and order files"),
		Creator:        tool,
		LastModifiedBy: tool,
		Created:        stamp,
		Modified:       stamp,
		Revision:       "1",
		Language:       b.tr.Lang(),
	})
}

// printLayout makes a sheet print the way a seller expects: landscape, all
// columns on one page width, as many pages down as needed.
func printLayout(f *excelize.File, sheet string) error {
	landscape, one, zero, fit := "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// docTime is the workbook's created and modified time: the run's as-of, or
// a fixed date for catalog-only runs, never the clock.
func docTime(run *Run, sum *Summary) string {
	t := asOf(run, sum)
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC().Format(time.RFC3339)
}

func asOf(run *Run, sum *Summary) time.Time {
	if sum != nil && !sum.AsOf.IsZero() {
		return sum.AsOf
	}
	if run != nil {
		return run.AsOf
	}
	return time.Time{}
}

// nFindingColumns is len(findingColumns), for arrays indexed by column.
const nFindingColumns = 13

// findingColumns are the columns of the Findings sheets.
var findingColumns = []struct {
	head  string
	width float64
}{
	{i18n.N("Severity"), 10},
	{i18n.N("Check"), 24},
	{i18n.N("File"), 24},
	{i18n.N("Sheet"), 14},
	{i18n.N("Row"), 7},
	{i18n.N("Column"), 20},
	{i18n.N("Cell"), 8},
	{"", 20}, // entity: "Product id" or "Order id"
	{i18n.N("Value"), 30},
	{i18n.N("What is wrong"), 60},
	{i18n.N("How to fix"), 60},
	{i18n.N("Shop"), 14},
	{i18n.N("Same as (first seen at)"), 30},
}

// findingSheets streams the findings lead, then those of sp, over the
// given sheets, per rows each. Every sheet gets its dimension and filter
// range before streaming, as the stream writer writes them first.
func (b *book) findingSheets(names []string, lead []checks.Finding, sp *findingSpool, entityHead string) error {
	if len(names) == 0 {
		return nil
	}
	f := b.f
	per := b.x.opt.MaxRowsPerSheet - 1
	total := len(lead) + sp.count()
	lastCol, _ := excelize.ColumnNumberToName(len(findingColumns))
	header := make([]any, len(findingColumns))
	for i, c := range findingColumns {
		h := b.T(c.head)
		if c.head == "" {
			h = b.T(entityHead)
		}
		header[i] = excelize.Cell{StyleID: b.st.header, Value: h}
	}
	// The short columns fit their longest text; the long texts wrap.
	var widest [nFindingColumns]int
	if sp != nil {
		widest = sp.longest
	}
	for i := range lead {
		var m findingSpool
		m.measure(&lead[i])
		for c, n := range m.longest {
			widest[c] = max(widest[c], n)
		}
	}
	fits := [nFindingColumns]bool{1: true, 2: true, 3: true, 5: true, 7: true, 11: true}
	var (
		sw    *excelize.StreamWriter
		sheet int
		row   int
	)
	open := func(i int) error {
		n := total - i*per
		if n > per {
			n = per
		}
		if n < 0 {
			n = 0
		}
		name := names[i]
		ref := fmt.Sprintf("A1:%s%d", lastCol, n+1)
		if err := f.SetSheetDimension(name, ref); err != nil {
			return err
		}
		if err := f.AutoFilter(name, ref, nil); err != nil {
			return err
		}
		if err := printLayout(f, name); err != nil {
			return err
		}
		if err := printTitles(f, name, 1); err != nil {
			return err
		}
		// Printed, the table keeps the columns a seller works from (up to
		// How to fix); the shop and the first occurrence stay on screen.
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
			RefersTo: fmt.Sprintf("'%s'!$A$1:$K$%d", strings.ReplaceAll(name, "'", "''"), n+1), Scope: name}); err != nil {
			return err
		}
		s, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := s.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		for c, col := range findingColumns {
			w := col.width
			if fits[c] {
				w = fitWidth(header[c].(excelize.Cell).Value.(string), widest[c])
			}
			if err := s.SetColWidth(c+1, c+1, w); err != nil {
				return err
			}
		}
		// What is wrong and How to fix wrap: a column style, which excelize
		// gives every cell of the column that has none of its own.
		if err := s.SetColStyle(10, 11, b.st.wrap); err != nil {
			return err
		}
		if err := s.SetRow("A1", header, excelize.RowOpts{StyleID: b.st.header}); err != nil {
			return err
		}
		sw, row = s, 1
		return nil
	}
	if err := open(0); err != nil {
		return err
	}
	// One goroutine reads the spool and makes the cells of each row;
	// another hands the rows to excelize, which takes most of the time: the
	// two overlap (2.1-3.2 s less on the 1M-row bench report). Two batches
	// of rows go round between them, so memory stays at two batches.
	g, ctx := errgroup.WithContext(context.Background())
	full, free := make(chan *rowBatch, 1), make(chan *rowBatch, 2)
	for range cap(free) {
		free <- newRowBatch()
	}
	g.Go(func() error {
		defer close(full)
		rb := <-free
		add := func(fd *checks.Finding) error {
			vals := rb.next()
			rb.lines[rb.n-1] = b.findingRow(vals, fd)
			if rb.n < len(rb.rows) {
				return nil
			}
			select {
			case full <- rb:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case rb = <-free:
				rb.n = 0
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		}
		var err error
		for i := range lead {
			if err = add(&lead[i]); err != nil {
				break
			}
		}
		if err == nil {
			err = sp.each(add)
		}
		if err == nil && rb.n > 0 {
			select {
			case full <- rb:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return err
	})
	g.Go(func() error {
		for rb := range full {
			for i, vals := range rb.rows[:rb.n] {
				if row > per {
					if err := sw.Flush(); err != nil {
						return err
					}
					sheet++
					if err := open(sheet); err != nil {
						return err
					}
				}
				row++
				cell, _ := excelize.CoordinatesToCellName(1, row)
				var err error
				if lines := rb.lines[i]; lines > 1 {
					err = sw.SetRow(cell, vals, excelize.RowOpts{Height: rowHeight(lines)})
				} else {
					err = sw.SetRow(cell, vals)
				}
				if err != nil {
					return err
				}
			}
			free <- rb
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return err
	}
	return sw.Flush()
}

// fitWidth is the width of a column whose header is head and whose longest
// text has n characters: room for both, at most 50 characters.
func fitWidth(head string, n int) float64 {
	return float64(min(max(n, utf8.RuneCountInString(head))+2, 50))
}

// rowBatch is rows of finding cells on their way from the spool reader to
// the stream writer.
type rowBatch struct {
	rows  [][]any
	lines []int // the lines of text of each row, for its height
	n     int
}

func newRowBatch() *rowBatch {
	rb := &rowBatch{rows: make([][]any, 1024), lines: make([]int, 1024)}
	for i := range rb.rows {
		rb.rows[i] = make([]any, len(findingColumns))
	}
	return rb
}

// next returns the cells of the next row, to fill.
func (rb *rowBatch) next() []any {
	rb.n++
	return rb.rows[rb.n-1]
}

// findingRow fills vals with the cells of one finding and returns the
// lines its wrapped texts take. The values that repeat from row to row
// (check, file, column, fix, severity) are boxed once and reused, so a row
// costs few allocations besides excelize's own.
func (b *book) findingRow(vals []any, fd *checks.Finding) int {
	var rowNum any
	if fd.Pos.Row > 0 {
		rowNum = fd.Pos.Row
	}
	cell := ""
	if fd.Pos.Row > 0 && fd.Pos.Col > 0 {
		cell = fd.Pos.Cell()
	}
	ref := ""
	if fd.Ref != (readers.Pos{}) {
		ref = fd.Ref.Place()
	}
	vals[0] = b.severityCell(fd.Severity)
	vals[1] = b.shared(fd.Check)
	vals[2] = b.shared(fd.Pos.File)
	vals[3] = b.shared(fd.Pos.Sheet)
	vals[4] = rowNum
	vals[5] = b.shared(fd.Pos.Field)
	vals[6] = text(cell)
	vals[7] = text(fd.Entity)
	vals[8] = text(fd.Value)
	vals[9] = text(fd.Message)
	vals[10] = b.shared(fd.Fix)
	vals[11] = b.shared(fd.Shop)
	vals[12] = text(ref)
	return max(wrappedLines(len(fd.Message), findingColumns[9].width), wrappedLines(len(fd.Fix), findingColumns[10].width))
}

// shared returns text(s), boxed once per distinct s (up to maxIntern).
func (b *book) shared(s string) any {
	if s == "" {
		return nil
	}
	if v, ok := b.boxed[s]; ok {
		return v
	}
	var v any = s
	if b.boxed == nil {
		b.boxed = map[string]any{}
	}
	if len(b.boxed) < maxIntern {
		b.boxed[s] = v
	}
	return v
}

// severityCell returns the styled severity cell, boxed once per severity.
func (b *book) severityCell(s checks.Severity) any {
	if b.sevCells == nil {
		b.sevCells = map[checks.Severity]any{}
	}
	v, ok := b.sevCells[s]
	if !ok {
		v = excelize.Cell{StyleID: b.st.severity(s), Value: b.T(s.String())}
		b.sevCells[s] = v
	}
	return v
}

// text returns s as a cell value, nil (no cell) when empty.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// all translates every text of ss.
func (b *book) all(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = b.T(s)
	}
	return out
}
