package checks

import (
	"slices"
	"sort"
)

// All is every check of aecheck, listing and order checks alike, sorted by
// ID. IDs are public: never rename or reuse one; retire a check by leaving
// it here as a comment with the reason.
var All = sortChecks(slices.Concat(listingChecks, orderChecks, accountChecks))

// listingChecks are the listing checks (docs/checks.md): the reader's
// findings, the per-listing checks and the catalog-wide checks.
var listingChecks = []*Check{
	BadValue,
	BrandUnauthorised,
	CategoryMismatch,
	CEMissing,
	DeliverySlow,
	DuplicateListing,
	DuplicateSKU,
	ImagesFew,
	ImagesMissing,
	ImagesTooMany,
	MissingField,
	PriceNotPositive,
	PriceOutlier,
	ProhibitedItem,
	RecalledItem,
	REPInvalid,
	REPMissing,
	SpecialCategory,
	StockEmpty,
	TitleAllCaps,
	TitleCJK,
	TitleDuplicateWords,
	TitleEmoji,
	TitlePromoWords,
	TitleShort,
	TitleTooLong,
}

// orderChecks are the order checks (docs/orders.md): one order at a time
// (Order), or every order of the run (NewOrders).
var orderChecks = []*Check{
	OrderDisputeResponseDue,
	OrderShipDueSoon,
	OrderShipOverdue,
	OrderSuspicious,
}

// accountChecks are the account health checks: penalty points, marketing
// activities and promotion-locked changes. The AccountRunner drives them.
var accountChecks = []*Check{
	AccountClosureRisk,
	AccountFreezeThreshold,
	ActivityCancelLate,
	ActivityCancelOverQuota,
	ActivityQuitAfterStart,
	PromotionLockedChange,
}

var byID = func() map[string]*Check {
	m := make(map[string]*Check, len(All))
	for _, c := range All {
		m[c.ID] = c
	}
	return m
}()

// Lookup returns the check with this ID, or nil.
func Lookup(id string) *Check { return byID[id] }

func sortChecks(cs []*Check) []*Check {
	sort.Slice(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
	return cs
}

// The readers report these two; the runner turns each readers.Problem into
// a finding.
var (
	MissingField = &Check{
		ID: "missing-field",
		Doc: "a required field is empty\n\n" +
			"Product ID, title, category and price must be filled on every product. " +
			"AliExpress rejects a product without them, and aecheck cannot check the rest of the row properly.",
		Fix:      "Fill in the empty cell.",
		Severity: Error,
		Scope:    ScopeReader,
	}
	BadValue = &Check{
		ID: "bad-value",
		Doc: "a cell cannot be read\n\n" +
			"The cell holds something that is not a valid value for its column, such as letters in the price " +
			"or a date that does not exist. AliExpress rejects the upload, or reads a different value than you meant.",
		Fix:      "Correct the cell: a number for prices, stock, images and delivery days; a date such as 2025-05-01 for dates.",
		Severity: Error,
		Scope:    ScopeReader,
	}
)
