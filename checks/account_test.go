package checks

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aecheck/aecheck/readers"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func viol(row int, id string, date time.Time, pts float64) readers.Violation {
	return readers.Violation{Pos: readers.Pos{File: "v.csv", Row: row}, ID: id, Date: date, Points: pts}
}

func act(row int, id, level string, warmup, start, cancelled time.Time) readers.Activity {
	return readers.Activity{Pos: readers.Pos{File: "a.csv", Row: row}, ID: id, Level: level, WarmupAt: warmup, StartAt: start,
		EndAt: start.AddDate(0, 0, 7), CancelledAt: cancelled}
}

// runAccount runs the account checks on one shop and returns the check IDs
// found (sorted) and the shop metrics by name.
func runAccount(t *testing.T, asOf time.Time, d AccountData) ([]string, map[string]Metric, []Finding) {
	t.Helper()
	fs, ms := NewAccountRunner(nil, asOf).Run([]AccountData{d}, len(d.Violations) > 0, len(d.Activities) > 0)
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Check)
	}
	byName := map[string]Metric{}
	for _, m := range ms {
		if m.Scope == "shop" {
			byName[m.Name] = m
		}
	}
	return ids, byName, fs
}

func TestAccountPointsBoundaries(t *testing.T) {
	asOf := utc("2026-11-20 12:00")
	year := 365 * 24 * time.Hour
	for _, tc := range []struct {
		name    string
		vs      []readers.Violation
		live    float64
		serious int
		want    []string
	}{
		{"exactly 365 days old is expired", []readers.Violation{viol(2, "a", asOf.Add(-year), 12)}, 0, 0, nil},
		{"one minute under 365 days is live", []readers.Violation{viol(2, "a", asOf.Add(-year+time.Minute), 12)}, 12, 0, []string{"account-freeze-threshold"}},
		{"11 points: no threshold", []readers.Violation{viol(2, "a", utc("2026-05-01 00:00"), 11)}, 11, 0, nil},
		{"exactly 12 points: freeze threshold", []readers.Violation{viol(2, "a", utc("2026-05-01 00:00"), 6), viol(3, "b", utc("2026-06-01 00:00"), 6)}, 12, 0, []string{"account-freeze-threshold"}},
		{"35 points: not yet closure risk", []readers.Violation{viol(2, "a", utc("2026-05-01 00:00"), 35)}, 35, 0, []string{"account-freeze-threshold"}},
		{"exactly 36 points: closure risk", []readers.Violation{viol(2, "a", utc("2026-05-01 00:00"), 24), viol(3, "b", utc("2026-06-01 00:00"), 12)}, 36, 0, []string{"account-closure-risk", "account-freeze-threshold"}},
		{"48 points: closed", []readers.Violation{viol(2, "a", utc("2026-05-01 00:00"), 48)}, 48, 0, []string{"account-closure-risk", "account-freeze-threshold"}},
		{"a violation after as-of does not count yet", []readers.Violation{viol(2, "a", asOf.Add(time.Minute), 12)}, 0, 0, nil},
		{"successful appeal counts for nothing", []readers.Violation{func() readers.Violation {
			v := viol(2, "a", utc("2026-05-01 00:00"), 48)
			v.Void = true
			return v
		}()}, 0, 0, nil},
		{"two serious IP violations: one away from closure", func() []readers.Violation {
			a, b := viol(2, "a", utc("2026-05-01 00:00"), 2), viol(3, "b", utc("2026-06-01 00:00"), 2)
			a.SeriousIP, b.SeriousIP = true, true
			return []readers.Violation{a, b}
		}(), 4, 2, []string{"account-closure-risk"}},
		{"one serious IP violation: no risk yet", func() []readers.Violation {
			a := viol(2, "a", utc("2026-05-01 00:00"), 2)
			a.SeriousIP = true
			return []readers.Violation{a}
		}(), 2, 1, nil},
		{"a rejected row counts for nothing", []readers.Violation{func() readers.Violation {
			v := viol(2, "a", utc("2026-05-01 00:00"), 48)
			v.Problems = []readers.Problem{{Check: "bad-value", Msg: "x"}}
			return v
		}()}, 0, 0, []string{"bad-value"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, ms, _ := runAccount(t, asOf, AccountData{Violations: tc.vs})
			if !slices.Equal(ids, tc.want) {
				t.Errorf("findings %v, want %v", ids, tc.want)
			}
			if got := ms[MetricPointsLive].Value; got != tc.live {
				t.Errorf("points live %g, want %g", got, tc.live)
			}
			if got := ms[MetricSeriousIPLive].Value; got != float64(tc.serious) {
				t.Errorf("serious IP live %g, want %d", got, tc.serious)
			}
			if got := ms[MetricPointsToClosure].Value; got != 48-tc.live {
				t.Errorf("points to closure %g, want %g", got, 48-tc.live)
			}
		})
	}
}

