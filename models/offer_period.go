package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Listing periods (挂牌期), as 中国技术交易所 and 浙江拍 run them: an offer
// in period mode runs PeriodDays working days, during which verified
// enterprises register interest (意向受让登记), paying the deposit the
// seller asked for, if any (an admin confirms it, as for auctions). At the
// end the scheduler decides by PeriodOutcomeOf: one qualified buyer takes it
// at the listed price, several bid for it in an auction among exactly them,
// none ends it or relists it once at the lower price chosen in advance.
//
// A registration and the period's end both lock the offer row first, so a
// registration either lands before the end counts it or is refused after.

// The bounds of a listing period, in working days.
const (
	MinPeriodDays = 1
	MaxPeriodDays = 60
)

// checkNewOffer is what a listing trade must satisfy to be created; a
// period offer's end has been computed from its days already.
func checkNewOffer(in NewOffer, now time.Time) map[string]string {
	f := map[string]string{}
	priceOK := checkFen(f, "price_fen", in.PriceFen, false, "挂牌价")
	switch in.Mode {
	case OfferFirstAccept:
		if in.PeriodDays != 0 || in.DepositFen != 0 || in.RelistPriceFen != nil {
			f["mode"] = "先到先得的挂牌没有挂牌期、保证金和降价重新挂牌"
		}
	case OfferPeriod:
		if in.PeriodDays < MinPeriodDays || in.PeriodDays > MaxPeriodDays {
			f["period_days"] = fmt.Sprintf("挂牌期为 %d–%d 个工作日", MinPeriodDays, MaxPeriodDays)
		}
		if checkFen(f, "deposit_fen", in.DepositFen, true, "保证金") && priceOK && in.DepositFen > in.PriceFen {
			f["deposit_fen"] = "保证金不能高于挂牌价"
		}
		if in.RelistPriceFen != nil && checkFen(f, "relist_price_fen", *in.RelistPriceFen, false, "降价重新挂牌价") &&
			priceOK && *in.RelistPriceFen >= in.PriceFen {
			f["relist_price_fen"] = "重新挂牌价须低于挂牌价"
		}
	default:
		f["mode"] = "挂牌方式只能是 first_accept（先到先得）或 period（挂牌期满确定受让方）"
	}
	if _, bad := f["period_days"]; !bad && (in.EndsAt.IsZero() || !in.EndsAt.After(in.StartsAt) || !in.EndsAt.After(now)) {
		f["ends_at"] = "挂牌截止时间必须晚于开始时间和现在"
	}
	return f
}

// RegistrationStatus is where a registration of interest stands.
type RegistrationStatus string

const (
	// RegistrationPending: the seller asked for a deposit, not yet confirmed.
	RegistrationPending RegistrationStatus = "pending"
	// RegistrationQualified: counts at the period's end.
	RegistrationQualified RegistrationStatus = "qualified"
)

// RegistrationAction is a step of a registration of interest.
type RegistrationAction string

const (
	// RegistrationConfirm: a market admin confirms the deposit arrived.
	RegistrationConfirm RegistrationAction = "confirm_deposit"
)

// NextRegistrationStatus is the registration's workflow: pending -> qualified.
func NextRegistrationStatus(from RegistrationStatus, act RegistrationAction) (RegistrationStatus, error) {
	if from == RegistrationPending && act == RegistrationConfirm {
		return RegistrationQualified, nil
	}
	return "", ErrBadTransition.Say("该登记不需要或已确认保证金")
}

// OfferRegistration is an organisation's registration of interest (意向受让
// 登记) in a period offer: one per organisation and offer.
type OfferRegistration struct {
	ID         int64              `gorm:"primaryKey" json:"id"`
	OfferID    int64              `gorm:"not null" json:"offer_id"`
	OrgID      int64              `gorm:"not null" json:"org_id"`
	UserID     int64              `gorm:"not null" json:"-"`
	DepositFen int64              `gorm:"not null" json:"deposit_fen"`
	Status     RegistrationStatus `gorm:"size:20;not null" json:"status"`
	CreatedAt  time.Time          `json:"created_at"`
	UpdatedAt  time.Time          `json:"updated_at"`
	// OrgName is the registered organisation's name, for the seller and admins.
	OrgName string `gorm:"-" json:"org_name"`
	// Actions is what the caller may do with the registration now: confirm_deposit.
	Actions []string `gorm:"-" json:"actions"`
}

