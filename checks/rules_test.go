package checks

import (
	"regexp"
	"strings"
	"testing"
)

func TestDefaultRules(t *testing.T) {
	r := Default()
	if err := r.Validate(); err != nil {
		t.Fatalf("embedded defaults: %v", err)
	}
	th := r.Thresholds
	if th.TitleMax != 128 || th.TitleMin != 60 || th.ImagesMin != 5 || th.ImagesMax != 6 || th.DeliveryMaxDays != 5 ||
		th.PriceOutlierFactor != 10 || th.PriceOutlierMinListings != 5 {
		t.Errorf("thresholds: %+v", th)
	}
	o := r.Orders
	if o.HandlingDays != 3 || o.ShipDueSoonHours != 24 || o.DisputeResponseDays != 3 || o.SuspiciousFactor != 10 ||
		o.SuspiciousMinOrders != 20 || o.CarrierMinOrders != 30 || o.CarrierOnTime != 0.85 || o.WrongDescMinOrders != 10 ||
		o.WrongDescSNAD != 0.05 || o.PromotionWindowDays != 90 || o.PromotionMinRating != 4.5 || o.PromotionMinRatings != 5 ||
		o.PromotionMinOnlineHour != 24 {
		t.Errorf("orders: %+v", o)
	}
	want := map[string]Threshold{
		"unsent_rate":       {WarnAbove: true, Alert: 0.02},
		"late_ship_rate":    {Warn: 0.02, Alert: 0.05},
		"nr_rate":           {Warn: 0.01, Alert: 0.03},
		"snad_rate":         {Warn: 0.01, Alert: 0.02},
		"incomplete_rate":   {Warn: 0.03, Alert: 0.05},
		"dsr_description":   {Warn: 4.7, Alert: 4.5, Lower: true},
		"dsr_communication": {Warn: 4.7, Alert: 4.5, Lower: true},
		"dsr_shipping":      {Warn: 4.7, Alert: 4.5, Lower: true},
	}
	for k, v := range want {
		if o.Thresholds[k] != v {
			t.Errorf("orders.thresholds.%s = %+v, want %+v", k, o.Thresholds[k], v)
		}
	}
	if mk := (&Runner{}).marketsOf(r); !mk.eu || !mk.fr {
		t.Errorf("default markets must cover the EU and France: %+v", mk)
	}
	for k, list := range r.lists() {
		if listKind(k) == listPromo {
			continue
		}
		if len(list) == 0 {
			t.Errorf("list %s is empty", listNames[k])
		}
		for _, e := range list {
			if e.Reason == "" || len(e.Terms["en"]) == 0 || len(e.Terms["fr"]) == 0 || len(e.Terms["zh"]) == 0 {
				t.Errorf("%s/%s needs a reason and en, fr and zh terms", listNames[k], e.ID)
			}
		}
	}
	if r.Enabled("title-all-caps") || !r.Enabled("title-too-long") {
		t.Error("default states wrong")
	}
	if got := string(DefaultsYAML()); !strings.Contains(got, "title_max: 128") {
		t.Error("DefaultsYAML does not return the embedded file")
	}
}

// marketsOf is the markets of r as the runner reads them.
func (*Runner) marketsOf(r *Rules) market {
	var m market
	for _, s := range r.Markets {
		if pm, ok := parseMarket(s); ok {
			m.merge(pm)
		}
	}
	return m
}

