package checks

import (
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"slices"
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// Pass is what a check gets when it runs: the rules of the run and a way to
// report. A Pass is used by one goroutine at a time.
type Pass struct {
	Rules *Rules
	// Check is the check running when it is not one of the runner's
	// listing checks; those are known by slot (see check), which spares
	// the runner two stores for each check of each listing.
	Check *Check

	sev     Severity
	entity  string
	shop    string
	reports *[]Finding

	run   *Runner          // compiled rules shared by every check
	l     *readers.Listing // the listing being checked (reportAt, reportNum); nil elsewhere
	st    *listingState    // what the runner worked out once for the listing being checked
	flush func()           // catalog-wide checks: see flushReports
	org   *origins         // catalog-wide checks: the origins their Catalog shares
	slot  int              // 1 + the check's place in Runner.listing, for reportNum; 0 elsewhere
}

// flushReports lets the caller take the findings reported so far when it
// streams them (Catalog.FinishEach). A catalog-wide check that can report
// many findings at the end calls it as it goes, so that they do not pile
// up in memory.
func (p *Pass) flushReports() {
	if p.flush != nil {
		p.flush()
	}
}

// Reportf reports a finding at a cell. value is the offending value as the
// file holds it; the runner stamps the check ID, severity, entity and fix.
func (p *Pass) Reportf(at readers.Pos, value string, format string, args ...any) {
	p.report(at, readers.Pos{}, value, p.sprintf(format, args...))
}

// ReportRef is Reportf for findings that point to another place, such as the
// first occurrence of a duplicate.
func (p *Pass) ReportRef(at, ref readers.Pos, value string, format string, args ...any) {
	p.report(at, ref, value, p.sprintf(format, args...))
}

// ReportEntity is Reportf for catalog-wide checks, which report on listings
// other than the one being observed.
func (p *Pass) ReportEntity(at, ref readers.Pos, shop, entity, value, msg string) {
	f := p.add(shop, entity, value, msg)
	f.Pos, f.Ref = at, ref
}

// reportAt reports a finding at the cell of field name of the listing being
// checked. The finding is written where it goes, its position included:
// a finding is 264 bytes, and building it on the stack, with its 72-byte
// position handed down by value, copied it several times over.
func (p *Pass) reportAt(name, value, msg string) {
	f := p.add(p.shop, p.entity, value, msg)
	f.Pos = p.l.Pos
	st := p.st
	if st == nil || p.slot == 0 {
		p.l.Cols.Place(&f.Pos, name)
		return
	}
	// A check reports at one field as a rule, row after row of one
	// table: the column is found in the table's map of fields once, not
	// for every finding.
	for len(st.places) < p.slot {
		st.places = append(st.places, placeMemo{})
	}
	pm := &st.places[p.slot-1]
	if cols := p.l.Cols; pm.cols != cols || cols == nil || pm.name != name {
		var at readers.Pos
		cols.Place(&at, name)
		*pm = placeMemo{cols: cols, name: name, col: at.Col, field: at.Field}
		st.placesGen++
	}
	f.Pos.Col, f.Pos.Field = pm.col, pm.field
}

// placeMemo is the column and header of field name in table cols, as
// Columns.Place gives them.
type placeMemo struct {
	cols  *readers.Columns
	name  string
	col   int
	field string
}

// add appends a finding of the check with every field but Pos and Ref set
// (Ref zero, Evidence nil), and returns it for the caller to place.
func (p *Pass) add(shop, entity, value, msg string) *Finding {
	out := *p.reports
	if len(out) == cap(out) {
		out = slices.Grow(out, 1)
	}
	out = out[:len(out)+1]
	*p.reports = out
	f := &out[len(out)-1]
	c, sev := p.check()
	f.Check, f.Severity, f.Kind = c.ID, sev, ""
	if p.slot > 0 {
		f.Kind = "listing" // a listing check's (see Runner.listings)
	}
	f.Shop, f.Entity, f.Value, f.Message, f.Fix = shop, entity, readers.ClipValue(value), msg, p.fix(c)
	f.Ref, f.Evidence = readers.Pos{}, nil
	return f
}

// fix returns the fix of check c in the language of the run.
func (p *Pass) fix(c *Check) string {
	if p.slot > 0 && p.slot <= len(p.run.lfix) {
		return p.run.lfix[p.slot-1]
	}
	return p.tr().T(c.Fix)
}

// tr returns the language of the run's findings.
func (p *Pass) tr() *i18n.Printer {
	if p.run == nil {
		return nil
	}
	return p.run.tr
}

// sprintf formats a finding's message in the language of the run: format,
// the English text, is the message's id in the catalogue.
func (p *Pass) sprintf(format string, args ...any) string {
	return p.tr().Sprintf(format, args...)
}

// appendf is fmt.Appendf in the language of the run, for the messages
// that reportMessage and reportNum build.
func (p *Pass) appendf(b []byte, format string, args ...any) []byte {
	if tr := p.tr(); !tr.IsEnglish() {
		return append(b, tr.Sprintf(format, args...)...)
	}
	return fmt.Appendf(b, format, args...)
}

// check returns the check running and its severity.
func (p *Pass) check() (*Check, Severity) {
	if p.slot > 0 {
		return p.run.listing[p.slot-1], p.run.lsev[p.slot-1]
	}
	return p.Check, p.sev
}

// message returns the scratch buffer for reportMessage, empty.
func (p *Pass) message() []byte { return p.st.msg[:0] }

// reportMessage reports the message in b, a buffer from message, at the
// cell of field name of the listing being checked, for a check whose
// message is one of a few it gives again and again: findings with the same
// message share one string instead of allocating their own.
func (p *Pass) reportMessage(name, value string, b []byte) {
	st := p.st
	st.msg = b
	msg, ok := st.msgs.getBytes(b)
	if !ok {
		msg = string(b)
		st.msgs.put(msg, msg)
	}
	p.reportAt(name, value, msg)
}

// numMsgs bounds the numbers whose messages reportNum remembers: counts of
// images and days, and title lengths below the minimum, are small.
const numMsgs = 128

// reportNum reports the message that build writes for the number n, at the
// cell of field name of the listing being checked, for a
// check whose message depends on nothing else (the thresholds in it are the
// run's). The check fires on many rows with few numbers, so each goroutine
// builds the message once per number below numMsgs and gives the same string
// to every finding, without joining and looking it up again; build gets
// the number written out, and a buffer to append to.
func (p *Pass) reportNum(name, value string, n int, build func(b []byte, n string) []byte) {
	st := p.st
	if p.slot == 0 || n < 0 || n >= numMsgs || st == nil {
		p.reportMessage(name, value, build(p.message(), strconv.Itoa(n)))
		return
	}
	for len(st.nums) < p.slot {
		st.nums = append(st.nums, [numMsgs]string{})
	}
	msg := st.nums[p.slot-1][n]
	if msg == "" {
		msg = string(build(p.message(), strconv.Itoa(n)))
		st.nums[p.slot-1][n] = msg
	}
	p.reportAt(name, value, msg)
}

func (p *Pass) report(at, ref readers.Pos, value, msg string) {
	p.ReportEntity(at, ref, p.shop, p.entity, value, msg)
}
