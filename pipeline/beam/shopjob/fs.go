package shopjob

import (
	"fmt"
	"os"
)

func mkdirAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create folder %s: %w", dir, err)
	}
	return nil
}

func removeAll(dir string) { os.RemoveAll(dir) }

// rename moves a finished file into place; the files were written
// atomically beside their scratch name, so a rename within one file system
// keeps the output all-or-nothing.
func rename(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("write %s: %w", to, err)
	}
	return nil
}
