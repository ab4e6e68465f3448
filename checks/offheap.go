package checks

// allocPOD returns n zeroed values of T, mapped outside the Go heap where
// offHeap can, else made on the heap; mapped says which, for freePOD. T
// must hold no pointers.
func allocPOD[T any](n int) (s []T, mapped bool) {
	if s = offHeap[T](n); s != nil {
		return s, true
	}
	return make([]T, n), false
}

// freePOD returns s, from allocPOD, when it was mapped; heap memory is left
// to the collector.
func freePOD[T any](s []T, mapped bool) {
	if mapped {
		freeOffHeap(s)
	}
}
