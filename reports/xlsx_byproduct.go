package reports

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
)

// sheetByProduct lists one row per product with findings.
var sheetByProduct = i18n.N("By product")

// byProductChecks is the most checks a By product cell names; the rest
// are counted ("… and 3 more"): a cell that needs scrolling is not read,
// and the Findings sheet has every finding.
const byProductChecks = 12

// addProduct counts f against its product. Findings without a product (a
// whole file's header, an order) have no row on By product.
func (x *XLSX) addProduct(f *checks.Finding) error {
	if f.Entity == "" || f.Kind == "order" || f.Kind == checks.AccountKind {
		return nil
	}
	p := x.byProduct
	if p == nil {
		tf, err := createTemp(x.opt.TempDir, "aecheck-products-*.spool")
		if err != nil {
			return fmt.Errorf("create temporary file: %w", err)
		}
		p = &productSpool{f: tf, bw: bufio.NewWriterSize(tf, 64<<10)}
		x.byProduct = p
	}
	c := &p.cur
	if !p.open || c.entity != f.Entity || c.file != f.Pos.File || c.sheet != f.Pos.Sheet {
		if err := p.flush(); err != nil {
			return err
		}
		p.open = true
		// The file and sheet are those of the product before, mostly.
		if c.file != f.Pos.File {
			c.file = strings.Clone(f.Pos.File)
		}
		if c.sheet != f.Pos.Sheet {
			c.sheet = strings.Clone(f.Pos.Sheet)
		}
		c.entity = strings.Clone(f.Entity)
		c.row, c.title = f.Pos.Row, ""
		if l := x.listingOf(f); l != nil {
			// The product's own row and title, whatever the finding is
			// about: the seller finds the product by them.
			c.row = l.Pos.Row
			if l.Title != "" {
				c.title = strings.Clone(l.Title)
			}
		}
	}
	if c.title == "" && f.Value != "" && strings.HasPrefix(f.Check, "title") {
		// The checks on the title give it as their value: the product's name
		// as the seller wrote it.
		c.title = strings.Clone(f.Value)
	}
	c.counts[sevIndex(f.Severity)]++
	for i := range c.probs {
		if pr := &c.probs[i]; pr.check == f.Check {
			pr.n++
			pr.sev = max(pr.sev, f.Severity)
			return nil
		}
	}
	if len(c.probs) == byProductChecks {
		c.more++
		return nil
	}
	c.probs = append(c.probs, productProblem{sev: f.Severity, check: intern(&p.checks, f.Check), n: 1})
	return nil
}

// Listings implements ListingWriter: the listings whose findings come next,
// for the title of each product on By product. Only the batch is held,
// never more: memory stays flat however many products there are.
func (x *XLSX) Listings(ls []readers.Listing) { x.batch = ls }

// listingOf returns the listing of the batch that finding f is about: the
// one that starts at f's row or, for a product on several rows, the last
// one starting before it with f's product id. Nil when the batch does not
// hold it (a finding made once the whole catalog is read).
func (x *XLSX) listingOf(f *checks.Finding) *readers.Listing {
	ls := x.batch
	i := sort.Search(len(ls), func(i int) bool { return ls[i].Pos.Row > f.Pos.Row }) - 1
	if i < 0 {
		return nil
	}
	l := &ls[i]
	if l.Pos.File != f.Pos.File || l.Pos.Sheet != f.Pos.Sheet {
		return nil
	}
	if l.Pos.Row != f.Pos.Row && l.ProductID != f.Entity {
		return nil
	}
	return l
}

// byProductColumns are the columns of the By product sheet.
var byProductColumns = []struct {
	head  string
	width float64
}{
	{i18n.N("File"), 30},
	{i18n.N("Row"), 7},
	{i18n.N("Product id"), 20},
	{i18n.N("Title"), 40},
	{i18n.N("Worst"), 10},
	{i18n.N("Errors"), 8},
	{i18n.N("Warnings"), 10},
	{i18n.N("Info"), 7},
	{i18n.N("Problems (worst first)"), 70},
}

// The columns of byProductColumns whose width decides a row's height.
const (
	bpTitle    = 4
	bpProblems = 9
)

// byProductRows is the number of rows the By product sheet lists.
func (b *book) byProductRows() int {
	return min(b.x.byProduct.count(), b.x.opt.MaxRowsPerSheet-1)
}

// byProductSheet makes the By product sheet: one row per product with
// findings, what is wrong with it in one wrapped cell, worst first.
// excelize writes the header, widths, filter, panes and print setup; the
// rows, as many as the products, are written as sheet XML straight into
// the workbook's part by byProductRowsXML, at a fraction of the cost of
// excelize's stream writer, and without keeping the sheet in memory.
func (b *book) byProductSheet(name string) error {
	f, st := b.f, b.st
	n := b.byProductRows()
	widths := make([]float64, len(byProductColumns))
	heads := make([]string, len(byProductColumns))
	for i, c := range byProductColumns {
		widths[i], heads[i] = c.width, b.T(c.head)
	}
	s := b.sheet(name, widths...)
	s.headerRow(st.header, heads...)
	s.freeze(1)
	if err := s.done(); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(byProductColumns))
	ref := fmt.Sprintf("A1:%s%d", last, n+1)
	if err := f.SetSheetDimension(name, ref); err != nil {
		return err
	}
	if err := f.AutoFilter(name, ref, nil); err != nil {
		return err
	}
	part, err := sheetPart(f, name)
	if err != nil {
		return err
	}
	b.splices = append(b.splices, splice{part: part, rows: func(w io.Writer) error { return b.byProductRowsXML(w, n) }})
	return nil
}

