package i18n

import (
	"slices"
	"testing"
)

// TestCodesAreLanguages: the codes read from the message files' names are
// those of the languages their contents declare, in the same order.
func TestCodesAreLanguages(t *testing.T) {
	var want []string
	for _, l := range Languages() {
		want = append(want, l.Code)
	}
	if got := Codes(); !slices.Equal(got, want) {
		t.Errorf("Codes() = %v, Languages() gives %v", got, want)
	}
}
