//go:build linux || darwin || freebsd || netbsd || openbsd

package offheap

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The system calls, replaced in tests to see what is mapped and given back.
var (
	mmapPtr   = unix.MmapPtr
	munmapPtr = unix.MunmapPtr
)

// offHeap returns n zeroed values of T in memory mapped outside the Go heap,
// or nil when the mapping fails (the caller then uses make). The garbage
// collector neither scans nor counts such memory, so a large table of keys
// does not double the heap the collector lets grow beside it. T must hold
// no pointers. free returns it.
//
// A large table (a key index, read at random) starts on a huge-page
// boundary and is advised to be backed by huge pages (adviseHuge): the
// mapping is made a huge page larger, and what lies before the boundary and
// after the table is given back.
func offHeap[T any](n int) []T {
	var zero T
	size := n * int(unsafe.Sizeof(zero))
	if n <= 0 || size < 1<<16 {
		return nil // small: the Go heap is cheaper
	}
	extra := 0
	if size >= 2*hugePage {
		extra = hugePage
	}
	p, err := mmapPtr(-1, 0, nil, uintptr(size+extra), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil
	}
	if extra > 0 {
		page := uintptr(unix.Getpagesize())
		up := func(v uintptr) uintptr { return (v + page - 1) &^ (page - 1) }
		head := -uintptr(p) & (hugePage - 1) // a whole number of pages
		if head > 0 {
			munmapPtr(p, head)
		}
		if end := head + up(uintptr(size)); end < up(uintptr(size+extra)) {
			munmapPtr(unsafe.Add(p, end), up(uintptr(size+extra))-end)
		}
		p = unsafe.Add(p, head)
		adviseHuge(unsafe.Slice((*byte)(p), size))
	}
	return unsafe.Slice((*T)(p), n)
}

// freeOffHeap unmaps s, which offHeap returned.
func freeOffHeap[T any](s []T) {
	if cap(s) == 0 {
		return
	}
	var zero T
	munmapPtr(unsafe.Pointer(unsafe.SliceData(s)), uintptr(cap(s))*unsafe.Sizeof(zero))
}
