package readers

// orderField names an order field of OrderFields by number.
type orderField uint8

const (
	fOrderID orderField = iota
	fStatus
	fFulfillment
	fCancelledAt
	fProductID
	fSKU
	fQuantity
	fItemTitle
	fProductInfo
	fOrderTotal
	fCreatedAt
	fPaidAt
	fShipDeadline
	fShippedAt
	fCarrierTracking
	fCarrier
	fTracking
	fDeliveredAt
	fPromisedDays
	fPromisedBy
	fDisputeType
	fDisputeOpenedAt
	fDisputeStatus
	fRefundAmount
	fCancelReason
	fRatingDescription
	fRatingCommunication
	fRatingShipping
	fBuyerCountry
	numOrderFields
)

// orderFieldNames are the canonical names of the order fields, by number.
var orderFieldNames = [numOrderFields]string{
	"order_id", "status", "fulfillment_status", "cancelled_at", "product_id", "sku", "quantity", "item_title", "product_info",
	"order_total", "created_at", "paid_at", "ship_deadline", "shipped_at", "carrier_tracking", "carrier", "tracking",
	"delivered_at", "promised_days", "promised_by", "dispute_type", "dispute_opened_at", "dispute_status", "refund_amount",
	"cancel_reason", "rating_description", "rating_communication", "rating_shipping", "buyer_country",
}

// orderIndex is the 0-based column of each order field in one table, -1
// when the table has none.
type orderIndex [numOrderFields]int

func newOrderIndex(c *Columns) orderIndex {
	var ix orderIndex
	for f := range ix {
		ix[f] = c.Index(orderFieldNames[f])
	}
	return ix
}

// index returns the field positions of table c, resolving them on the
// first row of each table.
func (r *OrderReader) index(c *Columns) *orderIndex {
	if r.ixCols != c || c == nil {
		r.ix, r.ixCols = newOrderIndex(c), c
	}
	return &r.ix
}

// wordCell is a status or dispute cell as read.
type wordCell struct {
	f orderField
	s string
}

// wordValue is what a status or dispute cell says.
type wordValue struct {
	text     string // orderText of the cell (status)
	status   Status
	dispute  Dispute
	dstatus  string // parseDisputeStatus (dispute_status)
	ok, sent bool
}

// maxWords and maxWordLen bound the cache of status and dispute words.
const (
	maxWords   = 512
	maxWordLen = 64
)

// word returns what cell s of field f says (fStatus, fFulfillment,
// fDisputeType or fDisputeStatus), parsing it once per distinct cell.
func (r *OrderReader) word(f orderField, s string) wordValue {
	k := wordCell{f, s}
	if v, ok := r.words[k]; ok {
		return v
	}
	var v wordValue
	switch f {
	case fStatus:
		v.text = orderText(s)
		v.status, v.ok = ParseStatus(s)
	case fFulfillment:
		v.sent, v.ok = parseFulfillment(s)
	case fDisputeType:
		v.dispute = ParseDispute(s)
	case fDisputeStatus:
		v.dstatus = parseDisputeStatus(s)
	}
	if r.words == nil {
		r.words = map[wordCell]wordValue{}
	}
	if len(r.words) < maxWords && len(s) <= maxWordLen {
		r.words[k] = v
	}
	return v
}

// isEmpty is IsEmptyValue with a fast answer for the common cells: a cell
// that starts with a digit or with a letter other than n cannot be one of
// the empty words.
func isEmpty(s string) bool {
	if s == "" {
		return true
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z' && c != 'n', c >= 'A' && c <= 'Z' && c != 'N':
		return false
	}
	return IsEmptyValue(s)
}
