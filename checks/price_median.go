package checks

import "slices"

// median returns the median of xs (the mean of the two middle values when
// there are an even number), reordering xs. It selects instead of sorting:
// linear time on average, which matters for categories of a million
// products. xs is not empty and holds no NaN.
//
// A large xs is first narrowed down: the middle values of a sample of it
// bound a range that holds the median as a rule; one pass counts the values
// below the range and copies those in it, and the selection runs on that
// copy, a tenth of xs or so. The pass costs a fraction of a selection over
// all of xs, whose comparisons, half of them mispredicted, took 11 ns a
// value. When the median is not in the range (a sample can mislead), the
// selection runs on xs itself.
func median(xs []float64) float64 {
	n := len(xs)
	if n >= narrowMin {
		if m, ok := narrowMedian(xs); ok {
			return m
		}
	}
	m := selectNth(xs, n/2)
	if n%2 == 1 {
		return m
	}
	// The values below the middle one are in xs[:n/2]: the other middle
	// value is the largest of them.
	return (slices.Max(xs[:n/2]) + m) / 2
}

// narrowMin is the length from which median narrows xs down first.
const narrowMin = 4096

// narrowMedian is median by a sample's range (see median); ok is false when
// the median is not in that range.
func narrowMedian(xs []float64) (float64, bool) {
	const samples = 1024
	n := len(xs)
	var sample [samples]float64
	for i := range sample {
		sample[i] = xs[i*n/samples]
	}
	slices.Sort(sample[:])
	// The sample's middle values are spread around the median's place by
	// about sqrt(samples)/2 = 16 places; 48 either side is three times that,
	// so the range holds about 96/1024 of xs.
	lo, hi := sample[samples/2-48], sample[samples/2+48]
	// Without a branch on where x lies, which half the values would
	// mispredict: x is written at the end of in every time, and kept there
	// when it is in the range.
	below, j := 0, 0
	in := make([]float64, n/5+1)
	for _, x := range xs {
		lt, le := 0, 0
		if x < lo {
			lt = 1
		}
		if x <= hi {
			le = 1
		}
		below += lt
		in[j] = x
		if j += le - lt; j == len(in) {
			return 0, false
		}
	}
	in = in[:j]
	// The middle values are those of ranks n/2 and, for an even n, n/2-1.
	k := n/2 - below
	if k < 1 || k >= len(in) {
		return 0, false
	}
	m := selectNth(in, k)
	if n%2 == 1 {
		return m, true
	}
	return (slices.Max(in[:k]) + m) / 2, true
}

// selectNth reorders xs so that xs[k] is the value a sort would put there,
// with no larger value before it and no smaller one after, and returns it.
func selectNth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// Median of three as the pivot, then a three-way partition, so
		// runs of equal prices (common: 9.99, 19.99) cost one pass.
		a, b, c := xs[lo], xs[lo+(hi-lo)/2], xs[hi]
		p := max(min(a, b), min(max(a, b), c))
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch {
			case xs[i] < p:
				xs[lt], xs[i] = xs[i], xs[lt]
				lt++
				i++
			case xs[i] > p:
				xs[i], xs[gt] = xs[gt], xs[i]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return xs[k]
		}
	}
	return xs[k]
}
