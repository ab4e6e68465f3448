package pipeline

import (
	"io"
	"os"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// LoadRules reads the rules file at path and applies it on top of the
// defaults (checks.ParseRules). The checks package reads no files: a
// program that keeps its rules elsewhere passes their bytes to
// checks.ParseRules itself.
func LoadRules(path string) (*checks.Rules, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, readers.FileError("rules file "+path, err)
	}
	defer f.Close()
	// One byte past the limit is enough for ParseRules to refuse the file,
	// without reading a huge one whole.
	data, err := io.ReadAll(io.LimitReader(f, checks.MaxRulesSize+1))
	if err != nil {
		return nil, readers.FileError("rules file "+path, err)
	}
	return checks.ParseRules(data, path)
}
