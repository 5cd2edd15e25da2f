package models

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// DealTitles names deals after what was sold, by deal id: the achievement's
// title, or the challenge's for an awarded challenge proposal.
func DealTitles(db *gorm.DB, dealIDs []int64) (map[int64]string, error) {
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

// WithdrawOffer (撤牌) ends an open listing trade: its organisation or an
// admin, only while nobody has accepted it. The conditional update decides
// against a simultaneous acceptance: exactly one of them moves the offer from
// open. Withdrawing frees the achievement for another sale.
func WithdrawOffer(db *gorm.DB, actor Actor, id int64, now time.Time) (*Offer, error) {
	if err := actor.Require(RoleSupplier, RoleAdmin); err != nil {
		return nil, err
	}
	var o Offer
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&o, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return NotFound("offer_not_found", "挂牌项目不存在")
			}
			return err
		}
		if !actor.Acts(RoleAdmin) && o.SellerOrgID != actor.OrgID {
			return Forbidden("not_your_offer", "只能撤回本机构的挂牌")
		}
		if o.Status != OfferOpen {
			return Conflict("offer_closed", "该挂牌项目已被摘牌或已结束，不能撤牌")
		}
		before := o
		if err := moveFrom[Offer](tx, o.ID, OfferOpen, map[string]any{"status": OfferWithdrawn, "updated_at": now.UTC()},
			Conflict("offer_closed", "该挂牌项目刚被摘牌，不能撤牌")); err != nil {
			return err
		}
		// The achievement may go on sale again, by any channel.
		if err := endSale(tx, SaleOffer, o.ID); err != nil {
			return err
		}
		o.Status, o.UpdatedAt = OfferWithdrawn, now.UTC()
		return Audit(tx, actor, "offer.withdraw", "offer", o.ID, before, o)
	})
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// HasRoadshowSeat says whether the user registered for the roadshow.
func HasRoadshowSeat(db *gorm.DB, roadshowID, userID int64) (bool, error) {
	var n int64
	err := db.Model(&RoadshowSeat{}).Where("roadshow_id = ? AND user_id = ?", roadshowID, userID).Count(&n).Error
	return n > 0, err
}
