package checks

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/aecheck/aecheck/internal/recognize"
	"github.com/aecheck/aecheck/internal/swar"
	"github.com/aecheck/aecheck/readers"
)

// Runner runs the listing checks of one set of rules. Build it once with
// NewRunner; Listings may then be called from many goroutines at once.
type Runner struct {
	rules   *Rules
	m       *matcher    // the lists' terms (and the recognition words: rec.m)
	rec     *recognizer // what a listing sells, before the lists apply
	lists   [numLists][]ListEntry
	listing []*Check   // enabled per-listing checks, by ID
	lsev    []Severity // severity of each of listing
	catalog []*Check   // enabled catalog-wide checks, by ID
	sev     map[string]Severity
	on      map[string]bool

	stop        map[string]bool // folded stop words of every language
	exempt      map[string]bool // folded brand exemptions
	brands      map[string]bool // folded authorised brands
	special     map[string]bool // authorised special categories (and food)
	streams     map[string]int  // folded stream id -> index in lists[listREP]
	shopStreams uint64          // streams covered by the rules file's rep map, as bits
	packaging   uint64          // the packaging stream, as a bit
	markets     market          // where a listing with no ship_to is sold
	needDup     bool            // an enabled check needs NeedRepeatedWords
	needLists   bool            // ... NeedListHits
	keyDup      bool            // ... NeedDuplicateKey: Check works out the key
	keySKU      bool            // ... NeedSKUKeys
	keyCat      bool            // ... NeedCategoryKey

	tr   *i18n.Printer // the language of the findings
	lfix []string      // the fix of each of listing, in that language

	pool sync.Pool // *scratch
}

// listingState is what the runner works out once per listing and hands to
// every check through the Pass: the terms found in its text and the
// repeated words of its title.
type listingState struct {
	hits []hit
	dups []dupWord
	rec  recognition // what the listing sells (when a list check is on)

	terms   []string // productTerms, once termsOK
	termsOK bool
	evs     []Evidence // the Evidence not handed out yet (see Pass.evidence)

	mk        market // where the listing is sold, once marketOK
	mkOK      bool
	mkAssumed bool // mk is the rules file's markets: the row says nowhere

	titleLen   int // characters of the title, once titleLenOK
	titleLenOK bool

	rep   repCell // the listing's REP cell, once repOK
	repOK bool

	shipTo cellMemo[market]       // ship_to cells already read by this goroutine
	reps   cellMemo[repCell]      // REP cells already read by this goroutine
	cats   cellMemo[categoryInfo] // category cells already read by this goroutine

	msg  []byte           // reportMessage's buffer
	msgs cellMemo[string] // the messages reportMessage made
	// nums holds the messages reportNum made, by check (Pass.slot-1) and
	// number.
	nums [][numMsgs]string
}

// cellMemo remembers what was worked out from a text, for the next listing
// with the same text: catalogs repeat ship-to, REP and category cells from
// row to row, and the checks repeat their messages. It holds at most 4,096
// texts of up to 256 bytes (longer ones are worked out every time), starts
// afresh when full, and is used by one goroutine. It keeps copies of the
// texts: a cell is part of a string of many rows (see readers), which a
// kept cell would keep alive (64 KiB, or a 100 KB description, for a
// 20-byte category).
//
// In front of the map, hot holds the texts last found, one per slot picked
// by the text's length and end bytes: a cell that came up lately costs a
// comparison instead of a hash and a map probe (four look-ups a listing).
type cellMemo[V any] struct {
	m   map[string]memoSlot[V]
	hot [memoHot]memoSlot[V]
}

// memoSlot is a text of a cellMemo (its copy) and what was worked out from it.
type memoSlot[V any] struct {
	k   string
	v   V
	set bool
}

// memoHot is the number of hot slots of a cellMemo.
const memoHot = 64

// hotSlot picks the hot slot of s.
func hotSlot[T string | []byte](s T) int {
	n := len(s)
	if n == 0 {
		return 0
	}
	return (n*7 + int(s[0])*3 + int(s[n-1])) & (memoHot - 1)
}

func (c *cellMemo[V]) get(s string) (V, bool) {
	e := &c.hot[hotSlot(s)]
	if e.set && e.k == s {
		return e.v, true
	}
	f, ok := c.m[s]
	if ok {
		*e = f
	}
	return f.v, ok
}

