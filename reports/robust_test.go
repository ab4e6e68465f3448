package reports

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/aecheck/aecheck/checks"
)

// TestRobustRemoveStale: only the temporary files of this output whose
// process is gone and that are older than the run are removed.
func TestRobustRemoveStale(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.parquet")
	old := time.Now().Add(-time.Hour)
	mk := func(name string, mod time.Time) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, nil, 0o600)
		os.Chtimes(p, mod, mod)
		return p
	}
	gone := mk(".r.parquet.tmp-999999999-5", old)
	fresh := mk(".r.parquet.tmp-999999998-5", time.Now().Add(time.Hour))
	self := mk(".r.parquet.tmp-"+strconv.Itoa(os.Getpid())+"-5", old)
	legacy := mk(".r.parquet.tmp-123456", old)
	other := mk(".s.parquet.tmp-999999999-5", old)
	os.Mkdir(filepath.Join(dir, ".r.parquet.tmp-999999999-6"), 0o755)
	removed, err := RemoveStale(out, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || removed[0] != gone {
		t.Errorf("removed %q, want only %s", removed, gone)
	}
	for _, p := range []string{fresh, self, legacy, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(p), err)
		}
	}
	if got, err := RemoveStale(filepath.Join(dir, "missing", "r.csv"), time.Now()); err != nil || len(got) != 0 {
		t.Errorf("missing folder: %v, %v", got, err)
	}
}

// TestRobustAtomicMode: a new file honours the umask, a replaced one keeps
// its mode, and the temporary file is gone after Commit and after Abort.
func TestRobustAtomicMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.csv")
	write := func() {
		a, err := CreateAtomic(p)
		if err != nil {
			t.Fatal(err)
		}
		a.Write([]byte("x\n"))
		if err := a.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	write()
	st, _ := os.Stat(p)
	probe := filepath.Join(dir, "probe")
	pf, _ := os.OpenFile(probe, os.O_CREATE|os.O_WRONLY, 0o666)
	pf.Close()
	want, _ := os.Stat(probe)
	if st.Mode().Perm() != want.Mode().Perm() {
		t.Errorf("new file mode %v, want %v as any new file", st.Mode().Perm(), want.Mode().Perm())
	}
	os.Chmod(p, 0o640)
	write()
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o640 {
		t.Errorf("replaced file mode %v, want 0640", st.Mode().Perm())
	}
	a, _ := CreateAtomic(p)
	a.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
}

// panicky is a writer whose dependency dereferences nil on every call but
// Begin, as the Parquet writer did on a full disk.
type panicky struct {
	f       *AtomicFile
	aborted bool
}

func (p *panicky) Begin(*Run) error { return nil }
func (p *panicky) Findings([]checks.Finding) error {
	var m map[string]*int
	return fmt.Errorf("%d", *m["x"])
}
func (p *panicky) Metrics([]checks.Metric) error { panic("metrics") }
func (p *panicky) Close(*Summary) error          { panic("close") }
func (p *panicky) Abort()                        { p.aborted = true; p.f.Abort(); panic("abort too") }

// TestRobustWriterPanic: a panic inside a writer becomes an error naming
// the output, the writer is aborted and its temporary file removed.
func TestRobustWriterPanic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.parquet")
	for _, call := range []func(Writer) error{
		func(w Writer) error { return w.Findings(nil) },
		func(w Writer) error { return w.Metrics(nil) },
		func(w Writer) error { return w.Close(nil) },
	} {
		f, err := CreateAtomic(path)
		if err != nil {
			t.Fatal(err)
		}
		p := &panicky{f: f}
		w := guard(path, p)
		err = call(w)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "disk may be full") {
			t.Errorf("error %v, want one naming %s", err, path)
		}
		if !p.aborted {
			t.Error("the writer was not aborted")
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("left behind: %v", entries)
		}
	}
}

// TestRobustBackgroundPanic: a panic in the goroutine that encodes row
// groups is the writer's error, not the end of the process.
func TestRobustBackgroundPanic(t *testing.T) {
	g := background{write: func(arrow.Record) error { panic("nil dereference in the encoder") }}
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	b := array.NewRecordBuilder(mem, arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil))
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(1)
	g.put(b.NewRecord())
	if err := g.wait(); err == nil || !strings.Contains(err.Error(), "nil dereference") {
		t.Errorf("wait = %v, want the panic as an error", err)
	}
}
