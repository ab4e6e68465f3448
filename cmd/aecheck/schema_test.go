package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestJSONLSchema validates every line of the sample runs' JSONL (the
// golden files, which TestGolden holds to the command's output) against
// docs/schema/record.schema.json, with a validator of the schema keywords
// the file uses. A field the reports write and the schema does not list
// fails it: the schema documents every field.
func TestJSONLSchema(t *testing.T) {
	raw, err := os.ReadFile("../../docs/schema/record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	v := &validator{root: root}
	goldens, _ := filepath.Glob(filepath.Join(samples, "golden", "*.jsonl"))
	if len(goldens) < 3 {
		t.Fatalf("golden files: %v", goldens)
	}
	kinds := map[string]int{}
	for _, path := range goldens {
		f, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(f))
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			var rec any
			d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
			d.UseNumber()
			if err := d.Decode(&rec); err != nil {
				t.Fatalf("%s:%d: %v", path, n, err)
			}
			if err := v.check(root, rec, ""); err != nil {
				t.Errorf("%s:%d: %v", filepath.Base(path), n, err)
			}
			if m, ok := rec.(map[string]any); ok {
				kinds[fmt.Sprint(m["kind"])]++
			}
		}
	}
	for _, k := range []string{"finding", "metric", "product", "summary"} {
		if kinds[k] == 0 {
			t.Errorf("no %s line in the sample runs", k)
		}
	}
	// Lines the schema must accept: a metric and a product without data.
	for _, good := range []string{
		`{"kind":"metric","scope":"shop","key":"","metric":"nr_rate","window_days":30,"numerator":null,"denominator":68,"value":null,"status":"no-data"}`,
		`{"kind":"product","product_id":"1","window_days":90,"orders":4,"nr":null,"nr_rate":null,"nr_status":"no-data","snad":null,"snad_rate":null,"snad_status":"no-data","rating_count":null,"rating_sum":null,"rating":null,"rating_status":"no-data","described_wrongly":"no-data"}`,
	} {
		var rec any
		d := json.NewDecoder(strings.NewReader(good))
		d.UseNumber()
		d.Decode(&rec)
		if err := v.check(root, rec, ""); err != nil {
			t.Errorf("the schema refuses %s: %v", good, err)
		}
	}
	// The validator itself: lines the schema must refuse.
	for _, bad := range []string{
		`{"kind":"finding","check":"x","severity":"fatal","file":"a","row":1,"column":"","entity":"","value":"","message":""}`,
		`{"kind":"finding","check":"x","severity":"error","file":"a","row":"1","column":"","entity":"","value":"","message":""}`,
		`{"kind":"finding","check":"x","severity":"error","file":"a","row":1,"column":"","entity":"","value":""}`,
		`{"kind":"finding","check":"x","severity":"error","file":"a","row":1,"column":"","entity":"","value":"","message":"","extra":1}`,
		`{"kind":"metric","scope":"shop","key":"","metric":"m","window_days":1.5,"numerator":1,"denominator":1,"value":1,"status":"ok"}`,
		`{"kind":"metric","scope":"shop","key":"","metric":"m","window_days":1,"numerator":1,"denominator":null,"value":1,"status":"ok"}`,
		`{"kind":"metric","scope":"shop","key":"","metric":"m","window_days":1,"numerator":1,"denominator":1,"value":"1","status":"ok"}`,
		`{"kind":"summary"}`,
		`{"kind":"other"}`,
	} {
		var rec any
		d := json.NewDecoder(strings.NewReader(bad))
		d.UseNumber()
		d.Decode(&rec)
		if v.check(root, rec, "") == nil {
			t.Errorf("the schema accepts %s", bad)
		}
	}
}

// validator checks a JSON value against a JSON Schema, for the keywords
// record.schema.json uses: $ref (within the file), oneOf, type, const,
// enum, required, properties, additionalProperties, items, minimum.
type validator struct{ root map[string]any }

func (v *validator) check(s map[string]any, x any, at string) error {
	if ref, ok := s["$ref"].(string); ok {
		def := v.root
		for _, p := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			def, _ = def[p].(map[string]any)
		}
		if def == nil {
			return fmt.Errorf("%s: no schema at %s", at, ref)
		}
		s = def
	}
	if alts, ok := s["oneOf"].([]any); ok {
		var errs []string
		for _, a := range alts {
			if err := v.check(a.(map[string]any), x, at); err != nil {
				errs = append(errs, err.Error())
			}
		}
		if len(alts)-len(errs) != 1 {
			return fmt.Errorf("%s: matches %d of the %d kinds of record: %s", at, len(alts)-len(errs), len(alts), strings.Join(errs, "; "))
		}
		return nil
	}
	if c, ok := s["const"]; ok && fmt.Sprint(c) != fmt.Sprint(x) {
		return fmt.Errorf("%s: %v, want %v", at, x, c)
	}
	if e, ok := s["enum"].([]any); ok && !slices.ContainsFunc(e, func(o any) bool { return fmt.Sprint(o) == fmt.Sprint(x) }) {
		return fmt.Errorf("%s: %v is not one of %v", at, x, e)
	}
	if types, ok := s["type"].([]any); ok {
		// A list of types: x is of one of them.
		for _, t := range types {
			one := maps.Clone(s)
			one["type"] = t
			if v.check(one, x, at) == nil {
				return nil
			}
		}
		return fmt.Errorf("%s: %v is not of type %v", at, x, types)
	}
	switch s["type"] {
	case "null":
		if x != nil {
			return fmt.Errorf("%s: %v is not null", at, x)
		}
	case "string":
		if _, ok := x.(string); !ok {
			return fmt.Errorf("%s: %v is not a string", at, x)
		}
	case "integer", "number":
		n, ok := x.(json.Number)
		if !ok {
			return fmt.Errorf("%s: %v is not a number", at, x)
		}
		f, err := n.Float64()
		if err != nil || s["type"] == "integer" && f != math.Trunc(f) {
			return fmt.Errorf("%s: %v is not an integer", at, x)
		}
		if min, ok := s["minimum"].(float64); ok && f < min {
			return fmt.Errorf("%s: %v is below %v", at, x, min)
		}
	case "array":
		a, ok := x.([]any)
		if !ok {
			return fmt.Errorf("%s: not an array", at)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, el := range a {
				if err := v.check(items, el, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	case "object":
		m, ok := x.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: not an object", at)
		}
		for _, r := range asList(s["required"]) {
			if _, ok := m[r]; !ok {
				return fmt.Errorf("%s: no %q", at, r)
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, val := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				switch extra := s["additionalProperties"].(type) {
				case bool:
					if !extra {
						return fmt.Errorf("%s: %q is not in the schema; add it to docs/schema/record.schema.json", at, k)
					}
					continue
				case map[string]any:
					ps = extra
				default:
					continue
				}
			}
			if err := v.check(ps, val, at+"."+k); err != nil {
				return err
			}
		}
	}
	return nil
}

func asList(x any) []string {
	var out []string
	list, _ := x.([]any)
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
