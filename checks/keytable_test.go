package checks

import (
	"math/rand/v2"
	"testing"
)

// TestKeyTable checks keyTable against a Go map over 600,000 keys (five
// hash chunks, many growths), with repeats, the hash 0, hashes that share
// their tag, and positions that jump between origins and rows both ways.
func TestKeyTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var kt keyTable
	want := map[uint64]ref{}
	var keys []uint64
	org, row := uint32(0), int32(1)
	for i := 0; i < 600_000; i++ {
		var h uint64
		switch {
		case i%7 == 0 && len(keys) > 0:
			h = keys[rng.IntN(len(keys))] // a repeat
		case i%11 == 0:
			h = uint64(rng.IntN(1000)) << 4 // same tag 0, small values, 0 itself
		default:
			h = rng.Uint64()
		}
		switch rng.IntN(50) {
		case 0:
			org = uint32(rng.IntN(5000))
			row = int32(rng.IntN(1 << 30))
		case 1:
			row -= int32(rng.IntN(100000))
		case 2:
			row += int32(rng.IntN(1000))
		default:
			row++
		}
		r := ref{org: org, row: row}
		got, found := kt.firstOrAdd(h, r)
		first, ok := want[h]
		if found != ok {
			t.Fatalf("key %d (%#x): found %v, want %v", i, h, found, ok)
		}
		if ok && got != first {
			t.Fatalf("key %d (%#x): first at %+v, want %+v", i, h, got, first)
		}
		if !ok {
			want[h] = r
			keys = append(keys, h)
		}
	}
	if kt.m.n != len(want) {
		t.Fatalf("table holds %d keys, want %d", kt.m.n, len(want))
	}
	kt.free()
	if _, found := kt.firstOrAdd(keys[0], ref{row: 2}); found {
		t.Fatal("a freed table still finds its keys")
	}
	if got, found := kt.firstOrAdd(keys[0], ref{row: 3}); !found || got.row != 2 {
		t.Fatalf("after free, the table does not work again: %+v %v", got, found)
	}
}

func TestPosLogDeltas(t *testing.T) {
	var p posLog
	refs := []ref{{0, 1}, {0, 2}, {0, 3}, {0, 1}, {7, -5}, {7, 1 << 30}, {7, -1 << 30}, {0, 0}}
	for i := 0; i < 200; i++ {
		for _, r := range refs {
			p.add(ref{org: r.org + uint32(i), row: r.row + int32(i)})
		}
	}
	for i := 0; i < 200; i++ {
		for k, r := range refs {
			w := ref{org: r.org + uint32(i), row: r.row + int32(i)}
			if got := p.at(i*len(refs) + k); got != w {
				t.Fatalf("entry %d: %+v, want %+v", i*len(refs)+k, got, w)
			}
		}
	}
}

func BenchmarkKeyTable(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	hs := make([]uint64, 1<<20)
	for i := range hs {
		hs[i] = rng.Uint64()
	}
	b.ReportAllocs()
	for b.Loop() {
		var kt keyTable
		for i, h := range hs {
			kt.firstOrAdd(h, ref{row: int32(i)})
		}
		kt.free()
	}
}