func TestAccountFreezeMessage(t *testing.T) {
	asOf := utc("2026-11-20 12:00")
	_, _, fs := runAccount(t, asOf, AccountData{Violations: []readers.Violation{
		viol(2, "old", utc("2026-01-10 08:00"), 6), viol(3, "mid", utc("2026-03-01 08:00"), 6), viol(4, "new", utc("2026-08-01 08:00"), 12),
	}})
	if len(fs) != 1 || fs[0].Check != "account-freeze-threshold" {
		t.Fatalf("got %v", fs)
	}
	// 24 points: the threshold of 24 is crossed by "new"; the oldest
	// points expire 365 days after 2026-01-10 08:00.
	if fs[0].Entity != "new" || !strings.Contains(fs[0].Message, "24-point threshold") || !strings.Contains(fs[0].Message, "expire on 2027-01-10 08:00") {
		t.Errorf("finding %s: %s", fs[0].Entity, fs[0].Message)
	}
}

func TestAccountActivityBoundaries(t *testing.T) {
	none := time.Time{}
	monthOf := func(n int) []readers.Activity {
		var as []readers.Activity
		for i := range n {
			c := utc("2026-11-02 09:00").Add(time.Duration(i) * 24 * time.Hour)
			as = append(as, act(2+i, fmt.Sprintf("A%d", i+1), "B", none, utc("2026-12-20 00:00"), c))
		}
		return as
	}
	for _, tc := range []struct {
		name  string
		asOf  time.Time
		acts  []readers.Activity
		want  []string
		month float64 // activity_cancellations_month
	}{
		{"5th withdrawal of the month is allowed", utc("2026-11-25 00:00"), monthOf(5), nil, 5},
		{"6th withdrawal of the month is over quota", utc("2026-11-25 00:00"), monthOf(6), []string{"activity-cancel-over-quota"}, 6},
		{"one minute before the warm-up counts, and is late", utc("2026-11-25 00:00"),
			[]readers.Activity{act(2, "A", "S", utc("2026-11-18 10:00"), utc("2026-11-20 00:00"), utc("2026-11-18 09:59"))},
			[]string{"activity-cancel-late"}, 1},
		{"at the warm-up is quitting", utc("2026-11-25 00:00"),
			[]readers.Activity{act(2, "A", "S", utc("2026-11-18 10:00"), utc("2026-11-20 00:00"), utc("2026-11-18 10:00"))},
			[]string{"activity-quit-after-start"}, 0},
		{"at the start without warm-up is quitting", utc("2026-11-25 00:00"),
			[]readers.Activity{act(2, "A", "B", none, utc("2026-11-20 00:00"), utc("2026-11-20 00:00"))},
			[]string{"activity-quit-after-start"}, 0},
		{"Friday evening before a Monday start is late", utc("2026-11-25 00:00"),
			[]readers.Activity{act(2, "A", "B", none, utc("2026-11-16 09:00"), utc("2026-11-13 20:00"))},
			[]string{"activity-cancel-late"}, 1},
		{"Thursday morning before a Monday start is safe", utc("2026-11-25 00:00"),
			[]readers.Activity{act(2, "A", "B", none, utc("2026-11-16 09:00"), utc("2026-11-12 08:00"))},
			nil, 1},
		{"exactly one working day before is late", utc("2026-11-25 00:00"),
			[]readers.Activity{act(2, "A", "B", none, utc("2026-11-13 09:00"), utc("2026-11-12 09:00"))},
			[]string{"activity-cancel-late"}, 1},
		{"a withdrawal after as-of is not counted", utc("2026-11-01 00:00"),
			[]readers.Activity{act(2, "A", "B", none, utc("2026-12-16 09:00"), utc("2026-11-12 08:00"))},
			nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, ms, _ := runAccount(t, tc.asOf, AccountData{Activities: tc.acts})
			if !slices.Equal(ids, tc.want) {
				t.Errorf("findings %v, want %v", ids, tc.want)
			}
			if got := ms[MetricCancellationsMonth].Value; got != tc.month {
				t.Errorf("cancellations this month %g, want %g", got, tc.month)
			}
			if got := ms[MetricCancellationsLeft].Value; got != max(0, 5-tc.month) {
				t.Errorf("cancellations left %g, want %g", got, max(0, 5-tc.month))
			}
		})
	}
}

