package hashlog

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHashLog adds 300,000 hashes (past the part kept in memory and many
// file writes) and reads them back one by one and in order: in a temporary
// file, in memory when there is no temporary folder, after the file stops
// taking writes (they move to memory), and when the file can be neither
// written nor read (the hashes before are lost, and said so; the hashes
// after are kept).
func TestHashLog(t *testing.T) {
	const n = 300_000
	rng := rand.New(rand.NewPCG(5, 6))
	want := make([]uint64, n)
	for i := range want {
		want[i] = rng.Uint64()
	}
	// check reads every hash back; the first lost ones must say so.
	check := func(t *testing.T, l *Log, lost int) {
		t.Helper()
		if l.n != n {
			t.Fatalf("the log holds %d hashes, want %d", l.n, n)
		}
		for _, ord := range []int{0, 1, logInMemory - 1, logInMemory, lost - 1, lost, n / 2, n - logBuf - 1, n - 1} {
			if ord < 0 {
				continue
			}
			h, ok := l.At(ord)
			if ok != (ord >= lost) || ok && h != want[ord] {
				t.Fatalf("hash %d: %#x %v, want %#x %v", ord, h, ok, want[ord], ord >= lost)
			}
		}
		next := 0
		l.All(func(ord int, h uint64, ok bool) {
			if ord != next || ok != (ord >= lost) || ok && h != want[ord] {
				t.Fatalf("in order, hash %d (%d expected): %#x %v, want %#x %v", ord, next, h, ok, want[ord], ord >= lost)
			}
			next++
		})
		if next != n {
			t.Fatalf("in order: %d hashes, want %d", next, n)
		}
		if (l.err != nil) != (lost > 0) {
			t.Fatalf("err = %v with %d hashes lost", l.err, lost)
		}
	}
	// addUpTo adds the hashes from the l.n-th up to the k-th.
	addUpTo := func(l *Log, k int) {
		for l.n < k {
			l.Add(want[l.n])
		}
	}

	for _, c := range []struct {
		name    string
		missing bool                              // no temporary folder
		midway  func(t *testing.T, l *Log) string // after 100,000 hashes; returns the error expected, "" for none
		file    bool                              // the log ends in a file
	}{
		{name: "file", file: true},
		{name: "no temporary folder", missing: true},
		{name: "writes fail", midway: func(t *testing.T, l *Log) string {
			// Reopen the file read-only under the log: the next write
			// fails as on a full disk, and the log moves to memory.
			ro, err := os.Open("/proc/self/fd/" + strconv.Itoa(int(l.f.Fd())))
			if err != nil {
				t.Skip("no /proc:", err)
			}
			l.f.Close()
			l.f = ro
			return ""
		}},
		{name: "file lost", midway: func(t *testing.T, l *Log) string {
			l.f.Close() // neither written nor read from now on
			return "could not be written"
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.missing {
				dir = filepath.Join(dir, "missing")
			}
			t.Setenv("TMPDIR", dir)
			var l Log
			lost, wantErr := 0, ""
			if c.midway != nil {
				addUpTo(&l, 100_000)
				lost = l.done
				wantErr = c.midway(t, &l)
				if wantErr == "" {
					lost = 0
				}
			}
			addUpTo(&l, n)
			if (l.f != nil) != c.file || c.file && len(l.mem) != 0 {
				t.Fatalf("the log is in a file: %v (%d chunks in memory), want %v", l.f != nil, len(l.mem), c.file)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("the temporary file is still linked: %v", left)
			}
			if wantErr != "" && (l.err == nil || !strings.Contains(l.err.Error(), wantErr)) {
				t.Errorf("err = %v, want %q", l.err, wantErr)
			}
			check(t, &l, lost)
			l.Free()
		})
	}
}
