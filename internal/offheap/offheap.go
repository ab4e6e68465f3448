// Package offheap allocates arrays of pointer-free values outside the Go
// heap, where the system allows it (Linux, macOS, the BSDs), and on the
// heap elsewhere.
//
// It guarantees that Alloc returns n zeroed values that stay valid until
// Free, and that Free gives back exactly the memory Alloc mapped (a mapping
// never leaks or is given back twice). The garbage collector neither scans
// nor counts mapped memory: a large table of keys then does not let the
// heap grow by as much again beside it. A large array, read at random, is
// backed by huge pages where the system has them. Values must hold no
// pointers: the collector would not see what they point to.
package offheap

// Alloc returns n zeroed values of T, mapped outside the Go heap where it
// can, else made on the heap; mapped says which, for Free. T must hold no
// pointers. Arrays under 64 KiB always come from the heap, which is cheaper
// for them.
func Alloc[T any](n int) (s []T, mapped bool) {
	if s = offHeap[T](n); s != nil {
		return s, true
	}
	return make([]T, n), false
}

// Free gives back s, from Alloc, when it was mapped; heap memory is left to
// the collector. s must not be used afterwards.
func Free[T any](s []T, mapped bool) {
	if mapped {
		freeOffHeap(s)
	}
}
