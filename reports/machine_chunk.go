package reports

import (
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// dictColumn gives each distinct value of a dictionary column its index, in
// order of first appearance after the seed values. It lives as long as the
// file, so indices are stable across chunks and the dictionary only grows.
type dictColumn struct {
	index  map[string]int32
	values []string
}

func newDictColumn(seed []string) *dictColumn {
	d := &dictColumn{index: make(map[string]int32)}
	for _, v := range seed {
		d.id(v)
	}
	return d
}

func (d *dictColumn) id(v string) int32 {
	if i, ok := d.index[v]; ok {
		return i
	}
	i := int32(len(d.values))
	d.index[v] = i
	d.values = append(d.values, v)
	return i
}

// array returns the dictionary so far as a string array; the caller releases it.
func (d *dictColumn) array(mem memory.Allocator) arrow.Array {
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.AppendValues(d.values, nil)
	return b.NewArray()
}

// chunkText is the most text (bytes of the string columns) a chunk holds
// before it ends early, whatever ChunkRows says. It bounds the memory of a
// chunk of unusually long texts, and the dictionary a Parquet column chunk
// can need (see parquetDictLimit).
const chunkText = 32 << 20

// chunker builds the rows of a machine file in chunks of at most ChunkRows
// rows and about chunkText bytes of text. Rows are built in the index schema (dictionary columns as int32
// indices); emit receives each full chunk as a record of the index schema
// and must not keep it past the call.
type chunker struct {
	mem    memory.Allocator
	schema *arrow.Schema // with dictionaries
	idx    *arrow.Schema // indices instead of dictionaries
	dicts  []*dictColumn // per column; nil for plain columns
	max    int
	asOf   time.Time
	lang   string               // the lang column of every row
	b      *array.RecordBuilder // nil between chunks
	n      int                  // rows in b
	text   int                  // bytes of the strings in b
	emit   func(rec arrow.Record) error
}

func newChunker(schema *arrow.Schema, opt MachineOptions, asOf time.Time, emit func(arrow.Record) error) *chunker {
	c := &chunker{
		mem:    opt.Mem,
		schema: schema,
		idx:    indexSchema(schema),
		dicts:  make([]*dictColumn, schema.NumFields()),
		max:    opt.ChunkRows,
		asOf:   asOf,
		lang:   langCode(opt.Lang),
		emit:   emit,
	}
	if c.max <= 0 {
		c.max = DefaultChunkRows
	}
	for i, f := range schema.Fields() {
		if f.Type.ID() != arrow.DICTIONARY {
			continue
		}
		var seed []string
		switch {
		case opt.Kind == MachineFindings && i == fSeverity:
			seed = severityValues
		case opt.Kind == MachineMetrics && i == mScope:
			seed = scopeValues
		case opt.Kind == MachineMetrics && i == mStatus:
			seed = statusValues
		case opt.Kind == MachineProducts && i != pLang:
			seed = statusValues // every other dictionary column is a status
		}
		c.dicts[i] = newDictColumn(seed)
	}
	return c
}

// row makes room for one more row and returns the builder to append it to.
func (c *chunker) row() (*array.RecordBuilder, error) {
	if c.b != nil && (c.n >= c.max || c.text >= chunkText) {
		if err := c.flush(); err != nil {
			return nil, err
		}
	}
	if c.b == nil {
		c.b = array.NewRecordBuilder(c.mem, c.idx)
		c.n, c.text = 0, 0
	}
	c.n++
	return c.b, nil
}

// flush hands the current chunk to emit and releases it.
func (c *chunker) flush() error {
	if c.b == nil || c.n == 0 {
		return nil
	}
	rec := c.b.NewRecord()
	c.b.Release()
	c.b = nil
	c.n, c.text = 0, 0
	defer rec.Release()
	return c.emit(rec)
}

// release frees the chunk being built, if any.
func (c *chunker) release() {
	if c.b != nil {
		c.b.Release()
		c.b = nil
		c.n = 0
	}
}

// dictionaries returns the dictionaries so far, one per column (nil for
// plain columns). The caller releases them with releaseAll.
func (c *chunker) dictionaries() []arrow.Array { return c.dictionariesWith(c.mem) }

// dictionariesWith is dictionaries with the arrays allocated from mem.
func (c *chunker) dictionariesWith(mem memory.Allocator) []arrow.Array {
	out := make([]arrow.Array, len(c.dicts))
	for i, d := range c.dicts {
		if d != nil {
			out[i] = d.array(mem)
		}
	}
	return out
}

// withDictionaries turns a record of the index schema into a record of the
// full schema, with the given dictionaries. The caller releases it.
func (c *chunker) withDictionaries(rec arrow.Record, dicts []arrow.Array) arrow.Record {
	cols := make([]arrow.Array, rec.NumCols())
	var made []arrow.Array
	for i := range cols {
		if dicts[i] == nil {
			cols[i] = rec.Column(i)
			continue
		}
		d := array.NewDictionaryArray(c.schema.Field(i).Type, rec.Column(i), dicts[i])
		made = append(made, d)
		cols[i] = d
	}
	out := array.NewRecord(c.schema, cols, rec.NumRows())
	releaseAll(made)
	return out
}

func releaseAll(as []arrow.Array) {
	for _, a := range as {
		if a != nil {
			a.Release()
		}
	}
}
