package checks

import (
	"encoding/binary"
	"io"
	"math"

	"github.com/aecheck/aecheck/internal/spill"
)

// appendPricedRec appends one record of the spill file, which each reads:
// a fixed head of group, price, origin, row and id length (pricedHead
// bytes, little-endian), then the id.
func appendPricedRec(b []byte, group uint32, price float64, r ref, id string) []byte {
	b = binary.LittleEndian.AppendUint32(b, group)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(price))
	b = binary.LittleEndian.AppendUint32(b, r.Org)
	b = binary.LittleEndian.AppendUint32(b, uint32(r.Row))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(id)))
	return append(b, id...)
}

// pricedHead is the length of the fixed head of a spill record.
const pricedHead = 24

// pricedRec is one record of the spill file.
type pricedRec struct {
	group uint32
	price float64
	r     ref
	id    []byte
}

// decodeHead sets pr's fields from the fixed head of a record, b[:pricedHead]
// (appendPricedRec's layout), and returns the length of the id after it.
func (pr *pricedRec) decodeHead(b []byte) uint32 {
	le := binary.LittleEndian
	pr.group, pr.price = le.Uint32(b), math.Float64frombits(le.Uint64(b[4:]))
	pr.r = ref{Org: le.Uint32(b[12:]), Row: int32(le.Uint32(b[16:]))}
	return le.Uint32(b[20:])
}

// eachPriced calls fn for every record sr holds, in order. A record is
// decoded where the reader holds it, its id included (valid during fn); the
// records wholly in the buffer are decoded in one loop, and the buffer
// refilled only for the one cut by its end. A record cut short is an error,
// io.ErrUnexpectedEOF.
func eachPriced(sr *spill.Reader, fn func(*pricedRec)) error {
	var pr pricedRec
	for {
		b := sr.Buffered()
		whole := len(b)
		for len(b) >= pricedHead {
			n := pr.decodeHead(b)
			if uint64(n) > uint64(len(b)-pricedHead) {
				break
			}
			pr.id = b[pricedHead : pricedHead+n : pricedHead+n]
			fn(&pr)
			b = b[pricedHead+n:]
		}
		sr.Discard(whole - len(b))
		// The next record, through Next, which refills the buffer.
		head, err := sr.Next(pricedHead)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		n := pr.decodeHead(head)
		if n > math.MaxInt32 {
			return io.ErrUnexpectedEOF
		}
		if pr.id, err = sr.Next(int(n)); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		fn(&pr)
	}
}
