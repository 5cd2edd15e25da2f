package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

type OfferStatus string

const (
	OfferOpen      OfferStatus = "open"
	OfferAccepted  OfferStatus = "accepted"
	OfferExpired   OfferStatus = "expired"
	OfferWithdrawn OfferStatus = "withdrawn"
)

// Offer is a listing trade (挂牌): an achievement at a fixed price for a
// period; the first verified enterprise to accept (摘牌) wins.
type Offer struct {
	ID            int64       `gorm:"primaryKey" json:"id"`
	AchievementID int64       `gorm:"not null;index" json:"achievement_id"`
	SellerOrgID   int64       `gorm:"not null" json:"seller_org_id"`
	Title         string      `gorm:"size:200;not null" json:"title"`
	PriceFen      int64       `gorm:"not null" json:"price_fen"`
	StartsAt      time.Time   `gorm:"not null" json:"starts_at"`
	EndsAt        time.Time   `gorm:"not null" json:"ends_at"`
	Status        OfferStatus `gorm:"size:20;not null;index" json:"status"`
	BuyerOrgID    *int64      `json:"buyer_org_id"`
	DealID        *int64      `json:"deal_id"`
	CreatedBy     int64       `gorm:"not null" json:"-"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
}

type NewOffer struct {
	AchievementID int64     `json:"achievement_id"`
	PriceFen      int64     `json:"price_fen"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
}

// CreateOffer lists an achievement of the caller's organisation (or any, for an admin).
func (m *Market) CreateOffer(ctx context.Context, actor Actor, in NewOffer) (*Offer, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleSupplier, RoleAdmin); err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	f := map[string]string{}
	checkFen(f, "price_fen", in.PriceFen, false, "挂牌价")
	if in.StartsAt.IsZero() {
		in.StartsAt = now
	}
	if in.EndsAt.IsZero() || !in.EndsAt.After(in.StartsAt) || !in.EndsAt.After(now) {
		f["ends_at"] = "挂牌截止时间必须晚于开始时间和现在"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var o *Offer
	err := db.Transaction(func(tx *gorm.DB) error {
		var a Achievement
		if err := tx.First(&a, in.AchievementID).Error; err != nil || a.Status != StatusPublished {
			return Invalid(map[string]string{"achievement_id": "成果不存在或未发布"})
		}
		if !actor.Acts(RoleAdmin) && a.OrgID != actor.OrgID {
			return ErrNotYourListing.Say("只能挂牌本机构的成果")
		}
		o = &Offer{AchievementID: a.ID, SellerOrgID: a.OrgID, Title: a.Title, PriceFen: in.PriceFen, StartsAt: in.StartsAt.UTC(),
			EndsAt: in.EndsAt.UTC(), Status: OfferOpen, CreatedBy: actor.UserID}
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		// The database, not a read before this write, keeps the achievement
		// in one sale: a second offer, lot or notice of it fails here.
		if err := openSale(tx, a.ID, SaleOffer, o.ID); err != nil {
			return err
		}
		return Audit(tx, actor, "offer.create", "offer", o.ID, nil, o)
	})
	return o, err
}

// AcceptOffer is 摘牌. Many may arrive at once; the conditional update lets
// exactly one change the offer from open, and only that one makes a deal.
func (m *Market) AcceptOffer(ctx context.Context, actor Actor, id int64) (*Offer, *Deal, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleDemander); err != nil {
		return nil, nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, nil, err
	}
	var o Offer
	var d *Deal
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&o, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrOfferNotFound
			}
			return err
		}
		if o.SellerOrgID == actor.OrgID {
			return ErrOwnOffer
		}
		switch {
		case o.Status != OfferOpen:
			return ErrOfferClosed
		case now.Before(o.StartsAt):
			return ErrOfferNotStarted
		case !now.Before(o.EndsAt):
			return ErrOfferClosed.Say("挂牌已截止")
		}
		if err := moveFrom[Offer](tx, o.ID, OfferOpen, map[string]any{"status": OfferAccepted, "buyer_org_id": actor.OrgID, "updated_at": now.UTC()},
			ErrOfferClosed.Say("该挂牌项目已被其他企业摘牌")); err != nil {
			return err
		}
		if held, err := dealSale(tx, SaleOffer, o.ID, now); err != nil || !held {
			if err == nil {
				err = ErrAlreadyDealt.Say("该成果已通过其他交易出售，本挂牌不能摘牌")
			}
			return err
		}
		d = &Deal{AchievementID: &o.AchievementID, SellerOrgID: o.SellerOrgID, BuyerOrgID: actor.OrgID, Mode: DealListing,
			PriceFen: o.PriceFen, Status: DealConfirmed}
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		if err := tx.Model(&Offer{}).Where("id = ?", o.ID).Update("deal_id", d.ID).Error; err != nil {
			return err
		}
		o.Status, o.BuyerOrgID, o.DealID = OfferAccepted, &actor.OrgID, &d.ID
		if err := closeAchievementDealt(tx, o.AchievementID); err != nil {
			return err
		}
		return Audit(tx, actor, "offer.accept", "offer", o.ID, nil, o)
	})
	if err != nil {
		return nil, nil, err
	}
	return &o, d.withActions(actor, now), nil
}

func (m *Market) ListOffers(ctx context.Context, status string, p Page) ([]Offer, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&Offer{})
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Offer{}
	return out, total, q.Order("id DESC").Offset(p.Offset()).Limit(p.Size).Find(&out).Error
}

// ExpireOffers ends offers whose period passed without a taker and puts
// their achievements back on the market. Each offer moves by a conditional
// update, so with several processes each expires (and is released) once,
// and an acceptance at the last moment wins or loses as a whole.
func (m *Market) ExpireOffers(ctx context.Context, now time.Time) (int, error) {
	db := m.db.WithContext(ctx)
	var ids []int64
	if err := db.Model(&Offer{}).Where("status = ? AND ends_at <= ?", OfferOpen, now.UTC()).Order("id").Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := moveFrom[Offer](tx, id, OfferOpen, map[string]any{"status": OfferExpired, "updated_at": now.UTC()}, ErrGone); err != nil {
				return err
			}
			return endSale(tx, SaleOffer, id)
		})
		switch {
		case err == ErrGone: // another process expired it, or it was accepted or withdrawn
		case err != nil:
			return n, fmt.Errorf("expiring offer %d: %w", id, err)
		default:
			n++
		}
	}
	return n, nil
}

// WithdrawOffer (撤牌) ends an open listing trade: its organisation or an
// admin, only while nobody has accepted it. The conditional update decides
// against a simultaneous acceptance: exactly one of them moves the offer from
// open. Withdrawing frees the achievement for another sale.
func (m *Market) WithdrawOffer(ctx context.Context, actor Actor, id int64) (*Offer, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleSupplier, RoleAdmin); err != nil {
		return nil, err
	}
	var o Offer
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&o, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrOfferNotFound
			}
			return err
		}
		if !actor.Acts(RoleAdmin) && o.SellerOrgID != actor.OrgID {
			return ErrNotYourOffer
		}
		if o.Status != OfferOpen {
			return ErrOfferClosed.Say("该挂牌项目已被摘牌或已结束，不能撤牌")
		}
		before := o
		if err := moveFrom[Offer](tx, o.ID, OfferOpen, map[string]any{"status": OfferWithdrawn, "updated_at": now.UTC()},
			ErrOfferClosed.Say("该挂牌项目刚被摘牌，不能撤牌")); err != nil {
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
