package main

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/internal/i18n"
)

// langRun is one command of the samples, run in a language, with the
// reports it writes.
type langRun struct {
	name    string
	args    []string
	outputs []string // report paths, by extension
}

// langRuns are the README's commands on the samples, writing every report
// that carries a text for the seller, into dir.
func langRuns(dir, lang string) []langRun {
	s := func(n string) string { return filepath.Join(samples, n) }
	o := func(n string) string { return filepath.Join(dir, n) }
	return []langRun{
		{"check", []string{"check", "--lang", lang, s("catalog.xlsx"), "-o", o("check.xlsx"), "-o", o("check.jsonl"), "-o", o("check.csv")},
			[]string{o("check.xlsx"), o("check.jsonl"), o("check.csv")}},
		{"orders", []string{"orders", "--lang", lang, s("orders.csv"), "-o", o("orders.xlsx"), "-o", o("orders.jsonl")},
			[]string{o("orders.xlsx"), o("orders.jsonl")}},
		{"report", []string{"report", "--lang", lang, "--catalog", s("catalog.xlsx"), "--orders", s("orders.csv"),
			"--violations", s("violations.csv"), "--activities", s("activities_zh.csv"),
			"--before", s("catalog_before.csv"), "-o", o("report.xlsx"), "-o", o("report.jsonl")},
			[]string{o("report.xlsx"), o("report.jsonl")}},
		{"account", []string{"account", "--lang", lang, "--violations", s("violations.csv"), "--activities", s("activities_zh.csv"),
			"--before", s("catalog_before.csv"), s("catalog.csv"), "-o", o("account.xlsx"), "-o", o("account.jsonl")},
			[]string{o("account.xlsx"), o("account.jsonl")}},
	}
}

// seenText is a text the seller reads and where it was found.
type seenText struct{ where, text string }

// reportTexts reads every text of a report a seller may read: every cell,
// sheet name, note and chart text of a workbook; the message, fix and
// notes of JSON lines; the message and fix columns of a CSV.
//
// A column headed "Value" or "Source" in the workbook's language holds the
// seller's cells and the rules' own values (term lists, where a rule comes
// from), which stay as they are: its cells are not read.
func reportTexts(t *testing.T, path, lang string) []seenText {
	t.Helper()
	base := filepath.Base(path)
	var out []seenText
	add := func(where, s string) {
		if strings.TrimSpace(s) != "" {
			out = append(out, seenText{base + " " + where, s})
		}
	}
	switch filepath.Ext(path) {
	case ".xlsx":
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		tr := i18n.For(lang)
		dataHeader := map[string]bool{tr.T("Value"): true, tr.T("Source"): true}
		for _, sh := range f.GetSheetList() {
			add("sheet name", sh)
			rows, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			var data map[int]bool
			for r, row := range rows {
				if slices.ContainsFunc(row, func(v string) bool { return dataHeader[v] }) {
					data = map[int]bool{}
					for c, v := range row {
						data[c] = dataHeader[v]
					}
				}
				for c, v := range row {
					if data[c] && !dataHeader[v] {
						continue
					}
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					add(sh+"!"+cell, v)
				}
			}
			cs, _ := f.GetComments(sh)
			for _, c := range cs {
				for _, p := range c.Paragraph {
					add(sh+"!"+c.Cell+" note", p.Text)
				}
				add(sh+"!"+c.Cell+" note", c.Text)
			}
		}
		for _, s := range chartTexts(t, path) {
			add("chart", s)
		}
	case ".jsonl":
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("%s:%d: %v", base, n, err)
			}
			for _, k := range []string{"message", "fix", "note", "notes", "reason"} {
				for _, s := range jsonStrings(m[k]) {
					add("line "+itoa(n)+" "+k, s)
				}
			}
		}
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for n, r := range recs[1:] {
			for i, h := range recs[0] {
				if h == "message" || h == "fix" {
					add("row "+itoa(n+2)+" "+h, r[i])
				}
			}
		}
	}
	return out
}

func jsonStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}

var chartTextRE = regexp.MustCompile(`<(?:a:t|c:v)>([^<]*)</`)

// chartTexts returns the titles, axis titles and category labels of a
// workbook's charts, read from the package's chart parts.
func chartTexts(t *testing.T, path string) []string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var out []string
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/charts/") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		for _, m := range chartTextRE.FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
	}
	return out
}

