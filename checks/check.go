// Package checks holds every listing check and order metric of aecheck, in
// one registry. A check is a value: an ID that never changes, a default
// severity, a text for the seller, and a Run func. Checks report findings;
// the runner stamps them with the check's ID and severity.
package checks

import (
	"fmt"
	"github.com/aecheck/aecheck/internal/i18n"
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// Severity is how serious a finding is.
type Severity uint8

// Severities, from least to most serious. Never is used only by --fail-on.
const (
	Info Severity = iota + 1
	Warning
	Error
	Never Severity = 255
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	case Never:
		return "never"
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// Word returns the severity as the seller reads it, in the language of tr;
// String is the code machine outputs keep in every language.
func (s Severity) Word(tr *i18n.Printer) string {
	switch s {
	case Info:
		return tr.T(i18n.N("info"))
	case Warning:
		return tr.T(i18n.N("warning"))
	case Error:
		return tr.T(i18n.N("error"))
	}
	return s.String()
}

// ParseSeverity parses "error", "warning", "info" (and "never" for --fail-on).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(readers.Trim(s)) {
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	case "never", "none":
		return Never, nil
	}
	return 0, fmt.Errorf("unknown severity %q (use error, warning, info or never)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding is one problem found in one place.
type Finding struct {
	Check    string
	Severity Severity
	Kind     string      // "listing" or "order"
	Pos      readers.Pos // the cell (or the row, Col 0)
	Shop     string
	Entity   string      // product id for listings, order id for orders
	Value    string      // the offending value, as the file holds it (may be cut)
	Message  string      // what is wrong, in the seller's words
	Fix      string      // how to fix it
	Ref      readers.Pos // first occurrence, for duplicate checks; zero otherwise

	// Evidence says why a check that recognises products decided as it did.
	// It is nil for the checks that need none, so the common finding stays
	// small; a check that sets it never changes it after reporting.
	Evidence *Evidence
}

// Evidence is what a product-recognition check saw, as data: integrators
// read these fields instead of parsing Message.
type Evidence struct {
	Class  string   // the recognised product class, e.g. "electric-kettle"
	Entry  string   // the list entry that applies, e.g. "firearms"
	Terms  []string // the words of the listing that decided it, as written
	Groups []string // the CE groups (ce-missing) or REP streams (rep-missing) concerned

	// MissingColumn names the canonical field ("rep", "ce", "ship_to") that
	// the whole file lacks when the finding comes from that absence, so a
	// report can say it once per file with a count instead of once per row.
	MissingColumn string

	// Assumed names the settings the decision took from the rules file
	// because the row had no value, e.g. "markets" when no ship-to column
	// said where the product is sold.
	Assumed []string
}

// Less orders findings by position, then check ID, then message.
func (f *Finding) Less(g *Finding) bool {
	if f.Pos != g.Pos {
		if f.Pos.File != g.Pos.File || f.Pos.Sheet != g.Pos.Sheet || f.Pos.Row != g.Pos.Row || f.Pos.Col != g.Pos.Col {
			return f.Pos.Less(g.Pos)
		}
	}
	if f.Check != g.Check {
		return f.Check < g.Check
	}
	return f.Message < g.Message
}

// Check is one listing or order check.
type Check struct {
	ID       string   // public, stable, kebab-case; never renamed or reused
	Doc      string   // first line: lowercase title ≤ 60 chars; then why it matters and how to fix it, for a seller
	Severity Severity // default severity
	Fix      string   // how to fix it, one or two sentences for a seller
	Source   string   // where the rule comes from (seed: AliExpress's seller guide for EU sellers; ext: other public pages; uncertain: third-party summaries)
	Off      bool     // off by default; the rules file can turn it on
	Scope    Scope

	// Run checks one listing. It may run concurrently with other calls; it
	// does no I/O, starts no goroutines and never calls time.Now.
	Run func(p *Pass, l *readers.Listing)

	// NewCatalog, for catalog-wide checks, returns the state that sees every
	// listing of the run in input order, on one goroutine.
	NewCatalog func(p *Pass) CatalogCheck

	// Account, for account checks, reports on one shop's penalty points,
	// marketing activities and promotion-locked products, from the facts
	// the AccountRunner prepares once for every account check.
	Account func(p *AccountPass)

	// Order, for order checks, reports on one order through the pass. It
	// may run concurrently with other calls; it does no I/O, starts no
	// goroutines and never calls time.Now (the pass holds the as-of instant).
	Order func(p *OrderPass, o *readers.Order)

	// NewOrders, for order checks that compare an order with every other
	// order of the run, returns the state that is handed each batch and
	// reports once the last batch is in.
	NewOrders func(p *OrderPass) OrdersCheck

	// Needs lists the facts about a listing that the check reads from its
	// Pass or its catalog keys. The runner works each fact out once per
	// listing for every enabled check that declares it, and not at all
	// when none does.
	Needs Need

	// Settings, for a check the rules file tunes, calls add with each of
	// its settings and lists as r sets them, for `aecheck rules` and the
	// report's Rules sheet.
	Settings func(r *Rules, add func(setting, value string))
}

// Need is a set of facts about a listing that a check reads.
type Need uint8

// Facts a check can need.
const (
	NeedRepeatedWords Need = 1 << iota // the words the title repeats (Pass.st.dups)
	NeedListHits                       // the list terms found and the product class recognised (Pass.st.hits, Pass.st.rec)
	NeedDuplicateKey                   // the catalog key of a listing's title, brand and price
	NeedSKUKeys                        // the catalog keys of a listing's SKUs
	NeedCategoryKey                    // the catalog key of a listing's category
)

// Scope says what a check looks at.
type Scope uint8

// Scopes.
const (
	ScopeListing Scope = iota // one listing at a time
	ScopeCatalog              // every listing of the run (duplicates, outliers)
	ScopeReader               // reported by the readers (missing-field, bad-value)
	ScopeOrder                // one order, or the orders of the run
	ScopeAccount              // a shop's violations, activities and promotion-locked products
)

// String returns the scope's name: listing, catalog, reader, order or
// account.
func (s Scope) String() string {
	switch s {
	case ScopeListing:
		return "listing"
	case ScopeCatalog:
		return "catalog"
	case ScopeReader:
		return "reader"
	case ScopeOrder:
		return "order"
	case ScopeAccount:
		return "account"
	}
	return fmt.Sprintf("scope(%d)", uint8(s))
}

// Title returns the first line of Doc.
func (c *Check) Title() string {
	t, _, _ := strings.Cut(c.Doc, "\n")
	return t
}

// Help returns Doc without its first line: why it matters and how to fix it.
func (c *Check) Help() string {
	_, h, _ := strings.Cut(c.Doc, "\n")
	return readers.Trim(h)
}

// Texts returns the title, the help (why it matters and how to fix it)
// and the fix of c in the language of tr; a text the catalogue lacks stays
// in English.
func (c *Check) Texts(tr *i18n.Printer) (title, help, fix string) {
	doc := tr.T(c.Doc)
	title, help, _ = strings.Cut(doc, "\n")
	return title, readers.Trim(help), tr.T(c.Fix)
}

// CatalogCheck is the state of a catalog-wide check over one run. Observe is
// called for every listing in input order, from one goroutine; Finish once at
// the end. Both report through the Pass they were created with.
type CatalogCheck interface {
	Observe(l *readers.Listing)
	Finish()
}
