package checks

import (
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
)

// The marketing-activity checks. AliExpress's seller guide on marketing
// activities: a shop may withdraw from at most 5 activities per calendar
// month before their warm-up (before the start when there is none); beyond
// that the whole store is penalised for 30 days. Quitting after the warm-up
// or the start is penalised for 60 days for S and A+ activities and 30 days
// otherwise. A withdrawal asked for within one working day of the start may
// be penalised too.
var (
	ActivityCancelOverQuota = &Check{
		ID: "activity-cancel-over-quota",
		Doc: "more activity withdrawals this month than allowed\n\n" +
			"AliExpress allows a shop a few withdrawals from marketing activities per calendar month before their " +
			"warm-up (5 by default). Each one beyond that puts the whole store under a 30-day penalty: it cannot " +
			"join platform activities, which costs traffic in the big sales.",
		Fix:      "Register only for activities you can honour (stock, price, shipping); when you must withdraw, wait for the next month if you can.",
		Severity: Error,
		Source:   "seed",
		Scope:    ScopeAccount,
		Account:  activityCancelOverQuota,
	}
	ActivityQuitAfterStart = &Check{
		ID: "activity-quit-after-start",
		Doc: "withdrawal from an activity after its warm-up or start\n\n" +
			"Leaving a marketing activity once its warm-up or the activity itself has begun puts the whole store " +
			"under a penalty: 60 days for S and A+ activities, 30 days for the others. During the penalty the store " +
			"cannot join platform activities.",
		Fix:      "Keep the products in the activity until it ends; if a product cannot be sold, set its stock to 0 instead of leaving the activity, and register only what you can supply.",
		Severity: Error,
		Source:   "seed",
		Scope:    ScopeAccount,
		Account:  activityQuitAfterStart,
	}
	ActivityCancelLate = &Check{
		ID: "activity-cancel-late",
		Doc: "withdrawal within one working day of an activity\n\n" +
			"AliExpress treats a withdrawal asked for more than one working day (Monday to Friday) before the " +
			"warm-up or start as safe; one asked for later may be penalised like a withdrawal after the start. " +
			"A weekend between the request and the start does not count as notice.",
		Fix:      "Ask to withdraw at least one full working day before the warm-up or start (for a Monday start, on Thursday at the latest); check the store's penalty page in Seller Center.",
		Severity: Warning,
		Source:   "seed",
		Scope:    ScopeAccount,
		Account:  activityCancelLate,
	}
)

// activityLabel names an activity for the seller: its name and ID.
func activityLabel(tr *i18n.Printer, name, id string) string {
	if name == "" {
		return tr.Sprintf("activity %s", id)
	}
	return tr.Sprintf("activity %q (%s)", name, id)
}

// gateName names the moment a withdrawal is measured against.
func (w *Withdrawal) gateName(tr *i18n.Printer) string {
	if !w.WarmupAt.IsZero() {
		return tr.T("warm-up")
	}
	return tr.T("start")
}

// weekday names the day of t in the seller's language.
func weekday(tr *i18n.Printer, t time.Time) string {
	return tr.T(weekdays[t.Weekday()])
}

// weekdays are the English names of the days, as message ids.
var weekdays = [...]string{i18n.N("Sunday"), i18n.N("Monday"), i18n.N("Tuesday"), i18n.N("Wednesday"), i18n.N("Thursday"), i18n.N("Friday"), i18n.N("Saturday")}

func activityCancelOverQuota(p *AccountPass) {
	loc := p.AsOf.Location()
	for i := range p.Facts.Withdrawals {
		w := &p.Facts.Withdrawals[i]
		if !w.Over {
			continue
		}
		p.Report(w.Cols.At(w.Pos, "cancelled_at"), w.ID, w.CancelledAt.In(loc).Format(stampLayout), p.tr.Sprintf(
			"withdrawal %d of %s from %s, beyond the %d allowed per month: the store is penalised for %d days, from %s until %s",
			w.Nth, w.Month, activityLabel(p.tr, w.Name, w.ID), p.Rules.CancellationsPerMonth, w.Penalty.Days,
			w.Penalty.From.In(loc).Format(stampLayout), w.Penalty.Until.In(loc).Format(stampLayout)))
	}
}

func activityQuitAfterStart(p *AccountPass) {
	loc := p.AsOf.Location()
	for i := range p.Facts.Withdrawals {
		w := &p.Facts.Withdrawals[i]
		if !w.After {
			continue
		}
		gate := w.gateName(p.tr)
		level := ""
		if w.Level != "" {
			level = p.tr.Sprintf(" (level %s)", w.Level)
		}
		p.Report(w.Cols.At(w.Pos, "cancelled_at"), w.ID, w.CancelledAt.In(loc).Format(stampLayout), p.tr.Sprintf(
			"withdrawal from %s%s at %s, after its %s at %s: the store is penalised for %d days, until %s",
			activityLabel(p.tr, w.Name, w.ID), level, w.CancelledAt.In(loc).Format(stampLayout), gate, w.Gate.In(loc).Format(stampLayout),
			w.Penalty.Days, w.Penalty.Until.In(loc).Format(stampLayout)))
	}
}

func activityCancelLate(p *AccountPass) {
	loc := p.AsOf.Location()
	for i := range p.Facts.Withdrawals {
		w := &p.Facts.Withdrawals[i]
		if !w.Late {
			continue
		}
		gate := w.gateName(p.tr)
		p.Report(w.Cols.At(w.Pos, "cancelled_at"), w.ID, w.CancelledAt.In(loc).Format(stampLayout), p.tr.Sprintf(
			"withdrawal from %s at %s (%s), within %d working day(s) of its %s at %s (%s): it may be penalised like a withdrawal after the start",
			activityLabel(p.tr, w.Name, w.ID), w.CancelledAt.In(loc).Format(stampLayout), weekday(p.tr, w.CancelledAt.In(loc)), p.Rules.LateWorkingDays, gate,
			w.Gate.In(loc).Format(stampLayout), weekday(p.tr, w.Gate.In(loc))))
	}
}
