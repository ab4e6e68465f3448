package checks

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aecheck/aecheck/readers"
)

// TestASCIIWordEnd compares asciiWordEnd with a byte-by-byte scan, for
// every byte value at every position of a word, and on random texts.
func TestASCIIWordEnd(t *testing.T) {
	slow := func(text string, i int) int {
		for i < len(text) && asciiWord[text[i]] {
			i++
		}
		return i
	}
	word := []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
	for pos := 0; pos < 20; pos++ {
		for c := 0; c < 256; c++ {
			b := append([]byte(nil), word[:24]...)
			b[pos] = byte(c)
			for start := 0; start <= pos; start++ {
				if got, want := asciiWordEnd(string(b), start), slow(string(b), start); got != want {
					t.Fatalf("byte %#x at %d, from %d: %d, want %d", c, pos, start, got, want)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = byte(rng.IntN(256))
			} else {
				b[i] = word[rng.IntN(len(word))]
			}
		}
		for start := 0; start <= len(b); start++ {
			if got, want := asciiWordEnd(string(b), start), slow(string(b), start); got != want {
				t.Fatalf("%q from %d: %d, want %d", b, start, got, want)
			}
		}
	}
}

// FuzzFindText: on any text, the in-place ASCII matching finds what the
// reference finds (every phrase of a first word, looked up in a map, over
// the folded words).
func FuzzFindText(f *testing.F) {
	for _, s := range []string{"", "lithium battery", "<p>LED strip &amp; Knife</p>", "Théière lithium", "for sale: pepper spray 50ml", "x\x80y", "a<b>c&d;e"} {
		f.Add(s, true)
	}
	r, err := NewRunner(nil)
	if err != nil {
		f.Fatal(err)
	}
	_, _, compiled := compiledDefault(f)
	plain := *compiled.m
	plain.flat = true
	f.Fuzz(func(t *testing.T, text string, html bool) {
		var sc1, sc2 scanner
		want := plain.find(&sc1, text, html, fieldDescription, nil)
		got := r.m.findText(&sc2, text, html, fieldDescription, nil)
		if len(want) != len(got) {
			t.Fatalf("%q: findText %+v, want %+v", text, got, want)
		}
		for i := range want {
			if want[i] != got[i] {
				t.Fatalf("%q: findText %+v, want %+v", text, got, want)
			}
		}
	})
}

// TestWordHashAt: wordHashAt gives wordHash of every slice of random texts,
// short words read in one load included.
func TestWordHashAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 5000 {
		b := make([]byte, rng.IntN(30))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		text := string(b)
		for s := 0; s <= len(text); s++ {
			for e := s; e <= len(text); e++ {
				want := wordHash(text[s:e])
				if got := wordHashAt(text, s, e); got != want {
					t.Fatalf("%q[%d:%d]: %#x, want %#x", text, s, e, got, want)
				}
				if got := wordHashAt(b, s, e); got != want {
					t.Fatalf("[]byte %q[%d:%d]: %#x, want %#x", text, s, e, got, want)
				}
			}
		}
	}
}

// TestHashWords: the hashes tokens keep are those of its words whatever
// the order of add, hashWords and reset, and the repeated words of a title
// are the same whether find hashed it (list checks on) or not.
func TestHashWords(t *testing.T) {
	var tk tokens
	check := func(what string) {
		t.Helper()
		hs := tk.hashWords()
		if len(hs) != len(tk.spans) {
			t.Fatalf("%s: %d hashes for %d words", what, len(hs), len(tk.spans))
		}
		for i, sp := range tk.spans {
			if want := wordHash(tk.buf[sp.s:sp.e]); hs[i] != want {
				t.Fatalf("%s: word %d %q: %#x, want %#x", what, i, tk.buf[sp.s:sp.e], hs[i], want)
			}
		}
	}
	tk.add("Red Cotton DRESS dress", false)
	check("one text")
	tk.add("Été café Dress", false)
	check("a second text added")
	tk.reset()
	tk.add("Lamp", false)
	check("after reset")

	rules := Default()
	rules.Checks = map[string]CheckRule{}
	for _, c := range All {
		if c.ID != TitleDuplicateWords.ID {
			off := true
			rules.Checks[c.ID] = CheckRule{Off: &off}
		}
	}
	alone, all := mustRunner(t, rules), mustRunner(t, nil)
	if alone.needLists || !all.needLists {
		t.Fatal("the two runners should differ in list checks")
	}
	for _, title := range []string{"Dress Red Dress red DRESS", "Lamp LED lamp desk Lamp led", "Été été ETE", "Robe robe"} {
		l := []readers.Listing{{Title: title, ProductID: "1"}}
		a, b := alone.Listings(l), all.Listings(l)
		var ma, mb []string
		for _, f := range a {
			ma = append(ma, f.Message)
		}
		for _, f := range b {
			if f.Check == TitleDuplicateWords.ID {
				mb = append(mb, f.Message)
			}
		}
		if len(ma) == 0 || !slices.Equal(ma, mb) {
			t.Errorf("%q: alone %q, with the list checks %q", title, ma, mb)
		}
	}
}

