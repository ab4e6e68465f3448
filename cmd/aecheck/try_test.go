package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTryScript runs the README's first command, samples/try.sh, the way a
// newcomer does: its first line must come before any compiling (a cold build
// takes a minute and must not be silent), and it must build the program and
// run it with the arguments given.
func TestTryScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh on this machine")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "aecheck")
	out := filepath.Join(dir, "findings.jsonl")
	cmd := exec.Command(sh, filepath.Join("..", "..", "samples", "try.sh"),
		"check", "--fail-on", "never", "samples/catalog.csv", "-o", out)
	cmd.Env = append(os.Environ(), "AECHECK_BIN="+bin, "LANG=C", "LC_ALL=")
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sh samples/try.sh: %v\n%s", err, got)
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if !strings.HasPrefix(lines[0], "aecheck: building "+bin) {
		t.Errorf("first line %q, want the building notice before anything is compiled", lines[0])
	}
	if !strings.Contains(string(got), "wrote "+out) {
		t.Errorf("output does not say the report was written:\n%s", got)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Errorf("no findings written: %v", err)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Errorf("program not built where AECHECK_BIN says: %v", err)
	}
}

// TestTryScriptBuildFails: when the build fails the script stops with the
// build's error and a non-zero status; it must not run an older program.
func TestTryScriptBuildFails(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh on this machine")
	}
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sh, filepath.Join("..", "..", "samples", "try.sh"), "version")
	cmd.Env = append(os.Environ(), "AECHECK_BIN="+filepath.Join(notDir, "aecheck"))
	got, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("exit 0 although the program could not be built:\n%s", got)
	}
	if strings.Contains(string(got), "aecheck 0.") {
		t.Errorf("a program ran although the build failed:\n%s", got)
	}
}
