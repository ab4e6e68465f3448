package checks

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// AccountKind is the Finding.Kind of the account findings: penalty points,
// marketing activities and promotion-locked changes.
const AccountKind = "account"

// accountReaderFix is the fix text of the reader findings on account
// exports.
var accountReaderFix = map[*Check]string{
	MissingField: i18n.N("Fill in this cell (export the list again from Seller Center if it is empty there too)."),
	BadValue:     i18n.N("Correct this cell: it must hold a value of the kind its column expects (a date, a number of points, a known status word)."),
}

// AccountData is what the account checks read for one shop: the rows of its
// violations and activities exports, and the products registered in an
// activity as two versions of the catalog show them (Before, the older;
// Current, the newer).
type AccountData struct {
	Shop       string
	Violations []readers.Violation
	Activities []readers.Activity
	Before     []readers.Locked
	Current    []readers.Locked
}

// AccountPass is what an account check sees: the settings, the as-of
// instant (its zone is the zone of the calendar months and working days)
// and the facts prepared once for every check of the shop.
type AccountPass struct {
	Rules *AccountRules
	AsOf  time.Time
	Facts *AccountFacts

	check *Check
	sev   Severity
	out   *[]Finding
	tr    *i18n.Printer // the language of the findings
}

// Report adds a finding of the running check at pos.
func (p *AccountPass) Report(pos readers.Pos, entity, value, msg string) {
	*p.out = append(*p.out, Finding{Check: p.check.ID, Severity: p.sev, Kind: AccountKind, Pos: pos,
		Shop: p.Facts.Shop, Entity: entity, Value: readers.ClipValue(value), Message: msg, Fix: p.tr.T(p.check.Fix)})
}

// LiveViolation is a violation whose points still count at the as-of
// instant.
type LiveViolation struct {
	*readers.Violation
	Expires time.Time // when its points stop counting
}

// Withdrawal is one withdrawal from a marketing activity: the rows of an
// activity that share a withdrawal time are one withdrawal (an export may
// list every product registered).
type Withdrawal struct {
	*readers.Activity           // its first row
	Gate              time.Time // the warm-up, or the start when there is none
	After             bool      // at or after Gate: quitting a running activity
	Late              bool      // before Gate, but within the late working days
	Month             string    // calendar month of the withdrawal, in the as-of zone: "2026-11"
	Nth               int       // before Gate: its rank among its month's withdrawals (1-based)
	Over              bool      // before Gate, beyond the monthly allowance
	Penalty           Penalty   // the store penalty it starts; zero when none
}

// Penalty is a store penalty window [From, Until).
type Penalty struct {
	From, Until time.Time
	Days        int
	Reason      string // "over-quota" or "quit-after-start"
	ActivityID  string
}

// Open reports whether the window is open at t.
func (w Penalty) Open(t time.Time) bool {
	return !w.From.IsZero() && !t.Before(w.From) && t.Before(w.Until)
}

// Registration is a product registered in an activity that has not ended
// and that the seller has not left at the as-of instant.
type Registration struct {
	*readers.Activity
}

// AccountFacts are the facts of one shop at the as-of instant, computed
// once and shared by the account checks and metrics.
type AccountFacts struct {
	Shop          string
	HasViolations bool // the shop has a violations export
	HasActivities bool // the shop has an activities export

	Live        []LiveViolation // by date, then position
	PointsLive  float64
	SeriousLive int

	Withdrawals []Withdrawal // by withdrawal time, then position; only those up to the as-of instant
	MonthCount  map[string]int

	// Registered maps a product ID to its registrations, by activity ID.
	Registered map[string][]Registration

	Before, Current []readers.Locked
}

