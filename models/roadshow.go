package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Roadshow (路演) is an event where achievements are presented to enterprises.
type Roadshow struct {
	ID          int64          `gorm:"primaryKey" json:"id"`
	Title       string         `gorm:"size:200;not null" json:"title"`
	Description string         `gorm:"type:text;not null" json:"description"`
	StartsAt    time.Time      `gorm:"not null;index" json:"starts_at"`
	EndsAt      time.Time      `gorm:"not null" json:"ends_at"`
	Online      bool           `gorm:"not null" json:"online"`
	Venue       string         `gorm:"size:200;not null;default:''" json:"venue"`
	Link        string         `gorm:"size:300;not null;default:''" json:"link"`
	Capacity    int            `gorm:"not null" json:"capacity"`
	Registered  int            `gorm:"not null;default:0" json:"registered"`
	OrgID       int64          `gorm:"not null" json:"org_id"`
	CreatedBy   int64          `gorm:"not null" json:"-"`
	RemindedAt  *time.Time     `json:"-"`
	CreatedAt   time.Time      `json:"created_at"`
	Slots       []RoadshowSlot `gorm:"-" json:"slots,omitempty"`
}

// RoadshowSlot is one achievement on the programme.
type RoadshowSlot struct {
	ID            int64  `gorm:"primaryKey" json:"id"`
	RoadshowID    int64  `gorm:"not null;index" json:"roadshow_id"`
	AchievementID int64  `gorm:"not null" json:"achievement_id"`
	Position      int    `gorm:"not null" json:"position"`
	Title         string `gorm:"size:200;not null" json:"title"`
}

// RoadshowSeat is an enterprise user's registration for a roadshow.
type RoadshowSeat struct {
	ID         int64     `gorm:"primaryKey" json:"id"`
	RoadshowID int64     `gorm:"not null;uniqueIndex:idx_roadshow_user" json:"roadshow_id"`
	UserID     int64     `gorm:"not null;uniqueIndex:idx_roadshow_user" json:"user_id"`
	OrgID      int64     `gorm:"not null" json:"org_id"`
	CreatedAt  time.Time `json:"created_at"`
	// CheckedInAt is when the organiser checked the seat in (attendance).
	CheckedInAt *time.Time `json:"checked_in_at"`
}

// Intent (意向) an enterprise records after a roadshow for one achievement.
type Intent struct {
	ID            int64     `gorm:"primaryKey" json:"id"`
	RoadshowID    int64     `gorm:"not null;index" json:"roadshow_id"`
	AchievementID int64     `gorm:"not null" json:"achievement_id"`
	OrgID         int64     `gorm:"not null" json:"org_id"`
	UserID        int64     `gorm:"not null" json:"-"`
	Note          string    `gorm:"type:text;not null" json:"note"`
	CreatedAt     time.Time `json:"created_at"`
	Title         string    `gorm:"-" json:"achievement_title"`
	OrgName       string    `gorm:"-" json:"org_name"`
}

type NewRoadshow struct {
	Title          string    `json:"title"`
	Description    string    `json:"description"`
	StartsAt       time.Time `json:"starts_at"`
	EndsAt         time.Time `json:"ends_at"`
	Online         bool      `json:"online"`
	Venue          string    `json:"venue"`
	Link           string    `json:"link"`
	Capacity       int       `json:"capacity"`
	AchievementIDs []int64   `json:"achievement_ids"`
}

