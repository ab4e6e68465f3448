package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/checks"
)

// accountArgs are the README's account command on the samples.
func accountArgs(extra ...string) []string {
	return append([]string{"account",
		"--violations", filepath.Join(samples, "violations.csv"),
		"--activities", filepath.Join(samples, "activities_zh.csv"),
		"--before", filepath.Join(samples, "catalog_before.csv"), filepath.Join(samples, "catalog.csv")}, extra...)
}

// TestAccountSampleGolden runs aecheck account on the samples and compares
// the JSONL with the golden file; every account check fires, the clean
// rows stay clean and no personal data reaches the output.
func TestAccountSampleGolden(t *testing.T) {
	code, stdout, stderr := aecheck(t, "", accountArgs("-o", "-")...)
	if code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", code, stderr)
	}
	compareGolden(t, "account.jsonl", stdout)
	fs, summary := parseOrdersJSONL(t, stdout)
	fired := map[string]bool{}
	for _, f := range fs {
		fired[f.Check] = true
		if f.Entity == "V-1003" || f.Entity == "A-2010" || f.Entity == "1005006001003" {
			t.Errorf("clean row has a finding: %+v", f)
		}
	}
	for _, c := range checks.All {
		if c.Scope == checks.ScopeAccount && !fired[c.ID] {
			t.Errorf("%s does not fire on the samples", c.ID)
		}
	}
	if summary["as_of"] != "2026-11-20T16:00:00Z" {
		t.Errorf("as_of %v, want the latest withdrawal", summary["as_of"])
	}
	for _, pii := range []string{"13800000000", "王先生"} {
		if strings.Contains(stdout, pii) {
			t.Errorf("personal data %q copied to the output", pii)
		}
	}
	ms := parseMetrics(t, stdout)
	for k, v := range map[string]float64{
		"shop//account_points_live/365":          38,
		"shop//account_serious_ip_live/365":      2,
		"shop//account_points_expiring_30d/30":   12,
		"shop//account_points_to_closure/365":    10,
		"shop//activity_cancellations_month/30":  6,
		"shop//activity_cancellations_left/30":   0,
		"month/2026-10/activity_cancellations/0": 1,
	} {
		if ms[k].Value != v {
			t.Errorf("%s = %g, want %g", k, ms[k].Value, v)
		}
	}
	if n := ms["shop//store_penalty_until/60"].Note; n != "2027-01-10T10:00:00Z" {
		t.Errorf("store_penalty_until %q", n)
	}
	if !strings.Contains(stderr, "live penalty points 38 (act now)") {
		t.Errorf("stderr does not tell the points:\n%s", stderr)
	}
}

// TestAccountAsOfZone: a withdrawal at 23:30 UTC on 31 October counts in
// November when --as-of is given in UTC+8.
func TestAccountAsOfZone(t *testing.T) {
	for _, tc := range []struct {
		asOf string
		key  string
		want float64
	}{
		{"2026-11-05T04:00:00Z", "shop//activity_cancellations_month/30", 2},
		{"2026-11-05T12:00:00+08:00", "shop//activity_cancellations_month/30", 3},
	} {
		_, stdout, stderr := aecheck(t, "", "account", "--activities", filepath.Join(samples, "activities_zh.csv"), "--as-of", tc.asOf, "-o", "-")
		if got := parseMetrics(t, stdout)[tc.key]; got.Value != tc.want {
			t.Errorf("--as-of %s: %s = %g, want %g\n%s", tc.asOf, tc.key, got.Value, tc.want, stderr)
		}
	}
}

