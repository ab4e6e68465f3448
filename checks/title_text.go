package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// What the title checks share: the title's length, counted once per
// listing, and the quoting of the words a message names.

// titleLen is the title's length in characters, counted once per listing
// for the two checks that need it.
func (p *Pass) titleLen(l *readers.Listing) int {
	st := p.st
	if !st.titleLenOK {
		st.titleLen, st.titleLenOK = runeCount(readers.Trim(l.Title)), true
	}
	return st.titleLen
}

// quoteAll formats up to max strings as "a", "b" and "c".
func quoteAll(s []string, max int) string {
	var b strings.Builder
	for i, x := range s {
		if i == max {
			b.WriteString(" and more")
			break
		}
		if i > 0 {
			if i == len(s)-1 {
				b.WriteString(" and ")
			} else {
				b.WriteString(", ")
			}
		}
		b.WriteString(`"` + x + `"`)
	}
	return b.String()
}
