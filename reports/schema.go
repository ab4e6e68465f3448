package reports

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
)

// Metadata keys and schema versions of the machine outputs. Every Parquet and
// Arrow file aecheck writes carries MetaSchema in its schema metadata (the Parquet writer
// copies it into the Parquet key-value metadata), and MetaTool with the
// version of aecheck that wrote it. A consumer checks MetaSchema before it
// reads a column: a new major version may rename or retype columns, a
// compatible change only adds columns at the end.
const (
	MetaSchema = "aecheck.schema"
	MetaTool   = "aecheck.tool"
	// MetaLang is the language of the message, fix and note columns
	// ("fr", "zh"…); absent means English. Check ids, severities and
	// statuses are English codes in every language.
	MetaLang = "aecheck.lang"

	// findings/v2 adds the evidence columns at the end of findings/v1,
	// findings/v3 the lang column at the end of findings/v2.
	// metrics/v2 and products/v2 have the columns of v1, and a null
	// instead of 0 where the export has no data (status "no-data");
	// metrics/v3 and products/v3 add the lang column at the end.
	FindingsSchemaVersion = "findings/v3"
	MetricsSchemaVersion  = "metrics/v3"
	ProductsSchemaVersion = "products/v3"
)

// dictString is the type of the low-cardinality text columns: check IDs,
// severities, scopes, metric names and statuses. The index is int32 so the
// type survives a Parquet round trip (Parquet readers rebuild dictionaries
// with int32 indices).
var dictString = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}

