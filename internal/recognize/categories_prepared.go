package recognize

import "strings"

// CategoryPhrase is one mapping of a Config as Categories indexes it: the
// words of its phrase folded and made singular, and the index of its class.
// A program that builds the same index at every start can keep these ready
// (as Go data, say) and skip folding the phrases.
type CategoryPhrase struct {
	Words []string
	Class int
	Broad bool
}

// PrepareCategories returns the mappings of c as NewCategories indexes
// them, in their order: those of an unknown class or without a word are
// left out. fold and class are as for NewCategories.
func PrepareCategories(c *Config, fold func(string) string, class func(id string) int) []CategoryPhrase {
	var ps []CategoryPhrase
	for _, m := range c.Categories {
		ci := class(m.Class)
		if ci < 0 {
			continue
		}
		ws := strings.Fields(fold(m.Phrase))
		if len(ws) == 0 {
			continue
		}
		for i := range ws {
			ws[i] = singular(ws[i])
		}
		ps = append(ps, CategoryPhrase{Words: ws, Class: ci, Broad: m.Broad})
	}
	return ps
}

// CategoriesOf indexes phrases that PrepareCategories made with fold: the
// index NewCategories builds. It shares the phrases' words, which must not
// change afterwards, and allocates the index in one piece, each first
// word's phrases in their order.
func CategoriesOf(phrases []CategoryPhrase, fold func(string) string) *Categories {
	count := map[string]int{}
	for _, p := range phrases {
		count[p.Words[0]]++
	}
	cs := &Categories{fold: fold, byFirst: make(map[string][]catPhrase, len(count))}
	all := make([]catPhrase, len(phrases))
	next := 0
	for _, p := range phrases {
		w := p.Words[0]
		b, ok := cs.byFirst[w]
		if !ok {
			n := count[w]
			b = all[next : next : next+n]
			next += n
		}
		cs.byFirst[w] = append(b, catPhrase{words: p.Words, class: p.Class, broad: p.Broad})
	}
	return cs
}