// getBytes is get for the text in b, without converting it.
func (c *cellMemo[V]) getBytes(b []byte) (V, bool) {
	e := &c.hot[hotSlot(b)]
	if e.set && e.k == string(b) {
		return e.v, true
	}
	f, ok := c.m[string(b)]
	if ok {
		*e = f
	}
	return f.v, ok
}

func (c *cellMemo[V]) put(s string, v V) {
	if len(s) > 256 {
		return
	}
	if c.m == nil || len(c.m) >= 4096 {
		c.m = map[string]memoSlot[V]{}
	}
	e := memoSlot[V]{strings.Clone(s), v, true}
	c.m[e.k] = e
	c.hot[hotSlot(s)] = e
}

// dupWord is a word the title repeats.
type dupWord struct {
	word  string // as the title first spells it, lower case
	count int
}

// scratch holds one goroutine's reusable buffers.
type scratch struct {
	sc scanner
	st listingState
	k  keyer
	tv titleView
}

// NewRunner compiles r for the checks; nil r means the embedded defaults.
func NewRunner(r *Rules) (*Runner, error) {
	if r == nil {
		r = Default()
	}
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	lists := r.lists()
	// One matcher holds the lists and the recognition words: the title is
	// read once for both, and the terms are compiled once.
	rec, err := newRunnerRecognizer(r, lists)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	m := rec.m
	rn := &Runner{
		rules: r, m: m, lists: lists, rec: rec,
		sev: map[string]Severity{}, on: map[string]bool{},
		stop: map[string]bool{}, exempt: map[string]bool{}, brands: map[string]bool{},
		special: map[string]bool{}, streams: map[string]int{},
		tr: i18n.For(r.Language),
	}
	for _, c := range All {
		rn.sev[c.ID] = r.SeverityOf(c.ID)
		rn.on[c.ID] = r.Enabled(c.ID)
		if !rn.on[c.ID] {
			continue
		}
		switch c.Scope {
		case ScopeListing:
			if c.Run != nil {
				rn.listing = append(rn.listing, c)
				rn.lsev = append(rn.lsev, rn.sev[c.ID])
				rn.lfix = append(rn.lfix, rn.tr.T(c.Fix))
			}
		case ScopeCatalog:
			if c.NewCatalog != nil {
				rn.catalog = append(rn.catalog, c)
			}
		}
	}
	for _, ws := range r.StopWords {
		for _, w := range ws {
			rn.stop[fold(w)] = true
		}
	}
	for _, b := range r.BrandExemptions {
		rn.exempt[fold(b)] = true
	}
	for _, b := range r.AuthorisedBrands {
		rn.brands[fold(b.Name)] = true
	}
	for _, s := range r.AuthorisedSpecialCategories {
		rn.special[s] = true
	}
	if len(lists[listREP]) > 64 {
		return nil, fmt.Errorf("rules: lists.rep_streams has %d streams; at most 64 are supported", len(lists[listREP]))
	}
	for i, e := range lists[listREP] {
		rn.streams[fold(e.ID)] = i
		rn.streams[e.ID] = i
		if e.ID == "packaging" {
			rn.packaging = 1 << uint(i)
		}
		if readers.Trim(r.REP[e.ID]) != "" {
			rn.shopStreams |= 1 << uint(i)
		}
	}
	for _, mk := range r.Markets {
		if pm, ok := parseMarket(mk); ok {
			rn.markets.merge(pm)
		}
	}
	var need Need
	for _, c := range All {
		if rn.on[c.ID] {
			need |= c.Needs
		}
	}
	rn.needDup = need&NeedRepeatedWords != 0
	rn.needLists = need&NeedListHits != 0
	rn.keyDup = need&NeedDuplicateKey != 0
	rn.keySKU = need&NeedSKUKeys != 0
	rn.keyCat = need&NeedCategoryKey != 0
	rn.pool.New = func() any { return new(scratch) }
	return rn, nil
}

// Rules returns the rules the runner was built from.
func (r *Runner) Rules() *Rules { return r.rules }

// Listings runs every enabled per-listing check on ls and turns the readers'
// problems into findings. Findings come in listing order; those of one row
// are sorted by column, check ID and message. Safe for concurrent use.
func (r *Runner) Listings(ls []readers.Listing) []Finding {
	return r.listings(nil, ls, nil)
}

// Check is Listings plus the catalog-wide keys of ls, for
// Catalog.ObserveKeys: the text of each listing is split into words once,
// for the checks and the keys. Safe for concurrent use.
func (r *Runner) Check(ls []readers.Listing) ([]Finding, *Keys) {
	return r.CheckAppend(nil, ls)
}