func TestAccountPenaltyWindows(t *testing.T) {
	none := time.Time{}
	quitS := act(2, "S1", "S", none, utc("2026-11-10 00:00"), utc("2026-11-11 00:00"))
	quitA := act(3, "A1", "A", none, utc("2026-11-10 00:00"), utc("2026-11-11 00:00"))
	for _, tc := range []struct {
		name  string
		asOf  time.Time
		acts  []readers.Activity
		until string // store_penalty_until's note
	}{
		{"S: 60 days", utc("2026-12-01 00:00"), []readers.Activity{quitS}, "2027-01-10T00:00:00Z"},
		{"A: 30 days", utc("2026-12-01 00:00"), []readers.Activity{quitA}, "2026-12-11T00:00:00Z"},
		{"A: closed at its end", utc("2026-12-11 00:00"), []readers.Activity{quitA}, ""},
		{"the latest window wins", utc("2026-12-01 00:00"), []readers.Activity{quitA, quitS}, "2027-01-10T00:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ms, _ := runAccount(t, tc.asOf, AccountData{Activities: tc.acts})
			m := ms[MetricStorePenaltyUntil]
			if m.Note != tc.until {
				t.Errorf("store_penalty_until %q, want %q", m.Note, tc.until)
			}
			if (m.Status == "alert") != (tc.until != "") {
				t.Errorf("status %s with until %q", m.Status, tc.until)
			}
		})
	}
}

func TestAccountMonthInAsOfZone(t *testing.T) {
	// 23:30 UTC on 31 October is 07:30 on 1 November in UTC+8.
	a := act(2, "A", "B", time.Time{}, utc("2026-12-01 00:00"), utc("2026-10-31 23:30"))
	for _, tc := range []struct {
		zone  *time.Location
		month float64
	}{
		{time.UTC, 0},
		{time.FixedZone("UTC+8", 8*3600), 1},
	} {
		asOf := time.Date(2026, 11, 5, 12, 0, 0, 0, tc.zone)
		_, ms, _ := runAccount(t, asOf, AccountData{Activities: []readers.Activity{a}})
		if got := ms[MetricCancellationsMonth].Value; got != tc.month {
			t.Errorf("%s: cancellations in November %g, want %g", tc.zone, got, tc.month)
		}
	}
}

func TestAccountWithdrawalRowsAreOne(t *testing.T) {
	// An activity listed once per product, withdrawn at once: one withdrawal.
	var as []readers.Activity
	for i := range 7 {
		a := act(2+i, "A", "B", time.Time{}, utc("2026-12-20 00:00"), utc("2026-11-02 09:00"))
		a.ProductID = fmt.Sprint(1000 + i)
		as = append(as, a)
	}
	ids, ms, _ := runAccount(t, utc("2026-11-25 00:00"), AccountData{Activities: as})
	if len(ids) != 0 || ms[MetricCancellationsMonth].Value != 1 {
		t.Errorf("findings %v, month count %g; want none and 1", ids, ms[MetricCancellationsMonth].Value)
	}
}

