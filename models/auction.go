package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Auction (竞价拍卖) is a session of one or more lots run by an admin.
type Auction struct {
	ID               int64     `gorm:"primaryKey" json:"id"`
	Title            string    `gorm:"size:200;not null" json:"title"`
	Description      string    `gorm:"type:text;not null" json:"description"`
	StartsAt         time.Time `gorm:"not null" json:"starts_at"`
	EndsAt           time.Time `gorm:"not null" json:"ends_at"`
	AntiSnipeMinutes int       `gorm:"not null" json:"anti_snipe_minutes"`
	DepositFen       int64     `gorm:"not null" json:"deposit_fen"`
	CreatedBy        int64     `gorm:"not null" json:"-"`
	CreatedAt        time.Time `json:"created_at"`
	// The announcement (拍卖公告): when it was published, the viewing period
	// (展示期) and the bidder-registration window (报名期), both inside
	// announcement → start. Auctions from before announcements have none.
	AnnouncedAt          *time.Time `json:"announced_at"`
	ViewingStartsAt      *time.Time `json:"viewing_starts_at"`
	ViewingEndsAt        *time.Time `json:"viewing_ends_at"`
	RegistrationStartsAt *time.Time `json:"registration_starts_at"`
	RegistrationEndsAt   *time.Time `json:"registration_ends_at"`
	// OfferID is the listing period (挂牌期) the auction came from: only the
	// buyers registered in it bid, admitted when it opened; nobody applies.
	OfferID *int64 `json:"offer_id"`
	Lots    []Lot  `gorm:"-" json:"lots,omitempty"`
	// Phase is where the auction stands now, from its start and its lots.
	Phase AuctionPhase `gorm:"-" json:"phase"`
	// Actions is what the caller may do with the auction now: apply.
	Actions []string `gorm:"-" json:"actions"`
}

type LotStatus string

const (
	LotOpen   LotStatus = "open"
	LotSold   LotStatus = "sold"
	LotUnsold LotStatus = "unsold"
)

// Lot is one achievement under the hammer. ReservePrice stays on the server.
type Lot struct {
	ID              int64     `gorm:"primaryKey" json:"id"`
	AuctionID       int64     `gorm:"not null;index" json:"auction_id"`
	AchievementID   int64     `gorm:"not null;index" json:"achievement_id"`
	SellerOrgID     int64     `gorm:"not null" json:"seller_org_id"`
	Title           string    `gorm:"size:200;not null" json:"title"`
	StartPriceFen   int64     `gorm:"not null" json:"start_price_fen"`
	IncrementFen    int64     `gorm:"not null" json:"increment_fen"`
	ReserveFen      int64     `gorm:"not null" json:"-"`
	EndsAt          time.Time `gorm:"not null" json:"ends_at"`
	CurrentPriceFen int64     `gorm:"not null" json:"current_price_fen"`
	LeaderOrgID     *int64    `json:"leader_org_id"`
	BidCount        int       `gorm:"not null" json:"bid_count"`
	Status          LotStatus `gorm:"size:20;not null;index" json:"status"`
	DealID          *int64    `json:"deal_id"`
	UpdatedAt       time.Time `json:"updated_at"`
	LotAnnouncement
	StartsAt time.Time `gorm:"-" json:"starts_at"`
	// Actions is what the caller may do with the lot now: bid, runner_up.
	Actions []string `gorm:"-" json:"actions"`
}

// Bid is an accepted bid; refused bids are never stored.
type Bid struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	LotID     int64     `gorm:"not null;index" json:"lot_id"`
	OrgID     int64     `gorm:"not null" json:"org_id"`
	UserID    int64     `gorm:"not null" json:"-"`
	AmountFen int64     `gorm:"not null" json:"amount_fen"`
	ClientKey string    `gorm:"size:64;not null" json:"client_key,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

type AdmissionStatus string

const (
	AdmissionApplied   AdmissionStatus = "applied"
	AdmissionAdmitted  AdmissionStatus = "admitted"
	AdmissionReleased  AdmissionStatus = "released"  // deposit returned after the auction
	AdmissionForfeited AdmissionStatus = "forfeited" // winner who did not sign
)

// Admission is an organisation's application to bid, admitted once an admin
// has confirmed its deposit (保证金).
type Admission struct {
	ID          int64           `gorm:"primaryKey" json:"id"`
	AuctionID   int64           `gorm:"not null;uniqueIndex:idx_admission" json:"auction_id"`
	OrgID       int64           `gorm:"not null;uniqueIndex:idx_admission" json:"org_id"`
	UserID      int64           `gorm:"not null" json:"user_id"`
	Status      AdmissionStatus `gorm:"size:20;not null" json:"status"`
	ConfirmedBy *int64          `json:"-"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	// Actions is what the caller may do with the application now: admit.
	Actions []string `gorm:"-" json:"actions"`
}