// CheckAppend is Check with the findings appended to dst, so that a caller
// can hand back the slice of an earlier batch instead of allocating one per
// batch.
func (r *Runner) CheckAppend(dst []Finding, ls []readers.Listing) ([]Finding, *Keys) {
	ks := newKeys(len(ls))
	return r.listings(dst, ls, ks), ks
}

// Keys returns the catalog-wide keys of ls alone. Safe for concurrent use.
func (r *Runner) Keys(ls []readers.Listing) *Keys {
	s := r.pool.Get().(*scratch)
	defer r.pool.Put(s)
	ks := newKeys(len(ls))
	for i := range ls {
		r.keys(s, ks, i, &ls[i])
	}
	return ks
}

// keys fills the keys of listing i.
func (r *Runner) keys(s *scratch, ks *Keys, i int, l *readers.Listing) {
	lk := &ks.ls[i]
	if r.keyDup {
		lk.dup, lk.hasDup = s.k.dupKey(l, nil)
	}
	if r.keyCat {
		lk.cat, lk.hasCat = s.k.catKey(l, r.category(s, l.Category).words)
	}
	if r.keySKU {
		s.k.skus(ks, lk, l)
	}
}

func (r *Runner) listings(out []Finding, ls []readers.Listing, ks *Keys) []Finding {
	s := r.pool.Get().(*scratch)
	defer r.pool.Put(s)
	// The checks append to out directly; each listing's findings are then
	// sorted in place. One Pass serves the batch.
	p := new(Pass)
	for i := range ls {
		l := &ls[i]
		start := len(out)
		r.prepare(s, l, ks, i)
		entity := entityOf(l)
		*p = Pass{Rules: r.rules, entity: entity, shop: l.Shop, reports: &out, run: r, l: l, st: &s.st}
		for k, c := range r.listing {
			p.slot = k + 1 // the check, for p.check
			c.Run(p, l)
		}
		for _, pr := range l.Problems {
			if !r.on[pr.Check] && Lookup(pr.Check) != nil {
				continue
			}
			fix := ""
			if c := Lookup(pr.Check); c != nil {
				fix = r.tr.T(c.Fix)
			}
			out = append(out, Finding{
				Check: pr.Check, Severity: r.severity(pr.Check), Pos: pr.Pos, Shop: l.Shop,
				Entity: entity, Value: readers.ClipValue(pr.Value), Message: pr.Msg, Fix: fix,
			})
		}
		mine := out[start:]
		if len(mine) == 0 {
			continue
		}
		for j := range mine {
			mine[j].Kind = "listing"
		}
		sortInRow(mine)
	}
	return out
}

// sortInRow sorts the findings of one listing by compareInRow, keeping the
// order of equal ones. A listing has a handful of findings, so an insertion
// sort that compares them in place: slices.SortStableFunc copied both
// findings into every comparison, a fifth of what a finding cost.
func sortInRow(fs []Finding) {
	if len(fs) > 32 {
		slices.SortStableFunc(fs, func(a, b Finding) int { return compareInRow(&a, &b) })
		return
	}
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && compareInRow(&fs[j-1], &fs[j]) > 0; j-- {
			fs[j-1], fs[j] = fs[j], fs[j-1]
		}
	}
}

func (r *Runner) severity(id string) Severity {
	if s, ok := r.sev[id]; ok {
		return s
	}
	return r.rules.SeverityOf(id)
}

// compareInRow orders the findings of one listing by row, column, check ID
// and message.
func compareInRow(a, b *Finding) int {
	if c := cmp.Compare(a.Pos.Row, b.Pos.Row); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Pos.Col, b.Pos.Col); c != 0 {
		return c
	}
	if c := strings.Compare(a.Check, b.Check); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// entityOf names a listing: its product id, or "row N" when it has none.
func entityOf(l *readers.Listing) string {
	if id := readers.Trim(l.ProductID); id != "" {
		return id
	}
	return "row " + strconv.Itoa(l.Pos.Row)
}

