package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// OfferStatus is where a listing trade (挂牌) stands:
//
//	open -> accepted    (a verified enterprise took it: 摘牌)
//	open -> withdrawn   (its organisation or an admin took it back: 撤牌)
//	open -> expired     (the scheduler: its period ended without a taker)
//	open -> accepted    (the scheduler, period mode: one qualified buyer registered)
//	open -> auctioned   (the scheduler, period mode: several did, an auction among them)
//	open -> open        (the scheduler, period mode: nobody did, relisted at the lower price)
type OfferStatus string

const (
	OfferOpen      OfferStatus = "open"
	OfferAccepted  OfferStatus = "accepted"
	OfferExpired   OfferStatus = "expired"
	OfferWithdrawn OfferStatus = "withdrawn"
	OfferAuctioned OfferStatus = "auctioned"
)

// OfferAction is a step of a listing trade.
type OfferAction string

const (
	OfferActAccept   OfferAction = "accept"   // 摘牌: a verified enterprise, within the period
	OfferActWithdraw OfferAction = "withdraw" // 撤牌: the listing organisation or an admin
	OfferActExpire   OfferAction = "expire"   // scheduler, the period over
	// Period mode (挂牌期):
	OfferActRegister   OfferAction = "register"   // 意向受让登记: a verified enterprise, within the period
	OfferActUnregister OfferAction = "unregister" // 撤回意向: the registered enterprise, within the period
	OfferActAward      OfferAction = "award"      // scheduler: one qualified buyer, a deal at the listed price
	OfferActAuction    OfferAction = "auction"    // scheduler: several, an auction among exactly them
	OfferActRelist     OfferAction = "relist"     // scheduler: none, a new period at the relist price
)

// offerUserActions are the offer's actions a person takes, in the order pages show them.
var offerUserActions = []OfferAction{OfferActAccept, OfferActRegister, OfferActUnregister, OfferActWithdraw}

var offerMoves = map[OfferStatus]map[OfferAction]OfferStatus{
	OfferOpen: {OfferActAccept: OfferAccepted, OfferActWithdraw: OfferWithdrawn, OfferActExpire: OfferExpired,
		OfferActRegister: OfferOpen, OfferActUnregister: OfferOpen, OfferActAward: OfferAccepted, OfferActAuction: OfferAuctioned,
		OfferActRelist: OfferOpen},
}

var offerStatusNames = map[OfferStatus]string{OfferOpen: "挂牌中", OfferAccepted: "已摘牌", OfferExpired: "已截止", OfferWithdrawn: "已撤牌",
	OfferAuctioned: "已转竞价"}

var offerActionNames = map[OfferAction]string{OfferActAccept: "摘牌", OfferActWithdraw: "撤牌", OfferActExpire: "截止",
	OfferActRegister: "登记受让意向", OfferActUnregister: "撤回受让意向", OfferActAward: "确定受让方", OfferActAuction: "转入竞价",
	OfferActRelist: "降价重新挂牌"}

// OfferMode is how a listing trade finds its buyer.
type OfferMode string

const (
	// OfferFirstAccept: the first verified enterprise to accept (摘牌) wins.
	OfferFirstAccept OfferMode = "first_accept"
	// OfferPeriod: buyers register interest during a listing period (挂牌期);
	// at its end one buyer takes it at the listed price, several bid for it.
	OfferPeriod OfferMode = "period"
)

// NextOfferStatus is the listing trade's workflow in one place.
func NextOfferStatus(from OfferStatus, act OfferAction) (OfferStatus, error) {
	if to, ok := offerMoves[from][act]; ok {
		return to, nil
	}
	return "", ErrBadTransition.Sayf("挂牌状态为「%s」，不能%s", offerStatusNames[from], offerActionNames[act])
}

// offerFor reads offer id for an act of the actor's that changes its status:
// it checks the actor may take act on it now and says where act takes it.
// The offer is not locked: the caller's conditional update (moveFrom)
// decides against a simultaneous act.
func offerFor(tx *gorm.DB, actor Actor, id int64, act OfferAction, now time.Time) (*Offer, OfferStatus, error) {
	o, err := findByID[Offer](tx, id, ErrOfferNotFound)
	if err != nil {
		return nil, "", err
	}
	if err := checkOfferAct(actor, o, act, now); err != nil {
		return nil, "", err
	}
	next, _ := NextOfferStatus(o.Status, act)
	return o, next, nil
}

