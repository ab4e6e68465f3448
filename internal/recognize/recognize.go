// Package recognize holds the data that tells aecheck what a product is:
// product classes with the words that name them, the CE groups and REP
// streams each class needs, the marker words that split a title into the
// product and its context, and the mapping of category paths to classes.
//
// The data ships embedded (classes.yaml, categories.csv); a rules file adds
// to it under `recognition:` with the same keys. The package decides nothing
// about a listing itself: checks compiles the words into its term matcher,
// so that a title is still read once, and asks Categories for the class of
// a category cell.
package recognize

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/zeebo/xxh3"
	"gopkg.in/yaml.v3"
)

//go:embed classes.yaml
var classesYAML []byte

//go:embed categories.csv
var categoriesCSV []byte

// Config is the recognition data: the defaults, or what a rules file adds.
type Config struct {
	Markers    Markers    `yaml:"markers" json:"markers,omitempty"`
	Classes    []Class    `yaml:"classes" json:"classes,omitempty"`
	Categories []Category `yaml:"categories" json:"categories,omitempty"`
}

// Markers are the words that structure a title, per language.
type Markers struct {
	// Context words start what the product is used with ("for").
	Context map[string][]string `yaml:"context" json:"context,omitempty"`
	// With words start what comes with the product ("with").
	With map[string][]string `yaml:"with" json:"with,omitempty"`
	// Negation words negate the words after them ("without", "sans").
	Negation map[string][]string `yaml:"negation" json:"negation,omitempty"`
	// NegationAfter words negate the words before them ("not included").
	NegationAfter map[string][]string `yaml:"negation_after" json:"negation_after,omitempty"`
	// Colour words name a colour or finish, never a product ("gun metal").
	Colour map[string][]string `yaml:"colour" json:"colour,omitempty"`
	// Accessory words make the product an accessory ("case", "stand").
	Accessory map[string][]string `yaml:"accessory" json:"accessory,omitempty"`
	// Power words say the product itself is powered ("usb", "rechargeable").
	Power map[string][]string `yaml:"power" json:"power,omitempty"`
	// Battery words say the product holds a battery ("mAh", "li-ion").
	Battery map[string][]string `yaml:"battery" json:"battery,omitempty"`
	// Container words name what holds, carries or shows another product
	// ("carrying bag", "organizer", "étui"): a listed item named next to
	// one is what the container is made for, not what is sold.
	Container map[string][]string `yaml:"container" json:"container,omitempty"`
	// Audience words name who the product is for ("men", "enfants"): a
	// context word before one of them starts no context.
	Audience map[string][]string `yaml:"audience" json:"audience,omitempty"`
}

// MarkerKind names one kind of marker.
type MarkerKind uint8

// The marker kinds, in the order of Markers' fields.
const (
	Context MarkerKind = iota
	With
	Negation
	NegationAfter
	Colour
	Accessory
	Power
	Battery
	Container
	Audience
	NumMarkers
)

// MarkerNames are the YAML keys of the marker kinds.
var MarkerNames = [NumMarkers]string{"context", "with", "negation", "negation_after", "colour", "accessory", "power", "battery", "container", "audience"}

// Terms returns the words of marker kind k.
func (m *Markers) Terms(k MarkerKind) map[string][]string {
	return *m.field(k)
}

func (m *Markers) field(k MarkerKind) *map[string][]string {
	switch k {
	case Context:
		return &m.Context
	case With:
		return &m.With
	case Negation:
		return &m.Negation
	case NegationAfter:
		return &m.NegationAfter
	case Colour:
		return &m.Colour
	case Accessory:
		return &m.Accessory
	case Power:
		return &m.Power
	case Battery:
		return &m.Battery
	case Container:
		return &m.Container
	}
	return &m.Audience
}

// Class is one kind of product.
type Class struct {
	ID    string              `yaml:"id" json:"id"`
	Name  string              `yaml:"name" json:"name,omitempty"`
	Path  string              `yaml:"path" json:"path,omitempty"`
	Terms map[string][]string `yaml:"terms" json:"terms,omitempty"`
	CE    []string            `yaml:"ce" json:"ce,omitempty"`
	REP   []string            `yaml:"rep" json:"rep,omitempty"`
	// Clears names the prohibited, recalled and special entries a
	// product of this class never is.
	Clears []string `yaml:"clears" json:"clears,omitempty"`
	// Accessory is the class of an accessory made for this class.
	Accessory string `yaml:"accessory" json:"accessory,omitempty"`
	// Passive: the product has no power of its own.
	Passive bool `yaml:"passive" json:"passive,omitempty"`
	// Near names classes whose category is fine for this product too.
	Near []string `yaml:"near" json:"near,omitempty"`
	Off  bool     `yaml:"off" json:"off,omitempty"`
}

