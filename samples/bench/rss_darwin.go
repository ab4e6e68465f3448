package main

import (
	"os"
	"syscall"
)

// peakRSS is the peak resident memory of a finished process, in bytes:
// macOS counts ru_maxrss in bytes.
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss)
	}
	return -1
}
