package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/recognize"
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
	knownBrands *knownBrands    // brands a title may claim (brand-unauthorised); nil when the check is silent
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
	termBuf []string // terms' memory, reused from listing to listing
	termsOK bool
	ev      Evidence     // the Evidence being built (see Pass.evidence)
	evMemo  evidenceMemo // the Evidence handed out lately

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
	// made holds the messages and evidence of the recognition findings
	// made lately, by what they were made from (see Pass.madeKey).
	made cellMemo[madeFinding]
	key  []byte // the key being built, reused
	// nums holds the messages reportNum made, by check (Pass.slot-1) and
	// number.
	nums [][numMsgs]string
	// places holds, by check (Pass.slot-1), where reportAt last placed
	// a finding; placesGen counts the times one of them changed.
	places    []placeMemo
	placesGen int

	brand brandScratch // brand-unauthorised's reading of the title, reused
}

// dupWord is a word the title repeats.
type dupWord struct {
	word  string // as the title first spells it, lower case
	count int
}

// scratch holds one goroutine's reusable buffers.
type scratch struct {
	sc   scanner
	st   listingState
	k    keyer
	tv   titleView
	desc descMemo
	// order is the listing checks (indices in Runner.listing) in the
	// order they run, worked out by reorder when placesGen was orderGen;
	// runs holds their Run funcs in that order.
	order    []int
	runs     []func(*Pass, *readers.Listing)
	orderGen int
}

// descMemo is the last description a goroutine matched and the list
// entries found in it. Rows in a row often share their description (the
// variants of one product, a template the shop fills in), and matching a
// description costs more than all the other cells but the title.
type descMemo struct {
	text []byte // a copy: a cell is part of a string of many rows (see cellMemo)
	hits []hit  // found with no hits before, as findText gives them
	ok   bool
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
	if rn.knownBrands, err = compileKnownBrands(rn); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
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
	// The checks run in s.order, their Run funcs in s.runs (reorder
	// changes their contents, never the slices).
	if len(s.order) != len(r.listing) {
		s.order, s.runs, s.orderGen = make([]int, len(r.listing)), make([]func(*Pass, *readers.Listing), len(r.listing)), -1
		r.reorder(s, nil)
	}
	order, runs := s.order, s.runs[:len(s.order)]
	p := &Pass{Rules: r.rules, reports: &out, run: r, st: &s.st}
	for i := range ls {
		l := &ls[i]
		start := len(out)
		r.prepare(s, l, ks, i)
		entity := entityOf(l)
		p.entity, p.shop, p.l = entity, l.Shop, l
		for j, k := range order {
			p.slot = k + 1 // the check, for p.check
			runs[j](p, l)
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
				Check: pr.Check, Severity: r.severity(pr.Check), Kind: "listing", Pos: pr.Pos, Shop: l.Shop,
				Entity: entity, Value: readers.ClipValue(pr.Value), Message: pr.Msg, Fix: fix,
			})
		}
		mine := out[start:]
		if len(mine) == 0 {
			continue
		}
		if sortInRow(mine) && s.orderGen != s.st.placesGen {
			r.reorder(s, l.Cols)
		}
	}
	return out
}

// reorder sets the order in which the listing checks run from the columns
// where they last reported in table cols: by column, then in the order of
// Runner.listing (by ID), as compareInRow sorts their findings. A check
// that has not reported there runs first. A listing's findings then come
// out sorted as a rule, and sortInRow only compares them: moving a
// 264-byte finding cost more than a comparison. The order never changes
// the findings, only how much sorting them costs.
func (r *Runner) reorder(s *scratch, cols *readers.Columns) {
	st := &s.st
	col := func(k int) int {
		if cols != nil && k < len(st.places) && st.places[k].cols == cols {
			return st.places[k].col
		}
		return 0
	}
	for k := range s.order {
		s.order[k] = k
	}
	slices.SortStableFunc(s.order, func(a, b int) int { return cmp.Compare(col(a), col(b)) })
	for j, k := range s.order {
		s.runs[j] = r.listing[k].Run
	}
	s.orderGen = st.placesGen
}

// sortInRow sorts the findings of one listing by compareInRow, keeping the
// order of equal ones, and reports whether any moved. A listing has a
// handful of findings, so an insertion sort that compares them in place:
// slices.SortStableFunc copied both findings into every comparison, a
// fifth of what a finding cost.
func sortInRow(fs []Finding) bool {
	if len(fs) > 32 {
		moved := !slices.IsSortedFunc(fs, func(a, b Finding) int { return compareInRow(&a, &b) })
		slices.SortStableFunc(fs, func(a, b Finding) int { return compareInRow(&a, &b) })
		return moved
	}
	moved := false
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && compareInRow(&fs[j-1], &fs[j]) > 0; j-- {
			fs[j-1], fs[j] = fs[j], fs[j-1]
			moved = true
		}
	}
	return moved
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
		st.hits = r.description(s, l.Description, st.hits)
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

// description appends to hits the list entries found in a description, as
// findText does, matching it only when it is not the description of the
// goroutine's last listing. The entries are merged as findText would have
// (one already in hits is not repeated), as a category's are.
func (r *Runner) description(s *scratch, text string, hits []hit) []hit {
	d := &s.desc
	if !d.ok || string(d.text) != text {
		d.hits = r.m.findText(&s.sc, text, true, fieldDescription, d.hits[:0])
		d.text = append(d.text[:0], text...)
		d.ok = true
	}
	for _, h := range d.hits {
		if !hasHit(hits, owner{h.list, h.entry}) {
			hits = append(hits, h)
		}
	}
	return hits
}

// categoryInfo is what the checks work out from a category cell.
type categoryInfo struct {
	hits  []hit           // the list terms it holds, as find gives them with no hits before
	words string          // its folded words, as hasher.text writes them ("" for none)
	cls   recognize.Match // the product class it maps to
	facts catFacts        // what category-mismatch needs of it, once it maps to a class
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
		if c.cls.Class >= 0 {
			c.facts = r.rec.catFacts(text, c.cls)
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
