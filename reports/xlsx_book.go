package reports

import (
	"fmt"
	"slices"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// book is one workbook being built at Close.
type book struct {
	f   *excelize.File
	x   *XLSX
	sum *Summary
	st  styles

	tr       *i18n.Printer  // the language of the workbook
	splices  []splice       // sheets whose rows are written into the zip part
	boxed    map[string]any // findingRow's repeated cells
	sevCells map[checks.Severity]any
}

// Sheet names, in workbook order, in English: book.n translates them.
var (
	sheetSummary  = i18n.N("Summary")
	sheetFindings = i18n.N("Findings")
	sheetOrders   = i18n.N("Order findings")
	// sheetAccountFindings holds the findings on penalty points,
	// activities and promotion-locked products.
	sheetAccountFindings = i18n.N("Account findings")
	sheetMetrics         = i18n.N("Metrics")
	sheetDaily           = i18n.N("Daily counts")
	sheetCarriers        = i18n.N("Carriers")
	sheetProducts        = i18n.N("Products")
	sheetTrends          = i18n.N("Trends")
	sheetRules           = i18n.N("Rules")
)

// T translates a fixed text of the workbook.
func (b *book) T(s string) string { return b.tr.T(s) }

// Sprintf formats a text of the workbook in its language.
func (b *book) Sprintf(format string, args ...any) string { return b.tr.Sprintf(format, args...) }

// n returns the name of a sheet in the language of the workbook.
func (b *book) n(sheet string) string { return b.tr.T(sheet) }

// sheetNames returns the sheets of a findings table with n rows: base,
// "base (2)", … each holding at most per rows.
func sheetNames(base string, n, per int) []string {
	names := []string{base}
	for i := 2; n > per*(i-1); i++ {
		names = append(names, fmt.Sprintf("%s (%d)", base, i))
	}
	return names
}

func (b *book) build() error {
	f, x := b.f, b.x
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	b.st = st
	per := x.opt.MaxRowsPerSheet - 1
	lead := b.wholeFileFindings()
	findingSheets := sheetNames(b.n(sheetFindings), len(lead)+x.listing.count(), per)
	var orderSheets []string
	if x.order.count() > 0 {
		orderSheets = sheetNames(b.n(sheetOrders), x.order.count(), per)
	}
	var accountSheets []string
	if x.account.count() > 0 {
		accountSheets = sheetNames(b.n(sheetAccountFindings), x.account.count(), per)
	}
	ms := newMetricSet(x.metrics)

	// Create every sheet first: the workbook order is the creation order.
	if err := f.SetSheetName("Sheet1", b.n(sheetSummary)); err != nil {
		return err
	}
	order := slices.Clone(findingSheets)
	if x.byProduct.count() > 0 {
		order = append(order, b.n(sheetByProduct))
	}
	order = slices.Concat(order, orderSheets, accountSheets)
	if len(ms.account) > 0 {
		order = append(order, b.n(sheetAccount))
	}
	if len(ms.shop) > 0 {
		order = append(order, b.n(sheetMetrics))
	}
	if len(ms.day) > 0 {
		order = append(order, b.n(sheetDaily))
	}
	if len(ms.carrier) > 0 {
		order = append(order, b.n(sheetCarriers))
	}
	if len(ms.product) > 0 || x.picks.total > 0 {
		order = append(order, b.n(sheetProducts))
	}
	if len(x.trends) > 0 {
		order = append(order, b.n(sheetTrends))
	}
	order = append(order, b.n(sheetRules))
	for _, name := range order {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}

	if err := b.summarySheet(findingSheets, orderSheets); err != nil {
		return err
	}
	if err := b.findingSheets(findingSheets, lead, x.listing, i18n.N("Product id")); err != nil {
		return err
	}
	if x.byProduct.count() > 0 {
		if err := b.byProductSheet(b.n(sheetByProduct)); err != nil {
			return err
		}
	}
	if err := b.findingSheets(orderSheets, nil, x.order, i18n.N("Order id")); err != nil {
		return err
	}
	if err := b.findingSheets(accountSheets, nil, x.account, i18n.N("Violation, activity or product")); err != nil {
		return err
	}
	if len(ms.account) > 0 {
		if err := b.accountSheet(ms.account); err != nil {
			return err
		}
	}
	if err := b.metricSheets(ms); err != nil {
		return err
	}
	if len(x.trends) > 0 {
		if err := b.trendSheet(); err != nil {
			return err
		}
	}
	if err := b.rulesSheet(); err != nil {
		return err
	}
	// Print settings last: filters written above reset the sheet
	// properties (the streamed sheets got theirs before streaming).
	for _, name := range f.GetSheetList() {
		if slices.Contains(findingSheets, name) || slices.Contains(orderSheets, name) {
			continue
		}
		if err := printLayout(f, name); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)

	tool := x.run.Tool
	if tool == "" {
		tool = x.opt.Tool
	}
	if tool == "" {
		tool = "aecheck"
	}
	stamp := docTime(x.run, b.sum)
	return f.SetDocProps(&excelize.DocProperties{
		Title:          b.T("aecheck report"),
		Subject:        b.T("Problems found in AliExpress catalog and order files"),
		Creator:        tool,
		LastModifiedBy: tool,
		Created:        stamp,
		Modified:       stamp,
		Revision:       "1",
		Language:       b.tr.Lang(),
	})
}

// printLayout makes a sheet print the way a seller expects: landscape, all
// columns on one page width, as many pages down as needed.
func printLayout(f *excelize.File, sheet string) error {
	landscape, one, zero, fit := "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// docTime is the workbook's created and modified time: the run's as-of, or
// a fixed date for catalog-only runs, never the clock.
func docTime(run *Run, sum *Summary) string {
	t := asOf(run, sum)
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC().Format(time.RFC3339)
}

func asOf(run *Run, sum *Summary) time.Time {
	if sum != nil && !sum.AsOf.IsZero() {
		return sum.AsOf
	}
	if run != nil {
		return run.AsOf
	}
	return time.Time{}
}

// text returns s as a cell value, nil (no cell) when empty.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// all translates every text of ss.
func (b *book) all(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = b.T(s)
	}
	return out
}
