//go:build darwin || freebsd || netbsd || openbsd

package offheap

const hugePage = 2 << 20

// adviseHuge does nothing on this system.
func adviseHuge(b []byte) {}