// TestTokensLowerASCII: every ASCII letter and digit, in runs of every
// length, comes out of tokens.add as strings.ToLower gives it.
func TestTokensLowerASCII(t *testing.T) {
	var alnum []byte
	for c := 0; c < 128; c++ {
		if asciiWord[c] {
			alnum = append(alnum, byte(c))
		}
	}
	if len(alnum) != 62 {
		t.Fatalf("%d ASCII letters and digits", len(alnum))
	}
	var tk tokens
	for n := 1; n <= 20; n++ {
		for off := 0; off < len(alnum); off++ {
			w := make([]byte, n)
			for k := range w {
				w[k] = alnum[(off+k*7)%len(alnum)]
			}
			tk.reset()
			tk.add("("+string(w)+") x", false)
			if got, want := tk.word(0), strings.ToLower(string(w)); len(tk.spans) != 2 || got != want {
				t.Fatalf("%q: words %q, want %q first", w, tk.words(), want)
			}
		}
	}
}

// TestRuneCount: runeCount counts as utf8.RuneCountInString does, with the
// first byte that is not ASCII at every position (invalid bytes included).
func TestRuneCount(t *testing.T) {
	for _, odd := range []string{"é", "茶", "\xff", "\xe2\x82", "🫖", "\x80\x80"} {
		for pos := 0; pos <= 20; pos++ {
			s := strings.Repeat("a", pos) + odd + strings.Repeat("b", 20-pos)
			if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
				t.Fatalf("%q: %d, want %d", s, got, want)
			}
		}
	}
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi", strings.Repeat("x", 129)} {
		if got := runeCount(s); got != len(s) {
			t.Fatalf("%q: %d, want %d", s, got, len(s))
		}
	}
}

func TestHashRepeats(t *testing.T) {
	for _, c := range []struct {
		hs   []uint64
		want bool
	}{
		{nil, false},
		{[]uint64{7}, false},
		{[]uint64{1, 2, 3, 4}, false},
		{[]uint64{1, 2, 3, 1}, true},
		{[]uint64{5, 9, 9}, true},
		{[]uint64{4, 4}, true},
		// Same top bits, different hashes: the filter alone would say yes.
		{[]uint64{1 << 60, 1<<60 | 1, 1<<60 | 2}, false},
		{[]uint64{1 << 60, 7, 1<<60 | 1, 7}, true},
	} {
		if got := hashRepeats(c.hs); got != c.want {
			t.Errorf("hashRepeats(%v) = %v, want %v", c.hs, got, c.want)
		}
		if got := hashRepeatsPairwise(c.hs); got != c.want {
			t.Errorf("hashRepeatsPairwise(%v) = %v, want %v", c.hs, got, c.want)
		}
	}
}

// TestTokensAcrossAdds: texts added one after the other, with no reset and
// from an empty buffer, give the words each gives alone, in order, whatever
// the folding does to their length (ß and Æ fold to two letters, 茶 stays
// three bytes), and the key bytes hasher.tokens makes of them.
func TestTokensAcrossAdds(t *testing.T) {
	parts := []string{"Straße", "ÆON", "Red", "x", "café", "茶壶", "<b>Bold</b>", "&amp;Co", "ĦOTEL", "LED2024", "ŉ", "Strap", "for", "Women"}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 500; n++ {
		var texts []string
		for range 1 + rng.IntN(4) {
			var b strings.Builder
			for range rng.IntN(12) {
				b.WriteString(parts[rng.IntN(len(parts))])
				b.WriteString([]string{" ", "", "-", "  ", "é"}[rng.IntN(5)])
			}
			texts = append(texts, b.String())
		}
		html := n%2 == 1
		var all tokens
		var want, wantCJK []string
		for _, s := range texts {
			var one tokens
			one.add(s, html)
			want = append(want, one.words()...)
			for _, sp := range one.cjk {
				wantCJK = append(wantCJK, string(one.buf[sp.s:sp.e]))
			}
			all.add(s, html)
		}
		var gotCJK []string
		for _, sp := range all.cjk {
			gotCJK = append(gotCJK, string(all.buf[sp.s:sp.e]))
		}
		if got := all.words(); !slices.Equal(got, want) || !slices.Equal(gotCJK, wantCJK) {
			t.Fatalf("%q: words %q and runs %q, want %q and %q", texts, got, gotCJK, want, wantCJK)
		}
		// The key hasher.tokens writes: the words, then the runs, each
		// followed by a space (taken whole from buf when there is no run).
		var h hasher
		h.tokens(&all)
		if wantKey := strings.Join(append(want, wantCJK...), " ") + " "; len(want)+len(wantCJK) == 0 && len(h.buf) != 0 || len(want)+len(wantCJK) > 0 && string(h.buf) != wantKey {
			t.Fatalf("%q: key %q, want %q", texts, h.buf, wantKey)
		}
	}
}

