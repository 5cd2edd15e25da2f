package models

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SaleChannel is how an achievement is on sale: an offer (挂牌), an auction
// lot, or a negotiated deal under notice (or waiting for the seller to
// confirm a broker's notice).
type SaleChannel string

const (
	SaleOffer      SaleChannel = "offer"      // ref: offers.id
	SaleLot        SaleChannel = "lot"        // ref: lots.id
	SaleNegotiated SaleChannel = "negotiated" // ref: deals.id
)

type SaleStatus string

const (
	SaleOpen  SaleStatus = "open"
	SaleDealt SaleStatus = "dealt"
)

// AchievementSale is the one sale an achievement is in. The primary key is
// the achievement: opening a sale inserts the row in the sale's own
// transaction, so the database refuses a second sale of the same
// achievement, whichever channel and process it comes from. A sale that ends
// without a deal deletes the row; one that ends in a deal marks it dealt and
// the row stays, so a sold achievement is never on sale again.
type AchievementSale struct {
	AchievementID int64       `gorm:"primaryKey;autoIncrement:false"`
	Channel       SaleChannel `gorm:"size:20"`
	RefID         int64
	Status        SaleStatus `gorm:"size:20"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// openSale claims the achievement for a sale, inside the transaction that
// opens the sale. When the achievement is already in a sale (or sold), it
// answers 409 naming where, and the caller's transaction rolls back.
func openSale(tx *gorm.DB, achievementID int64, ch SaleChannel, refID int64) error {
	claim := AchievementSale{AchievementID: achievementID, Channel: ch, RefID: refID, Status: SaleOpen}
	// ON CONFLICT DO NOTHING rather than a failing insert: on PostgreSQL it
	// waits for a sale being opened at the same moment to commit or roll
	// back, and the transaction stays usable to read who holds it.
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&claim)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var held AchievementSale
	if err := tx.Where("achievement_id = ?", achievementID).Limit(1).Find(&held).Error; err != nil {
		return err
	}
	return saleConflict(tx, &held)
}

// saleConflict says, in Chinese, where the achievement already is.
func saleConflict(tx *gorm.DB, held *AchievementSale) *Error {
	if held.AchievementID == 0 {
		// The sale that held it ended between the two statements.
		return ErrAlreadyOnSale
	}
	if held.Status == SaleDealt {
		return ErrAlreadyDealt
	}
	switch held.Channel {
	case SaleOffer:
		return ErrAlreadyOnSale.Sayf("该成果已在挂牌交易中（挂牌编号 %d），同一成果同时只能有一种交易", held.RefID)
	case SaleLot:
		var a Auction
		tx.Table("auctions").Select("auctions.title").Joins("JOIN lots ON lots.auction_id = auctions.id").
			Where("lots.id = ?", held.RefID).Limit(1).Find(&a)
		return ErrAlreadyOnSale.Sayf("该成果已在竞价拍卖《%s》中（拍品编号 %d），同一成果同时只能有一种交易", a.Title, held.RefID)
	}
	return ErrAlreadyOnSale.Sayf("该成果已在协议成交公示中（成交编号 %d），同一成果同时只能有一种交易", held.RefID)
}

// endSale releases the achievement when its sale ends without a deal
// (offer expired or withdrawn, lot unsold, notice cancelled or declined),
// so it may be put on sale again.
func endSale(tx *gorm.DB, ch SaleChannel, refID int64) error {
	return tx.Where("channel = ? AND ref_id = ? AND status = ?", ch, refID, SaleOpen).Delete(&AchievementSale{}).Error
}

// dealSale marks the sale as the one that sold the achievement. It answers
// false when this sale does not hold the achievement (only sales opened
// before the claim existed can be in that state): such a sale must not end
// in a deal, since another sale holds or sold the achievement.
func dealSale(tx *gorm.DB, ch SaleChannel, refID int64, now time.Time) (bool, error) {
	res := tx.Model(&AchievementSale{}).Where("channel = ? AND ref_id = ? AND status = ?", ch, refID, SaleOpen).
		Updates(map[string]any{"status": SaleDealt, "updated_at": now.UTC()})
	return res.RowsAffected == 1, res.Error
}
