package pipeline

import (
	"fmt"
	"os"

	"github.com/aecheck/aecheck/checks"
)

// LoadRules reads the rules file at path and applies it on top of the
// defaults (checks.ParseRules). The checks package reads no files: a
// program that keeps its rules elsewhere passes their bytes to
// checks.ParseRules itself.
func LoadRules(path string) (*checks.Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read rules file: %w", err)
	}
	return checks.ParseRules(data, path)
}
