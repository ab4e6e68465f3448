package keyindex

import (
	"math/rand/v2"
	"testing"
)

// TestKeyTable checks Table against a Go map over 600,000 keys (five
// hash chunks, many growths), with repeats, the hash 0, hashes that share
// their tag, and positions that jump between origins and rows both ways;
// with no idea of the number of keys, and with a guess that is right, far
// too low or far too high (given at the start and again half-way).
func TestKeyTable(t *testing.T) {
	for _, c := range []struct {
		name   string
		expect int // keys announced before the first key and at key 300,000; 0 for none
	}{{"unknown", 0}, {"right", 520_000}, {"too low", 5_000}, {"too high", 5_000_000}} {
		t.Run(c.name, func(t *testing.T) { testKeyTable(t, c.expect) })
	}
}

func testKeyTable(t *testing.T, expect int) {
	rng := rand.New(rand.NewPCG(1, 2))
	var kt Table
	if expect > 0 {
		kt.Expect(expect)
	}
	want := map[uint64]Ref{}
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
		r := Ref{Org: org, Row: row}
		if i == 300_000 && expect > 0 {
			kt.Expect(expect)
		}
		got, found := kt.FirstOrAdd(h, r)
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
	if expect >= len(want) && len(kt.m.slots) > expect/4*5 {
		t.Errorf("expecting %d keys, the index has %d slots, more than the %d it needs", expect, len(kt.m.slots), expect/4*5)
	}
	kt.Free()
	if _, found := kt.FirstOrAdd(keys[0], Ref{Row: 2}); found {
		t.Fatal("a freed table still finds its keys")
	}
	if got, found := kt.FirstOrAdd(keys[0], Ref{Row: 3}); !found || got.Row != 2 {
		t.Fatalf("after free, the table does not work again: %+v %v", got, found)
	}
}

func TestPosLogDeltas(t *testing.T) {
	var p posLog
	refs := []Ref{{0, 1}, {0, 2}, {0, 3}, {0, 1}, {7, -5}, {7, 1 << 30}, {7, -1 << 30}, {0, 0}}
	for i := 0; i < 200; i++ {
		for _, r := range refs {
			p.add(Ref{Org: r.Org + uint32(i), Row: r.Row + int32(i)})
		}
	}
	for i := 0; i < 200; i++ {
		for k, r := range refs {
			w := Ref{Org: r.Org + uint32(i), Row: r.Row + int32(i)}
			if got := p.at(i*len(refs) + k); got != w {
				t.Fatalf("entry %d: %+v, want %+v", i*len(refs)+k, got, w)
			}
		}
	}
}

// BenchmarkKeyTable adds a million keys to a table that grows as they come;
// BenchmarkKeyTableExpected to one told how many will come.
func BenchmarkKeyTable(b *testing.B)         { benchKeyTable(b, false) }
func BenchmarkKeyTableExpected(b *testing.B) { benchKeyTable(b, true) }

func benchKeyTable(b *testing.B, expect bool) {
	rng := rand.New(rand.NewPCG(1, 2))
	hs := make([]uint64, 1<<20)
	for i := range hs {
		hs[i] = rng.Uint64()
	}
	b.ReportAllocs()
	for b.Loop() {
		var kt Table
		if expect {
			kt.Expect(len(hs))
		}
		for i, h := range hs {
			kt.FirstOrAdd(h, Ref{Row: int32(i)})
		}
		kt.Free()
	}
}

// TestKeyTableWarm: warming slots, before the table exists, between
// look-ups and across growths, changes no answer.
func TestKeyTableWarm(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	hs := make([]uint64, 20000)
	for i := range hs {
		hs[i] = rng.Uint64() % 5000 // repeats
	}
	var plain, warmed Table
	defer plain.Free()
	defer warmed.Free()
	warmed.Warm(hs[0]) // no table yet
	for i, h := range hs {
		if i%100 == 0 {
			for _, w := range hs[i:min(i+100, len(hs))] {
				warmed.Warm(w)
			}
		}
		r := Ref{Row: int32(i)}
		f1, ok1 := plain.FirstOrAdd(h, r)
		f2, ok2 := warmed.FirstOrAdd(h, r)
		if f1 != f2 || ok1 != ok2 {
			t.Fatalf("key %d: warmed table says %v %v, plain one %v %v", i, f2, ok2, f1, ok1)
		}
	}
}
