package checks

import (
	"sync"

	"github.com/aecheck/aecheck/internal/recognize"
)

// The recognizer of a default run needs, besides the matcher that
// recognition.bin holds, the recognition data without its words: the
// classes and the category mappings, and the index of the mappings' words.
// recognition_gen.go holds them as Go literals, laid out by the linker and
// built at no cost at start, where decoding the data and folding the
// mappings' phrases took two milliseconds and thousands of allocations.
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

// precompiledCategories returns the category index of cfg when cfg is
// recognition_gen.go's data, from the phrases prepared there; nil
// otherwise.
func precompiledCategories(cfg *recognize.Config) *recognize.Categories {
	if cfg != &recognitionGen {
		return nil
	}
	return generatedCategories()
}

// generatedCategories is read-only and shared by every Runner.
var generatedCategories = sync.OnceValue(func() *recognize.Categories {
	return recognize.CategoriesOf(recognitionGenCategories, fold)
})
