package main

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/aecheck/aecheck/checks"
)

// The README's list of checks lies between these two lines; gendocs -readme
// writes it from the registry, so the front door never lists a check that
// does not exist or misses one that does.
const (
	readmeBegin = "<!-- The list below is made by internal/gendocs from the registry: go generate ./... -->"
	readmeEnd   = "<!-- End of the generated list. -->"
)

// scopeOrder is the order a seller meets the checks in: the cells as they are
// read, each product, the whole catalog, then orders and the account.
var scopeOrder = map[checks.Scope]int{
	checks.ScopeReader: 0, checks.ScopeListing: 1, checks.ScopeCatalog: 2,
	checks.ScopeOrder: 3, checks.ScopeAccount: 4,
}

// scopeShort names in one word what a check of each scope looks at.
var scopeShort = map[checks.Scope]string{
	checks.ScopeReader: "cells", checks.ScopeListing: "product", checks.ScopeCatalog: "catalog",
	checks.ScopeOrder: "orders", checks.ScopeAccount: "account",
}

// readmeTable returns the README's table of checks: one row per check with
// its default severity and what it finds, linked to its section of
// docs/checks.md.
func readmeTable() []byte {
	all := slices.Clone(checks.All)
	slices.SortStableFunc(all, func(a, b *checks.Check) int {
		return cmp.Compare(scopeOrder[a.Scope], scopeOrder[b.Scope])
	})
	var b bytes.Buffer
	b.WriteString("| check | looks at | severity | what it finds |\n|---|---|---|---|\n")
	for _, c := range all {
		sev := c.Severity.String()
		if c.Off {
			sev += ", **off** by default"
		}
		fmt.Fprintf(&b, "| [%s](docs/checks.md#%s) | %s | %s | %s |\n", c.ID, c.ID, scopeShort[c.Scope], sev, cell(c.Title()))
	}
	return b.Bytes()
}

// spliceReadme returns readme with the text between its markers replaced by
// the current table.
func spliceReadme(readme []byte) ([]byte, error) {
	i := bytes.Index(readme, []byte(readmeBegin+"\n"))
	j := bytes.Index(readme, []byte(readmeEnd))
	if i < 0 || j < i {
		return nil, fmt.Errorf("README.md lacks the lines %q and %q around its list of checks", readmeBegin, readmeEnd)
	}
	i += len(readmeBegin) + 1
	return slices.Concat(readme[:i], readmeTable(), readme[j:]), nil
}
