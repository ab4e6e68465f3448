package checks

import (
	"encoding/binary"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/aecheck/aecheck/internal/offheap"
	"github.com/aecheck/aecheck/readers"
)

// susStore is what order-suspicious keeps of the orders of a run until
// Finish: for each order with an amount or a quantity, 20 bytes in column
// blocks (an id that is the order number itself when it is a number or
// else a reference into a byte arena; the row; the amount in cents; the
// quantity, table and has-amount flag packed in one word), plus one entry
// per table for the file, sheet, shop and columns. A block whose amounts
// are not all whole cents keeps them as float64, and one whose lines do
// not all sit at the same distance from their rows (multi-line cells in a
// CSV) keeps the lines too. The medians stay exact: every amount and
// quantity is kept as it was, and Finish finds the medians by a radix
// selection over the blocks, without copying them.
type susStore struct {
	tables []susTable
	last   int // index of the table of the last record, -1 for none

	blocks []*susBlock
	n      int
	mapped *susMapped // the mapped columns of blocks; freed by free or when the store is dropped

	arena [][]byte // ids that are not numbers: uvarint length, then bytes

	// big holds, by record number, what does not fit a record: a row or
	// line past 2^31, a quantity past 65534, a table index past 32766
	// (never seen in real exports).
	big map[int]susBig
}

const (
	susBlockLen  = 4096
	susArenaSize = 256 << 10
	// susIDArena marks an id stored in the arena: chunk<<32 | offset.
	susIDArena = 1 << 63

	// meta: quantity<<16 | table<<1 | has-amount.
	susHasTotal = 1
	susBigQty   = 0xFFFF // quantity in big
	susBigTable = 0x7FFF // table in big
)

// susCols is the fixed part of a block: 80 KB without pointers, mapped
// outside the Go heap where the system allows it (see internal/offheap), so that a
// million orders do not let the heap grow by as much again beside them.
type susCols struct {
	ids   [susBlockLen]uint64
	rows  [susBlockLen]int32 // -1: row and line in big
	cents [susBlockLen]uint32
	meta  [susBlockLen]uint32
}

// susMapped lists the blocks' mapped columns, for free.
type susMapped struct{ cols [][]susCols }

func (m *susMapped) free() {
	for _, c := range m.cols {
		offheap.Free(c, true)
	}
	m.cols = nil
}

type susBlock struct {
	*susCols

	lineDelta int32                 // line - row, for every record unless lines is set
	lines     *[susBlockLen]int32   // the lines, once one is not at lineDelta
	totals    *[susBlockLen]float64 // the amounts, once one is not a whole number of cents
}

// setTotal stores amount v of record i.
func (b *susBlock) setTotal(i int, v float64) {
	if b.totals == nil {
		if c := math.Round(v * 100); c >= 0 && c < math.MaxUint32 && math.Float64bits(c/100) == math.Float64bits(v) {
			b.cents[i] = uint32(c)
			return
		}
		b.totals = new([susBlockLen]float64)
		for j := range i {
			b.totals[j] = float64(b.cents[j]) / 100
		}
	}
	b.totals[i] = v
}

// total returns the amount of record i (0 for an order without one).
func (b *susBlock) total(i int) float64 {
	if b.totals != nil {
		return b.totals[i]
	}
	return float64(b.cents[i]) / 100
}

// setLine stores line of record i, whose row is already set.
func (b *susBlock) setLine(i int, line int32) {
	d := int64(line) - int64(b.rows[i])
	if i == 0 && d == int64(int32(d)) {
		b.lineDelta = int32(d)
	}
	if b.lines == nil {
		if d == int64(b.lineDelta) {
			return
		}
		b.lines = new([susBlockLen]int32)
		for j := range i {
			b.lines[j] = b.rows[j] + b.lineDelta
		}
	}
	b.lines[i] = line
}

func (b *susBlock) line(i int) int32 {
	if b.lines != nil {
		return b.lines[i]
	}
	return b.rows[i] + b.lineDelta
}

type susTable struct {
	cols        *readers.Columns
	file, sheet string
	shop        string
}

type susBig struct {
	row, line int
	qty       int64
	table     int
}

// susRec is one record, unpacked.
type susRec struct {
	total    float64
	hasTotal bool
	qty      int64
	id       string
	pos      readers.Pos // file, sheet, row and line of the order
	table    *susTable
}

func newSusStore() *susStore { return &susStore{last: -1} }

