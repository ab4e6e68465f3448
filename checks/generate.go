package checks

// docs/checks.md is made from All; go generate ./... writes it again.
//go:generate go run ../internal/gendocs -o ../docs/checks.md
