package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// InterestStatus is where an expression of interest stands as a brokers' lead.
type InterestStatus string

const (
	InterestOpen       InterestStatus = "open"        // no broker firm has taken it yet
	InterestFollowedUp InterestStatus = "followed_up" // a broker firm took it and is in touch
	InterestMatched    InterestStatus = "matched"     // a broker firm proposed a match from it
)

// LeadAction is what a broker does with a lead.
type LeadAction string

const (
	LeadFollowUp     LeadAction = "follow_up"     // 跟进: takes the lead, with a note of what was done
	LeadProposeMatch LeadAction = "propose_match" // 推荐对接: with a listing of the interested organisation
)

// LeadActions lists every action, in the order pages show them.
var LeadActions = []LeadAction{LeadProposeMatch, LeadFollowUp}

// NextInterestStatus is the lead's workflow: open → followed_up → matched,
// or open → matched at once.
func NextInterestStatus(from InterestStatus, act LeadAction) (InterestStatus, error) {
	switch {
	case act == LeadFollowUp && from == InterestOpen:
		return InterestFollowedUp, nil
	case act == LeadProposeMatch && (from == InterestOpen || from == InterestFollowedUp):
		return InterestMatched, nil
	}
	return from, ErrLeadTaken.Sayf("该意向%s，不能再%s", map[InterestStatus]string{InterestOpen: "待跟进", InterestFollowedUp: "已跟进", InterestMatched: "已推荐对接"}[from],
		map[LeadAction]string{LeadFollowUp: "跟进", LeadProposeMatch: "推荐对接"}[act])
}

// Interest is an organisation's expression of interest (我有意向) in a
// listing, with a message. The owner organisation sees it; for brokers it
// is a lead, taken by the first broker firm that acts on it.
type Interest struct {
	ID           int64          `gorm:"primaryKey" json:"id"`
	Kind         string         `gorm:"size:20;not null" json:"kind"`
	ListingID    int64          `gorm:"not null" json:"listing_id"`
	ListingTitle string         `gorm:"type:text;not null" json:"listing_title"`
	OwnerOrgID   int64          `gorm:"not null" json:"owner_org_id"`
	UserID       int64          `gorm:"not null" json:"-"`
	OrgID        int64          `gorm:"not null" json:"org_id"`
	Message      string         `gorm:"type:text;not null" json:"message"`
	Status       InterestStatus `gorm:"size:20;not null" json:"status"`
	BrokerID     *int64         `json:"-"`
	BrokerOrgID  *int64         `json:"broker_org_id"`
	FollowUpNote string         `gorm:"type:text;not null;default:''" json:"follow_up_note"`
	MatchID      *int64         `json:"match_id"`
	// RoadshowID is set on a lead that came from an intent recorded at a
	// roadshow: it belongs to the organising broker firm from the start and
	// may be matched without a published need of the enterprise.
	RoadshowID   *int64     `json:"roadshow_id"`
	HandledAt    *time.Time `json:"handled_at"`
	CreatedAt    time.Time  `json:"created_at"`
	OrgName      string     `gorm:"-" json:"org_name"`
	UserName     string     `gorm:"-" json:"user_name"`
	OwnerOrgName string     `gorm:"-" json:"owner_org_name,omitempty"`
	BrokerName   string     `gorm:"-" json:"broker_org_name,omitempty"`
	// RoadshowTitle names the roadshow of a roadshow lead.
	RoadshowTitle string `gorm:"-" json:"roadshow_title,omitempty"`
	// ListingPublished says, on a broker's lead, that the listing is still
	// published: a lead on one withdrawn or dealt since can only be read.
	ListingPublished bool `gorm:"-" json:"listing_published"`
	// Candidates are, on a broker's lead, the published listings of the
	// interested organisation a match can pair with the listing: its needs
	// for an achievement, its achievements for a need.
	Candidates []Candidate `gorm:"-" json:"candidates,omitempty"`
	// Actions is what the caller may do with the lead now (leadActions).
	Actions []string `gorm:"-" json:"actions"`
}

// Candidate is a listing a lead can be matched with.
type Candidate struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// InterestInput is what the interested person writes.
type InterestInput struct {
	Message string `json:"message"`
}

