package swar

import (
	"math/rand/v2"
	"testing"
)

// TestAgainstBytes holds each helper to a byte-by-byte reference, on random
// words and on words built from the bytes at the edges of each test (0,
// 0x01, 0x1f, 0x20, 0x7f, 0x80, 0xff, the quote and the backslash), in
// every position.
func TestAgainstBytes(t *testing.T) {
	edges := []byte{0, 1, 0x1f, 0x20, '"', '\\', 0x7f, 0x80, 0xff, 'a'}
	rng := rand.New(rand.NewPCG(1, 2))
	var words [][8]byte
	for range 20000 {
		var w [8]byte
		for i := range w {
			w[i] = edges[rng.IntN(len(edges))]
			if rng.IntN(4) == 0 {
				w[i] = byte(rng.Uint32())
			}
		}
		words = append(words, w)
	}
	for _, w := range words {
		x := Load8(w[:])
		var zero, nonASCII, below, quote bool
		for i, c := range w {
			if x>>(8*i)&0xff != uint64(c) {
				t.Fatalf("Load8(%x): byte %d is %#x", w, i, x>>(8*i)&0xff)
			}
			zero = zero || c == 0
			nonASCII = nonASCII || c >= 0x80
			below = below || c < 0x20
			quote = quote || c == '"'
		}
		if (Zero(x) != 0) != zero {
			t.Errorf("Zero(%x) = %#x", w, Zero(x))
		}
		if got := NonASCII(x); (got != 0) != nonASCII || got&^Highs != 0 {
			t.Errorf("NonASCII(%x) = %#x", w, got)
		}
		if (Zero(x^'"'*Ones) != 0) != quote {
			t.Errorf("Zero(%x ^ quotes) = %#x", w, Zero(x^'"'*Ones))
		}
		if !nonASCII && (Below(x, 0x20) != 0) != below {
			t.Errorf("Below(%x, 0x20) = %#x", w, Below(x, 0x20))
		}
	}
}
