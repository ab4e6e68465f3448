package checks

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Enabled reports whether check id runs.
func (r *Rules) Enabled(id string) bool {
	c := Lookup(id)
	if c == nil {
		return false
	}
	on := !c.Off
	if cr, ok := r.Checks[id]; ok {
		if cr.On != nil {
			on = *cr.On
		}
		if cr.Off != nil {
			on = !*cr.Off
		}
	}
	return on
}

// SeverityOf returns the severity of check id: the rules file's, else the
// check's default (Warning for an unknown ID).
func (r *Rules) SeverityOf(id string) Severity {
	if cr, ok := r.Checks[id]; ok && cr.Severity != nil {
		return *cr.Severity
	}
	if c := Lookup(id); c != nil {
		return c.Severity
	}
	return Warning
}

// Values returns every setting and list the checks use, in a stable order:
// each check's severity and state, then its settings, then the run-wide and
// order settings.
func (r *Rules) Values() []RuleValue {
	var v []RuleValue
	add := func(check, setting, value string) {
		v = append(v, RuleValue{Check: check, Setting: setting, Value: value})
	}
	itoa := strconv.Itoa
	ftoa := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	for _, c := range All {
		add(c.ID, "severity", r.SeverityOf(c.ID).String())
		state := "on"
		if !r.Enabled(c.ID) {
			state = "off"
		}
		add(c.ID, "state", state)
		if c.Settings != nil {
			c.Settings(r, func(setting, value string) { add(c.ID, setting, value) })
		}
	}
	add("", "source", r.Source)
	for _, f := range slices.Sorted(maps.Keys(r.Aliases)) {
		add("", "aliases "+f, strings.Join(r.Aliases[f], ", "))
	}
	o := r.Orders
	var hol []string
	for _, h := range o.Holidays {
		hol = append(hol, h.Format(time.DateOnly))
	}
	add("", "orders.handling_days", itoa(o.HandlingDays))
	add("", "orders.holidays", strings.Join(hol, ", "))
	add("", "orders.ship_due_soon_hours", itoa(o.ShipDueSoonHours))
	add("", "orders.dispute_response_days", itoa(o.DisputeResponseDays))
	add("", "orders.suspicious_factor", ftoa(o.SuspiciousFactor))
	add("", "orders.suspicious_min_orders", itoa(o.SuspiciousMinOrders))
	for _, m := range slices.Sorted(maps.Keys(o.Thresholds)) {
		th := o.Thresholds[m]
		s := "warn " + ftoa(th.Warn) + ", alert " + ftoa(th.Alert)
		if th.WarnAbove {
			s = "warn above 0, alert " + ftoa(th.Alert)
		}
		if th.Lower {
			s = "warn below " + ftoa(th.Warn) + ", alert below " + ftoa(th.Alert)
		}
		add("", "orders.thresholds "+m, s)
	}
	add("", "orders.carrier_min_orders", itoa(o.CarrierMinOrders))
	add("", "orders.carrier_on_time", ftoa(o.CarrierOnTime))
	add("", "orders.described_wrongly_min_orders", itoa(o.WrongDescMinOrders))
	add("", "orders.described_wrongly_snad_rate", ftoa(o.WrongDescSNAD))
	a := r.Account
	add("", "account.closure_points", ftoa(a.ClosurePoints))
	add("", "account.serious_ip_limit", itoa(a.SeriousIPLimit))
	add("", "account.freeze_step_points", ftoa(a.FreezeStepPoints))
	add("", "account.freeze_days", itoa(a.FreezeDays))
	add("", "account.points_live_days", itoa(a.PointsLiveDays))
	add("", "account.expiring_window_days", itoa(a.ExpiringWindowDays))
	add("", "account.cancellations_per_month", itoa(a.CancellationsPerMonth))
	add("", "account.over_quota_penalty_days", itoa(a.OverQuotaPenaltyDays))
	add("", "account.quit_penalty_days", itoa(a.QuitPenaltyDays))
	add("", "account.quit_penalty_days_top", itoa(a.QuitPenaltyDaysTop))
	add("", "account.top_levels", strings.Join(a.TopLevels, ", "))
	add("", "account.late_working_days", itoa(a.LateWorkingDays))
	add("", "orders.promotion_window_days", itoa(o.PromotionWindowDays))
	add("", "orders.promotion_min_rating", ftoa(o.PromotionMinRating))
	add("", "orders.promotion_min_evaluations", itoa(o.PromotionMinRatings))
	add("", "orders.promotion_min_online_hours", itoa(o.PromotionMinOnlineHour))
	return v
}

// listSettings adds each entry of list as a setting, for Check.Settings:
// "list ID" its words and, when it has one, "reason ID" why it is on the
// list (the Rules sheet shows them side by side).
func listSettings(add func(setting, value string), list []ListEntry) {
	for _, e := range list {
		s := termsText(e)
		if e.Unless != "" {
			s += " (silent when " + e.Unless + " is authorised)"
		}
		add("list "+e.ID, s)
		if e.Reason != "" {
			add("reason "+e.ID, e.Reason)
		}
	}
}

func termsText(e ListEntry) string {
	var b strings.Builder
	for _, lang := range slices.Sorted(maps.Keys(e.Terms)) {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(lang)
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Terms[lang], ", "))
	}
	if len(e.Except) > 0 {
		b.WriteString("; except: ")
		b.WriteString(strings.Join(e.Except, ", "))
	}
	return b.String()
}
