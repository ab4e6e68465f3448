package fix

import (
	"slices"

	"github.com/aecheck/aecheck/internal/i18n"
)

// The texts a seller reads in a fixed file, in one place. Each is the
// English id of a message of the catalogue (internal/i18n) and is shown
// through the Planner's Printer, in the seller's language.
var (
	whyCleanSpaces = i18n.N("Spaces at the start or end, doubled spaces and invisible characters removed: AliExpress counts them as characters, and an invisible character can glue two words together for search.")
	whyDropRepeats = i18n.N("Later repeats of a word removed, the first kept: AliExpress treats a word repeated to rank higher as keyword stuffing, a listing violation. Numbers, sizes and model names were left alone.")
	// whyCutTitle takes the length before, the limit and the length after.
	whyCutTitle = i18n.N("The title had %d characters; AliExpress accepts %d and does not publish a product with a longer title. It was cut after the last whole word that fits (%d characters), keeping its beginning, where the brand and the product are. Check that it still reads well.")
	// whyCutFiller takes the same, and the words dropped before the cut.
	whyCutFiller = i18n.N("The title had %d characters; AliExpress accepts %d and does not publish a product with a longer title. Words that say nothing about the product (%s) went first, then it was cut after the last whole word that fits (%d characters), keeping its beginning, where the brand and the product are. Check that it still reads well.")
	whyFillREP   = i18n.N("The shop's REP identifiers from the rules file written in: a product sold in France must show the producer's unique identifier (IDU) for each of its REP streams.")
	whyFillCE    = i18n.N("The shop's CE reference from the rules file written in: electrical products, toys and other products sold in the EU must show their CE marking, and AliExpress asks for it in the listing.")

	// fixedMark follows, in brackets, a problem the file no longer has.
	fixedMark = i18n.N("fixed")
	// noteChanged ends the note of a cell that was changed.
	noteChanged = i18n.N("aecheck changed this cell; the Changes sheet shows what it held before.")
	// noteHow introduces the fix in a note.
	noteHow = i18n.N("How to fix:")

	// changesName names the sheet, or the .changes.csv file, that lists
	// every change.
	changesName = i18n.N("Changes")

	// changesHeader heads the Changes sheet and the .changes.csv file.
	changesHeader = []string{
		i18n.N("Sheet"), i18n.N("Row"), i18n.N("Column"), i18n.N("Cell"), i18n.N("Field"), i18n.N("Status"),
		i18n.N("Check"), i18n.N("Severity"), i18n.N("Before"), i18n.N("After"), i18n.N("Why or how to fix"),
	}

	// Statuses of a line of the Changes sheet.
	statusChanged = i18n.N("changed")
	statusToDo    = i18n.N("to fix")
)

// columnHeader heads the column added at the end of every table, in every
// language: it is the tool's name, and a second fix finds its column by it.
const columnHeader = "aecheck"

// noteAuthor signs the notes; a second fix knows its own notes by it.
const noteAuthor = "aecheck"

// Errors a seller may read, shown through the Planner's Printer (or the
// Printer of the rules' language, before there is a Planner).
var (
	errStdin   = i18n.N("fix needs a file: it writes a copy of it, so it cannot read standard input")
	errNoOut   = i18n.N("name the copy to write with -o, e.g. aecheck fix catalog.xlsx -o catalog-fixed.xlsx")
	errSame    = i18n.N("refusing to write %s: it is the input file %s; choose another output name so your file is kept")
	errNoTable = i18n.N("%s: no table of products was found in it: aecheck needs a header row near the top of the sheet, with column names such as product id, title and price")
	errFormat  = i18n.N("%s: fix copies XLSX, CSV, TSV and TXT catalogs; save this file as .xlsx or .csv first")
	// errLineUp says the copy could not follow the rows the checks read.
	errLineUp = i18n.N("%s: row %d starts on line %d for the checks but on line %d for the copy; the file has quotes aecheck cannot copy safely, so nothing was written (open it in a spreadsheet and save it as CSV again)")
	// errSheetGone says the workbook changed between the check and the copy.
	errSheetGone = i18n.N("%s: sheet %s is gone; the file changed while aecheck copied it, so nothing was written: close it in other programs and run aecheck fix again")
)

// header returns changesHeader in the language of tr.
func header(tr *i18n.Printer) []string {
	out := make([]string, len(changesHeader))
	for i, h := range changesHeader {
		out[i] = tr.T(h)
	}
	return out
}

// isChangesHeader reports whether row is the header of a Changes sheet that
// aecheck wrote, in any language of the catalogue.
func isChangesHeader(row []string) bool {
	for _, l := range i18n.Languages() {
		h := header(i18n.For(l.Code))
		if len(row) >= len(h) && slices.Equal(row[:len(h)], h) {
			return true
		}
	}
	return false
}