// prepare tokenises the title, category and description of l once, finds
// the list terms in them and the repeated words of the title. With ks, it
// also works out the catalog-wide keys of l (listing i), from the same
// words.
func (r *Runner) prepare(s *scratch, l *readers.Listing, ks *Keys, i int) {
	st := &s.st
	st.hits = st.hits[:0]
	st.dups = st.dups[:0]
	st.mkOK, st.titleLenOK, st.repOK, st.termsOK = false, false, false, false
	var title *tokens
	if r.needDup || r.needLists {
		s.sc.tk.reset()
		s.sc.tk.add(l.Title, false)
		if r.needLists {
			// One pass finds the list terms and the words that say what
			// the product is; the list terms then count outside the
			// words that name no product.
			s.sc.matches = r.rec.m.scan(&s.sc.tk, s.sc.matches[:0])
			r.rec.read(&s.tv, &s.sc.tk, l.Title, s.sc.matches)
			st.hits = r.rec.m.collect(&s.sc, fieldTitle, st.hits, &s.tv)
		}
		if ks != nil && r.keyDup {
			// s.sc.tk holds the title's words until the next find.
			title = &s.sc.tk
			lk := &ks.ls[i]
			lk.dup, lk.hasDup = s.k.dupKey(l, title)
		}
		if r.needDup {
			r.duplicateWords(s, l.Title)
		}
	}
	var cat categoryInfo
	if r.needLists || ks != nil && r.keyCat {
		cat = r.category(s, l.Category)
	}
	if r.needLists {
		for _, h := range cat.hits {
			if !hasHit(st.hits, owner{h.list, h.entry}) {
				st.hits = append(st.hits, h)
			}
		}
		st.hits = r.m.findText(&s.sc, l.Description, true, fieldDescription, st.hits)
		r.decide(s, &cat)
	}
	if ks != nil {
		lk := &ks.ls[i]
		if r.keyDup && title == nil {
			lk.dup, lk.hasDup = s.k.dupKey(l, nil)
		}
		if r.keyCat {
			lk.cat, lk.hasCat = s.k.catKey(l, cat.words)
		}
		if r.keySKU {
			s.k.skus(ks, lk, l)
		}
	}
}

// categoryInfo is what the checks work out from a category cell.
type categoryInfo struct {
	hits  []hit           // the list terms it holds, as find gives them with no hits before
	words string          // its folded words, as hasher.text writes them ("" for none)
	cls   recognize.Match // the product class it maps to
}

// category reads a category cell, each distinct cell once per goroutine: a
// catalog has far fewer categories than products. Its hits are merged into the title's as
// find would have (a list entry the title already hit is not repeated).
func (r *Runner) category(s *scratch, text string) categoryInfo {
	if c, ok := s.st.cats.get(text); ok {
		return c
	}
	var c categoryInfo
	tk := &s.sc.tk
	tk.reset()
	if r.needLists {
		c.hits = r.m.find(&s.sc, text, false, fieldCategory, nil)
		c.cls = recognize.Match{Class: -1}
		if text != "" {
			c.cls = r.rec.cats.Classify(text)
		}
	} else {
		tk.add(text, false)
	}
	h := &s.k.h
	h.reset()
	h.tokens(tk)
	c.words = string(h.buf)
	s.st.cats.put(text, c)
	return c
}

// duplicateWords finds the words the title (held in s.sc.tk) repeats:
// words of three characters or more that are not numbers or stop words,
// compared after folding case and accents.
func (r *Runner) duplicateWords(s *scratch, title string) {
	r.eachRepeat(&s.sc.tk, title, func(src []span, i, n int, cjk bool, _ func(j int) bool) {
		w := title[src[i].s:src[i].e]
		if !cjk {
			w = strings.ToLower(w)
		}
		s.st.dups = append(s.st.dups, dupWord{word: w, count: n})
	})
}

