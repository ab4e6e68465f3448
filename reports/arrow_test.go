package reports

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/aecheck/aecheck/checks"
)

// readArrow reads an Arrow IPC file back with the library's reader and
// returns a text dump: schema, record batches, rows.
func readArrow(t *testing.T, path string) (dump string, rows []string, schema *arrow.Schema) {
	t.Helper()
	// Not a checked allocator: ipc.FileReader (arrow/go v17) keeps the
	// dictionaries it read in a memo that Close does not release.
	mem := memory.NewGoAllocator()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f, ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	schema = r.Schema()
	var b strings.Builder
	fmt.Fprintf(&b, "record batches: %d, dictionaries: %d\n", r.NumRecords(), r.NumDictionaries())
	fmt.Fprintf(&b, "%s\n", schema)
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.Record(i)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "batch %d: %d rows\n", i, rec.NumRows())
		rs := recordRows(rec)
		rows = append(rows, rs...)
		for _, row := range rs {
			b.WriteString(row)
			b.WriteString("\n")
		}
	}
	return b.String(), rows, schema
}

func TestArrowFindingsReadBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "findings.arrow")
	fs := testFindings()
	writeMachine(t, path, MachineFindings, 3, fs, testMetrics())
	dump, rows, schema := readArrow(t, path)
	checkMachineGolden(t, "golden.findings.arrow.txt", []byte(dump))
	if !schema.Equal(FindingsSchema) {
		t.Errorf("schema read back:\n%s\nwant:\n%s", schema, FindingsSchema)
	}
	if v, _ := schema.Metadata().GetValue(MetaSchema); v != FindingsSchemaVersion {
		t.Errorf("%s = %q", MetaSchema, v)
	}
	if v, _ := schema.Metadata().GetValue(MetaTool); v != testTool {
		t.Errorf("%s = %q", MetaTool, v)
	}
	compareMachineRows(t, rows, wantFindingRows(fs))
	if got, want := severityCounts(rows), inputSeverityCounts(fs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("severities %v, want %v", got, want)
	}
	if !strings.HasPrefix(dump, "record batches: 4,") {
		t.Errorf("want 4 batches:\n%s", dump)
	}
}

func TestArrowMetricsReadBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.ipc")
	ms := testMetrics()
	writeMachine(t, path, MachineMetrics, 4, testFindings(), ms)
	dump, rows, schema := readArrow(t, path)
	checkMachineGolden(t, "golden.metrics.arrow.txt", []byte(dump))
	if !schema.Equal(MetricsSchema) {
		t.Errorf("schema read back:\n%s\nwant:\n%s", schema, MetricsSchema)
	}
	compareMachineRows(t, rows, wantMetricRows(ms, testAsOf, testLang))
}

func TestArrowEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.arrow")
	writeMachine(t, path, MachineMetrics, 3, nil, nil)
	_, rows, schema := readArrow(t, path)
	if len(rows) != 0 || !schema.Equal(MetricsSchema) {
		t.Errorf("empty file: %d rows, schema %s", len(rows), schema)
	}
}

func TestArrowDictionaryGrowsAcrossBatches(t *testing.T) {
	// New check IDs keep appearing in later batches; the IPC file format
	// allows one dictionary per column, so the writer must still produce a
	// valid file with every value.
	var fs []checks.Finding
	for i := 0; i < 40; i++ {
		f := testFindings()[i%8]
		f.Check = fmt.Sprintf("check-%02d", i)
		fs = append(fs, f)
	}
	path := filepath.Join(t.TempDir(), "grow.arrow")
	writeMachine(t, path, MachineFindings, 7, fs, nil)
	_, rows, _ := readArrow(t, path)
	compareMachineRows(t, rows, wantFindingRows(fs))
}
