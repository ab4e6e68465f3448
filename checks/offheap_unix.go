//go:build linux || darwin || freebsd || netbsd || openbsd

package checks

import (
	"syscall"
	"unsafe"
)

// offHeap returns n zeroed values of T in memory mapped outside the Go heap,
// or nil when the mapping fails (the caller then uses make). The garbage
// collector neither scans nor counts such memory, so a large table of keys
// does not double the heap the collector lets grow beside it. T must hold
// no pointers. free returns it.
func offHeap[T any](n int) []T {
	var zero T
	size := n * int(unsafe.Sizeof(zero))
	if n <= 0 || size < 1<<16 {
		return nil // small: the Go heap is cheaper
	}
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
}

// freeOffHeap unmaps s, which offHeap returned.
func freeOffHeap[T any](s []T) {
	if cap(s) == 0 {
		return
	}
	var zero T
	size := cap(s) * int(unsafe.Sizeof(zero))
	syscall.Munmap(unsafe.Slice((*byte)(unsafe.Pointer(&s[:1][0])), size))
}