// BidRule is the auction's bidding rule as a plain function: it says why a
// bid of amount is refused at now, or nil.
func BidRule(l *Lot, auctionStart, now time.Time, bidderOrg, amount int64) *Error {
	bad := map[string]string{}
	// The lowest raise, computed without overflow: a lot whose current price
	// came close to int64 (stored before amounts were bounded) takes no raise.
	next, _ := addFen(l.CurrentPriceFen, l.IncrementFen)
	switch {
	case l.Status != LotOpen:
		return ErrLotClosed
	case now.Before(auctionStart):
		return ErrNotStarted
	case !now.Before(l.EndsAt):
		return ErrLotClosed
	case !checkFen(bad, "amount_fen", amount, false, "出价"):
		return Invalid(bad)
	case l.LeaderOrgID != nil && *l.LeaderOrgID == bidderOrg:
		return ErrAlreadyLeading
	case l.BidCount == 0 && amount < l.StartPriceFen:
		return ErrBelowStart.Sayf("首次出价不能低于起拍价 %s", yuan(l.StartPriceFen))
	case l.BidCount == 0 && (amount-l.StartPriceFen)%l.IncrementFen != 0:
		return ErrBadIncrement.Sayf("出价须为起拍价加整数倍加价幅度（%s）", yuan(l.IncrementFen))
	case l.BidCount > 0 && amount < next:
		return ErrTooLow.Sayf("出价至少为当前价加一个加价幅度：%s", yuan(next))
	case l.BidCount > 0 && (amount-l.CurrentPriceFen)%l.IncrementFen != 0:
		return ErrBadIncrement.Sayf("加价须为加价幅度（%s）的整数倍", yuan(l.IncrementFen))
	}
	return nil
}

// ExtendForSniping is the anti-sniping rule: a bid in the last window moves
// the end to a full window after the bid.
func ExtendForSniping(end, bidAt time.Time, window time.Duration) time.Time {
	if window > 0 && end.Sub(bidAt) < window {
		return bidAt.Add(window)
	}
	return end
}

func yuan(fen int64) string {
	if fen%100 == 0 {
		return fmt.Sprintf("%d 元", fen/100)
	}
	return fmt.Sprintf("%d.%02d 元", fen/100, fen%100)
}

// NewAuction is what an admin fills in.
type NewAuction struct {
	Title            string    `json:"title"`
	Description      string    `json:"description"`
	StartsAt         time.Time `json:"starts_at"`
	EndsAt           time.Time `json:"ends_at"`
	AntiSnipeMinutes *int      `json:"anti_snipe_minutes"`
	DepositFen       int64     `json:"deposit_fen"`
	// The viewing period and the registration window; left out, each runs
	// from the announcement (now) to the start.
	ViewingStartsAt      *time.Time `json:"viewing_starts_at"`
	ViewingEndsAt        *time.Time `json:"viewing_ends_at"`
	RegistrationStartsAt *time.Time `json:"registration_starts_at"`
	RegistrationEndsAt   *time.Time `json:"registration_ends_at"`
	Lots                 []NewLot   `json:"lots"`
}

type NewLot struct {
	AchievementID int64 `json:"achievement_id"`
	StartPriceFen int64 `json:"start_price_fen"`
	IncrementFen  int64 `json:"increment_fen"`
	ReserveFen    int64 `json:"reserve_fen"`
	// What the announcement says of the lot (see LotAnnouncement). Patent
	// numbers left out are the achievement's, when it is a patent.
	PatentNumbers *StringList `json:"patent_numbers"`
	Inventors     StringList  `json:"inventors"`
	LegalStatus   string      `json:"legal_status"`
	PatentHolder  string      `json:"patent_holder"`
	TransferMode  string      `json:"transfer_mode"`
	PricingBasis  string      `json:"pricing_basis"`
	ValuationRef  string      `json:"valuation_ref"`
}

