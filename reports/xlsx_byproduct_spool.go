package reports

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/checks"
)

// productAgg is the findings of one product, gathered while they arrive:
// which checks found something, how often, and how serious.
type productAgg struct {
	file, sheet, entity, title string
	row                        int
	counts                     [3]int // findings: errors, warnings, info
	more                       int    // checks past byProductChecks
	probs                      []productProblem
}

// productProblem is one check's findings on a product.
type productProblem struct {
	sev   checks.Severity
	check string // interned
	n     int
}

// productSpool gathers the listing findings of each product into one
// record and keeps the records on disk until Close, in the order the
// products first appear. Findings arrive in file and row order, so the
// findings of a product come together; only the product being gathered is
// in memory, and memory stays flat however many products there are.
type productSpool struct {
	checks map[string]string // check IDs, interned
	f      *os.File
	bw     *bufio.Writer
	buf    []byte
	n      int
	cur    productAgg
	open   bool
}

// sevIndex is the index of s in productAgg.counts.
func sevIndex(s checks.Severity) int {
	switch s {
	case checks.Error:
		return 0
	case checks.Warning:
		return 1
	}
	return 2
}

// intern returns the kept copy of s, a check ID, file or sheet name; s
// itself may be in memory that changes.
func intern(m *map[string]string, s string) string {
	if v, ok := (*m)[s]; ok {
		return v
	}
	if *m == nil {
		*m = map[string]string{}
	}
	s = strings.Clone(s)
	(*m)[s] = s
	return s
}

// flush writes the product being gathered, if any.
func (p *productSpool) flush() error {
	if p == nil || !p.open {
		return nil
	}
	c := &p.cur
	b := appendSpoolString(p.buf[:0], c.file)
	b = appendSpoolString(b, c.sheet)
	b = binary.AppendVarint(b, int64(c.row))
	b = appendSpoolString(b, c.entity)
	b = appendSpoolString(b, c.title)
	for _, n := range c.counts {
		b = binary.AppendVarint(b, int64(n))
	}
	b = binary.AppendVarint(b, int64(c.more))
	b = binary.AppendVarint(b, int64(len(c.probs)))
	for _, pr := range c.probs {
		b = append(b, byte(pr.sev))
		b = appendSpoolString(b, pr.check)
		b = binary.AppendVarint(b, int64(pr.n))
	}
	p.buf = b
	p.n++
	p.open = false
	c.probs, c.counts, c.more = c.probs[:0], [3]int{}, 0
	if _, err := p.bw.Write(b); err != nil {
		return fmt.Errorf("write temporary file: %w", err)
	}
	return nil
}

// count returns the number of products, the one being gathered included.
func (p *productSpool) count() int {
	if p == nil {
		return 0
	}
	if p.open {
		return p.n + 1
	}
	return p.n
}

// each calls fn for at most max products in the order they came, their
// checks worst first. The record passed to fn is valid until fn returns.
func (p *productSpool) each(max int, fn func(*productAgg) error) error {
	if p == nil {
		return nil
	}
	if err := p.flush(); err != nil {
		return err
	}
	d, err := rewind(p.bw, p.f, 64<<10)
	if err != nil {
		return err
	}
	var a productAgg
	var ids map[string]string // check IDs, files and sheets, interned
	var id, text []byte
	for i := 0; i < p.n && i < max; i++ {
		id = readSpoolBytes(d, id[:0])
		a.file = intern(&ids, unsafeString(id))
		id = readSpoolBytes(d, id[:0])
		a.sheet = intern(&ids, unsafeString(id))
		a.row = d.int()
		// The product id and title are used by fn only: they are read
		// into one buffer reused from product to product.
		text = readSpoolBytes(d, text[:0])
		n := len(text)
		text = readSpoolBytes(d, text)
		a.entity, a.title = unsafeString(text[:n]), unsafeString(text[n:])
		for j := range a.counts {
			a.counts[j] = d.int()
		}
		a.more = d.int()
		n = d.int()
		if n < 0 || n > byProductChecks {
			return fmt.Errorf("read temporary file: %w", errors.New("bad product record"))
		}
		a.probs = a.probs[:0]
		for range n {
			sev, err := d.br.ReadByte()
			if err != nil {
				d.fail(err)
			}
			id = readSpoolBytes(d, id[:0])
			a.probs = append(a.probs, productProblem{sev: checks.Severity(sev), check: intern(&ids, unsafeString(id)), n: d.int()})
		}
		if d.err != nil {
			return fmt.Errorf("read temporary file: %w", d.err)
		}
		// Worst first; a stable sort keeps the order of the file within a
		// severity.
		slices.SortStableFunc(a.probs, func(x, y productProblem) int { return int(y.sev) - int(x.sev) })
		if err := fn(&a); err != nil {
			return err
		}
	}
	return nil
}

// readSpoolBytes appends to dst a string written by appendSpoolString.
func readSpoolBytes(d *spoolReader, dst []byte) []byte {
	n, err := binary.ReadUvarint(d.br)
	if err != nil {
		d.fail(err)
		return dst
	}
	for n > 0 && d.err == nil {
		b, err := d.br.Peek(int(min(n, uint64(d.br.Size()))))
		if err != nil {
			d.fail(err)
			return dst
		}
		dst = append(dst, b...)
		_, _ = d.br.Discard(len(b))
		n -= uint64(len(b))
	}
	return dst
}

// remove deletes the spool file; safe on nil and more than once.
func (p *productSpool) remove() {
	if p != nil {
		removeSpoolFile(&p.f)
	}
}
