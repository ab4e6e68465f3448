package checks

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/aecheck/aecheck/internal/recognize"
	"github.com/aecheck/aecheck/internal/swar"
)

// The default lists and recognition data hold over 22,000 phrases: parsing
// the recognition YAML and compiling them took longer than checking a
// small catalog. recognition.bin holds them compiled, made from the
// embedded data by TestPrecompiled (`go test ./checks -run TestPrecompiled
// -update` writes it again), and a Runner whose rules add no list term and
// no recognition data starts from it. It records fingerprints of the data
// it was made from; when they differ (the data changed and the file was
// not made again, or the rules file changes a list), the terms are
// compiled at start as before, so a stale file costs time, never a wrong
// finding. BenchmarkNewRunner measures both ways.

//go:embed recognition.bin
var recognitionBin string

// precompiledMagic starts recognition.bin; its last byte is the version of
// the format.
const precompiledMagic = "aecheck-recognition\x02"

// precompiledData is recognition.bin decoded.
type precompiledData struct {
	rec, lists uint64 // fingerprints of the recognition data and of the lists
	// cfg is the recognition data without its words, which m holds.
	cfg *recognize.Config
	m   *matcher
}

// precompiled returns the compiled default data when it was made from
// lists and from the embedded recognition data, nil otherwise.
func precompiled(lists *[numLists][]ListEntry) *precompiledData {
	p := decodedPrecompiled()
	if p == nil || p.rec != recognize.Fingerprint() || p.lists != listsFingerprint(lists) {
		return nil
	}
	return p
}

var decodedPrecompiled = sync.OnceValue(func() *precompiledData {
	p, err := decodePrecompiled(recognitionBin)
	if err != nil {
		return nil // compiled at start instead; TestPrecompiled fails
	}
	return p
})

// newRunnerRecognizer returns the recognizer of rules r, whose lists are
// lists: from recognition.bin when it holds them, compiled otherwise.
func newRunnerRecognizer(r *Rules, lists [numLists][]ListEntry) (*recognizer, error) {
	if r.Recognition.Empty() {
		if p := precompiled(&lists); p != nil {
			return buildRecognizer(p.cfg, lists, p.m)
		}
	}
	return newRecognizer(recognize.Merge(defaultRecognition(), &r.Recognition), lists)
}

// listsFingerprint is a hash of what compileTerms reads of lists.
func listsFingerprint(lists *[numLists][]ListEntry) uint64 {
	h := xxh3.New()
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, l := range lists {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for i := range l {
			e := &l[i]
			str(e.ID)
			b = binary.AppendUvarint(b, uint64(len(e.Terms)))
			for _, lang := range slices.Sorted(maps.Keys(e.Terms)) {
				str(lang)
				b = binary.AppendUvarint(b, uint64(len(e.Terms[lang])))
				for _, t := range e.Terms[lang] {
					str(t)
				}
			}
			b = binary.AppendUvarint(b, uint64(len(e.Except)))
			for _, t := range e.Except {
				str(t)
			}
			h.Write(b)
			b = b[:0]
		}
	}
	return h.Sum64()
}

