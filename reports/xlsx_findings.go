package reports

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"
)

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
		ref = fd.Ref.PlaceIn(b.tr)
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
