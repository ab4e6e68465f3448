package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/pipeline"
)

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressLine returns a Progress callback that rewrites one line on w at
// most four times a second: the file being read, rows so far, rows per
// second and findings. done clears the line.
func progressLine(w io.Writer) (fn func(pipeline.Progress), done func()) {
	start := time.Now()
	var last time.Time
	shown := false
	fn = func(p pipeline.Progress) {
		now := time.Now()
		if now.Sub(last) < 250*time.Millisecond {
			return
		}
		last = now
		rate := float64(p.Rows) / max(now.Sub(start).Seconds(), 1e-3)
		pct := ""
		if p.Size > 0 {
			pct = fmt.Sprintf(", %.0f%% of the file", 100*float64(p.Read)/float64(p.Size))
		}
		fmt.Fprintf(w, "\r\033[Kaecheck: %s: %d rows read (%.0f rows/s%s), %d findings", p.File, p.Rows, rate, pct, p.Findings)
		shown = true
	}
	done = func() {
		if shown {
			fmt.Fprint(w, "\r\033[K")
		}
	}
	return fn, done
}

// logSummary writes the outcome of a run as structured log records
// (--log-format json), for log collectors.
func logSummary(w io.Writer, res *pipeline.Result, outputs []string) {
	log := slog.New(slog.NewJSONHandler(w, nil))
	s := &res.Summary
	attrs := []any{
		"rows_read", s.Rows, "rows_checked", s.Checked, "rows_rejected", s.Rejected,
		"findings", s.Findings, "errors", s.BySeverity[checks.Error],
		"warnings", s.BySeverity[checks.Warning], "info", s.BySeverity[checks.Info],
		"outputs", outputs,
	}
	if !s.AsOf.IsZero() {
		attrs = append(attrs, "as_of", s.AsOf.UTC().Format(time.RFC3339))
	}
	log.Info("run finished", attrs...)
	for _, f := range s.Files {
		if f.Error == "" {
			log.Info("file read", "file", f.Path, "sheet", f.Sheet, "shop", f.Shop, "kind", f.Kind, "rows", f.Rows, "checked", f.Checked, "rejected", f.Rejected)
		}
	}
	for _, m := range res.Metrics {
		if m.Scope == "shop" && (m.Status == "warn" || m.Status == "alert") {
			log.Warn("metric needs attention", "shop", m.Shop, "metric", m.Name, "window_days", m.WindowDays, "value", m.Value, "status", m.Status)
		}
	}
	for _, n := range s.Notes {
		log.Info("note", "text", n)
	}
	for _, f := range res.Failed {
		log.Error("input failed", "error", f.Error())
	}
}
