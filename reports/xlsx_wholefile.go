package reports

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// wholeFileKey is one problem of a whole file: a check that fires on every
// product because the file has no column for what it needs (no REP, CE or
// ship-to column).
type wholeFileKey struct {
	file, sheet, check, column string
	sev                        checks.Severity
}

// wholeFile is a whole-file problem and the number of products it affects.
type wholeFile struct {
	wholeFileKey
	products int
	shop     string
	fix      string
}

// wholeFileOf returns the key of f when f comes from a column its whole
// file lacks (Evidence.MissingColumn), and false otherwise. Only listing
// findings are grouped: an order or account finding stays on its own row.
func wholeFileOf(f *checks.Finding) (wholeFileKey, bool) {
	if f.Evidence == nil || f.Evidence.MissingColumn == "" || f.Kind == "order" || f.Kind == checks.AccountKind {
		return wholeFileKey{}, false
	}
	return wholeFileKey{file: f.Pos.File, sheet: f.Pos.Sheet, check: f.Check, column: f.Evidence.MissingColumn, sev: f.Severity}, true
}

// addWholeFile counts f against its whole-file problem. The texts kept are
// copies: the finding's may be in memory the run reuses.
func (x *XLSX) addWholeFile(k wholeFileKey, f *checks.Finding) {
	if x.whole == nil {
		x.whole = map[wholeFileKey]*wholeFile{}
	}
	w := x.whole[k]
	if w == nil {
		k.file, k.sheet = strings.Clone(k.file), strings.Clone(k.sheet)
		k.check, k.column = strings.Clone(k.check), strings.Clone(k.column)
		w = &wholeFile{wholeFileKey: k, shop: strings.Clone(f.Shop), fix: strings.Clone(f.Fix)}
		x.whole[k] = w
	}
	w.products++
}

// wholeFiles returns the whole-file problems: by file and sheet, errors
// first, then by check.
func (x *XLSX) wholeFiles() []*wholeFile {
	ws := slices.Collect(maps.Values(x.whole))
	slices.SortFunc(ws, func(a, b *wholeFile) int {
		return cmp.Or(
			cmp.Compare(a.file, b.file),
			cmp.Compare(a.sheet, b.sheet),
			cmp.Compare(b.sev, a.sev),
			cmp.Compare(a.check, b.check),
			cmp.Compare(a.column, b.column),
		)
	})
	return ws
}

// wholeFileFindings returns one finding per whole-file problem, for the
// top of the Findings sheet: it names the column to add and sends the
// seller to the Summary, instead of one identical row per product.
func (b *book) wholeFileFindings() []checks.Finding {
	ws := b.x.wholeFiles()
	fs := make([]checks.Finding, len(ws))
	for i, w := range ws {
		col := readers.ColumnNames(b.tr, readers.ListingFields, w.column)
		fs[i] = checks.Finding{
			Check:    w.check,
			Severity: w.sev,
			Kind:     "listing",
			Pos:      readers.Pos{File: w.file, Sheet: w.sheet, Field: col},
			Shop:     w.shop,
			Entity:   b.Sprintf("%d products", w.products),
			Message:  b.Sprintf("The file has no %s column, which %d of its products need; see the Summary and the By product sheet.", col, w.products),
			Fix:      w.fix,
		}
	}
	return fs
}

// wholeFileTable writes the Summary's table of whole-file problems, when
// there are any.
func (b *book) wholeFileTable(s *sheet) {
	ws := b.x.wholeFiles()
	if len(ws) == 0 {
		return
	}
	st := b.st
	s.blank()
	s.line(sc{b.T("Problems of a whole file"), st.section})
	s.line(sc{b.T("A file has no column that some of its products need (REP, CE, ship-to). Each problem is said once here, with the number of products it affects, instead of once per product on the Findings sheet; the JSONL and CSV outputs still list every product."), st.note})
	s.headerRow(st.header, b.T("File"), b.T("What is wrong"), b.T("Severity"), b.T("Products"), b.T("Check"))
	for _, w := range ws {
		file := w.file
		if w.sheet != "" {
			file += " [" + w.sheet + "]"
		}
		msg := b.Sprintf("The file has no %s column: add it, and fill it in for the products that need it.", readers.ColumnNames(b.tr, readers.ListingFields, w.column))
		if w.fix != "" {
			msg += " " + w.fix
		}
		s.line(file, sc{msg, st.wrap}, sc{b.T(w.sev.String()), st.severity(w.sev)}, w.products, w.check)
	}
}

// wholeFileCount is the number of findings said once per file instead of
// once per product.
func (x *XLSX) wholeFileCount() int {
	n := 0
	for _, w := range x.whole {
		n += w.products
	}
	return n
}
