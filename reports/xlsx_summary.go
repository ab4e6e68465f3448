package reports

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// severityHelp says, on the Summary sheet, what each severity means for
// the seller and when to fix it.
var severityHelp = []struct {
	sev  checks.Severity
	text string
}{
	{checks.Error, i18n.N("AliExpress will refuse the listing, take it down or penalise the shop. Fix these before you upload.")},
	{checks.Warning, i18n.N("The listing can go online, but it is likely to sell less, be questioned or cause disputes. Fix these next.")},
	{checks.Info, i18n.N("A suggestion that makes the listing better. Fix these when you have time.")},
}

func (b *book) summarySheet(findingSheets, orderSheets []string) error {
	x, sum, st := b.x, b.sum, b.st
	s := b.sheet(b.n(sheetSummary), 34, 44, 12, 12, 12, 12, 12, 12, 12, 12, 40)
	run := x.run

	s.line(sc{b.T("aecheck report"), st.title})
	s.line(sc{b.T("This workbook lists the problems aecheck found in your files, where they are and how to fix them."), st.note})
	s.blank()
	tool := run.Tool
	if tool == "" {
		tool = x.opt.Tool
	}
	s.line(sc{b.T("Made by"), st.bold}, text(tool))
	if run.Command != "" {
		s.line(sc{b.T("Command"), st.bold}, run.Command)
	}
	if t := asOf(run, sum); !t.IsZero() {
		s.line(sc{b.T("Orders counted up to (as of)"), st.bold}, t.Format("2006-01-02 15:04 MST"))
	}
	for i, in := range run.Inputs {
		label := ""
		if i == 0 {
			label = b.T("Files checked")
		}
		s.line(sc{label, st.bold}, in)
	}

	s.blank()
	s.line(sc{b.T("What to do first"), st.section})
	if len(x.whole) > 0 {
		s.line(b.T("First add the columns listed under \"Problems of a whole file\" below: one change there fixes every product of the file."))
	}
	s.line(b.T("1. Open the Findings sheet. Use the filter on the Severity column to show the errors only."))
	s.line(b.T("2. For each row, go to the file, sheet, row and column it names and make the change in \"How to fix\"."))
	s.line(b.T("3. Start with the errors, then the checks with the most findings (table below): one change often fixes many rows."))
	s.line(b.T("4. Run aecheck again on the corrected file until no errors are left."))
	s.blank()
	s.line(sc{b.T("What the severities mean"), st.section})
	for _, h := range severityHelp {
		s.line(sc{b.T(h.sev.String()), st.severity(h.sev)}, b.T(h.text))
	}

	b.wholeFileTable(s)

	s.blank()
	s.line(sc{b.T("Files read"), st.section})
	s.headerRow(st.header, b.T("File"), b.T("Sheet"), b.T("Rows read"), b.T("Checked"), b.T("Rejected"), b.T("Continuation"), b.T("Blank"), b.T("Header row"), b.T("Shop"), b.T("Kind"), b.T("Problem"))
	for _, fs := range sum.Files {
		var hdr any
		if fs.HeaderRow > 0 {
			hdr = fs.HeaderRow
		}
		problem := any(nil)
		if fs.Error != "" {
			problem = sc{fs.Error, st.bad}
		}
		s.line(fs.Path, text(fs.Sheet), fs.Rows, fs.Checked, fs.Rejected, fs.Continuation, fs.Blank, hdr, text(fs.Shop), text(fs.Kind), problem)
	}
	s.line(sc{b.T("Total"), st.bold}, nil, sc{sum.Rows, st.bold}, sc{sum.Checked, st.bold}, sc{sum.Rejected, st.bold})
	s.line(sc{b.T("Continuation rows are extra rows of a product (more images or variants); blank rows are empty rows. Both count as checked."), st.note})
	b.shopTable(s)

	s.blank()
	s.line(sc{b.T("Every row is accounted for"), st.section})
	ok := sum.Rows == sum.Checked+sum.Rejected
	verdict := sc{b.T("yes"), st.good}
	if !ok {
		verdict = sc{b.T("NO: some rows are missing from the count; please report this"), st.bad}
	}
	s.line(b.T("Rows read = checked + rejected"), fmt.Sprintf("%d = %d + %d", sum.Rows, sum.Checked, sum.Rejected), verdict)
	s.line(sc{b.T("A rejected row could not be checked (a required value is missing or cannot be read); it is listed on the Findings sheet."), st.note})

	s.blank()
	s.line(sc{b.T("Why rows were rejected"), st.section})
	s.headerRow(st.header, b.T("Reason"), b.T("Rows"))
	reasons := slices.Sorted(maps.Keys(sum.Reasons))
	for _, r := range reasons {
		s.line(r, sum.Reasons[r])
	}
	if len(reasons) == 0 {
		s.line(b.T("No row was rejected."))
	}

	s.blank()
	s.line(sc{b.T("Findings by severity"), st.section})
	s.headerRow(st.header, b.T("Severity"), b.T("Findings"))
	for _, h := range severityHelp {
		s.line(sc{b.T(h.sev.String()), st.severity(h.sev)}, sum.BySeverity[h.sev])
	}
	s.line(sc{b.T("Total"), st.bold}, sc{sum.Findings, st.bold})
	if len(findingSheets) > 1 || len(orderSheets) > 1 {
		s.line(sc{b.Sprintf("There are more findings than one Excel sheet can hold: they continue on %s.",
			strings.Join(append(append([]string{}, findingSheets[1:]...), tail(orderSheets)...), ", ")), st.note})
	}
	if n := x.byProduct.count(); n > 0 {
		s.line(sc{b.Sprintf("The By product sheet has one row for each of the %d products with findings, its problems in one cell, the worst first: filter or sort it by the Errors column.", n), st.note})
		if left := n - b.byProductRows(); left > 0 {
			s.line(sc{b.Sprintf("%d products did not fit on the By product sheet; the JSONL and CSV outputs list every finding.", left), st.bad})
		}
	}
	if n := x.wholeFileCount(); n > 0 {
		s.line(sc{b.Sprintf("%d of these findings come from a column a whole file lacks: the Findings sheet lists each such problem once (see \"Problems of a whole file\"); the JSONL and CSV outputs list every one.", n), st.note})
	}

	if len(sum.Notes) > 0 {
		s.blank()
		s.line(sc{b.T("Notes about this run"), st.section})
		for _, n := range sum.Notes {
			s.line(n)
		}
	}

	s.blank()
	s.line(sc{b.T("Findings by check (errors first, then the most findings)"), st.section})
	top := s.headerRow(st.header, b.T("Check"), b.T("What it checks"), b.T("Severity"), b.T("Findings"))
	idx := b.checkIndex()
	ids := slices.Sorted(maps.Keys(sum.ByCheck))
	// Errors block the upload or bring penalties, so they come first
	// whatever their count; then the checks with the most findings.
	rank := func(id string) checks.Severity {
		if c := idx[id]; c != nil {
			if v, err := checks.ParseSeverity(b.severityUsed(c)); err == nil {
				return v
			}
		}
		return checks.Info
	}
	sort.SliceStable(ids, func(i, j int) bool {
		if ri, rj := rank(ids[i]), rank(ids[j]); ri != rj {
			return ri > rj
		}
		return sum.ByCheck[ids[i]] > sum.ByCheck[ids[j]]
	})
	for _, id := range ids {
		var title, sev any
		if c := idx[id]; c != nil {
			t, _, _ := c.Texts(b.tr)
			title = text(t)
			sev = b.T(b.severityUsed(c))
		}
		s.line(id, title, sev, sum.ByCheck[id])
	}
	if len(ids) == 0 {
		s.line(b.T("No problem found."))
	}
	if err := s.done(); err != nil {
		return err
	}
	if len(ids) > 0 {
		first, last := top+1, s.row
		h := uint(120 + 22*len(ids))
		if h < 260 {
			h = 260
		}
		if h > 900 {
			h = 900
		}
		err := b.f.AddChart(b.n(sheetSummary), fmt.Sprintf("F%d", top), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       b.T("Findings"),
				Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", b.n(sheetSummary), first, last),
				Values:     fmt.Sprintf("'%s'!$D$%d:$D$%d", b.n(sheetSummary), first, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"305496"}},
			}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.T("Findings by check")}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 640, Height: h},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis:     countAxis(float64(slices.Max(slices.Collect(maps.Values(sum.ByCheck))))),
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		})
		if err != nil {
			return err
		}
	}
	return s.err
}

