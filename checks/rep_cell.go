package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// What the REP checks (rep-missing, rep-invalid) and the rules file share:
// reading a REP cell into the streams it covers, and what a valid French
// REP unique identifier (IDU) looks like.

// repIter walks the identifiers of a REP cell without allocating:
// identifiers separated by ; , | or new lines, each optionally prefixed with
// its stream and a colon ("packaging:FR123...").
type repIter struct{ rest string }

func (it *repIter) next() (stream, idu string, ok bool) {
	for it.rest != "" {
		i := strings.IndexAny(it.rest, ";,|\n")
		part := it.rest
		if i >= 0 {
			part, it.rest = it.rest[:i], it.rest[i+1:]
		} else {
			it.rest = ""
		}
		part = readers.Trim(part)
		if part == "" {
			continue
		}
		if s, id, found := strings.Cut(part, ":"); found {
			return readers.Trim(s), readers.Trim(id), true
		}
		return "", part, true
	}
	return "", "", false
}

// streamIndex finds the stream a prefix names: its id, folded, with or
// without a final s. -1 when none.
func (r *Runner) streamIndex(name string) int {
	if i, ok := r.streams[name]; ok {
		return i
	}
	f := fold(name)
	if i, ok := r.streams[f]; ok {
		return i
	}
	if i, ok := r.streams[f+"s"]; ok {
		return i
	}
	if i, ok := r.streams[strings.TrimSuffix(f, "s")]; ok {
		return i
	}
	return -1
}

// repCell is what the REP checks need from a REP cell.
type repCell struct {
	covered uint64 // streams the cell gives an identifier for; all when one has no stream
	invalid bool   // some part is not a known stream with a valid identifier
}

// rep reads the REP cell of the listing being checked, once per listing and
// each distinct cell once per goroutine.
func (p *Pass) rep(l *readers.Listing) repCell {
	st := p.st
	if st.repOK {
		return st.rep
	}
	c, ok := st.reps.get(l.REP)
	if !ok {
		c = p.run.readREP(l.REP)
		st.reps.put(l.REP, c)
	}
	st.rep, st.repOK = c, true
	return c
}

func (r *Runner) readREP(cell string) repCell {
	var c repCell
	it := repIter{rest: cell}
	for {
		stream, idu, ok := it.next()
		if !ok {
			return c
		}
		i := -1
		if stream != "" {
			i = r.streamIndex(stream)
		}
		c.invalid = c.invalid || stream != "" && i < 0 || idu == "" || !validIDU(idu)
		switch {
		case idu == "":
		case stream == "":
			c.covered = ^uint64(0)
		case i >= 0:
			c.covered |= 1 << uint(i)
		}
	}
}

// validIDU reports whether s looks like a French REP unique identifier: FR
// then 10 to 20 letters, digits, _ or - (checked loosely: the formats of
// the eco-organisations differ).
func validIDU(s string) bool {
	s = readers.Trim(s)
	if len(s) < 12 || len(s) > 22 || !strings.EqualFold(s[:2], "FR") {
		return false
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
