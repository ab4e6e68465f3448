package reports

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
)

// runSheet writes the workbook of run, with no findings, and returns the
// rows of its sheet.
func runSheet(t *testing.T, run *Run, sheet string) [][]string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.xlsx")
	x, err := CreateXLSX(path, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Begin(run); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(&Summary{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return rowsOf(t, f, sheet)
}

// TestRulesSheetListReasons: each list entry on the Rules sheet has, beside
// its words, why it is on the list, in the seller's language.
func TestRulesSheetListReasons(t *testing.T) {
	const reason = "Illegal drugs and drug paraphernalia are prohibited on AliExpress; the listing will be removed and the shop penalised."
	for _, lang := range []string{"en", "fr", "zh"} {
		run := fixtureRun()
		run.Lang = lang
		run.Rules = append(slices.Clone(run.Rules),
			checks.RuleValue{Check: "prohibited", Setting: "list drugs", Value: "en: cocaine, heroin"},
			checks.RuleValue{Check: "prohibited", Setting: "reason drugs", Value: reason},
			checks.RuleValue{Check: "prohibited", Setting: "list other", Value: "en: thing"},
			checks.RuleValue{Check: "prohibited", Setting: "list untranslated", Value: "en: widget"},
			checks.RuleValue{Check: "prohibited", Setting: "reason untranslated", Value: "A reason no language has."},
		)
		tr := i18n.For(lang)
		rows := runSheet(t, run, tr.T(sheetRules))
		// A reason the language lacks is left out, not shown in English.
		want := map[string]string{"drugs": tr.T(reason), "other": "", "untranslated": ""}
		if lang == "en" {
			want["untranslated"] = "A reason no language has."
		}
		if lang != "en" && want["drugs"] == reason {
			t.Fatalf("%s: the reason has no translation", lang)
		}
		for _, r := range rows {
			if len(r) < 5 || r[0] != "prohibited" {
				continue
			}
			w, ok := want[r[3]]
			if !ok {
				t.Errorf("%s: the reason shows as a setting: %q", lang, r)
				continue
			}
			got := ""
			if len(r) > 5 {
				got = r[5]
			}
			if got != w {
				t.Errorf("%s: entry %s: reason %q, want %q", lang, r[3], got, w)
			}
			delete(want, r[3])
		}
		if len(want) > 0 {
			t.Errorf("%s: entries not on the Rules sheet: %v", lang, want)
		}
	}
}
