package i18n

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var dump = flag.String("dump", "", "write the messages a language lacks to this file, as entries to translate (with -lang)")
var dumpLang = flag.String("lang", "fr", "the language -dump writes the missing messages of")

// sourceDirs are the packages whose texts reach a seller.
var sourceDirs = []string{"checks", "reports", "cmd/aecheck", "pipeline", "readers", "fix", "internal/safeio"}

// formatArg gives, for the functions and methods that take a text of the
// catalogue, which argument it is.
var formatArg = map[string]int{
	"T": 0, "Sprintf": 0, "N": 0, "sprintf": 0,
	"Reportf": 2, "ReportRef": 3, "appendf": 1, "flagSet": 1, "notef": 0,
}

// codeMsg is a text of the code and where it is.
type codeMsg struct {
	text string
	pos  string
}

// codeMessages collects the texts of the catalogue from the Go source: the
// arguments of T, Sprintf (not fmt's), N, the check reporting functions,
// and the Doc and Fix fields of the checks.
func codeMessages(t *testing.T) []codeMsg {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	seen := map[string]bool{}
	var out []codeMsg
	add := func(e ast.Expr) {
		s, ok := constString(e)
		if !ok || strings.TrimSpace(s) == "" || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, codeMsg{s, fset.Position(e.Pos()).String()})
	}
	for _, dir := range sourceDirs {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					var fn string
					switch f := n.Fun.(type) {
					case *ast.SelectorExpr:
						if x, ok := f.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "strings") {
							return true
						}
						fn = f.Sel.Name
					case *ast.Ident:
						fn = f.Name
					}
					if i, ok := formatArg[fn]; ok && i < len(n.Args) {
						add(n.Args[i])
					}
				case *ast.KeyValueExpr:
					if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "Doc" || k.Name == "Fix") {
						add(n.Value)
					}
				}
				return true
			})
		}
	}
	return out
}

// constString evaluates a string literal or a sum of them.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(e.X)
		b, ok2 := constString(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(e.X)
	}
	return "", false
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+#0]*(?:\d+|\*)?(?:\.\d+)?([a-zA-Z%])`)

// placeholders returns the verbs of a format by argument number, as in
// "1:d 2:s"; %% is not one.
func placeholders(format string) string {
	args := map[int]string{}
	n := 0
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		} else {
			n++
		}
		args[n] = m[2]
	}
	keys := make([]int, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%d:%s ", k, args[k])
	}
	return strings.TrimSpace(b.String())
}

// TestCatalogue: every text of the code is in every complete language, and
// every translation has the placeholders of its English text, in any order.
// A failure lists what is missing; `go test ./internal/i18n -run
// TestCatalogue -dump missing.yaml -lang fr` writes them out to translate.
func TestCatalogue(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	code := codeMessages(t)
	if len(code) < 100 {
		t.Fatalf("only %d messages found in the code: the extraction is broken", len(code))
	}
	inCode := map[string]bool{}
	for _, m := range code {
		inCode[m.text] = true
	}
	for _, l := range Languages() {
		if l.Code == English {
			continue
		}
		p := For(l.Code)
		var stale []codeMsg
		for _, e := range Messages(l.Code) {
			tr := e.Text
			if tr == "" {
				tr = e.Other
			}
			for _, s := range []string{tr, e.One} {
				if s == "" || e.One == s && e.One != "" && !strings.Contains(e.En, "%") {
					continue
				}
				// A plural's "one" form may say "1" in words.
				if s == e.One && s != tr {
					continue
				}
				if placeholders(s) != placeholders(e.En) {
					t.Errorf("%s: %q has placeholders %q, its English %q has %q", l.Code, clip(s), placeholders(s), clip(e.En), placeholders(e.En))
				}
			}
			if !inCode[e.En] {
				stale = append(stale, codeMsg{text: e.En})
				t.Logf("%s: %q is no longer a text of the code (changed or removed in English?)", l.Code, clip(e.En))
			}
		}
		var missing []codeMsg
		for _, m := range code {
			if !p.Has(m.text) {
				missing = append(missing, m)
			}
		}
		if *dump != "" && l.Code == *dumpLang {
			writeDump(t, *dump, missing)
			writeDump(t, *dump+".stale", stale)
		}
		if !l.Complete || len(missing) == 0 {
			continue
		}
		t.Errorf("%s (%s) is complete but lacks %d messages, such as:", l.Code, l.Name, len(missing))
		for _, m := range missing[:min(len(missing), 20)] {
			t.Errorf("  %s: %q", m.pos, clip(m.text))
		}
	}
}

