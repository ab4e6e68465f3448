package checks

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/aecheck/aecheck/internal/recognize"
	"github.com/aecheck/aecheck/readers"
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
	// AuthorisedSpecialCategories are ids of the special_categories list
	// (or "food") the shop is authorised for.
	AuthorisedSpecialCategories []string `yaml:"authorised_special_categories"`
	// REP maps a REP stream id (such as "packaging") to the shop's unique
	// identifier (IDU) for it, valid for every listing of the shop.
	REP map[string]string `yaml:"rep"`
	// Lists are the term lists of DOMAIN.md section 5.
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

	err error // a broken embedded default file; reported by Validate
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

// Lists are the term lists of DOMAIN.md section 5. In a rules file, an
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
// (Chinese terms match inside Chinese text). A term found inside one of the
// Except phrases does not count ("glue gun" is not a firearm).
type ListEntry struct {
	ID     string              `yaml:"id"`
	Reason string              `yaml:"reason"`
	Terms  map[string][]string `yaml:"terms"`
	Except []string            `yaml:"except"`
	// Unless names an authorisation that silences the entry: a shop with
	// that id in authorised_special_categories may sell it ("food").
	Unless string `yaml:"unless"`
	Off    bool   `yaml:"off"`
}

// OrderRules are the settings of DOMAIN.md section 3. Defaults live in the
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

// defaultsJSON is defaultsYAML parsed, as JSON: every run starts from the
// defaults, and decoding this takes under 1 ms where parsing the YAML took
// 4-5.5 ms (a fifth of a small catalog's run). TestDefaultsJSON holds the
// two equal; after editing defaults.yaml, `go test ./checks -run
// TestDefaultsJSON -update` writes this file again.
//
//go:embed defaults.json
var defaultsJSON []byte

// Default returns a fresh copy of the embedded default rules.
func Default() *Rules {
	r := &Rules{}
	if err := json.Unmarshal(defaultsJSON, r); err != nil {
		return parseDefaults()
	}
	r.Source = "defaults"
	return r
}

// parseDefaults returns the embedded default rules parsed from the YAML
// file, which defaultsJSON is made from.
func parseDefaults() *Rules {
	r := &Rules{}
	if err := r.parse(defaultsYAML, "defaults.yaml (embedded)"); err != nil {
		return &Rules{err: fmt.Errorf("embedded default rules: %w", err)}
	}
	r.Source = "defaults"
	return r
}

