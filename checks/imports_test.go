package checks

import (
	"go/build"
	"strings"
	"testing"
)

// TestImports holds the checks package to rules about listings and orders:
// it reads no files, makes no system calls and handles no raw memory (that
// machinery lives under internal/), and it imports nothing that reads the
// whole run (the pipeline, the reports or the command), so the imports
// point one way.
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	forbidden := func(path string) bool {
		switch {
		case path == "os", path == "unsafe", path == "syscall", path == "io/ioutil", path == "net", path == "os/exec",
			strings.HasPrefix(path, "golang.org/x/sys/"),
			strings.HasPrefix(path, "github.com/aecheck/aecheck/") &&
				path != "github.com/aecheck/aecheck/readers" &&
				!strings.HasPrefix(path, "github.com/aecheck/aecheck/internal/"):
			return true
		}
		return false
	}
	for _, path := range pkg.Imports {
		if forbidden(path) {
			t.Errorf("checks imports %s (from %v); move that work under internal/ or to the pipeline", path, pkg.ImportPos[path])
		}
	}
	for _, path := range []string{"os", "golang.org/x/sys/unix", "github.com/aecheck/aecheck/pipeline", "github.com/aecheck/aecheck/readers", "github.com/aecheck/aecheck/internal/spill"} {
		if got, want := forbidden(path), path != "github.com/aecheck/aecheck/readers" && path != "github.com/aecheck/aecheck/internal/spill"; got != want {
			t.Errorf("forbidden(%q) = %v, want %v", path, got, want)
		}
	}
}
