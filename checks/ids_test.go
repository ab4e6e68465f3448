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
	fset := token.NewFileSet()
	home := map[string]string{} // check ID -> the file declaring it
	type use struct {
		id  string
		pos token.Position
	}
	var uses []use
	for _, dir := range []string{".", "../pipeline"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if kv, ok := n.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "ID" {
						if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
							id, _ := strconv.Unquote(lit.Value)
							if c := Lookup(id); c != nil && home[id] == "" {
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
	}
	for _, c := range All {
		if home[c.ID] == "" {
			t.Errorf("no file declares %s with ID: %q", c.ID, c.ID)
		}
	}
	var bad []string
	for _, u := range uses {
		if u.pos.Filename != home[u.id] {
			bad = append(bad, u.pos.String()+": "+strconv.Quote(u.id)+" (declared in "+home[u.id]+")")
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("%s: name the check through its value, or move this code into the check's file", b)
	}
}