// CreateAuction puts published achievements up for auction.
func (m *Market) CreateAuction(ctx context.Context, actor Actor, in NewAuction) (*Auction, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	f := map[string]string{}
	checkName(f, "title", in.Title, 4, 200, "标题")
	checkLen(f, "description", in.Description, 0, 5000, "说明")
	window := 5
	if in.AntiSnipeMinutes != nil {
		window = *in.AntiSnipeMinutes
	}
	switch {
	case in.StartsAt.IsZero() || in.EndsAt.IsZero():
		f["starts_at"] = "请填写开始和结束时间"
	case !in.EndsAt.After(in.StartsAt):
		f["ends_at"] = "结束时间必须晚于开始时间"
	case in.EndsAt.Before(now):
		f["ends_at"] = "结束时间已过"
	}
	if window < 0 || window > 60 {
		f["anti_snipe_minutes"] = "延时窗口为 0–60 分钟"
	}
	checkFen(f, "deposit_fen", in.DepositFen, true, "保证金")
	for k, v := range AnnouncementRule(&in, now, m.Rules.AuctionNoticeDays) {
		f[k] = v
	}
	if len(in.Lots) == 0 || len(in.Lots) > 50 {
		f["lots"] = "每场拍卖包含 1–50 个拍品"
	}
	for i, l := range in.Lots {
		key := fmt.Sprintf("lots[%d]", i)
		startOK := checkFen(f, key+".start_price_fen", l.StartPriceFen, false, "起拍价")
		if checkFen(f, key+".increment_fen", l.IncrementFen, false, "加价幅度") && startOK && l.IncrementFen > l.StartPriceFen {
			f[key+".increment_fen"] = "加价幅度不能高于起拍价"
		}
		checkFen(f, key+".reserve_fen", l.ReserveFen, true, "保留价")
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	a := &Auction{Title: in.Title, Description: in.Description, StartsAt: in.StartsAt.UTC(), EndsAt: in.EndsAt.UTC(),
		AntiSnipeMinutes: window, DepositFen: in.DepositFen, CreatedBy: actor.UserID, AnnouncedAt: ptr(now.UTC()),
		ViewingStartsAt: in.ViewingStartsAt, ViewingEndsAt: in.ViewingEndsAt,
		RegistrationStartsAt: in.RegistrationStartsAt, RegistrationEndsAt: in.RegistrationEndsAt}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		for i, nl := range in.Lots {
			key := fmt.Sprintf("lots[%d]", i)
			var ach Achievement
			if err := tx.First(&ach, nl.AchievementID).Error; err != nil || ach.Status != StatusPublished {
				return Invalid(map[string]string{key + ".achievement_id": "成果不存在或未发布"})
			}
			var seller Organization
			if err := tx.Select("id", "name").First(&seller, ach.OrgID).Error; err != nil {
				return err
			}
			lf := map[string]string{}
			la := checkLotAnnouncement(lf, key, nl, &ach, seller.Name)
			if len(lf) > 0 {
				return Invalid(lf)
			}
			l := Lot{AuctionID: a.ID, AchievementID: ach.ID, SellerOrgID: ach.OrgID, Title: ach.Title,
				StartPriceFen: nl.StartPriceFen, IncrementFen: nl.IncrementFen, ReserveFen: nl.ReserveFen,
				EndsAt: a.EndsAt, Status: LotOpen, LotAnnouncement: la}
			if err := tx.Create(&l).Error; err != nil {
				return err
			}
			// The database keeps the achievement in one sale: a lot of an
			// achievement on offer, under notice or in another lot fails here.
			if err := openSale(tx, ach.ID, SaleLot, l.ID); err != nil {
				if e, ok := AsError(err); ok {
					e.Fields = map[string]string{fmt.Sprintf("lots[%d].achievement_id", i): e.Message}
				}
				return err
			}
			a.Lots = append(a.Lots, l)
		}
		if err := emit(tx, "auction.created", "auction", a.ID, map[string]any{"title": a.Title}); err != nil {
			return err
		}
		return Audit(tx, actor, "auction.create", "auction", a.ID, nil, a)
	})
	if err != nil {
		return nil, err
	}
	for i := range a.Lots {
		a.Lots[i].StartsAt = a.StartsAt
		a.Lots[i].withActions(actor, lotFacts{AuctionStartsAt: a.StartsAt, Now: now})
	}
	return a.withActions(actor, len(a.Lots), false, now), nil
}

// GetAuction loads an auction with its lots, each with what the actor may
// do now; reserves never leave the server.
func (m *Market) GetAuction(ctx context.Context, actor Actor, id int64) (*Auction, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	a, err := findByID[Auction](db, id, ErrAuctionNotFound)
	if err != nil {
		return nil, err
	}
	a.Lots = []Lot{}
	if err := db.Where("auction_id = ?", a.ID).Order("id").Find(&a.Lots).Error; err != nil {
		return nil, err
	}
	if err := announceAttachments(db, a.Lots); err != nil {
		return nil, err
	}
	own, err := admissionsOf(db, actor, []int64{a.ID})
	if err != nil {
		return nil, err
	}
	open := 0
	for i := range a.Lots {
		l := &a.Lots[i]
		l.StartsAt = a.StartsAt
		if l.Status == LotOpen {
			open++
		}
		f := lotFacts{AuctionStartsAt: a.StartsAt, Admission: own[a.ID], Now: now}
		// Only a market admin offers a lot to the runner-up: the facts of
		// that are read for admins only.
		if actor.Acts(RoleAdmin) && l.DealID != nil {
			if f.DealStatus, f.RunnerUp, err = runnerUpFacts(db, l); err != nil {
				return nil, err
			}
		}
		l.withActions(actor, f)
	}
	return a.withActions(actor, open, own[a.ID] != "", now), nil
}

