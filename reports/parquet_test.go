package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// readParquet reads a Parquet file back with the library's reader (not
// ours) and returns a text dump: file facts, schema, rows.
func readParquet(t *testing.T, path string) (dump string, rows []string, schema *arrow.Schema) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	md := pf.MetaData()
	var b strings.Builder
	fmt.Fprintf(&b, "created_by: %s\n", md.GetCreatedBy())
	fmt.Fprintf(&b, "rows: %d, row groups: %d\n", pf.NumRows(), pf.NumRowGroups())
	for i := 0; i < pf.NumRowGroups(); i++ {
		rg := md.RowGroup(i)
		codecs := map[compress.Compression]bool{}
		for c := 0; c < rg.NumColumns(); c++ {
			cc, err := rg.ColumnChunk(c)
			if err != nil {
				t.Fatal(err)
			}
			codecs[cc.Compression()] = true
		}
		var names []string
		for c := range codecs {
			names = append(names, c.String())
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "row group %d: %d rows, codecs %v\n", i, rg.NumRows(), names)
	}
	kv := md.KeyValueMetadata()
	for i, k := range kv.Keys() {
		v := kv.Values()[i]
		if k == "ARROW:schema" {
			v = "(stored)"
		}
		fmt.Fprintf(&b, "key-value %s = %s\n", k, v)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1024}, mem)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	schema = tbl.Schema()
	fmt.Fprintf(&b, "%s\n", schema)
	rows = tableRows(tbl)
	for _, r := range rows {
		b.WriteString(r)
		b.WriteString("\n")
	}
	return b.String(), rows, schema
}

// sameFields reports whether two schemas have the same fields (names, types,
// nullability), ignoring metadata (Parquet readers add field ids).
func sameFields(a, b *arrow.Schema) bool {
	if a.NumFields() != b.NumFields() {
		return false
	}
	for i := 0; i < a.NumFields(); i++ {
		fa, fb := a.Field(i), b.Field(i)
		if fa.Name != fb.Name || fa.Nullable != fb.Nullable || !arrow.TypeEqual(fa.Type, fb.Type) {
			return false
		}
	}
	return true
}

func TestParquetFindingsReadBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "findings.parquet")
	fs := testFindings()
	writeMachine(t, path, MachineFindings, 3, fs, testMetrics())
	dump, rows, schema := readParquet(t, path)
	checkMachineGolden(t, "golden.findings.parquet.txt", []byte(dump))

	if !sameFields(schema, FindingsSchema) {
		t.Errorf("schema read back:\n%s\nwant:\n%s", schema, FindingsSchema)
	}
	for key, want := range map[string]string{MetaSchema: FindingsSchemaVersion, MetaTool: testTool} {
		if !strings.Contains(dump, "key-value "+key+" = "+want+"\n") {
			t.Errorf("Parquet key-value metadata lacks %s = %s:\n%s", key, want, dump)
		}
	}
	compareMachineRows(t, rows, wantFindingRows(fs))
	if got, want := severityCounts(rows), inputSeverityCounts(fs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("severities %v, want %v", got, want)
	}
	if !strings.Contains(dump, "row groups: 4") {
		t.Errorf("want 4 row groups of at most 3 rows:\n%s", dump)
	}
}

func TestParquetMetricsReadBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.parquet")
	ms := testMetrics()
	writeMachine(t, path, MachineMetrics, 4, testFindings(), ms)
	dump, rows, schema := readParquet(t, path)
	checkMachineGolden(t, "golden.metrics.parquet.txt", []byte(dump))
	if !sameFields(schema, MetricsSchema) {
		t.Errorf("schema read back:\n%s\nwant:\n%s", schema, MetricsSchema)
	}
	compareMachineRows(t, rows, wantMetricRows(ms, testAsOf, testLang))
}

func TestParquetEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.parquet")
	writeMachine(t, path, MachineFindings, 3, nil, nil)
	_, rows, schema := readParquet(t, path)
	if len(rows) != 0 || !sameFields(schema, FindingsSchema) {
		t.Errorf("empty file: %d rows, schema %s", len(rows), schema)
	}
}

func TestParquetManyChunks(t *testing.T) {
	var fs []checks.Finding
	for i := 0; i < 25; i++ {
		fs = append(fs, testFindings()...)
	}
	path := filepath.Join(t.TempDir(), "many.parquet")
	writeMachine(t, path, MachineFindings, 16, fs, nil)
	_, rows, _ := readParquet(t, path)
	compareMachineRows(t, rows, wantFindingRows(fs))
}

