package beamjob

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/aecheck/aecheck/pipeline/beam/internal/shopgen"
	"github.com/aecheck/aecheck/pipeline/beam/shopjob"
)

func TestMain(m *testing.M) {
	ptest.MainWithDefault(m, "prism")
}

// buildCLI builds the aecheck command of the root module, the reference
// every shop's outputs are compared with.
func buildCLI(t *testing.T) (bin, tool string) {
	t.Helper()
	bin = filepath.Join(t.TempDir(), "aecheck")
	// Built in the root module, with its own dependency versions: the
	// command exactly as a user builds it.
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/aecheck")
	cmd.Dir = filepath.Join("..", "..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build aecheck: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	return bin, strings.TrimSpace(string(out))
}

// TestPipelineMatchesReport runs the pipeline on Prism over 24 generated
// shops, four of them with files that cannot be read, and holds every
// shop's findings and metrics to what `aecheck report` writes for that shop
// alone: the same bytes, and the same exit code.
func TestPipelineMatchesReport(t *testing.T) {
	bin, tool := buildCLI(t)
	dir := t.TempDir()
	bad := map[int]shopgen.Bad{3: shopgen.NotACSV, 7: shopgen.NoTitle, 11: shopgen.BrokenOrders, 17: shopgen.BrokenXLSX}
	names, err := shopgen.Shops(dir, filepath.Join("..", "..", "..", "samples"), 24, func(i int) shopgen.Bad { return bad[i] })
	if err != nil {
		t.Fatal(err)
	}
	shops, err := shopjob.FromFolder(filepath.Join(dir, "shops"))
	if err != nil {
		t.Fatal(err)
	}
	if len(shops) != len(names) {
		t.Fatalf("%d shops read from the folder, want %d", len(shops), len(names))
	}
	asOf := time.Date(2025, 3, 14, 23, 59, 59, 999999999, time.UTC)
	out := filepath.Join(dir, "out")
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, shops, Config{Out: out, AsOf: asOf, Tool: tool, XLSX: true}); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatalf("pipeline: %v", err)
	}

	var sum Summary
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Shops != 24 || sum.Failed != len(bad) || sum.Done != 24-len(bad) {
		t.Errorf("summary: %d shops, %d done, %d failed; want 24, %d, %d", sum.Shops, sum.Done, sum.Failed, 24-len(bad), len(bad))
	}
	rows := 0
	for i, sh := range shops {
		r := sum.Results[i]
		if r.Shop != sh.Name {
			t.Fatalf("result %d is shop %s, want %s (sorted)", i, r.Shop, sh.Name)
		}
		rows += r.RowsRead
		if _, isBad := bad[i]; isBad != (r.Status == "failed") || (isBad && len(r.Errors) == 0) {
			t.Errorf("%s: status %s, errors %q", sh.Name, r.Status, r.Errors)
		}
		// The same shop through the command line, alone.
		ref := filepath.Join(dir, "ref", sh.Name)
		os.MkdirAll(ref, 0o755)
		args := []string{"report", "--quiet", "--shop", sh.Name, "--as-of", asOf.Format(time.RFC3339Nano), "-o", filepath.Join(ref, "findings.parquet")}
		for _, c := range sh.Catalogs {
			args = append(args, "--catalog", c)
		}
		for _, o := range sh.Orders {
			args = append(args, "--orders", o)
		}
		for _, v := range sh.Violations {
			args = append(args, "--violations", v)
		}
		for _, a := range sh.Activities {
			args = append(args, "--activities", a)
		}
		measured := len(sh.Orders)+len(sh.Violations)+len(sh.Activities) > 0
		if measured {
			args = append(args, "--metrics-out", filepath.Join(ref, "metrics.parquet"))
		}
		cmd := exec.Command(bin, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		code := 0
		if err := cmd.Run(); err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatal(err)
			}
			code = ee.ExitCode()
		}
		if code != r.ExitCode {
			t.Errorf("%s: exit code %d from the pipeline, %d from aecheck report (%s)", sh.Name, r.ExitCode, code, stderr.String())
		}
		part := shopjob.Partition(sh.Name, asOf)
		same(t, filepath.Join(ref, "findings.parquet"), filepath.Join(out, "findings", part, "findings.parquet"))
		if measured {
			same(t, filepath.Join(ref, "metrics.parquet"), filepath.Join(out, "metrics", part, "metrics.parquet"))
		}
	}
	if rows == 0 || sum.RowsRead != rows || sum.RowsRead != sum.RowsChecked+sum.RowsRejected {
		t.Errorf("summary rows: read %d (shops add up to %d), checked %d, rejected %d", sum.RowsRead, rows, sum.RowsChecked, sum.RowsRejected)
	}

	// A rerun over the same inputs gives the same bytes, every file.
	again := filepath.Join(dir, "again")
	p, s = beam.NewPipelineWithRoot()
	if err := Build(s, shops, Config{Out: again, AsOf: asOf, Tool: tool, XLSX: true}); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatalf("pipeline, second run: %v", err)
	}
	files := 0
	filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		a, _ := os.ReadFile(path)
		b, err := os.ReadFile(filepath.Join(again, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: not the same bytes on a rerun (%v)", rel, err)
		}
		files++
		return nil
	})
	if files < 20 {
		t.Errorf("only %d output files compared across the reruns", files)
	}
}

// same fails unless both files are missing, or both hold the same rows,
// columns and schema metadata. The bytes themselves may differ: this module
// builds the root module's code with newer compression libraries than the
// command's own build.
func same(t *testing.T, want, got string) {
	t.Helper()
	_, werr := os.Stat(want)
	_, gerr := os.Stat(got)
	switch {
	case os.IsNotExist(werr) && os.IsNotExist(gerr):
		return
	case werr != nil || gerr != nil:
		t.Errorf("%s: %v; %s: %v", want, werr, got, gerr)
		return
	}
	w, g := readTable(t, want), readTable(t, got)
	defer w.Release()
	defer g.Release()
	if w.NumRows() == 0 && g.NumRows() == 0 && w.NumCols() == 0 {
		t.Errorf("%s: no columns", want)
	}
	if !array.TableEqual(w, g) {
		t.Errorf("%s: %d rows differ from aecheck report's %s (%d rows)", got, g.NumRows(), want, w.NumRows())
	}
	if !w.Schema().Metadata().Equal(g.Schema().Metadata()) {
		t.Errorf("%s: metadata %v, aecheck report's %v", got, g.Schema().Metadata(), w.Schema().Metadata())
	}
}

func readTable(t *testing.T, path string) arrow.Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tbl, err := pqarrow.ReadTable(context.Background(), f, parquet.NewReaderProperties(memory.DefaultAllocator), pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return tbl
}