// admissionsOf is the status of the actor's organisation's application to
// each of the auctions, by auction id (none for the public and admins).
func admissionsOf(db *gorm.DB, actor Actor, auctionIDs []int64) (map[int64]AdmissionStatus, error) {
	out := map[int64]AdmissionStatus{}
	if !actor.Active() || len(auctionIDs) == 0 {
		return out, nil
	}
	var rows []Admission
	if err := db.Select("auction_id", "status").Where("org_id = ? AND auction_id IN ?", actor.OrgID, auctionIDs).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.AuctionID] = r.Status
	}
	return out, nil
}

// runnerUpFacts are the status of the lot's deal and, once its buyer
// forfeited, the best bid of an organisation that has not forfeited.
func runnerUpFacts(tx *gorm.DB, lot *Lot) (DealStatus, *Bid, error) {
	if lot.DealID == nil {
		return "", nil, nil
	}
	var d Deal
	if err := tx.Select("id", "status").First(&d, *lot.DealID).Error; err != nil {
		return "", nil, err
	}
	if d.Status != DealForfeited {
		return d.Status, nil, nil
	}
	var forfeited []int64
	if err := tx.Model(&Admission{}).Where("auction_id = ? AND status = ?", lot.AuctionID, AdmissionForfeited).Pluck("org_id", &forfeited).Error; err != nil {
		return "", nil, err
	}
	var runner []Bid
	if err := tx.Where("lot_id = ? AND org_id NOT IN ?", lot.ID, append(forfeited, 0)).Order("amount_fen DESC").Limit(1).Find(&runner).Error; err != nil {
		return "", nil, err
	}
	if len(runner) == 0 {
		return d.Status, nil, nil
	}
	return d.Status, &runner[0], nil
}

// ListAuctions lists auctions by phase: upcoming, live or ended at now, each
// with its phase and what the actor may do with it.
func (m *Market) ListAuctions(ctx context.Context, actor Actor, phase string, p Page) ([]Auction, int64, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	q := db.Model(&Auction{})
	switch AuctionPhase(phase) {
	case AuctionUpcoming:
		q = q.Where("starts_at > ?", now.UTC())
	case AuctionLive:
		q = q.Where("starts_at <= ? AND EXISTS (SELECT 1 FROM lots WHERE lots.auction_id = auctions.id AND lots.status = ?)", now.UTC(), LotOpen)
	case AuctionEnded:
		q = q.Where("NOT EXISTS (SELECT 1 FROM lots WHERE lots.auction_id = auctions.id AND lots.status = ?)", LotOpen)
	case "":
	default:
		return nil, 0, Invalid(map[string]string{"phase": "阶段只能是 upcoming、live 或 ended"})
	}
	out, total, err := findPage[Auction](q, "starts_at DESC", p)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	var counts []struct {
		AuctionID int64
		Open      int
	}
	if len(ids) > 0 {
		if err := db.Model(&Lot{}).Select("auction_id, COUNT(*) AS open").Where("auction_id IN ? AND status = ?", ids, LotOpen).
			Group("auction_id").Scan(&counts).Error; err != nil {
			return nil, 0, err
		}
	}
	open := map[int64]int{}
	for _, c := range counts {
		open[c.AuctionID] = c.Open
	}
	own, err := admissionsOf(db, actor, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].withActions(actor, open[out[i].ID], own[out[i].ID] != "", now)
	}
	return out, total, nil
}

// ApplyToBid records an organisation's application; an admin admits it once
// the deposit has arrived. Applying again answers the application already
// made.
func (m *Market) ApplyToBid(ctx context.Context, actor Actor, auctionID int64) (*Admission, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleDemander); err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	au, err := findByID[Auction](db, auctionID, ErrAuctionNotFound)
	if err != nil {
		return nil, err
	}
	ad := &Admission{}
	if err := db.Where("auction_id = ? AND org_id = ?", auctionID, actor.OrgID).Limit(1).Find(ad).Error; err != nil {
		return nil, err
	}
	if ad.ID != 0 {
		return ad.withActions(actor), nil
	}
	var open int64
	if err := db.Model(&Lot{}).Where("auction_id = ? AND status = ?", auctionID, LotOpen).Count(&open).Error; err != nil {
		return nil, err
	}
	if err := checkAuctionAct(actor, au, PhaseOf(au.StartsAt, int(open), now), false, AuctionApply, now); err != nil {
		return nil, err
	}
	ad = &Admission{AuctionID: auctionID, OrgID: actor.OrgID, UserID: actor.UserID, Status: AdmissionApplied}
	err = db.Transaction(func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(ad)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error // applied at the same moment: the same application
		}
		// The admin's list of applications on the auction page updates live.
		return emit(tx, "auction.applied", "auction", auctionID, AdmissionEvent{AdmissionID: ad.ID, Status: ad.Status})
	})
	if err != nil {
		return nil, err
	}
	if err := db.Where("auction_id = ? AND org_id = ?", auctionID, actor.OrgID).First(ad).Error; err != nil {
		return nil, err
	}
	return ad.withActions(actor), nil
}