// encodePrecompiled writes m, compiled from lists and the recognition data, in the form
// decodePrecompiled reads. The word tables are written sorted by word, so
// that the same data gives the same bytes.
func encodePrecompiled(lists *[numLists][]ListEntry, m *matcher) ([]byte, error) {
	var strs []string
	index := map[string]int{}
	ref := func(s string) uint64 {
		i, ok := index[s]
		if !ok {
			i = len(strs)
			index[s] = i
			strs = append(strs, s)
		}
		return uint64(i)
	}
	// The body first, the strings it refers to before it in the file.
	var b []byte
	u := func(v uint64) { b = binary.AppendUvarint(b, v) }
	ints := func(xs []int32) {
		u(uint64(len(xs)))
		for _, x := range xs {
			u(uint64(x))
		}
	}
	u(uint64(len(m.owners)))
	for _, o := range m.owners {
		u(uint64(o.list))
		u(uint64(o.entry))
	}
	u(uint64(len(m.phrases)))
	for _, p := range m.phrases {
		u(uint64(len(p.words)))
		for _, w := range p.words {
			u(ref(w))
		}
		u(uint64(p.owner))
		u(ref(p.term))
		if p.except {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	runes := slices.Sorted(maps.Keys(m.cjk))
	u(uint64(len(runes)))
	for _, r := range runes {
		u(uint64(r))
		ints(m.cjk[r])
	}
	// The word table as it is in memory, each array's records one after
	// another, little-endian.
	t := &m.words
	// Records of 8-byte words, as decoder.wordTable reads them.
	u64s := func(n int, rec func(i int) []uint64) {
		u(uint64(n))
		for i := range n {
			for _, x := range rec(i) {
				b = binary.LittleEndian.AppendUint64(b, x)
			}
		}
	}
	u(uint64(t.mask))
	u64s(len(t.slots), func(i int) []uint64 { return []uint64{t.slots[i]} })
	u64s(len(t.entries), func(i int) []uint64 {
		e := &t.entries[i]
		return []uint64{uint64(e.lo) | uint64(e.word)<<32, uint64(e.n) | uint64(e.ncand)<<16 | uint64(e.cands)<<32}
	})
	u64s(len(t.nexts), func(i int) []uint64 {
		nx := &t.nexts[i]
		return []uint64{nx.has, uint64(nx.slots) | uint64(nx.mask)<<32, uint64(nx.one) | uint64(nx.nones)<<32}
	})
	u64s(len(t.cands), func(i int) []uint64 { return []uint64{uint64(uint32(t.cands[i].phrase)) | uint64(t.cands[i].pw)<<32} })
	u(uint64(len(t.pwords)))
	for _, w := range t.pwords {
		b = binary.LittleEndian.AppendUint64(b, w.h)
		b = binary.LittleEndian.AppendUint32(b, w.word)
		b = binary.LittleEndian.AppendUint16(b, w.n)
	}
	u(uint64(len(t.arena)))
	b = append(b, t.arena...)
	out := []byte(precompiledMagic)
	out = binary.LittleEndian.AppendUint64(out, recognize.Fingerprint())
	out = binary.LittleEndian.AppendUint64(out, listsFingerprint(lists))
	out = binary.AppendUvarint(out, uint64(len(strs)))
	for _, s := range strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	return append(out, b...), nil
}

var errPrecompiled = errors.New("recognition.bin is damaged")

// decodePrecompiled reads what encodePrecompiled wrote. The strings of the
// matcher are parts of data, which is never copied.
func decodePrecompiled(data string) (p *precompiledData, err error) {
	d := decoder{data: data}
	if len(data) < len(precompiledMagic)+16 || data[:len(precompiledMagic)] != precompiledMagic {
		return nil, errPrecompiled
	}
	d.off = len(precompiledMagic)
	p = &precompiledData{m: &matcher{cjk: map[rune][]int32{}}}
	p.rec, p.lists = d.u64(), d.u64()
	if p.cfg = precompiledConfig(recognize.Fingerprint()); p.cfg == nil {
		return nil, errPrecompiled // recognition_gen.go is stale
	}
	strs := make([]string, d.n())
	for i := range strs {
		if strs[i] = d.str(); d.bad {
			return nil, errPrecompiled
		}
	}
	str := func() string {
		if i := d.n(); i < len(strs) {
			return strs[i]
		}
		d.bad = true
		return ""
	}
	m := p.m
	m.owners = make([]owner, d.n())
	for i := range m.owners {
		if m.owners[i] = (owner{list: listKind(d.n()), entry: int32(d.n())}); d.bad {
			return nil, errPrecompiled
		}
	}
	m.phrases = make([]phrase, d.n())
	// The words of every phrase in one backing array.
	var words []string
	for i := range m.phrases {
		if d.bad {
			return nil, errPrecompiled // each read below takes a byte or more until then
		}
		ph := &m.phrases[i]
		n := d.n()
		s := len(words)
		for range n {
			words = append(words, str())
		}
		ph.words = words[s:len(words):len(words)]
		ph.owner = int32(d.n())
		if int(ph.owner) >= len(m.owners) || n == 0 {
			d.bad = true
		}
		ph.term = str()
		ph.except = d.byte() == 1
	}
	var ints []int32 // the backing array of the phrase lists, grown in chunks
	list := func() []int32 {
		n := d.n()
		if n == 0 {
			return nil
		}
		if cap(ints)-len(ints) < n {
			ints = make([]int32, 0, max(n, 4096))
		}
		s := len(ints)
		for range n {
			pi := d.n()
			if pi >= len(m.phrases) {
				d.bad = true // a damaged file must not index past the phrases
			}
			ints = append(ints, int32(pi))
		}
		return ints[s:len(ints):len(ints)]
	}
	for range d.n() {
		if d.bad {
			return nil, errPrecompiled
		}
		r := rune(d.n())
		m.cjk[r] = list()
	}
	if d.bad || !d.wordTable(&m.words, len(m.phrases)) {
		return nil, errPrecompiled
	}
	// The first-word bits, from the first-word table's hashes; the lists'
	// own, from their phrases.
	t := &m.words
	for _, sl := range t.slots[:t.mask+1] {
		if sl != 0 {
			m.firstBits.add(sl>>32<<32 | uint64(t.entries[uint32(sl)-1].lo))
		}
	}
	for i := range m.phrases {
		if p := &m.phrases[i]; m.owners[p.owner].list < numLists && !hasCJK(p.words[0]) {
			m.listBits.add(wordHash(p.words[0]))
		}
	}
	if d.bad || d.off != len(data) {
		return nil, errPrecompiled
	}
	return p, nil
}

// wordTable reads the arrays of t, records of fixed size read in one
// loop each, and checks that every index in them is in range, so that a
// damaged file cannot make a look-up index past an array or probe a full
// table for ever.
func (d *decoder) wordTable(t *wordTable, phrases int) bool {
	t.mask = uint32(d.n())
	// records returns the next n records of size bytes, or "" when the
	// data ends first.
	records := func(size int) (string, int) {
		n := d.n()
		if n > (len(d.data)-d.off)/size {
			d.bad = true
			return "", 0
		}
		d.off += n * size
		return d.data[d.off-n*size : d.off], n
	}
	r, n := records(8)
	t.slots = make([]uint64, n)
	for i := range t.slots {
		t.slots[i] = swar.Load8(r[8*i : 8*i+8])
	}
	r, n = records(16)
	t.entries = make([]wordEntry, n)
	for i := range t.entries {
		x, y := swar.Load8(r[16*i:16*i+8]), swar.Load8(r[16*i+8:16*i+16])
		t.entries[i] = wordEntry{lo: uint32(x), word: uint32(x >> 32), n: uint16(y), ncand: uint16(y >> 16), cands: uint32(y >> 32)}
	}
	r, n = records(24)
	t.nexts = make([]nextTable, n)
	for i := range t.nexts {
		x, y, z := swar.Load8(r[24*i:24*i+8]), swar.Load8(r[24*i+8:24*i+16]), swar.Load8(r[24*i+16:24*i+24])
		t.nexts[i] = nextTable{has: x, slots: uint32(y), mask: uint32(y >> 32), one: uint32(z), nones: uint32(z >> 32)}
	}
	r, n = records(8)
	t.cands = make([]cand, n)
	for i := range t.cands {
		x := swar.Load8(r[8*i : 8*i+8])
		t.cands[i] = cand{phrase: int32(uint32(x)), pw: uint32(x >> 32)}
	}
	r, n = records(14)
	t.pwords = make([]phraseWord, n)
	for i := range t.pwords {
		x := swar.Load8(r[14*i+6 : 14*i+14]) // the record's last eight bytes
		t.pwords[i] = phraseWord{h: swar.Load8(r[14*i : 14*i+8]), word: uint32(x >> 16), n: uint16(x >> 48)}
	}
	t.arena = d.str()
	if d.bad {
		return false
	}
	// Every table a power of two in size, in slots, with an empty slot,
	// its slots' entries in range.
	table := func(base, mask uint32) bool {
		if mask&(mask+1) != 0 || uint64(base)+uint64(mask) >= uint64(len(t.slots)) {
			return false
		}
		empty := false
		for _, sl := range t.slots[base : base+mask+1] {
			empty = empty || sl == 0
			if sl != 0 && (uint32(sl) == 0 || int(uint32(sl)) > len(t.entries)) {
				return false
			}
		}
		return empty
	}
	word := func(off uint32, n uint16) bool { return uint64(off)+uint64(n&wordLen) <= uint64(len(t.arena)) }
	list := func(off, n uint32) bool { return uint64(off)+uint64(n) <= uint64(len(t.cands)) }
	if !table(0, t.mask) {
		return false
	}
	for _, nx := range t.nexts {
		if !table(nx.slots, nx.mask) || !list(nx.one, nx.nones) {
			return false
		}
	}
	for _, e := range t.entries {
		switch {
		case !word(e.word, e.n):
			return false
		case e.n&entryOne != 0:
			if int(e.cands) >= phrases {
				return false
			}
		case e.n&entryNext != 0:
			if int(e.cands) >= len(t.nexts) {
				return false
			}
		case !list(e.cands, uint32(e.ncand)):
			return false
		}
	}
	for _, c := range t.cands {
		if c.phrase < 0 || int(c.phrase) >= phrases || c.pw&0xff == 0 || uint64(c.pw>>8)+uint64(c.pw&0xff)-1 > uint64(len(t.pwords)) {
			return false
		}
	}
	for _, w := range t.pwords {
		if !word(w.word, w.n) {
			return false
		}
	}
	return true
}

// decoder reads recognition.bin; a read past its end sets bad.
type decoder struct {
	data string
	off  int
	bad  bool
}

func (d *decoder) n() int {
	// binary.Uvarint read in place, from the string: the numbers of the
	// file are a byte or two, and the []byte conversion and the call cost
	// more than the reading. Every number is at most len(d.data), so
	// five bytes hold any that is good.
	var v uint64
	for shift := 0; shift < 35 && d.off < len(d.data); shift += 7 {
		c := d.data[d.off]
		d.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if v > uint64(len(d.data)) {
				break
			}
			return int(v)
		}
	}
	d.bad = true
	d.off = len(d.data)
	return 0
}

func (d *decoder) u64() uint64 {
	if d.off+8 > len(d.data) {
		d.bad = true
		return 0
	}
	v := binary.LittleEndian.Uint64([]byte(d.data[d.off : d.off+8]))
	d.off += 8
	return v
}

func (d *decoder) byte() byte {
	if d.off >= len(d.data) {
		d.bad = true
		return 0
	}
	d.off++
	return d.data[d.off-1]
}

func (d *decoder) str() string {
	n := d.n()
	if d.off+n > len(d.data) {
		d.bad = true
		d.off = len(d.data)
		return ""
	}
	d.off += n
	return d.data[d.off-n : d.off]
}
