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
	ID            int64      `gorm:"primaryKey" json:"id"`
	AchievementID *int64     `gorm:"index" json:"achievement_id"` // nil for an awarded challenge proposal
	NeedID        *int64     `json:"need_id"`
	MatchID       *int64     `json:"match_id"`
	ChallengeID   *int64     `gorm:"index" json:"challenge_id"`
	ProposalID    *int64     `gorm:"uniqueIndex" json:"proposal_id"`
	SellerOrgID   int64      `gorm:"not null;index" json:"seller_org_id"`
	BuyerOrgID    int64      `gorm:"not null;index" json:"buyer_org_id"`
	BrokerOrgID   *int64     `json:"broker_org_id"`
	Mode          DealMode   `gorm:"size:20;not null" json:"mode"`
	PriceFen      int64      `gorm:"not null" json:"price_fen"`
	Status        DealStatus `gorm:"size:20;not null" json:"status"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	// Actions is what the caller may do with the deal now (GET /my/deals).
	Actions []string `gorm:"-" json:"actions,omitempty"`
}

// dealActions says what the actor may do with the deal now: the seller
// confirms or declines a broker's notice, the buyer signs an auction win.
func dealActions(a Actor, d *Deal) []string {
	out := []string{}
	switch {
	case d.Status == DealAwaitingSeller && a.sellsDeal(d):
		out = append(out, string(DActApproveNotice), string(DActDeclineNotice))
	case d.Status == DealAwaitingSignature && a.Acts(RoleDemander) && a.OrgID == d.BuyerOrgID:
		out = append(out, "confirm")
	}
	return out
}

// sellsDeal: an active, verified supplier of the seller organisation acts
// for the seller of a deal.
func (a Actor) sellsDeal(d *Deal) bool { return a.Acts(RoleSupplier) && a.OrgID == d.SellerOrgID }

// openDealFromMatch records an agreed match as a negotiated deal awaiting
// its public notice.
func openDealFromMatch(tx *gorm.DB, m *Match, priceFen int64) (*Deal, error) {
	needID, matchID, brokerOrg, achID := m.NeedID, m.ID, m.BrokerOrgID, m.AchievementID
	d := &Deal{AchievementID: &achID, NeedID: &needID, MatchID: &matchID, SellerOrgID: m.SupplierOrgID,
		BuyerOrgID: m.DemanderOrgID, BrokerOrgID: &brokerOrg, Mode: DealNegotiated, PriceFen: priceFen, Status: DealOpen}
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
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Deal{}
	if err := q.Order("id DESC").Offset(p.Offset()).Limit(p.Size).Find(&out).Error; err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].Actions = dealActions(actor, &out[i])
	}
	return out, total, nil
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