// ParseRules applies the YAML rules file data, named name in errors, on top
// of the defaults. Unknown keys, wrong types, unknown check IDs or
// severities, negative numbers and list entries without id or terms are
// errors that name the file, the line and the key.
func ParseRules(data []byte, name string) (*Rules, error) {
	r := Default()
	if r.err != nil {
		return nil, r.err
	}
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

// ruleError is a Validate error at a key of the rules file.
type ruleError struct {
	path []string // keys; "[x]" is the sequence item x, or the item whose id or name is x
	msg  string
}

func (e *ruleError) Error() string { return strings.Join(e.path, ".") + ": " + e.msg }

func ruleErr(msg string, path ...string) error { return &ruleError{path: path, msg: msg} }

// Validate reports the first setting that cannot work.
func (r *Rules) Validate() error {
	if r == nil {
		return errors.New("no rules")
	}
	if r.err != nil {
		return r.err
	}
	for _, id := range slices.Sorted(maps.Keys(r.Checks)) {
		c := Lookup(id)
		if c == nil {
			return ruleErr(fmt.Sprintf("no check has this ID%s; `aecheck rules` lists them", suggest(id, allIDs())), "checks", id)
		}
		cr := r.Checks[id]
		if cr.Severity != nil && (*cr.Severity < Info || *cr.Severity > Error) {
			return ruleErr("severity must be error, warning or info", "checks", id, "severity")
		}
		if cr.On != nil && cr.Off != nil && *cr.On == *cr.Off {
			return ruleErr("on and off say opposite things; keep one of them", "checks", id)
		}
	}
	t := r.Thresholds
	for _, v := range []struct {
		key string
		n   float64
		min float64
	}{
		{"title_max", float64(t.TitleMax), 1}, {"title_min", float64(t.TitleMin), 0},
		{"images_min", float64(t.ImagesMin), 0}, {"images_max", float64(t.ImagesMax), 1},
		{"delivery_max_days", float64(t.DeliveryMaxDays), 1}, {"price_outlier_factor", t.PriceOutlierFactor, 1.0000001},
		{"price_outlier_min_listings", float64(t.PriceOutlierMinListings), 1},
	} {
		if v.n < v.min {
			return ruleErr(fmt.Sprintf("%g is too small; use a number of at least %g", v.n, v.min), "thresholds", v.key)
		}
	}
	if t.TitleMin > t.TitleMax {
		return ruleErr(fmt.Sprintf("title_min (%d) is above title_max (%d)", t.TitleMin, t.TitleMax), "thresholds", "title_min")
	}
	for _, m := range r.Markets {
		if _, ok := parseMarket(m); !ok {
			return ruleErr(fmt.Sprintf("%q is not a country aecheck knows; use an ISO code such as FR or DE, a country name, or EU", m), "markets", "["+m+"]")
		}
	}
	for _, b := range r.AuthorisedBrands {
		if readers.Trim(b.Name) == "" {
			return ruleErr("an entry has no name; write `- name: Brand` with a `reason:`", "authorised_brands")
		}
	}
	lists := r.lists()
	for k := listKind(0); k < listPromo; k++ {
		seen := map[string]bool{}
		for _, e := range lists[k] {
			if readers.Trim(e.ID) == "" {
				return ruleErr("an entry has no id; give each entry `id:`, `reason:` and `terms:`", "lists", listNames[k])
			}
			if seen[e.ID] {
				return ruleErr("two entries have this id; ids must be unique within a list", "lists", listNames[k], "["+e.ID+"]")
			}
			seen[e.ID] = true
			if countTerms(e.Terms) == 0 {
				return ruleErr("the entry has no terms; add `terms:` with a list of words per language (en, fr, ...)", "lists", listNames[k], "["+e.ID+"]")
			}
		}
	}
	auth := r.authorisable()
	for _, id := range r.AuthorisedSpecialCategories {
		if !auth[id] {
			return ruleErr(fmt.Sprintf("%q is not a special category id%s; use an id of lists.special_categories or food", id, suggest(id, slices.Sorted(maps.Keys(auth)))), "authorised_special_categories", "["+id+"]")
		}
	}
	streams := map[string]bool{}
	for _, e := range r.Lists.REPStreams {
		streams[e.ID] = true
	}
	if !streams["packaging"] {
		return ruleErr("the packaging stream cannot be removed: every product sold in France has packaging", "lists", "rep_streams")
	}
	for _, s := range slices.Sorted(maps.Keys(r.REP)) {
		if !streams[s] {
			return ruleErr(fmt.Sprintf("no REP stream has this id%s; use an id of lists.rep_streams", suggest(s, slices.Sorted(maps.Keys(streams)))), "rep", s)
		}
		if !validIDU(r.REP[s]) {
			return ruleErr(fmt.Sprintf("%q does not look like a REP unique identifier (FR followed by 10 to 20 letters, digits, _ or -)", r.REP[s]), "rep", s)
		}
	}
	for _, f := range slices.Sorted(maps.Keys(r.Aliases)) {
		if !knownFields[f] {
			return ruleErr(fmt.Sprintf("no field has this name%s", suggest(f, slices.Sorted(maps.Keys(knownFields)))), "aliases", f)
		}
	}
	o := r.Orders
	if o.PromotionWindowDays != 0 && o.PromotionWindowDays != 30 && o.PromotionWindowDays != 90 && o.PromotionWindowDays != 180 {
		return ruleErr("use 30, 90 or 180", "orders", "promotion_window_days")
	}
	if o.CarrierOnTime > 1 || o.WrongDescSNAD > 1 {
		return ruleErr("rates are fractions between 0 and 1 (0.85 for 85 %)", "orders")
	}
	a := r.Account
	for _, v := range []struct {
		key string
		n   float64
	}{
		{"closure_points", a.ClosurePoints}, {"serious_ip_limit", float64(a.SeriousIPLimit)},
		{"freeze_step_points", a.FreezeStepPoints}, {"points_live_days", float64(a.PointsLiveDays)},
		{"cancellations_per_month", float64(a.CancellationsPerMonth)},
	} {
		if v.n < 1 {
			return ruleErr(fmt.Sprintf("%g is too small; use a number of at least 1", v.n), "account", v.key)
		}
	}
	for _, v := range []struct {
		key string
		n   int
	}{
		{"freeze_days", a.FreezeDays}, {"expiring_window_days", a.ExpiringWindowDays},
		{"over_quota_penalty_days", a.OverQuotaPenaltyDays}, {"quit_penalty_days", a.QuitPenaltyDays},
		{"quit_penalty_days_top", a.QuitPenaltyDaysTop}, {"late_working_days", a.LateWorkingDays},
	} {
		if v.n < 0 {
			return ruleErr(fmt.Sprintf("%d is negative; use 0 or more days", v.n), "account", v.key)
		}
	}
	return nil
}

// knownFields are the canonical field names of DOMAIN.md section 1.
var knownFields = setOf("product_id", "sku", "title", "description", "category", "brand", "price", "stock",
	"images", "ce", "rep", "ship_to", "delivery_days", "created_at", "handling_days",
	"order_id", "status", "quantity", "order_total", "paid_at", "ship_deadline", "shipped_at", "carrier",
	"tracking", "delivered_at", "promised_days", "promised_by", "dispute_type", "dispute_opened_at",
	"dispute_status", "refund_amount", "cancel_reason", "rating_description", "rating_communication",
	"rating_shipping", "buyer_country",
	"violation_id", "date", "type", "points", "serious_ip", "activity_id", "activity_name", "level", "warmup_at",
	"start_at", "end_at", "cancelled_at", "unit", "sales_unit", "colour", "ship_from", "prices_by_country",
	"package_size", "shipping_template", "shop")

// authorisable returns the ids authorised_special_categories may name.
func (r *Rules) authorisable() map[string]bool {
	m := map[string]bool{}
	for _, e := range r.Lists.SpecialCategories {
		m[e.ID] = true
	}
	for _, l := range [][]ListEntry{r.Lists.Prohibited, r.Lists.Recalled, r.Lists.CEGroups} {
		for _, e := range l {
			if e.Unless != "" {
				m[e.Unless] = true
			}
		}
	}
	return m
}

// lists returns the lists indexed by listKind, promo words included.
func (r *Rules) lists() [numLists][]ListEntry {
	var l [numLists][]ListEntry
	l[listProhibited] = r.Lists.Prohibited
	l[listRecalled] = r.Lists.Recalled
	l[listSpecial] = r.Lists.SpecialCategories
	l[listCE] = r.Lists.CEGroups
	l[listREP] = r.Lists.REPStreams
	// One entry per promo word, so that every word found is reported.
	for _, w := range r.PromoWords {
		if readers.Trim(w) != "" {
			l[listPromo] = append(l[listPromo], ListEntry{ID: w, Terms: map[string][]string{"any": {w}}})
		}
	}
	return l
}

// Enabled reports whether check id runs.
func (r *Rules) Enabled(id string) bool {
	c := Lookup(id)
	if c == nil {
		return false
	}
	on := !c.Off
	if cr, ok := r.Checks[id]; ok {
		if cr.On != nil {
			on = *cr.On
		}
		if cr.Off != nil {
			on = !*cr.Off
		}
	}
	return on
}

// SeverityOf returns the severity of check id: the rules file's, else the
// check's default (Warning for an unknown ID).
func (r *Rules) SeverityOf(id string) Severity {
	if cr, ok := r.Checks[id]; ok && cr.Severity != nil {
		return *cr.Severity
	}
	if c := Lookup(id); c != nil {
		return c.Severity
	}
	return Warning
}

// Values returns every setting and list the checks use, in a stable order:
// each check's severity and state, then its settings, then the run-wide and
// order settings.
func (r *Rules) Values() []RuleValue {
	var v []RuleValue
	add := func(check, setting, value string) {
		v = append(v, RuleValue{Check: check, Setting: setting, Value: value})
	}
	itoa := strconv.Itoa
	ftoa := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	listVals := func(check string, list []ListEntry) {
		for _, e := range list {
			s := termsText(e)
			if e.Unless != "" {
				s += " (silent when " + e.Unless + " is authorised)"
			}
			add(check, "list "+e.ID, s)
		}
	}
	t := r.Thresholds
	for _, c := range All {
		add(c.ID, "severity", r.SeverityOf(c.ID).String())
		state := "on"
		if !r.Enabled(c.ID) {
			state = "off"
		}
		add(c.ID, "state", state)
		switch c.ID {
		case "title-too-long":
			add(c.ID, "title_max", itoa(t.TitleMax))
		case "title-short":
			add(c.ID, "title_min", itoa(t.TitleMin))
		case "title-duplicate-words":
			for _, lang := range slices.Sorted(maps.Keys(r.StopWords)) {
				add(c.ID, "stop_words "+lang, strings.Join(r.StopWords[lang], ", "))
			}
		case "title-promo-words":
			add(c.ID, "promo_words", strings.Join(r.PromoWords, ", "))
		case "prohibited-item":
			listVals(c.ID, r.Lists.Prohibited)
			add(c.ID, "authorised_special_categories", strings.Join(r.AuthorisedSpecialCategories, ", "))
		case "recalled-item":
			listVals(c.ID, r.Lists.Recalled)
		case "special-category":
			listVals(c.ID, r.Lists.SpecialCategories)
			add(c.ID, "authorised_special_categories", strings.Join(r.AuthorisedSpecialCategories, ", "))
		case "ce-missing":
			add(c.ID, "markets", strings.Join(r.Markets, ", "))
			listVals(c.ID, r.Lists.CEGroups)
		case "rep-missing":
			add(c.ID, "markets", strings.Join(r.Markets, ", "))
			listVals(c.ID, r.Lists.REPStreams)
			for _, s := range slices.Sorted(maps.Keys(r.REP)) {
				add(c.ID, "rep "+s, r.REP[s])
			}
		case "brand-unauthorised":
			var names []string
			for _, b := range r.AuthorisedBrands {
				names = append(names, b.Name+" ("+b.Reason+")")
			}
			add(c.ID, "authorised_brands", strings.Join(names, "; "))
			add(c.ID, "brand_exemptions", strings.Join(r.BrandExemptions, ", "))
		case "price-outlier":
			add(c.ID, "price_outlier_factor", ftoa(t.PriceOutlierFactor))
			add(c.ID, "price_outlier_min_listings", itoa(t.PriceOutlierMinListings))
		case "images-few":
			add(c.ID, "images_min", itoa(t.ImagesMin))
		case "images-too-many":
			add(c.ID, "images_max", itoa(t.ImagesMax))
		case "delivery-slow":
			add(c.ID, "delivery_max_days", itoa(t.DeliveryMaxDays))
		}
	}
	add("", "source", r.Source)
	for _, f := range slices.Sorted(maps.Keys(r.Aliases)) {
		add("", "aliases "+f, strings.Join(r.Aliases[f], ", "))
	}
	o := r.Orders
	var hol []string
	for _, h := range o.Holidays {
		hol = append(hol, h.Format(time.DateOnly))
	}
	add("", "orders.handling_days", itoa(o.HandlingDays))
	add("", "orders.holidays", strings.Join(hol, ", "))
	add("", "orders.ship_due_soon_hours", itoa(o.ShipDueSoonHours))
	add("", "orders.dispute_response_days", itoa(o.DisputeResponseDays))
	add("", "orders.suspicious_factor", ftoa(o.SuspiciousFactor))
	add("", "orders.suspicious_min_orders", itoa(o.SuspiciousMinOrders))
	for _, m := range slices.Sorted(maps.Keys(o.Thresholds)) {
		th := o.Thresholds[m]
		s := "warn " + ftoa(th.Warn) + ", alert " + ftoa(th.Alert)
		if th.WarnAbove {
			s = "warn above 0, alert " + ftoa(th.Alert)
		}
		if th.Lower {
			s = "warn below " + ftoa(th.Warn) + ", alert below " + ftoa(th.Alert)
		}
		add("", "orders.thresholds "+m, s)
	}
	add("", "orders.carrier_min_orders", itoa(o.CarrierMinOrders))
	add("", "orders.carrier_on_time", ftoa(o.CarrierOnTime))
	add("", "orders.described_wrongly_min_orders", itoa(o.WrongDescMinOrders))
	add("", "orders.described_wrongly_snad_rate", ftoa(o.WrongDescSNAD))
	a := r.Account
	add("", "account.closure_points", ftoa(a.ClosurePoints))
	add("", "account.serious_ip_limit", itoa(a.SeriousIPLimit))
	add("", "account.freeze_step_points", ftoa(a.FreezeStepPoints))
	add("", "account.freeze_days", itoa(a.FreezeDays))
	add("", "account.points_live_days", itoa(a.PointsLiveDays))
	add("", "account.expiring_window_days", itoa(a.ExpiringWindowDays))
	add("", "account.cancellations_per_month", itoa(a.CancellationsPerMonth))
	add("", "account.over_quota_penalty_days", itoa(a.OverQuotaPenaltyDays))
	add("", "account.quit_penalty_days", itoa(a.QuitPenaltyDays))
	add("", "account.quit_penalty_days_top", itoa(a.QuitPenaltyDaysTop))
	add("", "account.top_levels", strings.Join(a.TopLevels, ", "))
	add("", "account.late_working_days", itoa(a.LateWorkingDays))
	add("", "orders.promotion_window_days", itoa(o.PromotionWindowDays))
	add("", "orders.promotion_min_rating", ftoa(o.PromotionMinRating))
	add("", "orders.promotion_min_evaluations", itoa(o.PromotionMinRatings))
	add("", "orders.promotion_min_online_hours", itoa(o.PromotionMinOnlineHour))
	return v
}

func termsText(e ListEntry) string {
	var b strings.Builder
	for _, lang := range slices.Sorted(maps.Keys(e.Terms)) {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(lang)
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Terms[lang], ", "))
	}
	if len(e.Except) > 0 {
		b.WriteString("; except: ")
		b.WriteString(strings.Join(e.Except, ", "))
	}
	return b.String()
}

