package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// NoticeStatus is where a public notice (公示) stands:
//
//	open -> confirmed   (the scheduler: the period ended with no objection pending)
//	open -> cancelled   (an admin upheld an objection)
type NoticeStatus string

const (
	NoticeOpen      NoticeStatus = "open"
	NoticeConfirmed NoticeStatus = "confirmed"
	NoticeCancelled NoticeStatus = "cancelled"
)

// NoticeAction is a step of a notice.
type NoticeAction string

const (
	NActObject  NoticeAction = "object"  // a verified member objects while the notice runs; it stays open
	NActConfirm NoticeAction = "confirm" // scheduler, the period over and no objection pending
	NActCancel  NoticeAction = "cancel"  // an upheld objection
)

var noticeMoves = map[NoticeStatus]map[NoticeAction]NoticeStatus{
	NoticeOpen: {NActObject: NoticeOpen, NActConfirm: NoticeConfirmed, NActCancel: NoticeCancelled},
}

var noticeStatusNames = map[NoticeStatus]string{NoticeOpen: "公示中", NoticeConfirmed: "已确认成交", NoticeCancelled: "已撤销"}

var noticeActionNames = map[NoticeAction]string{NActObject: "提出异议", NActConfirm: "确认成交", NActCancel: "撤销"}

// NextNoticeStatus is the notice workflow in one place.
func NextNoticeStatus(from NoticeStatus, act NoticeAction) (NoticeStatus, error) {
	if to, ok := noticeMoves[from][act]; ok {
		return to, nil
	}
	return "", ErrBadTransition.Sayf("公示状态为「%s」，不能%s", noticeStatusNames[from], noticeActionNames[act])
}

// checkNoticeAct is the one decision of whether the actor may take act on
// the notice at now. Objecting needs a verified member (as the route says)
// and a notice still in its period; confirming and cancelling are the
// scheduler's and an upheld objection's, never a caller's.
func checkNoticeAct(a Actor, n *Notice, act NoticeAction, now time.Time) error {
	if act != NActObject {
		return ErrForbidden
	}
	if err := a.RequireVerified(); err != nil {
		return err
	}
	if _, err := NextNoticeStatus(n.Status, act); err != nil || !now.Before(n.EndsAt) {
		return ErrNoticeClosed
	}
	return nil
}

// withActions fills what the actor may do with the notice at now.
func (n *Notice) withActions(a Actor, now time.Time) *Notice {
	if n != nil {
		n.Actions = permitted([]NoticeAction{NActObject}, func(act NoticeAction) error { return checkNoticeAct(a, n, act, now) })
	}
	return n
}

// ObjectionStatus is where an objection (异议) stands: pending -> upheld | dismissed.
type ObjectionStatus string

const (
	ObjectionPending   ObjectionStatus = "pending"
	ObjectionUpheld    ObjectionStatus = "upheld"
	ObjectionDismissed ObjectionStatus = "dismissed"
)

// ObjectionAction is a market admin's decision on an objection.
type ObjectionAction string

const (
	OActUphold  ObjectionAction = "uphold"  // 异议成立: the deal is cancelled
	OActDismiss ObjectionAction = "dismiss" // 驳回异议
)

// objectionActions lists every action, in the order pages show them.
var objectionActions = []ObjectionAction{OActUphold, OActDismiss}

var objectionMoves = map[ObjectionStatus]map[ObjectionAction]ObjectionStatus{
	ObjectionPending: {OActUphold: ObjectionUpheld, OActDismiss: ObjectionDismissed},
}

var objectionStatusNames = map[ObjectionStatus]string{ObjectionPending: "待处理", ObjectionUpheld: "异议成立", ObjectionDismissed: "已驳回"}

var objectionActionNames = map[ObjectionAction]string{OActUphold: "认定异议成立", OActDismiss: "驳回"}

// NextObjectionStatus is the objection workflow in one place.
func NextObjectionStatus(from ObjectionStatus, act ObjectionAction) (ObjectionStatus, error) {
	if to, ok := objectionMoves[from][act]; ok {
		return to, nil
	}
	return "", ErrBadTransition.Sayf("异议已处理（%s），不能再%s", objectionStatusNames[from], objectionActionNames[act])
}

// checkObjectionAct: a market admin decides a pending objection.
func checkObjectionAct(a Actor, o *Objection, act ObjectionAction) error {
	if !a.Acts(RoleAdmin) {
		return ErrForbidden
	}
	_, err := NextObjectionStatus(o.Status, act)
	return err
}

// withActions fills what the actor may do with the objection.
func (o *Objection) withActions(a Actor) *Objection {
	if o != nil {
		o.Actions = permitted(objectionActions, func(act ObjectionAction) error { return checkObjectionAct(a, o, act) })
	}
	return o
}

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
	Objections []Objection  `gorm:"-" json:"objections,omitempty"` // market admins only
	// Actions is what the caller may do with the notice now: object.
	Actions []string `gorm:"-" json:"actions"`
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
	// Actions is what the caller may do with the objection now: uphold, dismiss.
	Actions []string `gorm:"-" json:"actions"`
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
		act := publishAs(actor, d)
		if err := checkDealAct(actor, d, act, now); err != nil {
			return err
		}
		next, _ := NextDealStatus(d.Status, act)
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
	return out.withActions(actor, now), nil
}