// eachRepeat calls found for every word of the title (tokenised in tk)
// that title-duplicate-words reports: src holds the words' bytes in title,
// i is the first occurrence, n the number of occurrences, and same(j) says
// whether word j of src is that word. Words come first, then CJK runs
// (cjk set).
// Titles are short, so a quadratic scan beats a map and allocates nothing.
func (r *Runner) eachRepeat(tk *tokens, title string, found func(src []span, i, n int, cjk bool, same func(j int) bool)) {
	// The helpers are functions, not closures over tk: a closure that the
	// same passed to found captured would be made on the heap for every
	// title, found or not (BenchmarkListings counts the allocations).
	ok := func(i int) bool {
		w := tk.buf[tk.spans[i].s:tk.spans[i].e]
		return !isDigits(string(w)) && !r.stop[string(w)] && runeCount(title[tk.src[i].s:tk.src[i].e]) > 2
	}
	// The words are compared by a 64-bit hash first, and by their bytes
	// only when the hashes are equal.
	hs := tk.hashWords() // find hashed them already when a list check is on
	words := len(tk.spans)
	if !hashRepeats(hs) {
		words = 0 // most titles repeat no word: one tight pass says so
	}
	for i := range words {
		// Only the first spelling of a word counts, and only when it
		// repeats; ok, which looks the word up, comes last.
		seen, n := false, 1
		for j := 0; j < i && !seen; j++ {
			seen = sameWord(tk, hs, i, j)
		}
		if seen {
			continue
		}
		for j := i + 1; j < len(tk.spans); j++ {
			if sameWord(tk, hs, i, j) {
				n++
			}
		}
		if n > 1 && ok(i) {
			found(tk.src, i, n, false, func(j int) bool { return sameWord(tk, hs, i, j) })
		}
	}
	for i := range tk.cjk {
		wi := tk.cjkRun(i)
		if runeCount(string(wi)) <= 2 {
			continue
		}
		seen, n := false, 1
		for j := 0; j < i && !seen; j++ {
			seen = string(tk.cjkRun(j)) == string(wi)
		}
		if seen {
			continue
		}
		for j := i + 1; j < len(tk.cjk); j++ {
			if string(tk.cjkRun(j)) == string(wi) {
				n++
			}
		}
		if n > 1 {
			found(tk.csrc, i, n, true, func(j int) bool { return string(tk.cjkRun(j)) == string(tk.cjkRun(i)) })
		}
	}
}

// sameWord reports whether words i and j of tk, whose wordHash are hs, are
// the same word.
func sameWord(tk *tokens, hs []uint64, i, j int) bool {
	a, b := tk.spans[i], tk.spans[j]
	return hs[i] == hs[j] && string(tk.buf[a.s:a.e]) == string(tk.buf[b.s:b.e])
}

// cjkRun returns CJK run i of t.
func (t *tokens) cjkRun(i int) []byte { return t.buf[t.cjk[i].s:t.cjk[i].e] }

// Repeat is a word that title-duplicate-words reports, with where each of
// its occurrences is in the title.
type Repeat struct {
	Word string   // the first occurrence, as written
	At   [][2]int // byte offsets [start, end) of every occurrence in the title, in order
}

// Repeats returns the words of title that title-duplicate-words reports,
// found exactly as the check finds them (the same words, folding and stop
// words), so that a fix removing the later occurrences clears the finding.
// It may be called from several goroutines at once.
func (r *Runner) Repeats(title string) []Repeat {
	var tk tokens
	tk.add(title, false)
	var out []Repeat
	r.eachRepeat(&tk, title, func(src []span, i, _ int, _ bool, same func(j int) bool) {
		rp := Repeat{Word: title[src[i].s:src[i].e]}
		for j := i; j < len(src); j++ {
			if j == i || same(j) {
				rp.At = append(rp.At, [2]int{int(src[j].s), int(src[j].e)})
			}
		}
		out = append(out, rp)
	})
	return out
}

// runeCount is utf8.RuneCountInString, eight ASCII bytes at a time until
// the first byte that is not ASCII.
func runeCount(s string) int {
	i := asciiPrefix(s)
	return i + utf8.RuneCountInString(s[i:])
}

// asciiPrefix returns a length, a multiple of 8, such that s[:length] is
// ASCII and the next eight bytes (if there are eight) are not all ASCII.
func asciiPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&swar.Highs != 0 {
			break
		}
	}
	return i
}

// hashRepeats reports whether a hash comes twice in hs. A 1,024-bit
// filter on the top bits of the hashes answers most titles, which repeat
// nothing, in one pass; only when two hashes share their top bits are the
// hashes compared pairwise.
func hashRepeats(hs []uint64) bool {
	var seen [16]uint64
	for _, h := range hs {
		b := h >> 54
		if seen[b>>6]&(1<<(b&63)) != 0 {
			return hashRepeatsPairwise(hs)
		}
		seen[b>>6] |= 1 << (b & 63)
	}
	return false
}

// hashRepeatsPairwise is hashRepeats, comparing every pair.
func hashRepeatsPairwise(hs []uint64) bool {
	for i, h := range hs {
		for _, g := range hs[i+1:] {
			if g == h {
				return true
			}
		}
	}
	return false
}

