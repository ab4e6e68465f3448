package reports

import (
	"context"
	"fmt"
	"os"
	"sync"
)

// ErrStopped is returned by Commit once Stop has been called. It matches
// context.Canceled: the run was stopped, not broken.
var ErrStopped = fmt.Errorf("stopped before the report was put in place: %w", context.Canceled)

// temps are the temporary files of the process's writers that exist now,
// so that a run stopped by a signal can remove them all before it exits,
// whatever the writers were doing.
var temps struct {
	sync.Mutex
	paths   map[string]struct{}
	stopped bool
}

// createTemp is os.CreateTemp for a file that RemoveTemps removes.
func createTemp(dir, pattern string) (*os.File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err == nil {
		trackTemp(f.Name())
	}
	return f, err
}

// createTempDir is os.MkdirTemp for a folder that RemoveTemps removes
// with what is in it.
func createTempDir(dir, pattern string) (string, error) {
	d, err := os.MkdirTemp(dir, pattern)
	if err == nil {
		trackTemp(d)
	}
	return d, err
}

// trackTemp records a temporary file or folder.
func trackTemp(path string) {
	temps.Lock()
	defer temps.Unlock()
	if temps.paths == nil {
		temps.paths = map[string]struct{}{}
	}
	temps.paths[path] = struct{}{}
}

// removeTemp removes a temporary file or folder and forgets it.
func removeTemp(path string) {
	temps.Lock()
	defer temps.Unlock()
	delete(temps.paths, path)
	os.RemoveAll(path)
}

// Stop makes every later Commit fail with ErrStopped, removing its
// temporary file instead of putting it in place: once the user has asked
// the run to stop, no report replaces the previous one. The command calls
// it when SIGINT or SIGTERM arrives; it cannot be undone.
func Stop() {
	temps.Lock()
	temps.stopped = true
	temps.Unlock()
}

// RemoveTemps calls Stop and removes every temporary file the writers of
// the process hold, while they may still be writing them: it is for a
// process about to exit after a signal, when the writers had no time to
// abort on their own.
func RemoveTemps() {
	temps.Lock()
	defer temps.Unlock()
	temps.stopped = true
	for p := range temps.paths {
		os.RemoveAll(p)
		delete(temps.paths, p)
	}
}

// renameTemp moves a temporary file into place unless Stop was called.
func renameTemp(tmp, path string) error {
	temps.Lock()
	defer temps.Unlock()
	delete(temps.paths, tmp)
	if temps.stopped {
		os.Remove(tmp)
		return ErrStopped
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// TrackTemp records a temporary file that a writer outside this package
// makes (the fix command's copy), so that RemoveTemps removes it too.
func TrackTemp(path string) { trackTemp(path) }

// RemoveTemp removes a temporary file recorded with TrackTemp and forgets
// it; a file already moved into place is not there any more.
func RemoveTemp(path string) { removeTemp(path) }

// RenameTemp moves a temporary file recorded with TrackTemp into place,
// unless Stop was called: then it removes it and returns ErrStopped, so a
// run stopped by a signal never replaces the previous output.
func RenameTemp(tmp, path string) error { return renameTemp(tmp, path) }
