package offheap

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestOffHeapHuge: a large off-heap table starts on a huge-page boundary
// and can be written to its last byte; every page offHeap mapped (the
// table and the parts mapped to reach the boundary) is given back exactly
// once, by offHeap or by freeOffHeap; a small table is mapped as it is.
func TestOffHeapHuge(t *testing.T) {
	type span struct{ at, n uintptr }
	var maps, unmaps []span
	oldMap, oldUnmap := mmapPtr, munmapPtr
	defer func() { mmapPtr, munmapPtr = oldMap, oldUnmap }()
	mmapPtr = func(fd int, off int64, addr unsafe.Pointer, n uintptr, prot, flags int) (unsafe.Pointer, error) {
		p, err := unix.MmapPtr(fd, off, addr, n, prot, flags)
		maps = append(maps, span{uintptr(p), n})
		return p, err
	}
	munmapPtr = func(p unsafe.Pointer, n uintptr) error {
		unmaps = append(unmaps, span{uintptr(p), n})
		return unix.MunmapPtr(p, n)
	}
	page := uintptr(unix.Getpagesize())
	up := func(v uintptr) uintptr { return (v + page - 1) &^ (page - 1) }
	for _, n := range []int{1 << 14, 2*hugePage/4 + 1, 1_310_719, 5 * hugePage / 4} {
		maps, unmaps = nil, nil
		s := offHeap[uint32](n)
		if s == nil || len(maps) != 1 {
			t.Fatalf("%d slots: %d mappings", n, len(maps))
		}
		p := uintptr(unsafe.Pointer(&s[0]))
		if big := 4*n >= 2*hugePage; big && p%hugePage != 0 {
			t.Errorf("%d slots: start %#x is not on a huge-page boundary", n, p)
		} else if !big && (p != maps[0].at || maps[0].n != uintptr(4*n)) {
			t.Errorf("%d slots: a small table is mapped as it is", n)
		}
		for i := range s {
			s[i] = uint32(i)
		}
		if s[n-1] != uint32(n-1) {
			t.Fatalf("%d slots: last slot lost", n)
		}
		freeOffHeap(s)
		// Each page of the mapping is given back once, and nothing else.
		m := maps[0]
		given := map[uintptr]int{}
		for _, u := range unmaps {
			if u.at%page != 0 {
				t.Errorf("%d slots: give back at %#x, not on a page", n, u.at)
			}
			for a := u.at; a < u.at+up(u.n); a += page {
				given[a]++
			}
		}
		for a := m.at; a < m.at+up(m.n); a += page {
			if given[a] != 1 {
				t.Fatalf("%d slots: page %#x of the mapping given back %d times", n, a, given[a])
			}
			delete(given, a)
		}
		if len(given) > 0 {
			t.Errorf("%d slots: %d pages given back outside the mapping", n, len(given))
		}
	}
}
