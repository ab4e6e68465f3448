package reports

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"time"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/metadata"
	"github.com/apache/arrow/go/v17/parquet/schema"

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

// parquetEncoder writes one row group per chunk with the column writers of
// parquet/file. It stores the Arrow schema in the file (ARROW:schema, as
// pqarrow does), so Arrow readers get the dictionary and timestamp types
// back. It does not go through pqarrow: pqarrow imports Arrow Flight (for
// that schema alone), and with it gRPC and protobuf, which made up half
// of the binary.
type parquetEncoder struct {
	*chunker
	bw *bufio.Writer
	fw *file.Writer
	bg background // encodes the row groups while the next chunk is built

	// Scratch of the column being written, on the background goroutine.
	vals []parquet.ByteArray
	i64  []int64
	i32  []int32
	f64  []float64
	defs []int16
	reps []int16
}

func newParquetEncoder(w io.Writer, sc *arrow.Schema, opt MachineOptions, asOf time.Time) (*parquetEncoder, error) {
	e := &parquetEncoder{bw: bufio.NewWriterSize(w, 1<<20)}
	props := parquetProps(opt)
	root, err := parquetSchema(sc, props)
	if err != nil {
		return nil, err
	}
	meta := make(metadata.KeyValueMetadata, 0, sc.Metadata().Len()+1)
	for i, k := range sc.Metadata().Keys() {
		meta.Append(k, sc.Metadata().Values()[i])
	}
	var stored bytes.Buffer
	iw := ipc.NewWriter(&stored, ipc.WithSchema(sc), ipc.WithAllocator(opt.Mem))
	if err := iw.Close(); err != nil {
		return nil, err
	}
	meta.Append("ARROW:schema", base64.StdEncoding.EncodeToString(stored.Bytes()))
	e.fw = file.NewParquetWriter(e.bw, root, file.WithWriterProps(props), file.WithWriteMetadata(meta))
	e.bg.write = e.writeGroup
	e.chunker = newChunker(sc, opt, asOf, e.write)
	return e, nil
}

