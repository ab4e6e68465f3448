package fix

// The texts a seller reads in a fixed file, in one place so that the
// message catalogue can translate them.
const (
	whyCleanSpaces = "Spaces at the start or end, doubled spaces and invisible characters removed: AliExpress counts them as characters, and an invisible character can glue two words together for search."
	whyDropRepeats = "Later repeats of a word removed, the first kept: AliExpress treats a word repeated to rank higher as keyword stuffing, a listing violation. Numbers, sizes and model names were left alone."
	// whyCutTitle takes the length before, the limit and the length after.
	whyCutTitle = "The title had %d characters; AliExpress accepts %d and does not publish a product with a longer title. It was cut after the last whole word that fits (%d characters), keeping its beginning, where the brand and the product are. Check that it still reads well."
	whyFillREP  = "The shop's REP identifiers from the rules file written in: a product sold in France must show the producer's unique identifier (IDU) for each of its REP streams."

	// columnHeader heads the column added at the end of every table.
	columnHeader = "aecheck"
	// fixedMark follows a problem the file no longer has.
	fixedMark = " (fixed)"
	// noteAuthor signs the notes.
	noteAuthor = "aecheck"
	// noteChanged ends the note of a cell that was changed.
	noteChanged = "aecheck changed this cell; the Changes sheet shows what it held before."
	// noteHow introduces the fix in a note.
	noteHow = "How to fix: "

	// changesSheet names the sheet, or the .changes.csv file, that lists
	// every change.
	changesName = "Changes"
)

// changesHeader heads the Changes sheet and the .changes.csv file.
var changesHeader = []string{"Sheet", "Row", "Column", "Cell", "Field", "Status", "Check", "Severity", "Before", "After", "Why or how to fix"}

// Statuses of a line of the Changes sheet.
const (
	statusChanged = "changed"
	statusToDo    = "to fix"
)

// Errors a seller may read.
const (
	errStdin   = "fix needs a file: it writes a copy of it, so it cannot read standard input"
	errNoOut   = "name the copy to write with -o, e.g. aecheck fix catalog.xlsx -o catalog-fixed.xlsx"
	errSame    = "refusing to write %s: it is the input file %s; choose another output name so your file is kept"
	errNoTable = "%s: no table of products was found"
	errFormat  = "%s: fix copies XLSX, CSV, TSV and TXT catalogs; save this file as .xlsx or .csv first"
)

// errLineUp says the copy could not follow the rows the checks read.
const errLineUp = "%s: row %d starts on line %d for the checks but on line %d for the copy; the file has quotes aecheck cannot copy safely, so nothing was written (open it in a spreadsheet and save it as CSV again)"
