package checks

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/aecheck/aecheck/internal/recognize"
)

// Rules is the configuration of a run: the embedded defaults, extended or
// overridden by the user's rules file. Build it with Default, LoadRules or
// ParseRules; a Rules is read-only once a Runner is built from it.
type Rules struct {
	// Checks holds per-check settings keyed by check ID.
	Checks map[string]CheckRule `yaml:"checks"`
	// Thresholds are the numbers of the listing checks.
	Thresholds Thresholds `yaml:"thresholds"`
	// Markets are the countries a listing is offered in when its ship_to
	// cell is empty: ISO codes or names, "EU" for every EU/EEA country.
	Markets []string `yaml:"markets"`
	// StopWords per language (en, fr, ...) are ignored by
	// title-duplicate-words.
	StopWords map[string][]string `yaml:"stop_words"`
	// PromoWords are the words title-promo-words looks for.
	PromoWords []string `yaml:"promo_words"`
	// BrandExemptions are brand values that never need an authorisation
	// ("no brand", "generic").
	BrandExemptions []string `yaml:"brand_exemptions"`
	// AuthorisedBrands are the brands the shop may sell; empty turns
	// brand-unauthorised off.
	AuthorisedBrands []AuthorisedBrand `yaml:"authorised_brands"`
	// KnownBrands are the brands brand-unauthorised looks for in titles,
	// each with the names of its product lines (ID is the brand, Terms the
	// words per language, Except the phrases that are not the brand).
	KnownBrands []ListEntry `yaml:"known_brands"`
	// AuthorisedSpecialCategories are ids of the special_categories list
	// (or "food") the shop is authorised for.
	AuthorisedSpecialCategories []string `yaml:"authorised_special_categories"`
	// REP maps a REP stream id (such as "packaging") to the shop's unique
	// identifier (IDU) for it, valid for every listing of the shop.
	REP map[string]string `yaml:"rep"`
	// CE is the shop's CE reference (its EU declaration of conformity or
	// CE certificate number). aecheck fix --fill-from-rules writes it into
	// the empty CE cells of the products ce-missing reports; the checks do
	// not take it as a product's own, since conformity is per product.
	CE string `yaml:"ce"`
	// Lists are the term lists (defaults.yaml for the defaults).
	Lists Lists `yaml:"lists"`
	// Recognition adds to the built-in data that recognises products:
	// product classes, marker words and category mappings (see
	// internal/recognize). Empty in the defaults.
	Recognition recognize.Config `yaml:"recognition"`
	// Aliases adds header names for canonical fields: field -> headers.
	Aliases map[string][]string `yaml:"aliases"`
	// Orders holds the settings of the order findings and metrics.
	Orders OrderRules `yaml:"orders"`
	// Account holds the settings of the account health checks and metrics.
	Account AccountRules `yaml:"account"`
	// Language is the language of the findings and reports ("zh", "fr",
	// "es", "en"…) when the command line gives none; "" follows the
	// system's locale.
	Language string `yaml:"language"`

	// Source names the files the rules came from ("defaults", or
	// "defaults + rules.yaml").
	Source string `yaml:"-"`
}

// CheckRule overrides one check. On turns on a check that is off by default.
type CheckRule struct {
	Severity *Severity `yaml:"severity"`
	Off      *bool     `yaml:"off"`
	On       *bool     `yaml:"on"`
}

// Thresholds are the numbers the listing checks compare against.
type Thresholds struct {
	TitleMax                int     `yaml:"title_max"`                  // 128
	TitleMin                int     `yaml:"title_min"`                  // 60
	ImagesMin               int     `yaml:"images_min"`                 // 5
	ImagesMax               int     `yaml:"images_max"`                 // 6
	DeliveryMaxDays         int     `yaml:"delivery_max_days"`          // 5
	PriceOutlierFactor      float64 `yaml:"price_outlier_factor"`       // 10
	PriceOutlierMinListings int     `yaml:"price_outlier_min_listings"` // 5
}

// AuthorisedBrand is a brand the shop may sell, with the reason (such as
// "own brand, trademark 018765432" or "distributor agreement 2025").
type AuthorisedBrand struct {
	Name   string `yaml:"name"`
	Reason string `yaml:"reason"`
}

