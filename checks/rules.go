package checks

// Rules is the configuration of a run: the embedded defaults, extended or
// overridden by the user's rules file.
type Rules struct {
	// Checks holds per-check settings keyed by check ID.
	Checks map[string]CheckRule `yaml:"checks"`
	// Aliases adds header names for canonical fields: field -> headers.
	Aliases map[string][]string `yaml:"aliases"`
}

// CheckRule overrides one check.
type CheckRule struct {
	Severity *Severity `yaml:"severity"`
	Off      *bool     `yaml:"off"`
}

// RuleValue is one setting a check used, shown in the report's Rules sheet.
type RuleValue struct {
	Check   string // check ID, or "" for run-wide settings
	Setting string // such as "max_title"
	Value   string
}