// checkOfferAct is the one decision of whether the actor may take act on
// the offer at now. A closed offer answers offer_closed, as buyers racing
// for it expect.
func checkOfferAct(a Actor, o *Offer, act OfferAction, now time.Time) error {
	switch act {
	case OfferActAccept:
		if err := a.RequirePower(RoleDemander); err != nil {
			return err
		}
		if o.SellerOrgID == a.OrgID {
			return ErrOwnOffer
		}
		if _, err := NextOfferStatus(o.Status, act); err != nil {
			return ErrOfferClosed
		}
		if o.Mode == OfferPeriod {
			return ErrOfferMode
		}
		return inPeriod(o, now)
	case OfferActRegister, OfferActUnregister:
		if err := a.RequirePower(RoleDemander); err != nil {
			return err
		}
		if o.SellerOrgID == a.OrgID {
			return ErrOwnOffer.Say("不能登记本机构挂牌成果的受让意向")
		}
		if _, err := NextOfferStatus(o.Status, act); err != nil {
			return ErrOfferClosed
		}
		if o.Mode != OfferPeriod {
			return ErrOfferMode.Say("该挂牌项目先到先得，请直接摘牌")
		}
		if err := inPeriod(o, now); err != nil {
			return err
		}
		registered := o.MyRegistration != nil
		if act == OfferActRegister && registered {
			return ErrAlreadyRegistered
		}
		if act == OfferActUnregister && !registered {
			return ErrInterestNotFound.Say("本机构未登记该挂牌项目的受让意向")
		}
	case OfferActWithdraw:
		if err := a.RequirePower(RoleSupplier, RoleAdmin); err != nil {
			return err
		}
		if !a.Acts(RoleAdmin) && o.SellerOrgID != a.OrgID {
			return ErrNotYourOffer
		}
		if _, err := NextOfferStatus(o.Status, act); err != nil {
			return ErrOfferClosed.Say("该挂牌项目已被摘牌或已结束，不能撤牌")
		}
		if o.Mode == OfferPeriod && !now.Before(o.EndsAt) {
			// The registrations at the period's end decide it now.
			return ErrOfferClosed.Say("挂牌期已满，正在按登记情况确定受让方，不能撤牌")
		}
	default: // expiry and the period's end are the scheduler's
		return ErrForbidden
	}
	return nil
}

// inPeriod: the offer is taken (or registered for) only between its start
// and its end.
func inPeriod(o *Offer, now time.Time) error {
	if now.Before(o.StartsAt) {
		return ErrOfferNotStarted
	}
	if !now.Before(o.EndsAt) {
		return ErrOfferClosed.Say("挂牌已截止")
	}
	return nil
}

// withActions fills what the actor may do with the offer at now.
func (o *Offer) withActions(a Actor, now time.Time) *Offer {
	if o != nil {
		o.Actions = permitted(offerUserActions, func(act OfferAction) error { return checkOfferAct(a, o, act, now) })
	}
	return o
}

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
	Mode          OfferMode   `gorm:"size:20;not null" json:"mode"`
	// PeriodDays is the listing period in working days (period mode).
	PeriodDays int   `gorm:"not null" json:"period_days"`
	DepositFen int64 `gorm:"not null" json:"deposit_fen"`
	// RelistPriceFen is the price of a second period when nobody registered
	// in the first, as the seller chose at creation; none once relisted.
	RelistPriceFen *int64     `json:"relist_price_fen"`
	RelistedAt     *time.Time `json:"relisted_at"`
	// AuctionID is the auction among the registered buyers (auctioned).
	AuctionID *int64 `json:"auction_id"`
	// MyRegistration is the caller's organisation's registration of interest, if any.
	MyRegistration *OfferRegistration `gorm:"-" json:"my_registration,omitempty"`
	// Registrations is how many organisations registered: for the seller and admins only.
	Registrations *int64 `gorm:"-" json:"registrations,omitempty"`
	// Actions is what the caller may do with the offer now: accept, register, unregister, withdraw.
	Actions []string `gorm:"-" json:"actions"`
}

