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
	index := map[string]int{}
	for i, c := range light.Classes {
		index[c.ID] = i
	}
	cats := recognize.PrepareCategories(light, fold, func(id string) int {
		if i, ok := index[id]; ok {
			return i
		}
		return -1
	})
	var body, catBody strings.Builder
	pkgs := map[string]bool{}
	if err := goLiteral(&body, reflect.ValueOf(*light), true, pkgs); err != nil {
		t.Fatal(err)
	}
	if err := goLiteral(&catBody, reflect.ValueOf(cats), true, pkgs); err != nil {
		t.Fatal(err)
	}
	src, err := goFile("TestRecognitionGo from internal/recognize's classes.yaml and categories.csv", pkgs, `
// recognitionGenFingerprint is recognize.Fingerprint() of the data
// recognitionGen was made from.
const recognitionGenFingerprint = `+strconv.FormatUint(recognize.Fingerprint(), 10)+`

// recognitionGen is the embedded recognition data without the words the
// matcher holds. It is shared: never change it.
var recognitionGen = `+body.String()+`

// recognitionGenCategories are the category mappings of recognitionGen
// prepared for recognize.CategoriesOf, folded with fold.
var recognitionGenCategories = `+catBody.String()+"\n")
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
	if !reflect.DeepEqual(recognitionGenCategories, cats) {
		t.Fatal("recognitionGenCategories are not the mappings prepared")
	}
	if precompiledCategories(&recognitionGen) == nil || precompiledCategories(light) != nil {
		t.Fatal("precompiledCategories serves other data than recognitionGen, or not it")
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
