package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Offer is a listing trade (挂牌): an achievement at a fixed price for a
// period; the first verified enterprise to accept (摘牌) wins.
type Offer struct {
	ID            int64     `gorm:"primaryKey" json:"id"`
	AchievementID int64     `gorm:"not null;index" json:"achievement_id"`
	SellerOrgID   int64     `gorm:"not null" json:"seller_org_id"`
	Title         string    `gorm:"size:200;not null" json:"title"`
	PriceFen      int64     `gorm:"not null" json:"price_fen"`
	StartsAt      time.Time `gorm:"not null" json:"starts_at"`
	EndsAt        time.Time `gorm:"not null" json:"ends_at"`
	Status        string    `gorm:"size:20;not null;index" json:"status"` // open | accepted | expired | withdrawn
	BuyerOrgID    *int64    `json:"buyer_org_id"`
	DealID        *int64    `json:"deal_id"`
	CreatedBy     int64     `gorm:"not null" json:"-"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

type NewOffer struct {
	AchievementID int64     `json:"achievement_id"`
	PriceFen      int64     `json:"price_fen"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
}

// CreateOffer lists an achievement of the caller's organisation (or any, for an admin).
func CreateOffer(db *gorm.DB, actor Actor, in NewOffer, now time.Time) (*Offer, error) {
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
			return Forbidden("not_your_listing", "只能挂牌本机构的成果")
		}
		var n int64
		tx.Model(&Offer{}).Where("achievement_id = ? AND status = ?", a.ID, "open").Count(&n)
		if n > 0 {
			return Conflict("already_listed", "该成果已在挂牌中")
		}
		o = &Offer{AchievementID: a.ID, SellerOrgID: a.OrgID, Title: a.Title, PriceFen: in.PriceFen, StartsAt: in.StartsAt.UTC(),
			EndsAt: in.EndsAt.UTC(), Status: "open", CreatedBy: actor.UserID}
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "offer.create", "offer", o.ID, nil, o)
	})
	return o, err
}

// AcceptOffer is 摘牌. Many may arrive at once; the conditional update lets
// exactly one change the offer from open, and only that one makes a deal.
func AcceptOffer(db *gorm.DB, actor Actor, id int64, now time.Time) (*Offer, *Deal, error) {
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
				return NotFound("offer_not_found", "挂牌项目不存在")
			}
			return err
		}
		if o.SellerOrgID == actor.OrgID {
			return Forbidden("own_offer", "不能摘牌本机构的成果")
		}
		switch {
		case o.Status != "open":
			return Conflict("offer_closed", "该挂牌项目已被摘牌或已结束")
		case now.Before(o.StartsAt):
			return Conflict("offer_not_started", "挂牌尚未开始")
		case !now.Before(o.EndsAt):
			return Conflict("offer_closed", "挂牌已截止")
		}
		res := tx.Model(&Offer{}).Where("id = ? AND status = ?", o.ID, "open").
			Updates(map[string]any{"status": "accepted", "buyer_org_id": actor.OrgID, "updated_at": now.UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("offer_closed", "该挂牌项目已被其他企业摘牌")
		}
		d = &Deal{AchievementID: &o.AchievementID, SellerOrgID: o.SellerOrgID, BuyerOrgID: actor.OrgID, Mode: DealListing,
			PriceFen: o.PriceFen, Status: "confirmed"}
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		if err := tx.Model(&Offer{}).Where("id = ?", o.ID).Update("deal_id", d.ID).Error; err != nil {
			return err
		}
		o.Status, o.BuyerOrgID, o.DealID = "accepted", &actor.OrgID, &d.ID
		if err := closeAchievementDealt(tx, o.AchievementID); err != nil {
			return err
		}
		return Audit(tx, actor, "offer.accept", "offer", o.ID, nil, o)
	})
	if err != nil {
		return nil, nil, err
	}
	return &o, d, nil
}