// checkRegistrationAct: a market admin confirms a pending deposit while the
// offer is open.
func checkRegistrationAct(a Actor, r *OfferRegistration, o *Offer, act RegistrationAction) error {
	if act != RegistrationConfirm || !a.Acts(RoleAdmin) {
		return ErrForbidden
	}
	if o.Status != OfferOpen {
		return ErrOfferClosed
	}
	_, err := NextRegistrationStatus(r.Status, act)
	return err
}

func (r *OfferRegistration) withActions(a Actor, o *Offer) *OfferRegistration {
	r.Actions = permitted([]RegistrationAction{RegistrationConfirm}, func(act RegistrationAction) error {
		return checkRegistrationAct(a, r, o, act)
	})
	return r
}

// PeriodOutcome is what the end of a listing period does with the offer.
type PeriodOutcome string

const (
	PeriodAward   PeriodOutcome = "award"   // one qualified buyer: a deal at the listed price
	PeriodAuction PeriodOutcome = "auction" // several: an auction among exactly them
	PeriodRelist  PeriodOutcome = "relist"  // none, and the seller chose a relist price
	PeriodExpire  PeriodOutcome = "expire"  // none: the listing ends
)

// PeriodOutcomeOf is the rule at a period's end, from how many buyers
// qualified and whether the seller chose a relist price (still unused).
func PeriodOutcomeOf(qualified int, relist bool) PeriodOutcome {
	switch {
	case qualified == 1:
		return PeriodAward
	case qualified > 1:
		return PeriodAuction
	case relist:
		return PeriodRelist
	}
	return PeriodExpire
}

// lockOffer reads the offer for update: registrations and the period's end
// take their turns on it.
func lockOffer(tx *gorm.DB, id int64) (*Offer, error) {
	return findByID[Offer](forUpdate(tx), id, ErrOfferNotFound)
}

// lockOfferFor locks the offer for an act on the actor's organisation's
// registration (register, unregister): it reads that registration and checks
// the actor may take act on the offer now.
func lockOfferFor(tx *gorm.DB, actor Actor, id int64, act OfferAction, now time.Time) (*Offer, error) {
	o, err := lockOffer(tx, id)
	if err != nil {
		return nil, err
	}
	if o.MyRegistration, err = myRegistration(tx, actor, o.ID); err != nil {
		return nil, err
	}
	if err := checkOfferAct(actor, o, act, now); err != nil {
		return nil, err
	}
	return o, nil
}

// myRegistration is the actor's organisation's registration of the offer, or nil.
func myRegistration(tx *gorm.DB, a Actor, offerID int64) (*OfferRegistration, error) {
	if !a.Active() {
		return nil, nil
	}
	var rows []OfferRegistration
	if err := tx.Where("offer_id = ? AND org_id = ?", offerID, a.OrgID).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return nil, err
	}
	rows[0].Actions = []string{}
	return &rows[0], nil
}