// NewAccountFacts computes the facts of d as of asOf under rules a;
// holidays (the rules file's orders.holidays) are no working days.
func NewAccountFacts(a *AccountRules, holidays []time.Time, asOf time.Time, d *AccountData, hasViolations, hasActivities bool) *AccountFacts {
	f := &AccountFacts{Shop: d.Shop, HasViolations: hasViolations, HasActivities: hasActivities,
		MonthCount: map[string]int{}, Registered: map[string][]Registration{}, Before: d.Before, Current: d.Current}
	live := time.Duration(a.PointsLiveDays) * 24 * time.Hour
	for i := range d.Violations {
		v := &d.Violations[i]
		if len(v.Problems) > 0 || v.Void || v.Date.IsZero() || v.Date.After(asOf) {
			continue
		}
		exp := v.Date.Add(live)
		if !asOf.Before(exp) {
			continue // exactly PointsLiveDays old: expired
		}
		f.Live = append(f.Live, LiveViolation{Violation: v, Expires: exp})
		f.PointsLive += v.Points
		if v.SeriousIP {
			f.SeriousLive++
		}
	}
	slices.SortStableFunc(f.Live, func(x, y LiveViolation) int {
		return cmp.Or(x.Date.Compare(y.Date), cmpPos(x.Pos, y.Pos))
	})

	loc := asOf.Location()
	seen := map[[2]string]bool{}
	for i := range d.Activities {
		act := &d.Activities[i]
		if len(act.Problems) > 0 {
			continue
		}
		if act.ProductID != "" && (act.EndAt.IsZero() || asOf.Before(act.EndAt)) && (act.CancelledAt.IsZero() || act.CancelledAt.After(asOf)) {
			regs := f.Registered[act.ProductID]
			if !slices.ContainsFunc(regs, func(r Registration) bool { return r.ID == act.ID }) {
				f.Registered[act.ProductID] = append(regs, Registration{act})
			}
		}
		if act.CancelledAt.IsZero() || act.CancelledAt.After(asOf) {
			continue
		}
		k := [2]string{act.ID, act.CancelledAt.UTC().Format(time.RFC3339Nano)}
		if seen[k] {
			continue
		}
		seen[k] = true
		w := Withdrawal{Activity: act, Gate: act.StartAt}
		if !act.WarmupAt.IsZero() {
			w.Gate = act.WarmupAt
		}
		w.Month = act.CancelledAt.In(loc).Format("2006-01")
		w.After = !act.CancelledAt.Before(w.Gate)
		if !w.After {
			w.Late = workingTimeAtMost(act.CancelledAt.In(loc), w.Gate.In(loc), time.Duration(a.LateWorkingDays)*24*time.Hour, holidays)
		}
		f.Withdrawals = append(f.Withdrawals, w)
	}
	for _, regs := range f.Registered {
		slices.SortFunc(regs, func(x, y Registration) int { return cmp.Compare(x.ID, y.ID) })
	}
	slices.SortStableFunc(f.Withdrawals, func(x, y Withdrawal) int {
		return cmp.Or(x.CancelledAt.Compare(y.CancelledAt), cmpPos(x.Pos, y.Pos))
	})
	for i := range f.Withdrawals {
		w := &f.Withdrawals[i]
		switch {
		case w.After:
			days := a.QuitPenaltyDays
			if slices.ContainsFunc(a.TopLevels, func(l string) bool { return strings.EqualFold(strings.TrimSpace(l), w.Level) }) {
				days = a.QuitPenaltyDaysTop
			}
			w.Penalty = penalty(w, days, "quit-after-start")
		default:
			f.MonthCount[w.Month]++
			w.Nth = f.MonthCount[w.Month]
			if w.Nth > a.CancellationsPerMonth {
				w.Over = true
				w.Penalty = penalty(w, a.OverQuotaPenaltyDays, "over-quota")
			}
		}
	}
	return f
}

func penalty(w *Withdrawal, days int, reason string) Penalty {
	return Penalty{From: w.CancelledAt, Until: w.CancelledAt.Add(time.Duration(days) * 24 * time.Hour), Days: days, Reason: reason, ActivityID: w.ID}
}

