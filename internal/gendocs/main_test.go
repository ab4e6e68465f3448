package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
)

// TestChecksDocIsCurrent fails when docs/checks.md is not what the registry
// makes: a check was added or its texts changed without go generate ./...
func TestChecksDocIsCurrent(t *testing.T) {
	got := render()
	want, err := os.ReadFile("../../docs/checks.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/checks.md is stale: run go generate ./... and commit the page")
	}
	for _, c := range checks.All {
		if !bytes.Contains(got, []byte("\n## "+c.ID+"\n")) || !bytes.Contains(got, []byte(c.Fix)) {
			t.Errorf("the page lacks the section of %s or its fix", c.ID)
		}
	}
	if strings.Contains(string(got), "DOMAIN") {
		t.Error("the page cites a file outside the repository")
	}
}
