package readers

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestFileError(t *testing.T) {
	dir := t.TempDir()
	_, notExist := os.Open(filepath.Join(dir, "x.csv"))
	d, _ := os.Open(dir)
	_, isDir := d.Read(make([]byte, 1))
	d.Close()
	for _, tc := range []struct {
		err  error
		want string
	}{
		{notExist, "x.csv: file not found"},
		{&fs.PathError{Op: "open", Path: "x.csv", Err: syscall.EACCES}, "x.csv: permission denied"},
		{isDir, "x.csv: is a directory"},
		{errors.New("disk on fire"), "x.csv: disk on fire"},
	} {
		got := FileError("x.csv", tc.err)
		if got.Error() != tc.want {
			t.Errorf("FileError(%v) = %q, want %q", tc.err, got, tc.want)
		}
		if !errors.Is(got, tc.err) && !errors.Is(tc.err, fs.ErrNotExist) {
			var pe *fs.PathError
			if !errors.As(tc.err, &pe) || !errors.Is(got, pe.Err) {
				t.Errorf("FileError(%v) does not wrap the cause", tc.err)
			}
		}
	}
}
