package checks

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestNoCodeNamesACheck holds the runners and the pipeline to the rule that
// code outside a check's own file never names the check: a string literal
// equal to a check ID may appear only in the file that declares that check
// (its `ID:` field) and in tests. A runner that needs a check's ID reads it
// from the Check value it loops over.
func TestNoCodeNamesACheck(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "../pipeline"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	bad, homeless := idLiterals(t, files, nil)
	for _, id := range homeless {
		t.Errorf("no file declares %s with ID: %q", id, id)
	}
	for _, b := range bad {
		t.Errorf("%s: name the check through its value, or move this code into the check's file", b)
	}

	// The scan itself: an ID spelled outside its file is caught, inside
	// it and as the ID field it is not.
	srcs := map[string]string{
		"a.go": "package checks\nvar A = &Check{ID: \"title-too-long\"}\nvar x = \"title-too-long\"\n",
		"b.go": "package checks\nvar y = map[string]int{\"title-too-long\": 1, \"not-a-check\": 2}\n",
	}
	bad, _ = idLiterals(t, []string{"a.go", "b.go"}, srcs)
	if len(bad) != 1 || !strings.HasPrefix(bad[0], "b.go:2:") {
		t.Errorf("the scan of a synthetic package found %q, want one use in b.go", bad)
	}
}

// idLiterals parses files (their sources from srcs when given) and returns
// the string literals equal to a registered check ID found outside the
// file that declares the check, and the IDs of All no file declares.
func idLiterals(t *testing.T, files []string, srcs map[string]string) (bad, homeless []string) {
	fset := token.NewFileSet()
	home := map[string]string{} // check ID -> the file declaring it
	type use struct {
		id  string
		pos token.Position
	}
	var uses []use
	for _, path := range files {
		var src any
		if srcs != nil {
			src = srcs[path]
		}
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "ID" {
					if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if id, err := strconv.Unquote(lit.Value); err == nil && Lookup(id) != nil && home[id] == "" {
							home[id] = path
						}
						return false
					}
				}
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if id, err := strconv.Unquote(lit.Value); err == nil && Lookup(id) != nil {
					uses = append(uses, use{id, fset.Position(lit.Pos())})
				}
			}
			return true
		})
	}
	for _, u := range uses {
		if u.pos.Filename != home[u.id] {
			bad = append(bad, u.pos.String()+": "+strconv.Quote(u.id)+" (declared in "+home[u.id]+")")
		}
	}
	sort.Strings(bad)
	if srcs == nil {
		for _, c := range All {
			if home[c.ID] == "" {
				homeless = append(homeless, c.ID)
			}
		}
	}
	return bad, homeless
}