// AdmitBidder is the admin's confirmation that the deposit was received.
func (m *Market) AdmitBidder(ctx context.Context, actor Actor, admissionID int64) (*Admission, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	var ad Admission
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&ad, admissionID).Error; err != nil {
			return ErrAdmissionNotFound
		}
		if err := checkAdmissionAct(actor, &ad, AdmissionAdmit); err != nil {
			return err
		}
		next, _ := NextAdmissionStatus(ad.Status, AdmissionAdmit)
		before := ad
		// Admins clicking at once, on one process or several: the conditional
		// update admits once, and only that one notifies, emits and audits.
		now := m.now().UTC()
		if err := moveFrom[Admission](tx, ad.ID, ad.Status, map[string]any{"status": next, "confirmed_by": actor.UserID, "updated_at": now},
			ErrBadTransition.Say("该申请已处理")); err != nil {
			return err
		}
		ad.Status, ad.ConfirmedBy, ad.UpdatedAt = next, &actor.UserID, now
		if err := notify(tx, Notification{UserID: ad.UserID, Kind: "auction.admitted", Title: "保证金已确认，您可以参加竞价", Link: fmt.Sprintf("/auctions/%d", ad.AuctionID)}); err != nil {
			return err
		}
		// Watchers of the auction hear of it at once: the admitted bidder's page
		// opens its bid box, the admin's list of applications updates. Which
		// organisation was admitted stays private; a page asks for its own.
		if err := emit(tx, "auction.admitted", "auction", ad.AuctionID, AdmissionEvent{AdmissionID: ad.ID, Status: ad.Status}); err != nil {
			return err
		}
		return Audit(tx, actor, "auction.admit", "admission", ad.ID, before, ad)
	})
	if err != nil {
		return nil, err
	}
	return ad.withActions(actor), nil
}

// ListAdmissions: admins see every application of an auction, others their own.
func (m *Market) ListAdmissions(ctx context.Context, actor Actor, auctionID int64) ([]Admission, error) {
	db := m.db.WithContext(ctx)
	q := db.Where("auction_id = ?", auctionID)
	if !actor.Acts(RoleAdmin) {
		q = q.Where("org_id = ?", actor.OrgID)
	}
	out := []Admission{}
	if err := q.Order("id").Find(&out).Error; err != nil {
		return nil, err
	}
	for i := range out {
		out[i].withActions(actor)
	}
	return out, nil
}

// PlaceBid judges the bid by the bidding rule on the lot as last read and
// then claims the lot with one conditional update that succeeds only while
// no other bid has landed since that read. A bid that loses the race waits
// for the winner's commit inside that one statement, holds no lock after it,
// and is judged again on the lot as it now is. A retried bid with the same
// client key returns the bid already accepted.
func (m *Market) PlaceBid(ctx context.Context, actor Actor, lotID, amount int64, clientKey string) (*Bid, *Lot, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleDemander); err != nil {
		return nil, nil, err
	}
	clientKey = strings.TrimSpace(clientKey)
	if clientKey == "" || len(clientKey) > 64 {
		return nil, nil, Invalid(map[string]string{"client_key": "缺少或过长的出价编号 client_key（用于防止重复提交）"})
	}
	for {
		s, err := readBidding(db, lotID, actor.OrgID, clientKey)
		if err != nil {
			return nil, nil, err
		}
		if s.PriorBidID != nil {
			var prior Bid
			s.Lot.StartsAt = s.AuctionStartsAt
			return &prior, s.Lot.withActions(actor, s.facts(now)), db.First(&prior, *s.PriorBidID).Error
		}
		if err := checkLotAct(actor, &s.Lot, LotBid, s.facts(now)); err != nil {
			return nil, nil, err
		}
		m.bidsAtDesks.Add(1)
		bid, err := m.deskOf(lotID).judgeAndClaim(db, actor, s, amount, clientKey, m.now)
		m.bidsAtDesks.Add(-1)
		if isUniqueViolation(err) || errors.Is(err, errLotMoved) {
			// The same retried bid got in first, or a bid through another
			// process did: read again.
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		s.Lot.StartsAt = s.AuctionStartsAt
		return bid, s.Lot.withActions(actor, s.facts(now)), nil
	}
}