// writeDump writes messages as entries of a message file, their
// translation set to the English for the translator to replace.
func writeDump(t *testing.T, path string, ms []codeMsg) {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "  - en: %s\n    tr: %s\n", strconv.Quote(m.text), strconv.Quote(m.text))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPlaceholders(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"the title has %d characters; the limit is %d", "1:d 2:d"},
		{"%[2]d sur %[1]s", "1:s 2:d"},
		{"100 %% sure %q", "1:q"},
		{"%.1f %%", "1:f"},
		{"no verb", ""},
		{"%[3].1f of %[1]d in %[2]s", "1:d 2:s 3:f"},
		{"%-8s|%+.2f|%[1]q", "1:q 2:f"},
	} {
		if got := placeholders(tc.in); got != tc.want {
			t.Errorf("placeholders(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestChoose(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		flag, rules string
		env         map[string]string
		want        string
		err         bool
	}{
		{"", "", nil, "en", false},
		{"zh", "fr", map[string]string{"LANG": "es_ES.UTF-8"}, "zh", false},
		{"", "fr", map[string]string{"LANG": "es_ES.UTF-8"}, "fr", false},
		{"", "", map[string]string{"LANG": "fr_FR.UTF-8"}, "fr", false},
		{"", "", map[string]string{"LC_ALL": "es_MX.UTF-8", "LANG": "fr_FR.UTF-8"}, "es", false},
		{"", "", map[string]string{"LC_MESSAGES": "zh_CN.GB18030", "LANG": "fr_FR"}, "zh", false},
		{"", "", map[string]string{"LC_ALL": "C", "LANG": "fr_FR"}, "en", false},
		{"", "", map[string]string{"LANG": "ja_JP.UTF-8"}, "en", false},
		{"zh-Hans", "", nil, "zh", false},
		{"FR", "", nil, "fr", false},
		{"klingon", "", nil, "en", true},
		{"", "xx", nil, "en", true},
	} {
		if tc.want != English && Normalize(tc.want) == "" {
			t.Logf("no %s file yet: case skipped", tc.want)
			continue
		}
		got, err := Choose(tc.flag, tc.rules, env(tc.env))
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("Choose(%q, %q, %v) = %q, %v; want %q, error %v", tc.flag, tc.rules, tc.env, got, err, tc.want, tc.err)
		}
	}
}

// TestFallback: a partial language gives English for what it lacks, with
// its own number format.
func TestFallback(t *testing.T) {
	de := For("de")
	if de.Lang() != "de" {
		t.Fatalf("no German file")
	}
	if got := de.T("the product has no image"); got == "the product has no image" {
		t.Errorf("German text missing: %q", got)
	}
	if got := de.T("no such message"); got != "no such message" {
		t.Errorf("fallback = %q", got)
	}
	if got := For("fr").Sprintf("%d rows", 1234567); !slices.Contains([]string{"1\u00a0234\u00a0567 rows", "1\u202f234\u202f567 rows"}, got) && !strings.Contains(got, "234") {
		t.Errorf("French number = %q", got)
	}
	if got := For("en").Sprintf("%d rows", 1234567); got != "1234567 rows" {
		t.Errorf("English = %q, want fmt's", got)
	}
}

func TestParseFile(t *testing.T) {
	for _, tc := range []struct {
		in  string
		err bool
	}{
		{"lang: fr\nmessages:\n  - en: a\n    tr: b\n", false},
		{"messages:\n  - en: a\n    tr: b\n", true},
		{"lang: fr\nmessages:\n  - en: a\n", true},
		{"lang: fr\nmessages:\n  - en: a\n    tr: b\n  - en: a\n    tr: c\n", true},
		{"lang: fr\nmessages:\n  - en: a\n    tr: b\n    typo: c\n", true},
		{"lang: fr\nmessages:\n  - en: '%d x'\n    plural: 1\n    one: un x\n    other: '%d x'\n", false},
	} {
		_, err := ParseFile([]byte(tc.in))
		if (err != nil) != tc.err {
			t.Errorf("ParseFile(%q) error %v, want error %v", tc.in, err, tc.err)
		}
	}
}

func FuzzParseFile(f *testing.F) {
	f.Add([]byte("lang: fr\nmessages:\n  - en: a\n    tr: b\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := ParseFile(b)
		if err == nil {
			file.printer()
		}
	})
}
