package pipeline

import (
	"strings"
	"testing"
)

func TestLoadRules(t *testing.T) {
	for _, c := range []struct {
		path, wantErr string
	}{
		{"../samples/rules.yaml", ""},
		{"../checks/testdata/no-such-file.yaml", "rules file ../checks/testdata/no-such-file.yaml: file not found"},
		{"../checks/testdata/brand-unauthorised.csv", "brand-unauthorised.csv"}, // not YAML rules: the error names the file
	} {
		r, err := LoadRules(c.path)
		if c.wantErr == "" {
			if err != nil || r == nil {
				t.Errorf("%s: %v", c.path, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("%s: error %v, want one with %q", c.path, err, c.wantErr)
		}
	}
}
