package fix

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

func TestCleanSpaces(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Teapot", "Teapot"},
		{"  Ceramic  Teapot ", "Ceramic Teapot"},
		{"Ceramic\tTeapot\r\n900ml", "Ceramic Teapot 900ml"},
		{"Ceramic\u00a0Teapot\u3000Kettle", "Ceramic Teapot Kettle"},
		{"Cera\u200bmic Tea\u00adpot\ufeff", "Ceramic Teapot"},
		{"Robe d'été\u2060 femme", "Robe d'été femme"},
		{"👩\u200d💻 Laptop Sticker", "👩\u200d💻 Laptop Sticker"}, // the joiner of an emoji stays
		{"连衣裙  夏季", "连衣裙 夏季"},
		{"", ""},
		{"   ", ""},
	} {
		if got := CleanSpaces(tc.in); got != tc.want {
			t.Errorf("CleanSpaces(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func runner(t testing.TB) *checks.Runner {
	t.Helper()
	rn, err := checks.NewRunner(nil)
	if err != nil {
		t.Fatal(err)
	}
	return rn
}

func TestDropRepeats(t *testing.T) {
	rn := runner(t)
	for _, tc := range []struct{ in, want string }{
		// The first occurrence stays; every later one goes.
		{"Silicone Phone Case Soft Silicone Case Cover for Galaxy Shockproof Case", "Silicone Phone Case Soft Cover for Galaxy Shockproof"},
		{"Women Dress, Summer Dress, Casual", "Women Dress, Summer Casual"},
		{"Robe été femme Robe longue", "Robe été femme longue"},
		{"Café crème Cafe", "Café crème"}, // accents folded, as the check compares
		{"🔥 Summer Dress Dress 🔥", "🔥 Summer Dress 🔥"},
		{"手机壳 保护套 手机壳", "手机壳 保护套"},
		// Numbers, sizes and model names are never touched.
		{"Grid Puzzle 2 x 2 Grid 2 x 2", "Grid Puzzle 2 x 2 Grid 2 x 2"},
		{"Case for iPhone 14 Pro Max / 13 Pro Max", "Case for iPhone 14 Pro Max / 13 Pro Max"},
		{"Strap 22mm Band 22mm", "Strap 22mm Band 22mm"},
		{"Cable USB Type C to Type C", "Cable USB Type C to Type C"},
		{"USB-C Hub with USB-C Cable", "USB-C Hub with USB-C Cable"},
		// Nothing repeated, nothing to do.
		{"Ceramic Teapot with Infuser", "Ceramic Teapot with Infuser"},
		// Short words and stop words do not count as repeats.
		{"Set of 3 Bowls for Soup and for Salad", "Set of 3 Bowls for Soup and for Salad"},
	} {
		if got := DropRepeats(tc.in, rn.Repeats(tc.in)); got != tc.want {
			t.Errorf("DropRepeats(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCut(t *testing.T) {
	long := "Kids Water Bottle 500ml with Straw BPA Free Leakproof Lid Cartoon Print for School Lunch Box Travel Outdoor Picnic Gift for Boys Girls Toddlers"
	for _, tc := range []struct {
		in   string
		max  int
		want string
		ok   bool
	}{
		{long, 128, "Kids Water Bottle 500ml with Straw BPA Free Leakproof Lid Cartoon Print for School Lunch Box Travel Outdoor Picnic Gift for Boys", true},
		{"Ceramic Teapot", 14, "Ceramic Teapot", true},                            // exactly at the limit
		{"Ceramic Teapot", 13, "Ceramic", true},                                   // one over
		{"Ceramic Teapot with Infuser", 22, "Ceramic Teapot", true},               // never ends on "with"
		{"Ceramic Teapot, Infuser", 17, "Ceramic Teapot", true},                   // nor on a comma
		{"Ceramic Teapot & Infuser", 18, "Ceramic Teapot", true},                  // nor on "&"
		{"Supercalifragilistic Teapot", 10, "Supercalifragilistic Teapot", false}, // the first word alone is too long
		{"Robe été légère fleurie", 15, "Robe été légère", true},                  // characters, not bytes
		{"连衣裙 夏季 女装 雪纺", 8, "连衣裙 夏季", true},
		{"& Teapot Kettle", 9, "& Teapot", true},                       // a sign first: the first word is kept with it
		{"& Supercalifragilistic", 5, "& Supercalifragilistic", false}, // or nothing is cut
		{"🔥🔥 Dress Summer", 9, "🔥🔥 Dress", true},
		{"Case for iPhone 14 Pro Max / 13 Pro Max", 30, "Case for iPhone 14 Pro Max", true},
	} {
		got, ok := Cut(tc.in, tc.max)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Cut(%q, %d) = %q, %v; want %q, %v", tc.in, tc.max, got, ok, tc.want, tc.ok)
		}
		if ok && utf8.RuneCountInString(got) > tc.max {
			t.Errorf("Cut(%q, %d) = %q: %d characters", tc.in, tc.max, got, utf8.RuneCountInString(got))
		}
	}
}

// words are the runs of letters and digits of s, as a buyer reads them.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// isSubsequence reports whether every word of sub is in all, in order.
func isSubsequence(sub, all []string) bool {
	i := 0
	for _, w := range all {
		if i < len(sub) && sub[i] == w {
			i++
		}
	}
	return i == len(sub)
}

// TestTitleProperty runs the property of FuzzTitle on titles made at
// random from words that trouble the fixes: repeats, numbers and sizes,
// model names, connectors, CJK, emoji, accents, punctuation and invisible
// characters.
func TestTitleProperty(t *testing.T) {
	vocab := []string{
		"Case", "case", "Silicone", "iPhone", "14", "13", "Pro", "Max", "/", "2", "x", "22mm", "USB-C",
		"to", "for", "with", "&", ",", "Robe", "été", "Été", "连衣裙", "夏季", "🔥", "👩\u200d💻", "Dress,",
		"Type", "C", "-", "and", "Kids", "Water", "Bottle", "500ml", "\u200b", "\u00a0", "\t", "  ",
		"Supercalifragilisticexpialidocious", "Leak-Proof", "(new)", "Café", "Cafe",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	planners := map[int]*Planner{}
	limits := []int{8, 20, 60, 128}
	for i := range 8000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(vocab[rng.IntN(len(vocab))])
			if rng.IntN(4) > 0 {
				b.WriteByte(' ')
			}
		}
		titleProperty(t, planners, b.String(), limits[i%len(limits)])
	}
}

// titleProperty fails t when the fixes of title break their promise.
func titleProperty(t *testing.T, planners map[int]*Planner, title string, max int) {
	t.Helper()
	p := planners[max]
	if p == nil {
		rules := checks.Default()
		rules.Thresholds.TitleMax = max
		rules.Thresholds.TitleMin = min(rules.Thresholds.TitleMin, max)
		var err error
		if p, err = NewPlanner(Options{Rules: rules}); err != nil {
			t.Fatal(err)
		}
		planners[max] = p
	}
	fs := []checks.Finding{{Check: checks.TitleTooLong.ID}, {Check: checks.TitleDuplicateWords.ID}}
	cs := p.Title(readers.Pos{Row: 2, Col: 1}, title, fs)
	if len(cs) == 0 {
		return
	}
	after := cs[len(cs)-1].After
	orig := words(CleanSpaces(title))
	got := words(after)
	if !isSubsequence(got, orig) {
		t.Fatalf("%q -> %q: words %q are not words of %q in order", title, after, got, orig)
	}
	if len(orig) > 0 && (len(got) == 0 || got[0] != orig[0]) {
		t.Fatalf("%q -> %q: first word %q lost", title, after, orig[0])
	}
	if cs[len(cs)-1].Action == ActionCutTitle && utf8.RuneCountInString(after) > max {
		t.Fatalf("%q -> %q: %d characters, limit %d", title, after, utf8.RuneCountInString(after), max)
	}
}

// FuzzTitle checks the promise of the title fixes on any title: the fixed
// title is at most the limit once it was cut, is made of the words of the
// (cleaned) original in their order, and keeps its first word.
func FuzzTitle(f *testing.F) {
	for _, s := range []string{
		"Kids Water Bottle 500ml with Straw BPA Free Leakproof Lid Cartoon Print for School Lunch Box Travel Outdoor Picnic Gift for Boys Girls Toddlers",
		"Case for iPhone 14 Pro Max / 13 Pro Max Case Case",
		"Grid 2 x 2 Grid 2 x 2",
		"  Robe  été\u200b Robe été longue  ",
		"连衣裙 夏季 连衣裙 女装",
		"🔥 Dress, Dress; Dress 🔥",
		"",
		"a",
	} {
		f.Add(s, 20)
		f.Add(s, 128)
	}
	planners := map[int]*Planner{} // one per limit: compiling the rules takes milliseconds
	f.Fuzz(func(t *testing.T, title string, max int) {
		if max < 1 || max > 500 || !utf8.ValidString(title) {
			t.Skip()
		}
		titleProperty(t, planners, title, max)
	})
}

func TestShorten(t *testing.T) {
	filler := [][]string{{"free", "shipping"}, {"hot"}, {"new"}, {"2024"}, {"high", "quality"}, {"livraison", "gratuite"}, {"包邮"}}
	for _, tc := range []struct {
		in, want string
		max      int
		dropped  []string
	}{
		// Filler goes from the end until the title fits.
		{"Ceramic Teapot Infuser Free Shipping 2024", "Ceramic Teapot Infuser Free Shipping", 36, []string{"2024"}},
		{"Ceramic Teapot Infuser Free Shipping 2024", "Ceramic Teapot Infuser", 24, []string{"free shipping", "2024"}},
		// A single filler word in front of a product word stays.
		{"Electric Hot Water Bottle High Quality", "Electric Hot Water Bottle", 26, []string{"high quality"}},
		{"Electric Hot Water Bottle New Hot", "Electric Hot Water Bottle", 26, []string{"new"}}, // "Hot" again is a repeat
		// The first word stays, filler or not.
		{"New Ceramic Teapot Free Shipping", "New Ceramic Teapot", 20, []string{"free shipping"}},
		// Later repeats go first, never the first occurrence.
		{"Teapot Ceramic Teapot Kettle", "Teapot Ceramic Kettle", 22, nil},
		// Nor a repeat in a model name.
		{"Case iPhone 14 Pro Max 13 Pro Max", "Case iPhone 14 Pro Max 13 Pro Max", 20, nil},
		{"Robe d'été Livraison Gratuite fleurie", "Robe d'été fleurie", 20, []string{"livraison gratuite"}},
		{"连衣裙 夏季 包邮", "连衣裙 夏季", 6, []string{"包邮"}},
		// Fits already: nothing dropped.
		{"Teapot Free Shipping", "Teapot Free Shipping", 40, nil},
	} {
		got, dropped := Shorten(tc.in, tc.max, filler)
		if got != tc.want || !slices.Equal(dropped, tc.dropped) {
			t.Errorf("Shorten(%q, %d) = %q, %q; want %q, %q", tc.in, tc.max, got, dropped, tc.want, tc.dropped)
		}
	}
}

func TestCleanText(t *testing.T) {
	for _, tc := range []struct{ in, lines, edges string }{
		{"  Acme\u200b  Tools ", "Acme Tools", "Acme  Tools"},
		{"Home >  Kitchen\n  Teapots\t", "Home > Kitchen\nTeapots", "Home >  Kitchen\n  Teapots"},
		{"Home\r\n\r\nKitchen", "Home\r\nKitchen", "Home\r\n\r\nKitchen"},
		{"\u00ad\u2060", "", ""},
		{"FR234567_01AB", "FR234567_01AB", "FR234567_01AB"},
	} {
		if got := CleanLines(tc.in); got != tc.lines {
			t.Errorf("CleanLines(%q) = %q, want %q", tc.in, got, tc.lines)
		}
		if got := CleanEdges(tc.in); got != tc.edges {
			t.Errorf("CleanEdges(%q) = %q, want %q", tc.in, got, tc.edges)
		}
	}
}