// TestHashRepeatsRandom: the filter and the pairwise comparison agree on
// random word hashes, with and without repeats, short and long lists.
func TestHashRepeatsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for n := 0; n < 5000; n++ {
		hs := make([]uint64, rng.IntN(80))
		for i := range hs {
			hs[i] = rng.Uint64()
			if rng.IntN(4) == 0 {
				hs[i] &= 0xFFC0000000000000 | uint64(rng.IntN(3)) // crowd the top bits
			}
		}
		if len(hs) > 1 && n%3 == 0 {
			hs[rng.IntN(len(hs))] = hs[rng.IntN(len(hs))]
		}
		if got, want := hashRepeats(hs), hashRepeatsPairwise(hs); got != want {
			t.Fatalf("%x: filter %v, pairwise %v", hs, got, want)
		}
	}
}

// TestAddASCIIMatchesAddFrom: add, which takes the leading ASCII part of a
// text in addASCII's tight loop, gives the buffer, words, runs and source
// spans that the general loop alone (addFrom from 0) gives, on texts that
// turn non-ASCII at a word's start, in its middle, at its end and between
// words, and after earlier adds.
func TestAddASCIIMatchesAddFrom(t *testing.T) {
	parts := []string{"Red", "LED2024", "x", "WaterProof", "ABCDEFGH", "Rechargeable12", "café", "Straße", "ÆON", "茶壶", "e\u0301t\u00e9", "…", "“Bold”", "9", "for", "WOMEN", "ŉ", "\xff", "a\u0300",
		"Rechargeablé", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "Waterproofcafé", "Stainless2Steel", "LongWordsRunOnX"}
	seps := []string{" ", "", "-", "  ", "é", ",", "\t", "…"}
	rng := rand.New(rand.NewPCG(11, 12))
	var got, want tokens
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(parts[rng.IntN(len(parts))])
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		s := b.String()
		if n%3 != 0 { // sometimes after an earlier add
			got.reset()
			want.reset()
		}
		got.add(s, false)
		want.addFrom(s, false, 0)
		if string(got.buf) != string(want.buf) || !slices.Equal(got.spans, want.spans) || !slices.Equal(got.src, want.src) ||
			!slices.Equal(got.cjk, want.cjk) || !slices.Equal(got.csrc, want.csrc) {
			t.Fatalf("%q: add gives buf %q spans %v src %v cjk %v csrc %v; addFrom gives %q %v %v %v %v",
				s, got.buf, got.spans, got.src, got.cjk, got.csrc, want.buf, want.spans, want.src, want.cjk, want.csrc)
		}
		// The hashes addASCII worked out are the words' wordHashAt.
		if len(got.hashes) > len(got.spans) {
			t.Fatalf("%q: %d hashes for %d words", s, len(got.hashes), len(got.spans))
		}
		for k, h := range got.hashes {
			if sp := got.spans[k]; h != wordHashAt(got.buf, int(sp.s), int(sp.e)) {
				t.Fatalf("%q: hash of word %d (%q) is %x, want %x", s, k, got.word(k), h, wordHashAt(got.buf, int(sp.s), int(sp.e)))
			}
		}
		if n%5 == 0 {
			if !slices.Equal(got.hashWords(), want.hashWords()) {
				t.Fatalf("%q: hashWords differ", s)
			}
		}
	}
}

// TestNotAlnum8: every byte value, at every place of the eight, and random
// words, give the high bit of a byte exactly where asciiWord says the byte
// is not a letter or digit.
func TestNotAlnum8(t *testing.T) {
	want := func(x uint64) uint64 {
		var w uint64
		for i := 0; i < 8; i++ {
			if !asciiWord[byte(x>>(8*i))] {
				w |= 0x80 << (8 * i)
			}
		}
		return w
	}
	for b := 0; b < 256; b++ {
		for i := 0; i < 8; i++ {
			for _, fill := range []uint64{0, 0x6161616161616161, 0xffffffffffffffff, 0x3939393939393939} {
				x := fill&^(0xff<<(8*i)) | uint64(b)<<(8*i)
				if got := notAlnum8(x); got != want(x) {
					t.Fatalf("notAlnum8(%#016x) = %#016x, want %#016x", x, got, want(x))
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200000 {
		x := rng.Uint64()
		if got := notAlnum8(x); got != want(x) {
			t.Fatalf("notAlnum8(%#016x) = %#016x, want %#016x", x, got, want(x))
		}
	}
}
