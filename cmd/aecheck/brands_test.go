package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrandInTitleCLI: with authorised brands in the rules file, a title
// that presents the product as another known brand gets a
// brand-unauthorised warning on its title cell, with the brand as the
// JSONL evidence entry; a title that names the brand as what the product fits
// gets none.
func TestBrandInTitleCLI(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.yaml")
	catalog := filepath.Join(dir, "catalog.csv")
	if err := os.WriteFile(rules, []byte("authorised_brands:\n  - name: Trailmate\n    reason: own brand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	csv := "product_id,title,brand\n" +
		"1,Xiaomi USB 3.1 Flash Drive 2TB Metal Waterproof Type-C,\n" +
		"2,Silicone Case for Samsung Galaxy S24 Ultra Shockproof,Trailmate\n" +
		"3,Coque iPhone 14 motif léopard silicone,Trailmate\n"
	if err := os.WriteFile(catalog, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stdout, stderr := aecheck(t, "", "check", "--rules", rules, catalog, "-o", "-")
	parseJSONL(t, stdout) // the output is valid JSONL with a summary
	var got []string
	for _, l := range strings.Split(stdout, "\n") {
		var f struct {
			Check, Entity, Column string
			Evidence              struct{ Entry string }
		}
		if json.Unmarshal([]byte(l), &f) == nil && f.Check == "brand-unauthorised" {
			got = append(got, f.Entity+" "+f.Column+" "+f.Evidence.Entry)
		}
	}
	if strings.Join(got, "; ") != "1 title Xiaomi" {
		t.Errorf("brand findings %q, want one for Xiaomi on row 1's title\n%s", got, stderr)
	}
}