// ExpressInterest records the actor's organisation's interest in a
// published listing of another organisation and tells the owner.
func (ls Listings[T, P]) ExpressInterest(ctx context.Context, actor Actor, id int64, in InterestInput) (*Interest, error) {
	db := ls.m.db.WithContext(ctx)
	item, err := ls.fromOutside(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	facts, err := listingFactsOf(db, actor, item.Kind(), []int64{id}, ls.m.now())
	if err != nil {
		return nil, err
	}
	if err := checkListingAct(actor, item, ActExpressInterest, facts[id]); err != nil {
		return nil, err
	}
	msg := strings.TrimSpace(in.Message)
	if err := invalidIf(checkName, "message", msg, 5, 1000, "意向说明"); err != nil {
		return nil, err
	}
	l := item.base()
	it := &Interest{Kind: item.Kind(), ListingID: id, ListingTitle: l.Title, OwnerOrgID: l.OrgID, UserID: actor.UserID, OrgID: actor.OrgID,
		Message: msg, Status: InterestOpen, Actions: []string{}}
	already := ErrAlreadyInterested.Say("本机构已对该" + kindName(item.Kind()) + "表达过意向")
	err = db.Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Interest{}).Where("kind = ? AND listing_id = ? AND org_id = ? AND roadshow_id IS NULL", it.Kind, id, actor.OrgID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return already
		}
		if err := tx.Create(it).Error; err != nil {
			return err
		}
		if err := notifyInterest(tx, it, l); err != nil {
			return err
		}
		return Audit(tx, actor, "interest.express", "interest", it.ID, nil, it)
	})
	if isUniqueViolation(err) {
		err = already
	}
	if err != nil {
		return nil, err
	}
	return it, nameInterests(db, []*Interest{it})
}

// notifyInterest tells the listing's author and its organisation's admins
// who is interested.
func notifyInterest(tx *gorm.DB, it *Interest, l *Listing) error {
	var org Organization
	if err := tx.Select("id", "name").First(&org, it.OrgID).Error; err != nil {
		return err
	}
	var admins []int64
	if err := tx.Model(&Membership{}).Where("org_id = ? AND org_role = ? AND status = ?", l.OrgID, OrgRoleAdmin, MemberActive).Pluck("user_id", &admins).Error; err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, uid := range append([]int64{l.CreatedBy}, admins...) {
		if seen[uid] {
			continue
		}
		seen[uid] = true
		if err := notify(tx, Notification{UserID: uid, Kind: "interest.new",
			Title: fmt.Sprintf("%s对您的%s《%s》有意向", org.Name, kindName(it.Kind), l.Title),
			Body:  it.Message, Link: fmt.Sprintf("/%ss/%d#interests", it.Kind, l.ID)}); err != nil {
			return err
		}
	}
	return nil
}

// ListingInterests is who is interested in a listing, for its owner
// organisation and market admins; anyone else gets "not found".
func (ls Listings[T, P]) Interests(ctx context.Context, actor Actor, id int64) ([]Interest, error) {
	db := ls.m.db.WithContext(ctx)
	item := P(new(T))
	if err := db.Select("id", "org_id").First(item, id).Error; err != nil || !actor.CanSeeOrgPrivate(item.base().OrgID) {
		return nil, listingNotFound(item.Kind())
	}
	out := []Interest{}
	if err := db.Where("kind = ? AND listing_id = ?", item.Kind(), id).Order("id DESC").Limit(MaxPageSize).Find(&out).Error; err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Actions = []string{}
	}
	return out, nameInterests(db, pointers(out))
}

func nameInterests(db *gorm.DB, items []*Interest) error {
	var orgIDs, userIDs, roadshowIDs []int64
	for _, it := range items {
		if it.RoadshowID != nil {
			roadshowIDs = append(roadshowIDs, *it.RoadshowID)
		}
		orgIDs = append(orgIDs, it.OrgID, it.OwnerOrgID)
		if it.BrokerOrgID != nil {
			orgIDs = append(orgIDs, *it.BrokerOrgID)
		}
		userIDs = append(userIDs, it.UserID)
	}
	orgs, err := orgNameMap(db, orgIDs)
	if err != nil {
		return err
	}
	users, err := namesOf(db, &User{}, "name", userIDs)
	if err != nil {
		return err
	}
	roadshows, err := namesOf(db, &Roadshow{}, "title", roadshowIDs)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.RoadshowID != nil {
			it.RoadshowTitle = roadshows[*it.RoadshowID]
		}
		it.OrgName, it.UserName, it.OwnerOrgName = orgs[it.OrgID], users[it.UserID], orgs[it.OwnerOrgID]
		if it.BrokerOrgID != nil {
			it.BrokerName = orgs[*it.BrokerOrgID]
		}
	}
	return nil
}

