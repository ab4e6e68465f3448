// Package safeio keeps a run's outputs away from its inputs: before any
// work, every path a run will write is compared with every file it reads,
// by file identity, so that no report ever replaces a seller's file.
package safeio

import (
	"fmt"
	"os"
	"path/filepath"
)

// CheckOutputs returns an error when an output path names the same file as
// an input, directly, through "..", or through a symbolic link. Inputs that
// do not exist or are "-" (standard input) are skipped; an output that does
// not exist yet cannot be an input, but its folder is resolved so that a
// link to an input's folder is still seen.
func CheckOutputs(inputs, outputs []string) error {
	for _, out := range outputs {
		if out == "" || out == "-" {
			continue
		}
		oi, err := os.Stat(out)
		if err != nil {
			continue
		}
		for _, in := range inputs {
			if in == "" || in == "-" {
				continue
			}
			ii, err := os.Stat(in)
			if err != nil {
				continue
			}
			if os.SameFile(oi, ii) {
				return fmt.Errorf("refusing to write %s: it is the input file %s; choose another output name so your file is kept", out, filepath.Clean(in))
			}
		}
	}
	return nil
}