// free returns the store's mapped memory; the store must not be used after.
func (s *susStore) free() {
	if s.mapped != nil {
		s.mapped.free()
	}
	s.blocks = nil
}

// add records o when it has an amount or a quantity (an order with
// neither can never be suspicious nor move a median).
func (s *susStore) add(o *readers.Order) {
	var qty int64
	for _, it := range o.Items {
		if it.Quantity > 0 {
			qty += int64(it.Quantity)
		}
	}
	if !o.HasTotal && qty <= 0 {
		return
	}
	i := s.n % susBlockLen
	if i == 0 {
		c, mapped := offheap.Alloc[susCols](1)
		b := &susBlock{susCols: &c[0]}
		if mapped {
			if s.mapped == nil {
				s.mapped = new(susMapped)
				runtime.AddCleanup(s, (*susMapped).free, s.mapped)
			}
			s.mapped.cols = append(s.mapped.cols, c)
		}
		s.blocks = append(s.blocks, b)
	}
	b := s.blocks[len(s.blocks)-1]
	b.setTotal(i, o.Total)
	b.ids[i] = s.id(o.ID)
	var big susBig
	isBig := false
	if o.Pos.Row >= 0 && o.Pos.Row <= math.MaxInt32 && o.Pos.Line >= 0 && o.Pos.Line <= math.MaxInt32 {
		b.rows[i] = int32(o.Pos.Row)
		b.setLine(i, int32(o.Pos.Line))
	} else {
		b.rows[i] = -1
		b.setLine(i, -1)
		big.row, big.line, isBig = o.Pos.Row, o.Pos.Line, true
	}
	var meta uint32
	if o.HasTotal {
		meta |= susHasTotal
	}
	if qty < susBigQty {
		meta |= uint32(qty) << 16
	} else {
		meta |= susBigQty << 16
		big.qty, isBig = qty, true
	}
	if t := s.table(o); t < susBigTable {
		meta |= uint32(t) << 1
	} else {
		meta |= susBigTable << 1
		big.table, isBig = t, true
	}
	b.meta[i] = meta
	if isBig {
		if s.big == nil {
			s.big = map[int]susBig{}
		}
		s.big[s.n] = big
	}
	s.n++
}

// table returns the index of the table of o, adding it when new.
func (s *susStore) table(o *readers.Order) int {
	match := func(t *susTable) bool {
		return t.cols == o.Cols && t.file == o.Pos.File && t.sheet == o.Pos.Sheet && t.shop == o.Shop
	}
	if s.last >= 0 && match(&s.tables[s.last]) {
		return s.last
	}
	for i := range s.tables {
		if match(&s.tables[i]) {
			s.last = i
			return i
		}
	}
	s.tables = append(s.tables, susTable{cols: o.Cols, file: o.Pos.File, sheet: o.Pos.Sheet, shop: strings.Clone(o.Shop)})
	s.last = len(s.tables) - 1
	return s.last
}

// id packs an order id: a decimal number of up to 18 digits written the
// way FormatUint writes it is kept as its value, anything else goes to the
// arena.
func (s *susStore) id(id string) uint64 {
	if n := len(id); n > 0 && n <= 18 && (id[0] != '0' || n == 1) {
		var v uint64
		ok := true
		for i := 0; i < n; i++ {
			c := id[i]
			if c < '0' || c > '9' {
				ok = false
				break
			}
			v = v*10 + uint64(c-'0')
		}
		if ok {
			return v
		}
	}
	need := binary.MaxVarintLen64 + len(id)
	if len(s.arena) == 0 || cap(s.arena[len(s.arena)-1])-len(s.arena[len(s.arena)-1]) < need {
		s.arena = append(s.arena, make([]byte, 0, max(susArenaSize, need)))
	}
	c := len(s.arena) - 1
	a := &s.arena[c]
	off := len(*a)
	*a = binary.AppendUvarint(*a, uint64(len(id)))
	*a = append(*a, id...)
	return susIDArena | uint64(c)<<32 | uint64(off)
}

// idOf unpacks an id packed by id.
func (s *susStore) idOf(v uint64) string {
	if v&susIDArena == 0 {
		return strconv.FormatUint(v, 10)
	}
	a := s.arena[(v&^susIDArena)>>32]
	off := int(v & math.MaxUint32)
	n, k := binary.Uvarint(a[off:])
	return string(a[off+k : off+k+int(n)])
}

