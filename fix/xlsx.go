package fix

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// Fill colours of a marked cell: the usual Excel colours for bad, neutral
// and good, so a seller reads them without a legend.
var fills = map[checks.Severity]string{
	checks.Error:   "FFC7CE", // light red
	checks.Warning: "FFEB9C", // light yellow
	checks.Info:    "DDEBF7", // light blue
	0:              "C6EFCE", // light green: every problem of the cell fixed
}

// maxNote is the longest note written, in characters: a note is read in a
// small box.
const maxNote = 2000

// xlsx writes the marked-up copy of a workbook: streamed, row by row, when
// the workbook allows it (see xlsxStream), else with the sheet in memory.
func (w *job) xlsx(ctx context.Context) error {
	// The streamed copy first; what it did is undone when the workbook
	// needs the whole sheet in memory.
	res, changed := *w.res, maps.Clone(w.changed)
	res.cleared = maps.Clone(w.res.cleared)
	if err := w.xlsxStream(ctx); !errors.Is(err, errNoStream) {
		return err
	}
	*w.res, w.changed = res, changed
	return w.xlsxWhole(ctx)
}

// xlsxWhole writes the marked-up copy of a workbook with each sheet it
// touches loaded whole by excelize, so memory grows with the size of the
// sheet; the cells not touched are written back as they were read.
func (w *job) xlsxWhole(ctx context.Context) error {
	// A sheet over 16 MiB of XML waits in a temporary file until excelize
	// reads it, rather than in memory beside its decoded cells.
	f, err := excelize.OpenFile(w.in, excelize.Options{UnzipSizeLimit: readers.MaxUnzip, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return fmt.Errorf("%s: %w", w.in, err)
	}
	defer f.Close()
	styles := &fillStyles{f: f}
	fill := func(sheet, cell string, sev checks.Severity) error {
		orig, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			return err
		}
		id, err := styles.id(orig, sev)
		if err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, id)
	}
	var changes []line
	var ns notes
	for _, t := range w.lay.tables {
		sheet := t.Sheet
		// A workbook fixed before has the column already: it is written
		// over, so that a second fix adds no second one.
		add := ownColumn(t)
		if add == 0 {
			add = lastColumn(f, t) + 1
			head, _ := excelize.CoordinatesToCellName(add, t.HeaderRow)
			if err := f.SetCellStr(sheet, head, columnHeader); err != nil {
				return err
			}
			if prev, err := excelize.CoordinatesToCellName(add-1, t.HeaderRow); err == nil {
				if s, err := f.GetCellStyle(sheet, prev); err == nil && s != 0 {
					f.SetCellStyle(sheet, head, head, s)
				}
			}
		}
		base := readers.Pos{File: w.in, Sheet: sheet}
		for n, row := range w.rows(t) {
			if n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			at := base
			at.Row = row
			value := func(col int) string {
				c, _ := excelize.CoordinatesToCellName(col, row)
				v, _ := f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
				return v
			}
			rp := w.planRow(t, at, value)
			for i := range rp.cells {
				c := &rp.cells[i]
				if c.col == 0 {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c.col, row)
				if len(c.changes) > 0 {
					if err := f.SetCellStr(sheet, cell, c.changes[len(c.changes)-1].After); err != nil {
						return err
					}
					for j := range c.changes {
						w.res.Changes = append(w.res.Changes, c.changes[j])
						changes = append(changes, w.p.changeLine(&c.changes[j]))
					}
				}
				if len(c.findings) == 0 && len(c.changes) == 0 {
					continue
				}
				if err := fill(sheet, cell, c.worst); err != nil {
					return err
				}
				w.res.Marked++
				if err := ns.add(f, sheet, c.col, row, truncate(c.note(w.p), maxNote)); err != nil {
					return err
				}
			}
			cell, _ := excelize.CoordinatesToCellName(add, row)
			if rp.summary != "" {
				w.res.Rows++
			} else if v, _ := f.GetCellValue(sheet, cell); v == "" {
				continue
			}
			if err := f.SetCellStr(sheet, cell, rp.summary); err != nil {
				return err
			}
		}
	}
	for _, t := range w.lay.tables {
		if err := ns.clearOld(f, t.Sheet); err != nil {
			return err
		}
	}
	if err := changesSheet(f, w.p.tr, changes); err != nil {
		return err
	}
	out, err := reports.CreateAtomic(w.out)
	if err != nil {
		return err
	}
	if err := ns.save(f, out); err != nil {
		out.Abort()
		return fmt.Errorf("write %s: %w", w.out, err)
	}
	return out.Commit()
}

// fillStyles makes the styles of marked cells: a cell's own style with
// the fill of its severity, one style per pair.
type fillStyles struct {
	f *excelize.File
	m map[[2]int]int // (original style, severity) -> style with the fill
}

func (s *fillStyles) id(orig int, sev checks.Severity) (int, error) {
	k := [2]int{orig, int(sev)}
	if id, ok := s.m[k]; ok {
		return id, nil
	}
	st, err := s.f.GetStyle(orig)
	if err != nil || st == nil {
		st = &excelize.Style{}
	}
	st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[sev]}}
	id, err := s.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	if s.m == nil {
		s.m = map[[2]int]int{}
	}
	s.m[k] = id
	return id, nil
}

// lastColumn is the last column a table uses: its header's, or the
// sheet's dimension when rows reach further (f nil: the header's).
func lastColumn(f *excelize.File, t *readers.Columns) int {
	last := len(t.Header)
	for last > 0 && strings.TrimSpace(t.Header[last-1]) == "" {
		last--
	}
	if f == nil {
		return last
	}
	if dim, err := f.GetSheetDimension(t.Sheet); err == nil {
		if _, end, ok := strings.Cut(dim, ":"); ok {
			if c, _, err := excelize.CellNameToCoordinates(end); err == nil {
				last = max(last, c)
			}
		}
	}
	return last
}

// changesSheet adds the sheet that lists every change, named so that it
// does not take the name of a sheet of the seller's. The Changes sheet of
// an earlier fix, known by its header, is replaced: it listed changes the
// workbook already has.
func changesSheet(f *excelize.File, tr *i18n.Printer, ls []line) error {
	for _, s := range f.GetSheetList() {
		if ownChanges(f, s) {
			if err := f.DeleteSheet(s); err != nil {
				return err
			}
		}
	}
	base := tr.T(changesName)
	name := base
	for i := 2; ; i++ {
		if idx, _ := f.GetSheetIndex(name); idx < 0 {
			break
		}
		name = fmt.Sprintf("%s %d", base, i)
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	head := header(tr)
	if err := f.SetSheetRow(name, "A1", &head); err != nil {
		return err
	}
	for i := range ls {
		cells := ls[i].cells()
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(name, cell, &cells); err != nil {
			return err
		}
	}
	f.SetColWidth(name, "I", "J", 50)
	f.SetColWidth(name, "K", "K", 80)
	return nil
}

// ownChanges reports whether sheet is a Changes sheet an earlier fix
// wrote: its first row is the header of one, in any language.
func ownChanges(f *excelize.File, sheet string) bool {
	rows, err := f.Rows(sheet)
	if err != nil {
		return false
	}
	defer rows.Close()
	if !rows.Next() {
		return false
	}
	first, err := rows.Columns()
	return err == nil && isChangesHeader(first)
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
