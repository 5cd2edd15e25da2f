package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

type DealMode string

const (
	DealListing    DealMode = "listing"
	DealAuction    DealMode = "auction"
	DealRoadshow   DealMode = "roadshow"
	DealNegotiated DealMode = "negotiated"
)

// DealStatus is where a deal stands:
//
//	open -> noticed -> confirmed | cancelled            (negotiated: seller or admin publishes)
//	open -> awaiting_seller -> noticed | open           (negotiated: a broker publishes, the seller confirms or declines)
//	awaiting_signature -> confirmed | forfeited          (auction win or runner-up: the buyer signs)
//	confirmed                                            (listing trade: accepted is dealt)
type DealStatus string

const (
	DealOpen              DealStatus = "open"               // agreed (a match, a challenge award), not yet under notice
	DealAwaitingSeller    DealStatus = "awaiting_seller"    // a broker published it; not public until the seller confirms
	DealNoticed           DealStatus = "noticed"            // under public notice (公示)
	DealAwaitingSignature DealStatus = "awaiting_signature" // an auction's winner (or runner-up) has to sign
	DealConfirmed         DealStatus = "confirmed"
	DealCancelled         DealStatus = "cancelled" // an objection to its notice was upheld
	DealForfeited         DealStatus = "forfeited" // the winner did not sign in time
)

// DealAction is a step of a deal.
type DealAction string

const (
	DActPublish       DealAction = "publish"        // seller or admin: open -> noticed
	DActBrokerPublish DealAction = "broker_publish" // broker: open -> awaiting_seller
	DActApproveNotice DealAction = "approve_notice" // seller: awaiting_seller -> noticed (the notice starts now)
	DActDeclineNotice DealAction = "decline_notice" // seller: awaiting_seller -> open
	DActConfirmNotice DealAction = "confirm_notice" // scheduler, notice ended: noticed -> confirmed
	DActCancel        DealAction = "cancel"         // admin upholds an objection: noticed -> cancelled
	DActSign          DealAction = "sign"           // buyer: awaiting_signature -> confirmed
	DActForfeit       DealAction = "forfeit"        // scheduler, signing period over: awaiting_signature -> forfeited
)

var dealStatusNames = map[DealStatus]string{DealOpen: "待公示", DealAwaitingSeller: "待卖方确认公示", DealNoticed: "公示中",
	DealAwaitingSignature: "待签约", DealConfirmed: "已成交", DealCancelled: "已撤销", DealForfeited: "买受人已放弃"}

var dealActionNames = map[DealAction]string{DActPublish: "发布公示", DActBrokerPublish: "发布公示", DActApproveNotice: "确认公示",
	DActDeclineNotice: "谢绝公示", DActConfirmNotice: "公示期满确认", DActCancel: "撤销", DActSign: "签约确认", DActForfeit: "放弃"}

// NextDealStatus is the deal workflow in one place: where act takes a deal
// in status from, or a 409 saying why it cannot. Who may act is checked by
// the caller.
func NextDealStatus(from DealStatus, act DealAction) (DealStatus, error) {
	next := map[DealStatus]map[DealAction]DealStatus{
		DealOpen:              {DActPublish: DealNoticed, DActBrokerPublish: DealAwaitingSeller},
		DealAwaitingSeller:    {DActApproveNotice: DealNoticed, DActDeclineNotice: DealOpen},
		DealNoticed:           {DActConfirmNotice: DealConfirmed, DActCancel: DealCancelled},
		DealAwaitingSignature: {DActSign: DealConfirmed, DActForfeit: DealForfeited},
	}
	if to, ok := next[from][act]; ok {
		return to, nil
	}
	return from, ErrBadTransition.Sayf("成交当前状态（%s）不能%s", dealStatusNames[from], dealActionNames[act])
}