// RegisterInterest is 意向受让登记: a verified enterprise other than the
// seller's, once, within the period. Without a deposit asked it is
// qualified at once; with one it waits for an admin to confirm the deposit.
func (m *Market) RegisterInterest(ctx context.Context, actor Actor, offerID int64) (*OfferRegistration, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.RequirePower(RoleDemander); err != nil {
		return nil, err
	}
	var r *OfferRegistration
	err := db.Transaction(func(tx *gorm.DB) error {
		o, err := lockOfferFor(tx, actor, offerID, OfferActRegister, now)
		if err != nil {
			return err
		}
		r = &OfferRegistration{OfferID: o.ID, OrgID: actor.OrgID, UserID: actor.UserID, DepositFen: o.DepositFen, Status: RegistrationQualified}
		if o.DepositFen > 0 {
			r.Status = RegistrationPending
		}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(r)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrAlreadyRegistered
		}
		if err := tell(tx, Notification{Kind: "offer.registered", Link: "/offers",
			Title: fmt.Sprintf("有企业登记了挂牌项目《%s》的受让意向", o.Title)}, []int64{o.CreatedBy}, o.SellerOrgID); err != nil {
			return err
		}
		r.withActions(actor, o)
		return Audit(tx, actor, "offer.register", "offer", o.ID, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// WithdrawInterest (撤回意向) removes the organisation's registration while
// the period runs.
func (m *Market) WithdrawInterest(ctx context.Context, actor Actor, offerID int64) (*Offer, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.RequirePower(RoleDemander); err != nil {
		return nil, err
	}
	var o *Offer
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		if o, err = lockOfferFor(tx, actor, offerID, OfferActUnregister, now); err != nil {
			return err
		}
		before := o.MyRegistration
		if err := tx.Delete(&OfferRegistration{}, before.ID).Error; err != nil {
			return err
		}
		o.MyRegistration = nil
		return Audit(tx, actor, "offer.unregister", "offer", o.ID, before, nil)
	})
	if err != nil {
		return nil, err
	}
	return o.withActions(actor, now), nil
}

// ConfirmRegistrationDeposit is the admin's confirmation that a registered
// buyer's deposit arrived: the registration now counts at the period's end.
func (m *Market) ConfirmRegistrationDeposit(ctx context.Context, actor Actor, id int64) (*OfferRegistration, error) {
	db := m.db.WithContext(ctx)
	now := m.now().UTC()
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	var r OfferRegistration
	err := db.Transaction(func(tx *gorm.DB) error {
		var offerID int64
		if err := tx.Model(&OfferRegistration{}).Where("id = ?", id).Limit(1).Pluck("offer_id", &offerID).Error; err != nil {
			return err
		}
		if offerID == 0 {
			return ErrInterestNotFound
		}
		o, err := lockOffer(tx, offerID)
		if err != nil {
			return err
		}
		if err := tx.First(&r, id).Error; err != nil {
			return ErrInterestNotFound // withdrawn meanwhile
		}
		if err := checkRegistrationAct(actor, &r, o, RegistrationConfirm); err != nil {
			return err
		}
		before := r
		next, _ := NextRegistrationStatus(r.Status, RegistrationConfirm)
		if err := moveFrom[OfferRegistration](tx, r.ID, r.Status, map[string]any{"status": next, "updated_at": now},
			ErrBadTransition.Say("该登记已确认保证金")); err != nil {
			return err
		}
		r.Status, r.UpdatedAt = next, now
		if err := notify(tx, Notification{UserID: r.UserID, Kind: "offer.qualified", Link: "/offers",
			Title: fmt.Sprintf("保证金已确认，您对挂牌项目《%s》的受让意向登记有效", o.Title)}); err != nil {
			return err
		}
		r.withActions(actor, o)
		return Audit(tx, actor, "offer.confirm_deposit", "offer_registration", r.ID, before, r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// OfferRegistrations lists the offer's registrations of interest: the
// seller's organisation and admins see every one with the organisation's
// name; a buyer sees only its own; nobody sees another buyer's.
func (m *Market) OfferRegistrations(ctx context.Context, actor Actor, offerID int64) ([]OfferRegistration, error) {
	db := m.db.WithContext(ctx)
	o, err := findByID[Offer](db, offerID, ErrOfferNotFound)
	if err != nil {
		return nil, err
	}
	out := []OfferRegistration{}
	if !actor.Active() {
		return out, nil
	}
	q := db.Where("offer_id = ?", o.ID)
	if !actor.CanSeeOrgPrivate(o.SellerOrgID) {
		q = q.Where("org_id = ?", actor.OrgID)
	}
	if err := q.Order("id").Find(&out).Error; err != nil {
		return nil, err
	}
	names, err := orgNames(db, out, func(r OfferRegistration) int64 { return r.OrgID })
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].OrgName = names[out[i].OrgID].Name
		out[i].withActions(actor, o)
	}
	return out, nil
}

// GetOffer is one listing trade with what the actor may do with it now.
func (m *Market) GetOffer(ctx context.Context, actor Actor, id int64) (*Offer, error) {
	db := m.db.WithContext(ctx)
	o, err := findByID[Offer](db, id, ErrOfferNotFound)
	if err != nil {
		return nil, err
	}
	offers := []Offer{*o}
	if err := offerFacts(db, actor, offers); err != nil {
		return nil, err
	}
	return offers[0].withActions(actor, m.now()), nil
}

// offerFacts fills, for the actor, its organisation's registration of each
// offer and, for the seller's organisation and admins, how many registered.
func offerFacts(db *gorm.DB, actor Actor, offers []Offer) error {
	if !actor.Active() || len(offers) == 0 {
		return nil
	}
	ids := make([]int64, len(offers))
	for i := range offers {
		ids[i] = offers[i].ID
	}
	var mine []OfferRegistration
	if err := db.Where("org_id = ? AND offer_id IN ?", actor.OrgID, ids).Find(&mine).Error; err != nil {
		return err
	}
	byOffer := map[int64]*OfferRegistration{}
	for i := range mine {
		mine[i].Actions = []string{}
		byOffer[mine[i].OfferID] = &mine[i]
	}
	var counts []struct {
		OfferID int64
		N       int64
	}
	if err := db.Model(&OfferRegistration{}).Select("offer_id, COUNT(*) AS n").Where("offer_id IN ?", ids).Group("offer_id").Scan(&counts).Error; err != nil {
		return err
	}
	n := map[int64]int64{}
	for _, c := range counts {
		n[c.OfferID] = c.N
	}
	for i := range offers {
		o := &offers[i]
		o.MyRegistration = byOffer[o.ID]
		if o.Mode == OfferPeriod && actor.CanSeeOrgPrivate(o.SellerOrgID) {
			c := n[o.ID]
			o.Registrations = &c
		}
	}
	return nil
}

// endOffer ends one offer whose period passed, in the scheduler's
// transaction: a first_accept offer expires; a period offer goes as
// PeriodOutcomeOf says. The offer is locked first, so a registration at the
// last moment is counted or refused, never lost.
func (m *Market) endOffer(tx *gorm.DB, cal Calendar, id int64, now time.Time) error {
	o, err := lockOffer(tx, id)
	if err != nil {
		return err
	}
	if o.Status != OfferOpen || o.EndsAt.After(now) {
		return ErrGone // taken, withdrawn or ended by another process
	}
	var qualified []OfferRegistration
	if o.Mode == OfferPeriod {
		if err := tx.Where("offer_id = ? AND status = ?", o.ID, RegistrationQualified).Order("id").Find(&qualified).Error; err != nil {
			return err
		}
	}
	outcome := PeriodOutcomeOf(len(qualified), o.RelistPriceFen != nil)
	if o.Mode == OfferPeriod && outcome != PeriodRelist {
		// Registrations whose deposit never arrived do not count; they are told so.
		if err := tellRegistrants(tx, o, Notification{Kind: "offer.not_qualified", Link: "/offers",
			Title: fmt.Sprintf("挂牌项目《%s》挂牌期满，您的受让意向登记因保证金未确认未计入", o.Title)}, RegistrationPending); err != nil {
			return err
		}
	}
	switch outcome {
	case PeriodAward:
		return m.awardOffer(tx, o, qualified[0], now)
	case PeriodAuction:
		return m.auctionOffer(tx, o, qualified, now)
	case PeriodRelist:
		return relistOffer(tx, cal, o, now)
	}
	expired, _ := NextOfferStatus(o.Status, OfferActExpire)
	if err := moveFrom[Offer](tx, o.ID, OfferOpen, map[string]any{"status": expired, "updated_at": now.UTC()}, ErrGone); err != nil {
		return err
	}
	if err := endSale(tx, SaleOffer, o.ID); err != nil {
		return err
	}
	if o.Mode != OfferPeriod {
		return nil
	}
	return tell(tx, Notification{Kind: "offer.expired", Link: "/offers", Title: fmt.Sprintf("挂牌项目《%s》挂牌期满，无合格意向受让方", o.Title),
		Body: "挂牌已结束，成果可重新挂牌或参加其他交易。"}, []int64{o.CreatedBy}, o.SellerOrgID)
}

// awardOffer: the one qualified buyer takes the offer at the listed price,
// by the deal an accepted offer makes.
func (m *Market) awardOffer(tx *gorm.DB, o *Offer, r OfferRegistration, now time.Time) error {
	next, _ := NextOfferStatus(o.Status, OfferActAward)
	if err := moveFrom[Offer](tx, o.ID, OfferOpen, map[string]any{"status": next, "buyer_org_id": r.OrgID, "updated_at": now.UTC()}, ErrGone); err != nil {
		return err
	}
	if held, err := dealSale(tx, SaleOffer, o.ID, now); err != nil || !held {
		if err == nil {
			err = expireUnheld(tx, o, now)
		}
		return err
	}
	d := &Deal{AchievementID: &o.AchievementID, SellerOrgID: o.SellerOrgID, BuyerOrgID: r.OrgID, Mode: DealListing,
		PriceFen: o.PriceFen, Status: DealConfirmed}
	if err := recordSale(tx, d, &Offer{}, o.ID); err != nil {
		return err
	}
	price := yuan(o.PriceFen)
	if err := tell(tx, Notification{Kind: "offer.awarded", Link: "/my/deals", Title: fmt.Sprintf("挂牌期满，您以挂牌价 %s 受让《%s》", price, o.Title),
		Body: "挂牌期内只有贵机构一家合格意向受让方。请在“我的成交”中与转让方起草技术合同。"}, []int64{r.UserID}, r.OrgID); err != nil {
		return err
	}
	return tell(tx, Notification{Kind: "offer.awarded", Link: "/my/deals", Title: fmt.Sprintf("挂牌项目《%s》挂牌期满，以挂牌价 %s 成交", o.Title, price)},
		[]int64{o.CreatedBy}, o.SellerOrgID)
}

// expireUnheld ends an offer that does not hold its achievement's sale
// (one opened before the claim existed): it may not end in a deal.
func expireUnheld(tx *gorm.DB, o *Offer, now time.Time) error {
	return tx.Model(&Offer{}).Where("id = ?", o.ID).Updates(map[string]any{"status": OfferExpired, "buyer_org_id": nil, "updated_at": now.UTC()}).Error
}

// tellRegistrants sends n to each organisation registered for the offer
// (the registering user and its 机构管理员), or only to those whose
// registrations have the status given.
func tellRegistrants(tx *gorm.DB, o *Offer, n Notification, status ...RegistrationStatus) error {
	var rs []OfferRegistration
	q := tx.Where("offer_id = ?", o.ID)
	if len(status) > 0 {
		q = q.Where("status IN ?", status)
	}
	if err := q.Order("id").Find(&rs).Error; err != nil {
		return err
	}
	for _, r := range rs {
		if err := tell(tx, n, []int64{r.UserID}, r.OrgID); err != nil {
			return err
		}
	}
	return nil
}

// PeriodIncrementFen is the bid increment of the auction a listing period
// opens: 1 % of the listed price in whole yuan, at least 1 元, never above
// the price.
func PeriodIncrementFen(price int64) int64 {
	inc := price / 100 / 100 * 100
	if inc < 100 {
		inc = 100
	}
	return min(inc, price)
}

// auctionOffer opens an auction among exactly the qualified buyers: one lot
// starting (and reserved) at the listed price, each buyer admitted with the
// deposit it paid, nobody else able to apply. The achievement's sale moves
// from the offer to the lot.
func (m *Market) auctionOffer(tx *gorm.DB, o *Offer, qualified []OfferRegistration, now time.Time) error {
	hours := m.Rules.PeriodAuctionHours
	if hours <= 0 {
		hours = 24
	}
	start := now.UTC()
	au := &Auction{Title: "挂牌转竞价：" + o.Title, Description: fmt.Sprintf("挂牌期满共有 %d 家合格意向受让方，以挂牌价 %s 起拍，仅限这些意向受让方竞价。",
		len(qualified), yuan(o.PriceFen)), StartsAt: start, EndsAt: start.Add(time.Duration(hours) * time.Hour), AntiSnipeMinutes: 5,
		DepositFen: o.DepositFen, CreatedBy: o.CreatedBy, OfferID: &o.ID}
	// The listing period was the auction's public notice: its buyers are
	// those who registered in it, so it opens at once rather than seven
	// days after an announcement of its own.
	announced := o.StartsAt.UTC()
	au.AnnouncedAt = &announced
	if err := tx.Create(au).Error; err != nil {
		return err
	}
	var ach Achievement
	if err := tx.First(&ach, o.AchievementID).Error; err != nil {
		return err
	}
	var seller Organization
	if err := tx.First(&seller, o.SellerOrgID).Error; err != nil {
		return err
	}
	// What the announcement says of the lot comes from the achievement;
	// a number that fails the check is shown as the seller gave it.
	la := checkLotAnnouncement(map[string]string{}, "lot", NewLot{PricingBasis: "挂牌价 " + yuan(o.PriceFen) + "，挂牌期满多家意向受让方竞价"}, &ach, seller.Name)
	lot := &Lot{AuctionID: au.ID, AchievementID: o.AchievementID, SellerOrgID: o.SellerOrgID, Title: o.Title,
		StartPriceFen: o.PriceFen, IncrementFen: PeriodIncrementFen(o.PriceFen), ReserveFen: o.PriceFen, EndsAt: au.EndsAt, Status: LotOpen,
		LotAnnouncement: la}
	if err := tx.Create(lot).Error; err != nil {
		return err
	}
	next, _ := NextOfferStatus(o.Status, OfferActAuction)
	if err := moveFrom[Offer](tx, o.ID, OfferOpen, map[string]any{"status": next, "auction_id": au.ID, "updated_at": now.UTC()}, ErrGone); err != nil {
		return err
	}
	res := tx.Model(&AchievementSale{}).Where("channel = ? AND ref_id = ? AND status = ?", SaleOffer, o.ID, SaleOpen).
		Updates(map[string]any{"channel": SaleLot, "ref_id": lot.ID, "updated_at": now.UTC()})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("offer %d does not hold its achievement's sale", o.ID)
	}
	link := fmt.Sprintf("/auctions/%d", au.ID)
	for _, r := range qualified {
		if err := tx.Create(&Admission{AuctionID: au.ID, OrgID: r.OrgID, UserID: r.UserID, Status: AdmissionAdmitted}).Error; err != nil {
			return err
		}
		if err := tell(tx, Notification{Kind: "offer.auctioned", Link: link, Title: fmt.Sprintf("挂牌项目《%s》转入网络竞价，您已获准竞买", o.Title),
			Body: fmt.Sprintf("挂牌期满有多家合格意向受让方，竞价以挂牌价 %s 起拍，%s 截止。", yuan(o.PriceFen), au.EndsAt.In(shanghai).Format("2006年1月2日 15:04"))},
			[]int64{r.UserID}, r.OrgID); err != nil {
			return err
		}
	}
	if err := tell(tx, Notification{Kind: "offer.auctioned", Link: link, Title: fmt.Sprintf("挂牌项目《%s》挂牌期满，%d 家意向受让方转入网络竞价", o.Title, len(qualified))},
		[]int64{o.CreatedBy}, o.SellerOrgID); err != nil {
		return err
	}
	return emit(tx, "auction.created", "auction", au.ID, map[string]any{"title": au.Title})
}

// relistOffer starts a second period at the relist price the seller chose;
// there is no third.
func relistOffer(tx *gorm.DB, cal Calendar, o *Offer, now time.Time) error {
	days := max(o.PeriodDays, MinPeriodDays)
	if err := moved(tx.Model(&Offer{}).Where("id = ? AND status = ? AND relist_price_fen IS NOT NULL", o.ID, OfferOpen).Updates(map[string]any{
		"price_fen": *o.RelistPriceFen, "relist_price_fen": nil, "relisted_at": now.UTC(), "starts_at": now.UTC(),
		"ends_at": cal.AddWorkingDays(now, days).UTC(), "updated_at": now.UTC()}), ErrGone); err != nil {
		return err
	}
	return tell(tx, Notification{Kind: "offer.relisted", Link: "/offers", Title: fmt.Sprintf("挂牌项目《%s》挂牌期满无人登记，已按 %s 重新挂牌", o.Title, yuan(*o.RelistPriceFen))},
		[]int64{o.CreatedBy}, o.SellerOrgID)
}
