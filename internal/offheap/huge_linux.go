package offheap

import "golang.org/x/sys/unix"

// hugePage is the size of a transparent huge page on Linux (x86-64, arm64
// with 4 KB base pages).
const hugePage = 2 << 20

// adviseHuge asks the kernel to back b with huge pages. A large key index is
// read at random: with 4 KB pages nearly every look-up also misses the TLB,
// with 2 MB pages a 5 MB index takes three entries. Where transparent huge
// pages are off, the advice does nothing.
func adviseHuge(b []byte) { _ = unix.Madvise(b, unix.MADV_HUGEPAGE) }
