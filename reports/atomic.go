package reports

import (
	"fmt"
	"os"
	"path/filepath"
)

// AtomicFile is a file that appears at its path only when Commit succeeds:
// it is written to a temporary file in the same directory, synced, closed
// and renamed into place. Abort (or a crash) leaves no file at the path.
type AtomicFile struct {
	*os.File
	path string
	done bool

	written, synced int64 // bytes written through Write; bytes whose writeback started
}

// writebackChunk is how many bytes Write lets pile up before it starts
// writing them to disk.
const writebackChunk = 16 << 20

// Write writes p to the temporary file. Every 16 MB it starts writing the
// bytes so far to disk in the background, so that Commit's sync of a large
// report does not wait for all of them at the end.
func (a *AtomicFile) Write(p []byte) (int, error) {
	n, err := a.File.Write(p)
	a.written += int64(n)
	if a.written-a.synced >= writebackChunk {
		startWriteback(a.File, a.synced, a.written-a.synced)
		a.synced = a.written
	}
	return n, err
}

// CreateAtomic starts writing path through a temporary file beside it.
func CreateAtomic(path string) (*AtomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &AtomicFile{File: f, path: path}, nil
}

// Commit syncs, closes and renames the temporary file into place.
func (a *AtomicFile) Commit() error {
	if a.done {
		return fmt.Errorf("commit %s: already finished", a.path)
	}
	a.done = true
	tmp := a.File.Name()
	if err := a.File.Sync(); err != nil {
		a.File.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := a.File.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(tmp, a.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// Abort closes and removes the temporary file. It is safe to call after
// Commit (it then does nothing) and more than once.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.File.Close()
	os.Remove(a.File.Name())
}
