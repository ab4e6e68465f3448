package checks

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// TestFoldTabGo: match_fold_gen.go is foldTab as makeFoldTab computes it,
// byte for byte; -update writes it again (after a change of makeFoldTab or
// of golang.org/x/text's Unicode version).
func TestFoldTabGo(t *testing.T) {
	tab := makeFoldTab()
	var b strings.Builder
	b.WriteString("[0x250]string{\n")
	for r, s := range tab {
		if s != "" {
			fmt.Fprintf(&b, "%#x: %q, // %c\n", r, s, rune(r))
		}
	}
	b.WriteString("}")
	src, err := goFile("TestFoldTabGo from Unicode's decompositions", nil, `
// foldTab maps the letters of Latin-1 and Latin Extended-A/B to their
// lower case, accent-free spelling; "" = not a letter (see makeFoldTab).
var foldTab = `+b.String()+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if generated(t, "match_fold_gen.go", src, "TestFoldTabGo") {
		return
	}
	if foldTab != tab {
		t.Fatal("foldTab differs from makeFoldTab()")
	}
	for _, c := range []struct{ in, want string }{
		{"É", "e"}, {"ß", "ss"}, {"Æ", "ae"}, {"ł", "l"}, {"ñ", "n"}, {"×", ""}, {"ª", "ª"}, {"Ž", "z"},
	} {
		if got := foldTab[[]rune(c.in)[0]]; got != c.want {
			t.Errorf("foldTab[%q] = %q, want %q", c.in, got, c.want)
		}
	}
}

// makeFoldTab computes foldTab: each letter or digit lower-cased, its
// marks stripped, and the letters that have no decomposition spelled out.
func makeFoldTab() (tab [0x250]string) {
	strip := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	special := map[rune]string{'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
		'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th",
		'ð': "d", 'Ð': "d", 'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŀ': "l", 'Ŀ': "l", 'ĸ': "k", 'ŉ': "n"}
	for r := rune(0x80); r < 0x250; r++ {
		if s, ok := special[r]; ok {
			tab[r] = s
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		s, _, err := transform.String(strip, string(unicode.ToLower(r)))
		if err != nil || s == "" {
			s = string(unicode.ToLower(r))
		}
		tab[r] = s
	}
	return tab
}
