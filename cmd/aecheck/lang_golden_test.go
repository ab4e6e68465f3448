package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/internal/i18n"
)

// langLines reads JSON lines into maps, in order.
func langLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, m)
	}
	return out
}

// workbookDigest is what a seller sees first of a workbook: its sheet
// names, each sheet's first row with more than two cells (the header) and
// every text of the Summary sheet (its first sheet).
func workbookDigest(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sheets := f.GetSheetList()
	fmt.Fprintf(&b, "sheets: %s\n", strings.Join(sheets, " | "))
	for i, sh := range sheets {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			for r, row := range rows {
				if cells := slices.DeleteFunc(slices.Clone(row), func(s string) bool { return s == "" }); len(cells) > 0 {
					fmt.Fprintf(&b, "[%s] %d: %s\n", sh, r+1, strings.Join(cells, " | "))
				}
			}
			continue
		}
		for _, row := range rows {
			if len(row) > 2 {
				fmt.Fprintf(&b, "[%s] header: %s\n", sh, strings.Join(row, " | "))
				break
			}
		}
	}
	return b.String()
}

// jsonlDigest lists each finding's check, severity, message and fix.
func jsonlDigest(lines []map[string]any) string {
	var b strings.Builder
	for _, m := range lines {
		if m["kind"] == "metric" || m["kind"] == "summary" {
			continue
		}
		fmt.Fprintf(&b, "%v %v %v: %v\n    fix: %v\n", m["check"], m["severity"], m["cell"], m["message"], m["fix"])
	}
	return b.String()
}

// TestLangGolden: the sample catalog and orders in English, Chinese,
// French and Spanish give the workbook's sheet names, headers and Summary
// texts and the JSONL messages and fixes of samples/golden/lang/<lang>.txt
// (go test ./cmd/aecheck -run TestLangGolden -update writes them).
func TestLangGolden(t *testing.T) {
	for _, lang := range []string{"en", "zh", "fr", "es"} {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			o := func(n string) string { return filepath.Join(dir, n) }
			var b strings.Builder
			for _, r := range []struct{ name, xlsx, jsonl string }{
				{"check samples/catalog.xlsx", "c.xlsx", "c.jsonl"},
				{"orders samples/orders.csv", "o.xlsx", "o.jsonl"},
			} {
				args := []string{"check", "--lang", lang, filepath.Join(samples, "catalog.xlsx")}
				if strings.HasPrefix(r.name, "orders") {
					args = []string{"orders", "--lang", lang, filepath.Join(samples, "orders.csv")}
				}
				args = append(args, "-o", o(r.xlsx), "-o", o(r.jsonl))
				if code, _, stderr := aecheck(t, "", args...); code > 1 {
					t.Fatalf("%s: exit %d\n%s", r.name, code, stderr)
				}
				fmt.Fprintf(&b, "== aecheck %s --lang %s\n", r.name, lang)
				b.WriteString(workbookDigest(t, o(r.xlsx)))
				b.WriteString(jsonlDigest(langLines(t, o(r.jsonl))))
			}
			compareGolden(t, filepath.Join("lang", lang+".txt"), b.String())
		})
	}
}

