package checks

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestFindTextMatchesFind: the in-place ASCII matching of descriptions
// finds what the general matcher finds, in the same order, on texts made of
// the default lists' own words (terms, plurals, exceptions) in any case,
// with markup, entities and punctuation between them.
func TestFindTextMatchesFind(t *testing.T) {
	r, err := NewRunner(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := r.m
	var vocab []string
	for _, p := range m.phrases {
		for _, w := range p.words {
			if isASCII(w) {
				vocab = append(vocab, w)
			}
		}
	}
	vocab = append(vocab, "the", "and", "for", "with", "steel", "Gift", "box", "e", "x2")
	seps := []string{" ", "  ", ", ", ". ", "-", "_", "'", "<br>", "<p class=\"x\">", "</li><li>", "&amp;", "&nbsp;", "&", "<", ">", ";", "&verylongentityname;", "\t", "\n"}
	rng := rand.New(rand.NewPCG(3, 4))
	var sc1, sc2 scanner
	texts := []string{"", " ", "<", "&", "<b>led</b>", "LED strip", "knife&amp;fork", "li-ion battery<", "Battery&x;pack"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.IntN(40); n > 0; n-- {
			w := vocab[rng.IntN(len(vocab))]
			switch rng.IntN(4) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		texts = append(texts, b.String())
	}
	hitsSeen := 0
	for _, text := range texts {
		for _, html := range []bool{true, false} {
			prior := []hit(nil)
			if len(text)%3 == 0 {
				// Entries already found in the title are not found again.
				prior = m.find(&sc1, "lithium battery knife", false, fieldTitle, nil)
			}
			want := m.find(&sc1, text, html, fieldDescription, append([]hit(nil), prior...))
			got := m.findText(&sc2, text, html, fieldDescription, append([]hit(nil), prior...))
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("html %v, text %q:\nfind     %+v\nfindText %+v", html, text, want, got)
			}
			hitsSeen += len(want) - len(prior)
		}
	}
	if hitsSeen < 10000 {
		t.Fatalf("only %d hits over all texts: the test texts do not exercise the lists", hitsSeen)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