// seesLead: verified brokers see the open leads and those their firm took
// (or, from its roadshow, was given).
func (a Actor) seesLead(it *Interest) bool {
	return a.Acts(RoleBroker) && (it.BrokerOrgID == nil || *it.BrokerOrgID == a.OrgID)
}

// checkLeadAct is the one decision of whether a broker may act on a lead:
// a verified broker, on an open lead or one their firm took, and a match
// only when the interested organisation has a listing to pair, or the lead
// came from a roadshow (a match may then name the enterprise alone).
func checkLeadAct(actor Actor, it *Interest, act LeadAction) error {
	if err := actor.RequirePower(RoleBroker); err != nil {
		return err
	}
	if !actor.seesLead(it) {
		return ErrLeadNotFound
	}
	if _, err := NextInterestStatus(it.Status, act); err != nil {
		return err
	}
	if !it.ListingPublished {
		return ErrNotPublished.Say("该" + kindName(it.Kind) + "已不在发布状态")
	}
	if act == LeadProposeMatch && len(it.Candidates) == 0 && it.RoadshowID == nil {
		return ErrNoCandidate.Say(map[string]string{"achievement": "意向方没有已发布的需求，可先跟进",
			"need": "意向方没有已发布的成果，可先跟进"}[it.Kind])
	}
	return nil
}

func leadActions(actor Actor, it *Interest) []string {
	return permitted(LeadActions, func(act LeadAction) error { return checkLeadAct(actor, it, act) })
}

// LeadFilter picks the leads of a broker's list: open ones (the pool),
// the firm's own (taken), or both ("").
type LeadFilter struct {
	Status string
	Page
}

