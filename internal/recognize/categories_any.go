package recognize

import (
	"slices"
	"strings"
)

// Any reports whether f returns true for the class of some mapped phrase in
// some level of path, longest or not; broad tells f the phrase is a broad
// level. Classify names the one
// class a path is for; Any tells whether the path also names another kind of
// product ("Mobile Phone Cables" names phones and cables, "Home & Garden >
// Shoe Racks" a garden and shoes), which is what a check needs before it
// says that a product does not belong in a category. It reads the path
// afresh, so it is meant for the few listings where Classify's answer is
// in doubt, not for every listing.
func (cs *Categories) Any(path string, f func(class int, broad bool) bool) bool {
	for _, level := range splitLevels(path) {
		ws := cs.levelWords(level)
		for j := range ws {
			for _, p := range cs.byFirst[ws[j]] {
				if j+len(p.words) <= len(ws) && slices.Equal(ws[j:j+len(p.words)], p.words) && f(p.class, p.broad) {
					return true
				}
			}
		}
	}
	return false
}

// levelWords returns the words of one level of a category path as the
// phrases are indexed: folded, camel case split, each made singular.
func (cs *Categories) levelWords(level string) []string {
	ws := strings.Fields(cs.fold(splitCamel(level)))
	for j := range ws {
		ws[j] = singular(ws[j])
	}
	return ws
}

// Deepest returns the deepest level of a category path, trimmed; "" for
// an empty path.
func Deepest(path string) string {
	levels := splitLevels(path)
	if len(levels) == 0 {
		return ""
	}
	return strings.TrimSpace(levels[len(levels)-1])
}

// Levels returns the levels of a category path as Classify reads them,
// without a leading Google taxonomy id.
func Levels(path string) []string { return splitLevels(path) }
