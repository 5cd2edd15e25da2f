package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

type NoticeStatus string

const (
	NoticeOpen      NoticeStatus = "open"
	NoticeConfirmed NoticeStatus = "confirmed"
	NoticeCancelled NoticeStatus = "cancelled"
)

type ObjectionStatus string

const (
	ObjectionPending   ObjectionStatus = "pending"
	ObjectionUpheld    ObjectionStatus = "upheld"
	ObjectionDismissed ObjectionStatus = "dismissed"
)

// Notice publishes a negotiated deal (协议成交公示) for objections.
type Notice struct {
	ID         int64        `gorm:"primaryKey" json:"id"`
	DealID     int64        `gorm:"not null;uniqueIndex" json:"deal_id"`
	Title      string       `gorm:"size:300;not null" json:"title"`
	SellerName string       `gorm:"size:100;not null" json:"seller"`
	BuyerName  string       `gorm:"size:100;not null" json:"buyer"`
	PriceFen   int64        `gorm:"not null" json:"price_fen"`
	StartsAt   time.Time    `gorm:"not null" json:"starts_at"`
	EndsAt     time.Time    `gorm:"not null;index" json:"ends_at"`
	Status     NoticeStatus `gorm:"size:20;not null" json:"status"`
	CreatedAt  time.Time    `json:"created_at"`
	Objections []Objection  `gorm:"-" json:"objections,omitempty"`
}

// Objection (异议) to a deal under notice; an admin upholds or dismisses it.
type Objection struct {
	ID         int64           `gorm:"primaryKey" json:"id"`
	NoticeID   int64           `gorm:"not null;index" json:"notice_id"`
	UserID     int64           `gorm:"not null" json:"-"`
	Reason     string          `gorm:"type:text;not null" json:"reason"`
	Status     ObjectionStatus `gorm:"size:20;not null" json:"status"`
	Resolution string          `gorm:"type:text;not null;default:''" json:"resolution"`
	CreatedAt  time.Time       `json:"created_at"`
}

// NegotiatedDeal is what the parties (or a broker) record as agreed.
type NegotiatedDeal struct {
	AchievementID int64 `json:"achievement_id"`
	BuyerOrgID    int64 `json:"buyer_org_id"`
	PriceFen      int64 `json:"price_fen"`
	DealID        int64 `json:"deal_id"` // an open deal (from a match) to publish instead
}

// Published is the answer to publishing a negotiated deal: the deal, and its
// notice once public (nil while a broker's notice waits for the seller).
type Published struct {
	Deal   *Deal   `json:"deal"`
	Notice *Notice `json:"notice"`
}

