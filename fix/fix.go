// Package fix hands a seller back their own catalog, marked up and with the
// safe fixes made: every cell with a finding highlighted by severity and
// carrying a note (what is wrong, how to fix it), a last column "aecheck"
// that lists each row's problems, and a list of every change made.
//
// A fix is made only when it cannot change what the product is: a title
// over the limit cut at a word boundary keeping its head, repeated words
// removed keeping the first (never numbers, sizes or model names), stray
// spaces and invisible characters removed, and, when asked, the shop's REP
// identifiers from the rules file written into empty REP cells. Anything
// that needs a person (a prohibited product, a missing image, a price) is
// marked, never changed.
//
// Integrators call Plan to get the changes as data and apply them in their
// own system; the command line calls Write, which copies the seller's
// file (XLSX, CSV or TSV) with the changes applied and the marks added.
package fix

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// Actions: what a change did. They are public, as check IDs are.
const (
	ActionCleanSpaces = "clean-spaces" // leading, trailing and doubled spaces, invisible characters
	ActionDropRepeats = "drop-repeats" // later occurrences of a repeated word removed
	ActionCutTitle    = "cut-title"    // title cut at the last word that fits, filler and repeats dropped first
	ActionFillREP     = "fill-rep"     // the shop's REP identifiers written into an empty cell
	ActionFillCE      = "fill-ce"      // the shop's CE reference written into an empty cell
)

// Change is one change made to one cell. Changes to the same cell come in
// the order they are made: the After of one is the Before of the next.
type Change struct {
	Pos    readers.Pos // the cell (File, Sheet, Row as a spreadsheet shows it, Col, Field)
	Action string      // one of the Action constants
	Check  string      // the check whose finding the change clears; "" when none reported it
	Before string
	After  string
	Why    string // why the change is safe and needed, in the seller's language
}

// Options says which fixes to make.
type Options struct {
	Rules *checks.Rules // the rules of the run; nil: the embedded defaults
	// NoFix marks the cells and changes nothing.
	NoFix bool
	// FillFromRules writes the shop-level values the rules file knows
	// (its REP identifiers and CE reference) into the empty cells of their
	// column.
	FillFromRules bool
}

// Planner decides the changes of each cell. It may be used from several
// goroutines at once.
type Planner struct {
	opt    Options
	rn     *checks.Runner
	tr     *i18n.Printer // the seller's language (Rules.Language)
	max    int
	filler [][]string // the rules' promotional words, each split in words, lower case
	rep    string     // the rules' REP identifiers as a cell holds them; "" when none
	ce     string     // the rules' CE reference; "" when none
}

// NewPlanner compiles the rules for planning.
func NewPlanner(opt Options) (*Planner, error) {
	if opt.Rules == nil {
		opt.Rules = checks.Default()
	}
	rn, err := checks.NewRunner(opt.Rules)
	if err != nil {
		return nil, err
	}
	p := &Planner{opt: opt, rn: rn, tr: i18n.For(opt.Rules.Language), max: opt.Rules.Thresholds.TitleMax}
	for _, w := range opt.Rules.PromoWords {
		if ws := strings.Fields(strings.ToLower(w)); len(ws) > 0 {
			p.filler = append(p.filler, ws)
		}
	}
	if opt.FillFromRules && len(opt.Rules.REP) > 0 {
		var parts []string
		for _, s := range slices.Sorted(maps.Keys(opt.Rules.REP)) {
			parts = append(parts, s+":"+opt.Rules.REP[s])
		}
		p.rep = strings.Join(parts, "; ")
	}
	if opt.FillFromRules {
		p.ce = readers.Trim(opt.Rules.CE)
	}
	return p, nil
}

// Title returns the changes of a title cell holding value, given the
// findings reported at that cell, in the order they apply. The cut and the
// removal of repeats are made only for the findings that ask for them, so a
// check turned off in the rules changes nothing.
func (p *Planner) Title(at readers.Pos, value string, fs []checks.Finding) []Change {
	if p.opt.NoFix {
		return nil
	}
	var out []Change
	cur := value
	add := func(action, check, after, why string) {
		out = append(out, Change{Pos: at, Action: action, Check: check, Before: cur, After: after, Why: why})
		cur = after
	}
	if c := CleanSpaces(cur); c != cur {
		add(ActionCleanSpaces, "", c, p.tr.T(whyCleanSpaces))
	}
	if has(fs, checks.TitleDuplicateWords.ID) {
		if d := DropRepeats(cur, p.rn.Repeats(cur)); d != cur {
			add(ActionDropRepeats, checks.TitleDuplicateWords.ID, d, p.tr.T(whyDropRepeats))
		}
	}
	if n := utf8.RuneCountInString(cur); has(fs, checks.TitleTooLong.ID) && n > p.max {
		short, dropped := Shorten(cur, p.max, p.filler)
		if c, ok := Cut(short, p.max); ok && c != cur {
			why := p.tr.Sprintf(whyCutTitle, n, p.max, utf8.RuneCountInString(c))
			if len(dropped) > 0 {
				why = p.tr.Sprintf(whyCutFiller, n, p.max, strings.Join(dropped, ", "), utf8.RuneCountInString(c))
			}
			add(ActionCutTitle, checks.TitleTooLong.ID, c, why)
		}
	}
	return out
}

