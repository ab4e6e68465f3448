package strtab

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	var tb Table
	if _, ok := tb.Find("x"); ok {
		t.Fatal("empty table found x")
	}
	long := strings.Repeat("z", blockSize+10) // a block of its own
	keys := []string{"b", "", "a", "ab", "a\x00", long, "é", "b"}
	want := map[string]int{}
	for _, k := range keys {
		ord, added := tb.Add(k)
		w, seen := want[k]
		if seen && (added || ord != w) {
			t.Errorf("Add(%.10q) again = %d, %v; want %d, false", k, ord, added, w)
		}
		if !seen {
			if !added || ord != len(want) {
				t.Errorf("Add(%.10q) = %d, %v; want %d, true", k, ord, added, len(want))
			}
			want[k] = ord
		}
	}
	if tb.Len() != 7 {
		t.Errorf("Len = %d, want 7", tb.Len())
	}
	for k, ord := range want {
		if got, ok := tb.Find(k); !ok || got != ord {
			t.Errorf("Find(%.10q) = %d, %v; want %d", k, got, ok, ord)
		}
		if tb.Key(ord) != k {
			t.Errorf("Key(%d) = %.10q, want %.10q", ord, tb.Key(ord), k)
		}
	}
	if _, ok := tb.Find("c"); ok {
		t.Error("found c, never added")
	}
	var sorted []string
	for _, o := range tb.Sorted() {
		sorted = append(sorted, tb.Key(int(o)))
	}
	if !slices.IsSorted(sorted) || len(sorted) != 7 {
		t.Errorf("Sorted gives %.20q", sorted)
	}
}

// TestTableMany checks a table of many keys against a map, through
// several resizes, and that the keys come back sorted.
func TestTableMany(t *testing.T) {
	var tb Table
	tb.Grow(100)
	want := map[string]int{}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		k := strconv.Itoa(1005007000000000 + r.IntN(150_000))
		if r.IntN(10) == 0 {
			k = k[:r.IntN(len(k))]
		}
		ord, added := tb.Add(k)
		if w, ok := want[k]; ok != !added || (ok && w != ord) {
			t.Fatalf("Add(%q) = %d, %v; map has %d, %v", k, ord, added, w, ok)
		}
		want[k] = ord
	}
	if tb.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", tb.Len(), len(want))
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, o := range tb.Sorted() {
		if tb.Key(int(o)) != keys[i] {
			t.Fatalf("Sorted[%d] = %q, want %q", i, tb.Key(int(o)), keys[i])
		}
	}
}

func BenchmarkAdd(b *testing.B) {
	keys := make([]string, 1<<16)
	for i := range keys {
		keys[i] = strconv.Itoa(1005007000000000 + i*7919%760000)
	}
	b.ReportAllocs()
	var tb Table
	for i := 0; b.Loop(); i++ {
		tb.Add(keys[i&(len(keys)-1)])
	}
}

// TestSortedSharedPrefix: strings that share a long prefix, one of them
// the prefix itself, sort by their whole bytes.
func TestSortedSharedPrefix(t *testing.T) {
	var tb Table
	keys := []string{"1005007000000009", "100500700000000", "1005007000000010", "10050070000000091", "1005007000000001"}
	for _, k := range keys {
		tb.Add(k)
	}
	var got []string
	for _, o := range tb.Sorted() {
		got = append(got, tb.Key(int(o)))
	}
	slices.Sort(keys)
	if !slices.Equal(got, keys) {
		t.Errorf("Sorted gives %q, want %q", got, keys)
	}
}
