package checks

import (
	"strings"
	"testing"
)

func TestIDArena(t *testing.T) {
	var a idArena
	var want []string
	var at []uint32
	for i := 0; i < 200000; i++ {
		s := strings.Repeat("x", i%300)
		if i%50000 == 7 {
			s = strings.Repeat("y", 3<<20) // larger than a chunk
		}
		want = append(want, s)
		at = append(at, a.add(s))
	}
	for i, s := range want {
		if got := a.get(at[i]); got != s {
			t.Fatalf("string %d: got %d bytes, want %d", i, len(got), len(s))
		}
	}
}