func TestPromotionLockedChange(t *testing.T) {
	asOf := utc("2026-11-20 00:00")
	reg := act(2, "A9", "A", time.Time{}, utc("2026-12-01 00:00"), time.Time{})
	reg.ProductID, reg.Name = "1005", "Year-end sale"
	ended := act(3, "A8", "A", time.Time{}, utc("2026-10-01 00:00"), time.Time{})
	ended.ProductID = "2005"
	left := act(4, "A7", "A", time.Time{}, utc("2026-12-01 00:00"), utc("2026-11-01 00:00"))
	left.ProductID = "3005"
	locked := func(row int, id string, kv ...string) readers.Locked {
		l := readers.Locked{Pos: readers.Pos{File: "c.csv", Row: row}, ProductID: id, Values: map[string]string{}}
		for i := 0; i < len(kv); i += 2 {
			l.Values[kv[i]] = kv[i+1]
		}
		return l
	}
	before := []readers.Locked{
		locked(2, "1005", "price", "12.50", "category", "Home > Kitchen", "colour", "Red", "shipping_template", "EU"),
		locked(3, "2005", "price", "9.00"),
		locked(4, "3005", "price", "9.00"),
	}
	current := []readers.Locked{
		locked(2, "1005", "price", "12.5", "category", "home >  kitchen", "colour", "Blue", "shipping_template", "EU-2"),
		locked(3, "2005", "price", "10.00"),
		locked(4, "3005", "price", "10.00"),
	}
	_, _, fs := runAccount(t, asOf, AccountData{Activities: []readers.Activity{reg, ended, left}, Before: before, Current: current})
	var got []string
	for _, f := range fs {
		got = append(got, f.Entity+" "+f.Value)
		if !strings.Contains(f.Message, `"Year-end sale" (A9)`) {
			t.Errorf("message does not name the activity: %s", f.Message)
		}
	}
	if want := []string{"1005 Blue", "1005 EU-2"}; !slices.Equal(got, want) {
		t.Errorf("changes %v, want %v (price 12.50 = 12.5, category equal but for case and spaces; ended and withdrawn products free)", got, want)
	}
}

// oracleMetrics is a deliberately plain second reading of the account
// metrics' definitions, for TestAccountOracle.
func oracleMetrics(asOf time.Time, vs []readers.Violation, as []readers.Activity) map[string]float64 {
	m := map[string]float64{}
	for _, v := range vs {
		if v.Void || len(v.Problems) > 0 || v.Date.After(asOf) {
			continue
		}
		age := asOf.Sub(v.Date)
		if age >= 365*24*time.Hour {
			continue
		}
		m[MetricPointsLive] += v.Points
		if v.SeriousIP {
			m[MetricSeriousIPLive]++
		}
		if 365*24*time.Hour-age <= 30*24*time.Hour {
			m[MetricPointsExpiring] += v.Points
		}
	}
	m[MetricPointsToClosure] = 48 - m[MetricPointsLive]
	type wd struct {
		id string
		at time.Time
	}
	seen := map[wd]bool{}
	var windows [][2]time.Time
	perMonth := map[string]int{}
	var pre []readers.Activity
	for _, a := range as {
		if a.CancelledAt.IsZero() || a.CancelledAt.After(asOf) || seen[wd{a.ID, a.CancelledAt}] {
			continue
		}
		seen[wd{a.ID, a.CancelledAt}] = true
		gate := a.StartAt
		if !a.WarmupAt.IsZero() {
			gate = a.WarmupAt
		}
		if a.CancelledAt.Before(gate) {
			pre = append(pre, a)
			continue
		}
		days := 30
		if a.Level == "S" || a.Level == "A+" {
			days = 60
		}
		windows = append(windows, [2]time.Time{a.CancelledAt, a.CancelledAt.Add(time.Duration(days) * 24 * time.Hour)})
	}
	slices.SortStableFunc(pre, func(x, y readers.Activity) int { return x.CancelledAt.Compare(y.CancelledAt) })
	for _, a := range pre {
		k := a.CancelledAt.In(asOf.Location()).Format("2006-01")
		perMonth[k]++
		if perMonth[k] > 5 {
			windows = append(windows, [2]time.Time{a.CancelledAt, a.CancelledAt.Add(30 * 24 * time.Hour)})
		}
	}
	n := perMonth[asOf.Format("2006-01")]
	m[MetricCancellationsMonth] = float64(n)
	m[MetricCancellationsLeft] = math.Max(0, float64(5-n))
	for _, w := range windows {
		if !asOf.Before(w[0]) && asOf.Before(w[1]) {
			m[MetricStorePenaltyUntil] = math.Max(m[MetricStorePenaltyUntil], w[1].Sub(asOf).Hours()/24)
		}
	}
	return m
}

