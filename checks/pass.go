package checks

import (
	"fmt"
	"strconv"

	"github.com/aecheck/aecheck/readers"
)

// Pass is what a check gets when it runs: the rules of the run and a way to
// report. A Pass is used by one goroutine at a time.
type Pass struct {
	Rules *Rules
	Check *Check

	sev     Severity
	entity  string
	shop    string
	reports *[]Finding

	run   *Runner       // compiled rules shared by every check
	st    *listingState // what the runner worked out once for the listing being checked
	flush func()        // catalog-wide checks: see flushReports
	slot  int           // 1 + the check's place in Runner.listing, for reportNum; 0 elsewhere
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
	p.report(at, readers.Pos{}, value, fmt.Sprintf(format, args...))
}

// ReportRef is Reportf for findings that point to another place, such as the
// first occurrence of a duplicate.
func (p *Pass) ReportRef(at, ref readers.Pos, value string, format string, args ...any) {
	p.report(at, ref, value, fmt.Sprintf(format, args...))
}

// ReportEntity is Reportf for catalog-wide checks, which report on listings
// other than the one being observed.
func (p *Pass) ReportEntity(at, ref readers.Pos, shop, entity, value, msg string) {
	*p.reports = append(*p.reports, Finding{
		Check: p.Check.ID, Severity: p.sev, Pos: at, Ref: ref, Shop: shop,
		Entity: entity, Value: readers.ClipValue(value), Message: msg, Fix: p.Check.Fix,
	})
}

// message returns the scratch buffer for reportMessage, empty.
func (p *Pass) message() []byte { return p.st.msg[:0] }

// reportMessage reports the message in b, a buffer from message, for a
// check whose message is one of a few it gives again and again: findings
// with the same message share one string instead of allocating their own.
func (p *Pass) reportMessage(at readers.Pos, value string, b []byte) {
	st := p.st
	st.msg = b
	msg, ok := st.msgs.getBytes(b)
	if !ok {
		msg = string(b)
		st.msgs.put(msg, msg)
	}
	p.report(at, readers.Pos{}, value, msg)
}

// numMsgs bounds the numbers whose messages reportNum remembers: counts of
// images and days, and title lengths below the minimum, are small.
const numMsgs = 128

// reportNum reports the message that build writes for the number n, for a
// check whose message depends on nothing else (the thresholds in it are the
// run's). The check fires on many rows with few numbers, so each goroutine
// builds the message once per number below numMsgs and gives the same string
// to every finding, without joining and looking it up again; build gets
// the number written out, and a buffer to append to.
func (p *Pass) reportNum(at readers.Pos, value string, n int, build func(b []byte, n string) []byte) {
	st := p.st
	if p.slot == 0 || n < 0 || n >= numMsgs || st == nil {
		p.reportMessage(at, value, build(p.message(), strconv.Itoa(n)))
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
	p.report(at, readers.Pos{}, value, msg)
}

func (p *Pass) report(at, ref readers.Pos, value, msg string) {
	p.ReportEntity(at, ref, p.shop, p.entity, value, msg)
}