func countTerms(m map[string][]string) int {
	n := 0
	for _, t := range m {
		n += len(t)
	}
	return n
}

// expandedSize is the number of nodes under n with every alias expanded,
// counted once per node thanks to memo, and saturated just past
// MaxRulesValues so that it cannot overflow.
func expandedSize(n *yaml.Node, memo map[*yaml.Node]int) int {
	if n == nil {
		return 0
	}
	if v, ok := memo[n]; ok {
		return v
	}
	memo[n] = MaxRulesValues + 1 // an alias cycle counts as too large
	size := 1
	if n.Kind == yaml.AliasNode {
		size += expandedSize(n.Alias, memo)
	}
	for _, c := range n.Content {
		size = min(size+expandedSize(c, memo), MaxRulesValues+1)
	}
	memo[n] = size
	return size
}

// UnmarshalYAML merges list entries into l: an entry with the id of an
// existing entry replaces it, `off: true` removes it, a new id is added.
func (l *Lists) UnmarshalYAML(n *yaml.Node) error {
	var in struct {
		Prohibited        []ListEntry `yaml:"prohibited"`
		Recalled          []ListEntry `yaml:"recalled"`
		SpecialCategories []ListEntry `yaml:"special_categories"`
		CEGroups          []ListEntry `yaml:"ce_groups"`
		REPStreams        []ListEntry `yaml:"rep_streams"`
	}
	if err := n.Decode(&in); err != nil {
		return err
	}
	l.Prohibited = mergeEntries(l.Prohibited, in.Prohibited)
	l.Recalled = mergeEntries(l.Recalled, in.Recalled)
	l.SpecialCategories = mergeEntries(l.SpecialCategories, in.SpecialCategories)
	l.CEGroups = mergeEntries(l.CEGroups, in.CEGroups)
	l.REPStreams = mergeEntries(l.REPStreams, in.REPStreams)
	return nil
}