// Lists are the term lists (defaults.yaml for the defaults). In a rules file, an
// entry with the id of a default entry replaces it, a new id adds one, and
// `off: true` removes the entry with that id.
type Lists struct {
	Prohibited        []ListEntry `yaml:"prohibited"`
	Recalled          []ListEntry `yaml:"recalled"`
	SpecialCategories []ListEntry `yaml:"special_categories"`
	CEGroups          []ListEntry `yaml:"ce_groups"`
	REPStreams        []ListEntry `yaml:"rep_streams"`
}

// ListEntry is one entry of a list: terms per language ("en", "fr", "zh",
// ...), matched as whole words or phrases regardless of case and accents
// (Chinese terms match inside Chinese text). A term that shares a word
// with one of the Except phrases does not count ("glue gun" is not a
// firearm, nor is the "air pistol" of "air pistol grip").
type ListEntry struct {
	ID     string              `yaml:"id"`
	Reason string              `yaml:"reason"`
	Terms  map[string][]string `yaml:"terms"`
	Except []string            `yaml:"except"`
	// Unless names an authorisation that silences the entry: a shop with
	// that id in authorised_special_categories may sell it ("food").
	Unless string `yaml:"unless"`
	// Equipment says that a prohibited entry's goods are ordinary
	// electrical equipment elsewhere (a hidden camera is a camera): they
	// still get their CE groups and REP streams. The goods of every other
	// prohibited entry are to be removed, not certified.
	Equipment bool `yaml:"equipment"`
	Off       bool `yaml:"off"`
}

// OrderRules are the settings of the order findings and metrics (docs/orders.md). Defaults live in the
// embedded default rules file.
type OrderRules struct {
	HandlingDays        int         `yaml:"handling_days"`         // 3
	Holidays            []time.Time `yaml:"holidays"`              // dates, no working day
	ShipDueSoonHours    int         `yaml:"ship_due_soon_hours"`   // 24
	DisputeResponseDays int         `yaml:"dispute_response_days"` // 3
	SuspiciousFactor    float64     `yaml:"suspicious_factor"`     // 10
	SuspiciousMinOrders int         `yaml:"suspicious_min_orders"` // 20
	// Thresholds maps a metric name (such as "nr_rate") to its warn and
	// alert levels. An entry in a rules file replaces the whole default entry.
	Thresholds             map[string]Threshold `yaml:"thresholds"`
	CarrierMinOrders       int                  `yaml:"carrier_min_orders"`           // 30
	CarrierOnTime          float64              `yaml:"carrier_on_time"`              // 0.85
	WrongDescMinOrders     int                  `yaml:"described_wrongly_min_orders"` // 10
	WrongDescSNAD          float64              `yaml:"described_wrongly_snad_rate"`  // 0.05
	PromotionWindowDays    int                  `yaml:"promotion_window_days"`        // 90 (30, 90 or 180)
	PromotionMinRating     float64              `yaml:"promotion_min_rating"`         // 4.5
	PromotionMinRatings    int                  `yaml:"promotion_min_evaluations"`    // more than 5
	PromotionMinOnlineHour int                  `yaml:"promotion_min_online_hours"`   // 24
}

// AccountRules are the settings of the account health checks: penalty
// points and marketing activities. Defaults live in the embedded default
// rules file; docs/account.md says which come from the platform.
type AccountRules struct {
	ClosurePoints         float64  `yaml:"closure_points"`          // 48
	SeriousIPLimit        int      `yaml:"serious_ip_limit"`        // 3
	FreezeStepPoints      float64  `yaml:"freeze_step_points"`      // 12
	FreezeDays            int      `yaml:"freeze_days"`             // 7
	PointsLiveDays        int      `yaml:"points_live_days"`        // 365
	ExpiringWindowDays    int      `yaml:"expiring_window_days"`    // 30
	CancellationsPerMonth int      `yaml:"cancellations_per_month"` // 5
	OverQuotaPenaltyDays  int      `yaml:"over_quota_penalty_days"` // 30
	QuitPenaltyDays       int      `yaml:"quit_penalty_days"`       // 30
	QuitPenaltyDaysTop    int      `yaml:"quit_penalty_days_top"`   // 60
	TopLevels             []string `yaml:"top_levels"`              // S, A+
	LateWorkingDays       int      `yaml:"late_working_days"`       // 1
}

// Threshold is the warn and alert level of one metric. Lower says whether a
// low value is the bad one (ratings); otherwise a high value is.
type Threshold struct {
	Warn      float64 `yaml:"warn"`
	Alert     float64 `yaml:"alert"`
	Lower     bool    `yaml:"lower_is_worse"`
	WarnAbove bool    `yaml:"warn_above_zero"` // unsent_rate: any value > 0 warns
}

