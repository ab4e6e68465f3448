package reports

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
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

// CreateAtomic starts writing path through a temporary file beside it,
// named ".<name>.tmp-<pid>-<random>" so that RemoveStale can tell the
// leftovers of a killed run from the files of a run still going. The file
// is created with mode 0666 less the umask, as any new file is; Commit
// gives it the mode of the file it replaces.
func CreateAtomic(path string) (*AtomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	prefix := filepath.Join(dir, tempPrefix(base)+strconv.Itoa(os.Getpid())+"-")
	for try := 0; ; try++ {
		f, err := os.OpenFile(prefix+strconv.FormatUint(uint64(rand.Uint32()), 10), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if os.IsExist(err) && try < 100 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		trackTemp(f.Name())
		return &AtomicFile{File: f, path: path}, nil
	}
}

// tempPrefix is how the temporary files of the output named base begin.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// RemoveStale removes the temporary files that runs of aecheck killed
// before they could clean up (out of memory, SIGKILL, a power cut) left
// beside path, and returns their names. Only files of CreateAtomic's
// pattern for this very path are candidates, and of those only the ones
// last modified before since (the start of this run) whose process is no
// longer running: a run writing the same report at the same time keeps
// its file.
func RemoveStale(path string, since time.Time) ([]string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("look for stale temporary files of %s: %w", path, err)
	}
	prefix := tempPrefix(base)
	var removed []string
	for _, e := range entries {
		name := e.Name()
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || processRunning(pid) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(since) {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return removed, fmt.Errorf("remove stale temporary file %s: %w", p, err)
		}
		removed = append(removed, p)
	}
	return removed, nil
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
		removeTemp(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := a.File.Close(); err != nil {
		removeTemp(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	// A report that replaces a file keeps that file's mode (a seller who
	// shares the report with a group, or locks it down, keeps that choice).
	if st, err := os.Stat(a.path); err == nil && st.Mode().IsRegular() {
		if err := os.Chmod(tmp, st.Mode().Perm()); err != nil {
			removeTemp(tmp)
			return fmt.Errorf("write %s: %w", a.path, err)
		}
	}
	if err := renameTemp(tmp, a.path); err != nil {
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
	removeTemp(a.File.Name())
}
