package checks

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aecheck/aecheck/readers"
)

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
	if strings.ContainsAny(r.CE, "\r\n") || utf8.RuneCountInString(r.CE) > maxCE {
		return ruleErr(fmt.Sprintf("write the CE reference on one line of at most %d characters", maxCE), "ce")
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
	for _, name := range slices.Sorted(maps.Keys(o.Thresholds)) {
		if d := MetricNamed(name); d == nil || d.Threshold == nil {
			return ruleErr(fmt.Sprintf("no metric has warn and alert levels under this name%s", suggest(name, slices.Sorted(maps.Keys(defaultOrderThresholds)))), "orders", "thresholds", name)
		}
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

// knownFields are the canonical field names (docs/inputs.md).
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

func countTerms(m map[string][]string) int {
	n := 0
	for _, t := range m {
		n += len(t)
	}
	return n
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

// maxCE is the longest CE reference accepted: a certificate or declaration
// number, not a text.
const maxCE = 100
