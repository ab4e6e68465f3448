package checks

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/internal/recognize"
)

// compiledDefault compiles the default lists and recognition data at
// start, as a Runner does when recognition.bin does not hold them.
func compiledDefault(t testing.TB) (*recognize.Config, [numLists][]ListEntry, *recognizer) {
	t.Helper()
	cfg := recognize.Merge(defaultRecognition(), nil)
	lists := Default().lists()
	rc, err := newRecognizer(cfg, lists)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, lists, rc
}

// TestPrecompiled: recognition.bin is the default data compiled, byte for
// byte; -update writes it again after classes.yaml, categories.csv or the
// default lists changed. Decoded, it gives the matcher and recognizer that
// compiling gives, and a default Runner uses it.
func TestPrecompiled(t *testing.T) {
	cfg, lists, want := compiledDefault(t)
	b, err := encodePrecompiled(&lists, want.m)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("recognition.bin", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(b) != recognitionBin {
		t.Fatal("recognition.bin is not the embedded recognition data and default lists compiled: run go test ./checks -run TestPrecompiled -update")
	}
	p := precompiled(&lists)
	if p == nil {
		t.Fatal("a Runner of the default rules does not start from recognition.bin")
	}
	got, err := buildRecognizer(p.cfg, lists, p.m)
	if err != nil {
		t.Fatal(err)
	}
	sameMatcher(t, got.m, want.m)
	got.m, want.m = nil, nil
	if !reflect.DeepEqual(got.classes, want.classes) ||
		got.electrical != want.electrical || got.electronics != want.electronics || got.batteries != want.batteries {
		t.Error("the recognizer built from recognition.bin differs from the one compiled")
	}
	for _, c := range cfg.Categories {
		path := "Home & Garden > " + c.Phrase
		if g, w := got.cats.Classify(path), want.cats.Classify(path); g != w {
			t.Errorf("category %q: %+v, want %+v", path, g, w)
		}
	}
	if rn := mustRunner(t, nil); rn.m != p.m {
		t.Error("NewRunner(nil) compiled the default data instead of using recognition.bin")
	}
}

// sameMatcher fails unless got finds what want finds: the same phrases and
// the same word table (laid out in the order of the words).
func sameMatcher(t *testing.T, got, want *matcher) {
	t.Helper()
	if !reflect.DeepEqual(got.owners, want.owners) || !reflect.DeepEqual(got.phrases, want.phrases) ||
		!reflect.DeepEqual(got.cjk, want.cjk) || got.firstBits != want.firstBits || got.listBits != want.listBits {
		t.Fatal("owners, phrases, CJK phrases, first-word or list bits differ")
	}
	if !reflect.DeepEqual(got.words, want.words) {
		t.Fatal("the word tables differ")
	}
}

// TestPrecompiledNotUsed: rules that change a list or the recognition data
// compile them at start, and what they add is found.
func TestPrecompiledNotUsed(t *testing.T) {
	for _, c := range []struct{ name, rules, title string }{
		{"a prohibited term", "lists:\n  prohibited:\n    - id: zorblax\n      terms: {en: [zorblax]}\n", "Zorblax Deluxe"},
		{"a promo word", "promo_words: [zorbpromo]\n", "Zorbpromo Kettle"},
		{"a class", "recognition:\n  classes:\n    - id: zorb\n      terms: {en: [zorbmachine]}\n", "Zorbmachine 2000"},
	} {
		rn := mustRunner(t, mustParse(t, c.rules))
		if p := decodedPrecompiled(); p != nil && rn.m == p.m {
			t.Errorf("%s: the runner uses recognition.bin", c.name)
		}
		var sc scanner
		sc.tk.add(c.title, false)
		if ms := rn.m.scan(&sc.tk, nil); len(ms) == 0 {
			t.Errorf("%s: %q finds nothing", c.name, c.title)
		}
	}
}

// TestDecodePrecompiledDamaged: a cut or altered file is refused, never a
// panic or a matcher that indexes past its phrases.
func TestDecodePrecompiledDamaged(t *testing.T) {
	if _, err := decodePrecompiled(recognitionBin); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 10, len(precompiledMagic) + 8, len(recognitionBin) / 2, len(recognitionBin) - 1} {
		if _, err := decodePrecompiled(recognitionBin[:n]); err == nil {
			t.Errorf("cut at %d bytes: no error", n)
		}
	}
	if _, err := decodePrecompiled(strings.Replace(recognitionBin, "aecheck", "xecheck", 1)); err == nil {
		t.Error("wrong magic: no error")
	}
}

func FuzzDecodePrecompiled(f *testing.F) {
	f.Add(recognitionBin[:4096])
	f.Add(precompiledMagic + strings.Repeat("\xff", 40))
	f.Fuzz(func(t *testing.T, data string) {
		decodePrecompiled(data)
	})
}

func BenchmarkNewRunner(b *testing.B) {
	b.Run("precompiled", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			mustRunner(b, nil)
		}
	})
	b.Run("compiled", func(b *testing.B) {
		r := mustParse(b, "promo_words: [zorbpromo]\n")
		b.ReportAllocs()
		for b.Loop() {
			mustRunner(b, r)
		}
	})
}

func BenchmarkDecodePrecompiled(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodePrecompiled(recognitionBin); err != nil {
			b.Fatal(err)
		}
	}
}