// parquetSchema returns the Parquet schema of an Arrow schema of the
// machine outputs, as pqarrow makes it: strings (and dictionaries of
// strings) as BYTE_ARRAY with the String logical type, integers with the
// Int logical type, timestamps as INT64 adjusted to UTC, lists of strings
// as three-level LIST groups; a nullable field is optional, else required.
func parquetSchema(sc *arrow.Schema, props *parquet.WriterProperties) (*schema.GroupNode, error) {
	rep := func(nullable bool) parquet.Repetition {
		if nullable {
			return parquet.Repetitions.Optional
		}
		return parquet.Repetitions.Required
	}
	var leaf func(name string, t arrow.DataType, nullable bool) (schema.Node, error)
	leaf = func(name string, t arrow.DataType, nullable bool) (schema.Node, error) {
		r := rep(nullable)
		switch t := t.(type) {
		case *arrow.StringType:
			return schema.NewPrimitiveNodeLogical(name, r, schema.StringLogicalType{}, parquet.Types.ByteArray, -1, -1)
		case *arrow.DictionaryType:
			return leaf(name, t.ValueType, nullable)
		case *arrow.Int64Type:
			return schema.NewPrimitiveNodeLogical(name, r, schema.NewIntLogicalType(64, true), parquet.Types.Int64, -1, -1)
		case *arrow.Int32Type:
			return schema.NewPrimitiveNodeLogical(name, r, schema.NewIntLogicalType(32, true), parquet.Types.Int32, -1, -1)
		case *arrow.Float64Type:
			return schema.NewPrimitiveNode(name, r, parquet.Types.Double, -1, -1)
		case *arrow.TimestampType:
			if t.Unit != arrow.Millisecond || t.TimeZone != "UTC" {
				break
			}
			return schema.NewPrimitiveNodeLogical(name, r, schema.NewTimestampLogicalType(true, schema.TimeUnitMillis), parquet.Types.Int64, -1, -1)
		case *arrow.ListType:
			elem, err := leaf(name, t.Elem(), true)
			if err != nil {
				return nil, err
			}
			return schema.ListOf(elem, r, -1)
		}
		return nil, fmt.Errorf("parquet: no column type for %s %s", name, t)
	}
	nodes := make(schema.FieldList, 0, sc.NumFields())
	for _, f := range sc.Fields() {
		n, err := leaf(f.Name, f.Type, f.Nullable)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	return schema.NewGroupNode(props.RootName(), props.RootRepetition(), nodes, -1)
}

// write writes one chunk as a row group, with the dictionaries so far
// (taken now: they grow while the next chunk is built), in the background.
func (e *parquetEncoder) write(rec arrow.Record) error {
	dicts := e.dictionaries()
	defer releaseAll(dicts)
	return e.bg.put(e.withDictionaries(rec, dicts))
}

// writeGroup writes rec as one row group, column by column.
func (e *parquetEncoder) writeGroup(rec arrow.Record) error {
	rg := e.fw.AppendRowGroup()
	for j, col := range rec.Columns() {
		cw, err := rg.NextColumn()
		if err != nil {
			return err
		}
		if err := e.writeColumn(cw, col, rec.Schema().Field(j).Nullable); err != nil {
			return fmt.Errorf("column %s: %w", rec.ColumnName(j), err)
		}
	}
	return rg.Close()
}

// bytesOf is s as a Parquet value, without a copy: the writer only reads it.
func bytesOf(s string) parquet.ByteArray { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// writeColumn writes the values of col, with their definition levels
// when the column is nullable (1 a value, 0 a null) and, for a list,
// their repetition levels.
func (e *parquetEncoder) writeColumn(cw file.ColumnChunkWriter, col arrow.Array, nullable bool) error {
	n := col.Len()
	var defs, reps []int16
	if nullable {
		defs = e.defs[:0]
		for i := range n {
			defs = append(defs, int16(boolInt(col.IsValid(i))))
		}
	}
	var err error
	switch a := col.(type) {
	case *array.String:
		vals := e.vals[:0]
		for i := range n {
			if a.IsValid(i) {
				vals = append(vals, bytesOf(a.Value(i)))
			}
		}
		e.vals = vals
		_, err = cw.(*file.ByteArrayColumnChunkWriter).WriteBatch(vals, defs, nil)
	case *array.Dictionary:
		idx, dict := a.Indices().(*array.Int32), a.Dictionary().(*array.String)
		vals := e.vals[:0]
		for i := range n {
			if a.IsValid(i) {
				vals = append(vals, bytesOf(dict.Value(int(idx.Value(i)))))
			}
		}
		e.vals = vals
		_, err = cw.(*file.ByteArrayColumnChunkWriter).WriteBatch(vals, defs, nil)
	case *array.Int64:
		e.i64 = appendValid(e.i64[:0], a, a.Int64Values())
		_, err = cw.(*file.Int64ColumnChunkWriter).WriteBatch(e.i64, defs, nil)
	case *array.Timestamp:
		e.i64 = e.i64[:0]
		for i := range n {
			if a.IsValid(i) {
				e.i64 = append(e.i64, int64(a.Value(i)))
			}
		}
		_, err = cw.(*file.Int64ColumnChunkWriter).WriteBatch(e.i64, defs, nil)
	case *array.Int32:
		e.i32 = appendValid(e.i32[:0], a, a.Int32Values())
		_, err = cw.(*file.Int32ColumnChunkWriter).WriteBatch(e.i32, defs, nil)
	case *array.Float64:
		e.f64 = appendValid(e.f64[:0], a, a.Float64Values())
		_, err = cw.(*file.Float64ColumnChunkWriter).WriteBatch(e.f64, defs, nil)
	case *array.List:
		// Definition levels of an optional list of optional strings: 0 a
		// null list, 1 an empty one, 2 a null item, 3 an item.
		items := a.ListValues().(*array.String)
		vals := e.vals[:0]
		defs, reps = e.defs[:0], e.reps[:0]
		for i := range n {
			start, end := a.ValueOffsets(i)
			switch {
			case !a.IsValid(i):
				defs, reps = append(defs, 0), append(reps, 0)
			case start == end:
				defs, reps = append(defs, 1), append(reps, 0)
			}
			for k := start; a.IsValid(i) && k < end; k++ {
				reps = append(reps, int16(boolInt(k > start)))
				if items.IsNull(int(k)) {
					defs = append(defs, 2)
					continue
				}
				defs = append(defs, 3)
				vals = append(vals, bytesOf(items.Value(int(k))))
			}
		}
		e.vals, e.reps = vals, reps
		_, err = cw.(*file.ByteArrayColumnChunkWriter).WriteBatch(vals, defs, reps)
	default:
		err = fmt.Errorf("no writer for %s", col.DataType())
	}
	e.defs = defs
	return err
}

// appendValid appends the values of a that are not null.
func appendValid[T any](dst []T, a arrow.Array, vs []T) []T {
	if a.NullN() == 0 {
		return append(dst, vs...)
	}
	for i, v := range vs {
		if a.IsValid(i) {
			dst = append(dst, v)
		}
	}
	return dst
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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
