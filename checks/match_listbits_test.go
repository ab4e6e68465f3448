package checks

import (
	"math/bits"
	"testing"
)

// TestListBits: a description or a category is searched for list terms
// only, through listBits: every first word of a list's phrase has its
// bit, and the recognizer's words, which most words of a text start, do
// not (else the filter would spare nothing).
func TestListBits(t *testing.T) {
	rn, err := NewRunner(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := rn.m
	for i := range m.phrases {
		p := &m.phrases[i]
		if m.owners[p.owner].list < numLists && !hasCJK(p.words[0]) && !m.listBits.has(wordHash(p.words[0])) {
			t.Fatalf("%q starts a list term and has no bit", p.words[0])
		}
	}
	var list, all int
	for i := range m.listBits {
		if m.listBits[i]&^m.firstBits[i] != 0 {
			t.Fatal("listBits has a bit firstBits has not")
		}
		list += bits.OnesCount64(m.listBits[i])
		all += bits.OnesCount64(m.firstBits[i])
	}
	if list*2 > all {
		t.Errorf("listBits has %d bits of firstBits' %d: the lists' words should be far fewer", list, all)
	}
	t.Logf("listBits %d bits, firstBits %d", list, all)
}