// FindingsSchema is the schema of findings files (findings/v3), in Parquet,
// Arrow IPC and CSV alike (CSV has the same columns in the same order; a null
// is an empty cell). One row per finding, in input order:
//
//	kind       string                      "listing" or "order"
//	check      dictionary<int32, string>   check ID, such as "title-length"
//	severity   dictionary<int32, string>   "error", "warning" or "info"
//	shop       string                      shop the input belongs to ("" if none)
//	file       string                      input path as given on the command line
//	sheet      string, nullable            XLSX sheet; null for CSV
//	row        int64                       1-based row as a spreadsheet shows it
//	col        int32                       1-based column; 0 = the whole row
//	line       int64, nullable             CSV only: physical line where the row starts
//	column     string                      header text of the column ("" for a whole row)
//	cell       string, nullable            spreadsheet reference such as "C12"; null for a whole row
//	entity     string                      product id (listings) or order id (orders)
//	value      string                      the offending value as the file holds it (may be cut)
//	message    string                      what is wrong
//	fix        string                      how to fix it
//	ref_file   string, nullable            first occurrence, for duplicate checks
//	ref_sheet  string, nullable
//	ref_row    int64, nullable
//
// The evidence columns say, as data, why a check that recognises products
// decided as it did (checks.Evidence); they are null for the other checks
// and where the check has nothing to say. In CSV a list is one cell, its
// items joined with "|" (see csvList).
//
//	evidence_class           string, nullable        the recognised product class, such as "electric-kettle"
//	evidence_entry           string, nullable        the list entry that applies, such as "firearms"
//	evidence_terms           list<string>, nullable  the words of the listing that decided it, as written
//	evidence_groups          list<string>, nullable  the CE groups (ce-missing) or REP streams (rep-missing) concerned
//	evidence_missing_column  string, nullable        the field the whole file lacks ("ce", "rep", "ship_to") when the finding comes from that
//	evidence_assumed         list<string>, nullable  the rules-file settings used because the row had no value, such as "markets"
//
// The last column says in which language message and fix are written, on
// every row, so that findings of runs in several languages can be put in
// one table and still be told apart:
//
//	lang  dictionary<int32, string>   "en", "fr", "zh", "es"… (the --lang code)
//
// The dictionaries hold severities in the order error, warning, info, then
// check IDs in order of first appearance.
var FindingsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "kind", Type: arrow.BinaryTypes.String},
	{Name: "check", Type: dictString},
	{Name: "severity", Type: dictString},
	{Name: "shop", Type: arrow.BinaryTypes.String},
	{Name: "file", Type: arrow.BinaryTypes.String},
	{Name: "sheet", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "row", Type: arrow.PrimitiveTypes.Int64},
	{Name: "col", Type: arrow.PrimitiveTypes.Int32},
	{Name: "line", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "column", Type: arrow.BinaryTypes.String},
	{Name: "cell", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "entity", Type: arrow.BinaryTypes.String},
	{Name: "value", Type: arrow.BinaryTypes.String},
	{Name: "message", Type: arrow.BinaryTypes.String},
	{Name: "fix", Type: arrow.BinaryTypes.String},
	{Name: "ref_file", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "ref_sheet", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "ref_row", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "evidence_class", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "evidence_entry", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "evidence_terms", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	{Name: "evidence_groups", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	{Name: "evidence_missing_column", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "evidence_assumed", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	{Name: "lang", Type: dictString},
}, schemaMeta(FindingsSchemaVersion, ""))

// Column indexes of FindingsSchema.
const (
	fKind = iota
	fCheck
	fSeverity
	fShop
	fFile
	fSheet
	fRow
	fCol
	fLine
	fColumn
	fCell
	fEntity
	fValue
	fMessage
	fFix
	fRefFile
	fRefSheet
	fRefRow
	fEvClass
	fEvEntry
	fEvTerms
	fEvGroups
	fEvMissing
	fEvAssumed
	fLang
)

// MetricsSchema is the schema of metrics files (metrics/v3) and of the
// history dataset, in Parquet, Arrow IPC and CSV alike. One row per metric
// and window:
//
//	shop         string
//	scope        dictionary<int32, string>   "shop", "carrier" or "product"
//	key          string                      "" for shop metrics, the carrier, or the product id
//	metric       dictionary<int32, string>   metric name, such as "nr_rate"
//	window_days  int32
//	numerator    float64, nullable           null when status is "no-data"
//	denominator  float64
//	value        float64, nullable           numerator / denominator; 0 when status is "n/a", null when "no-data"
//	status       dictionary<int32, string>   "ok", "warn", "alert", "n/a" or "no-data" (the export lacks a column the metric needs)
//	note         string
//	as_of        timestamp[ms, UTC], nullable  the as-of date of the run
//	lang         dictionary<int32, string>   the language of note: "en", "fr", "zh"…
//
// In CSV, as_of is RFC 3339 in UTC (2024-05-31T00:00:00Z).
var MetricsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "shop", Type: arrow.BinaryTypes.String},
	{Name: "scope", Type: dictString},
	{Name: "key", Type: arrow.BinaryTypes.String},
	{Name: "metric", Type: dictString},
	{Name: "window_days", Type: arrow.PrimitiveTypes.Int32},
	{Name: "numerator", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "denominator", Type: arrow.PrimitiveTypes.Float64},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "status", Type: dictString},
	{Name: "note", Type: arrow.BinaryTypes.String},
	{Name: "as_of", Type: arrow.FixedWidthTypes.Timestamp_ms, Nullable: true},
	{Name: "lang", Type: dictString},
}, schemaMeta(MetricsSchemaVersion, ""))

// Column indexes of MetricsSchema.
const (
	mShop = iota
	mScope
	mKey
	mMetric
	mWindow
	mNumerator
	mDenominator
	mValue
	mStatus
	mNote
	mAsOf
	mLang
)

