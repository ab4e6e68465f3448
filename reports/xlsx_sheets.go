package reports

import (
	"fmt"
	"math"
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
func (s *sheet) fitHeight(text string, width float64) { s.fitLines(textLines(text, width)) }

// fitLines makes the last row tall enough for that many lines of text.
func (s *sheet) fitLines(lines int) {
	if lines > 1 && s.err == nil {
		s.err = s.f.SetRowHeight(s.name, s.row, rowHeight(lines))
	}
}

// textLines is how many lines text takes wrapped in a column of the given
// width.
func textLines(text string, width float64) int {
	lines := 0
	for line := range strings.SplitSeq(text, "\n") {
		lines += wrappedLines(utf8.RuneCountInString(line), width)
	}
	return lines
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
	reasons := map[[2]string]string{} // check and entry -> why it is on the list
	for _, r := range rules {
		if strings.HasPrefix(r.Setting, "list ") {
			lists = append(lists, r)
			continue
		}
		if entry, ok := strings.CutPrefix(r.Setting, "reason "); ok {
			reasons[[2]string{r.Check, entry}] = r.Value
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
		s.line(sc{b.T("The words each list entry looks for in a listing, one entry per row, one language per line, and why the entry is on the list."), st.note})
		s.headerRow(st.header, b.T("Check"), "", "", b.T("Entry"), b.T("Words, by language"), b.T("Why it is on the list"))
		for _, r := range lists {
			words := strings.ReplaceAll(r.Value, "; ", "\n")
			entry := strings.TrimPrefix(r.Setting, "list ")
			// A reason the seller's language lacks is left out rather
			// than shown in English.
			why := reasons[[2]string{r.Check, entry}]
			if !b.tr.Has(why) {
				why = ""
			}
			why = b.T(why)
			s.line(r.Check, nil, nil, entry, sc{words, st.wrap}, sc{text(why), st.wrap})
			s.fitLines(max(textLines(words, 70), textLines(why, 60)))
		}
	}
	s.freeze(top)
	return s.done()
}
