package checks

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestChecks runs every testdata/<id>[.variant].csv table: each row's
// findings of check <id>, joined with " | ", must match the row's want
// regexp; an empty want means no finding. A sidecar
// testdata/<id>[.variant].rules.yaml is applied on top of the defaults; a
// check that is off by default is turned on for its own tables.
func TestChecks(t *testing.T) {
	files, err := filepath.Glob("testdata/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata tables")
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".csv")
		id, _, _ := strings.Cut(name, ".")
		t.Run(name, func(t *testing.T) {
			c := Lookup(id)
			if c == nil {
				t.Fatalf("no check %q", id)
			}
			rules := Default()
			if data, err := os.ReadFile(strings.TrimSuffix(path, ".csv") + ".rules.yaml"); err == nil {
				if rules, err = ParseRules(data, path); err != nil {
					t.Fatal(err)
				}
			}
			if c.Off {
				on := true
				cr := rules.Checks[id]
				if cr.On == nil && cr.Off == nil {
					cr.On = &on
				}
				if rules.Checks == nil {
					rules.Checks = map[string]CheckRule{}
				}
				rules.Checks[id] = cr
			}
			tb := readTable(t, path)
			got := findingsOf(t, rules, id, tb)
			// The check alone finds the same: what it reads is prepared
			// from its own Needs, not because another check needs it too.
			if alone := findingsOf(t, onlyCheck(rules, id), id, tb); !reflect.DeepEqual(alone, got) {
				t.Errorf("with every other check off: %v; with the others on: %v (is a Need missing from the check?)", alone, got)
			}
			rows := make([]int, 0, len(tb.want))
			for row := range tb.want {
				rows = append(rows, row)
			}
			sort.Ints(rows)
			passing, failing := 0, 0
			for _, row := range rows {
				want, msgs := tb.want[row], strings.Join(got[row], " | ")
				if want == "" {
					passing++
					if msgs != "" {
						t.Errorf("row %d: want no finding, got %q", row, msgs)
					}
					continue
				}
				failing++
				re, err := regexp.Compile(want)
				if err != nil {
					t.Fatalf("row %d: bad want: %v", row, err)
				}
				if msgs == "" || !re.MatchString(msgs) {
					t.Errorf("row %d: want %q, got %q", row, want, msgs)
				}
			}
			if passing == 0 || failing == 0 {
				t.Errorf("%s needs passing and failing rows (has %d passing, %d failing)", path, passing, failing)
			}
		})
	}
}

// findingsOf runs the checks of rules on tb and returns the messages of
// check id by row.
func findingsOf(t *testing.T, rules *Rules, id string, tb table) map[int][]string {
	t.Helper()
	got := map[int][]string{}
	// Batches of 3 rows, so catalog checks are tested across batches.
	for _, f := range runAll(t, mustRunner(t, rules), tb.listings, 3) {
		if f.Check != id {
			continue
		}
		if f.Severity != rules.SeverityOf(id) || f.Kind != "listing" || f.Entity == "" || f.Fix == "" {
			t.Errorf("row %d: finding not stamped: %+v", f.Pos.Row, f)
		}
		got[f.Pos.Row] = append(got[f.Pos.Row], f.Message)
	}
	return got
}