func TestParquetWithoutStoredSchema(t *testing.T) {
	// A reader that ignores the stored Arrow schema (like DuckDB) still gets
	// the right values: dictionaries come back as plain strings.
	path := filepath.Join(t.TempDir(), "findings.parquet")
	fs := testFindings()
	writeMachine(t, path, MachineFindings, 3, fs, nil)
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	sc := pf.MetaData().Schema
	for _, name := range []string{"check", "severity"} {
		col := sc.Column(sc.ColumnIndexByName(name))
		if lt := col.LogicalType(); !lt.IsValid() || lt.String() != "String" {
			t.Errorf("%s: logical type %v, want String", name, lt)
		}
	}
	if col := sc.Column(sc.ColumnIndexByName("row")); col.PhysicalType().String() != "INT64" {
		t.Errorf("row: physical type %s", col.PhysicalType())
	}
}

// TestParquetDictionaries: columns whose values repeat (check, message,
// fix, ...) are dictionary-encoded; entity and cell, nearly one value per
// row, are not: a dictionary of unique values costs time and makes the
// file larger (38 against 32 MB for the 1M-row bench catalog).
func TestParquetDictionaries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "findings.parquet")
	writeMachine(t, path, MachineFindings, 16, testFindings(), nil)
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	md := pf.MetaData()
	rg := md.RowGroup(0)
	want := map[string]bool{"check": true, "message": true, "fix": true, "file": true, "entity": false, "cell": false}
	for name, dict := range want {
		cc, err := rg.ColumnChunk(md.Schema.ColumnIndexByName(name))
		if err != nil {
			t.Fatal(err)
		}
		if got := cc.HasDictionaryPage(); got != dict {
			t.Errorf("%s: dictionary page %v, want %v", name, got, dict)
		}
	}
}

// TestParquetDistinctTextsKeepDictionaries writes findings whose values and
// messages are all different, 3 MB of them in one row group. At the Parquet
// writer's default dictionary limit (1 MB) these columns gave up their
// dictionaries part way through the row group, and the footer then listed
// their page encodings in a Go map's random order: the same findings gave
// other bytes from run to run. No column chunk may mix dictionary pages and
// plain pages, and two runs give the same bytes.
func TestParquetDistinctTextsKeepDictionaries(t *testing.T) {
	var fs []checks.Finding
	for i := range 40000 {
		fs = append(fs, checks.Finding{
			Kind: "listing", Check: "duplicate-listing", Severity: checks.Warning,
			Pos:     readers.Pos{File: "catalog.csv", Row: i + 2, Col: 3, Field: "Title"},
			Entity:  strconv.Itoa(1005006000000000 + i),
			Value:   fmt.Sprintf("Stainless steel water bottle, model %d", i),
			Message: fmt.Sprintf("the same product as row %d: same title and brand; the second listing competes with the first", i+1),
		})
	}
	var runs [2][]byte
	for run := range runs {
		path := filepath.Join(t.TempDir(), "distinct.parquet")
		writeMachine(t, path, MachineFindings, 0, fs, nil)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		runs[run] = b
		if run > 0 {
			break
		}
		_, rows, _ := readParquet(t, path)
		compareMachineRows(t, rows, wantFindingRows(fs))
		pf, err := file.OpenParquetFile(path, false)
		if err != nil {
			t.Fatal(err)
		}
		defer pf.Close()
		for g := 0; g < pf.NumRowGroups(); g++ {
			rg := pf.MetaData().RowGroup(g)
			for c := 0; c < rg.NumColumns(); c++ {
				cc, err := rg.ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				data := map[parquet.Encoding]bool{}
				for _, st := range cc.EncodingStats() {
					if st.PageType.String() == "DATA_PAGE" {
						data[st.Encoding] = true
					}
				}
				if len(data) > 1 {
					t.Errorf("row group %d, column %s: data pages in %d encodings (the dictionary was given up)", g, cc.PathInSchema(), len(data))
				}
			}
		}
	}
	if !bytes.Equal(runs[0], runs[1]) {
		t.Fatal("two runs gave other bytes")
	}
}

// TestChunkEndsOnText: a chunk ends before ChunkRows when its text passes
// chunkText, so that neither its memory nor a Parquet dictionary can grow
// past what parquetDictLimit allows.
func TestChunkEndsOnText(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	var fs []checks.Finding
	for i := range 70 {
		fs = append(fs, checks.Finding{Kind: "listing", Check: "title-too-long", Severity: checks.Error,
			Pos: readers.Pos{File: "c.csv", Row: i + 2}, Value: big[:1000], Message: big})
	}
	var sizes []int64
	c := newChunker(FindingsSchema, MachineOptions{Kind: MachineFindings, Mem: memory.NewGoAllocator()}, time.Time{},
		func(rec arrow.Record) error { sizes = append(sizes, rec.NumRows()); return nil })
	if err := c.findings(fs); err != nil {
		t.Fatal(err)
	}
	if err := c.flush(); err != nil {
		t.Fatal(err)
	}
	if want := []int64{32, 32, 6}; !slices.Equal(sizes, want) {
		t.Fatalf("chunks of %v rows, want %v", sizes, want)
	}
	if lim := parquetDictLimit(DefaultChunkRows); lim < chunkText+(1<<20)+12*DefaultChunkRows {
		t.Fatalf("dictionary limit %d is below a full chunk's text", lim)
	}
}