// Category maps a phrase of a category path to a class.
type Category struct {
	Phrase string `yaml:"phrase" json:"phrase"`
	Class  string `yaml:"class" json:"class"`
	// Broad: a top level that decides only when the title names no
	// product ("Consumer Electronics").
	Broad bool `yaml:"broad" json:"broad,omitempty"`
}

// Default returns the embedded recognition data, parsed afresh.
func Default() (*Config, error) {
	var c Config
	if err := yaml.Unmarshal(classesYAML, &c); err != nil {
		return nil, fmt.Errorf("recognize: classes.yaml: %w", err)
	}
	cats, err := readCategories(categoriesCSV)
	if err != nil {
		return nil, fmt.Errorf("recognize: categories.csv: %w", err)
	}
	c.Categories = cats
	return &c, nil
}

func readCategories(data []byte) ([]Category, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = 3
	header := true
	var out []Category
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if header {
			header = false
			continue
		}
		out = append(out, Category{Phrase: rec[0], Class: rec[1], Broad: rec[2] == "yes"})
	}
}

// Merge returns base with add applied: marker words are added, a class
// with the id of a base class replaces it (`off: true` removes it), a new
// id is added, and category mappings are added in front, so that they win
// over the defaults for the same phrase.
func Merge(base, add *Config) *Config {
	out := &Config{}
	for k := range NumMarkers {
		m := map[string][]string{}
		for lang, ws := range base.Markers.Terms(k) {
			m[lang] = slices.Clone(ws)
		}
		if add != nil {
			for lang, ws := range add.Markers.Terms(k) {
				m[lang] = append(m[lang], ws...)
			}
		}
		*out.Markers.field(k) = m
	}
	out.Classes = slices.Clone(base.Classes)
	out.Categories = slices.Clone(base.Categories)
	if add == nil {
		return out
	}
	for _, c := range add.Classes {
		i := slices.IndexFunc(out.Classes, func(b Class) bool { return b.ID == c.ID })
		switch {
		case c.Off && i >= 0:
			out.Classes = slices.Delete(out.Classes, i, i+1)
		case c.Off:
		case i >= 0:
			out.Classes[i] = c
		default:
			out.Classes = append(out.Classes, c)
		}
	}
	// What the classes turned off leave behind goes with them: the
	// default mappings to them and the references of other classes.
	ids := map[string]bool{}
	for _, c := range out.Classes {
		ids[c.ID] = true
	}
	for i := range out.Classes {
		c := &out.Classes[i]
		c.Near = slices.DeleteFunc(slices.Clone(c.Near), func(id string) bool { return !ids[id] })
		if !ids[c.Accessory] {
			c.Accessory = ""
		}
	}
	out.Categories = slices.DeleteFunc(out.Categories, func(m Category) bool { return !ids[m.Class] })
	out.Categories = append(slices.Clone(add.Categories), out.Categories...)
	return out
}

// Validate reports the first class or mapping that cannot work: an empty
// id, a class with no terms, a mapping to an unknown class.
func (c *Config) Validate() error {
	ids := map[string]bool{}
	for i, cl := range c.Classes {
		if strings.TrimSpace(cl.ID) == "" {
			return fmt.Errorf("recognition.classes[%d]: the class has no id", i)
		}
		if ids[cl.ID] {
			return fmt.Errorf("recognition.classes[%s]: two classes have this id", cl.ID)
		}
		ids[cl.ID] = true
		n := 0
		for _, ws := range cl.Terms {
			n += len(ws)
		}
		if n == 0 {
			return fmt.Errorf("recognition.classes[%s]: the class has no terms; add some under terms: en: [...]", cl.ID)
		}
	}
	for _, cl := range c.Classes {
		for _, id := range append(slices.Clone(cl.Near), cl.Accessory) {
			if id != "" && !ids[id] {
				return fmt.Errorf("recognition.classes[%s]: unknown class %q", cl.ID, id)
			}
		}
	}
	for i, m := range c.Categories {
		if strings.TrimSpace(m.Phrase) == "" {
			return fmt.Errorf("recognition.categories[%d]: the mapping has no phrase", i)
		}
		if !ids[m.Class] {
			return fmt.Errorf("recognition.categories[%d]: %q maps to unknown class %q; use one of %s", i, m.Phrase, m.Class,
				strings.Join(slices.Sorted(maps.Keys(ids)), ", "))
		}
	}
	return nil
}

