package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

var trickyStrings = []string{
	"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f", "<a href='x'>&amp;</a>",
	"naïve 茶壶 Ω", "line\u2028sep\u2029", "bad \xff\xfe utf-8", "\xe2\x82", "=HYPERLINK(\"x\")", "emoji 🫖",
}

func TestAppendMatchesEncoder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return trickyStrings[rnd.IntN(len(trickyStrings))] }
	num := func() int { return []int{0, 1, 7, 26, 27, 702, 703, 16384, 16385, 1048576, 1048577, -3}[rnd.IntN(12)] }
	pos := func() readers.Pos {
		return readers.Pos{File: pick(), Sheet: []string{"", "Items", pick()}[rnd.IntN(3)], Row: num(), Col: num(), Line: num(), Field: pick()}
	}
	fs := testFindings()
	for i := 0; i < 3000; i++ {
		f := checks.Finding{Check: pick(), Severity: checks.Severity(rnd.IntN(5)), Pos: pos(), Shop: pick(), Entity: pick(), Value: pick(), Message: pick(), Fix: pick()}
		if rnd.IntN(2) == 0 {
			f.Ref = pos()
		}
		if rnd.IntN(3) == 0 {
			list := func() []string { return []string{pick(), pick()}[:rnd.IntN(3)] }
			f.Evidence = &checks.Evidence{Class: []string{"", pick()}[rnd.IntN(2)], Entry: []string{"", pick()}[rnd.IntN(2)],
				Terms: list(), Groups: list(), MissingColumn: []string{"", "rep"}[rnd.IntN(2)], Assumed: list()}
		}
		fs = append(fs, f)
	}
	floats := []float64{0, 1, -1, 0.1, 1.0 / 3, 1e-7, 1.5e-9, 1e20, 1e21, 123456789.125, math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, math.MaxFloat64, -2.5e-300}
	ms := testMetrics()
	for i := 0; i < 3000; i++ {
		f := func() float64 { return floats[rnd.IntN(len(floats))] }
		status := func() string { return []string{pick(), checks.StatusNoData}[rnd.IntN(2)] }
		ms = append(ms, checks.Metric{Shop: pick(), Scope: status(), Key: pick(), Name: status(), WindowDays: num(), Numerator: f(), Denominator: f(), Value: f() * rnd.Float64(), Status: status(), Note: pick()})
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	var a jsonAppender
	for i := range fs {
		a.lang = []string{"", "en", "fr", "zh"}[i%4]
		want.Reset()
		if err := enc.Encode(wireFinding(&fs[i], a.lang)); err != nil {
			t.Fatal(err)
		}
		if got := a.appendFinding(nil, &fs[i]); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("finding %+v:\n got %s\nwant %s", fs[i], got, want.Bytes())
		}
	}
	for i := range ms {
		a.lang = []string{"", "es", "zh"}[i%3]
		want.Reset()
		if err := enc.Encode(wireMetric(&ms[i], a.lang)); err != nil {
			t.Fatal(err)
		}
		if got := a.appendMetric(nil, &ms[i]); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("metric %+v:\n got %s\nwant %s", ms[i], got, want.Bytes())
		}
		// The same values as a product record.
		m := &ms[i]
		n := int64(m.WindowDays)
		p := checks.ProductMetrics{Shop: m.Shop, Product: m.Key, WindowDays: m.WindowDays, Orders: n, NR: n / 2, SNAD: -n,
			NRRate: m.Numerator, NRStatus: m.Status, SNADRate: m.Denominator, SNADStatus: m.Scope,
			RatingCount: n * 3, RatingSum: n * 7, Rating: m.Value, RatingStatus: m.Name, DescribedWrongly: m.Status, Note: m.Note}
		want.Reset()
		if err := enc.Encode(wireProduct(&p, a.lang)); err != nil {
			t.Fatal(err)
		}
		if got := a.appendProduct(nil, &p); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("product %+v:\n got %s\nwant %s", p, got, want.Bytes())
		}
	}
}

// FuzzStrMatchesEncoder: the hand-written string escaping gives the bytes
// of encoding/json (SetEscapeHTML(false)) for any string.
func FuzzStrMatchesEncoder(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
		f.Add("eight ok" + s + "0123456789abcdef\x1f" + s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		var a jsonAppender
		if got := a.str(nil, s); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte{'\n'})) {
			t.Fatalf("%q: got %s, want %s", s, got, want.Bytes())
		}
	})
}

// TestPlain8 tries every byte value at every position of an otherwise
// plain word.
func TestPlain8(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			want := c >= 0x20 && c < 0x80 && c != '"' && c != '\\'
			if got := plain8(string(w)); got != want {
				t.Fatalf("byte %#x at %d: plain8 %v, want %v", c, pos, got, want)
			}
		}
	}
}

// TestSharedMatchesStr: the memo of escaped strings gives the bytes str
// gives, for strings that come back (the same memory), strings that start at
// the same address with another length, equal text in other memory, and more
// strings than the memo holds.
func TestSharedMatchesStr(t *testing.T) {
	long := `the product is sold in France and needs a REP identifier (IDU) for: textiles ("Apparel")` + "\t\u2028 naïve \xff"
	var strs []string
	for n := 1; n <= len(long); n += 7 {
		strs = append(strs, long[:n], long[len(long)-n:]) // same start, other lengths
	}
	// Strings from the same address whose lengths share a slot of the
	// memo (there are more lengths than slots, so some must).
	longer := strings.Repeat(long, 3)
	bySlot := map[int]string{}
	for n := 4; n <= len(longer); n++ {
		k := memoSlot(unsafe.StringData(longer), n)
		if prev, ok := bySlot[k]; ok {
			strs = append(strs, prev, longer[:n])
			continue
		}
		bySlot[k] = longer[:n]
	}
	for i := 0; i < 200; i++ {
		strs = append(strs, strings.Repeat(trickyStrings[i%len(trickyStrings)]+"x", 90)[:32+i%50])
	}
	strs = append(strs, strings.Clone(long), long)
	rnd := rand.New(rand.NewPCG(3, 4))
	var a, ref jsonAppender
	var hits int
	for i := 0; i < 20000; i++ {
		s := strs[rnd.IntN(len(strs))]
		if i%3 == 0 {
			s = strs[i%5] // a few strings come back often, as messages do
		}
		e := &a.memo[memoSlot(unsafe.StringData(s), len(s))]
		if e.src == s && unsafe.StringData(e.src) == unsafe.StringData(s) {
			hits++
		}
		got, want := a.shared([]byte("x"), s), ref.str([]byte("x"), s)
		if !bytes.Equal(got, want) {
			t.Fatalf("%q: shared %s, str %s", s, got, want)
		}
	}
	if hits < 5000 {
		t.Errorf("the memo served %d of 20000 strings; the ones that come back should be served from it", hits)
	}
}