func ListOffers(db *gorm.DB, status string, p Page) ([]Offer, int64, error) {
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

// ExpireOffers ends offers whose period passed without a taker.
func ExpireOffers(db *gorm.DB, now time.Time) (int, error) {
	res := db.Model(&Offer{}).Where("status = ? AND ends_at <= ?", "open", now.UTC()).Updates(map[string]any{"status": "expired", "updated_at": now.UTC()})
	return int(res.RowsAffected), res.Error
}

// NoticeDays is how long a negotiated deal stays in public notice (公示).
var NoticeDays = 15

// Notice publishes a negotiated deal (协议成交公示) for objections.
type Notice struct {
	ID         int64       `gorm:"primaryKey" json:"id"`
	DealID     int64       `gorm:"not null;uniqueIndex" json:"deal_id"`
	Title      string      `gorm:"size:300;not null" json:"title"`
	SellerName string      `gorm:"size:100;not null" json:"seller"`
	BuyerName  string      `gorm:"size:100;not null" json:"buyer"`
	PriceFen   int64       `gorm:"not null" json:"price_fen"`
	StartsAt   time.Time   `gorm:"not null" json:"starts_at"`
	EndsAt     time.Time   `gorm:"not null;index" json:"ends_at"`
	Status     string      `gorm:"size:20;not null" json:"status"` // open | confirmed | cancelled
	CreatedAt  time.Time   `json:"created_at"`
	Objections []Objection `gorm:"-" json:"objections,omitempty"`
}

// Objection (异议) to a deal under notice; an admin upholds or dismisses it.
type Objection struct {
	ID         int64     `gorm:"primaryKey" json:"id"`
	NoticeID   int64     `gorm:"not null;index" json:"notice_id"`
	UserID     int64     `gorm:"not null" json:"-"`
	Reason     string    `gorm:"type:text;not null" json:"reason"`
	Status     string    `gorm:"size:20;not null" json:"status"` // pending | upheld | dismissed
	Resolution string    `gorm:"type:text;not null;default:''" json:"resolution"`
	CreatedAt  time.Time `json:"created_at"`
}

// NegotiatedDeal is what the parties (or a broker) record as agreed.
type NegotiatedDeal struct {
	AchievementID int64 `json:"achievement_id"`
	BuyerOrgID    int64 `json:"buyer_org_id"`
	PriceFen      int64 `json:"price_fen"`
	DealID        int64 `json:"deal_id"` // an open deal (from a match) to publish instead
}

// PublishNegotiatedDeal opens the public notice of a negotiated deal: a new
// one recorded by the seller or a broker, or one opened by an agreed match.
func PublishNegotiatedDeal(db *gorm.DB, actor Actor, in NegotiatedDeal, now time.Time) (*Notice, error) {
	if err := actor.Require(RoleSupplier, RoleBroker, RoleAdmin); err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	if f := map[string]string{}; !checkFen(f, "price_fen", in.PriceFen, true, "成交价") {
		return nil, Invalid(f) // 0 keeps the price of a deal from a match
	}
	var n *Notice
	err := db.Transaction(func(tx *gorm.DB) error {
		var d Deal
		if in.DealID > 0 {
			if err := tx.First(&d, in.DealID).Error; err != nil {
				return NotFound("deal_not_found", "成交记录不存在")
			}
			if !(actor.Acts(RoleAdmin) || actor.OrgID == d.SellerOrgID || d.BrokerOrgID != nil && *d.BrokerOrgID == actor.OrgID) {
				return NotFound("deal_not_found", "成交记录不存在")
			}
			if d.Status != "open" {
				return Conflict("bad_transition", "该成交已公示或已确认")
			}
			if in.PriceFen > 0 {
				d.PriceFen = in.PriceFen
			}
		} else {
			f := map[string]string{}
			checkFen(f, "price_fen", in.PriceFen, false, "成交价")
			var a Achievement
			if err := tx.First(&a, in.AchievementID).Error; err != nil || a.Status != StatusPublished {
				f["achievement_id"] = "成果不存在或未发布"
			} else if actor.Role == RoleSupplier && a.OrgID != actor.OrgID {
				f["achievement_id"] = "只能公示本机构成果的成交"
			}
			var buyer Organization
			if err := tx.First(&buyer, in.BuyerOrgID).Error; err != nil || buyer.Type != OrgEnterprise {
				f["buyer_org_id"] = "请选择买方企业"
			} else if buyer.ID == a.OrgID {
				f["buyer_org_id"] = "买方不能是卖方本身"
			}
			if len(f) > 0 {
				return Invalid(f)
			}
			d = Deal{AchievementID: &a.ID, SellerOrgID: a.OrgID, BuyerOrgID: buyer.ID, Mode: DealNegotiated, PriceFen: in.PriceFen, Status: "open"}
			if actor.Acts(RoleBroker) {
				d.BrokerOrgID = &actor.OrgID
			}
			if err := tx.Create(&d).Error; err != nil {
				return err
			}
		}
		if d.PriceFen <= 0 {
			return Invalid(map[string]string{"price_fen": "请填写成交价（单位：分）"})
		}
		var a Achievement
		if d.AchievementID != nil {
			tx.First(&a, *d.AchievementID)
		}
		var err error
		n, err = noticeDeal(tx, actor, &d, a.Title, now)
		return err
	})
	return n, err
}

// noticeDeal puts an open negotiated deal under public notice (公示) titled
// after what is sold; the notice job confirms it when no objection holds.
func noticeDeal(tx *gorm.DB, actor Actor, d *Deal, title string, now time.Time) (*Notice, error) {
	d.Status = "noticed"
	if err := tx.Model(d).Select("status", "price_fen", "updated_at").Updates(d).Error; err != nil {
		return nil, err
	}
	var seller, buyer Organization
	tx.First(&seller, d.SellerOrgID)
	tx.First(&buyer, d.BuyerOrgID)
	n := &Notice{DealID: d.ID, Title: title, SellerName: seller.Name, BuyerName: buyer.Name, PriceFen: d.PriceFen,
		StartsAt: now.UTC(), EndsAt: now.AddDate(0, 0, NoticeDays).UTC(), Status: "open"}
	if err := tx.Create(n).Error; err != nil {
		return nil, err
	}
	if err := emit(tx, "notice.published", "notice", n.ID, map[string]any{"title": n.Title}); err != nil {
		return nil, err
	}
	return n, Audit(tx, actor, "notice.publish", "deal", d.ID, nil, n)
}

func ListNotices(db *gorm.DB, status string, p Page) ([]Notice, int64, error) {
	q := db.Model(&Notice{})
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Notice{}
	return out, total, q.Order("id DESC").Offset(p.Offset()).Limit(p.Size).Find(&out).Error
}

// GetNotice shows a notice; objections' reasons are for admins only.
func GetNotice(db *gorm.DB, actor Actor, id int64) (*Notice, error) {
	var n Notice
	if err := db.First(&n, id).Error; err != nil {
		return nil, NotFound("notice_not_found", "公示不存在")
	}
	if actor.Acts(RoleAdmin) {
		n.Objections = []Objection{}
		db.Where("notice_id = ?", n.ID).Order("id").Find(&n.Objections)
	}
	return &n, nil
}

// FileObjection lets any logged-in user object while the notice is open.
func FileObjection(db *gorm.DB, actor Actor, noticeID int64, reason string, now time.Time) (*Objection, error) {
	if !actor.LoggedIn() {
		return nil, newError(401, "unauthenticated", "请先登录")
	}
	reason = strings.TrimSpace(reason)
	f := map[string]string{}
	checkLen(f, "reason", reason, 5, 2000, "异议理由")
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var o *Objection
	err := db.Transaction(func(tx *gorm.DB) error {
		var n Notice
		if err := tx.First(&n, noticeID).Error; err != nil {
			return NotFound("notice_not_found", "公示不存在")
		}
		if n.Status != "open" || !now.Before(n.EndsAt) {
			return Conflict("notice_closed", "公示期已结束，不能再提出异议")
		}
		o = &Objection{NoticeID: n.ID, UserID: actor.UserID, Reason: reason, Status: "pending"}
		return tx.Create(o).Error
	})
	return o, err
}

// ResolveObjection: an upheld objection cancels the deal and ends the notice.
func ResolveObjection(db *gorm.DB, actor Actor, id int64, uphold bool, resolution string) (*Objection, error) {
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	resolution = strings.TrimSpace(resolution)
	f := map[string]string{}
	checkLen(f, "resolution", resolution, 2, 2000, "处理意见")
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var o Objection
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&o, id).Error; err != nil {
			return NotFound("objection_not_found", "异议不存在")
		}
		if o.Status != "pending" {
			return Conflict("bad_transition", "该异议已处理")
		}
		o.Status, o.Resolution = "dismissed", resolution
		if uphold {
			o.Status = "upheld"
			var n Notice
			if err := tx.First(&n, o.NoticeID).Error; err != nil {
				return err
			}
			if err := tx.Model(&Notice{}).Where("id = ? AND status = ?", n.ID, "open").Update("status", "cancelled").Error; err != nil {
				return err
			}
			if err := tx.Model(&Deal{}).Where("id = ?", n.DealID).Update("status", "cancelled").Error; err != nil {
				return err
			}
		}
		if err := tx.Save(&o).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "objection."+o.Status, "objection", o.ID, nil, o)
	})
	return &o, err
}