func mergeEntries(base, add []ListEntry) []ListEntry {
	out := append([]ListEntry(nil), base...)
	for _, e := range add {
		i := -1
		for j := range out {
			if out[j].ID == e.ID {
				i = j
				break
			}
		}
		switch {
		case e.Off && i >= 0:
			out = append(out[:i], out[i+1:]...)
		case e.Off:
		case i >= 0:
			out[i] = e
		default:
			out = append(out, e)
		}
	}
	return out
}

var (
	timeType     = reflect.TypeOf(time.Time{})
	severityType = reflect.TypeOf(Severity(0))
	entryType    = reflect.TypeOf(ListEntry{})
)

// walk checks node against the Go type t before decoding: every key known,
// every scalar of the right kind, no negative number, severities and dates
// readable. Errors name the line and the key path.
func walk(n *yaml.Node, t reflect.Type, path string) error {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	at := func(format string, args ...any) error {
		key := path
		if key == "" {
			key = "top level"
		}
		return fmt.Errorf("line %d: %s: %s", n.Line, key, fmt.Sprintf(format, args...))
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		if n.Kind != yaml.ScalarNode {
			return at("expected a date such as 2026-01-01")
		}
		v := readers.Trim(n.Value)
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				return at("%q is not a date; write dates as 2026-01-01", n.Value)
			}
		}
		n.Style, n.Tag, n.Value = 0, "!!timestamp", v
		return nil
	case t == severityType:
		if n.Kind != yaml.ScalarNode {
			return at("expected error, warning or info")
		}
		s, err := ParseSeverity(n.Value)
		if err != nil || s == Never {
			return at("unknown severity %q; use error, warning or info", n.Value)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return at("expected settings as `key: value` lines, found %s", nodeWord(n))
		}
		fields := map[string]reflect.StructField{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			fields[tag] = f
			names = append(names, tag)
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := fields[k.Value]
			sub := joinPath(path, k.Value)
			if !ok {
				return fmt.Errorf("line %d: %s: unknown key%s", k.Line, sub, suggest(k.Value, names))
			}
			if seen[k.Value] {
				return fmt.Errorf("line %d: %s: this key appears twice; keep one", k.Line, sub)
			}
			seen[k.Value] = true
			if err := walk(v, f.Type, sub); err != nil {
				return err
			}
		}
		if t == entryType {
			return checkEntry(n, path)
		}
		return nil
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return at("expected `name: value` lines, found %s", nodeWord(n))
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			sub := joinPath(path, k.Value)
			if k.Kind != yaml.ScalarNode || readers.Trim(k.Value) == "" {
				return fmt.Errorf("line %d: %s: a key must be a plain name", k.Line, path)
			}
			if seen[k.Value] {
				return fmt.Errorf("line %d: %s: this key appears twice; keep one", k.Line, sub)
			}
			seen[k.Value] = true
			if path == "checks" && Lookup(k.Value) == nil {
				return fmt.Errorf("line %d: %s: no check has this ID%s; `aecheck rules` lists them", k.Line, sub, suggest(k.Value, allIDs()))
			}
			if err := walk(v, t.Elem(), sub); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return at("expected a list (lines starting with `- `, or [a, b]), found %s", nodeWord(n))
		}
		for i, v := range n.Content {
			if err := walk(v, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return at("expected a single value, found %s", nodeWord(n))
	}
	v := readers.Trim(n.Value)
	switch t.Kind() {
	case reflect.Bool:
		switch strings.ToLower(v) {
		case "true", "yes", "on":
			n.Style, n.Tag, n.Value = 0, "!!bool", "true"
		case "false", "no", "off":
			n.Style, n.Tag, n.Value = 0, "!!bool", "false"
		default:
			return at("%q is not true or false", n.Value)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.Atoi(v)
		if err != nil {
			return at("%q is not a whole number", n.Value)
		}
		if i < 0 {
			return at("%d is negative; use 0 or more", i)
		}
		n.Style, n.Tag, n.Value = 0, "!!int", v
	case reflect.Float64, reflect.Float32:
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil {
			return at("%q is not a number", n.Value)
		}
		if strings.HasSuffix(v, "%") {
			f /= 100
		}
		if f < 0 {
			return at("%s is negative; use 0 or more", v)
		}
		n.Style, n.Tag, n.Value = 0, "!!float", strconv.FormatFloat(f, 'g', -1, 64)
	case reflect.String:
		n.Style, n.Tag = yaml.DoubleQuotedStyle, "!!str"
	}
	return nil
}

// checkEntry requires an id, and terms unless the entry only removes one.
func checkEntry(n *yaml.Node, path string) error {
	var id, terms, off *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "id":
			id = n.Content[i+1]
		case "terms":
			terms = n.Content[i+1]
		case "off":
			off = n.Content[i+1]
		}
	}
	if id == nil || readers.Trim(id.Value) == "" {
		return fmt.Errorf("line %d: %s: the entry has no id; give it `id:` (the id of a default entry replaces it)", n.Line, path)
	}
	if off != nil && off.Value == "true" {
		return nil
	}
	if terms == nil || len(terms.Content) == 0 {
		return fmt.Errorf("line %d: %s: entry %q has no terms; add `terms:` with a list per language, such as `en: [word, other phrase]`", n.Line, path, id.Value)
	}
	return nil
}