// withActions fills the caller's actions on the deal and its notice.
func (p *Published) withActions(actor Actor, now time.Time) *Published {
	p.Deal.withActions(actor, now)
	p.Notice.withActions(actor, now)
	return p
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

// agreedDeal is an open deal to publish, as its parties see it; whether the
// actor may publish it is checkDealAct's to say.
func agreedDeal(tx *gorm.DB, actor Actor, in NegotiatedDeal) (*Deal, error) {
	d, err := dealFor(tx, actor, in.DealID, nil, nil)
	if err != nil {
		return nil, err
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
	return tell(tx, n, nil, orgIDs...)
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
		d, err := dealFor(tx, actor, id, nil, nil)
		if err != nil {
			return err
		}
		act := DActDeclineNotice
		if approve {
			act = DActApproveNotice
		}
		if err := checkDealAct(actor, d, act, now); err != nil {
			return err
		}
		next, _ := NextDealStatus(d.Status, act)
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
	return out.withActions(actor, now), nil
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

// ListNotices lists notices, each with what the actor may do with it now.
func (m *Market) ListNotices(ctx context.Context, actor Actor, status string, p Page) ([]Notice, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&Notice{})
	if status != "" {
		q = q.Where("status = ?", status)
	}
	now := m.now()
	return findPageEach(q, "id DESC", p, func(x *Notice) { x.withActions(actor, now) })
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
		if err := db.Where("notice_id = ?", n.ID).Order("id").Find(&n.Objections).Error; err != nil {
			return nil, err
		}
		for i := range n.Objections {
			n.Objections[i].withActions(actor)
		}
	}
	return n.withActions(actor, m.now()), nil
}

// FileObjection lets a verified member object while the notice is open.
func (m *Market) FileObjection(ctx context.Context, actor Actor, noticeID int64, reason string) (*Objection, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if !actor.LoggedIn() {
		return nil, ErrUnauthenticated
	}
	reason = strings.TrimSpace(reason)
	if err := invalidIf(checkLen, "reason", reason, 5, 2000, "异议理由"); err != nil {
		return nil, err
	}
	var o *Objection
	err := db.Transaction(func(tx *gorm.DB) error {
		var n Notice
		if err := tx.First(&n, noticeID).Error; err != nil {
			return ErrNoticeNotFound
		}
		if err := checkNoticeAct(actor, &n, NActObject, now); err != nil {
			return err
		}
		o = &Objection{NoticeID: n.ID, UserID: actor.UserID, Reason: reason, Status: ObjectionPending}
		return tx.Create(o).Error
	})
	if err != nil {
		return nil, err
	}
	return o.withActions(actor), nil
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
	if err := invalidIf(checkLen, "resolution", resolution, 2, 2000, "处理意见"); err != nil {
		return nil, err
	}
	var o Objection
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&o, id).Error; err != nil {
			return ErrObjectionNotFound
		}
		act := OActDismiss
		if uphold {
			act = OActUphold
		}
		if err := checkObjectionAct(actor, &o, act); err != nil {
			return err
		}
		status, _ := NextObjectionStatus(o.Status, act)
		if err := moveFrom[Objection](tx, o.ID, o.Status, map[string]any{"status": status, "resolution": resolution},
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
	if err != nil {
		return nil, err
	}
	return o.withActions(actor), nil
}

// cancelNotice ends an open notice with its deal cancelled and the
// achievement free for another sale; a notice no longer open is left alone.
func cancelNotice(tx *gorm.DB, noticeID int64) error {
	var n Notice
	if err := tx.First(&n, noticeID).Error; err != nil {
		return err
	}
	next, err := NextNoticeStatus(n.Status, NActCancel)
	if err != nil {
		return nil // no longer open: left alone
	}
	if err := moveFrom[Notice](tx, n.ID, n.Status, map[string]any{"status": next}, ErrGone); err != nil {
		if err == ErrGone {
			return nil
		}
		return err
	}
	dealNext, err := NextDealStatus(DealNoticed, DActCancel)
	if err != nil {
		return err
	}
	if err := moveFrom[Deal](tx, n.DealID, DealNoticed, map[string]any{"status": dealNext}, ErrGone); err != nil {
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
	pending := db.Model(&Notice{}).Where("status = ? AND ends_at <= ? AND NOT EXISTS (SELECT 1 FROM objections WHERE objections.notice_id = notices.id AND objections.status = ?)",
		NoticeOpen, now.UTC(), ObjectionPending)
	return sweep(db, pending, "confirming notice", func(tx *gorm.DB, id int64) error {
		confirmed, _ := NextNoticeStatus(NoticeOpen, NActConfirm)
		if err := moveFrom[Notice](tx, id, NoticeOpen, map[string]any{"status": confirmed}, ErrGone); err != nil {
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
}