// ConfirmDueNotices confirms deals whose notice ended without an upheld
// objection; a notice with an objection still pending waits for the admin.
func ConfirmDueNotices(db *gorm.DB, now time.Time) (int, error) {
	var ids []int64
	err := db.Model(&Notice{}).Where("status = ? AND ends_at <= ? AND NOT EXISTS (SELECT 1 FROM objections WHERE objections.notice_id = notices.id AND objections.status = ?)",
		"open", now.UTC(), "pending").Pluck("id", &ids).Error
	if err != nil {
		return 0, err
	}
	done := 0
	for _, id := range ids {
		err := db.Transaction(func(tx *gorm.DB) error {
			var n Notice
			q := forUpdate(tx)
			if err := q.First(&n, id).Error; err != nil || n.Status != "open" {
				return err
			}
			if err := tx.Model(&n).Update("status", "confirmed").Error; err != nil {
				return err
			}
			var d Deal
			if err := tx.First(&d, n.DealID).Error; err != nil {
				return err
			}
			if err := tx.Model(&d).Update("status", "confirmed").Error; err != nil {
				return err
			}
			done++
			if d.AchievementID != nil {
				if err := closeAchievementDealt(tx, *d.AchievementID); err != nil {
					return err
				}
			}
			return emit(tx, "notice.confirmed", "notice", n.ID, map[string]any{"deal_id": d.ID})
		})
		if err != nil {
			return done, fmt.Errorf("confirming notice %d: %w", id, err)
		}
	}
	return done, nil
}