// OpenPenalties returns the penalty windows open at t, by end.
func (f *AccountFacts) OpenPenalties(t time.Time) []Penalty {
	var ps []Penalty
	for _, w := range f.Withdrawals {
		if w.Penalty.Open(t) {
			ps = append(ps, w.Penalty)
		}
	}
	slices.SortStableFunc(ps, func(x, y Penalty) int { return x.Until.Compare(y.Until) })
	return ps
}

// workingTimeAtMost reports whether the working time between from and to
// (Monday to Friday but holidays, in their zone) is at most limit: the
// platform counts working days, so a weekend between a withdrawal and the
// start gives no notice.
func workingTimeAtMost(from, to time.Time, limit time.Duration, holidays []time.Time) bool {
	var sum time.Duration
	for t := from; t.Before(to); {
		y, m, d := t.Date()
		end := time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
		if end.After(to) {
			end = to
		}
		if workingDay(t, holidays) {
			sum += end.Sub(t)
			if sum > limit {
				return false
			}
		}
		t = end
	}
	return true
}

func cmpPos(a, b readers.Pos) int {
	switch {
	case a.Less(b):
		return -1
	case b.Less(a):
		return 1
	}
	return 0
}

// AccountRunner runs the account checks and computes the account metrics
// of a run. It is used by one goroutine.
type AccountRunner struct {
	rules *Rules
	asOf  time.Time
}

// NewAccountRunner returns a runner for the rules r (nil: defaults) as of
// asOf, whose zone is the zone of the calendar months and working days.
func NewAccountRunner(r *Rules, asOf time.Time) *AccountRunner {
	if r == nil {
		r = Default()
	}
	return &AccountRunner{rules: r, asOf: asOf}
}

// Run returns the findings on the shops' account data, sorted by position,
// and their account metrics, sorted like the order metrics. hasViolations
// and hasActivities say which exports the run read, so that a metric
// without its input is left out rather than shown as zero.
func (x *AccountRunner) Run(shops []AccountData, hasViolations, hasActivities bool) ([]Finding, []Metric) {
	var out []Finding
	var ms []Metric
	a := &x.rules.Account
	for i := range shops {
		d := &shops[i]
		out = x.problems(out, d)
		f := NewAccountFacts(a, x.rules.Orders.Holidays, x.asOf, d, hasViolations, hasActivities)
		for _, c := range accountChecks {
			if !x.rules.Enabled(c.ID) {
				continue
			}
			c.Account(&AccountPass{Rules: a, AsOf: x.asOf, Facts: f, check: c, sev: x.rules.SeverityOf(c.ID), out: &out, tr: i18n.For(x.rules.Language)})
		}
		ms = append(ms, AccountMetrics(a, x.asOf, f)...)
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		if a.Less(&b) {
			return -1
		}
		if b.Less(&a) {
			return 1
		}
		return 0
	})
	SortMetrics(ms)
	return out, ms
}

// problems adds the reader's findings on the rows of d.
func (x *AccountRunner) problems(out []Finding, d *AccountData) []Finding {
	add := func(ps []readers.Problem, entity string) {
		for _, p := range ps {
			if !x.rules.Enabled(p.Check) {
				continue
			}
			out = append(out, Finding{Check: p.Check, Severity: x.rules.SeverityOf(p.Check), Kind: AccountKind, Pos: p.Pos,
				Shop: d.Shop, Entity: entity, Value: p.Value, Message: p.Msg, Fix: i18n.For(x.rules.Language).T(accountReaderFix[Lookup(p.Check)])})
		}
	}
	for i := range d.Violations {
		add(d.Violations[i].Problems, d.Violations[i].ID)
	}
	for i := range d.Activities {
		add(d.Activities[i].Problems, d.Activities[i].ID)
	}
	return out
}

// points prints a number of points: 6, 2.5.
func points(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%g", v)
}
