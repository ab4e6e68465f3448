package readers

import "time"

// BatchSize is the default number of listings or orders in one batch.
const BatchSize = 500

// BatchBytes ends a batch of listings early, once the cells of its rows
// hold this many bytes: a catalog whose rows carry long HTML descriptions
// (100 KB a row makes 50 MB for 500 rows) would otherwise multiply the
// memory of every batch in flight. A batch of the usual rows (a few hundred
// bytes) never gets near it.
const BatchBytes = 4 << 20

// Listing is one product of a catalog, as read from one row (plus the
// continuation rows of a Shopify-style export, folded into Variants and
// Images).
//
// A field whose cell was empty has its zero value and its Has flag false; a
// cell that could not be parsed is recorded in Problems and the field is left
// unset, so a check never mistakes an unreadable price for a price of zero.
//
// The text fields share memory with the rows read around them (a CSV's
// cells are cut from one string per 64 KiB read): code that keeps a field
// past its batch should keep a copy (strings.Clone), or the rows stay in
// memory with it.
type Listing struct {
	Pos  Pos      // the row (Col 0)
	Cols *Columns // where each field sits in this file; shared by every row of the file
	Shop string   // shop this listing belongs to ("" when not known)

	ProductID   string
	SKU         string
	Title       string
	Description string
	Category    string
	Brand       string

	Price    float64
	HasPrice bool
	Stock    int64
	HasStock bool
	// StockCell is the stock cell as written when it is not a plain number
	// ("out of stock" in a feed), so a finding quotes what the seller sees.
	StockCell string

	// Images is the number of images: a count from a count column, or the
	// number of non-empty image URLs across the image columns.
	Images    int
	HasImages bool // at least one image column exists in the file
	// ImagesCell is the first image cell as written when no image was
	// counted ("N/A"), so a finding quotes what the seller sees.
	ImagesCell string

	CE     string
	REP    string
	ShipTo string

	DeliveryDays    int
	HasDeliveryDays bool

	CreatedAt    time.Time
	HasCreatedAt bool

	// Variants are the continuation rows of the same product (Shopify
	// layout): each keeps its own row, SKU, price and stock.
	Variants []Variant

	// Problems are the cells of this row that could not be used: a required
	// field left empty or a value that cannot be parsed. A listing with
	// problems is counted as rejected; the checks still run on its readable
	// fields so the seller sees every problem at once.
	Problems []Problem
}

// Variant is a continuation row of a product.
type Variant struct {
	Row      int // spreadsheet row
	Line     int
	SKU      string
	Price    float64
	HasPrice bool
	Stock    int64
	HasStock bool
}

// Problem is a cell that could not be used.
type Problem struct {
	Check string // "missing-field" or "bad-value"
	Pos   Pos    // the cell (Col and Field set)
	Name  string // canonical field name, such as "price"
	Value string // the raw cell text ("" for a missing field)
	Msg   string // what is wrong, for the seller
}

// Rejected reports whether the listing has at least one problem.
func (l *Listing) Rejected() bool { return len(l.Problems) > 0 }

// At returns the position of canonical field name in this listing's row. The
// column is 0 when the file has no such column.
func (l *Listing) At(name string) Pos {
	return l.Cols.At(l.Pos, name)
}

// Batch is a run of consecutive rows of one input, ready for the checks.
type Batch struct {
	Seq  int // global order: file, then batch within the file; set by the pipeline
	File int // index of the input among all inputs

	// Cols is the table the rows come from; a batch never spans two tables
	// (two sheets of a workbook give two runs of batches).
	Cols *Columns

	Listings []Listing
	Orders   []Order

	// Accounting of the physical data rows of this batch (the header row and
	// title rows above it are not data rows).
	Rows         int // data rows read
	Continuation int // rows folded into the product above them (Shopify layout)
	Blank        int // rows with no value at all

	ring *chunkRing // the memory of the cells, released with the batch (Options.ReuseMemory)
	idx  int64      // the batch's place in its file, for ring
}

// Order is one order of an order export. Line-item exports (several rows per
// order) are folded into one Order with several Items.
type Order struct {
	Pos  Pos
	Cols *Columns
	Shop string

	ID          string
	Status      Status
	StatusRaw   string
	Items       []Item
	Total       float64
	HasTotal    bool
	CreatedAt   time.Time
	PaidAt      time.Time
	Deadline    time.Time // ship_deadline from the export; zero when absent
	ShippedAt   time.Time
	DeliveredAt time.Time
	Carrier     string
	Tracking    string

	PromisedDays int
	PromisedBy   time.Time

	Dispute         Dispute
	DisputeOpenedAt time.Time
	DisputeStatus   string // open, responded, closed or ""
	RefundAmount    float64
	HasRefund       bool
	CancelReason    string
	CancelledAt     time.Time // when the order was cancelled (Shopify's Cancelled at); zero when not known

	RatingDescription   int // 0 = not rated
	RatingCommunication int
	RatingShipping      int

	BuyerCountry string

	Problems []Problem
}

// Item is one line of an order.
type Item struct {
	ProductID string
	SKU       string
	Title     string
	Quantity  int
}

// Status is the normalised status of an order.
type Status uint8

// Order statuses, as docs/inputs.md maps them.
const (
	StatusUnknown Status = iota
	StatusAwaitingPayment
	StatusCancelRequested
	StatusAwaitingShipment
	StatusShipped
	StatusCompleted
	StatusInDispute
	StatusCancelled
	StatusPaymentProcessing
)

var statusNames = [...]string{"unknown", "awaiting_payment", "cancel_requested", "awaiting_shipment", "shipped", "completed", "in_dispute", "cancelled", "payment_processing"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// Dispute is the kind of dispute opened on an order.
type Dispute uint8

// Dispute kinds.
const (
	DisputeNone Dispute = iota
	DisputeNR           // not received
	DisputeSNAD         // not as described
	DisputeOther
)

func (d Dispute) String() string {
	switch d {
	case DisputeNR:
		return "NR"
	case DisputeSNAD:
		return "SNAD"
	case DisputeOther:
		return "other"
	}
	return "none"
}
