package checks

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestFindTextMatchesFind: the in-place ASCII matching of descriptions, and
// the matcher with its word table and second-word index, find what a scan
// of every phrase of a first word (a map look-up) finds, in the same order,
// on texts made of
// the default lists' own words (terms, plurals, exceptions) in any case,
// with markup, entities and punctuation between them.
func TestFindTextMatchesFind(t *testing.T) {
	r, err := NewRunner(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := r.m
	// plain tries every phrase of a first word, found in a map, without the
	// word table and its second-word index: the reference, compiled at
	// start where m comes from recognition.bin.
	_, _, compiled := compiledDefault(t)
	plain := *compiled.m
	plain.flat = true
	if len(compiled.m.second) == 0 {
		t.Fatal("no first word starts enough phrases to be indexed by the second")
	}
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
	texts := []string{"", " ", "<", "&", "<b>led</b>", "LED strip", "knife&amp;fork", "li-ion battery<", "Battery&x;pack",
		// Not ASCII: in a word, after a word, inside markup only, in an entity.
		"Théière en fonte, lithium battery", "lithium battery é", "<img alt=\"théière\">lithium battery", "&eacute;lithium battery &é;"}
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
			want := plain.find(&sc1, text, html, fieldDescription, append([]hit(nil), prior...))
			if got := m.find(&sc2, text, html, fieldDescription, append([]hit(nil), prior...)); !reflect.DeepEqual(want, got) {
				t.Fatalf("html %v, text %q:\nall phrases %+v\nfind        %+v", html, text, want, got)
			}
			if got := m.findText(&sc2, text, html, fieldDescription, append([]hit(nil), prior...)); !reflect.DeepEqual(want, got) {
				t.Fatalf("html %v, text %q:\nall phrases %+v\nfindText    %+v", html, text, want, got)
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

// BenchmarkDescription matches 1.5 KB HTML descriptions, with find and with
// findText. It cycles through 64 descriptions of the same words in random
// order: one text repeated would let the branch predictor learn it, which
// flatters the word scanning.
func BenchmarkDescription(b *testing.B) {
	r, err := NewRunner(nil)
	if err != nil {
		b.Fatal(err)
	}
	words := strings.Fields("durable stainless steel bottle keeps drinks cold for 24 hours and hot for 12 hours leak proof lid wide mouth easy to clean dishwasher safe BPA free perfect for gym office travel hiking camping cycling school includes carry handle and spare seal available in six colours gift box included")
	rng := rand.New(rand.NewPCG(9, 10))
	texts := make([]string, 64)
	size := 0
	for k := range texts {
		var d strings.Builder
		d.WriteString("<p>")
		for d.Len() < 1500 {
			d.WriteString(words[rng.IntN(len(words))])
			d.WriteByte(' ')
		}
		d.WriteString("</p><ul><li>Material: steel</li></ul>")
		texts[k] = d.String()
		size += d.Len()
	}
	for _, c := range []struct {
		name string
		fn   func(*scanner, string, bool, field, []hit) []hit
	}{{"find", r.m.find}, {"findText", r.m.findText}} {
		b.Run(c.name, func(b *testing.B) {
			var sc scanner
			b.SetBytes(int64(size / len(texts)))
			k := 0
			for b.Loop() {
				c.fn(&sc, texts[k%len(texts)], true, fieldDescription, nil)
				k++
			}
		})
	}
}

// BenchmarkTokenize splits 256 different product titles into folded words,
// as the title checks and find do for every listing.
func BenchmarkTokenize(b *testing.B) {
	adjectives := strings.Split("Portable,Waterproof,Wireless,Stainless Steel,Foldable,Vintage,Ultralight,Ergonomic,Magnetic,Adjustable,Rechargeable,Handmade,Premium,Compact,Non Slip", ",")
	nouns := strings.Split("Water Bottle,Phone Holder,Desk Lamp,Backpack,Yoga Mat,Watch Strap,Coffee Mug,Sun Hat,Plant Pot,Cutting Board,Tote Bag,Hair Clip,Bike Light,Wallet,Towel Set", ",")
	uses := strings.Split("for Women,for Men,for Kids,for Car,for Office,for Camping,for Kitchen,for Bedroom Decor,with LED Light,2024 New", ",")
	rng := rand.New(rand.NewPCG(3, 4))
	titles := make([]string, 256)
	size := 0
	for i := range titles {
		titles[i] = adjectives[rng.IntN(len(adjectives))] + " " + nouns[rng.IntN(len(nouns))] + " " + uses[rng.IntN(len(uses))] + ", Gift Box Included - Model " + strconv.Itoa(rng.IntN(9973))
		size += len(titles[i])
	}
	var tk tokens
	b.SetBytes(int64(size / len(titles)))
	k := 0
	for b.Loop() {
		tk.reset()
		tk.add(titles[k%len(titles)], false)
		k++
	}
}

// TestLookupByHash: a word under eight bytes is found in the word table by
// its hash and length alone (wordEntry.byHash); the table gives, for every
// first word of the lists in three cases and for same-length words one
// byte away from them (another letter, the other case of a digit's byte,
// a byte that is not ASCII), what the map of first words says. A word is
// what the tokenizer cuts: ASCII letters and digits, and bytes of letters
// that are not ASCII.
func TestLookupByHash(t *testing.T) {
	r, err := NewRunner(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := r.m
	// The map of first words of the same data compiled at start (m comes
	// from recognition.bin, which keeps only the table).
	_, _, compiled := compiledDefault(t)
	byHash := 0
	tb := &m.words
	for _, sl := range tb.slots[:tb.mask+1] {
		if sl == 0 {
			continue
		}
		e := &tb.entries[uint32(sl)-1]
		if e.n&entryByHash != 0 {
			byHash++
		}
		w := tb.word(e)
		tries := []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]}
		for i := 0; i < len(w); i++ {
			for _, c := range []byte{'a', 'z', '0', '9', w[i] ^ 0x20, w[i] ^ 0x01, 0xC3} {
				tries = append(tries, w[:i]+string([]byte{c})+w[i+1:])
			}
		}
		for _, s := range tries {
			if !isWord(s) {
				continue // lookup is given words as the tokenizer cuts them
			}
			got := lookup(tb, 0, tb.mask, wordHash(s), s)
			want, ok := compiled.m.first[strings.ToLower(s)]
			if g := compiled.m.second[strings.ToLower(s)]; g != nil {
				want = g.one
			}
			if ok != (got != nil) || ok && !slices.Equal(entryPhrases(tb, got), want) {
				t.Fatalf("%q (entry %q): table gives %+v, map %v (%v)", s, w, got, want, ok)
			}
		}
	}
	if byHash < 100 {
		t.Fatalf("only %d entries are looked up by hash", byHash)
	}
}

// isWord reports whether s could be a word of the tokenizer: no ASCII
// byte but letters and digits.
func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 && !asciiWord[c] {
			return false
		}
	}
	return true
}

// word returns the word of e.
func (t *wordTable) word(e *wordEntry) string { return t.arena[e.word : e.word+uint32(e.n&wordLen)] }

// entryPhrases returns the phrases of e: of one word only for a word
// indexed by its second word.
func entryPhrases(t *wordTable, e *wordEntry) []int32 {
	var cs []cand
	switch {
	case e.n&entryOne != 0:
		return []int32{int32(e.cands)}
	case e.n&entryNext != 0:
		nx := &t.nexts[e.cands]
		cs = t.cands[nx.one : nx.one+nx.nones]
	default:
		cs = t.cands[e.cands : e.cands+uint32(e.ncand)]
	}
	var pis []int32
	for _, c := range cs {
		pis = append(pis, c.phrase)
	}
	return pis
}