// CreateRoadshow is for brokers and admins, who organise roadshows.
func (m *Market) CreateRoadshow(ctx context.Context, actor Actor, in NewRoadshow) (*Roadshow, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleBroker, RoleAdmin); err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	in.Title, in.Venue, in.Link = strings.TrimSpace(in.Title), strings.TrimSpace(in.Venue), strings.TrimSpace(in.Link)
	f := map[string]string{}
	checkName(f, "title", in.Title, 4, 200, "标题")
	checkLen(f, "description", strings.TrimSpace(in.Description), 0, 5000, "说明")
	switch {
	case in.StartsAt.IsZero() || in.EndsAt.IsZero() || !in.EndsAt.After(in.StartsAt):
		f["ends_at"] = "请填写开始和结束时间，结束晚于开始"
	case in.StartsAt.Before(now):
		f["starts_at"] = "开始时间已过"
	}
	if in.Online && !strings.HasPrefix(in.Link, "https://") && !strings.HasPrefix(in.Link, "http://") {
		f["link"] = "线上路演请填写 http(s) 链接"
	}
	if !in.Online && in.Venue == "" {
		f["venue"] = "线下路演请填写地点"
	}
	if in.Capacity < 1 || in.Capacity > 10000 {
		f["capacity"] = "名额为 1–10000"
	}
	if len(in.AchievementIDs) == 0 || len(in.AchievementIDs) > 30 {
		f["achievement_ids"] = "路演安排 1–30 项成果"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	r := &Roadshow{Title: in.Title, Description: strings.TrimSpace(in.Description), StartsAt: in.StartsAt.UTC(), EndsAt: in.EndsAt.UTC(),
		Online: in.Online, Venue: in.Venue, Link: in.Link, Capacity: in.Capacity, OrgID: actor.OrgID, CreatedBy: actor.UserID}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		for i, id := range in.AchievementIDs {
			var a Achievement
			if err := tx.First(&a, id).Error; err != nil || a.Status != StatusPublished {
				return Invalid(map[string]string{"achievement_ids": fmt.Sprintf("第 %d 项成果不存在或未发布", i+1)})
			}
			s := RoadshowSlot{RoadshowID: r.ID, AchievementID: a.ID, Position: i + 1, Title: a.Title}
			if err := tx.Create(&s).Error; err != nil {
				return err
			}
			r.Slots = append(r.Slots, s)
		}
		return Audit(tx, actor, "roadshow.create", "roadshow", r.ID, nil, r)
	})
	return r, err
}

func (m *Market) GetRoadshow(ctx context.Context, id int64) (*Roadshow, error) {
	return getRoadshow(m.db.WithContext(ctx), id)
}

func getRoadshow(db *gorm.DB, id int64) (*Roadshow, error) {
	r, err := findByID[Roadshow](db, id, ErrRoadshowNotFound)
	if err != nil {
		return nil, err
	}
	r.Slots = []RoadshowSlot{}
	return r, db.Where("roadshow_id = ?", r.ID).Order("position").Find(&r.Slots).Error
}

// ListRoadshows lists roadshows by start time; upcoming ones first when from is set.
func (m *Market) ListRoadshows(ctx context.Context, from, to time.Time, p Page) ([]Roadshow, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&Roadshow{})
	if !from.IsZero() {
		q = q.Where("starts_at >= ?", from.UTC())
	}
	if !to.IsZero() {
		q = q.Where("starts_at < ?", to.UTC())
	}
	return findPage[Roadshow](q, "starts_at", p)
}

// RegisterForRoadshow takes a seat if one is left. The seat count moves by a
// conditional update, so concurrent registrations never exceed the capacity.
func (m *Market) RegisterForRoadshow(ctx context.Context, actor Actor, id int64) (*RoadshowSeat, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleDemander); err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	var reg *RoadshowSeat
	err := db.Transaction(func(tx *gorm.DB) error {
		r, err := getRoadshow(tx, id)
		if err != nil {
			return err
		}
		if !now.Before(r.StartsAt) {
			return ErrRegistrationClosed
		}
		// The seat first, on its unique (roadshow, user): a registration
		// sent twice at once takes one seat, and only the one that took it
		// counts it and is notified; the other answers with that seat.
		reg = &RoadshowSeat{RoadshowID: r.ID, UserID: actor.UserID, OrgID: actor.OrgID}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(reg)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return tx.Where("roadshow_id = ? AND user_id = ?", r.ID, actor.UserID).First(reg).Error
		}
		res = tx.Model(&Roadshow{}).Where("id = ? AND registered < capacity", r.ID).UpdateColumn("registered", gorm.Expr("registered + 1"))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrRoadshowFull
		}
		where := r.Venue
		if r.Online {
			where = r.Link
		}
		return notify(tx, Notification{UserID: actor.UserID, Kind: "roadshow.registered",
			Title: fmt.Sprintf("报名成功：%s", r.Title), Body: fmt.Sprintf("时间：%s；%s", r.StartsAt.In(shanghai).Format("2006-01-02 15:04"), where),
			Link: fmt.Sprintf("/roadshows/%d", r.ID)})
	})
	return reg, err
}

