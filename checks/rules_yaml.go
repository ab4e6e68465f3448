package checks

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/aecheck/aecheck/readers"
)

// expandedSize is the number of nodes under n with every alias expanded,
// counted once per node thanks to memo, and saturated just past
// MaxRulesValues so that it cannot overflow.
func expandedSize(n *yaml.Node, memo map[*yaml.Node]int) int {
	if n == nil {
		return 0
	}
	if v, ok := memo[n]; ok {
		return v
	}
	memo[n] = MaxRulesValues + 1 // an alias cycle counts as too large
	size := 1
	if n.Kind == yaml.AliasNode {
		size += expandedSize(n.Alias, memo)
	}
	for _, c := range n.Content {
		size = min(size+expandedSize(c, memo), MaxRulesValues+1)
	}
	memo[n] = size
	return size
}

// UnmarshalYAML merges list entries into l: an entry with the id of an
// existing entry replaces it, `off: true` removes it, a new id is added.
func (l *Lists) UnmarshalYAML(n *yaml.Node) error {
	var in struct {
		Prohibited        []ListEntry `yaml:"prohibited"`
		Recalled          []ListEntry `yaml:"recalled"`
		SpecialCategories []ListEntry `yaml:"special_categories"`
		CEGroups          []ListEntry `yaml:"ce_groups"`
		REPStreams        []ListEntry `yaml:"rep_streams"`
	}
	if err := n.Decode(&in); err != nil {
		return err
	}
	l.Prohibited = mergeEntries(l.Prohibited, in.Prohibited)
	l.Recalled = mergeEntries(l.Recalled, in.Recalled)
	l.SpecialCategories = mergeEntries(l.SpecialCategories, in.SpecialCategories)
	l.CEGroups = mergeEntries(l.CEGroups, in.CEGroups)
	l.REPStreams = mergeEntries(l.REPStreams, in.REPStreams)
	return nil
}

func mergeEntries(base, add []ListEntry) []ListEntry {
	out := append([]ListEntry(nil), base...)
	for _, e := range add {
		i := -1
		for j := range out {
			if out[j].ID == e.ID {
				i = j
				break
			}
		}
		switch {
		case e.Off && i >= 0:
			out = append(out[:i], out[i+1:]...)
		case e.Off:
		case i >= 0:
			out[i] = e
		default:
			out = append(out, e)
		}
	}
	return out
}

var (
	timeType     = reflect.TypeOf(time.Time{})
	severityType = reflect.TypeOf(Severity(0))
	entryType    = reflect.TypeOf(ListEntry{})
)