// inputTexts returns every cell of the sample inputs: the seller's own
// titles, names and headers, which a report quotes as they are.
func inputTexts(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, n := range []string{"catalog.csv", "catalog_before.csv", "orders.csv", "violations.csv", "activities_zh.csv"} {
		f, err := os.Open(filepath.Join(samples, n))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs {
			for _, v := range rec {
				seen[strings.TrimSpace(v)] = true
				// A list cell ("FR, DE") is quoted entry by entry.
				for _, p := range strings.Split(v, ",") {
					seen[strings.TrimSpace(p)] = true
				}
			}
		}
	}
	f, err := excelize.OpenFile(filepath.Join(samples, "catalog.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		// The seller's sheet names are the seller's words too.
		seen[sh] = true
		rows, _ := f.GetRows(sh)
		for _, row := range rows {
			for _, v := range row {
				seen[strings.TrimSpace(v)] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		if len(s) >= 4 {
			out = append(out, s)
		}
	}
	// Longest first, so a title goes before the words it contains.
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// quotedRE matches a quoted value: the messages quote the seller's cells
// with %q, and the languages' own quotation marks.
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|“[^”]*”|«[^»]*»|「[^」]*」|‘[^’]*’`)

// englishWords are English function words a French or Spanish text never
// uses; zhStop are those that make a run of English words a sentence in a
// Chinese text.
var (
	englishWords = map[string]bool{
		"the": true, "your": true, "is": true, "with": true, "which": true, "should": true,
		"and": true, "of": true, "to": true, "this": true, "that": true, "has": true,
		"have": true, "are": true, "was": true, "were": true, "from": true, "not": true,
		"for": true, "been": true, "will": true, "must": true, "its": true, "their": true,
		"when": true, "there": true, "these": true, "than": true, "into": true, "or": false,
	}
	zhStop = map[string]bool{
		"the": true, "is": true, "of": true, "to": true, "your": true, "not": true, "no": true,
		"and": true, "a": true, "an": true, "in": true, "on": true, "for": true, "with": true,
		"are": true, "be": true, "has": true, "this": true, "that": true, "it": true,
		"or": true, "by": true, "at": true, "from": true, "its": true, "was": true, "as": true,
		"above": true, "found": true, "see": true, "wrote": true, "made": true,
	}
)

// englishAlone are common English words of the report's own texts that
// give a text away even alone, as a label or a word left in a sentence:
// none is a French, Spanish or Chinese word, nor a command name (check,
// fix, orders, report) that a text may quote.
var englishAlone = map[string]bool{
	"column": true, "columns": true, "row": true, "rows": true, "sheet": true, "file": true, "files": true,
	"missing": true, "found": true, "fixed": true, "warning": true, "warnings": true, "title": true,
	"price": true, "shop": true, "value": true, "values": true,
	"none": true, "yes": true, "empty": true, "days": true, "needs": true, "without": true,
	"only": true, "more": true, "less": true, "see": true, "add": true, "remove": true, "problems": true,
}

// englishLeak returns the English words of s that give it away as English
// in a lang text, or "" when s reads as lang. The seller's own cells
// (allow) and quoted values are taken out first; words with a hyphen or an
// underscore are ids (check ids, field names) and stay.
func englishLeak(lang, s string, allow []string) string {
	if slices.Contains(allow, strings.TrimSpace(s)) {
		return ""
	}
	for _, a := range allow {
		if strings.Contains(s, a) {
			s = cutWords(s, a)
		}
	}
	s = quotedRE.ReplaceAllString(s, " ")
	// Words, with runs broken by anything but spaces, commas and
	// apostrophes between them.
	var run []string
	flush := func() string {
		defer func() { run = run[:0] }()
		if lang == "zh" {
			stop := 0
			for _, w := range run {
				if zhStop[strings.ToLower(w)] {
					stop++
				}
			}
			if len(run) >= 3 && stop > 0 {
				return strings.Join(run, " ")
			}
			for _, w := range run {
				if englishAlone[strings.ToLower(w)] {
					return w
				}
			}
			return ""
		}
		for i, w := range run {
			if englishWords[strings.ToLower(w)] || englishAlone[strings.ToLower(w)] {
				lo, hi := max(i-2, 0), min(i+3, len(run))
				return strings.Join(run[lo:hi], " ")
			}
		}
		return ""
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' })
	for _, f := range fields {
		w := strings.TrimRight(f, ",.;:!?)")
		w = strings.TrimLeft(w, "(")
		asciiWord := w != "" && !strings.ContainsAny(w, "-_/=%") && strings.IndexFunc(w, func(r rune) bool {
			return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || r == '\''))
		}) < 0
		if !asciiWord {
			if l := flush(); l != "" {
				return l
			}
			continue
		}
		run = append(run, w)
		if w != f { // punctuation other than a comma ends the run
			if strings.HasSuffix(f, ",") {
				continue
			}
			if l := flush(); l != "" {
				return l
			}
		}
	}
	return flush()
}

// cutWords replaces the occurrences of a in s that stand as whole words.
func cutWords(s, a string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, a)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(a):])
		b.WriteString(s[:i])
		if unicode.IsLetter(before) || unicode.IsLetter(after) {
			b.WriteString(a)
		} else {
			b.WriteString(" ")
		}
		s = s[i+len(a):]
	}
}

func TestEnglishLeak(t *testing.T) {
	allow := []string{"Stainless Steel Water Bottle", "open"}
	for _, tc := range []struct {
		lang, s string
		leak    bool
	}{
		{"zh", "标题有 143 个字符；上限为 128", false},
		{"zh", "the product is sold in France and needs a REP identifier", true},
		{"zh", "注意：violations.csv: header found on row 3; the rows above it were skipped", true},
		{"zh", "“Stainless Steel Water Bottle” 的标题太长", false},
		{"zh", "标题 Stainless Steel Water Bottle 太长", false},
		{"zh", "title-too-long", false},
		{"zh", "Product ID", false},
		{"zh", "EU REP IDU", false},
		{"zh", "看起来像 kitchen utensil", false},
		{"zh", "看起来像 a kitchen utensil", true},
		{"fr", "le titre a 143 caractères ; la limite est 128", false},
		{"fr", "the price is too low", true},
		{"fr", "le produit est vendu en France (no carrier)", false},
		{"fr", "ligne 3, cellule C3 : %q is not a number", true},
		{"fr", "il ressemble à un ustensile de cuisine (\"Water Bottle and Cup\" dans le titre)", false},
		{"fr", "missing-field, bad-value", false},
		{"es", "el título tiene 143 caracteres", false},
		{"es", "What it means: the share of orders", true},
		{"zh", "opened a dispute in the window", true},
		// One English word alone gives a text away.
		{"zh", "缺少 column", true},
		{"zh", "已修复 (fixed)", true},
		{"fr", "Titre : missing", true},
		{"es", "3 rows", true},
		{"fr", "relancez aecheck fix", false},
		{"zh", "商品 SKU 和 REP", false},
	} {
		got := englishLeak(tc.lang, tc.s, allow)
		if (got != "") != tc.leak {
			t.Errorf("englishLeak(%s, %q) = %q, want a leak: %v", tc.lang, tc.s, got, tc.leak)
		}
	}
}

// TestNoEnglishInReports runs every command on the samples in Chinese,
// French and Spanish and fails on an English sentence anywhere a seller
// reads: the workbook's cells, sheet names, notes and charts, the JSON
// lines' messages, fixes and notes, the CSV's messages, standard output and
// standard error. The seller's own cells, quoted values, check ids and
// field names may stay as they are.
//
// The texts in testdata/english-leaks.txt are leaks known and not mended
// yet: the test fails on any other, and on a listed one that no longer
// shows is logged, for -update to drop it.
func TestNoEnglishInReports(t *testing.T) {
	allow := inputTexts(t)
	const knownPath = "testdata/english-leaks.txt"
	known := map[string]bool{}
	if b, err := os.ReadFile(knownPath); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				known[l] = true
			}
		}
	}
	found := map[string]bool{}
	for _, lang := range []string{"zh", "fr", "es"} {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			for _, r := range langRuns(dir, lang) {
				code, stdout, stderr := aecheck(t, "", r.args...)
				if code > 1 {
					t.Fatalf("%s: exit %d\n%s", r.name, code, stderr)
				}
				texts := []seenText{}
				for i, l := range strings.Split(stdout, "\n") {
					texts = append(texts, seenText{r.name + " stdout line " + itoa(i+1), l})
				}
				for i, l := range strings.Split(stderr, "\n") {
					texts = append(texts, seenText{r.name + " stderr line " + itoa(i+1), l})
				}
				for _, p := range r.outputs {
					texts = append(texts, reportTexts(t, p, lang)...)
				}
				seen := map[string]bool{}
				for _, x := range texts {
					if seen[x.text] {
						continue
					}
					seen[x.text] = true
					l := englishLeak(lang, x.text, allow)
					if l == "" {
						continue
					}
					key := lang + "\t" + strconv.Quote(x.text)
					found[key] = true
					if !known[key] && !*update {
						t.Errorf("%s: English %q in %q", x.where, l, clipText(x.text))
					}
				}
			}
		})
	}
	if *update {
		keys := slices.Sorted(maps.Keys(found))
		b := "# English texts still shown in a zh, fr or es report: mend them and\n# run go test ./cmd/aecheck -run TestNoEnglishInReports -update.\n" + strings.Join(keys, "\n") + "\n"
		if err := os.WriteFile(knownPath, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for k := range known {
		if !found[k] {
			t.Logf("no longer leaks, remove it from %s (or run -update): %s", knownPath, k)
		}
	}
	t.Logf("%d English texts known to leak", len(known))
}

func clipText(s string) string {
	if r := []rune(s); len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return s
}
