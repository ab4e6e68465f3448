package fix

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/reports"
)

// TestWriteAfterStopKeepsOutput: once a signal has stopped the run
// (reports.Stop), the copy never replaces the previous one and its
// temporary files are gone. Stop cannot be undone, so the test runs
// itself in a child process.
func TestWriteAfterStopKeepsOutput(t *testing.T) {
	if dir := os.Getenv("AECHECK_FIX_STOP_DIR"); dir != "" {
		reports.Stop()
		// Findings given and nothing fixed: Write runs no check of its
		// own, so the stop meets the copy itself as it goes into place.
		cfg := Config{In: filepath.Join(dir, "catalog.csv"), Out: filepath.Join(dir, "fixed.csv"), Findings: []checks.Finding{}}
		cfg.NoFix = true
		_, err := Write(context.Background(), cfg)
		if !errors.Is(err, reports.ErrStopped) {
			t.Fatalf("Write after Stop: err = %v, want ErrStopped", err)
		}
		return
	}
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(samples, "catalog.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "catalog.csv"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "fixed.csv"), []byte("the previous copy"), 0o644)
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteAfterStopKeepsOutput$")
	cmd.Env = append(os.Environ(), "AECHECK_FIX_STOP_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "fixed.csv")); string(got) != "the previous copy" {
		t.Errorf("the previous copy was replaced: %.40q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left in the folder: %v", names)
	}
}
