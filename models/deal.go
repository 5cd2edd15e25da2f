package models

import (
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

// Deal records who sells what to whom, how and for how much. The deals desk
// (listing trade, auctions, roadshows, public notice) builds on it.
type Deal struct {
	ID            int64     `gorm:"primaryKey" json:"id"`
	AchievementID *int64    `gorm:"index" json:"achievement_id"` // nil for an awarded challenge proposal
	NeedID        *int64    `json:"need_id"`
	MatchID       *int64    `json:"match_id"`
	ChallengeID   *int64    `gorm:"index" json:"challenge_id"`
	ProposalID    *int64    `gorm:"uniqueIndex" json:"proposal_id"`
	SellerOrgID   int64     `gorm:"not null;index" json:"seller_org_id"`
	BuyerOrgID    int64     `gorm:"not null;index" json:"buyer_org_id"`
	BrokerOrgID   *int64    `json:"broker_org_id"`
	Mode          DealMode  `gorm:"size:20;not null" json:"mode"`
	PriceFen      int64     `gorm:"not null" json:"price_fen"`
	Status        string    `gorm:"size:20;not null" json:"status"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// openDealFromMatch records an agreed match as a negotiated deal awaiting
// its public notice.
func openDealFromMatch(tx *gorm.DB, m *Match, priceFen int64) (*Deal, error) {
	needID, matchID, brokerOrg, achID := m.NeedID, m.ID, m.BrokerOrgID, m.AchievementID
	d := &Deal{AchievementID: &achID, NeedID: &needID, MatchID: &matchID, SellerOrgID: m.SupplierOrgID,
		BuyerOrgID: m.DemanderOrgID, BrokerOrgID: &brokerOrg, Mode: DealNegotiated, PriceFen: priceFen, Status: "open"}
	return d, tx.Create(d).Error
}

// ListDeals shows an organisation the deals it is party to (or brokered); admins see all.
func ListDeals(db *gorm.DB, actor Actor, p Page) ([]Deal, int64, error) {
	if !actor.LoggedIn() {
		return nil, 0, newError(401, "unauthenticated", "请先登录")
	}
	q := db.Model(&Deal{})
	if !actor.Acts(RoleAdmin) {
		q = q.Where("seller_org_id = ? OR buyer_org_id = ? OR broker_org_id = ?", actor.OrgID, actor.OrgID, actor.OrgID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Deal{}
	return out, total, q.Order("id DESC").Offset(p.Offset()).Limit(p.Size).Find(&out).Error
}