type NewOffer struct {
	AchievementID int64     `json:"achievement_id"`
	PriceFen      int64     `json:"price_fen"`
	StartsAt      time.Time `json:"starts_at"`
	// EndsAt ends a first_accept offer; a period offer ends PeriodDays working days after its start.
	EndsAt time.Time `json:"ends_at"`
	// Mode is first_accept (default) or period.
	Mode           OfferMode `json:"mode"`
	PeriodDays     int       `json:"period_days"`
	DepositFen     int64     `json:"deposit_fen"`
	RelistPriceFen *int64    `json:"relist_price_fen"`
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
	if in.StartsAt.IsZero() {
		in.StartsAt = now
	}
	if in.Mode == "" {
		in.Mode = OfferFirstAccept
	}
	if in.Mode == OfferPeriod {
		cal, err := m.Calendar(ctx)
		if err != nil {
			return nil, err
		}
		if in.PeriodDays >= MinPeriodDays && in.PeriodDays <= MaxPeriodDays {
			in.EndsAt = cal.AddWorkingDays(in.StartsAt, in.PeriodDays)
		}
	}
	if f := checkNewOffer(in, now); len(f) > 0 {
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
			EndsAt: in.EndsAt.UTC(), Status: OfferOpen, CreatedBy: actor.UserID, Mode: in.Mode, PeriodDays: in.PeriodDays,
			DepositFen: in.DepositFen, RelistPriceFen: in.RelistPriceFen}
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
	if err != nil {
		return nil, err
	}
	return o.withActions(actor, now), nil
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
		row, next, err := offerFor(tx, actor, id, OfferActAccept, now)
		if err != nil {
			return err
		}
		o = *row
		if err := moveFrom[Offer](tx, o.ID, o.Status, map[string]any{"status": next, "buyer_org_id": actor.OrgID, "updated_at": now.UTC()},
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
		if err := recordSale(tx, d, &Offer{}, o.ID); err != nil {
			return err
		}
		o.Status, o.BuyerOrgID, o.DealID = next, &actor.OrgID, &d.ID
		return Audit(tx, actor, "offer.accept", "offer", o.ID, nil, o)
	})
	if err != nil {
		return nil, nil, err
	}
	return o.withActions(actor, now), d.withActions(actor, now), nil
}

// ListOffers lists listing trades, each with what the actor may do with it now.
func (m *Market) ListOffers(ctx context.Context, actor Actor, status string, p Page) ([]Offer, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&Offer{})
	if status != "" {
		q = q.Where("status = ?", status)
	}
	now := m.now()
	out, total, err := findPage[Offer](q, "id DESC", p)
	if err != nil {
		return nil, 0, err
	}
	if err := offerFacts(db, actor, out); err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].withActions(actor, now)
	}
	return out, total, nil
}

// ExpireOffers ends offers whose period passed: a first_accept offer
// without a taker expires and puts its achievement back on the market; a
// period offer goes to its one qualified buyer, to an auction among several,
// or is relisted or ends (endOffer). Each offer is locked and moved by a
// conditional update, so with several processes each ends once, and an
// acceptance or registration at the last moment wins or loses as a whole.
func (m *Market) ExpireOffers(ctx context.Context, now time.Time) (int, error) {
	db := m.db.WithContext(ctx)
	cal, err := m.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	pending := db.Model(&Offer{}).Where("status = ? AND ends_at <= ?", OfferOpen, now.UTC()).Order("id")
	return sweep(db, pending, "ending offer", func(tx *gorm.DB, id int64) error { return m.endOffer(tx, cal, id, now) })
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
		row, next, err := offerFor(tx, actor, id, OfferActWithdraw, now)
		if err != nil {
			return err
		}
		o = *row
		before := o
		if err := moveFrom[Offer](tx, o.ID, o.Status, map[string]any{"status": next, "updated_at": now.UTC()},
			ErrOfferClosed.Say("该挂牌项目刚被摘牌，不能撤牌")); err != nil {
			return err
		}
		// The achievement may go on sale again, by any channel.
		if err := endSale(tx, SaleOffer, o.ID); err != nil {
			return err
		}
		o.Status, o.UpdatedAt = next, now.UTC()
		if err := tellRegistrants(tx, &o, Notification{Kind: "offer.withdrawn", Link: "/offers",
			Title: fmt.Sprintf("您登记受让意向的挂牌项目《%s》已撤牌", o.Title), Body: "已交纳的保证金将按规定退还。"}); err != nil {
			return err
		}
		return Audit(tx, actor, "offer.withdraw", "offer", o.ID, before, o)
	})
	if err != nil {
		return nil, err
	}
	return o.withActions(actor, now), nil
}
