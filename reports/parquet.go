package reports

import (
	"bufio"
	"io"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/aecheck/aecheck/checks"
)

// parquetCreatedBy is the created_by of every Parquet file aecheck writes.
// It names the library, not the time, so reruns give identical bytes.
const parquetCreatedBy = "aecheck (parquet-go v17)"

// parquetProps returns the writer properties of every Parquet file aecheck
// writes: snappy (zstd in arrow/go v17 builds a new encoder per page, three
// times slower here), statistics, one row group per chunk, and dictionary
// encoding but for entity and cell, which hold nearly one value per finding:
// their dictionaries only cost time and space (the 1M-row bench catalog's
// file: 10 % faster to write and 32 MB instead of 38 without them).
func parquetProps(opt MachineOptions) *parquet.WriterProperties {
	return parquet.NewWriterProperties(
		parquet.WithAllocator(opt.Mem),
		parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithDictionaryDefault(true),
		parquet.WithDictionaryFor("entity", false),
		parquet.WithDictionaryFor("cell", false),
		parquet.WithDictionaryPageSizeLimit(parquetDictLimit(opt.ChunkRows)),
		parquet.WithStats(true),
		parquet.WithVersion(parquet.V2_LATEST),
		parquet.WithDataPageVersion(parquet.DataPageV1),
		parquet.WithMaxRowGroupLength(int64(opt.ChunkRows)),
		parquet.WithCreatedBy(parquetCreatedBy),
	)
}

// parquetDictLimit is the dictionary size past which the Parquet writer
// would give up a column's dictionary for the rest of a row group: more than
// any column chunk can need, so that it never does. A column chunk that
// gave it up lists its pages' encodings in the file's footer in the random
// order of a Go map (arrow/go v17), and the same findings then gave other
// bytes from run to run (at the default 1 MB, a catalog with 100,000
// duplicate listings had distinct messages enough). A chunk holds at most
// rows values, 8 bytes for a number, and about chunkText bytes of text, each
// string taking 4 more for its length; twice chunkText covers the last row
// that crosses it.
func parquetDictLimit(rows int) int64 {
	return 2*chunkText + 12*int64(rows)
}

// parquetEncoder writes one row group per chunk with pqarrow. The Arrow
// schema is stored in the file (ARROW:schema), so Arrow readers get the
// dictionary and timestamp types back.
type parquetEncoder struct {
	*chunker
	bw *bufio.Writer
	fw *pqarrow.FileWriter
	bg background // encodes the row groups while the next chunk is built
}

func newParquetEncoder(w io.Writer, schema *arrow.Schema, opt MachineOptions, asOf time.Time) (*parquetEncoder, error) {
	e := &parquetEncoder{bw: bufio.NewWriterSize(w, 1<<20)}
	fw, err := pqarrow.NewFileWriter(schema, e.bw, parquetProps(opt),
		pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(opt.Mem), pqarrow.WithStoreSchema()))
	if err != nil {
		return nil, err
	}
	e.fw = fw
	e.bg.write = fw.Write
	e.chunker = newChunker(schema, opt, asOf, e.write)
	return e, nil
}

// write writes one chunk as a row group, with the dictionaries so far
// (taken now: they grow while the next chunk is built), in the background.
func (e *parquetEncoder) write(rec arrow.Record) error {
	dicts := e.dictionaries()
	defer releaseAll(dicts)
	return e.bg.put(e.withDictionaries(rec, dicts))
}

func (e *parquetEncoder) findings(fs []checks.Finding) error        { return e.chunker.findings(fs) }
func (e *parquetEncoder) metrics(ms []checks.Metric) error          { return e.chunker.metrics(ms) }
func (e *parquetEncoder) products(ps []checks.ProductMetrics) error { return e.chunker.products(ps) }

func (e *parquetEncoder) finish() error {
	err := e.flush()
	if werr := e.bg.wait(); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	fw := e.fw
	e.fw = nil
	if err := fw.Close(); err != nil {
		return err
	}
	return e.bw.Flush()
}

func (e *parquetEncoder) abort() {
	e.release()
	e.bg.wait()
	if e.fw != nil {
		// Close releases the writer's buffers; the bytes go to a file that
		// is about to be removed.
		e.fw.Close()
		e.fw = nil
	}
}
