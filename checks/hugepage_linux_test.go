package checks

import (
	"os"
	"strings"
	"testing"
	"unsafe"
)

// TestOffHeapHuge: a large off-heap table starts on a huge-page boundary,
// can be written to its last byte, and leaves no mapping behind once freed
// (the parts mapped to reach the boundary are given back too).
func TestOffHeapHuge(t *testing.T) {
	mappings := func() int {
		b, err := os.ReadFile("/proc/self/maps")
		if err != nil {
			t.Skip(err)
		}
		return strings.Count(string(b), "\n")
	}
	for _, n := range []int{2*hugePage/4 + 1, 1_310_719, 5 * hugePage / 4} {
		before := mappings()
		s := offHeap[uint32](n)
		if s == nil {
			t.Fatalf("%d slots: not mapped", n)
		}
		if p := uintptr(unsafe.Pointer(&s[0])); p%hugePage != 0 {
			t.Errorf("%d slots: start %#x is not on a huge-page boundary", n, p)
		}
		for i := range s {
			s[i] = uint32(i)
		}
		if s[n-1] != uint32(n-1) {
			t.Fatalf("%d slots: last slot lost", n)
		}
		freeOffHeap(s)
		if after := mappings(); after > before {
			t.Errorf("%d slots: %d mappings before, %d after free", n, before, after)
		}
	}
}
