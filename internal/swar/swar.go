// Package swar holds the eight-bytes-at-a-time helpers the readers and the
// checks share.
package swar

// Load8 reads the eight bytes of t, a slice of eight, as a little-endian
// number: one bounds check and one load (the compiler merges the reads).
func Load8[T string | []byte](t T) uint64 {
	_ = t[7]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}
