package models

import "time"

// The auction's workflows in one place: an auction's phase (it has no status
// of its own, only its times and its lots), the lot's and the admission's
// statuses and actions, and the one check per kind that the write paths call
// and that the actions on every auction, lot and admission come from.

// AuctionPhase is where an auction stands.
type AuctionPhase string

const (
	AuctionUpcoming AuctionPhase = "upcoming" // before its start
	AuctionLive     AuctionPhase = "live"     // started, a lot still open
	AuctionEnded    AuctionPhase = "ended"    // every lot hammered
)

// PhaseOf is an auction's phase at now, from its start and how many of its
// lots are still open (the hall's filter by phase asks the same in SQL).
func PhaseOf(startsAt time.Time, openLots int, now time.Time) AuctionPhase {
	switch {
	case now.Before(startsAt):
		return AuctionUpcoming
	case openLots == 0:
		return AuctionEnded
	}
	return AuctionLive
}

// AuctionAction is what a caller does with an auction.
type AuctionAction string

const (
	AuctionApply AuctionAction = "apply" // 报名竞买: a verified enterprise, until the auction ends
)

// checkAuctionAct: a verified enterprise applies to bid, once, inside the
// auction's registration window (an auction from before announcements: until
// it has ended); nobody applies to an auction among the buyers of a listing
// period, who were admitted when it opened.
func checkAuctionAct(a Actor, au *Auction, phase AuctionPhase, applied bool, act AuctionAction, now time.Time) error {
	if act != AuctionApply {
		return ErrForbidden
	}
	if err := a.RequirePower(RoleDemander); err != nil {
		return err
	}
	if au.OfferID != nil {
		return ErrRestrictedAuction
	}
	if phase == AuctionEnded {
		return ErrBadTransition.Say("拍卖已结束，不能再报名竞买")
	}
	if applied {
		return ErrBadTransition.Say("已报名该场拍卖")
	}
	return au.registrationOpen(now)
}

// withActions fills the auction's phase and what the actor may do with it,
// given whether the actor's organisation has applied.
func (au *Auction) withActions(a Actor, openLots int, applied bool, now time.Time) *Auction {
	au.Phase = PhaseOf(au.StartsAt, openLots, now)
	au.Actions = permitted([]AuctionAction{AuctionApply}, func(act AuctionAction) error { return checkAuctionAct(a, au, au.Phase, applied, act, now) })
	return au
}

// LotAction is a step of a lot.
type LotAction string

const (
	LotBid      LotAction = "bid"       // an admitted enterprise bids while the lot runs
	LotSell     LotAction = "sell"      // scheduler, the hammer: the best bid at or over the reserve wins
	LotPass     LotAction = "pass"      // scheduler, the hammer: no bid at the reserve, 流拍
	LotRunnerUp LotAction = "runner_up" // a market admin gives a forfeited lot to the next best bid
)

var lotMoves = map[LotStatus]map[LotAction]LotStatus{
	LotOpen: {LotBid: LotOpen, LotSell: LotSold, LotPass: LotUnsold},
	LotSold: {LotRunnerUp: LotSold},
}

var lotStatusNames = map[LotStatus]string{LotOpen: "竞价中", LotSold: "已成交", LotUnsold: "流拍"}

var lotActionNames = map[LotAction]string{LotBid: "出价", LotSell: "落槌成交", LotPass: "流拍", LotRunnerUp: "转给次高出价者"}

// NextLotStatus is the lot's workflow: open (bids) -> sold | unsold; a sold
// lot whose buyer forfeited stays sold, to the runner-up.
func NextLotStatus(from LotStatus, act LotAction) (LotStatus, error) {
	if to, ok := lotMoves[from][act]; ok {
		return to, nil
	}
	return "", ErrBadTransition.Sayf("拍品状态为「%s」，不能%s", lotStatusNames[from], lotActionNames[act])
}

// lotUserActions are the lot's actions a person takes, in the order pages show them.
var lotUserActions = []LotAction{LotBid, LotRunnerUp}

// lotFacts is what a lot's acts depend on beyond the lot.
type lotFacts struct {
	AuctionStartsAt time.Time
	Admission       AdmissionStatus // the actor's organisation's, "" if none
	DealStatus      DealStatus      // of the lot's deal, "" if none
	RunnerUp        *Bid            // the best bid of an organisation that has not forfeited, if any
	Now             time.Time
}