// Text returns the changes of a text cell other than the title that the
// checks read (description, category, brand, CE, REP, countries): its
// spaces and invisible characters cleaned, and, for the CE and REP
// columns, the shop's value from the rules file when the cell is empty and
// FillFromRules is on. Ids, numbers and prices are never given to it.
func (p *Planner) Text(at readers.Pos, field, value string, fs []checks.Finding) []Change {
	if p.opt.NoFix {
		return nil
	}
	var fill []Change
	switch field {
	case "rep":
		// Every product sold in France has at least its packaging stream.
		fill = p.fill(at, value, fs, p.rep, checks.REPMissing.ID, ActionFillREP, whyFillREP)
	case "ce":
		// A CE reference claims the product conforms: it goes only where
		// the check says the product needs one.
		if has(fs, checks.CEMissing.ID) {
			fill = p.fill(at, value, fs, p.ce, checks.CEMissing.ID, ActionFillCE, whyFillCE)
		}
	}
	if fill != nil {
		return fill
	}
	clean := CleanLines
	if field == "description" {
		clean = CleanEdges
	}
	if c := clean(value); c != value {
		return []Change{{Pos: at, Action: ActionCleanSpaces, Before: value, After: c, Why: p.tr.T(whyCleanSpaces)}}
	}
	return nil
}

// fill returns the change that writes the shop-level value v into an
// empty cell, naming the check whose finding it clears when one was
// reported there.
func (p *Planner) fill(at readers.Pos, value string, fs []checks.Finding, v, check, action, why string) []Change {
	if v == "" || readers.Trim(value) != "" {
		return nil
	}
	if !has(fs, check) {
		check = ""
	}
	return []Change{{Pos: at, Action: action, Check: check, Before: value, After: v, Why: p.tr.T(why)}}
}

// textFields are the text columns the checks read that Text cleans, the
// title aside: never ids, numbers, prices, dates or image links.
var textFields = []string{"description", "category", "brand", "ce", "rep", "ship_to"}

// Fixed reports whether the finding f no longer holds once the changes cs
// of its cell are made: the title fits, or the word it names no longer
// repeats.
func (p *Planner) Fixed(f *checks.Finding, cs []Change) bool {
	if len(cs) == 0 {
		return false
	}
	after := cs[len(cs)-1].After
	switch f.Check {
	case checks.TitleTooLong.ID:
		return utf8.RuneCountInString(readers.Trim(after)) <= p.max
	case checks.TitleDuplicateWords.ID:
		for _, r := range p.rn.Repeats(after) {
			w := r.Word
			if utf8.RuneCountInString(w) > 0 && !isCJKWord(w) {
				w = strings.ToLower(w)
			}
			if strings.Contains(f.Message, strconv.Quote(w)) {
				return false
			}
		}
		return true
	case checks.REPMissing.ID:
		return cs[len(cs)-1].Action == ActionFillREP
	case checks.CEMissing.ID:
		return cs[len(cs)-1].Action == ActionFillCE
	}
	return false
}

func isCJKWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return r >= 0x2E80
}

func has(fs []checks.Finding, id string) bool {
	for i := range fs {
		if fs[i].Check == id {
			return true
		}
	}
	return false
}

// Plan returns the changes for listings as read by package readers, given
// the findings of a run over them (pipeline.Config.OnFinding gives them).
// The listings' texts are what the reader made of the cells; Write works
// on the cells themselves.
func Plan(listings []readers.Listing, findings []checks.Finding, opt Options) ([]Change, error) {
	p, err := NewPlanner(opt)
	if err != nil {
		return nil, err
	}
	byCell := map[readers.Pos][]checks.Finding{}
	for _, f := range findings {
		k := f.Pos
		k.Line, k.Field = 0, ""
		byCell[k] = append(byCell[k], f)
	}
	at := func(l *readers.Listing, field string) (readers.Pos, []checks.Finding, bool) {
		pos := l.At(field)
		if pos.Col == 0 {
			return pos, nil, false
		}
		k := pos
		k.Line, k.Field = 0, ""
		return pos, byCell[k], true
	}
	var out []Change
	for i := range listings {
		l := &listings[i]
		if pos, fs, ok := at(l, "title"); ok {
			out = append(out, p.Title(pos, l.Title, fs)...)
		}
		for _, name := range textFields {
			if pos, fs, ok := at(l, name); ok {
				out = append(out, p.Text(pos, name, listingText(l, name), fs)...)
			}
		}
	}
	return out, nil
}

// listingText is the text of field name of a listing, for the fields of
// textFields.
func listingText(l *readers.Listing, name string) string {
	switch name {
	case "description":
		return l.Description
	case "category":
		return l.Category
	case "brand":
		return l.Brand
	case "ce":
		return l.CE
	case "rep":
		return l.REP
	case "ship_to":
		return l.ShipTo
	}
	return ""
}
