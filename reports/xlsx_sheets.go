package reports

import (
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/aecheck/aecheck/checks"
	"github.com/xuri/excelize/v2"
)

// styles are the cell styles of the workbook.
type styles struct {
	title, section, header, bold, wrap, note int
	sevError, sevWarning, sevInfo            int
	ok, warn, alert, na                      int
	pct, dec                                 int
	good, bad                                int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	mk := func(dst *int, s *excelize.Style) {
		if err != nil {
			return
		}
		*dst, err = f.NewStyle(s)
	}
	fill := func(c string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	pct, dec := "0.0%", "0.00"
	mk(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	mk(&st.section, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "1F4E78"}})
	mk(&st.header, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: fill("305496"),
		Alignment: &excelize.Alignment{Vertical: "center"}})
	mk(&st.bold, &excelize.Style{Font: &excelize.Font{Bold: true}})
	mk(&st.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	mk(&st.note, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}})
	mk(&st.sevError, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"}, Fill: fill("FFC7CE")})
	mk(&st.sevWarning, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C5700"}, Fill: fill("FFEB9C")})
	mk(&st.sevInfo, &excelize.Style{Font: &excelize.Font{Color: "1F4E78"}, Fill: fill("DDEBF7")})
	mk(&st.ok, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "006100"}, Fill: fill("C6EFCE")})
	mk(&st.warn, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C5700"}, Fill: fill("FFEB9C")})
	mk(&st.alert, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"}, Fill: fill("FFC7CE")})
	mk(&st.na, &excelize.Style{Font: &excelize.Font{Color: "595959"}, Fill: fill("EDEDED")})
	mk(&st.pct, &excelize.Style{CustomNumFmt: &pct})
	mk(&st.dec, &excelize.Style{CustomNumFmt: &dec})
	mk(&st.good, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "006100"}})
	mk(&st.bad, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"}})
	return st, err
}

func (st styles) severity(s checks.Severity) int {
	switch s {
	case checks.Error:
		return st.sevError
	case checks.Warning:
		return st.sevWarning
	}
	return st.sevInfo
}

func (st styles) status(s string) int {
	switch s {
	case "ok":
		return st.ok
	case "warn":
		return st.warn
	case "alert":
		return st.alert
	}
	return st.na
}

// sc is a cell value with a style (0: none).
type sc struct {
	v any
	s int
}

// sheet writes a small sheet row by row in normal mode.
type sheet struct {
	f      *excelize.File
	name   string
	row    int // last row written
	maxRow int // used range, for the dimension
	maxCol int
	err    error
}

func (b *book) sheet(name string, widths ...float64) *sheet {
	s := &sheet{f: b.f, name: name}
	for i, w := range widths {
		if w > 0 && s.err == nil {
			col, _ := excelize.ColumnNumberToName(i + 1)
			s.err = b.f.SetColWidth(name, col, col, w)
		}
	}
	return s
}

// line writes vals (plain values or sc) on the next row.
func (s *sheet) line(vals ...any) {
	s.row++
	for i, v := range vals {
		s.at(i+1, s.row, v)
	}
}

// at writes v (a plain value or sc) at a cell.
func (s *sheet) at(col, row int, v any) {
	if s.err != nil {
		return
	}
	style := 0
	if c, ok := v.(sc); ok {
		v, style = c.v, c.s
	}
	if v == nil && style == 0 {
		return
	}
	cell, _ := excelize.CoordinatesToCellName(col, row)
	if v != nil {
		s.err = s.f.SetCellValue(s.name, cell, v)
	}
	if style != 0 && s.err == nil {
		s.err = s.f.SetCellStyle(s.name, cell, cell, style)
	}
	s.maxRow, s.maxCol = max(s.maxRow, row), max(s.maxCol, col)
}

// done records the used range as the sheet's dimension (excelize leaves
// "A1", and some readers then see one cell) and returns the first error.
func (s *sheet) done() error {
	if s.err != nil || s.maxRow == 0 {
		return s.err
	}
	last, _ := excelize.CoordinatesToCellName(s.maxCol, s.maxRow)
	return s.f.SetSheetDimension(s.name, "A1:"+last)
}

func (s *sheet) blank() { s.row++ }

// fitHeight makes the last row tall enough for text wrapped in a column
// of the given width, when it takes more than one line.
func (s *sheet) fitHeight(text string, width float64) {
	lines := 0
	for line := range strings.SplitSeq(text, "\n") {
		lines += wrappedLines(utf8.RuneCountInString(line), width)
	}
	if lines > 1 && s.err == nil {
		s.err = s.f.SetRowHeight(s.name, s.row, rowHeight(lines))
	}
}

// headerRow writes a table header and returns its row.
func (s *sheet) headerRow(style int, heads ...string) int {
	vals := make([]any, len(heads))
	for i, h := range heads {
		vals[i] = sc{h, style}
	}
	s.line(vals...)
	return s.row
}

// table ends a table that starts at header row top: autofilter over it.
func (s *sheet) filter(top, cols int) {
	if s.err != nil || s.row <= top {
		return
	}
	last, _ := excelize.ColumnNumberToName(cols)
	s.err = s.f.AutoFilter(s.name, fmt.Sprintf("A%d:%s%d", top, last, s.row), nil)
}

