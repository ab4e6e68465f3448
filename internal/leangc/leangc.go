// Package leangc lowers the garbage collector's target for a stretch of a
// run that would otherwise let the heap grow by much garbage beside what it
// holds.
package leangc

import "runtime/debug"

// Lean lowers the collector's target (GOGC) to percent and returns the
// function that puts the old one back. A target already as low or lower,
// or the collector turned off (-1), is left alone.
func Lean(percent int) (restore func()) {
	old := debug.SetGCPercent(percent)
	if old < percent {
		debug.SetGCPercent(old) // already leaner, or off: leave it
		return func() {}
	}
	return func() { debug.SetGCPercent(old) }
}
