package checks

import (
	"strings"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/readers"
)

// OrderDisputeResponseDue reports a dispute the seller has not answered
// for dispute_response_days. IDs are public; never rename them.
var OrderDisputeResponseDue = &Check{
	ID: "order-dispute-response-due",
	Doc: "dispute waiting for your answer\n\n" +
		"The buyer opened a dispute and you have not answered for 3 days or more. " +
		"You have 5 days to answer: if you stay silent, AliExpress accepts the buyer's proposal " +
		"(usually a refund) and the dispute counts against your shop.",
	Fix:      "Open the dispute in Seller Center and answer it: accept, or refuse with proof (tracking, photos) and a counter-proposal.",
	Severity: Warning,
	Source:   "seed",
	Scope:    ScopeOrder,
	Order:    orderDisputeResponseDue,
}

// disputeOpen reports whether o has a dispute that waits for the seller.
func disputeOpen(o *readers.Order) bool {
	if o.Dispute == readers.DisputeNone && o.Status != readers.StatusInDispute {
		return false
	}
	switch strings.ToLower(readers.Trim(o.DisputeStatus)) {
	case "open":
		return true
	case "":
		return o.Status == readers.StatusInDispute
	}
	return false
}

func orderDisputeResponseDue(p *OrderPass, o *readers.Order) {
	if !disputeOpen(o) || o.DisputeOpenedAt.IsZero() || o.DisputeOpenedAt.After(p.AsOf) {
		return
	}
	waited := p.AsOf.Sub(o.DisputeOpenedAt)
	if waited < time.Duration(p.Rules.DisputeResponseDays)*24*time.Hour {
		return
	}
	limit := o.DisputeOpenedAt.Add(defDisputeLimitDays * 24 * time.Hour)
	kind := i18n.N("a dispute")
	switch o.Dispute {
	case readers.DisputeNR:
		kind = i18n.N("a \"not received\" dispute")
	case readers.DisputeSNAD:
		kind = i18n.N("a \"not as described\" dispute")
	}
	tr := p.tr
	var msg string
	if limit.After(p.AsOf) {
		msg = tr.Sprintf("the buyer opened %s on %s and it has had no answer for %s; answer before %s or AliExpress accepts the buyer's proposal",
			tr.T(kind), o.DisputeOpenedAt.Format(stampLayout), durationText(tr, waited), limit.Format(stampLayout))
	} else {
		msg = tr.Sprintf("the buyer opened %s on %s and it has had no answer for %s; the 5-day limit passed on %s, so AliExpress may already have accepted the buyer's proposal",
			tr.T(kind), o.DisputeOpenedAt.Format(stampLayout), durationText(tr, waited), limit.Format(stampLayout))
	}
	p.Report(o, o.Cols.At(o.Pos, "dispute_opened_at"), o.DisputeOpenedAt.Format(stampLayout), msg)
}
