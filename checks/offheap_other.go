//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package checks

import "os"

// offHeap returns nil: on this system the tables live on the Go heap.
func offHeap[T any](n int) []T { return nil }

func freeOffHeap[T any](s []T) {}

// mapFile returns nil: on this system the spill file is read.
func mapFile(f *os.File, size int64) []byte { return nil }

func unmapFile(b []byte) {}