// RecordIntent: after the roadshow, a registered enterprise notes its
// interest in an achievement of the programme; brokers see intents in their
// workbench. The intent becomes a lead (线索) of the organising broker firm
// (an open lead of the pool when the organiser is no broker firm), once
// per roadshow, enterprise and achievement, which the broker may turn into
// a match even when the enterprise has published no need.
func (m *Market) RecordIntent(ctx context.Context, actor Actor, roadshowID, achievementID int64, note string) (*Intent, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleDemander); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if err := invalidIf(checkLen, "note", note, 0, 2000, "意向说明"); err != nil {
		return nil, err
	}
	var in *Intent
	err := db.Transaction(func(tx *gorm.DB) error {
		r, err := getRoadshow(tx, roadshowID)
		if err != nil {
			return err
		}
		if now.Before(r.StartsAt) {
			return ErrRoadshowNotStarted
		}
		var n int64
		tx.Model(&RoadshowSeat{}).Where("roadshow_id = ? AND org_id = ?", r.ID, actor.OrgID).Count(&n)
		if n == 0 {
			return ErrNotRoadshowRegistrant
		}
		onProgramme := false
		for _, s := range r.Slots {
			onProgramme = onProgramme || s.AchievementID == achievementID
		}
		if !onProgramme {
			return Invalid(map[string]string{"achievement_id": "该成果不在本场路演中"})
		}
		in = &Intent{RoadshowID: r.ID, AchievementID: achievementID, OrgID: actor.OrgID, UserID: actor.UserID, Note: note}
		if err := tx.Create(in).Error; err != nil {
			return err
		}
		return leadFromIntent(tx, r, in)
	})
	return in, err
}

// leadFromIntent makes the intent a lead for the roadshow's organiser; an
// enterprise's second intent on the same achievement at the same roadshow
// adds no second lead.
func leadFromIntent(tx *gorm.DB, r *Roadshow, in *Intent) error {
	var a Achievement
	if err := tx.Select("id", "title", "org_id").First(&a, in.AchievementID).Error; err != nil {
		return err
	}
	var organiser Organization
	if err := tx.Select("id", "type").First(&organiser, r.OrgID).Error; err != nil {
		return err
	}
	msg := in.Note
	if msg == "" {
		msg = "在路演中登记了合作意向"
	}
	roadshowID := r.ID
	lead := &Interest{Kind: "achievement", ListingID: a.ID, ListingTitle: a.Title, OwnerOrgID: a.OrgID, UserID: in.UserID, OrgID: in.OrgID,
		Message: msg, Status: InterestOpen, RoadshowID: &roadshowID}
	if organiser.Type == OrgBrokerFirm {
		lead.BrokerOrgID = &organiser.ID
	}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(lead)
	if res.Error != nil || res.RowsAffected == 0 {
		return res.Error
	}
	return notify(tx, Notification{UserID: r.CreatedBy, Kind: "roadshow.intent", Title: fmt.Sprintf("路演《%s》有新的合作意向：《%s》", r.Title, a.Title),
		Body: msg, Link: "/workbench#leads"})
}

// ListIntents shows roadshow intents to brokers (their firm's roadshows, or
// all for admins) so that they can turn them into matches.
func (m *Market) ListIntents(ctx context.Context, actor Actor, roadshowID int64) ([]Intent, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleBroker, RoleAdmin); err != nil {
		return nil, err
	}
	q := db.Model(&Intent{})
	if roadshowID > 0 {
		q = q.Where("roadshow_id = ?", roadshowID)
	}
	if actor.Acts(RoleBroker) {
		q = q.Where("roadshow_id IN (?)", db.Model(&Roadshow{}).Select("id").Where("org_id = ?", actor.OrgID))
	}
	out := []Intent{}
	if err := q.Order("id DESC").Limit(200).Find(&out).Error; err != nil {
		return nil, err
	}
	for i := range out {
		var a Achievement
		var o Organization
		db.Select("title").First(&a, out[i].AchievementID)
		db.Select("name").First(&o, out[i].OrgID)
		out[i].Title, out[i].OrgName = a.Title, o.Name
	}
	return out, nil
}

