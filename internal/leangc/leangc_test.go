package leangc

import (
	"runtime/debug"
	"testing"
)

// TestLean: Lean lowers the collector's target and puts the old one back;
// a leaner target, or the collector turned off, is left alone.
func TestLean(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const lean = 50
	for _, old := range []int{100, 400, lean, 20, -1} {
		debug.SetGCPercent(old)
		restore := Lean(lean)
		during := debug.SetGCPercent(-1)
		debug.SetGCPercent(during)
		restore()
		after := debug.SetGCPercent(old)
		want := min(old, lean)
		if old < 0 {
			want = old
		}
		if during != want || after != old {
			t.Errorf("GOGC %d: %d during, %d after; want %d and %d", old, during, after, want, old)
		}
	}
}
