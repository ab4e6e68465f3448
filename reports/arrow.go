package reports

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/aecheck/aecheck/checks"
)

// arrowEncoder writes an Arrow IPC file. The IPC file format allows one
// dictionary per column for the whole file, and the check IDs and metric
// names are only all known at the end; so chunks are spooled, as plain
// index records, to an IPC stream in a temporary file beside the output,
// and finish copies them into the file with the final dictionaries. Memory
// stays at one chunk; the spool is removed in every case.
type arrowEncoder struct {
	*chunker
	out   *AtomicFile
	spool *os.File
	bw    *bufio.Writer
	sw    *ipc.Writer
}

func newArrowEncoder(out *AtomicFile, schema *arrow.Schema, opt MachineOptions, asOf time.Time) (*arrowEncoder, error) {
	dir, base := filepath.Split(out.Name())
	if dir == "" {
		dir = "."
	}
	spool, err := createTemp(dir, base+".spool-*")
	if err != nil {
		return nil, fmt.Errorf("create spool: %w", err)
	}
	e := &arrowEncoder{out: out, spool: spool, bw: bufio.NewWriterSize(spool, 1<<20)}
	e.chunker = newChunker(schema, opt, asOf, e.write)
	e.sw = ipc.NewWriter(e.bw, ipc.WithSchema(e.idx), ipc.WithAllocator(opt.Mem))
	return e, nil
}

func (e *arrowEncoder) write(rec arrow.Record) error { return e.sw.Write(rec) }

func (e *arrowEncoder) findings(fs []checks.Finding) error        { return e.chunker.findings(fs) }
func (e *arrowEncoder) metrics(ms []checks.Metric) error          { return e.chunker.metrics(ms) }
func (e *arrowEncoder) products(ps []checks.ProductMetrics) error { return e.chunker.products(ps) }

func (e *arrowEncoder) finish() (err error) {
	defer e.removeSpool()
	if err := e.flush(); err != nil {
		return err
	}
	sw := e.sw
	e.sw = nil
	if err := sw.Close(); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if err := e.bw.Flush(); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if _, err := e.spool.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	r, err := ipc.NewReader(bufio.NewReaderSize(e.spool, 1<<20), ipc.WithAllocator(e.mem), ipc.WithSchema(e.idx))
	if err != nil {
		return fmt.Errorf("read spool: %w", err)
	}
	defer r.Release()

	// The same dictionary arrays go with every record, so the writer sees
	// one dictionary per column. They are built with the Go allocator:
	// ipc.FileWriter (arrow/go v17) retains the dictionaries it has written
	// and never releases them, so with a pooled or checked allocator they
	// would leak; Go memory is simply collected.
	dicts := e.dictionariesWith(memory.NewGoAllocator())
	defer releaseAll(dicts)
	fw, err := ipc.NewFileWriter(e.out, ipc.WithSchema(e.schema), ipc.WithAllocator(e.mem))
	if err != nil {
		return err
	}
	for r.Next() {
		full := e.withDictionaries(r.Record(), dicts)
		err := fw.Write(full)
		full.Release()
		if err != nil {
			fw.Close()
			return err
		}
	}
	if err := r.Err(); err != nil && !errors.Is(err, io.EOF) {
		fw.Close()
		return fmt.Errorf("read spool: %w", err)
	}
	return fw.Close()
}

func (e *arrowEncoder) abort() {
	e.release()
	if e.sw != nil {
		e.sw.Close()
		e.sw = nil
	}
	e.removeSpool()
}

func (e *arrowEncoder) removeSpool() {
	if e.spool != nil {
		e.spool.Close()
		removeTemp(e.spool.Name())
		e.spool = nil
	}
}