// lotDesk serialises this process's bids on one lot and remembers the lot as
// its last accepted bid left it. Bids that arrive together all read the same
// price; the first claims the lot and the rest, queued here, are judged on the
// remembered state without touching the database again, instead of each
// queueing for the row lock. Other processes' bids are caught by the
// conditional update in claimLot.
type lotDesk struct {
	mu  sync.Mutex
	lot Lot
}

// deskOf is the market's desk of a lot. The market keeps one per lot, a few
// words each, for its life; a market over another database (as each test
// has) keeps its own.
// BidsAtDesks is how many bids are at this process's lot desks now: being
// judged or queued behind another bid on the same lot (the bid queue depth).
func (m *Market) BidsAtDesks() int64 { return m.bidsAtDesks.Load() }

func (m *Market) deskOf(lotID int64) *lotDesk {
	d, _ := m.desks.LoadOrStore(lotID, &lotDesk{})
	return d.(*lotDesk)
}

// judgeAndClaim judges the bid and claims the lot at one instant, read from
// clock at the desk: a bid that queued here behind others is judged, and
// its time recorded, as of when its turn came, not when it arrived (a bid
// stamped on arrival could read earlier than the bid it beat).
func (d *lotDesk) judgeAndClaim(db *gorm.DB, actor Actor, s *bidding, amount int64, clientKey string, clock func() time.Time) (*Bid, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	newer := d.lot.BidCount > s.BidCount
	if newer {
		s.Lot = d.lot
	}
	at := claimTime(clock(), s.Lot)
	if e := BidRule(&s.Lot, s.AuctionStartsAt, at, actor.OrgID, amount); e != nil {
		if newer && e.Code == "already_leading" {
			// Maybe this very bid, retried, got in first: the reread says.
			return nil, errLotMoved
		}
		return nil, e
	}
	bid, err := claimLot(db, actor, &s.Lot, time.Duration(s.AntiSnipeMinutes)*time.Minute, amount, clientKey, at)
	if err == nil {
		d.lot = s.Lot
	}
	return bid, err
}

// bidding is what a bid is judged on, read in one query: the lot, its
// auction's start and anti-sniping window, the bidder's admission, and the
// bid already accepted under the bidder's client key, if any.
type bidding struct {
	Lot
	AuctionStartsAt  time.Time
	AntiSnipeMinutes int
	Admission        AdmissionStatus
	PriorBidID       *int64
}

// facts are what a bid on the lot depends on beyond the lot.
func (s *bidding) facts(now time.Time) lotFacts {
	return lotFacts{AuctionStartsAt: s.AuctionStartsAt, Admission: s.Admission, Now: now}
}

func readBidding(db *gorm.DB, lotID, orgID int64, clientKey string) (*bidding, error) {
	var rows []bidding
	err := db.Table("lots").
		Select(`lots.*, auctions.starts_at AS auction_starts_at, auctions.anti_snipe_minutes, COALESCE(admissions.status, '') AS admission,
			(SELECT bids.id FROM bids WHERE bids.lot_id = lots.id AND bids.org_id = ? AND bids.client_key = ?) AS prior_bid_id`, orgID, clientKey).
		Joins("JOIN auctions ON auctions.id = lots.auction_id").
		Joins("LEFT JOIN admissions ON admissions.auction_id = lots.auction_id AND admissions.org_id = ?", orgID).
		Where("lots.id = ?", lotID).Find(&rows).Error
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrLotNotFound
	}
	return &rows[0], nil
}

var errLotMoved = errors.New("another bid landed on the lot since it was read")

// claimTime is when a bid on the lot as read is recorded: now, but never
// before the lot's last bid, whose time an open lot carries in updated_at
// (claimLot is the only write to an open lot). The claim succeeds only on
// the lot as read, so the bid it beats is that last one; a process whose
// clock runs a little behind another's, or a wall clock stepped back, then
// records the bid at the time of the one it beat rather than before it, and
// the record reads in order by time as it does by amount.
func claimTime(now time.Time, lot Lot) time.Time {
	if lot.BidCount > 0 && now.Before(lot.UpdatedAt) {
		return lot.UpdatedAt
	}
	return now
}

