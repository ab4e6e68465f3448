package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
)

// TestChecksDocIsCurrent fails when docs/checks.md is not what the registry
// makes: a check was added or its texts changed without go generate ./...
func TestChecksDocIsCurrent(t *testing.T) {
	got := render()
	want, err := os.ReadFile("../../docs/checks.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/checks.md is stale: run go generate ./... and commit the page")
	}
	for _, c := range checks.All {
		if !bytes.Contains(got, []byte("\n## "+c.ID+"\n")) || !bytes.Contains(got, []byte(c.Fix)) {
			t.Errorf("the page lacks the section of %s or its fix", c.ID)
		}
	}
	if strings.Contains(string(got), "DOMAIN") {
		t.Error("the page cites a file outside the repository")
	}
}

// TestReadmeChecksAreCurrent fails when the README's list of checks is not
// the registry's: a check added, removed or retitled without go generate.
func TestReadmeChecksAreCurrent(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	got, err := spliceReadme(readme)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, readme) {
		t.Errorf("the README's list of checks is stale: run go generate ./... and commit README.md")
	}
	for _, c := range checks.All {
		if !bytes.Contains(readme, []byte("["+c.ID+"](docs/checks.md#"+c.ID+")")) {
			t.Errorf("the README does not list %s", c.ID)
		}
	}
	if _, err := spliceReadme([]byte("# no markers\n")); err == nil {
		t.Error("a README without the markers was accepted")
	}
}

// TestMetricsDocIsCurrent fails when docs/metrics.md is not what the
// registry of metrics makes: a metric added or its texts changed without
// go generate ./...
func TestMetricsDocIsCurrent(t *testing.T) {
	got := renderMetrics()
	want, err := os.ReadFile("../../docs/metrics.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/metrics.md is stale: run go generate ./... and commit the page")
	}
	for _, d := range checks.MetricDefs() {
		if !bytes.Contains(got, []byte("| `"+d.ID+"` |")) {
			t.Errorf("the page lacks the row of %s", d.ID)
		}
	}
	for _, tc := range []struct {
		d    checks.MetricDef
		want string
	}{
		{checks.MetricDef{Unit: checks.UnitRate, Threshold: &checks.Threshold{Warn: 0.01, Alert: 0.03}}, "warn from 1 %, alert from 3 %"},
		{checks.MetricDef{Unit: checks.UnitRating, Threshold: &checks.Threshold{Warn: 4.7, Alert: 4.5, Lower: true}}, "warn below 4.7, alert below 4.5"},
		{checks.MetricDef{Unit: checks.UnitRate, Threshold: &checks.Threshold{Alert: 0.02, WarnAbove: true}}, "warn above 0, alert from 2 %"},
		{checks.MetricDef{Judged: "the shop's levels"}, "the shop's levels"},
		{checks.MetricDef{}, "-"},
	} {
		if got := judged(&tc.d); got != tc.want {
			t.Errorf("judged(%+v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
