package checks

import "testing"

// TestStartAllocs holds a run's fixed cost, in allocations (which, unlike
// time, do not depend on the machine), under bounds about a quarter above
// their figure today: the default rules decoded from JSON again (9,500
// allocations), or the category phrases folded at every start (5,600),
// fail it. pipeline's TestStartAllocs does the same for a whole run.
func TestStartAllocs(t *testing.T) {
	mustRunner(t, nil) // recognition.bin is decoded once per process
	for _, c := range []struct {
		name string
		max  float64
		f    func()
	}{
		{"Default()", 1000, func() { Default() }},
		{"NewRunner(Default())", 3100, func() { mustRunner(t, Default()) }},
		{"decodePrecompiled(recognitionBin)", 500, func() { decodePrecompiled(recognitionBin) }},
	} {
		if n := testing.AllocsPerRun(5, c.f); n > c.max {
			t.Errorf("%s: %.0f allocations, more than %.0f: what does a run now build at start?", c.name, n, c.max)
		}
	}
}
