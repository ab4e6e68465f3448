package reports

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

func (c *chunker) findings(fs []checks.Finding) error {
	for i := range fs {
		f := &fs[i]
		b, err := c.row()
		if err != nil {
			return err
		}
		c.text += len(f.Kind) + len(f.Check) + len(f.Shop) + len(f.Pos.File) + len(f.Pos.Sheet) + len(f.Pos.Field) +
			len(f.Entity) + len(f.Value) + len(f.Message) + len(f.Fix) + len(f.Ref.File) + len(f.Ref.Sheet) + 16 // the cell and severity
		appendStr(b, fKind, f.Kind)
		b.Field(fCheck).(*array.Int32Builder).Append(c.dicts[fCheck].id(f.Check))
		b.Field(fSeverity).(*array.Int32Builder).Append(c.dicts[fSeverity].id(f.Severity.String()))
		appendStr(b, fShop, f.Shop)
		appendStr(b, fFile, f.Pos.File)
		appendOptStr(b, fSheet, f.Pos.Sheet, f.Pos.Sheet != "")
		b.Field(fRow).(*array.Int64Builder).Append(int64(f.Pos.Row))
		b.Field(fCol).(*array.Int32Builder).Append(int32(f.Pos.Col))
		appendOptInt(b, fLine, int64(f.Pos.Line), f.Pos.Line > 0)
		appendStr(b, fColumn, f.Pos.Field)
		cell, ok := cellRef(f.Pos)
		appendOptStr(b, fCell, cell, ok)
		appendStr(b, fEntity, f.Entity)
		appendStr(b, fValue, f.Value)
		appendStr(b, fMessage, f.Message)
		appendStr(b, fFix, f.Fix)
		ref := f.Ref != readers.Pos{}
		appendOptStr(b, fRefFile, f.Ref.File, ref)
		appendOptStr(b, fRefSheet, f.Ref.Sheet, ref && f.Ref.Sheet != "")
		appendOptInt(b, fRefRow, int64(f.Ref.Row), ref && f.Ref.Row > 0)
		e := f.Evidence
		if e == nil {
			e = &noEvidence
		}
		c.text += len(e.Class) + len(e.Entry) + len(e.MissingColumn) + listText(e.Terms) + listText(e.Groups) + listText(e.Assumed)
		appendOptStr(b, fEvClass, e.Class, e.Class != "")
		appendOptStr(b, fEvEntry, e.Entry, e.Entry != "")
		appendList(b, fEvTerms, e.Terms)
		appendList(b, fEvGroups, e.Groups)
		appendOptStr(b, fEvMissing, e.MissingColumn, e.MissingColumn != "")
		appendList(b, fEvAssumed, e.Assumed)
		b.Field(fLang).(*array.Int32Builder).Append(c.dicts[fLang].id(c.lang))
	}
	return nil
}

// noEvidence stands for the evidence of a finding that has none: every
// evidence column null.
var noEvidence checks.Evidence

// listText is the bytes of the strings of vs.
func listText(vs []string) int {
	n := 0
	for _, v := range vs {
		n += len(v)
	}
	return n
}

// appendList appends vs to the list<string> column i, or null when vs is
// empty.
func appendList(b *array.RecordBuilder, i int, vs []string) {
	lb := b.Field(i).(*array.ListBuilder)
	if len(vs) == 0 {
		lb.AppendNull()
		return
	}
	lb.Append(true)
	sb := lb.ValueBuilder().(*array.StringBuilder)
	for _, v := range vs {
		sb.Append(v)
	}
}