// TestAccountOutputs writes every format and checks the account metrics
// and findings are in each.
func TestAccountOutputs(t *testing.T) {
	dir := t.TempDir()
	var args []string
	for _, ext := range []string{"xlsx", "csv", "parquet", "arrow", "jsonl"} {
		args = append(args, "-o", filepath.Join(dir, "r."+ext))
	}
	args = append(args, "--metrics-out", filepath.Join(dir, "m.csv"))
	code, _, stderr := aecheck(t, "", accountArgs(args...)...)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, ext := range []string{"xlsx", "csv", "parquet", "arrow", "jsonl"} {
		if fi, err := os.Stat(filepath.Join(dir, "r."+ext)); err != nil || fi.Size() == 0 {
			t.Errorf("r.%s: %v", ext, err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "r.csv"))
	if !strings.Contains(string(b), "activity-cancel-over-quota") {
		t.Error("the findings CSV lacks the account findings")
	}
	b, _ = os.ReadFile(filepath.Join(dir, "m.csv"))
	if !strings.Contains(string(b), "account_points_live") || !strings.Contains(string(b), "store_penalty_until") {
		t.Error("the metrics CSV lacks the account metrics")
	}
}

// TestAccountRefusesInputAsOutput: -o naming an input is refused before
// anything is written.
func TestAccountRefusesInputAsOutput(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile(filepath.Join(samples, "violations.csv"))
	in := filepath.Join(dir, "violations.csv")
	if err := os.WriteFile(in, src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := aecheck(t, "", "account", "--violations", in, "-o", filepath.Join(dir, ".", "violations.csv"))
	if code != 2 || !strings.Contains(stderr, "refusing to write") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if got, _ := os.ReadFile(in); string(got) != string(src) {
		t.Error("the input was changed")
	}
}

func TestAccountUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"account"}, "name the exports"},
		{[]string{"account", "--violations", "v.csv", "--before", "old.csv"}, "needs the current catalog"},
		{[]string{"account", "--violations", "v.csv", "catalog.csv"}, "add --before"},
		{[]string{"report", "--violations", "v.csv", "--before", "old.csv"}, "--before needs the current catalog"},
	} {
		code, _, stderr := aecheck(t, "", tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr:\n%s", tc.args, code, stderr)
		}
	}
}

func TestRulesListsAccountChecks(t *testing.T) {
	_, stdout, _ := aecheck(t, "", "rules")
	for _, c := range checks.All {
		if c.Scope == checks.ScopeAccount && !strings.Contains(stdout, c.ID) {
			t.Errorf("aecheck rules does not list %s", c.ID)
		}
	}
}

// TestReportAccountSheet: the nightly report with the account flags gets
// an Account sheet beside the catalog findings and the account metrics in
// its JSONL.
func TestReportAccountSheet(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "report.xlsx")
	code, stdout, stderr := aecheck(t, "", "report",
		"--catalog", filepath.Join(samples, "catalog.csv"),
		"--violations", filepath.Join(samples, "violations.csv"),
		"--activities", filepath.Join(samples, "activities_zh.csv"),
		"--before", filepath.Join(samples, "catalog_before.csv"),
		"-o", xlsx, "-o", "-")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), "Account") || !slices.Contains(f.GetSheetList(), "Account findings") {
		t.Fatalf("sheets %v: no Account and Account findings sheets", f.GetSheetList())
	}
	if v, _ := f.GetCellValue("Account findings", "H1"); v != "Violation, activity or product" {
		t.Errorf("Account findings!H1 = %q", v)
	}
	if v, _ := f.GetCellValue("Account", "C7"); v != "38" {
		t.Errorf("Account!C7 (live points) = %q, want 38", v)
	}
	fs, _ := parseOrdersJSONL(t, stdout)
	locked, listing := 0, 0
	for _, l := range fs {
		switch {
		case l.Check == "promotion-locked-change":
			locked++
		case strings.HasPrefix(l.Check, "title-"):
			listing++
		}
	}
	if locked != 2 || listing == 0 {
		t.Errorf("%d promotion-locked changes (want 2), %d title findings (want some)", locked, listing)
	}
	if parseMetrics(t, stdout)["shop//account_points_live/365"].Value != 38 {
		t.Error("no account_points_live in the report's JSONL")
	}
}

// TestAccountSplitByShop: with --split-by shop the account exports go to
// their shop's report once, not to every part's.
func TestAccountSplitByShop(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := aecheck(t, "", "report", "--split-by", "shop", "--shop", "trailmate",
		"--catalog", filepath.Join(samples, "catalog.csv"),
		"--violations", filepath.Join(samples, "violations.csv"),
		"--activities", filepath.Join(samples, "activities_zh.csv"),
		"-o", filepath.Join(dir, "r.jsonl"))
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "r-trailmate.jsonl"))
	if err != nil {
		t.Fatalf("%v; stderr:\n%s", err, stderr)
	}
	if n := strings.Count(string(b), `"check":"activity-cancel-over-quota"`); n != 1 {
		t.Errorf("%d over-quota findings in the shop's report, want 1", n)
	}
}
