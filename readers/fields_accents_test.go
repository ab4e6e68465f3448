package readers

import (
	"sync"
	"testing"

	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// sameAsFreshChain fails unless stripAccents(s) is what a transformer of
// its own gives, as NormalizeHeader made one per call.
func sameAsFreshChain(t *testing.T, s string) {
	t.Helper()
	want, _, err := transform.String(transform.Chain(norm.NFD, stripMarks, norm.NFC), s)
	if err != nil {
		want = s
	}
	if got := stripAccents(s); got != want {
		t.Fatalf("stripAccents(%q) = %q, want %q", s, got, want)
	}
}

// TestStripAccents: the shortcut for text without accents and the pooled
// transformers give what a fresh transformer gives, also for text that
// only looks plain (compatibility ideographs, conjoining jamo, a lone
// mark) and from several goroutines at once.
func TestStripAccents(t *testing.T) {
	cases := []string{
		"Référence", "Descripción", "商品编号", "CE认证", "Numéro IDU", "e\u0301", "\u0301",
		"\uf900",                                  // a compatibility ideograph: not in NFD
		"\u1100\u1161", "\u1100\u1161\u11a8", "가", // conjoining jamo compose under NFC
		"Å", "A\u030a", "\u212b", "ﬁ", "Ǆ", "ß", "İ", "ẞ", "ひらがな", "", "plain", "\x82", "caf\xe9", "\ufffd",
	}
	for _, s := range cases {
		sameAsFreshChain(t, s)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				for _, s := range cases {
					sameAsFreshChain(t, s)
				}
			}
		})
	}
	wg.Wait()
}