func TestParseRules(t *testing.T) {
	good := `# a comment
checks:
  title-all-caps: {on: true}
  stock-empty: {severity: error}
  images-few: {off: true}
thresholds:
  title_max: 100
markets: [FR, Deutschland]
authorised_brands:
  - name: Trailmate
    reason: own brand
authorised_special_categories: [supplements, food]
rep:
  packaging: FR234567_01AB
lists:
  prohibited:
    - id: perfume
      off: true
    - id: my-word
      reason: we do not sell these
      terms: {en: [widget]}
orders:
  handling_days: 2
  holidays: [2026-05-01]
  thresholds:
    nr_rate: {warn: 2%, alert: 0.04}
`
	r, err := ParseRules([]byte(good), "good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Enabled("title-all-caps") || r.Enabled("images-few") || r.SeverityOf("stock-empty") != Error || r.SeverityOf("title-cjk") != Warning {
		t.Error("check settings not applied")
	}
	if r.Thresholds.TitleMax != 100 || r.Thresholds.TitleMin != 60 {
		t.Errorf("thresholds: %+v", r.Thresholds)
	}
	for _, e := range r.Lists.Prohibited {
		if e.ID == "perfume" {
			t.Error("perfume entry not removed")
		}
	}
	if last := r.Lists.Prohibited[len(r.Lists.Prohibited)-1]; last.ID != "my-word" {
		t.Errorf("my-word not added: %s", last.ID)
	}
	if r.Orders.HandlingDays != 2 || r.Orders.Thresholds["nr_rate"].Warn != 0.02 || r.Orders.Thresholds["snad_rate"].Alert != 0.02 ||
		len(r.Orders.Holidays) != 1 || r.Orders.SuspiciousMinOrders != 20 {
		t.Errorf("orders: %+v", r.Orders)
	}
	if r.Source != "defaults + good.yaml" {
		t.Errorf("source %q", r.Source)
	}
	if _, err := NewRunner(r); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseRules(nil, "empty.yaml"); err != nil {
		t.Errorf("an empty file must change nothing: %v", err)
	}

	bad := []struct {
		name, yaml, want string
	}{
		{"unknown key", "thresholds:\n  title_maxx: 3\n", `bad.yaml: line 2: thresholds.title_maxx: unknown key; did you mean "title_max"`},
		{"unknown top key", "\n\nmarket: [FR]\n", `bad.yaml: line 3: market: unknown key; did you mean "markets"`},
		{"wrong type", "thresholds:\n  title_max: lots\n", `bad.yaml: line 2: thresholds.title_max: "lots" is not a whole number`},
		{"list for map", "checks: [a]\n", `bad.yaml: line 1: checks: expected`},
		{"unknown check", "checks:\n  title-lenght: {off: true}\n", `bad.yaml: line 2: checks.title-lenght: no check has this ID`},
		{"unknown severity", "checks:\n  stock-empty:\n    severity: fatal\n", `bad.yaml: line 3: checks.stock-empty.severity: unknown severity "fatal"`},
		{"negative threshold", "thresholds:\n  images_min: -1\n", `bad.yaml: line 2: thresholds.images_min: -1 is negative`},
		{"zero threshold", "thresholds:\n  title_max: 0\n", `bad.yaml: line 2: thresholds.title_max: 0 is too small`},
		{"min above max", "thresholds:\n  title_min: 200\n", `bad.yaml: line 2: thresholds.title_min: title_min \(200\) is above title_max`},
		{"entry without id", "lists:\n  prohibited:\n    - reason: x\n      terms: {en: [a]}\n", `bad.yaml: line 3: lists.prohibited\[0\]: the entry has no id`},
		{"entry without terms", "lists:\n  recalled:\n    - id: thing\n      reason: x\n", `bad.yaml: line 3: lists.recalled\[0\]: entry "thing" has no terms`},
		{"bad market", "markets: [Atlantis]\n", `bad.yaml: line 1: markets.\[Atlantis\]: "Atlantis" is not a country`},
		{"bad idu", "rep:\n  packaging: 12345\n", `bad.yaml: line 2: rep.packaging: "12345" does not look like a REP unique identifier`},
		{"unknown stream", "rep:\n  textile: FR234567_01AB\n", `bad.yaml: line 2: rep.textile: no REP stream has this id; did you mean "textiles"`},
		{"ce on two lines", "ce: \"DoC-1\\nDoC-2\"\n", `bad.yaml: line 1: ce: write the CE reference on one line`},
		{"unknown special", "authorised_special_categories: [vitamins]\n", `bad.yaml: line 1: authorised_special_categories.\[vitamins\]: "vitamins" is not a special category id`},
		{"brand without name", "authorised_brands:\n  - reason: x\n", `bad.yaml: line 2: authorised_brands: an entry has no name`},
		{"known brand without id", "known_brands:\n  - terms: {en: [acme]}\n", `bad.yaml: line 2: known_brands\[0\]: the entry has no id`},
		{"bad date", "orders:\n  holidays: [1 May]\n", `bad.yaml: line 2: orders.holidays\[0\]: "1 May" is not a date`},
		{"bad window", "orders:\n  promotion_window_days: 60\n", `bad.yaml: line 2: orders.promotion_window_days: use 30, 90 or 180`},
		{"unknown metric", "orders:\n  thresholds:\n    nr_rates: {warn: 0.02}\n", `bad.yaml: line 3: orders.thresholds.nr_rates: no metric has warn and alert levels under this name; did you mean "nr_rate"`},
		{"metric without levels", "orders:\n  thresholds:\n    on_time_rate: {warn: 0.9}\n", `bad.yaml: line 3: orders.thresholds.on_time_rate: no metric has warn and alert levels under this name; known: dsr_communication, .*unsent_rate`},
		{"not yaml", "checks:\n\t- x\n", `bad.yaml: .*not valid YAML`},
		{"duplicate key", "markets: [FR]\nmarkets: [DE]\n", `bad.yaml: .*markets`},
		{"on and off", "checks:\n  stock-empty: {on: true, off: true}\n", `bad.yaml: line 2: checks.stock-empty: on and off say opposite things`},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseRules([]byte(c.yaml), "bad.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			if !regexp.MustCompile(c.want).MatchString(err.Error()) {
				t.Errorf("error %q does not match %q", err, c.want)
			}
		})
	}
}

func TestValues(t *testing.T) {
	vs := Default().Values()
	find := func(check, setting string) string {
		for _, v := range vs {
			if v.Check == check && v.Setting == setting {
				return v.Value
			}
		}
		return "<none>"
	}
	if find("title-too-long", "title_max") != "128" || find("title-all-caps", "state") != "off" ||
		find("price-outlier", "price_outlier_factor") != "10" || find("", "orders.thresholds nr_rate") != "warn 0.01, alert 0.03" {
		t.Error("values missing")
	}
	if !strings.Contains(find("prohibited-item", "list firearms"), "except: glue gun") {
		t.Errorf("list values: %q", find("prohibited-item", "list firearms"))
	}
}
