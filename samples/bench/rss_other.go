//go:build !unix

package main

import "os"

// peakRSS returns -1: this system's process usage has no peak resident
// memory (Windows), and the table shows "n/a".
func peakRSS(*os.ProcessState) int64 { return -1 }