func nodeWord(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "`key: value` lines"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lineOf finds the line of a key path in a YAML tree; 0 when absent.
func lineOf(n *yaml.Node, path []string) int {
	line := 0
	for _, p := range path {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		switch {
		case strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]") && n.Kind == yaml.SequenceNode:
			want := p[1 : len(p)-1]
			for _, item := range n.Content {
				if item.Kind == yaml.ScalarNode && item.Value == want {
					next = item
				}
				if item.Kind == yaml.MappingNode {
					for i := 0; i+1 < len(item.Content); i += 2 {
						k := item.Content[i].Value
						if (k == "id" || k == "name") && item.Content[i+1].Value == want {
							next = item
						}
					}
				}
			}
		case n.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line = n.Content[i].Line
					next = n.Content[i+1]
				}
			}
		}
		if next == nil {
			return line
		}
		n = next
		line = n.Line
	}
	return line
}

// suggest returns `; did you mean "x"?` for the closest of names, or "".
func suggest(s string, names []string) string {
	best, bestD := "", 1<<30
	for _, n := range names {
		if d := readers.EditDistance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" || bestD > 1+len(s)/3 {
		if len(names) > 0 && len(names) <= 12 {
			return "; known: " + strings.Join(names, ", ")
		}
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

func allIDs() []string {
	ids := make([]string, len(All))
	for i, c := range All {
		ids[i] = c.ID
	}
	return ids
}

func setOf(s ...string) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, x := range s {
		m[x] = true
	}
	return m
}
