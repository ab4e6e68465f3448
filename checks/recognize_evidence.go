package checks

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/internal/swar"

	"github.com/aecheck/aecheck/readers"
)

// What a finding of a recognition check says about the product: its words
// in the message and its Evidence.

// appendProduct appends what the listing looks like and the words that
// decided it: `a kitchen appliance ("Kettle" in the title; "2000W")`. It
// appends nothing when the product was not recognised.
func (p *Pass) appendProduct(b []byte) []byte {
	g := &p.st.rec
	if !g.known() {
		return b
	}
	name := p.run.rec.classes[g.class].name
	b = append(b, article(name)...)
	b = append(b, name...)
	b = append(b, ` ("`...)
	b = append(b, g.term...)
	b = append(b, `" in the `...)
	b = append(b, fieldNames[g.from]...)
	if g.from == fieldTitle && g.accTerm != "" && g.accTerm != g.term {
		b = append(b, `; "`...)
		b = append(b, g.accTerm...)
		b = append(b, '"')
	}
	if g.power && g.powTerm != "" && g.powTerm != g.term {
		b = append(b, `; "`...)
		b = append(b, g.powTerm...)
		b = append(b, '"')
	}
	if g.battery && g.batTerm != "" && g.batTerm != g.term && g.batTerm != g.powTerm {
		b = append(b, `; "`...)
		b = append(b, g.batTerm...)
		b = append(b, '"')
	}
	return append(b, ')')
}

// article is "a " or "an " for a class name.
func article(name string) string {
	if name == "" {
		return ""
	}
	switch name[0] {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return "an "
	}
	return "a "
}

// appendMarket appends where the listing is sold ("sold in France"), and
// says so when that comes from the rules file, not from the row.
func (p *Pass) appendMarket(b []byte, l *readers.Listing, where string) []byte {
	b = append(b, "sold in "...)
	b = append(b, where...)
	if !p.st.mkAssumed {
		return b
	}
	if l.Cols.Has("ship_to") {
		return append(b, " (assumed: the ship-to cell is empty; set `markets` in your rules file)"...)
	}
	return append(b, " (assumed: no ship-to column; set `markets` in your rules file)"...)
}

// evidence returns the Evidence of the finding just reported: the
// recognised class and assumed markets, then what build adds.
//
// build writes into a scratch Evidence whose slices are reused and whose
// strings may point into the row being checked; evidence then hands out a
// copy kept by the worker's evidenceMemo. Findings whose evidence is the
// same share that copy: a catalog gives the same evidence again and again
// (a kettle without CE in many rows), and a finding then costs no
// allocation for its evidence (BenchmarkListings).
func (p *Pass) evidence(build func(e *Evidence)) *Evidence {
	st := p.st
	e := &st.ev
	*e = Evidence{Terms: e.Terms[:0], Groups: e.Groups[:0]}
	if g := &st.rec; g.known() {
		e.Class = p.run.rec.classes[g.class].id
	}
	if st.mkAssumed {
		e.Assumed = assumedMarkets
	}
	build(e)
	return st.evMemo.intern(e)
}

// evidenceMemo holds the Evidence a worker handed out lately, in sets of
// two slots picked by a hash of its contents: at most evidenceSlots, the
// one used less lately in a set giving way. Findings hold the Evidence it
// hands out and never write to it.
type evidenceMemo struct {
	slots []*Evidence
}

// evidenceSlots is the number of slots of an evidenceMemo.
const evidenceSlots = 4096

// intern returns an Evidence equal to e that the caller may keep: the one
// kept in e's set when it is equal, else a copy of e (its strings copied
// out of the row). The Evidence returned takes the set's first slot.
func (m *evidenceMemo) intern(e *Evidence) *Evidence {
	if m.slots == nil {
		m.slots = make([]*Evidence, evidenceSlots)
	}
	i := int(e.hash() & (evidenceSlots - 2))
	set := m.slots[i : i+2 : i+2]
	if k := set[0]; k != nil && k.equal(e) {
		return k
	}
	k := set[1]
	if k == nil || !k.equal(e) {
		k = e.clone()
	}
	set[0], set[1] = k, set[0]
	return k
}

// hash mixes the fields of e. It only picks the evidenceMemo's set, for
// every finding that has evidence, so each string counts by evidenceMix
// (its length and a few of its bytes): strings that differ elsewhere only
// share a set. A call to a general-purpose hash per string cost more than
// the look-up it fed. Assumed counts by its length: it is the one
// assumedMarkets or nothing.
func (e *Evidence) hash() uint64 {
	h := evidenceMix(uint64(len(e.Terms))<<8|uint64(len(e.Groups))<<4|uint64(len(e.Assumed)), e.Class)
	h = evidenceMix(h, e.Entry)
	h = evidenceMix(h, e.MissingColumn)
	for _, s := range e.Terms {
		h = evidenceMix(h, s)
	}
	for _, s := range e.Groups {
		h = evidenceMix(h, s)
	}
	return h ^ h>>32
}

