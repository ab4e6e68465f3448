//go:build linux

package reports

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the system to start writing bytes [off, off+n) of f
// to disk now, without waiting for them, so that the sync before the
// rename has little left to wait for. Errors are ignored: the sync that
// follows reports what matters.
func startWriteback(f *os.File, off, n int64) {
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE)
	})
}