// RuleValue is one setting a check used, shown in the report's Rules sheet.
type RuleValue struct {
	Check   string // check ID, or "" for run-wide settings
	Setting string // such as "max_title"
	Value   string
}

//go:embed defaults.yaml
var defaultsYAML []byte

// DefaultsYAML returns the embedded default rules file, for `aecheck rules`.
func DefaultsYAML() []byte { return bytes.Clone(defaultsYAML) }

// Default returns a fresh copy of the embedded default rules: defaultRules,
// which TestDefaultsGo holds equal to defaults.yaml parsed (after editing
// defaults.yaml, `go test ./checks -run TestDefaultsGo -update` writes
// defaults_gen.go again).
func Default() *Rules {
	return defaultRules()
}

// ParseRules applies the YAML rules file data, named name in errors, on top
// of the defaults. Unknown keys, wrong types, unknown check IDs or
// severities, negative numbers and list entries without id or terms are
// errors that name the file, the line and the key.
func ParseRules(data []byte, name string) (*Rules, error) {
	r := Default()
	if err := r.parse(data, name); err != nil {
		return nil, err
	}
	r.Source = "defaults + " + name
	return r, nil
}

// MaxRulesSize is the largest rules file, in bytes: lists of tens of
// thousands of terms fit many times over.
const MaxRulesSize = 4 << 20

// MaxRulesValues is the most values (keys, list items, terms) a rules
// file may hold once its aliases (*name) are expanded. It is checked
// before anything walks the file, so an alias bomb (each alias a list of
// aliases) is refused in time linear in the file's size.
const MaxRulesValues = 1_000_000

// MaxRulesWords is the most values (entries, words and phrases, with their
// keys) a rules file may add under `lists` and `recognition`, aliases
// expanded. Every word is compiled into the matcher at start: 18,000 words
// add about 0.2 s and 23 MB to a run, while 320,000 (a 3.8 MB file) took
// 10 s of CPU and 430 MB. A shop's own lists run to hundreds of words.
const MaxRulesWords = 50_000

// parse applies one YAML document on top of r and validates the result.
func (r *Rules) parse(data []byte, name string) error {
	if len(data) > MaxRulesSize {
		return fmt.Errorf("rules file %s: larger than %d MB; a rules file holds settings and lists, far less than that: is it the right file?", name, MaxRulesSize>>20)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		return fmt.Errorf("rules file %s: %s: the file is not valid YAML; check the indentation (spaces, not tabs) and the quotes on that line", name, msg)
	}
	// A second document ("---") would be ignored: the run would check with
	// settings the seller did not mean.
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		line := 0
		if err == nil {
			line = more.Line
		}
		return fmt.Errorf("rules file %s: line %d: a second YAML document starts here (after ---); aecheck reads one: put all the settings in one document", name, line)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return r.Validate() // an empty file changes nothing
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return r.Validate()
	}
	if n := expandedSize(root, map[*yaml.Node]int{}); n > MaxRulesValues {
		return fmt.Errorf("rules file %s: its aliases (*name) expand to more than %d values; write the lists out, or use fewer aliases inside aliases", name, MaxRulesValues)
	}
	if root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			key, val := root.Content[i].Value, root.Content[i+1]
			if key != "lists" && key != "recognition" {
				continue
			}
			if n := expandedSize(val, map[*yaml.Node]int{}); n > MaxRulesWords {
				return fmt.Errorf("rules file %s: line %d: %s holds more than %d entries and words; aecheck compiles every word at start, and a shop's own lists run to hundreds: keep the words that matter to your products", name, val.Line, key, MaxRulesWords)
			}
		}
	}
	if err := walk(root, reflect.TypeOf(Rules{}), ""); err != nil {
		return fmt.Errorf("rules file %s: %w", name, err)
	}
	if err := root.Decode(r); err != nil {
		return fmt.Errorf("rules file %s: %s", name, strings.ReplaceAll(strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "), "\n  ", "; "))
	}
	if err := r.Validate(); err != nil {
		var ve *ruleError
		if errors.As(err, &ve) {
			if line := lineOf(root, ve.path); line > 0 {
				return fmt.Errorf("rules file %s: line %d: %s: %s", name, line, strings.Join(ve.path, "."), ve.msg)
			}
		}
		return fmt.Errorf("rules file %s: %w", name, err)
	}
	return nil
}