// PublishNegotiatedDeal opens the public notice (公示) of a negotiated deal,
// a new one or one opened by an agreed match (in.DealID). Only three may:
//   - the seller organisation (its active, verified suppliers);
//   - a broker whose firm runs an agreed match of that achievement with a
//     need of that buyer: the notice then waits for the seller to confirm
//     (DealAwaitingSeller), unlisted, its days not started;
//   - a market admin.
//
// The achievement is claimed for this sale at once (409 when it is in
// another), and both parties' organisation admins are told.
func (m *Market) PublishNegotiatedDeal(ctx context.Context, actor Actor, in NegotiatedDeal) (*Published, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleSupplier, RoleBroker, RoleAdmin); err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	if f := map[string]string{}; !checkFen(f, "price_fen", in.PriceFen, true, "成交价") {
		return nil, Invalid(f) // 0 keeps the price of a deal from a match
	}
	var out Published
	err := db.Transaction(func(tx *gorm.DB) error {
		var d *Deal
		var err error
		if in.DealID > 0 {
			d, err = agreedDeal(tx, actor, in)
		} else {
			d, err = newNegotiatedDeal(tx, actor, in)
		}
		if err != nil {
			return err
		}
		if d.PriceFen <= 0 {
			return Invalid(map[string]string{"price_fen": "请填写成交价（单位：分）"})
		}
		byBroker := !actor.Acts(RoleAdmin) && !actor.sellsDeal(d)
		act := DActPublish
		if byBroker {
			act = DActBrokerPublish
		}
		next, err := NextDealStatus(d.Status, act)
		if err != nil {
			return err
		}
		if d.AchievementID != nil {
			if err := openSale(tx, *d.AchievementID, SaleNegotiated, d.ID); err != nil {
				return err
			}
		}
		title := dealTitle(tx, d)
		if next == DealNoticed {
			if out.Notice, err = m.noticeDeal(tx, actor, d, title, act, now); err != nil {
				return err
			}
		} else {
			if err := moveFrom[Deal](tx, d.ID, d.Status, map[string]any{"status": next, "price_fen": d.PriceFen, "updated_at": now.UTC()},
				ErrBadTransition.Say("该成交刚被他人公示")); err != nil {
				return err
			}
			before := *d
			d.Status = next
			if err := Audit(tx, actor, "notice.propose", "deal", d.ID, before, d); err != nil {
				return err
			}
		}
		out.Deal = d
		return m.notifyDealParties(tx, d, title, next)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// dealFor locks a deal for an act of actor (see lockFor): hidden from all
// but its parties and admins, refused to whoever may not take the act.
func dealFor(tx *gorm.DB, actor Actor, id int64, may func(*Deal) bool, forbidden *Error) (*Deal, error) {
	return lockFor(tx, id, ErrDealNotFound, actor.partyToDeal, may, forbidden)
}

// partyToDeal: the actor's organisation sells, buys or brokered the deal,
// or the actor is a market admin.
func (a Actor) partyToDeal(d *Deal) bool {
	return a.OwnOrg(d.SellerOrgID) || a.OwnOrg(d.BuyerOrgID) || d.BrokerOrgID != nil && a.OwnOrg(*d.BrokerOrgID) || a.Acts(RoleAdmin)
}

// agreedDeal is an open deal to publish: its seller, an admin, or a broker
// of the firm whose agreed match opened it.
func agreedDeal(tx *gorm.DB, actor Actor, in NegotiatedDeal) (*Deal, error) {
	mayPublish := func(d *Deal) bool {
		if actor.Acts(RoleAdmin) || actor.sellsDeal(d) {
			return true
		}
		if actor.Acts(RoleBroker) && d.MatchID != nil && d.AchievementID != nil {
			_, err := agreedMatch(tx, actor, *d.AchievementID, d.BuyerOrgID, d.MatchID)
			return err == nil
		}
		return false
	}
	d, err := dealFor(tx, actor, in.DealID, mayPublish, ErrNotAllowed)
	if err != nil {
		return nil, err
	}
	if d.Mode != DealNegotiated {
		return nil, ErrBadTransition.Say("只有协议成交需要公示")
	}
	// The bound was checked on entry; 0 keeps the price the match agreed.
	if in.PriceFen > 0 {
		d.PriceFen = in.PriceFen
	}
	return d, nil
}

// newNegotiatedDeal records a deal agreed outside the market's matches. A
// broker has none of its own: it publishes the deal its agreed match opened.
func newNegotiatedDeal(tx *gorm.DB, actor Actor, in NegotiatedDeal) (*Deal, error) {
	f := map[string]string{}
	checkFen(f, "price_fen", in.PriceFen, false, "成交价")
	var a Achievement
	if err := tx.First(&a, in.AchievementID).Error; err != nil || a.Status != StatusPublished {
		f["achievement_id"] = "成果不存在或未发布"
	}
	var buyer Organization
	if err := tx.First(&buyer, in.BuyerOrgID).Error; err != nil || buyer.Type != OrgEnterprise {
		f["buyer_org_id"] = "请选择买方企业"
	} else if buyer.ID == a.OrgID {
		f["buyer_org_id"] = "买方不能是卖方本身"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	switch {
	case actor.Acts(RoleAdmin) || actor.Acts(RoleSupplier) && actor.OrgID == a.OrgID:
	case actor.Acts(RoleBroker):
		m, err := agreedMatch(tx, actor, a.ID, buyer.ID, nil)
		if err != nil {
			return nil, err
		}
		if m.DealID == nil {
			return openDealFromMatch(tx, m, in.PriceFen)
		}
		return agreedDeal(tx, actor, NegotiatedDeal{DealID: *m.DealID, PriceFen: in.PriceFen})
	default:
		return nil, ErrNotYourListing.Say("只能公示本机构成果的成交")
	}
	d := &Deal{AchievementID: &a.ID, SellerOrgID: a.OrgID, BuyerOrgID: buyer.ID, Mode: DealNegotiated, PriceFen: in.PriceFen, Status: DealOpen}
	return d, tx.Create(d).Error
}

// agreedMatch is the agreed match of the broker's firm (the one with id
// matchID, when given) that covers the achievement and the buyer (the
// match's need belongs to the buyer): the only ground on which a broker
// publishes a deal.
func agreedMatch(tx *gorm.DB, actor Actor, achievementID, buyerOrgID int64, matchID *int64) (*Match, error) {
	q := tx.Where("achievement_id = ? AND broker_org_id = ? AND status = ? AND need_id IN (?)", achievementID, actor.OrgID, MatchAgreed,
		tx.Model(&Need{}).Select("id").Where("org_id = ?", buyerOrgID))
	if matchID != nil {
		q = q.Where("id = ?", *matchID)
	}
	var m Match
	err := q.Order("id DESC").First(&m).Error
	if err != nil {
		return nil, ErrNoAgreedMatch
	}
	return &m, nil
}

// dealTitle is what a deal's notice is titled: the achievement's title.
func dealTitle(tx *gorm.DB, d *Deal) string {
	var a Achievement
	if d.AchievementID != nil {
		tx.Select("id", "title").First(&a, *d.AchievementID)
	}
	return a.Title
}

// notifyDealParties tells the admins (机构管理员) of the seller and the buyer
// organisations that the deal went under notice or waits for the seller.
func (m *Market) notifyDealParties(tx *gorm.DB, d *Deal, title string, status DealStatus) error {
	n := Notification{Kind: "deal.noticed", Link: "/my/deals",
		Title: fmt.Sprintf("协议成交《%s》（%s）已进入公示，公示期 %d 天", title, yuan(d.PriceFen), m.Rules.NoticeDays)}
	if status == DealAwaitingSeller {
		n.Kind, n.Title = "deal.awaiting_seller", fmt.Sprintf("技术经纪人提交了协议成交《%s》（%s）的公示，须卖方确认后才公开", title, yuan(d.PriceFen))
		n.Body = "卖方请在“我的成交”中确认或谢绝；确认前不公开，公示期也不开始。"
	}
	return tellOrgAdmins(tx, []int64{d.SellerOrgID, d.BuyerOrgID}, n)
}

// tellOrgAdmins sends n to the active 机构管理员 of each organisation.
func tellOrgAdmins(tx *gorm.DB, orgIDs []int64, n Notification) error {
	var users []int64
	if err := tx.Model(&Membership{}).Where("org_id IN ? AND org_role = ? AND status = ?", orgIDs, OrgRoleAdmin, MemberActive).
		Order("user_id").Pluck("user_id", &users).Error; err != nil {
		return err
	}
	for _, u := range users {
		n.UserID = u
		if err := notify(tx, n); err != nil {
			return err
		}
	}
	return nil
}

// DecideNotice is the seller's answer to a notice a broker published:
// approving puts it under public notice from now (its days start now);
// declining returns the deal to open and frees the achievement. The deal
// moves by a conditional update, so of simultaneous answers one counts.
func (m *Market) DecideNotice(ctx context.Context, actor Actor, id int64, approve bool) (*Published, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	var out Published
	err := db.Transaction(func(tx *gorm.DB) error {
		d, err := dealFor(tx, actor, id, actor.sellsDeal, ErrNotSeller.Say("只有卖方可以确认或谢绝公示"))
		if err != nil {
			return err
		}
		act := DActDeclineNotice
		if approve {
			act = DActApproveNotice
		}
		next, err := NextDealStatus(d.Status, act)
		if err != nil {
			return err
		}
		title := dealTitle(tx, d)
		if approve {
			if out.Notice, err = m.noticeDeal(tx, actor, d, title, act, now); err != nil {
				return err
			}
			out.Deal = d
			return m.notifyDealParties(tx, d, title, next)
		}
		lost := ErrBadTransition.Say("该公示刚被处理，请刷新")
		if err := moveFrom[Deal](tx, d.ID, d.Status, map[string]any{"status": next, "updated_at": now.UTC()}, lost); err != nil {
			return err
		}
		if err := endSale(tx, SaleNegotiated, d.ID); err != nil {
			return err
		}
		before := *d
		d.Status = next
		out.Deal = d
		if d.BrokerOrgID != nil {
			if err := tellOrgAdmins(tx, []int64{*d.BrokerOrgID}, Notification{Kind: "deal.notice_declined", Link: "/my/deals",
				Title: fmt.Sprintf("卖方谢绝公示协议成交《%s》（%s）", title, yuan(d.PriceFen))}); err != nil {
				return err
			}
		}
		return Audit(tx, actor, "notice.decline", "deal", d.ID, before, d)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// noticeDeal puts a deal under public notice (公示) titled after what is
// sold, from now for the market's NoticeDays; the notice job confirms it when no
// objection holds. The deal moves from the status it was read in by a
// conditional update: a second publication of it at the same moment loses.
func (m *Market) noticeDeal(tx *gorm.DB, actor Actor, d *Deal, title string, act DealAction, now time.Time) (*Notice, error) {
	next, err := NextDealStatus(d.Status, act)
	if err != nil {
		return nil, err
	}
	if err := moveFrom[Deal](tx, d.ID, d.Status, map[string]any{"status": next, "price_fen": d.PriceFen, "updated_at": now.UTC()},
		ErrBadTransition.Say("该成交已公示或已确认")); err != nil {
		return nil, err
	}
	d.Status = next
	var seller, buyer Organization
	tx.First(&seller, d.SellerOrgID)
	tx.First(&buyer, d.BuyerOrgID)
	n := &Notice{DealID: d.ID, Title: title, SellerName: seller.Name, BuyerName: buyer.Name, PriceFen: d.PriceFen,
		StartsAt: now.UTC(), EndsAt: now.AddDate(0, 0, m.Rules.NoticeDays).UTC(), Status: NoticeOpen}
	if err := tx.Create(n).Error; err != nil {
		return nil, err
	}
	if err := emit(tx, "notice.published", "notice", n.ID, map[string]any{"title": n.Title}); err != nil {
		return nil, err
	}
	return n, Audit(tx, actor, "notice.publish", "deal", d.ID, nil, n)
}

func (m *Market) ListNotices(ctx context.Context, status string, p Page) ([]Notice, int64, error) {
	db := m.db.WithContext(ctx)
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
func (m *Market) GetNotice(ctx context.Context, actor Actor, id int64) (*Notice, error) {
	db := m.db.WithContext(ctx)
	var n Notice
	if err := db.First(&n, id).Error; err != nil {
		return nil, ErrNoticeNotFound
	}
	if actor.Acts(RoleAdmin) {
		n.Objections = []Objection{}
		db.Where("notice_id = ?", n.ID).Order("id").Find(&n.Objections)
	}
	return &n, nil
}

// FileObjection lets any logged-in user object while the notice is open.
func (m *Market) FileObjection(ctx context.Context, actor Actor, noticeID int64, reason string) (*Objection, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if !actor.LoggedIn() {
		return nil, ErrUnauthenticated
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
			return ErrNoticeNotFound
		}
		if n.Status != NoticeOpen || !now.Before(n.EndsAt) {
			return ErrNoticeClosed
		}
		o = &Objection{NoticeID: n.ID, UserID: actor.UserID, Reason: reason, Status: ObjectionPending}
		return tx.Create(o).Error
	})
	return o, err
}

// ResolveObjection: an upheld objection cancels the deal, ends the notice
// and frees the achievement. The objection moves from pending by a
// conditional update, so it is resolved (and audited) once; of two upheld
// objections at once, the first cancels.
func (m *Market) ResolveObjection(ctx context.Context, actor Actor, id int64, uphold bool, resolution string) (*Objection, error) {
	db := m.db.WithContext(ctx)
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
			return ErrObjectionNotFound
		}
		if o.Status != ObjectionPending {
			return ErrBadTransition.Say("该异议已处理")
		}
		status := ObjectionDismissed
		if uphold {
			status = ObjectionUpheld
		}
		if err := moveFrom[Objection](tx, o.ID, ObjectionPending, map[string]any{"status": status, "resolution": resolution},
			ErrBadTransition.Say("该异议已处理")); err != nil {
			return err
		}
		o.Status, o.Resolution = status, resolution
		if uphold {
			if err := cancelNotice(tx, o.NoticeID); err != nil {
				return err
			}
		}
		return Audit(tx, actor, "objection."+string(o.Status), "objection", o.ID, nil, o)
	})
	return &o, err
}

// cancelNotice ends an open notice with its deal cancelled and the
// achievement free for another sale; a notice no longer open is left alone.
func cancelNotice(tx *gorm.DB, noticeID int64) error {
	var n Notice
	if err := tx.First(&n, noticeID).Error; err != nil {
		return err
	}
	if err := moveFrom[Notice](tx, n.ID, NoticeOpen, map[string]any{"status": NoticeCancelled}, ErrGone); err != nil {
		if err == ErrGone {
			return nil
		}
		return err
	}
	next, err := NextDealStatus(DealNoticed, DActCancel)
	if err != nil {
		return err
	}
	if err := moveFrom[Deal](tx, n.DealID, DealNoticed, map[string]any{"status": next}, ErrGone); err != nil {
		return err
	}
	if err := endSale(tx, SaleNegotiated, n.DealID); err != nil {
		return err
	}
	return emit(tx, "notice.cancelled", "notice", n.ID, map[string]any{"deal_id": n.DealID})
}

// ConfirmDueNotices confirms deals whose notice ended without an upheld
// objection; a notice with an objection still pending waits for the admin.
// Each notice moves from open by a conditional update, so with several
// processes each is confirmed once. A deal whose achievement another sale
// holds (only deals noticed before that claim existed) is cancelled instead.
func (m *Market) ConfirmDueNotices(ctx context.Context, now time.Time) (int, error) {
	db := m.db.WithContext(ctx)
	var ids []int64
	err := db.Model(&Notice{}).Where("status = ? AND ends_at <= ? AND NOT EXISTS (SELECT 1 FROM objections WHERE objections.notice_id = notices.id AND objections.status = ?)",
		NoticeOpen, now.UTC(), ObjectionPending).Pluck("id", &ids).Error
	if err != nil {
		return 0, err
	}
	done := 0
	for _, id := range ids {
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := moveFrom[Notice](tx, id, NoticeOpen, map[string]any{"status": NoticeConfirmed}, ErrGone); err != nil {
				return err
			}
			var n Notice
			if err := tx.First(&n, id).Error; err != nil {
				return err
			}
			var d Deal
			if err := tx.First(&d, n.DealID).Error; err != nil {
				return err
			}
			if d.AchievementID != nil {
				held, err := dealSale(tx, SaleNegotiated, d.ID, now)
				if err != nil {
					return err
				}
				if !held {
					if err := tx.Model(&Notice{}).Where("id = ?", id).Update("status", NoticeCancelled).Error; err != nil {
						return err
					}
					return moveFrom[Deal](tx, d.ID, DealNoticed, map[string]any{"status": DealCancelled}, ErrGone)
				}
			}
			next, err := NextDealStatus(d.Status, DActConfirmNotice)
			if err != nil {
				return err
			}
			if err := moveFrom[Deal](tx, d.ID, d.Status, map[string]any{"status": next}, ErrGone); err != nil {
				return err
			}
			if d.AchievementID != nil {
				if err := closeAchievementDealt(tx, *d.AchievementID); err != nil {
					return err
				}
			}
			return emit(tx, "notice.confirmed", "notice", n.ID, map[string]any{"deal_id": d.ID})
		})
		switch {
		case err == ErrGone: // another process confirmed it first
		case err != nil:
			return done, fmt.Errorf("confirming notice %d: %w", id, err)
		default:
			done++
		}
	}
	return done, nil
}
