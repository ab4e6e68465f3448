package checks

import (
	"slices"
	"strings"
	"time"
)

// The account metrics. Shop metrics (scope "shop"), as of the run's
// instant:
//
//	account_points_live          sum of the points of the live violations (given less than points_live_days ago, not void)
//	account_serious_ip_live      count of the live serious intellectual-property violations
//	account_points_expiring_30d  live points whose life ends within expiring_window_days; note = the next expiry (RFC 3339)
//	account_points_to_closure    closure_points minus the live points (negative past closure)
//	activity_cancellations_month withdrawals before the warm-up (or start) in the calendar month of the as-of instant, in its zone
//	activity_cancellations_left  cancellations_per_month minus that count, not below 0
//	store_penalty_until          the end of the latest store penalty window open at the as-of instant:
//	                             value = days left, note = the end (RFC 3339); value 0 and an empty note when none
//
// Rows behind the Account sheet's timeline and tables:
//
//	scope "violation", key the violation ID, metric violation_points: the points of one live violation; note = when they expire (RFC 3339)
//	scope "month", key "2006-01", metric activity_cancellations: withdrawals before warm-up counted in that month, out of the allowance
//	scope "penalty", key the activity ID, metric store_penalty_over_quota or store_penalty_quit_after_start:
//	                 a window open at the as-of instant; value = days left, note = "FROM/UNTIL" (RFC 3339)
const (
	MetricPointsLive         = "account_points_live"
	MetricSeriousIPLive      = "account_serious_ip_live"
	MetricPointsExpiring     = "account_points_expiring_30d"
	MetricPointsToClosure    = "account_points_to_closure"
	MetricCancellationsMonth = "activity_cancellations_month"
	MetricCancellationsLeft  = "activity_cancellations_left"
	MetricStorePenaltyUntil  = "store_penalty_until"
	MetricViolationPoints    = "violation_points"
	MetricCancellations      = "activity_cancellations"
	MetricPenaltyPrefix      = "store_penalty_"
)

// AccountMetrics returns the account metrics of one shop's facts as of
// asOf, unsorted.
func AccountMetrics(a *AccountRules, asOf time.Time, f *AccountFacts) []Metric {
	var ms []Metric
	shop := func(name string, days int, num, den, val float64, status, note string) {
		ms = append(ms, Metric{Shop: f.Shop, Scope: "shop", Name: name, WindowDays: days,
			Numerator: num, Denominator: den, Value: val, Status: status, Note: note})
	}
	if f.HasViolations {
		status := "ok"
		switch {
		case f.PointsLive >= a.ClosurePoints-a.FreezeStepPoints || f.SeriousLive > 0 && f.SeriousLive >= a.SeriousIPLimit-1:
			status = "alert"
		case f.PointsLive >= a.FreezeStepPoints:
			status = "warn"
		}
		ipStatus := "ok"
		switch {
		case f.SeriousLive > 0 && f.SeriousLive >= a.SeriousIPLimit-1:
			ipStatus = "alert"
		case f.SeriousLive > 0:
			ipStatus = "warn"
		}
		soon := asOf.Add(time.Duration(a.ExpiringWindowDays) * 24 * time.Hour)
		expiring, next := 0.0, ""
		for _, v := range f.Live {
			if !v.Expires.After(soon) {
				expiring += v.Points
			}
			if next == "" {
				next = v.Expires.In(asOf.Location()).Format(time.RFC3339)
			}
		}
		shop(MetricPointsLive, a.PointsLiveDays, f.PointsLive, a.ClosurePoints, f.PointsLive, status, "")
		shop(MetricSeriousIPLive, a.PointsLiveDays, float64(f.SeriousLive), float64(a.SeriousIPLimit), float64(f.SeriousLive), ipStatus, "")
		shop(MetricPointsExpiring, a.ExpiringWindowDays, expiring, f.PointsLive, expiring, "ok", next)
		left := a.ClosurePoints - f.PointsLive
		shop(MetricPointsToClosure, a.PointsLiveDays, left, a.ClosurePoints, left, status, "")
		for _, v := range f.Live {
			ms = append(ms, Metric{Shop: f.Shop, Scope: "violation", Key: v.ID, Name: MetricViolationPoints, WindowDays: a.PointsLiveDays,
				Numerator: v.Points, Value: v.Points, Status: "ok", Note: v.Expires.In(asOf.Location()).Format(time.RFC3339)})
		}
	}
	if f.HasActivities {
		month := asOf.Format("2006-01")
		n := float64(f.MonthCount[month])
		allow := float64(a.CancellationsPerMonth)
		quota := func(n float64) string {
			switch {
			case n > allow:
				return "alert"
			case n == allow:
				return "warn"
			}
			return "ok"
		}
		days := daysInMonth(asOf)
		shop(MetricCancellationsMonth, days, n, allow, n, quota(n), month)
		shop(MetricCancellationsLeft, days, max(0, allow-n), allow, max(0, allow-n), quota(n), month)
		open := f.OpenPenalties(asOf)
		if len(open) == 0 {
			shop(MetricStorePenaltyUntil, 0, 0, 0, 0, "ok", "")
		} else {
			last := open[len(open)-1]
			left := last.Until.Sub(asOf).Hours() / 24
			shop(MetricStorePenaltyUntil, last.Days, left, float64(last.Days), left, "alert", last.Until.In(asOf.Location()).Format(time.RFC3339))
		}
		months := []string{month}
		for m := range f.MonthCount {
			if !slices.Contains(months, m) {
				months = append(months, m)
			}
		}
		slices.Sort(months)
		for _, m := range months {
			c := float64(f.MonthCount[m])
			ms = append(ms, Metric{Shop: f.Shop, Scope: "month", Key: m, Name: MetricCancellations, WindowDays: 0,
				Numerator: c, Denominator: allow, Value: c, Status: quota(c)})
		}
		for _, p := range open {
			left := p.Until.Sub(asOf).Hours() / 24
			ms = append(ms, Metric{Shop: f.Shop, Scope: "penalty", Key: p.ActivityID, Name: MetricPenaltyPrefix + strings.ReplaceAll(p.Reason, "-", "_"), WindowDays: p.Days,
				Numerator: left, Denominator: float64(p.Days), Value: left, Status: "alert",
				Note: p.From.In(asOf.Location()).Format(time.RFC3339) + "/" + p.Until.In(asOf.Location()).Format(time.RFC3339)})
		}
	}
	return ms
}

// daysInMonth returns the number of days of t's month, in t's zone.
func daysInMonth(t time.Time) int {
	y, m, _ := t.Date()
	return time.Date(y, m+1, 0, 0, 0, 0, 0, t.Location()).Day()
}