// evidenceMix mixes string s into h by its length and its first and last
// bytes: eight of each end when it has eight, four of each when it has
// four, else its first, middle and last. The shift brings the high bits of
// the product, which depend on all of it, down to the low ones.
func evidenceMix(h uint64, s string) uint64 {
	n := len(s)
	var a uint64
	switch {
	case n >= 8:
		a = swar.Load8(s[:8]) ^ swar.Load8(s[n-8:])*0xff51afd7ed558ccd
	case n >= 4:
		a = uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[n-4])<<32 | uint64(s[n-3])<<40 | uint64(s[n-2])<<48 | uint64(s[n-1])<<56
	case n > 0:
		a = uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	}
	h = (h ^ a ^ uint64(n)<<58) * 0x9e3779b97f4a7c15
	return h ^ h>>29
}

// equal reports whether e and o hold the same fields.
func (e *Evidence) equal(o *Evidence) bool {
	return e.Class == o.Class && e.Entry == o.Entry && e.MissingColumn == o.MissingColumn &&
		slices.Equal(e.Terms, o.Terms) && slices.Equal(e.Groups, o.Groups) && slices.Equal(e.Assumed, o.Assumed)
}

// clone copies e, its slices and its strings, into one Evidence of its own.
func (e *Evidence) clone() *Evidence {
	k := &Evidence{Class: strings.Clone(e.Class), Entry: strings.Clone(e.Entry), MissingColumn: strings.Clone(e.MissingColumn)}
	k.Terms, k.Groups = cloneStrings(e.Terms), cloneStrings(e.Groups)
	k.Assumed = e.Assumed
	if len(e.Assumed) > 0 && &e.Assumed[0] != &assumedMarkets[0] {
		k.Assumed = cloneStrings(e.Assumed)
	}
	return k
}

// cloneStrings copies ss and its strings, its capacity its length; none
// gives nil, as the checks' evidence had before it was reused.
func cloneStrings(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}

// assumedMarkets is Evidence.Assumed when the markets come from the rules
// file. Findings share it: it is never written to, and its capacity is its
// length, so an append makes a copy.
var assumedMarkets = []string{"markets"}[:1:1]

// lastFinding returns the finding reported last.
func (p *Pass) lastFinding() *Finding {
	out := *p.reports
	return &out[len(out)-1]
}

// productTerms are the words that decided what the listing is, as
// written, for Evidence.Terms. They point into the row: evidence copies
// them when it keeps them. The slice is the listing's until the next
// listing, and its capacity is its length, so that an append makes a copy.
func (p *Pass) productTerms() []string {
	st := p.st
	if st.termsOK {
		return st.terms
	}
	g := &st.rec
	ts := st.termBuf[:0]
	for _, t := range [...]string{g.term, g.accTerm, g.powTerm, g.batTerm} {
		if t != "" && !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	st.termBuf = ts
	st.terms, st.termsOK = ts[:len(ts):len(ts)], true
	return st.terms
}

// madeFinding is what a recognition check made for a finding: its message
// and its evidence.
type madeFinding struct {
	msg string
	ev  *Evidence
}

// The recognition checks (ce-missing, rep-missing, category-mismatch)
// remember each finding's message and evidence by a key that holds
// everything they were made from: a listing of a product and market seen
// before then costs the key and a look-up, where building the message,
// finding it among the messages, building the evidence and finding it
// among the evidence cost several times as much. The key starts with the
// check's slot, so the checks share one memo.

// madeKey starts a key in the listing state's buffer: the check running,
// where the listing is sold (assumed or read, and when assumed whether the
// table has a ship-to column), whether it has column col, and what it
// looks like (the class and the words that decided it). The check appends
// the rest of what it reads.
func (p *Pass) madeKey(l *readers.Listing, col string) []byte {
	st := p.st
	g := &st.rec
	var flags byte
	if st.mkAssumed {
		flags |= 1
		if l.Cols.Has("ship_to") {
			flags |= 2
		}
	}
	if l.Cols.Has(col) {
		flags |= 4
	}
	if g.power {
		flags |= 8
	}
	if g.battery {
		flags |= 16
	}
	b := append(st.key[:0], byte(p.slot), byte(p.slot>>8), flags, byte(g.from))
	b = binary.LittleEndian.AppendUint32(b, uint32(g.class))
	for _, s := range [...]string{g.term, g.accTerm, g.powTerm, g.batTerm} {
		b = appendKeyString(b, s)
	}
	return b
}

// appendKeyString appends s to a key, its length first, so that two keys
// are equal only when their strings are.
func appendKeyString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendKeyHit appends hit h (its entry, field and term) to a key.
func appendKeyHit(b []byte, h hit) []byte {
	b = binary.AppendUvarint(b, uint64(h.entry))
	b = append(b, byte(h.field))
	return appendKeyString(b, h.term)
}

// reportMade reports at the cell of field name the finding made before
// from key, and reports whether there was one; when there was not, the
// check makes the finding and hands it to remember.
func (p *Pass) reportMade(name, value string, key []byte) bool {
	st := p.st
	st.key = key
	m, ok := st.made.getBytes(key)
	if !ok {
		return false
	}
	p.reportAt(name, value, m.msg)
	p.lastFinding().Evidence = m.ev
	return true
}

// remember keeps the message and evidence of the finding just reported
// under the key that reportMade did not find.
func (p *Pass) remember() {
	f := p.lastFinding()
	p.st.made.putBytes(p.st.key, madeFinding{f.Message, f.Evidence})
}
