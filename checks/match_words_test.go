package checks

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// tableMatcher builds a matcher over phrases given as words, as
// compileTerms does after it has cut the terms: the first-word map and
// bits, the second-word index and the word table.
func tableMatcher(t *testing.T, phrases ...[]string) *matcher {
	t.Helper()
	m := &matcher{first: map[string][]int32{}, owners: []owner{{}}}
	for i, ws := range phrases {
		m.phrases = append(m.phrases, phrase{words: ws, term: strings.Join(ws, " ")})
		m.first[ws[0]] = append(m.first[ws[0]], int32(i))
		m.firstBits.add(wordHash(ws[0]))
		m.listBits.add(wordHash(ws[0])) // owner 0 is list 0, prohibited
	}
	m.indexSecondWords()
	tb := newWordTable(m.phrases, m.first, m.second)
	if tb == nil {
		t.Fatal("no word table")
	}
	m.words = *tb
	return m
}

// scanOf returns the phrases m finds in text, as "term@first word", the
// same by the word table and by the map of first words.
func scanOf(t *testing.T, m *matcher, text string) []string {
	t.Helper()
	var tk tokens
	tk.add(text, false)
	got := m.scan(&tk, nil)
	flat := *m
	flat.flat = true
	tk.reset()
	tk.add(text, false)
	if want := flat.scan(&tk, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("%q: the word table finds %v, the map %v", text, got, want)
	}
	var out []string
	for _, mt := range got {
		out = append(out, m.phrases[mt.phrase].term+"@"+string(rune('0'+mt.s)))
	}
	return out
}

// TestWordTableLayout: the cases the flat word table must get right, each
// with the words that make it (their hashes asserted, so that a change of
// wordHash fails here rather than testing nothing).
func TestWordTableLayout(t *testing.T) {
	tag := func(w string) uint64 { return wordHash(w) >> 32 }
	// Two words of under eight letters (compared by hash alone) with one
	// tag and one start slot in a table of four, the last: the second
	// lands at the start of the table, after the end.
	short1, short2 := "kzqeaa", "gduyaa"
	// Two words of eight letters or more (compared byte by byte) with one
	// tag and one start slot.
	long1, long2 := "ziahaaaaa", "rbmhaaaaa"
	for _, p := range [][2]string{{short1, short2}, {long1, long2}} {
		if tag(p[0]) != tag(p[1]) || wordHash(p[0])&3 != wordHash(p[1])&3 || wordHash(p[0]) == wordHash(p[1]) {
			t.Fatalf("%q and %q no longer share a tag and a slot: pick two that do", p[0], p[1])
		}
	}
	if wordHash(short1)&3 != 3 {
		t.Fatalf("%q no longer starts at the last slot", short1)
	}
	// A word of sixteen bytes or more hashes its first and last eight:
	// these two hash equal and differ.
	mid1, mid2 := "aaaaaaaaxbbbbbbbb", "aaaaaaaaybbbbbbbb"
	if wordHash(mid1) != wordHash(mid2) {
		t.Fatalf("%q and %q no longer hash equal", mid1, mid2)
	}
	// A word not in the table that starts its probe at the last slot.
	var absent string
	for i := 0; absent == ""; i++ {
		if w := "absent" + string(rune('a'+i%26)) + string(rune('a'+i/26)); wordHash(w)&3 == 3 {
			absent = w
		}
	}
	for _, c := range []struct {
		name    string
		phrases [][]string
		text    string
		want    []string
	}{
		{"short words of one tag, first", [][]string{{short1}, {short2}}, short1, []string{short1 + "@0"}},
		{"short words of one tag, wrapped", [][]string{{short1}, {short2}}, "X " + strings.ToUpper(short2), []string{short2 + "@1"}},
		{"long words of one tag, first", [][]string{{long1}, {long2}}, long1, []string{long1 + "@0"}},
		{"long words of one tag, wrapped", [][]string{{long1}, {long2}}, long2 + " " + long1, []string{long2 + "@0", long1 + "@1"}},
		{"absent word probing past the wrap", [][]string{{short1}, {short2}}, absent, nil},
		{"first word of equal hash, differs", [][]string{{mid1}}, mid2, nil},
		{"first word of equal hash, same", [][]string{{mid1}, {"super", mid2}}, "super " + mid1, []string{mid1 + "@1"}},
		{"later word of equal hash, differs", [][]string{{"super", mid1}}, "super " + mid2, nil},
		{"later word of equal hash, same", [][]string{{"super", mid1}}, "Super " + strings.ToUpper(mid1), []string{"super " + mid1 + "@0"}},
		{"later short word differs", [][]string{{"red", "cat"}}, "red car", nil},
		{"later word longer", [][]string{{"red", "cat"}}, "red cats", nil},
		{"phrase past the end", [][]string{{"red", "cat"}}, "red", nil},
		{"one phrase of one word", [][]string{{"lamp"}}, "desk lamp", []string{"lamp@1"}},
		{"by second word", [][]string{{"for", "car"}, {"for"}, {"for", "cat"}}, "bag for cat", []string{"for@1", "for cat@1"}},
		{"by second word, none", [][]string{{"for", "car"}, {"for"}, {"for", "cat"}}, "for dog", []string{"for@0"}},
		{"folded word", [][]string{{"theiere", "fonte"}}, "Théière Fonte", []string{"theiere fonte@0"}},
	} {
		m := tableMatcher(t, c.phrases...)
		if got := scanOf(t, m, c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q finds %q, want %q", c.name, c.text, got, c.want)
		}
	}
}