func (c *chunker) metrics(ms []checks.Metric) error {
	for i := range ms {
		m := &ms[i]
		b, err := c.row()
		if err != nil {
			return err
		}
		c.text += len(m.Shop) + len(m.Scope) + len(m.Key) + len(m.Name) + len(m.Status) + len(m.Note)
		appendStr(b, mShop, m.Shop)
		b.Field(mScope).(*array.Int32Builder).Append(c.dicts[mScope].id(m.Scope))
		appendStr(b, mKey, m.Key)
		b.Field(mMetric).(*array.Int32Builder).Append(c.dicts[mMetric].id(m.Name))
		b.Field(mWindow).(*array.Int32Builder).Append(int32(m.WindowDays))
		ok := hasData(m.Status)
		appendOptFloat(b, mNumerator, m.Numerator, ok)
		b.Field(mDenominator).(*array.Float64Builder).Append(m.Denominator)
		appendOptFloat(b, mValue, m.Value, ok)
		b.Field(mStatus).(*array.Int32Builder).Append(c.dicts[mStatus].id(m.Status))
		appendStr(b, mNote, m.Note)
		c.appendAsOf(b.Field(mAsOf).(*array.TimestampBuilder))
		b.Field(mLang).(*array.Int32Builder).Append(c.dicts[mLang].id(c.lang))
	}
	return nil
}

func (c *chunker) products(ps []checks.ProductMetrics) error {
	for i := range ps {
		p := &ps[i]
		b, err := c.row()
		if err != nil {
			return err
		}
		c.text += len(p.Shop) + len(p.Product) + len(p.Note)
		appendStr(b, pShop, p.Shop)
		appendStr(b, pProduct, p.Product)
		b.Field(pWindow).(*array.Int32Builder).Append(int32(p.WindowDays))
		b.Field(pOrders).(*array.Int64Builder).Append(p.Orders)
		nr, snad, rating := hasData(p.NRStatus), hasData(p.SNADStatus), hasData(p.RatingStatus)
		appendOptInt(b, pNR, p.NR, nr)
		appendOptFloat(b, pNRRate, p.NRRate, nr)
		b.Field(pNRStatus).(*array.Int32Builder).Append(c.dicts[pNRStatus].id(p.NRStatus))
		appendOptInt(b, pSNAD, p.SNAD, snad)
		appendOptFloat(b, pSNADRate, p.SNADRate, snad)
		b.Field(pSNADStatus).(*array.Int32Builder).Append(c.dicts[pSNADStatus].id(p.SNADStatus))
		appendOptInt(b, pRatingCount, p.RatingCount, rating)
		appendOptInt(b, pRatingSum, p.RatingSum, rating)
		appendOptFloat(b, pRating, p.Rating, rating)
		b.Field(pRatingStatus).(*array.Int32Builder).Append(c.dicts[pRatingStatus].id(p.RatingStatus))
		b.Field(pWrong).(*array.Int32Builder).Append(c.dicts[pWrong].id(p.DescribedWrongly))
		appendStr(b, pNote, p.Note)
		c.appendAsOf(b.Field(pAsOf).(*array.TimestampBuilder))
		b.Field(pLang).(*array.Int32Builder).Append(c.dicts[pLang].id(c.lang))
	}
	return nil
}

// appendAsOf appends the run's as-of, or null when it has none.
func (c *chunker) appendAsOf(tb *array.TimestampBuilder) {
	if c.asOf.IsZero() {
		tb.AppendNull()
	} else {
		tb.Append(arrow.Timestamp(c.asOf.UnixMilli()))
	}
}

func appendStr(b *array.RecordBuilder, i int, v string) {
	b.Field(i).(*array.StringBuilder).Append(v)
}

// appendOpt appends v to the column builder b, or a null when not ok.
func appendOpt[T any, B interface {
	Append(T)
	AppendNull()
}](b B, v T, ok bool) {
	if ok {
		b.Append(v)
	} else {
		b.AppendNull()
	}
}

func appendOptStr(b *array.RecordBuilder, i int, v string, ok bool) {
	appendOpt(b.Field(i).(*array.StringBuilder), v, ok)
}

func appendOptFloat(b *array.RecordBuilder, i int, v float64, ok bool) {
	appendOpt(b.Field(i).(*array.Float64Builder), v, ok)
}

func appendOptInt(b *array.RecordBuilder, i int, v int64, ok bool) {
	appendOpt(b.Field(i).(*array.Int64Builder), v, ok)
}

// cellRef returns the spreadsheet reference of a cell (C12), or false for a
// whole row or no position.
func cellRef(p readers.Pos) (string, bool) {
	if p.Row <= 0 || p.Col <= 0 {
		return "", false
	}
	return p.Cell(), true
}
