package checks

import (
	"fmt"
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
func activityLabel(w *Withdrawal) string {
	if w.Name == "" {
		return "activity " + w.ID
	}
	return fmt.Sprintf("activity %q (%s)", w.Name, w.ID)
}

// gateName names the moment a withdrawal is measured against.
func (w *Withdrawal) gateName() string {
	if !w.WarmupAt.IsZero() {
		return "warm-up"
	}
	return "start"
}

func activityCancelOverQuota(p *AccountPass) {
	loc := p.AsOf.Location()
	for i := range p.Facts.Withdrawals {
		w := &p.Facts.Withdrawals[i]
		if !w.Over {
			continue
		}
		p.Report(w.Cols.At(w.Pos, "cancelled_at"), w.ID, w.CancelledAt.In(loc).Format(stampLayout), fmt.Sprintf(
			"withdrawal %d of %s from %s, beyond the %d allowed per month: the store is penalised for %d days, from %s until %s",
			w.Nth, w.Month, activityLabel(w), p.Rules.CancellationsPerMonth, w.Penalty.Days,
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
		gate := w.gateName()
		level := ""
		if w.Level != "" {
			level = " (level " + w.Level + ")"
		}
		p.Report(w.Cols.At(w.Pos, "cancelled_at"), w.ID, w.CancelledAt.In(loc).Format(stampLayout), fmt.Sprintf(
			"withdrawal from %s%s at %s, after its %s at %s: the store is penalised for %d days, until %s",
			activityLabel(w), level, w.CancelledAt.In(loc).Format(stampLayout), gate, w.Gate.In(loc).Format(stampLayout),
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
		gate := w.gateName()
		p.Report(w.Cols.At(w.Pos, "cancelled_at"), w.ID, w.CancelledAt.In(loc).Format(stampLayout), fmt.Sprintf(
			"withdrawal from %s at %s (%s), within %d working day(s) of its %s at %s (%s): it may be penalised like a withdrawal after the start",
			activityLabel(w), w.CancelledAt.In(loc).Format(stampLayout), w.CancelledAt.In(loc).Weekday(), p.Rules.LateWorkingDays, gate,
			w.Gate.In(loc).Format(stampLayout), w.Gate.In(loc).Weekday()))
	}
}