// checkLotAct is the one decision of whether the actor may take act on the
// lot, given the facts:
//   - bid: an admitted enterprise, not the seller, while the lot runs and
//     another organisation leads (the amount is BidRule's to judge);
//   - runner_up: a market admin, once the lot's buyer forfeited, when another
//     organisation bid at least the reserve.
func checkLotAct(a Actor, l *Lot, act LotAction, f lotFacts) error {
	switch act {
	case LotBid:
		if err := a.RequirePower(RoleDemander); err != nil {
			return err
		}
		if _, err := NextLotStatus(l.Status, act); err != nil {
			return ErrLotClosed
		}
		switch {
		case f.Admission != AdmissionAdmitted:
			return ErrNotAdmitted
		case l.SellerOrgID == a.OrgID:
			return ErrOwnLot
		case f.Now.Before(f.AuctionStartsAt):
			return ErrNotStarted
		case !f.Now.Before(l.EndsAt):
			return ErrLotClosed
		case l.LeaderOrgID != nil && *l.LeaderOrgID == a.OrgID:
			return ErrAlreadyLeading
		}
	case LotRunnerUp:
		if !a.Acts(RoleAdmin) {
			return ErrForbidden
		}
		if _, err := NextLotStatus(l.Status, act); err != nil || l.DealID == nil {
			return ErrBadTransition.Say("该拍品没有成交记录")
		}
		switch {
		case f.DealStatus != DealForfeited:
			return ErrBadTransition.Say("只有买受人放弃后才能转给次高出价者")
		case f.RunnerUp == nil:
			return ErrNoRunnerUp
		case f.RunnerUp.AmountFen < l.ReserveFen:
			return ErrNoRunnerUp.Say("次高出价低于保留价")
		}
	default: // the hammer is the scheduler's
		return ErrForbidden
	}
	return nil
}

// withActions fills what the actor may do with the lot, given the facts.
func (l *Lot) withActions(a Actor, f lotFacts) *Lot {
	l.Actions = permitted(lotUserActions, func(act LotAction) error { return checkLotAct(a, l, act, f) })
	return l
}

// AdmissionAction is a step of an application to bid.
type AdmissionAction string

const (
	AdmissionAdmit    AdmissionAction = "admit"     // a market admin confirms the deposit
	AdmissionRelease  AdmissionAction = "release"   // the hammer of the last lot: a bidder who won nothing gets the deposit back
	AdmissionForfeit  AdmissionAction = "forfeit"   // scheduler: a winner who did not sign loses the deposit
	AdmissionRunnerUp AdmissionAction = "runner_up" // the lot goes to this bidder after the winner forfeited
)

var admissionMoves = map[AdmissionStatus]map[AdmissionAction]AdmissionStatus{
	AdmissionApplied:  {AdmissionAdmit: AdmissionAdmitted},
	AdmissionAdmitted: {AdmissionRelease: AdmissionReleased, AdmissionForfeit: AdmissionForfeited, AdmissionRunnerUp: AdmissionAdmitted},
	AdmissionReleased: {AdmissionRunnerUp: AdmissionAdmitted},
}

var admissionStatusNames = map[AdmissionStatus]string{AdmissionApplied: "待确认保证金", AdmissionAdmitted: "已获准竞买",
	AdmissionReleased: "保证金已退还", AdmissionForfeited: "保证金已罚没"}

var admissionActionNames = map[AdmissionAction]string{AdmissionAdmit: "准许竞买", AdmissionRelease: "退还保证金",
	AdmissionForfeit: "罚没保证金", AdmissionRunnerUp: "转为次高出价买受人"}

// NextAdmissionStatus is the application's workflow: applied -> admitted ->
// released | forfeited; a released runner-up is admitted again as the buyer.
func NextAdmissionStatus(from AdmissionStatus, act AdmissionAction) (AdmissionStatus, error) {
	if to, ok := admissionMoves[from][act]; ok {
		return to, nil
	}
	return "", ErrBadTransition.Sayf("竞买申请状态为「%s」，不能%s", admissionStatusNames[from], admissionActionNames[act])
}

// checkAdmissionAct: a market admin admits an application whose deposit
// arrived; releases, forfeits and runner-up admissions follow the lots and
// deals, never a caller's request.
func checkAdmissionAct(a Actor, ad *Admission, act AdmissionAction) error {
	if act != AdmissionAdmit || !a.Acts(RoleAdmin) {
		return ErrForbidden
	}
	if _, err := NextAdmissionStatus(ad.Status, act); err != nil {
		return ErrBadTransition.Say("该申请已处理")
	}
	return nil
}

// withActions fills what the actor may do with the application.
func (ad *Admission) withActions(a Actor) *Admission {
	ad.Actions = permitted([]AdmissionAction{AdmissionAdmit}, func(act AdmissionAction) error { return checkAdmissionAct(a, ad, act) })
	return ad
}