// total returns the amount of record i and whether the order has one.
func (s *susStore) total(i int) (float64, bool) {
	b, j := s.blocks[i/susBlockLen], i%susBlockLen
	return b.total(j), b.meta[j]&susHasTotal != 0
}

// qty returns the quantity of record i.
func (s *susStore) qty(i int) int64 {
	b, j := s.blocks[i/susBlockLen], i%susBlockLen
	if q := b.meta[j] >> 16; q != susBigQty {
		return int64(q)
	}
	return s.big[i].qty
}

// record unpacks record i.
func (s *susStore) record(i int) susRec {
	b, j := s.blocks[i/susBlockLen], i%susBlockLen
	meta := b.meta[j]
	r := susRec{total: b.total(j), hasTotal: meta&susHasTotal != 0, qty: s.qty(i), id: s.idOf(b.ids[j])}
	t := int(meta>>1) & susBigTable
	if t == susBigTable {
		t = s.big[i].table
	}
	r.table = &s.tables[t]
	r.pos = readers.Pos{File: r.table.file, Sheet: r.table.sheet, Row: int(b.rows[j]), Line: int(b.line(j))}
	if b.rows[j] < 0 {
		big := s.big[i]
		r.pos.Row, r.pos.Line = big.row, big.line
	}
	return r
}

// susValues is one of the two series order-suspicious takes the median of.
type susValues int

const (
	susTotals susValues = iota // the amounts of the orders with one
	susQtys                    // the positive quantities
)

// each calls f with every value of the series.
func (s *susStore) each(which susValues, f func(v float64)) {
	for bi, b := range s.blocks {
		n := min(susBlockLen, s.n-bi*susBlockLen)
		for j := 0; j < n; j++ {
			meta := b.meta[j]
			switch which {
			case susTotals:
				if meta&susHasTotal != 0 {
					f(b.total(j))
				}
			case susQtys:
				q := int64(meta >> 16)
				if q == susBigQty {
					q = s.big[bi*susBlockLen+j].qty
				}
				if q > 0 {
					f(float64(q))
				}
			}
		}
	}
}

// median returns the median of a series (the mean of the two middle values
// for an even count), and false when it has fewer than minN values or the
// median is not positive: what orderMedian gives for the same values.
func (s *susStore) median(which susValues, minN int) (float64, bool) {
	n, nan := 0, false
	s.each(which, func(v float64) {
		n++
		nan = nan || math.IsNaN(v)
	})
	if n == 0 || n < minN {
		return 0, false
	}
	if nan {
		// Never seen (the reader refuses such amounts): sort a copy, as
		// orderMedian does.
		vs := make([]float64, 0, n)
		s.each(which, func(v float64) { vs = append(vs, v) })
		return orderMedian(vs, minN)
	}
	m := s.selectKth(which, n/2)
	if n%2 == 0 {
		// The value just below in sorted order: m again when it occurs
		// before rank n/2, else the largest value below m.
		less, below := 0, math.Inf(-1)
		s.each(which, func(v float64) {
			if v < m {
				less++
				below = max(below, v)
			}
		})
		lower := m
		if less == n/2 {
			lower = below
		}
		m = (lower + m) / 2
	}
	return m, m > 0
}

// sortKey maps a float64 (not NaN) to a uint64 in the same order.
func sortKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

func fromSortKey(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// selectKth returns the k-th smallest value (0-based) of a series without
// NaN: a radix selection over the sort keys, 16 bits a pass.
func (s *susStore) selectKth(which susValues, k int) float64 {
	var prefix, mask uint64
	hist := make([]int, 1<<16)
	for shift := 48; shift >= 0; shift -= 16 {
		clear(hist)
		s.each(which, func(v float64) {
			if key := sortKey(v); key&mask == prefix {
				hist[key>>shift&0xFFFF]++
			}
		})
		b := 0
		for ; b < len(hist)-1 && k >= hist[b]; b++ {
			k -= hist[b]
		}
		prefix |= uint64(b) << shift
		mask |= 0xFFFF << shift
	}
	return fromSortKey(prefix)
}

// orderMedian returns the median of vs (the mean of the two middle values
// for an even count), and false when vs has fewer than minN values or the
// median is not positive. vs is sorted.
func orderMedian(vs []float64, minN int) (float64, bool) {
	if len(vs) == 0 || len(vs) < minN {
		return 0, false
	}
	slices.Sort(vs)
	n := len(vs)
	m := vs[n/2]
	if n%2 == 0 {
		m = (vs[n/2-1] + vs[n/2]) / 2
	}
	return m, m > 0
}