// sheetPart returns the name of the workbook part of a sheet.
func sheetPart(f *excelize.File, name string) (string, error) {
	for id, n := range f.GetSheetMap() {
		if n == name {
			return fmt.Sprintf("xl/worksheets/sheet%d.xml", id), nil
		}
	}
	return "", fmt.Errorf("no sheet %q", name)
}

// byProductRowsXML writes the <row> elements of the By product sheet, from
// row 2, for the first n products. Most products share their file and
// their set of problems with many others: the XML of those cells is made
// once and reused.
func (b *book) byProductRowsXML(out io.Writer, n int) error {
	st := b.st
	w := bufio.NewWriterSize(out, 256<<10)
	xw := &sheetXML{w: w}
	titles := map[string]string{}
	for _, c := range b.x.run.Checks {
		if c != nil {
			t, _, _ := c.Texts(b.tr)
			titles[c.ID] = t
		}
	}
	type cached struct {
		xml   []byte
		lines int
	}
	problems := map[string]cached{}
	sevXML := map[checks.Severity][]byte{}
	for _, v := range []checks.Severity{checks.Info, checks.Warning, checks.Error} {
		sevXML[v] = xw.textXML(nil, b.T(v.String()), st.severity(v))
	}
	files := map[[2]string][]byte{}
	var key, cell []byte
	row := 1
	err := b.x.byProduct.each(n, func(a *productAgg) error {
		row++
		worst := checks.Info
		switch {
		case a.counts[0] > 0:
			worst = checks.Error
		case a.counts[1] > 0:
			worst = checks.Warning
		}
		key = key[:0]
		for _, pr := range a.probs {
			key = append(key, byte(pr.sev))
			key = append(key, pr.check...)
			key = binary.AppendUvarint(key, uint64(pr.n))
		}
		key = binary.AppendUvarint(key, uint64(a.more))
		pc, ok := problems[string(key)]
		if !ok {
			cell = cell[:0]
			for _, pr := range a.probs {
				if len(cell) > 0 {
					cell = append(cell, '\n')
				}
				line := b.T(pr.sev.String()) + " · "
				if t := titles[pr.check]; t != "" {
					line += t + " (" + pr.check + ")"
				} else {
					line += pr.check
				}
				if pr.n > 1 {
					line += " ×" + fmt.Sprint(pr.n)
				}
				cell = append(cell, line...)
				pc.lines += wrappedLines(len(line), byProductColumns[bpProblems-1].width)
			}
			if a.more > 0 {
				cell = append(cell, '\n')
				cell = append(cell, b.Sprintf("… and %d more: see the Findings sheet", a.more)...)
				pc.lines++
			}
			pc.xml = xw.textXML(nil, unsafeString(cell), st.wrap)
			if len(problems) < maxIntern {
				problems[string(key)] = pc
			}
		}
		fk := [2]string{a.file, a.sheet}
		fx, ok := files[fk]
		if !ok {
			place := a.file
			if a.sheet != "" {
				place += " [" + a.sheet + "]"
			}
			fx = xw.textXML(nil, place, 0)
			if len(files) < maxIntern {
				files[fk] = fx
			}
		}
		xw.startRow(row, max(pc.lines, wrappedLines(len(a.title), byProductColumns[bpTitle-1].width)))
		xw.raw(fx)
		if a.row > 0 {
			xw.number(a.row)
		} else {
			xw.empty()
		}
		xw.text(a.entity, 0)
		xw.text(a.title, st.wrap)
		xw.raw(sevXML[worst])
		xw.number(a.counts[0])
		xw.number(a.counts[1])
		xw.number(a.counts[2])
		xw.raw(pc.xml)
		xw.endRow()
		return xw.err
	})
	if err != nil {
		return err
	}
	if xw.err != nil {
		return xw.err
	}
	return w.Flush()
}

// wrappedLines is about the number of lines n characters take in a
// wrapped cell of the given width (in characters).
func wrappedLines(n int, width float64) int {
	w := max(int(width)-2, 1)
	return max((n+w-1)/w, 1)
}

// rowHeight is the height in points of a row of wrapped cells that take
// lines lines, within Excel's limit of 409 points.
func rowHeight(lines int) float64 {
	return min(15*float64(max(lines, 1)), 409)
}

// printTitles repeats the first rows of a sheet, up to row, on every
// printed page.
func printTitles(f *excelize.File, sheet string, row int) error {
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", strings.ReplaceAll(sheet, "'", "''"), row),
		Scope:    sheet,
	})
}
