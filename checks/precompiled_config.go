package checks

import "github.com/aecheck/aecheck/internal/recognize"

// The recognizer of a default run needs, besides the matcher that
// recognition.bin holds, the recognition data without its words: the
// classes and the category mappings. recognition_gen.go holds them as a
// Go literal, laid out by the linker and built at no cost at start, where
// decoding them took a millisecond and thousands of allocations.
// TestRecognitionGo writes it (`go test ./checks -run TestRecognitionGo
// -update`, also in go generate) with the fingerprint of the data it was
// made from; when the data changed since, the recognizer is compiled at
// start as a stale recognition.bin makes it.

// precompiledConfig returns the light recognition data of recognition_gen.go
// when it was made from the data of that fingerprint (the embedded data's
// is recognize.Fingerprint()), nil otherwise.
func precompiledConfig(fingerprint uint64) *recognize.Config {
	if recognitionGenFingerprint != fingerprint {
		return nil
	}
	return &recognitionGen
}
