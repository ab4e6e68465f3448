package checks

import "time"

// Rules is the configuration of a run: the embedded defaults, extended or
// overridden by the user's rules file.
type Rules struct {
	// Checks holds per-check settings keyed by check ID.
	Checks map[string]CheckRule `yaml:"checks"`
	// Aliases adds header names for canonical fields: field -> headers.
	Aliases map[string][]string `yaml:"aliases"`
	// Orders holds the settings of the order findings and metrics.
	Orders OrderRules `yaml:"orders"`
}

// CheckRule overrides one check.
type CheckRule struct {
	Severity *Severity `yaml:"severity"`
	Off      *bool     `yaml:"off"`
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
	// alert levels.
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
