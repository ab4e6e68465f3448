//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package offheap

// offHeap returns nil: on this system the tables live on the Go heap.
func offHeap[T any](n int) []T { return nil }

func freeOffHeap[T any](s []T) {}
