package checks

// docs/checks.md and the README's list of checks are made from All, and
// docs/metrics.md from the registry of metrics; go generate ./... writes
// them again.
//go:generate go run ../internal/gendocs -o ../docs/checks.md -readme ../README.md -metrics ../docs/metrics.md
