// Package swar holds the eight-bytes-at-a-time helpers the readers, the
// checks and the reports share: each reads eight bytes as one number and
// tests them all with a few arithmetic operations (SIMD within a register).
// A test never lets a byte's result carry into its neighbour's.
package swar

// Ones has 1 in every byte; Highs has the high bit of every byte set.
const (
	Ones  = 0x0101010101010101
	Highs = 0x8080808080808080
)

// Load8 reads the eight bytes of t, a slice of eight, as a little-endian
// number: one bounds check and one load (the compiler merges the reads).
func Load8[T string | []byte](t T) uint64 {
	_ = t[7]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

// Zero is non-zero when a byte of x is zero: it has the high bit set of
// the first zero byte (bytes after it may be marked too). Zero(x ^ c*Ones)
// finds the bytes equal to c.
func Zero(x uint64) uint64 { return (x - Ones) &^ x & Highs }

// Below is non-zero when a byte of x, all of whose bytes are under 0x80, is
// under n (1 to 128).
func Below(x uint64, n byte) uint64 { return (x - uint64(n)*Ones) &^ x & Highs }

// NonASCII has the high bit set of each byte of x that is 0x80 or more.
func NonASCII(x uint64) uint64 { return x & Highs }
