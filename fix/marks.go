package fix

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// rowKey names a row of a file: its sheet ("" for text) and its row as a
// spreadsheet shows it.
type rowKey struct {
	sheet string
	row   int
}

// cellMark is what one cell of a row carries: its findings, the changes
// made to it, and the colour it gets.
type cellMark struct {
	col      int
	findings []checks.Finding
	changes  []Change
	worst    checks.Severity // most serious finding that still holds; 0 when all are fixed
}

// rowPlan is what happens to one row.
type rowPlan struct {
	cells   []cellMark // by column; column 0 holds the findings about the whole row
	summary string     // the text of the added column
	cleared []*checks.Finding
}

// planRow works out the changes and marks of a row: value returns the text
// of a cell (1-based column) as the file holds it.
func (p *Planner) planRow(cols *readers.Columns, at readers.Pos, value func(col int) string, fs []checks.Finding) rowPlan {
	var rp rowPlan
	cell := func(col int) *cellMark {
		for i := range rp.cells {
			if rp.cells[i].col == col {
				return &rp.cells[i]
			}
		}
		rp.cells = append(rp.cells, cellMark{col: col})
		return &rp.cells[len(rp.cells)-1]
	}
	for _, f := range fs {
		c := cell(f.Pos.Col)
		c.findings = append(c.findings, f)
	}
	field := func(name string) {
		pos := cols.At(at, name)
		if pos.Col == 0 {
			return
		}
		var here []checks.Finding
		for i := range rp.cells {
			if rp.cells[i].col == pos.Col {
				here = rp.cells[i].findings
			}
		}
		var cs []Change
		if name == "title" {
			cs = p.Title(pos, value(pos.Col), here)
		} else {
			cs = p.Text(pos, name, value(pos.Col), here)
		}
		if len(cs) > 0 {
			cell(pos.Col).changes = cs
		}
	}
	field("title")
	for _, name := range textFields {
		field(name)
	}
	slices.SortFunc(rp.cells, func(a, b cellMark) int { return a.col - b.col })

	var words []string
	for i := range rp.cells {
		c := &rp.cells[i]
		for j := range c.findings {
			f := &c.findings[j]
			w := f.Check
			if ch := checks.Lookup(f.Check); ch != nil {
				w, _, _ = ch.Texts(p.tr)
			}
			if p.Fixed(f, c.changes) {
				w += p.fixed()
				rp.cleared = append(rp.cleared, f)
			} else {
				c.worst = max(c.worst, f.Severity)
			}
			if !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
	}
	rp.summary = strings.Join(words, "; ")
	return rp
}

// note is the text of a cell's comment: each finding's message and how to
// fix it, and whether aecheck changed the cell.
func (c *cellMark) note(p *Planner) string {
	var b strings.Builder
	for i := range c.findings {
		f := &c.findings[i]
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(f.Severity.Word(p.tr))
		b.WriteString(": ")
		b.WriteString(f.Message)
		if p.Fixed(f, c.changes) {
			b.WriteString(p.fixed())
		} else if f.Fix != "" {
			b.WriteString("\n")
			b.WriteString(p.tr.T(noteHow))
			b.WriteString(" ")
			b.WriteString(f.Fix)
		}
	}
	if len(c.changes) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p.tr.T(noteChanged))
	}
	return b.String()
}

// findingLines are the lines of the changes file for the findings of a
// cell that no change clears: the to-do list of a file whose cells cannot
// carry notes.
func (c *cellMark) findingLines(p *Planner) []line {
	var out []line
	for i := range c.findings {
		f := &c.findings[i]
		if p.Fixed(f, c.changes) {
			continue
		}
		how := f.Message
		if f.Fix != "" {
			how += ". " + p.tr.T(noteHow) + " " + f.Fix
		}
		out = append(out, line{pos: f.Pos, status: p.tr.T(statusToDo), check: f.Check, severity: f.Severity.Word(p.tr), before: f.Value, why: how})
	}
	return out
}

// line is one line of the Changes sheet or file.
type line struct {
	pos                readers.Pos
	status, check      string
	severity           string
	before, after, why string
}

func (p *Planner) changeLine(c *Change) line {
	return line{pos: c.Pos, status: p.tr.T(statusChanged), check: c.Check, before: c.Before, after: c.After, why: c.Why}
}

// fixed is the mark that follows a problem the file no longer has.
func (p *Planner) fixed() string { return " (" + p.tr.T(fixedMark) + ")" }

// cells returns the line as the cells of a row of changesHeader.
func (l *line) cells() []string {
	row, col, cell := "", "", ""
	if l.pos.Row > 0 {
		row = strconv.Itoa(l.pos.Row)
	}
	switch {
	case l.pos.Col > 0 && l.pos.Sheet == "":
		col = strconv.Itoa(l.pos.Col)
	case l.pos.Col > 0:
		col = l.pos.ColumnLetter()
		if l.pos.Row > 0 {
			cell = l.pos.Cell()
		}
	}
	return []string{l.pos.Sheet, row, col, cell, l.pos.Field, l.status, l.check, l.severity, l.before, l.after, l.why}
}