// claimLot records an accepted bid on the lot as read, at the time at, or
// answers errLotMoved when another bid got there first. lot is updated to
// match.
func claimLot(db *gorm.DB, actor Actor, lot *Lot, antiSnipe time.Duration, amount int64, clientKey string, at time.Time) (*Bid, error) {
	at = at.UTC()
	newEnd := ExtendForSniping(lot.EndsAt, at, antiSnipe).UTC()
	bid := &Bid{LotID: lot.ID, OrgID: actor.OrgID, UserID: actor.UserID, AmountFen: amount, ClientKey: clientKey, CreatedAt: at}
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Lot{}).Where("id = ? AND bid_count = ? AND status = ?", lot.ID, lot.BidCount, LotOpen).Updates(map[string]any{
			"current_price_fen": amount, "leader_org_id": actor.OrgID, "bid_count": lot.BidCount + 1,
			"ends_at": newEnd, "updated_at": at})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errLotMoved
		}
		if err := tx.Create(bid).Error; err != nil {
			return err
		}
		return emit(tx, "auction.bid", "auction", lot.AuctionID, BidEvent{LotID: lot.ID, AmountFen: amount, BidID: bid.ID,
			BidderOrgID: actor.OrgID, CreatedAt: bid.CreatedAt, EndsAt: newEnd, Extended: !newEnd.Equal(lot.EndsAt), BidCount: lot.BidCount + 1})
	})
	if err != nil {
		return nil, err
	}
	lot.CurrentPriceFen, lot.LeaderOrgID, lot.BidCount, lot.EndsAt, lot.UpdatedAt = amount, &actor.OrgID, lot.BidCount+1, newEnd, at
	return bid, nil
}

// LotBids is a page of a lot's bid record (出价记录), highest first, and how
// many bids the lot took. Every accepted bid is kept and every one can be
// read: a lot's record is as long as its bidding was. Each bid beats the one
// before it, so highest first is also newest first; the id breaks no tie but
// keeps the order total for the database.
func (m *Market) LotBids(ctx context.Context, lotID int64, p Page) ([]Bid, int64, error) {
	db := m.db.WithContext(ctx)
	if _, err := findByID[Lot](db.Select("id"), lotID, ErrLotNotFound); err != nil {
		return nil, 0, err
	}
	q := db.Model(&Bid{}).Select("id", "lot_id", "org_id", "amount_fen", "created_at").Where("lot_id = ?", lotID)
	return findPage[Bid](q, "amount_fen DESC, id DESC", p)
}

// CloseDueLots hammers every open lot whose end has passed: the highest bid at
// or over the reserve wins and becomes a deal, otherwise the lot is unsold
// and its achievement free for another sale. Losing deposits are released
// once no lot of the auction is open. Each lot is closed by a conditional
// update on the lot as judged (still open, no bid since), so with several
// processes exactly one closes it; lots missed while every process was down
// are closed on the next run.
func (m *Market) CloseDueLots(ctx context.Context, now time.Time) (int, error) {
	db := m.db.WithContext(ctx)
	cal, err := m.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	pending := db.Model(&Lot{}).Where("status = ? AND ends_at <= ?", LotOpen, now.UTC()).Order("id")
	return sweep(db, pending, "closing lot", func(tx *gorm.DB, id int64) error {
		var lot Lot
		q := forUpdate(tx)
		if err := q.First(&lot, id).Error; err != nil {
			return err
		}
		if lot.Status != LotOpen || lot.EndsAt.After(now) {
			return ErrGone // another process closed it, or a late bid extended it
		}
		hammer := LotPass
		if lot.BidCount > 0 && lot.CurrentPriceFen >= lot.ReserveFen {
			hammer = LotSell
		}
		if hammer == LotSell {
			// Only a lot that holds its achievement's sale may sell it (a
			// lot from before the claim existed may not).
			held, err := dealSale(tx, SaleLot, lot.ID, now)
			if err != nil {
				return err
			}
			if !held {
				hammer = LotPass
			}
		}
		status, err := NextLotStatus(lot.Status, hammer)
		if err != nil {
			return err
		}
		if err := moved(tx.Model(&Lot{}).Where("id = ? AND status = ? AND bid_count = ?", lot.ID, LotOpen, lot.BidCount).
			Updates(map[string]any{"status": status, "updated_at": now.UTC()}), ErrGone); err != nil {
			return err
		}
		var signBy time.Time
		if status == LotSold {
			signBy = cal.AddWorkingDays(now, SigningWorkingDays)
			d := &Deal{AchievementID: &lot.AchievementID, SellerOrgID: lot.SellerOrgID, BuyerOrgID: *lot.LeaderOrgID,
				Mode: DealAuction, PriceFen: lot.CurrentPriceFen, Status: DealAwaitingSignature, SignBy: &signBy}
			if err := recordSale(tx, d, &Lot{}, lot.ID); err != nil {
				return err
			}
		} else if err := endSale(tx, SaleLot, lot.ID); err != nil {
			return err
		}
		if err := emit(tx, "auction.closed", "auction", lot.AuctionID, ClosedEvent{LotID: lot.ID, Status: status, PriceFen: lot.CurrentPriceFen}); err != nil {
			return err
		}
		if err := notifyLotClosed(tx, &lot, status, signBy); err != nil {
			return err
		}
		return releaseDeposits(tx, lot.AuctionID)
	})
}

