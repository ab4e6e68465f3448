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
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// Actions: what a change did. They are public, as check IDs are.
const (
	ActionCleanSpaces = "clean-spaces" // leading, trailing and doubled spaces, invisible characters
	ActionDropRepeats = "drop-repeats" // later occurrences of a repeated word removed
	ActionCutTitle    = "cut-title"    // title cut at the last word that fits
	ActionFillREP     = "fill-rep"     // the shop's REP identifiers written into an empty cell
)

// Change is one change made to one cell. Changes to the same cell come in
// the order they are made: the After of one is the Before of the next.
type Change struct {
	Pos    readers.Pos // the cell (File, Sheet, Row as a spreadsheet shows it, Col, Field)
	Action string      // one of the Action constants
	Check  string      // the check whose finding the change clears; "" when none reported it
	Before string
	After  string
	Why    string // why the change is safe and needed, in a seller's words
}

// Options says which fixes to make.
type Options struct {
	Rules *checks.Rules // the rules of the run; nil: the embedded defaults
	// NoFix marks the cells and changes nothing.
	NoFix bool
	// FillFromRules writes the shop-level values the rules file knows
	// (its REP identifiers) into the empty cells of their column.
	FillFromRules bool
}

// Planner decides the changes of each cell. It may be used from several
// goroutines at once.
type Planner struct {
	opt Options
	rn  *checks.Runner
	max int
	rep string // the rules' REP identifiers as a cell holds them; "" when none
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
	p := &Planner{opt: opt, rn: rn, max: opt.Rules.Thresholds.TitleMax}
	if opt.FillFromRules && len(opt.Rules.REP) > 0 {
		var parts []string
		for _, s := range slices.Sorted(maps.Keys(opt.Rules.REP)) {
			parts = append(parts, s+":"+opt.Rules.REP[s])
		}
		p.rep = strings.Join(parts, "; ")
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
		add(ActionCleanSpaces, "", c, whyCleanSpaces)
	}
	if has(fs, checks.TitleDuplicateWords.ID) {
		if d := DropRepeats(cur, p.rn.Repeats(cur)); d != cur {
			add(ActionDropRepeats, checks.TitleDuplicateWords.ID, d, whyDropRepeats)
		}
	}
	if has(fs, checks.TitleTooLong.ID) && utf8.RuneCountInString(cur) > p.max {
		if c, ok := Cut(cur, p.max); ok && c != cur {
			add(ActionCutTitle, checks.TitleTooLong.ID, c, fmt.Sprintf(whyCutTitle, utf8.RuneCountInString(cur), p.max, utf8.RuneCountInString(c)))
		}
	}
	return out
}

// REP returns the change of an empty REP cell when the rules file holds
// the shop's REP identifiers and FillFromRules is on.
func (p *Planner) REP(at readers.Pos, value string, fs []checks.Finding) []Change {
	if p.opt.NoFix || p.rep == "" || readers.Trim(value) != "" {
		return nil
	}
	check := ""
	if has(fs, checks.REPMissing.ID) {
		check = checks.REPMissing.ID
	}
	return []Change{{Pos: at, Action: ActionFillREP, Check: check, Before: value, After: p.rep, Why: whyFillREP}}
}

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
		if pos, fs, ok := at(l, "rep"); ok {
			out = append(out, p.REP(pos, l.REP, fs)...)
		}
	}
	return out, nil
}
