package reports

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/aecheck/aecheck/checks"
)

// benchFindings returns n findings cycling through testFindings, each on
// its own row, as the pipeline hands them over.
func benchFindings(n int) []checks.Finding {
	base := testFindings()
	fs := make([]checks.Finding, n)
	for i := range fs {
		fs[i] = base[i%len(base)]
		fs[i].Pos.Row = i + 2
	}
	return fs
}

// BenchmarkJSONL writes 100k findings as JSON lines to io.Discard, in
// batches of 500 as the pipeline hands them over.
func BenchmarkJSONL(b *testing.B) {
	fs := benchFindings(100000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		writeBatches(b, NewJSONL(io.Discard), &Run{Tool: "aecheck bench"}, fs)
	}
	b.ReportMetric(float64(len(fs)*b.N)/b.Elapsed().Seconds(), "findings/s")
}

// writeBatches writes fs to w in batches of 500, as the pipeline does.
func writeBatches(b *testing.B, w Writer, run *Run, fs []checks.Finding) {
	b.Helper()
	if err := w.Begin(run); err != nil {
		b.Fatal(err)
	}
	for j := 0; j < len(fs); j += 500 {
		if err := w.Findings(fs[j:min(j+500, len(fs))]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(&Summary{}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkXLSX writes 100k findings to an XLSX report: the spool, then
// excelize's StreamWriter at Close.
func BenchmarkXLSX(b *testing.B) {
	benchFile(b, "bench.xlsx", func(path string) (Writer, error) { return CreateXLSX(path, XLSXOptions{}) })
}

// BenchmarkCSV writes 100k findings to a findings CSV file.
func BenchmarkCSV(b *testing.B) {
	benchFile(b, "bench.csv", CreateFindingsFile)
}

// benchFile writes 100k findings to a new file named name, made by create,
// in batches of 500.
func benchFile(b *testing.B, name string, create func(path string) (Writer, error)) {
	fs := benchFindings(100000)
	path := filepath.Join(b.TempDir(), name)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, err := create(path)
		if err != nil {
			b.Fatal(err)
		}
		writeBatches(b, w, &Run{Tool: "aecheck bench", Checks: checks.All}, fs)
	}
	b.ReportMetric(float64(len(fs)*b.N)/b.Elapsed().Seconds(), "findings/s")
}

// BenchmarkJSONString appends the strings of a typical finding line: a path,
// a message that quotes a value, a fix, a title with accents.
func BenchmarkJSONString(b *testing.B) {
	strs := []string{
		"bench/data/catalog-1000000.csv",
		`the product is sold in France and needs a REP identifier (IDU) for: textiles ("Apparel Accessories > Hats")`,
		"Add images up to 5: front, back, detail, in use and one showing the size.",
		"Théière en fonte émaillée 1,2 L pour le thé vert",
		"1005006000000000",
	}
	var a jsonAppender
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		buf = buf[:0]
		for _, s := range strs {
			buf = a.str(buf, s)
		}
	}
}