// RemindRoadshows tells registered users a day ahead, once per roadshow.
func (m *Market) RemindRoadshows(ctx context.Context, now time.Time) (int, error) {
	db := m.db.WithContext(ctx)
	pending := db.Model(&Roadshow{}).Where("reminded_at IS NULL AND starts_at > ? AND starts_at <= ?", now.UTC(), now.Add(24*time.Hour).UTC())
	return sweep(db, pending, "reminding roadshow", func(tx *gorm.DB, id int64) error {
		res := tx.Model(&Roadshow{}).Where("id = ? AND reminded_at IS NULL", id).Update("reminded_at", now.UTC())
		if err := moved(res, ErrGone); err != nil {
			return err // another process sent them
		}
		var r Roadshow
		tx.First(&r, id)
		var regs []RoadshowSeat
		tx.Where("roadshow_id = ?", id).Find(&regs)
		for _, reg := range regs {
			if err := notify(tx, Notification{UserID: reg.UserID, Kind: "roadshow.reminder", Title: "路演提醒：" + r.Title,
				Body: "开始时间：" + r.StartsAt.In(shanghai).Format("2006-01-02 15:04"), Link: fmt.Sprintf("/roadshows/%d", r.ID)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// HasRoadshowSeat says whether the user registered for the roadshow.
func (m *Market) HasRoadshowSeat(ctx context.Context, roadshowID, userID int64) (bool, error) {
	db := m.db.WithContext(ctx)
	var n int64
	err := db.Model(&RoadshowSeat{}).Where("roadshow_id = ? AND user_id = ?", roadshowID, userID).Count(&n).Error
	return n > 0, err
}

// RoadshowAction is what a caller may do with a roadshow now.
type RoadshowAction string

const (
	// RActCheckIn: the organiser (its brokers) or a market admin checks
	// registered seats in, from 2 hours before the start to 12 hours after
	// the end.
	RActCheckIn RoadshowAction = "check_in"
)

// RoadshowActions lists every action, in the order pages show them.
var RoadshowActions = []RoadshowAction{RActCheckIn}

// Check-in runs from checkInOpens before the start to checkInCloses after the end.
const (
	checkInOpens  = 2 * time.Hour
	checkInCloses = 12 * time.Hour
)

// organises: a verified broker of the organising organisation, or a market admin.
func (a Actor) organises(r *Roadshow) bool {
	return a.Acts(RoleAdmin) || a.Acts(RoleBroker) && a.OrgID == r.OrgID
}

// checkRoadshowAct is the one decision of whether actor may take act on
// the roadshow at now.
func checkRoadshowAct(a Actor, r *Roadshow, act RoadshowAction, now time.Time) error {
	if err := a.RequireVerified(); err != nil {
		return err
	}
	if !a.organises(r) {
		return ErrNotOrganiser
	}
	if act == RActCheckIn && (now.Before(r.StartsAt.Add(-checkInOpens)) || now.After(r.EndsAt.Add(checkInCloses))) {
		return ErrCheckInClosed
	}
	return nil
}

// RoadshowActionsFor says what actor may do with the roadshow now, from the
// same check the write paths apply.
func (m *Market) RoadshowActionsFor(actor Actor, r *Roadshow) []string {
	now := m.now()
	return permitted(RoadshowActions, func(act RoadshowAction) error { return checkRoadshowAct(actor, r, act, now) })
}

// RoadshowStats is what an event led to: registrations, attendance
// (checked-in seats), intents, leads, matches from its intents and the
// confirmed deals they became, with their amount.
type RoadshowStats struct {
	Registrations int64 `json:"registrations"`
	Attendance    int64 `json:"attendance"`
	Intents       int64 `json:"intents"`
	Matches       int64 `json:"matches"`
	Deals         int64 `json:"deals"`
	DealFen       int64 `json:"deal_amount_fen"`
}

// RoadshowStatsOf counts what the roadshow led to. The counts are public,
// as the roadshow is; who registered and who intends what are not.
func (m *Market) RoadshowStatsOf(ctx context.Context, id int64) (*RoadshowStats, error) {
	db := m.db.WithContext(ctx)
	s := &RoadshowStats{}
	counts := []struct {
		n *int64
		q *gorm.DB
	}{
		{&s.Registrations, db.Model(&RoadshowSeat{}).Where("roadshow_id = ?", id)},
		{&s.Attendance, db.Model(&RoadshowSeat{}).Where("roadshow_id = ? AND checked_in_at IS NOT NULL", id)},
		{&s.Intents, db.Model(&Intent{}).Where("roadshow_id = ?", id)},
		{&s.Matches, db.Model(&Match{}).Where("roadshow_id = ?", id)},
	}
	for _, c := range counts {
		if err := c.q.Count(c.n).Error; err != nil {
			return nil, err
		}
	}
	var deals struct {
		N   int64
		Fen int64
	}
	if err := db.Model(&Deal{}).Where("roadshow_id = ? AND status = ?", id, DealConfirmed).
		Select("COUNT(*) AS n, COALESCE(SUM(price_fen), 0) AS fen").Scan(&deals).Error; err != nil {
		return nil, err
	}
	s.Deals, s.DealFen = deals.N, deals.Fen
	return s, nil
}

// SeatView is a registration as the organiser sees it.
type SeatView struct {
	RoadshowSeat
	UserName string `json:"user_name"`
	OrgName  string `json:"org_name"`
}

// RoadshowSeats lists who registered, for the organiser (to check them in)
// and market admins.
func (m *Market) RoadshowSeats(ctx context.Context, actor Actor, id int64) ([]SeatView, error) {
	db := m.db.WithContext(ctx)
	r, err := findByID[Roadshow](db, id, ErrRoadshowNotFound)
	if err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	if !actor.organises(r) {
		return nil, ErrNotOrganiser
	}
	var seats []RoadshowSeat
	if err := db.Where("roadshow_id = ?", id).Order("id").Limit(10000).Find(&seats).Error; err != nil {
		return nil, err
	}
	var userIDs, orgIDs []int64
	for _, s := range seats {
		userIDs, orgIDs = append(userIDs, s.UserID), append(orgIDs, s.OrgID)
	}
	users, err := namesOf(db, &User{}, "name", userIDs)
	if err != nil {
		return nil, err
	}
	orgs, err := orgNameMap(db, orgIDs)
	if err != nil {
		return nil, err
	}
	out := make([]SeatView, len(seats))
	for i, s := range seats {
		out[i] = SeatView{s, users[s.UserID], orgs[s.OrgID]}
	}
	return out, nil
}

// CheckIn records that a registered seat came (签到). Checking a seat in
// twice keeps the first time.
func (m *Market) CheckIn(ctx context.Context, actor Actor, roadshowID, seatID int64) (*RoadshowSeat, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	var seat RoadshowSeat
	err := db.Transaction(func(tx *gorm.DB) error {
		r, err := findByID[Roadshow](tx, roadshowID, ErrRoadshowNotFound)
		if err != nil {
			return err
		}
		if err := checkRoadshowAct(actor, r, RActCheckIn, now); err != nil {
			return err
		}
		if err := tx.Where("id = ? AND roadshow_id = ?", seatID, r.ID).First(&seat).Error; err != nil {
			return ErrSeatNotFound
		}
		if seat.CheckedInAt != nil {
			return nil
		}
		t := now.UTC().Truncate(time.Microsecond) // as both databases keep it
		res := tx.Model(&RoadshowSeat{}).Where("id = ? AND checked_in_at IS NULL", seat.ID).Update("checked_in_at", t)
		if res.Error != nil || res.RowsAffected == 0 {
			if res.Error == nil {
				res.Error = tx.First(&seat, seat.ID).Error // checked in at the same moment elsewhere
			}
			return res.Error
		}
		seat.CheckedInAt = &t
		return Audit(tx, actor, "roadshow.check_in", "roadshow_seat", seat.ID, nil, seat)
	})
	if err != nil {
		return nil, err
	}
	return &seat, nil
}
