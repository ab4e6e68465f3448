package checks

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// aliasBomb is a rules file of a few KB whose term lists are lists of
// aliases of the list before, levels deep: 9^levels values once expanded.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("lists:\n  prohibited:\n    - id: l0\n      terms:\n        en: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "    - id: l%d\n      terms:\n        en: &a%d [%s]\n", i, i, strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 8)+fmt.Sprintf("*a%d", i-1))
	}
	return b.String()
}

// manyWords is head followed by n distinct words and the closing "]".
func manyWords(head string, n int) string {
	var b strings.Builder
	b.WriteString(head)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "w%d", i)
	}
	b.WriteString("]\n")
	return b.String()
}

// TestRobustRulesFile: a rules file is one YAML document, at most
// MaxRulesSize bytes, whose aliases expand to at most MaxRulesValues
// values and whose lists and recognition data hold at most MaxRulesWords,
// checked before any walk: each refusal is fast and names the file.
func TestRobustRulesFile(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string // want "" = accepted
	}{
		{"one document", "checks:\n  title-short:\n    severity: info\n", ""},
		{"explicit start", "---\nchecks:\n  title-short:\n    severity: info\n", ""},
		{"small aliases", "lists:\n  prohibited:\n    - id: a\n      terms:\n        en: &t [foo, bar]\n    - id: b\n      terms:\n        en: *t\n", ""},
		{"second document", "checks:\n  title-short:\n    severity: info\n---\nchecks:\n  title-short:\n    enabled: false\n", "line 4: a second YAML document"},
		{"empty second document", "checks: {}\n---\n", "a second YAML document"},
		{"alias bomb", aliasBomb(12), "expand to more than 1000000 values"},
		{"too large", "# " + strings.Repeat("x", MaxRulesSize) + "\n", "larger than 4 MB"},
		{"many words", manyWords("lists:\n  prohibited:\n    - id: mine\n      terms:\n        en: [", 40_000), ""},
		{"too many words", manyWords("lists:\n  prohibited:\n    - id: mine\n      terms:\n        en: [", 60_000), "line 2: lists holds more than 50000 entries and words"},
		{"too many words by aliases", aliasBomb(5), "lists holds more than 50000"},
		{"too many recognition words", manyWords("recognition:\n  markers:\n    colour:\n      en: [", 60_000), "recognition holds more than 50000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := ParseRules([]byte(tc.data), "my-rules.yaml")
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v", took)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("ParseRules: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "my-rules.yaml") {
				t.Fatalf("ParseRules: %v, want %q", err, tc.want)
			}
		})
	}
}

// FuzzRules: any bytes as a rules file give rules or an error naming the
// file, never a panic, and never take long (aliases are bounded first).
func FuzzRules(f *testing.F) {
	f.Add([]byte("checks:\n  title-short:\n    severity: info\n"))
	f.Add([]byte(defaultsYAML))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte(aliasBomb(3)))
	f.Add([]byte("x: 1\n---\ny: 2\n"))
	f.Add([]byte("lists:\n  prohibited:\n    - id: a\n      terms:\n        en: &t [foo]\n    - id: b\n      terms: {en: *t}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		r, err := ParseRules(data, "fuzz.yaml")
		if err == nil && r == nil {
			t.Fatal("no rules and no error")
		}
		if err != nil && !strings.Contains(err.Error(), "fuzz.yaml") {
			t.Errorf("error does not name the file: %v", err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("took %v", took)
		}
	})
}
