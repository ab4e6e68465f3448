package spill

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestSpill writes records past several buffers and reads them back, in a
// temporary file, in memory (no temporary folder) and after the file stops
// taking writes (the disk filling up).
func TestSpill(t *testing.T) {
	var want []byte
	for i := 0; i < 50000; i++ {
		want = append(want, byte(i), byte(i>>8), 'x', 'y')
	}
	write := func(s *Log) {
		for i := 0; i < len(want); i += 4 {
			s.Append(want[i : i+4])
		}
	}
	read := func(t *testing.T, s *Log) {
		t.Helper()
		// Pieces of 0 to 1,000 bytes, none landing on the buffer's end.
		var got []byte
		sr := s.Records()
		var err error
		for k := 0; ; k++ {
			var b []byte
			n := min(k*37%1001, len(want)-len(got))
			if n == 0 && len(got) == len(want) {
				if _, err = sr.Next(1); err == io.EOF {
					err = nil
				}
				break
			}
			if b, err = sr.Next(n); err != nil {
				break
			}
			got = append(got, b...)
		}
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("read back %d bytes (%v), want %d", len(got), err, len(want))
		}
		if s.err != nil {
			t.Fatal(s.err)
		}
	}

	t.Run("file", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("TMPDIR", dir)
		s := New()
		if s.f == nil {
			t.Fatal("no temporary file")
		}
		write(s)
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("the temporary file is still linked: %v", left)
		}
		read(t, s)
		s.Release()
	})
	t.Run("no temporary folder", func(t *testing.T) {
		t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
		s := New()
		if s.f != nil {
			t.Fatal("a temporary file in a missing folder")
		}
		write(s)
		read(t, s)
	})
	t.Run("writes fail", func(t *testing.T) {
		t.Setenv("TMPDIR", t.TempDir())
		s := New()
		write(s)
		// Reopen the file read-only under the spill: the next flush fails
		// as on a full disk, and what was written moves to memory.
		ro, err := os.Open("/proc/self/fd/" + strconv.Itoa(int(s.f.Fd())))
		if err != nil {
			t.Skip("no /proc:", err)
		}
		s.f.Close()
		s.f = ro
		write(s)
		want = append(want, want...)
		read(t, s)
		if s.f != nil {
			t.Error("the spill still uses the file")
		}
	})
}