// market returns where the listing being checked is sold: its ship_to
// cell, else the rules' markets. The cell is read once per listing, and
// each distinct cell once per goroutine.
func (p *Pass) market(l *readers.Listing) market {
	st := p.st
	if st.mkOK {
		return st.mk
	}
	st.mk, st.mkOK, st.mkAssumed = p.run.markets, true, true
	if readers.Trim(l.ShipTo) == "" {
		return st.mk
	}
	m, ok := st.shipTo.get(l.ShipTo)
	if !ok {
		m = parseShipTo(l.ShipTo)
		st.shipTo.put(l.ShipTo, m)
	}
	if m.known {
		st.mk, st.mkAssumed = m, false
	}
	return st.mk
}

// Catalog is the catalog-wide state of one run: the duplicate and outlier
// checks. Observe must be called from one goroutine, with the batches in
// input order.
type Catalog struct {
	r      *Runner
	states []CatalogCheck
	out    []Finding
	emit   func([]Finding) error // during FinishEach
	err    error                 // from emit
}

// finishChunk is the number of findings FinishEach hands over at once.
const finishChunk = 4096

// NewCatalog returns the catalog-wide state for one run.
func (r *Runner) NewCatalog() *Catalog {
	c := &Catalog{r: r}
	for _, ch := range r.catalog {
		p := &Pass{Rules: r.rules, Check: ch, sev: r.sev[ch.ID], reports: &c.out, run: r, flush: c.flushFull}
		c.states = append(c.states, ch.NewCatalog(p))
	}
	return c
}

// Observe feeds the listings of one batch to the catalog-wide checks and
// returns the duplicate findings they caused at once: the later rows are
// flagged, each pointing to the first occurrence.
func (c *Catalog) Observe(ls []readers.Listing) []Finding {
	ks := c.r.Keys(ls)
	defer ks.Release()
	return c.ObserveKeys(ls, ks)
}

// ObserveKeys is Observe with the keys of ls already worked out (by
// Runner.Check or Runner.Keys, on any goroutine): it only looks them up.
func (c *Catalog) ObserveKeys(ls []readers.Listing, ks *Keys) []Finding {
	c.out = c.out[:0]
	for _, s := range c.states {
		if w, ok := s.(warmer); ok {
			w.warm(ks)
		}
	}
	for i := range ls {
		k := &ks.ls[i]
		skus := ks.skus[k.sku0 : k.sku0+k.nsku]
		for _, s := range c.states {
			if kc, ok := s.(keyedCheck); ok {
				kc.observeKey(&ls[i], k, skus)
			} else {
				s.Observe(&ls[i])
			}
		}
	}
	return c.take()
}

// Expect tells the catalog-wide checks that share (0 to 1) of the input has
// been read. From a tenth on, the duplicate tables size themselves for the
// whole input at once instead of growing a quarter at a time, which saves
// CPU; the findings do not depend on it.
func (c *Catalog) Expect(share float64) {
	if !(share >= 0.1 && share <= 1) {
		return
	}
	for _, s := range c.states {
		if e, ok := s.(interface{ expectShare(float64) }); ok {
			e.expectShare(share)
		}
	}
}

// Finish ends the run and returns the findings that need every listing
// (price-outlier), in input order.
func (c *Catalog) Finish() []Finding {
	var all []Finding
	c.FinishEach(func(fs []Finding) error {
		all = append(all, fs...)
		return nil
	})
	return all
}

// FinishEach is Finish handing the findings to emit a few thousand at a
// time, as they are made, instead of all at once: memory stays flat
// however many prices stand out. emit must not keep the slice; its first
// error stops the findings and is returned.
func (c *Catalog) FinishEach(emit func([]Finding) error) error {
	c.out, c.emit, c.err = c.out[:0], emit, nil
	defer func() { c.emit = nil }()
	for _, s := range c.states {
		s.Finish()
	}
	c.flushOut()
	return c.err
}

// flushFull hands the findings over once there are enough of them.
func (c *Catalog) flushFull() {
	if c.emit != nil && len(c.out) >= finishChunk {
		c.flushOut()
	}
}

func (c *Catalog) flushOut() {
	if len(c.out) == 0 {
		return
	}
	if c.err == nil {
		c.err = c.emit(listingKind(c.out))
	}
	c.out = c.out[:0]
}

// listingKind marks fs as findings on listings and returns it.
func listingKind(fs []Finding) []Finding {
	for i := range fs {
		fs[i].Kind = "listing"
	}
	return fs
}

func (c *Catalog) take() []Finding {
	if len(c.out) == 0 {
		return nil
	}
	return listingKind(slices.Clone(c.out))
}