// walk checks node against the Go type t before decoding: every key known,
// every scalar of the right kind, no negative number, severities and dates
// readable. Errors name the line and the key path.
func walk(n *yaml.Node, t reflect.Type, path string) error {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	at := func(format string, args ...any) error {
		key := path
		if key == "" {
			key = "top level"
		}
		return fmt.Errorf("line %d: %s: %s", n.Line, key, fmt.Sprintf(format, args...))
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		if n.Kind != yaml.ScalarNode {
			return at("expected a date such as 2026-01-01")
		}
		v := readers.Trim(n.Value)
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				return at("%q is not a date; write dates as 2026-01-01", n.Value)
			}
		}
		n.Style, n.Tag, n.Value = 0, "!!timestamp", v
		return nil
	case t == severityType:
		if n.Kind != yaml.ScalarNode {
			return at("expected error, warning or info")
		}
		s, err := ParseSeverity(n.Value)
		if err != nil || s == Never {
			return at("unknown severity %q; use error, warning or info", n.Value)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return at("expected settings as `key: value` lines, found %s", nodeWord(n))
		}
		fields := map[string]reflect.StructField{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			fields[tag] = f
			names = append(names, tag)
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := fields[k.Value]
			sub := joinPath(path, k.Value)
			if !ok {
				return fmt.Errorf("line %d: %s: unknown key%s", k.Line, sub, suggest(k.Value, names))
			}
			if seen[k.Value] {
				return fmt.Errorf("line %d: %s: this key appears twice; keep one", k.Line, sub)
			}
			seen[k.Value] = true
			if err := walk(v, f.Type, sub); err != nil {
				return err
			}
		}
		if t == entryType {
			return checkEntry(n, path)
		}
		return nil
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return at("expected `name: value` lines, found %s", nodeWord(n))
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			sub := joinPath(path, k.Value)
			if k.Kind != yaml.ScalarNode || readers.Trim(k.Value) == "" {
				return fmt.Errorf("line %d: %s: a key must be a plain name", k.Line, path)
			}
			if seen[k.Value] {
				return fmt.Errorf("line %d: %s: this key appears twice; keep one", k.Line, sub)
			}
			seen[k.Value] = true
			if path == "checks" && Lookup(k.Value) == nil {
				return fmt.Errorf("line %d: %s: no check has this ID%s; `aecheck rules` lists them", k.Line, sub, suggest(k.Value, allIDs()))
			}
			if err := walk(v, t.Elem(), sub); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return at("expected a list (lines starting with `- `, or [a, b]), found %s", nodeWord(n))
		}
		for i, v := range n.Content {
			if err := walk(v, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return at("expected a single value, found %s", nodeWord(n))
	}
	v := readers.Trim(n.Value)
	switch t.Kind() {
	case reflect.Bool:
		switch strings.ToLower(v) {
		case "true", "yes", "on":
			n.Style, n.Tag, n.Value = 0, "!!bool", "true"
		case "false", "no", "off":
			n.Style, n.Tag, n.Value = 0, "!!bool", "false"
		default:
			return at("%q is not true or false", n.Value)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.Atoi(v)
		if err != nil {
			return at("%q is not a whole number", n.Value)
		}
		if i < 0 {
			return at("%d is negative; use 0 or more", i)
		}
		n.Style, n.Tag, n.Value = 0, "!!int", v
	case reflect.Float64, reflect.Float32:
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil {
			return at("%q is not a number", n.Value)
		}
		if strings.HasSuffix(v, "%") {
			f /= 100
		}
		if f < 0 {
			return at("%s is negative; use 0 or more", v)
		}
		n.Style, n.Tag, n.Value = 0, "!!float", strconv.FormatFloat(f, 'g', -1, 64)
	case reflect.String:
		n.Style, n.Tag = yaml.DoubleQuotedStyle, "!!str"
	}
	return nil
}

// checkEntry requires an id, and terms unless the entry only removes one.
func checkEntry(n *yaml.Node, path string) error {
	var id, terms, off *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "id":
			id = n.Content[i+1]
		case "terms":
			terms = n.Content[i+1]
		case "off":
			off = n.Content[i+1]
		}
	}
	if id == nil || readers.Trim(id.Value) == "" {
		return fmt.Errorf("line %d: %s: the entry has no id; give it `id:` (the id of a default entry replaces it)", n.Line, path)
	}
	if off != nil && off.Value == "true" {
		return nil
	}
	if terms == nil || len(terms.Content) == 0 {
		return fmt.Errorf("line %d: %s: entry %q has no terms; add `terms:` with a list per language, such as `en: [word, other phrase]`", n.Line, path, id.Value)
	}
	return nil
}

func nodeWord(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "`key: value` lines"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lineOf finds the line of a key path in a YAML tree; 0 when absent.
func lineOf(n *yaml.Node, path []string) int {
	line := 0
	for _, p := range path {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		switch {
		case strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]") && n.Kind == yaml.SequenceNode:
			want := p[1 : len(p)-1]
			for _, item := range n.Content {
				if item.Kind == yaml.ScalarNode && item.Value == want {
					next = item
				}
				if item.Kind == yaml.MappingNode {
					for i := 0; i+1 < len(item.Content); i += 2 {
						k := item.Content[i].Value
						if (k == "id" || k == "name") && item.Content[i+1].Value == want {
							next = item
						}
					}
				}
			}
		case n.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line = n.Content[i].Line
					next = n.Content[i+1]
				}
			}
		}
		if next == nil {
			return line
		}
		n = next
		line = n.Line
	}
	return line
}
