package reports

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/aecheck/aecheck/checks"
)

// TestBufferPool: a reused buffer comes back zeroed and of the size asked,
// Reallocate keeps the bytes, and buffers the pool did not make (small, or
// of another capacity) are never handed out.
func TestBufferPool(t *testing.T) {
	var p bufferPool
	b := p.Allocate(100 << 10)
	if len(b) != 100<<10 || cap(b) != 128<<10 {
		t.Fatalf("Allocate(100 KB): len %d cap %d, want 102400 and 131072", len(b), cap(b))
	}
	for i := range b {
		b[i] = 0xAB
	}
	p.Free(b)
	c := p.Allocate(120 << 10)
	if &c[0] != &b[0] || p.reused != 1 {
		t.Fatalf("the freed buffer was not reused (reused %d)", p.reused)
	}
	if i := bytes.IndexFunc(c, func(r rune) bool { return r != 0 }); i >= 0 {
		t.Fatalf("reused buffer not zeroed at %d", i)
	}
	copy(c, "kept")
	d := p.Reallocate(200<<10, c)
	if string(d[:4]) != "kept" || len(d) != 200<<10 {
		t.Fatalf("Reallocate lost the bytes or the size: %q, %d", d[:4], len(d))
	}
	if e := p.Allocate(128 << 10); &e[0] != &c[0] {
		t.Error("Reallocate did not give the old buffer back to the pool")
	}
	for _, foreign := range [][]byte{make([]byte, 1<<10), make([]byte, 100<<10), make([]byte, 200<<10)} {
		p.Free(foreign)
	}
	for _, n := range []int{1 << 10, 100 << 10, 200 << 10} {
		if b := p.Allocate(n); cap(b) == 100<<10 || cap(b) == 200<<10 {
			t.Errorf("Allocate(%d) handed out a buffer the pool did not make", n)
		}
	}
	many := make([][]byte, poolKeep+3)
	for i := range many {
		many[i] = p.Allocate(1 << 20)
	}
	for _, b := range many {
		p.Free(b)
	}
	if n := len(p.free[20]); n != poolKeep {
		t.Errorf("pool keeps %d buffers of 1 MB, want %d", n, poolKeep)
	}
}

// TestMachinePoolSameBytes: the machine files written with the pool, whose
// chunks reuse the buffers of the chunks before, are the bytes written with
// fresh Go memory.
func TestMachinePoolSameBytes(t *testing.T) {
	base := testFindings()
	fs := make([]checks.Finding, 40000)
	for i := range fs {
		fs[i] = base[i%len(base)]
		fs[i].Pos.Row = i + 2
		fs[i].Value = fmt.Sprintf("%s %d", fs[i].Value, i*7919%10007)
	}
	for _, ext := range []string{".parquet", ".arrow"} {
		var files [2][]byte
		pool := new(bufferPool)
		for i, mem := range []memory.Allocator{memory.NewGoAllocator(), pool} {
			path := filepath.Join(t.TempDir(), "f"+ext)
			w, err := openMachine(path, MachineOptions{ChunkRows: 4096, Mem: mem})
			if err != nil {
				t.Fatal(err)
			}
			for j := 0; j < len(fs); j += 1000 {
				if err := w.Findings(fs[j:min(j+1000, len(fs))]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(nil); err != nil {
				t.Fatal(err)
			}
			if files[i], err = os.ReadFile(path); err != nil {
				t.Fatal(err)
			}
		}
		if pool.reused == 0 {
			t.Errorf("%s: the pool reused no buffer; the test checks nothing", ext)
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Errorf("%s: the pool's file differs from the Go allocator's (%d and %d bytes)", ext, len(files[1]), len(files[0]))
		}
	}
}
