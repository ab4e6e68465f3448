package checks

import (
	"math"
)

// The penalty-point checks. AliExpress's Platform Rules (Seller Rules),
// chapter on penalty points: points given for a violation count for 365
// days; 48 live points, or three live serious intellectual-property
// violations, close the shop; each further 12 points freezes it for a time
// (the 12-point step and the 7-day freeze are less certain).
var (
	AccountClosureRisk = &Check{
		ID: "account-closure-risk",
		Doc: "the shop is one penalty away from closure\n\n" +
			"AliExpress closes a shop that holds 48 live penalty points, or 3 live serious intellectual-property " +
			"violations; points count for 365 days after the penalty. Your live points are within one freeze step " +
			"(12 points) of closure, or one more serious IP violation would close the shop. A closed shop's funds " +
			"stay frozen for months.",
		Fix:      "Stop every risky listing now (brands you are not authorised for, copied pictures), appeal any penalty you think is wrong in Seller Center, and wait for the oldest points to expire before taking any risk.",
		Severity: Error,
		Source:   "seed",
		Scope:    ScopeAccount,
		Account:  accountClosureRisk,
	}
	AccountFreezeThreshold = &Check{
		ID: "account-freeze-threshold",
		Doc: "live penalty points have crossed a freeze threshold\n\n" +
			"Every 12 live penalty points, AliExpress freezes the shop for a time (7 days, by the public accounts of it): " +
			"your products are hidden and you cannot list new ones. The points stay live for 365 days after each penalty.",
		Fix:      "Check the penalties in Seller Center, appeal the ones that are wrong, and fix what caused the others so no new points come before the oldest expire.",
		Severity: Warning,
		Source:   "ext, uncertain",
		Scope:    ScopeAccount,
		Account:  accountFreezeThreshold,
	}
)

func accountClosureRisk(p *AccountPass) {
	f, a := p.Facts, p.Rules
	if len(f.Live) == 0 {
		return
	}
	last := f.Live[len(f.Live)-1]
	byPoints := f.PointsLive >= a.ClosurePoints-a.FreezeStepPoints
	byIP := f.SeriousLive > 0 && f.SeriousLive >= a.SeriousIPLimit-1
	var msg string
	switch {
	case f.PointsLive >= a.ClosurePoints:
		msg = p.tr.Sprintf("the shop holds %s live penalty points, at or above the %s that close a shop", points(f.PointsLive), points(a.ClosurePoints))
	case f.SeriousLive >= a.SeriousIPLimit:
		msg = p.tr.Sprintf("the shop holds %d live serious intellectual-property violations; %d close a shop", f.SeriousLive, a.SeriousIPLimit)
	case byPoints:
		msg = p.tr.Sprintf("the shop holds %s live penalty points: %s more close it (closure at %s)", points(f.PointsLive), points(a.ClosurePoints-f.PointsLive), points(a.ClosurePoints))
	case byIP:
		msg = p.tr.Sprintf("the shop holds %d live serious intellectual-property violations: one more closes it (closure at %d)", f.SeriousLive, a.SeriousIPLimit)
	default:
		return
	}
	msg += p.tr.Sprintf("; the oldest live points (%s, %s) expire on %s", points(f.Live[0].Points), f.Live[0].ID, f.Live[0].Expires.In(p.AsOf.Location()).Format(stampLayout))
	p.Report(last.Pos, last.ID, points(last.Points), msg)
}

func accountFreezeThreshold(p *AccountPass) {
	f, a := p.Facts, p.Rules
	k := math.Floor(f.PointsLive / a.FreezeStepPoints)
	if k < 1 {
		return
	}
	th := k * a.FreezeStepPoints
	// The violation whose points crossed the threshold, in date order.
	sum := 0.0
	at := &f.Live[len(f.Live)-1]
	for i := range f.Live {
		sum += f.Live[i].Points
		if sum >= th {
			at = &f.Live[i]
			break
		}
	}
	p.Report(at.Pos, at.ID, points(at.Points), p.tr.Sprintf(
		"the shop holds %s live penalty points and has crossed the %s-point threshold, which freezes a shop for %d days; "+
			"the oldest live points (%s, %s) expire on %s",
		points(f.PointsLive), points(th), a.FreezeDays, points(f.Live[0].Points), f.Live[0].ID,
		f.Live[0].Expires.In(p.AsOf.Location()).Format(stampLayout)))
}
