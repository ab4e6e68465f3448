package checks

import (
	"strings"
	"testing"
)

// TestMayHaveCJK: a byte of 0xE2 or more is found at every position, after
// ASCII and after other non-ASCII bytes.
func TestMayHaveCJK(t *testing.T) {
	for _, odd := range []string{"茶", "\xe2\x80\xa8", "\xff"} {
		for _, before := range []string{"", "é", "\x80"} {
			for pos := 0; pos <= 20; pos++ {
				s := strings.Repeat("a", pos) + before + odd + strings.Repeat("b", 20-pos)
				if !mayHaveCJK(s) {
					t.Fatalf("%q: mayHaveCJK false", s)
				}
				if s := strings.Repeat("a", pos) + before; mayHaveCJK(s) {
					t.Fatalf("%q: mayHaveCJK true", s)
				}
			}
		}
	}
}