// Categories finds the class of a category path. Build it with
// NewCategories; it is read-only afterwards and safe for concurrent use.
type Categories struct {
	fold    func(string) string
	byFirst map[string][]catPhrase // first folded word, singular -> phrases
}

type catPhrase struct {
	words []string // folded, singular
	class int
	broad bool
}

// NewCategories indexes the mappings of c. fold lower-cases a text, strips
// its accents and leaves its words separated by single spaces; class gives
// the index of a class id (mappings to an unknown id are skipped).
func NewCategories(c *Config, fold func(string) string, class func(id string) int) *Categories {
	return CategoriesOf(PrepareCategories(c, fold, class), fold)
}

// Match is the class a category path maps to.
type Match struct {
	Class  int    // index of the class; -1 for none
	Broad  bool   // it came from a broad level only
	Phrase string // the level of the path that decided, as written
}

// Classify returns the class of a category path: the deepest level that
// holds a mapped phrase decides; within a level the longest phrase wins,
// then the first.
func (cs *Categories) Classify(path string) Match {
	levels := splitLevels(path)
	for i := len(levels) - 1; i >= 0; i-- {
		ws := cs.levelWords(levels[i])
		best, bestLen := -1, 0
		var broad bool
		for j := range ws {
			for _, p := range cs.byFirst[ws[j]] {
				if len(p.words) <= bestLen || j+len(p.words) > len(ws) || !slices.Equal(ws[j:j+len(p.words)], p.words) {
					continue
				}
				best, bestLen, broad = p.class, len(p.words), p.broad
			}
		}
		if best >= 0 {
			// A copy: the path is a cell of a row whose memory the reader reuses.
			return Match{Class: best, Broad: broad, Phrase: strings.Clone(strings.TrimSpace(levels[i]))}
		}
	}
	return Match{Class: -1}
}

// splitLevels cuts a category path into its levels, dropping a leading
// Google taxonomy id ("505666 - Home & Garden > ...").
func splitLevels(path string) []string {
	path = strings.TrimSpace(path)
	if i := strings.Index(path, " - "); i > 0 && strings.Trim(path[:i], "0123456789") == "" {
		path = path[i+3:]
	}
	return strings.FieldsFunc(path, func(r rune) bool {
		switch r {
		case '>', '|', '/', '\\', '›', '»', '→', ';':
			return true
		}
		return false
	})
}

// splitCamel puts a space where a lower-case letter runs into an upper-case
// one, as in Amazon paths ("SmallKitchenAppliances"), before the last
// capital of an acronym that a word follows ("TVMounts", "HDMICables"),
// and around "&".
func splitCamel(s string) string {
	var b strings.Builder
	var prev rune
	for i, r := range s {
		if r == '&' {
			b.WriteByte(' ')
			prev = ' '
			continue
		}
		if upper(r) && ('a' <= prev && prev <= 'z' || upper(prev) && wordAfter(s[i+1:])) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func upper(r rune) bool { return 'A' <= r && r <= 'Z' }

// wordAfter reports whether s opens with a lower-case letter that is not
// a plural s ("SSDs", "PCs"): the capital before it starts a word.
func wordAfter(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	return s[0] != 's' || len(s) > 1 && 'a' <= s[1] && s[1] <= 'z'
}

// singular drops a plural ending from a folded word, so that "Kettles" and
// "kettle", "Batteries" and "battery" compare equal.
func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// Empty reports whether c adds nothing: no marker word, class or mapping.
func (c *Config) Empty() bool {
	for k := range NumMarkers {
		if len(c.Markers.Terms(k)) > 0 {
			return false
		}
	}
	return len(c.Classes) == 0 && len(c.Categories) == 0
}

// Fingerprint is a hash of the embedded data Default parses: a form of it
// compiled ahead of time is current when it was made from data with this
// fingerprint.
func Fingerprint() uint64 {
	h := xxh3.New()
	h.Write(classesYAML)
	h.Write([]byte{0})
	h.Write(categoriesCSV)
	return h.Sum64()
}
