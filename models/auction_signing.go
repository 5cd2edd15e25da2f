package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// SigningWorkingDays is how long an auction winner has to sign.
const SigningWorkingDays = 5

// ConfirmDeal is the buyer's signature on a deal awaiting it (an auction win
// or a runner-up offer); seller and buyer then draft the contract.
func (m *Market) ConfirmDeal(ctx context.Context, actor Actor, id int64) (*Deal, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleDemander); err != nil {
		return nil, err
	}
	now := m.now()
	var d *Deal
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		if d, err = dealFor(tx, actor, id, nil, nil); err != nil {
			return err
		}
		if err := checkDealAct(actor, d, DActSign, now); err != nil {
			return err
		}
		next, _ := NextDealStatus(d.Status, DActSign)
		if err := moveFrom[Deal](tx, d.ID, d.Status, map[string]any{"status": next, "updated_at": now.UTC()},
			ErrBadTransition.Say("该成交已确认")); err != nil {
			return err
		}
		d.Status = next
		return Audit(tx, actor, "deal.confirm", "deal", d.ID, nil, d)
	})
	if err != nil {
		return nil, err
	}
	return d.withActions(actor, now), nil
}

// ForfeitUnsignedDeals: a winner who has not signed within the signing
// period loses the deal and its deposit; the admin may then offer the lot to
// the runner-up.
func (m *Market) ForfeitUnsignedDeals(ctx context.Context, now time.Time) (int, error) {
	db := m.db.WithContext(ctx)
	var deals []Deal
	if err := db.Where("mode = ? AND status = ?", DealAuction, DealAwaitingSignature).Find(&deals).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, d := range deals {
		if now.Before(d.signingDeadline()) {
			continue
		}
		next, err := NextDealStatus(d.Status, DActForfeit)
		if err != nil {
			return n, err
		}
		err = db.Transaction(func(tx *gorm.DB) error {
			res := tx.Model(&Deal{}).Where("id = ? AND status = ?", d.ID, d.Status).Update("status", next)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			var lot Lot
			if err := tx.Where("deal_id = ?", d.ID).First(&lot).Error; err != nil {
				return err
			}
			n++
			forfeited, _ := NextAdmissionStatus(AdmissionAdmitted, AdmissionForfeit)
			return tx.Model(&Admission{}).Where("auction_id = ? AND org_id = ?", lot.AuctionID, d.BuyerOrgID).Update("status", forfeited).Error
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// OfferToRunnerUp gives a lot whose winner forfeited to the best bid of
// another organisation, at that bid, as a new deal awaiting signature.
func (m *Market) OfferToRunnerUp(ctx context.Context, actor Actor, lotID int64) (*Deal, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	cal, err := m.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var d *Deal
	err = db.Transaction(func(tx *gorm.DB) error {
		var lot Lot
		q := forUpdate(tx)
		if err := q.First(&lot, lotID).Error; err != nil {
			return ErrLotNotFound
		}
		f := lotFacts{Now: m.now()}
		var err error
		if f.DealStatus, f.RunnerUp, err = runnerUpFacts(tx, &lot); err != nil {
			return err
		}
		if err := checkLotAct(actor, &lot, LotRunnerUp, f); err != nil {
			return err
		}
		var prev Deal
		if err := tx.First(&prev, *lot.DealID).Error; err != nil {
			return err
		}
		runner := *f.RunnerUp
		signBy := cal.AddWorkingDays(f.Now, SigningWorkingDays)
		d = &Deal{AchievementID: &lot.AchievementID, SellerOrgID: lot.SellerOrgID, BuyerOrgID: runner.OrgID, Mode: DealAuction,
			PriceFen: runner.AmountFen, Status: DealAwaitingSignature, SignBy: &signBy}
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		// The lot passes from the forfeited deal to this one by a conditional
		// update: of simultaneous offers to the runner-up one makes a deal.
		if err := moved(tx.Model(&Lot{}).Where("id = ? AND deal_id = ?", lot.ID, prev.ID).
			Updates(map[string]any{"deal_id": d.ID, "leader_org_id": runner.OrgID, "current_price_fen": runner.AmountFen}),
			ErrBadTransition.Say("该拍品已转给次高出价者")); err != nil {
			return err
		}
		admitted, _ := NextAdmissionStatus(AdmissionReleased, AdmissionRunnerUp)
		if err := tx.Model(&Admission{}).Where("auction_id = ? AND org_id = ?", lot.AuctionID, runner.OrgID).Update("status", admitted).Error; err != nil {
			return err
		}
		var buyer User
		tx.Where("org_id = ?", runner.OrgID).Order("id").First(&buyer)
		if buyer.ID != 0 {
			if err := notify(tx, Notification{UserID: buyer.ID, Kind: "auction.runner_up", Title: fmt.Sprintf("拍品《%s》转由您以 %s 成交，请在 %d 个工作日内确认", lot.Title, yuan(runner.AmountFen), SigningWorkingDays), Link: "/my/deals"}); err != nil {
				return err
			}
		}
		return Audit(tx, actor, "lot.runner_up", "lot", lot.ID, prev, d)
	})
	if err != nil {
		return nil, err
	}
	return d.withActions(actor, m.now()), nil
}