// TestLangEndToEnd: with --lang the workbook's sheet names and headers and
// the JSONL's messages and fixes are in that language, while the JSONL
// keeps the English run's lines, keys, check ids, severities and places;
// for check, orders and report.
func TestLangEndToEnd(t *testing.T) {
	s := func(n string) string { return filepath.Join(samples, n) }
	runs := map[string][]string{
		"check":  {"check", s("catalog.xlsx")},
		"orders": {"orders", s("orders.csv")},
		"report": {"report", "--catalog", s("catalog.xlsx"), "--orders", s("orders.csv")},
	}
	for _, cmd := range []string{"check", "orders", "report"} {
		dir := t.TempDir()
		run := func(lang string) (string, []map[string]any) {
			x, j := filepath.Join(dir, lang+".xlsx"), filepath.Join(dir, lang+".jsonl")
			args := append(slices.Clone(runs[cmd]), "--lang", lang, "-o", x, "-o", j)
			if code, _, stderr := aecheck(t, "", args...); code > 1 {
				t.Fatalf("%s --lang %s: exit %d\n%s", cmd, lang, code, stderr)
			}
			return x, langLines(t, j)
		}
		enX, enJ := run("en")
		for _, lang := range []string{"zh", "fr", "es"} {
			t.Run(cmd+"/"+lang, func(t *testing.T) {
				tr := i18n.For(lang)
				x, j := run(lang)
				compareSheets(t, tr, enX, x)
				if len(j) != len(enJ) {
					t.Fatalf("%d JSON lines, English has %d", len(j), len(enJ))
				}
				translated := 0
				for i, m := range j {
					en := enJ[i]
					// Only the summary line says the language.
					k, ke := slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Keys(en))
					if m["kind"] == "summary" {
						k = slices.DeleteFunc(k, func(s string) bool { return s == "lang" })
					}
					if !slices.Equal(k, ke) {
						t.Errorf("line %d keys %v, English %v", i+1, k, ke)
					}
					for _, k := range []string{"kind", "check", "severity", "file", "row", "column", "cell", "entity", "metric", "status", "value"} {
						if fmt.Sprint(m[k]) != fmt.Sprint(en[k]) {
							t.Errorf("line %d %s = %v, English %v", i+1, k, m[k], en[k])
						}
					}
					if msg, _ := m["message"].(string); msg != "" && msg != en["message"] {
						translated++
						if lang == "zh" && !strings.ContainsFunc(msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
							t.Errorf("line %d: Chinese message without Chinese: %q", i+1, msg)
						}
					}
				}
				if n := countMessages(enJ); translated < n*9/10 {
					t.Errorf("%d of %d messages translated", translated, n)
				}
				if sum := j[len(j)-1]; sum["kind"] != "summary" || sum["lang"] != lang {
					t.Errorf("summary line lang = %v, want %s", sum["lang"], lang)
				}
			})
		}
	}
}

func countMessages(ls []map[string]any) int {
	n := 0
	for _, m := range ls {
		if s, _ := m["message"].(string); s != "" {
			n++
		}
	}
	return n
}

// compareSheets checks that workbook x has English workbook en's sheets
// and header rows, each text as the catalogue translates it.
func compareSheets(t *testing.T, tr *i18n.Printer, en, x string) {
	t.Helper()
	fe, err := excelize.OpenFile(en)
	if err != nil {
		t.Fatal(err)
	}
	defer fe.Close()
	fx, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer fx.Close()
	es, xs := fe.GetSheetList(), fx.GetSheetList()
	if len(es) != len(xs) {
		t.Fatalf("sheets %v, English %v", xs, es)
	}
	for i, sh := range es {
		if want := tr.T(sh); xs[i] != want || !tr.Has(sh) {
			t.Errorf("sheet %q is %q, want %q", sh, xs[i], want)
			continue
		}
		er, _ := fe.GetRows(sh)
		xr, _ := fx.GetRows(xs[i])
		for r := range er {
			if len(er[r]) <= 2 || !tr.Has(er[r][0]) {
				continue
			}
			// The first row of more than two cells whose first cell is a
			// catalogue text is the header.
			for c, h := range er[r] {
				if h != "" && tr.Has(h) && (c >= len(xr[r]) || xr[r][c] != tr.T(h)) {
					t.Errorf("%s!%d column %d: header %q, want %q", xs[i], r+1, c+1, xr[r][c], tr.T(h))
				}
			}
			break
		}
	}
}

// TestLangFromLocale: LANG=fr_FR.UTF-8 without --lang answers in French.
func TestLangFromLocale(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "fr_FR.UTF-8")
	code, stdout, stderr := aecheck(t, "", "check", filepath.Join(samples, "catalog.xlsx"), "-o", "-")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "lignes lues") {
		t.Errorf("standard error is not French:\n%s", stderr)
	}
	fs, summary := parseJSONL(t, stdout)
	if summary["lang"] != "fr" {
		t.Errorf("summary lang = %v, want fr", summary["lang"])
	}
	if len(fs) == 0 || !strings.HasPrefix(fs[0].Message, "le titre") {
		t.Errorf("first message not French: %+v", fs[:min(len(fs), 1)])
	}
}