// freeze keeps the first rows in view when scrolling, and prints them at
// the top of every page.
func (s *sheet) freeze(rows int) {
	if s.err != nil {
		return
	}
	cell, _ := excelize.CoordinatesToCellName(1, rows+1)
	s.err = s.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: rows, TopLeftCell: cell, ActivePane: "bottomLeft"})
	if s.err == nil {
		// The rows kept in view on screen are printed atop every page too.
		s.err = printTitles(s.f, s.name, rows)
	}
}

// checkTitles maps check IDs to their checks.
func (b *book) checkIndex() map[string]*checks.Check {
	idx := map[string]*checks.Check{}
	for _, c := range b.x.run.Checks {
		if c != nil {
			idx[c.ID] = c
		}
	}
	return idx
}

// severityUsed is the severity a check ran with: the rules file's, else
// the check's default.
func (b *book) severityUsed(c *checks.Check) string {
	for _, r := range b.x.run.Rules {
		if r.Check == c.ID && r.Setting == "severity" {
			return r.Value
		}
	}
	return c.Severity.String()
}

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

// axisFont is the font of the charts' axis labels: large enough to read
// when printed, small enough for a check ID or a date to fit.
var axisFont = excelize.Font{Size: 9, Color: "404040"}

// countAxis is a chart's value axis for counts up to most: whole numbers
// only, from 0, ticks at 1, 2 or 5 times a power of ten, at most about
// eight of them.
func countAxis(most float64) excelize.ChartAxis {
	unit := 1.0
	for most/unit > 8 {
		switch d := unit / math.Pow(10, math.Floor(math.Log10(unit))); {
		case d < 2:
			unit *= 2
		case d < 5:
			unit = unit / 2 * 5
		default:
			unit *= 2
		}
	}
	zero := 0.0
	return excelize.ChartAxis{MajorUnit: unit, Minimum: &zero, MajorGridLines: true, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}}
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

func (b *book) rulesSheet() error {
	st := b.st
	s := b.sheet(b.n(sheetRules), 26, 10, 8, 44, 70, 60, 22)
	s.line(sc{b.T("Checks and settings used in this run"), st.title})
	s.line(sc{b.T("Every check aecheck runs, how serious its findings are, and the settings it used. Your rules file can change them."), st.note})
	s.blank()
	top := s.headerRow(st.header, b.T("Check"), b.T("Severity"), b.T("On"), b.T("What it checks"), b.T("Why it matters"), b.T("How to fix"), b.T("Source"))
	cs := append([]*checks.Check(nil), b.x.run.Checks...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
	for _, c := range cs {
		if c == nil {
			continue
		}
		on := b.T("yes")
		if c.Off {
			on = b.T("no")
		}
		for _, r := range b.x.run.Rules {
			if r.Check == c.ID && r.Setting == "off" {
				if r.Value == "true" {
					on = b.T("no")
				} else if r.Value == "false" {
					on = b.T("yes")
				}
			}
		}
		sev := b.severityUsed(c)
		sevStyle := st.sevInfo
		if v, err := checks.ParseSeverity(sev); err == nil {
			sevStyle = st.severity(v)
		}
		title, help, fix := c.Texts(b.tr)
		s.line(c.ID, sc{b.T(sev), sevStyle}, on, text(title), sc{text(help), st.wrap}, sc{text(fix), st.wrap}, text(c.Source))
	}
	s.filter(top, 7)
	s.blank()
	s.line(sc{b.T("Settings"), st.section})
	// Settings and list entries use the wide columns D and E of the
	// checks table above, so a long value wraps instead of being cut.
	s.headerRow(st.header, b.T("Check"), "", "", b.T("Setting"), b.T("Value"))
	rules := append([]checks.RuleValue(nil), b.x.run.Rules...)
	sort.SliceStable(rules, func(i, j int) bool {
		if rules[i].Check != rules[j].Check {
			return rules[i].Check < rules[j].Check
		}
		return rules[i].Setting < rules[j].Setting
	})
	var lists []checks.RuleValue
	for _, r := range rules {
		if strings.HasPrefix(r.Setting, "list ") {
			lists = append(lists, r)
			continue
		}
		check := r.Check
		if check == "" {
			check = b.T("(whole run)")
		}
		s.line(check, nil, nil, r.Setting, sc{r.Value, st.wrap})
		s.fitHeight(r.Value, 70)
	}
	if len(rules) == 0 {
		s.line(b.T("No settings recorded."))
	}
	if len(lists) > 0 {
		s.blank()
		s.line(sc{b.T("List entries"), st.section})
		s.line(sc{b.T("The words each list entry looks for in a listing, one entry per row, one language per line."), st.note})
		s.headerRow(st.header, b.T("Check"), "", "", b.T("Entry"), b.T("Words, by language"))
		for _, r := range lists {
			words := strings.ReplaceAll(r.Value, "; ", "\n")
			s.line(r.Check, nil, nil, strings.TrimPrefix(r.Setting, "list "), sc{words, st.wrap})
			s.fitHeight(words, 70)
		}
	}
	s.freeze(top)
	return s.done()
}