// shopTable writes the per-shop summary when the run covers several shops.
func (b *book) shopTable(s *sheet) {
	type acc struct{ files, rows, checked, rejected int }
	shops := map[string]*acc{}
	get := func(name string) *acc {
		if shops[name] == nil {
			shops[name] = &acc{}
		}
		return shops[name]
	}
	for _, fs := range b.sum.Files {
		a := get(fs.Shop)
		a.files++
		a.rows += fs.Rows
		a.checked += fs.Checked
		a.rejected += fs.Rejected
	}
	for name := range b.x.byShop {
		get(name)
	}
	if len(shops) < 2 {
		return
	}
	st := b.st
	s.blank()
	s.line(sc{b.T("By shop"), st.section})
	s.headerRow(st.header, b.T("Shop"), b.T("Files"), b.T("Rows read"), b.T("Checked"), b.T("Rejected"), b.T("Errors"), b.T("Warnings"), b.T("Info"))
	for _, name := range slices.Sorted(maps.Keys(shops)) {
		a, sev := shops[name], b.x.byShop[name]
		label := name
		if label == "" {
			label = b.T("(no shop)")
		}
		s.line(label, a.files, a.rows, a.checked, a.rejected, sev[checks.Error], sev[checks.Warning], sev[checks.Info])
	}
}

func tail(s []string) []string {
	if len(s) < 2 {
		return nil
	}
	return s[1:]
}