// TestFindTermForms: a term is found as a plural and in CJK, not inside an
// exception, through compileTerms and the word table.
func TestFindTermForms(t *testing.T) {
	lists := [][]ListEntry{{
		{ID: "glue", Terms: map[string][]string{"en": {"glue gun"}, "zh": {"胶枪"}}, Except: []string{"toy glue gun"}},
		{ID: "knife", Terms: map[string][]string{"en": {"knife"}}},
		{ID: "cutter", Terms: map[string][]string{"en": {"box cutter"}}},
	}}
	m, err := compileTerms(lists, []string{"test"})
	if err != nil {
		t.Fatal(err)
	}
	if m.flat {
		t.Fatal("the lists fit the word table, yet the matcher uses the map")
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Hot Glue Guns 60W", []string{"glue gun"}},
		{"Box Cutters and KNIFES", []string{"box cutter", "knife"}},
		{"热熔胶枪 60W", []string{"胶枪"}},
		{"Toy Glue Gun for kids", nil},
		{"Glue Gunner", nil},
		{"knifeset", nil},
	} {
		var sc scanner
		var got []string
		for _, h := range m.find(&sc, c.text, false, fieldTitle, nil) {
			got = append(got, h.term)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: %q, want %q", c.text, got, c.want)
		}
	}
}

// TestDecodeWordTableDamaged: a byte changed anywhere in the word table's
// arrays gives an error or a matcher that scans without a panic.
func TestDecodeWordTableDamaged(t *testing.T) {
	p, err := decodePrecompiled(recognitionBin)
	if err != nil {
		t.Fatal(err)
	}
	tb := &p.m.words
	// The arrays end the file: the slots start this far from its end.
	size := 8*len(tb.slots) + 16*len(tb.entries) + 24*len(tb.nexts) + 8*len(tb.cands) + 14*len(tb.pwords) + len(tb.arena)
	rng := rand.New(rand.NewPCG(5, 6))
	titles := []string{"Stainless Steel Kitchen Knife Set for Chef", "Lithium Battery Pack 18650 for Drill", "Baby Car Seat Mirror", "热熔胶枪 USB Rechargeable"}
	for range 60 {
		b := []byte(recognitionBin)
		i := len(b) - size + rng.IntN(size)
		b[i] ^= byte(1 << rng.IntN(8))
		q, err := decodePrecompiled(string(b))
		if err != nil {
			continue
		}
		for _, title := range titles {
			var sc scanner
			sc.tk.add(title, false)
			q.m.scan(&sc.tk, nil)
			q.m.findText(&sc, title, true, fieldDescription, nil)
		}
	}
}

// TestWordTableTooBig: lists whose counts outgrow the table's fields (a
// word longer than its length bits) are matched through the map of first
// words, and find what they say.
func TestWordTableTooBig(t *testing.T) {
	long := strings.Repeat("z", wordLen+1)
	lists := [][]ListEntry{{
		{ID: "long", Terms: map[string][]string{"en": {"giant " + long}}},
		{ID: "knife", Terms: map[string][]string{"en": {"knife"}}},
	}}
	m, err := compileTerms(lists, []string{"test"})
	if err != nil {
		t.Fatal(err)
	}
	if !m.flat {
		t.Fatal("a word of more than wordLen bytes went into the word table")
	}
	var sc scanner
	var got []string
	for _, h := range m.find(&sc, "Giant "+strings.ToUpper(long)+" and a knife", false, fieldTitle, nil) {
		got = append(got, lists[h.list][h.entry].ID)
	}
	if want := []string{"long", "knife"}; !reflect.DeepEqual(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}
