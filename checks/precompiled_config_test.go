package checks

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/internal/recognize"
)

// TestRecognitionGo: recognition_gen.go is the embedded recognition data
// without its words, byte for byte, and the same data; -update writes it
// again after classes.yaml or categories.csv changed.
func TestRecognitionGo(t *testing.T) {
	light := lightConfig(recognize.Merge(defaultRecognition(), nil))
	var body strings.Builder
	pkgs := map[string]bool{}
	if err := goLiteral(&body, reflect.ValueOf(*light), true, pkgs); err != nil {
		t.Fatal(err)
	}
	src, err := goFile("TestRecognitionGo from internal/recognize's classes.yaml and categories.csv", pkgs, `
// recognitionGenFingerprint is recognize.Fingerprint() of the data
// recognitionGen was made from.
const recognitionGenFingerprint = `+strconv.FormatUint(recognize.Fingerprint(), 10)+`

// recognitionGen is the embedded recognition data without the words the
// matcher holds. It is shared: never change it.
var recognitionGen = `+body.String()+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if generated(t, "recognition_gen.go", src, "TestRecognitionGo") {
		return
	}
	if got := precompiledConfig(recognize.Fingerprint()); got == nil || !reflect.DeepEqual(got, light) {
		t.Fatal("precompiledConfig() is not the embedded recognition data without its words")
	}
	if precompiledConfig(recognize.Fingerprint()+1) != nil {
		t.Fatal("precompiledConfig gave its data for another fingerprint")
	}
}

// lightConfig returns cfg without the words of its classes and markers:
// what the recognizer needs of cfg once the matcher holds the words.
func lightConfig(cfg *recognize.Config) *recognize.Config {
	light := &recognize.Config{Classes: slices.Clone(cfg.Classes), Categories: cfg.Categories}
	for i := range light.Classes {
		light.Classes[i].Terms = nil
	}
	return light
}