// Leads lists the interests a verified broker may act on, newest first:
// open ones of any listing and those the broker's firm took.
func (m *Market) Leads(ctx context.Context, actor Actor, f LeadFilter) ([]Interest, int64, error) {
	db := m.db.WithContext(ctx)
	if err := actor.RequirePower(RoleBroker); err != nil {
		return nil, 0, err
	}
	// The pool holds open leads on listings still published: one withdrawn
	// or dealt since is no lead any more.
	live := db.Where("kind = ? AND listing_id IN (?)", "achievement", db.Model(&Achievement{}).Select("id").Where("status = ?", StatusPublished)).
		Or("kind = ? AND listing_id IN (?)", "need", db.Model(&Need{}).Select("id").Where("status = ?", StatusPublished))
	pool := db.Where("status = ?", InterestOpen).Where(live).Where("broker_org_id IS NULL OR broker_org_id = ?", actor.OrgID)
	q := db.Model(&Interest{})
	switch f.Status {
	case "open":
		q = q.Where(pool)
	case "mine":
		q = q.Where("broker_org_id = ?", actor.OrgID)
	case "":
		q = q.Where(pool).Or("broker_org_id = ?", actor.OrgID)
	default:
		return nil, 0, Invalid(map[string]string{"status": "只能是 open（待跟进）或 mine（本机构已跟进）"})
	}
	out, total, err := findPage[Interest](q, "id DESC", f.Page)
	if err != nil {
		return nil, 0, err
	}
	if err := describeLeads(db, actor, pointers(out)); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// describeLeads fills the names, the candidates and the actions of leads.
func describeLeads(db *gorm.DB, actor Actor, items []*Interest) error {
	if err := nameInterests(db, items); err != nil {
		return err
	}
	for _, it := range items {
		var n int64
		if err := db.Table(listingTable(it.Kind)).Where("id = ? AND status = ?", it.ListingID, StatusPublished).Count(&n).Error; err != nil {
			return err
		}
		it.ListingPublished = n > 0
		if err := candidatesOf(db, it); err != nil {
			return err
		}
		it.Actions = leadActions(actor, it)
	}
	return nil
}

// candidatesOf reads the interested organisation's published listings of
// the other kind.
func candidatesOf(db *gorm.DB, it *Interest) error {
	other := "need"
	if it.Kind == "need" {
		other = "achievement"
	}
	it.Candidates = []Candidate{}
	return db.Table(listingTable(other)).Select("id", "title").Where("org_id = ? AND status = ?", it.OrgID, StatusPublished).
		Order("id DESC").Limit(20).Scan(&it.Candidates).Error
}

// LeadFollowUpInput is a broker's note of what was done on a lead.
type LeadFollowUpInput struct {
	Note string `json:"note"`
}

// LeadMatchInput pairs a lead's listing with one of the interested
// organisation's listings (listing_id, among the lead's candidates). A
// roadshow lead may leave listing_id out (0): the match then introduces
// the achievement to the enterprise itself.
type LeadMatchInput struct {
	ListingID int64  `json:"listing_id"`
	Note      string `json:"note"`
}

// FollowUpLead takes a lead for the broker's firm with a note.
func (m *Market) FollowUpLead(ctx context.Context, actor Actor, id int64, in LeadFollowUpInput) (*Interest, error) {
	note := strings.TrimSpace(in.Note)
	if err := invalidIf(checkName, "note", note, 2, 1000, "跟进记录"); err != nil {
		return nil, err
	}
	return m.actOnLead(ctx, actor, id, LeadFollowUp, func(tx *gorm.DB, it *Interest) error {
		it.FollowUpNote = note
		return nil
	})
}

// ProposeMatchFromLead opens a match between the lead's listing and one of
// the interested organisation's listings, as ProposeMatch does, and marks
// the lead as matched.
func (m *Market) ProposeMatchFromLead(ctx context.Context, actor Actor, id int64, in LeadMatchInput) (*Interest, error) {
	note := strings.TrimSpace(in.Note)
	if err := invalidIf(checkName, "note", note, 0, 2000, "备注"); err != nil {
		return nil, err
	}
	return m.actOnLead(ctx, actor, id, LeadProposeMatch, func(tx *gorm.DB, it *Interest) error {
		ok := in.ListingID == 0 && it.RoadshowID != nil
		for _, c := range it.Candidates {
			ok = ok || c.ID == in.ListingID
		}
		if !ok {
			return Invalid(map[string]string{"listing_id": "请从意向方已发布的" + map[bool]string{true: "需求", false: "成果"}[it.Kind == "achievement"] + "中选择"})
		}
		p := MatchProposal{NeedID: in.ListingID, AchievementID: it.ListingID, Source: "manual",
			Note: fmt.Sprintf("源自%s的意向：%s", it.OrgName, it.Message)}
		if it.Kind == "need" {
			p.NeedID, p.AchievementID = it.ListingID, in.ListingID
		}
		if note != "" {
			p.Note = note + "\n" + p.Note
		}
		if len([]rune(p.Note)) > 2000 {
			p.Note = string([]rune(p.Note)[:2000])
		}
		match, err := proposeMatch(tx, actor, p, it)
		if err != nil {
			return err
		}
		it.MatchID = &match.ID
		return nil
	})
}

// actOnLead is a broker's act on a lead: lock, may the broker see and take
// it, decide, save, audit.
func (m *Market) actOnLead(ctx context.Context, actor Actor, id int64, act LeadAction, apply func(*gorm.DB, *Interest) error) (*Interest, error) {
	db := m.db.WithContext(ctx)
	if err := actor.RequirePower(RoleBroker); err != nil {
		return nil, err
	}
	var out *Interest
	err := db.Transaction(func(tx *gorm.DB) error {
		it, err := lockFor(tx, id, ErrLeadNotFound, actor.seesLead, nil, nil)
		if err != nil {
			return err
		}
		before := *it
		if err := describeLeads(tx, actor, []*Interest{it}); err != nil {
			return err
		}
		if err := checkLeadAct(actor, it, act); err != nil {
			return err
		}
		next, _ := NextInterestStatus(it.Status, act)
		if err := apply(tx, it); err != nil {
			return err
		}
		now := m.now().UTC()
		it.Status, it.BrokerID, it.BrokerOrgID, it.HandledAt = next, &actor.UserID, &actor.OrgID, &now
		if err := moved(tx.Model(it).Where("status = ?", before.Status).
			Select("status", "broker_id", "broker_org_id", "follow_up_note", "match_id", "handled_at").Updates(it),
			ErrLeadTaken.Say("该意向刚被其他经纪人处理，请刷新")); err != nil {
			return err
		}
		if err := describeLeads(tx, actor, []*Interest{it}); err != nil {
			return err
		}
		out = it
		return Audit(tx, actor, "lead."+string(act), "interest", it.ID, before, it)
	})
	return out, err
}