// ProductsSchema is the schema of product files (products/v3, the
// --products-out files) in Parquet, Arrow IPC and CSV alike: one row per
// product and window, the metrics as typed columns, sorted by shop and
// product id. A count and its rate are null when their status is
// "no-data": the order export lacks the column they need.
//
//	shop               string
//	product_id         string                      the product id; the SKU for order lines without one
//	window_days        int32                       90
//	orders             int64                       orders placed in the window that hold the product
//	nr                 int64, nullable             "not received" disputes opened in the window
//	nr_rate            float64, nullable           nr / orders; 0 when nr_status is "n/a"
//	nr_status          dictionary<int32, string>   "ok", "warn", "alert", "n/a" or "no-data"
//	snad               int64, nullable             "not as described" disputes opened in the window
//	snad_rate          float64, nullable           snad / orders; 0 when snad_status is "n/a"
//	snad_status        dictionary<int32, string>
//	rating_count       int64, nullable             "item as described" ratings of orders delivered in the window
//	rating_sum         int64, nullable             their sum
//	rating             float64, nullable           rating_sum / rating_count; 0 when rating_status is "n/a"
//	rating_status      dictionary<int32, string>
//	described_wrongly  dictionary<int32, string>   "alert" when AliExpress flags the product, "ok", "n/a" without orders, "no-data" without dispute columns
//	note               string                      why, for the seller
//	as_of              timestamp[ms, UTC], nullable
//	lang               dictionary<int32, string>   the language of note: "en", "fr", "zh"…
var ProductsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "shop", Type: arrow.BinaryTypes.String},
	{Name: "product_id", Type: arrow.BinaryTypes.String},
	{Name: "window_days", Type: arrow.PrimitiveTypes.Int32},
	{Name: "orders", Type: arrow.PrimitiveTypes.Int64},
	{Name: "nr", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "nr_rate", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "nr_status", Type: dictString},
	{Name: "snad", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "snad_rate", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "snad_status", Type: dictString},
	{Name: "rating_count", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "rating_sum", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "rating", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "rating_status", Type: dictString},
	{Name: "described_wrongly", Type: dictString},
	{Name: "note", Type: arrow.BinaryTypes.String},
	{Name: "as_of", Type: arrow.FixedWidthTypes.Timestamp_ms, Nullable: true},
	{Name: "lang", Type: dictString},
}, schemaMeta(ProductsSchemaVersion, ""))

// Column indexes of ProductsSchema.
const (
	pShop = iota
	pProduct
	pWindow
	pOrders
	pNR
	pNRRate
	pNRStatus
	pSNAD
	pSNADRate
	pSNADStatus
	pRatingCount
	pRatingSum
	pRating
	pRatingStatus
	pWrong
	pNote
	pAsOf
	pLang
)

// Values the dictionaries start with, so that their order does not depend
// on which value comes first.
var (
	severityValues = []string{"error", "warning", "info"}
	scopeValues    = []string{"shop", "carrier", "product"}
	statusValues   = []string{"ok", "warn", "alert", "n/a"}
)

// hasData reports whether a metric of this status has a value: not when
// the export lacks a column the metric needs (checks.StatusNoData), whose
// counts and value the machine outputs write as null.
func hasData(status string) bool { return status != checks.StatusNoData }

func schemaMeta(version, tool string) *arrow.Metadata {
	keys := []string{MetaSchema}
	vals := []string{version}
	if tool != "" {
		keys = append(keys, MetaTool)
		vals = append(vals, tool)
	}
	md := arrow.NewMetadata(keys, vals)
	return &md
}

// langCode is the code the lang columns hold for the language of a run:
// "en" when the run names none.
func langCode(lang string) string {
	if lang == "" {
		return i18n.English
	}
	return lang
}

// withTool returns s with the tool version, and the language of its texts
// when it is not English, added to its metadata.
func withTool(s *arrow.Schema, tool, lang string) *arrow.Schema {
	version, _ := s.Metadata().GetValue(MetaSchema)
	md := schemaMeta(version, tool)
	if lang != "" && lang != "en" {
		m := arrow.NewMetadata(append(md.Keys(), MetaLang), append(md.Values(), lang))
		md = &m
	}
	return arrow.NewSchema(s.Fields(), md)
}

// indexSchema returns s with every dictionary column replaced by its int32
// indices: the shape rows are built in before the dictionaries are known.
func indexSchema(s *arrow.Schema) *arrow.Schema {
	fields := s.Fields()
	for i, f := range fields {
		if dt, ok := f.Type.(*arrow.DictionaryType); ok {
			fields[i].Type = dt.IndexType
		}
	}
	return arrow.NewSchema(fields, nil)
}
