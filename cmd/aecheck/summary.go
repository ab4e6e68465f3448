package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/pipeline"
)

// printSummary tells a seller in a few lines what the run found.
func printSummary(tr *i18n.Printer, w io.Writer, res *pipeline.Result, outputs []string, toOutputs bool) {
	s := &res.Summary
	fmt.Fprint(w, tr.Sprintf("aecheck: %d rows read: %d checked, %d rejected", s.Rows, s.Checked, s.Rejected))
	if s.Rejected > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(s.Reasons)) {
			parts = append(parts, fmt.Sprintf("%d %s", s.Reasons[k], k))
		}
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, tr.Sprintf("aecheck: %d findings: %d errors, %d warnings, %d info", s.Findings,
		s.BySeverity[checks.Error], s.BySeverity[checks.Warning], s.BySeverity[checks.Info]))
	if len(res.Metrics) > 0 {
		printMetrics(tr, w, res)
	}
	for _, n := range s.Notes {
		fmt.Fprintln(w, tr.Sprintf("aecheck: note: %s", tr.T(n)))
	}
	for _, o := range outputs {
		if o != "-" {
			fmt.Fprintln(w, tr.Sprintf("aecheck: wrote %s", o))
		}
	}
	if !toOutputs && s.Findings > 0 {
		fmt.Fprintln(w, tr.T("aecheck: add -o report.xlsx to get the list of what to fix"))
	}
}

// metricNames are the shop metrics in a seller's words.
var metricNames = map[string]string{
	"unsent_rate":       i18n.N("unsent orders"),
	"late_ship_rate":    i18n.N("late shipping"),
	"nr_rate":           i18n.N("not-received disputes"),
	"snad_rate":         i18n.N("not-as-described disputes"),
	"incomplete_rate":   i18n.N("incomplete orders"),
	"dsr_description":   i18n.N("rating for item as described"),
	"dsr_communication": i18n.N("rating for communication"),
	"dsr_shipping":      i18n.N("rating for shipping speed"),

	"account_points_live":          i18n.N("live penalty points"),
	"account_serious_ip_live":      i18n.N("live serious IP violations"),
	"account_points_to_closure":    i18n.N("penalty points left before closure"),
	"activity_cancellations_month": i18n.N("activity withdrawals this month"),
	"activity_cancellations_left":  i18n.N("activity withdrawals left this month"),
	"store_penalty_until":          i18n.N("days left of a store penalty"),
}

// printMetrics lists the shop metrics that need attention.
func printMetrics(tr *i18n.Printer, w io.Writer, res *pipeline.Result) {
	var bad, none []string
	for _, m := range res.Metrics {
		if m.Scope == "shop" && m.Status == checks.StatusNoData {
			if name := metricName(tr, m.Name); !slices.Contains(none, name) {
				none = append(none, name)
			}
			continue
		}
		if m.Scope != "shop" || (m.Status != "alert" && m.Status != "warn") {
			continue
		}
		v := fmt.Sprintf("%.1f%%", 100*m.Value)
		over := tr.Sprintf(" over %d days", m.WindowDays)
		switch {
		case strings.HasPrefix(m.Name, "dsr_"):
			v = fmt.Sprintf("%.2f", m.Value)
		case !strings.HasSuffix(m.Name, "_rate"):
			// Counts, points and days: the number itself, no window.
			v, over = strconv.FormatFloat(math.Round(m.Value*10)/10, 'f', -1, 64), ""
		}
		name := metricName(tr, m.Name)
		status := tr.T(map[string]string{"warn": i18n.N("watch"), "alert": i18n.N("act now")}[m.Status])
		shop := ""
		if m.Shop != "" {
			shop = m.Shop + ": "
		}
		bad = append(bad, fmt.Sprintf("%s%s%s %s (%s)", shop, name, over, v, status))
	}
	asOf := res.Summary.AsOf.UTC().Format("2006-01-02 15:04 MST")
	switch {
	case len(bad) == 0 && len(none) == 0:
		fmt.Fprintln(w, tr.Sprintf("aecheck: metrics as of %s: every shop metric is ok", asOf))
	case len(bad) == 0:
		fmt.Fprintln(w, tr.Sprintf("aecheck: metrics as of %s: every shop metric the export shows is ok", asOf))
	default:
		fmt.Fprintln(w, tr.Sprintf("aecheck: metrics as of %s, needing attention (details on the Metrics and Account sheets):", asOf))
		fmt.Fprintf(w, "  %s\n", strings.Join(bad, "\n  "))
	}
	if len(none) > 0 {
		fmt.Fprintln(w, tr.Sprintf("aecheck: no data in the order export for %s: it has no column for them, so aecheck cannot tell whether they are ok; export the orders with those columns to check them", strings.Join(none, ", ")))
	}
}

// metricName is the seller's name of metric name, in tr's language.
func metricName(tr *i18n.Printer, name string) string {
	if s := tr.T(metricNames[name]); s != "" {
		return s
	}
	return name
}

// showFirst is how many findings a run without -o prints on screen.
const showFirst = 10

// firstFindings keeps the first findings of each severity, in input order.
type firstFindings struct {
	bySev [checks.Error + 1][]checks.Finding
}

func (ff *firstFindings) add(f *checks.Finding) {
	if f.Severity <= checks.Error && len(ff.bySev[f.Severity]) < showFirst {
		// A copy of the texts too: they may be in memory the run reuses.
		c := *f
		c.Shop, c.Entity, c.Value, c.Message = strings.Clone(c.Shop), strings.Clone(c.Entity), strings.Clone(c.Value), strings.Clone(c.Message)
		c.Pos.Field, c.Ref.Field = strings.Clone(c.Pos.Field), strings.Clone(c.Ref.Field)
		ff.bySev[f.Severity] = append(ff.bySev[f.Severity], c)
	}
}

// print writes up to showFirst findings, errors first.
func (ff *firstFindings) print(tr *i18n.Printer, w io.Writer) {
	n := 0
	for sev := checks.Error; sev >= checks.Info && n < showFirst; sev-- {
		for _, f := range ff.bySev[sev] {
			if n == showFirst {
				break
			}
			fmt.Fprintf(w, "%s: %s %s: %s\n", f.Pos.PlaceIn(tr), tr.T(f.Severity.String()), f.Check, f.Message)
			n++
		}
	}
}