// TestAccountOracle compares the account metrics with oracleMetrics on
// generated shops.
func TestAccountOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 1))
	base := utc("2026-01-01 00:00")
	at := func(days int) time.Time {
		return base.Add(time.Duration(rng.IntN(days*24*60)) * time.Minute)
	}
	levels := []string{"S", "A+", "A", "B", ""}
	for round := range 300 {
		asOf := base.AddDate(0, 0, 300+rng.IntN(200))
		if round%3 == 0 {
			asOf = asOf.In(time.FixedZone("UTC+8", 8*3600))
		}
		var vs []readers.Violation
		for i := range rng.IntN(12) {
			v := viol(2+i, fmt.Sprint("V", i), at(600), float64(rng.IntN(13)))
			if rng.IntN(4) == 0 {
				// Exactly on the 365-day edge, or a minute either side.
				v.Date = asOf.Add(-365*24*time.Hour + time.Duration(rng.IntN(3)-1)*time.Minute)
			}
			v.SeriousIP = rng.IntN(5) == 0
			v.Void = rng.IntN(6) == 0
			vs = append(vs, v)
		}
		var as []readers.Activity
		for i := range rng.IntN(20) {
			start := at(600)
			var warm, cancel time.Time
			if rng.IntN(2) == 0 {
				warm = start.Add(-time.Duration(1+rng.IntN(10)) * 24 * time.Hour)
			}
			if rng.IntN(3) > 0 {
				cancel = start.Add(-time.Duration(rng.IntN(20*24)-2*24) * time.Hour)
			}
			as = append(as, act(2+i, fmt.Sprint("A", i), levels[rng.IntN(len(levels))], warm, start, cancel))
		}
		_, got, _ := runAccount(t, asOf, AccountData{Violations: vs, Activities: as})
		want := oracleMetrics(asOf, vs, as)
		for name, w := range want {
			if len(vs) == 0 && strings.HasPrefix(name, "account_") || len(as) == 0 && !strings.HasPrefix(name, "account_") {
				continue
			}
			if g := got[name].Value; math.Abs(g-w) > 1e-9 {
				t.Fatalf("round %d as of %s: %s = %g, oracle %g", round, asOf, name, g, w)
			}
		}
	}
}

func TestAccountLateHoliday(t *testing.T) {
	// Thursday noon before a Monday 09:00 start is safe (45 working
	// hours), unless Friday is a holiday: then 21 are left.
	a := act(2, "A", "B", time.Time{}, utc("2026-11-16 09:00"), utc("2026-11-12 12:00"))
	for _, tc := range []struct {
		rules string
		want  []string
	}{
		{"", nil},
		{"orders:\n  holidays: [2026-11-13]\n", []string{"activity-cancel-late"}},
	} {
		r, err := ParseRules([]byte(tc.rules), "r.yaml")
		if err != nil {
			t.Fatal(err)
		}
		fs, _ := NewAccountRunner(r, utc("2026-11-25 00:00")).Run([]AccountData{{Activities: []readers.Activity{a}}}, false, true)
		var ids []string
		for _, f := range fs {
			ids = append(ids, f.Check)
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("rules %q: %v, want %v", tc.rules, ids, tc.want)
		}
	}
}

func TestAccountRulesFile(t *testing.T) {
	r, err := ParseRules([]byte("account:\n  cancellations_per_month: 2\n  top_levels: [s, a+, a]\n"), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	none := time.Time{}
	var as []readers.Activity
	for i := range 3 {
		as = append(as, act(2+i, fmt.Sprint("A", i), "B", none, utc("2026-12-20 00:00"), utc("2026-11-02 09:00").AddDate(0, 0, i)))
	}
	as = append(as, act(9, "Q", "A", none, utc("2026-11-10 00:00"), utc("2026-11-10 00:00")))
	fs, ms := NewAccountRunner(r, utc("2026-11-25 00:00")).Run([]AccountData{{Activities: as}}, false, true)
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Check+" "+f.Entity)
	}
	if want := []string{"activity-cancel-over-quota A2", "activity-quit-after-start Q"}; !slices.Equal(ids, want) {
		t.Errorf("findings %v, want %v", ids, want)
	}
	for _, m := range ms {
		if m.Name == MetricStorePenaltyUntil && m.WindowDays != 60 {
			t.Errorf("a level A quit is 60 days with top_levels [s, a+, a]; got %d", m.WindowDays)
		}
	}
	for _, bad := range []string{"account:\n  closure_points: 0\n", "account:\n  quit_penalty_days: -1\n", "account:\n  closure_pts: 4\n"} {
		if _, err := ParseRules([]byte(bad), "r.yaml"); err == nil || !strings.Contains(err.Error(), "account") && !strings.Contains(err.Error(), "closure_pts") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}