// notifyLotClosed tells the parties how a lot closed, in the transaction
// that closed it, so each is told once whichever process hammered it. A
// sold lot: the winner (the user who placed the winning bid and the
// 机构管理员 of its organisation), who must confirm by signBy or forfeit the
// deposit, and the seller (whoever published the achievement and the
// 机构管理员 of its organisation). An unsold lot: the seller, told why, as
// its achievement is free for another sale; bidders who did not win follow
// the auction page, as before.
func notifyLotClosed(tx *gorm.DB, lot *Lot, status LotStatus, signBy time.Time) error {
	var ach Achievement
	if err := tx.Select("id", "created_by").First(&ach, lot.AchievementID).Error; err != nil {
		return err
	}
	seller := Notification{Kind: "auction.unsold", Link: fmt.Sprintf("/auctions/%d", lot.AuctionID),
		Title: fmt.Sprintf("您的成果《%s》流拍", lot.Title)}
	switch {
	case status == LotSold:
		var win Bid
		if err := tx.Select("user_id").Where("lot_id = ?", lot.ID).Order("amount_fen DESC, id DESC").First(&win).Error; err != nil {
			return err
		}
		due := signBy.In(shanghai).Format("2006年1月2日 15:04")
		won := Notification{Kind: "auction.won", Link: "/my/deals",
			Title: fmt.Sprintf("您以 %s 竞得拍品《%s》", yuan(lot.CurrentPriceFen), lot.Title),
			Body:  fmt.Sprintf("请于 %s 前（%d 个工作日内）在“我的成交”中确认成交；逾期未确认的，保证金不予退还，拍品可转给次高出价者。", due, SigningWorkingDays)}
		if err := tell(tx, won, []int64{win.UserID}, *lot.LeaderOrgID); err != nil {
			return err
		}
		seller.Kind, seller.Link = "auction.sold", "/my/deals"
		seller.Title = fmt.Sprintf("您的成果《%s》已拍出，成交价 %s", lot.Title, yuan(lot.CurrentPriceFen))
		seller.Body = fmt.Sprintf("买受人须于 %s 前确认成交，之后双方在“我的成交”中起草技术合同。", due)
	case lot.BidCount == 0:
		seller.Body = "竞价期间无人出价。成果已可重新挂牌或参加其他拍卖。"
	case lot.CurrentPriceFen < lot.ReserveFen:
		seller.Body = fmt.Sprintf("最高出价 %s未达保留价。成果已可重新挂牌或参加其他拍卖。", yuan(lot.CurrentPriceFen))
	default:
		seller.Body = "拍品未成交。"
	}
	return tell(tx, seller, []int64{ach.CreatedBy}, lot.SellerOrgID)
}

// releaseDeposits returns the deposits of admitted bidders who won nothing,
// once every lot of the auction is closed.
func releaseDeposits(tx *gorm.DB, auctionID int64) error {
	var open int64
	if err := tx.Model(&Lot{}).Where("auction_id = ? AND status = ?", auctionID, LotOpen).Count(&open).Error; err != nil || open > 0 {
		return err
	}
	winners := tx.Model(&Lot{}).Select("leader_org_id").Where("auction_id = ? AND status = ?", auctionID, LotSold)
	released, _ := NextAdmissionStatus(AdmissionAdmitted, AdmissionRelease)
	return tx.Model(&Admission{}).Where("auction_id = ? AND status = ? AND org_id NOT IN (?)", auctionID, AdmissionAdmitted, winners).
		Update("status", released).Error
}

// recordSale creates deal d of an achievement's sale by an auction or a
// listing trade, names it on the lot or offer sold (model, with the id) and
// closes the achievement as dealt.
func recordSale(tx *gorm.DB, d *Deal, model any, id int64) error {
	if err := tx.Create(d).Error; err != nil {
		return err
	}
	if err := tx.Model(model).Where("id = ?", id).Update("deal_id", d.ID).Error; err != nil {
		return err
	}
	return closeAchievementDealt(tx, *d.AchievementID)
}

// closeAchievementDealt closes a listing that was sold by an auction or a listing trade.
func closeAchievementDealt(tx *gorm.DB, id int64) error {
	var a Achievement
	if err := tx.First(&a, id).Error; err != nil {
		return err
	}
	if a.Status != StatusPublished {
		return nil
	}
	a.Status, a.CloseReason = StatusClosed, ClosedDealt
	if err := tx.Model(&a).Select("status", "close_reason", "updated_at").Updates(&a).Error; err != nil {
		return err
	}
	return emitListing(tx, &a)
}
