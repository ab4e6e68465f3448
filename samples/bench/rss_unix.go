//go:build unix && !darwin

package main

import (
	"os"
	"syscall"
)

// peakRSS is the peak resident memory of a finished process, in bytes:
// Linux and the BSDs count ru_maxrss in kilobytes.
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) * 1024
	}
	return -1
}