// onlyCheck returns a copy of rules with every check but id turned off.
func onlyCheck(rules *Rules, id string) *Rules {
	r := *rules
	r.Checks = map[string]CheckRule{}
	off := true
	for _, c := range All {
		cr := rules.Checks[c.ID]
		if c.ID != id {
			cr.On, cr.Off = nil, &off
		}
		r.Checks[c.ID] = cr
	}
	return &r
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for i, c := range All {
		if !kebab.MatchString(c.ID) {
			t.Errorf("%q is not kebab-case", c.ID)
		}
		if seen[c.ID] {
			t.Errorf("%s appears twice", c.ID)
		}
		seen[c.ID] = true
		if i > 0 && All[i-1].ID >= c.ID {
			t.Errorf("All is not sorted at %s", c.ID)
		}
		if Lookup(c.ID) != c {
			t.Errorf("Lookup(%q) does not return it", c.ID)
		}
		title := c.Title()
		if title == "" || len([]rune(title)) > 60 || strings.HasSuffix(title, ".") || strings.ToLower(title[:1]) != title[:1] {
			t.Errorf("%s: Doc title %q must be lowercase, at most 60 characters, no final period", c.ID, title)
		}
		if c.Help() == "" || c.Fix == "" {
			t.Errorf("%s: Doc needs a body after its title, and Fix must be set", c.ID)
		}
		if c.Severity < Info || c.Severity > Error {
			t.Errorf("%s: bad severity %v", c.ID, c.Severity)
		}
		switch c.Scope {
		case ScopeListing:
			if c.Run == nil {
				t.Errorf("%s: listing check without Run", c.ID)
			}
		case ScopeCatalog:
			if c.NewCatalog == nil {
				t.Errorf("%s: catalog check without NewCatalog", c.ID)
			}
		case ScopeAccount:
			if c.Account == nil {
				t.Errorf("%s: account check without Account", c.ID)
			}
		}
		if c.Scope == ScopeListing || c.Scope == ScopeCatalog || c.Scope == ScopeReader {
			if _, err := os.Stat(filepath.Join("testdata", c.ID+".csv")); err != nil {
				t.Errorf("%s: no testdata/%s.csv", c.ID, c.ID)
			}
		}
	}
	// Every listing check of docs/checks.md.
	for _, id := range strings.Fields(`missing-field bad-value title-too-long title-short title-duplicate-words title-cjk
		title-all-caps title-promo-words prohibited-item recalled-item special-category ce-missing rep-missing rep-invalid
		brand-unauthorised duplicate-listing duplicate-sku price-not-positive price-outlier stock-empty images-missing
		images-few images-too-many delivery-slow`) {
		if !seen[id] {
			t.Errorf("listing check %s is missing", id)
		}
	}
	for _, id := range []string{"title-all-caps", "title-promo-words"} {
		if !Lookup(id).Off {
			t.Errorf("%s must be off by default", id)
		}
	}
}

// TestCorpusNoFalseAlarms runs the term lists over real AliExpress titles
// (../shared/corpus): apart from the listed true hits, no title may match a
// prohibited, recalled or special-category term.
func TestCorpusNoFalseAlarms(t *testing.T) {
	corpora := []struct{ path, col string }{
		{"../../shared/corpus/aliexpress-search-en/aliexpress_products.csv", "Title"},
		{"../../shared/corpus/aliexpress-search-fr/aliexpress_multi_page_firefox.csv", "name"},
	}
	// A real glucose meter listing: recalled (glucometer) and a health
	// monitor (blood glucose monitor).
	// Skin creams that claim whitening among other skin-care claims, and
	// Zigbee smart light switches: the skin-whitening and radio-switch
	// recalls.
	expected := map[string]bool{"glucometer": true, "blood glucose monitor": true,
		"whitening moisturizing": true, "whitening anti-aging": true, "smart light switch": true}
	rn := mustRunner(t, Default())
	var s scratch
	n := 0
	for _, c := range corpora {
		f, err := os.Open(c.path)
		if err != nil {
			t.Skipf("corpus not available: %v", err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		ix := -1
		for i, h := range recs[0] {
			if strings.TrimPrefix(h, "\ufeff") == c.col {
				ix = i
			}
		}
		if ix < 0 {
			t.Fatalf("%s: no column %s", c.path, c.col)
		}
		for _, rec := range recs[1:] {
			n++
			s.st.hits = rn.m.find(&s.sc, rec[ix], false, fieldTitle, s.st.hits[:0])
			for _, h := range s.st.hits {
				if h.list <= listSpecial && !expected[h.term] {
					t.Errorf("%s/%s %q fires on %q", listNames[h.list], rn.lists[h.list][h.entry].ID, h.term, rec[ix])
				}
			}
		}
	}
	if n < 900 {
		t.Errorf("read only %d titles", n)
	}
}
