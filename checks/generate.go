package checks

// docs/checks.md and the README's list of checks are made from All;
// go generate ./... writes them again.
//go:generate go run ../internal/gendocs -o ../docs/checks.md -readme ../README.md