// Deal records who sells what to whom, how and for how much. The deals desk
// (listing trade, auctions, roadshows, public notice) builds on it.
type Deal struct {
	ID            int64  `gorm:"primaryKey" json:"id"`
	AchievementID *int64 `gorm:"index" json:"achievement_id"` // nil for an awarded challenge proposal
	NeedID        *int64 `json:"need_id"`
	MatchID       *int64 `json:"match_id"`
	ChallengeID   *int64 `gorm:"index" json:"challenge_id"`
	ProposalID    *int64 `gorm:"uniqueIndex" json:"proposal_id"`
	SellerOrgID   int64  `gorm:"not null;index" json:"seller_org_id"`
	BuyerOrgID    int64  `gorm:"not null;index" json:"buyer_org_id"`
	BrokerOrgID   *int64 `json:"broker_org_id"`
	// RoadshowID is the roadshow whose intent led to the deal (mode roadshow).
	RoadshowID *int64     `json:"roadshow_id"`
	Mode       DealMode   `gorm:"size:20;not null" json:"mode"`
	PriceFen   int64      `gorm:"not null" json:"price_fen"`
	Status     DealStatus `gorm:"size:20;not null" json:"status"`
	// SignBy is when an auction's buyer must have signed by: SigningWorkingDays
	// working days after the hammer, counted on the calendar of that day.
	SignBy    *time.Time `json:"sign_by"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	// Actions is what the caller may do with the deal now: publish (at once,
	// or as a broker for the seller to confirm), approve_notice,
	// decline_notice, sign.
	Actions []string `gorm:"-" json:"actions"`
}

// dealUserActions are the deal's actions a person takes, in the order pages
// show them. publish names both ways of publishing (the seller's or an
// admin's, and a broker's that waits for the seller): one button, one
// request, and the server tells which it is (publishAs). confirm_notice,
// cancel and forfeit are the scheduler's and an upheld objection's, never a
// caller's.
var dealUserActions = []DealAction{DActPublish, DActApproveNotice, DActDeclineNotice, DActSign}

// dealActions says what the actor may do with the deal now, from the same
// check every write path on a deal applies.
func dealActions(a Actor, d *Deal, now time.Time) []string {
	return permitted(dealUserActions, func(act DealAction) error {
		if act == DActPublish {
			act = publishAs(a, d)
		}
		return checkDealAct(a, d, act, now)
	})
}

// publishAs is the step a request to publish the deal takes for the actor:
// the seller and market admins publish at once; anyone else proposes, as a
// broker, a notice that waits for the seller.
func publishAs(a Actor, d *Deal) DealAction {
	if a.Acts(RoleAdmin) || a.sellsDeal(d) {
		return DActPublish
	}
	return DActBrokerPublish
}

// checkDealAct is the one decision of whether the actor may take act on the
// deal at now:
//   - publish: the seller (its verified suppliers) or a market admin puts an
//     open negotiated deal under notice;
//   - broker_publish: a verified broker of the firm whose agreed match opened
//     the deal proposes its notice, which then waits for the seller;
//   - approve_notice, decline_notice: the seller answers a broker's notice;
//   - sign: the buyer (its verified demanders) signs an auction win within
//     the signing period (SigningWorkingDays after the deal was made).
func checkDealAct(a Actor, d *Deal, act DealAction, now time.Time) error {
	if err := dealActor(a, d, act); err != nil {
		return err
	}
	if _, err := NextDealStatus(d.Status, act); err != nil {
		return err
	}
	if act == DActSign && d.Mode == DealAuction && !now.Before(d.signingDeadline()) {
		return ErrBadTransition.Sayf("签约期限（成交后 %d 个工作日）已过", SigningWorkingDays)
	}
	return nil
}

// dealActor is who takes each act on a deal (and, for a notice, of which
// kind of deal); checkDealAct asks it before the status, so that whoever
// may not act hears so whatever the deal's status.
func dealActor(a Actor, d *Deal, act DealAction) error {
	switch act {
	case DActPublish, DActBrokerPublish:
		direct := a.Acts(RoleAdmin) || a.sellsDeal(d)
		if act == DActPublish && !direct || act == DActBrokerPublish && (direct || !a.brokeredDeal(d)) {
			return ErrNotAllowed
		}
		if d.Mode != DealNegotiated && d.Mode != DealRoadshow {
			return ErrBadTransition.Say("只有协议成交（含路演后达成的）需要公示")
		}
	case DActApproveNotice, DActDeclineNotice:
		if !a.sellsDeal(d) {
			return ErrNotSeller.Say("只有卖方可以确认或谢绝公示")
		}
	case DActSign:
		if !a.Acts(RoleDemander) || a.OrgID != d.BuyerOrgID {
			return ErrDealNotFound
		}
	default: // the scheduler's and an upheld objection's
		return ErrForbidden
	}
	return nil
}

// signingDeadline is when an auction deal's buyer must have signed by; a
// deal from before SignBy was kept counts Monday to Friday.
func (d *Deal) signingDeadline() time.Time {
	if d.SignBy != nil {
		return *d.SignBy
	}
	return Calendar{}.AddWorkingDays(d.CreatedAt, SigningWorkingDays)
}

// sellsDeal: an active, verified supplier of the seller organisation acts
// for the seller of a deal.
func (a Actor) sellsDeal(d *Deal) bool { return a.Acts(RoleSupplier) && a.OrgID == d.SellerOrgID }

// brokeredDeal: a verified broker of the firm whose match opened the deal.
// Such a deal opens only when the match is agreed, and an agreed match stays
// agreed, so the deal's own fields say it.
func (a Actor) brokeredDeal(d *Deal) bool {
	return a.Acts(RoleBroker) && d.MatchID != nil && d.BrokerOrgID != nil && *d.BrokerOrgID == a.OrgID
}

// withActions fills the deal's actions for the actor at now and returns it.
func (d *Deal) withActions(a Actor, now time.Time) *Deal {
	if d != nil {
		d.Actions = dealActions(a, d, now)
	}
	return d
}

// openDealFromMatch records an agreed match as a deal awaiting its public
// notice: a negotiated deal, or a roadshow deal when the match came from a
// roadshow's intent (it is agreed the same way and noticed the same way,
// and counts for the roadshow's channel and event).
func openDealFromMatch(tx *gorm.DB, m *Match, priceFen int64) (*Deal, error) {
	matchID, brokerOrg, achID := m.ID, m.BrokerOrgID, m.AchievementID
	mode := DealNegotiated
	if m.RoadshowID != nil {
		mode = DealRoadshow
	}
	d := &Deal{AchievementID: &achID, NeedID: m.NeedID, MatchID: &matchID, SellerOrgID: m.SupplierOrgID, RoadshowID: m.RoadshowID,
		BuyerOrgID: m.DemanderOrgID, BrokerOrgID: &brokerOrg, Mode: mode, PriceFen: priceFen, Status: DealOpen}
	return d, tx.Create(d).Error
}

// ListDeals shows an organisation the deals it is party to (or brokered); admins see all.
// DealFilter narrows an organisation's deals.
type DealFilter struct {
	// ToDo: the deals a broker published that wait for this organisation, as
	// seller, to confirm the notice.
	ToDo bool
	Page
}

func (m *Market) ListDeals(ctx context.Context, actor Actor, f DealFilter) ([]Deal, int64, error) {
	p := f.Page
	db := m.db.WithContext(ctx)
	if !actor.LoggedIn() {
		return nil, 0, ErrUnauthenticated
	}
	q := db.Model(&Deal{})
	if !actor.Acts(RoleAdmin) {
		q = q.Where("seller_org_id = ? OR buyer_org_id = ? OR broker_org_id = ?", actor.OrgID, actor.OrgID, actor.OrgID)
	}
	if f.ToDo {
		q = q.Where("status = ? AND seller_org_id = ?", DealAwaitingSeller, actor.OrgID)
	}
	now := m.now()
	return findPageEach(q, "id DESC", p, func(x *Deal) { x.withActions(actor, now) })
}

// DealTitles names deals after what was sold, by deal id: the achievement's
// title, or the challenge's for an awarded challenge proposal.
func (m *Market) DealTitles(ctx context.Context, dealIDs []int64) (map[int64]string, error) {
	db := m.db.WithContext(ctx)
	out := map[int64]string{}
	if len(dealIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ID    int64
		Title string
	}
	err := db.Table("deals").Select("deals.id AS id, COALESCE(achievements.title, challenges.title, '') AS title").
		Joins("LEFT JOIN achievements ON achievements.id = deals.achievement_id").
		Joins("LEFT JOIN challenges ON challenges.id = deals.challenge_id").Where("deals.id IN ?", dealIDs).Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r.Title
	}
	return out, err
}
