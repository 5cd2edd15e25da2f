package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

type MatchStatus string

const (
	MatchProposed    MatchStatus = "proposed"
	MatchContacted   MatchStatus = "contacted"
	MatchNegotiating MatchStatus = "negotiating"
	MatchAgreed      MatchStatus = "agreed"
	MatchFailed      MatchStatus = "failed"
)

var matchStatusNames = map[MatchStatus]string{MatchProposed: "已推荐", MatchContacted: "已联系", MatchNegotiating: "洽谈中", MatchAgreed: "已达成", MatchFailed: "未成功"}

// Response is one side's answer to a broker's introduction.
type Response string

const (
	ResponsePending  Response = "pending"
	ResponseAccepted Response = "accepted"
	ResponseDeclined Response = "declined"
)

// MatchAction is a step of a match: the parties answer the broker's
// introduction; the broker moves it along the pipeline and keeps its timeline.
type MatchAction string

const (
	MActAccept    MatchAction = "accept"    // a party: agrees to the introduction (同意对接)
	MActDecline   MatchAction = "decline"   // a party: declines it (谢绝对接): proposed -> failed
	MActContact   MatchAction = "contact"   // broker, once both parties accepted: proposed -> contacted
	MActNegotiate MatchAction = "negotiate" // broker: contacted -> negotiating
	MActAgree     MatchAction = "agree"     // broker: negotiating -> agreed, which opens a deal
	MActFail      MatchAction = "fail"      // broker, at any open stage: -> failed
	MActNote      MatchAction = "note"      // broker: a dated note on the timeline; the status stays
)

// MatchActions lists every action, in the order pages show them.
var MatchActions = []MatchAction{MActAccept, MActDecline, MActContact, MActNegotiate, MActAgree, MActFail, MActNote}

var matchActionNames = map[MatchAction]string{MActAccept: "同意对接", MActDecline: "谢绝对接", MActContact: "标记为已联系",
	MActNegotiate: "进入洽谈", MActAgree: "标记为已达成", MActFail: "标记为未成功", MActNote: "记录进展"}

var matchMoves = map[MatchStatus]map[MatchAction]MatchStatus{
	MatchProposed:    {MActAccept: MatchProposed, MActDecline: MatchFailed, MActContact: MatchContacted, MActFail: MatchFailed, MActNote: MatchProposed},
	MatchContacted:   {MActNegotiate: MatchNegotiating, MActFail: MatchFailed, MActNote: MatchContacted},
	MatchNegotiating: {MActAgree: MatchAgreed, MActFail: MatchFailed, MActNote: MatchNegotiating},
	MatchAgreed:      {MActNote: MatchAgreed},
	MatchFailed:      {MActNote: MatchFailed},
}

// NextMatchStatus is the broker pipeline of docs/ARCHITECTURE.md:
// proposed -> contacted -> negotiating -> agreed | failed. The parties answer
// while it is proposed (a refusal fails it); a broker may give up at any open
// stage and note progress at any time. That contact needs both parties to
// have accepted is checkMatchAct's, which reads their answers.
func NextMatchStatus(from MatchStatus, act MatchAction) (MatchStatus, error) {
	if to, ok := matchMoves[from][act]; ok {
		return to, nil
	}
	return from, ErrBadTransition.Sayf("对接当前状态（%s）不能%s", matchStatusNames[from], matchActionNames[act])
}

// matchMoveAction is the broker's action that moves a match to status to,
// as the move endpoint names it.
func matchMoveAction(to MatchStatus) (MatchAction, bool) {
	act, ok := map[MatchStatus]MatchAction{MatchContacted: MActContact, MatchNegotiating: MActNegotiate, MatchAgreed: MActAgree, MatchFailed: MActFail}[to]
	return act, ok
}

// bothAccepted: both parties agreed to the introduction.
func (m *Match) bothAccepted() bool {
	return m.SupplierResponse == ResponseAccepted && m.DemanderResponse == ResponseAccepted
}

// checkMatchAct is the one decision of whether actor may take act on the
// match now: the write paths call it, and matchActions asks it of every
// action. Whoever may not see the match hears "not found".
func checkMatchAct(actor Actor, m *Match, act MatchAction) error {
	if !actor.canSeeMatch(m) {
		return ErrMatchNotFound
	}
	switch act {
	case MActAccept, MActDecline:
		if (actor.OrgID != m.SupplierOrgID && actor.OrgID != m.DemanderOrgID) || (actor.Role != RoleSupplier && actor.Role != RoleDemander) {
			return ErrNotAParty.Say("只有供需双方可以答复对接邀请")
		}
		if err := actor.RequireVerified(); err != nil {
			return err
		}
		if m.Status != MatchProposed {
			return ErrAlreadyAnswered.Say("对接已进入下一阶段，不能再更改答复")
		}
		answer := map[MatchAction]Response{MActAccept: ResponseAccepted, MActDecline: ResponseDeclined}[act]
		if *m.responseOf(actor.OrgID) == answer {
			return ErrAlreadyAnswered
		}
	case MActNote:
		if !actor.brokerOf(m) {
			return ErrNotYourMatch.Say("只有负责该对接的经纪机构可以记录进展")
		}
	default:
		if !actor.brokerOf(m) {
			return ErrNotYourMatch.Say("只有负责该对接的经纪机构可以推进状态")
		}
	}
	if _, err := NextMatchStatus(m.Status, act); err != nil {
		return err
	}
	if act == MActContact && !m.bothAccepted() {
		return ErrNotAccepted
	}
	return nil
}

// responseOf is the answer of the party orgID, the supplier's unless it is the demander.
func (m *Match) responseOf(orgID int64) *Response {
	if orgID == m.DemanderOrgID {
		return &m.DemanderResponse
	}
	return &m.SupplierResponse
}

// matchActions says what actor may do with the match now, from the same
// rule the write paths apply.
func matchActions(actor Actor, m *Match) []string {
	return permitted(MatchActions, func(act MatchAction) error { return checkMatchAct(actor, m, act) })
}

// Match links one need and one achievement, run by a broker of a broker firm.
type Match struct {
	ID int64 `gorm:"primaryKey" json:"id"`
	// NeedID is nil for a match from a roadshow lead whose enterprise has
	// no published need: the match names the enterprise (DemanderOrgID).
	NeedID           *int64      `json:"need_id"`
	AchievementID    int64       `gorm:"not null;index" json:"achievement_id"`
	BrokerID         int64       `gorm:"not null;index" json:"broker_id"`
	BrokerOrgID      int64       `gorm:"not null;index" json:"broker_org_id"`
	SupplierOrgID    int64       `gorm:"not null;index" json:"supplier_org_id"`
	DemanderOrgID    int64       `gorm:"not null;index" json:"demander_org_id"`
	Status           MatchStatus `gorm:"size:20;not null" json:"status"`
	SupplierResponse Response    `gorm:"size:20;not null" json:"supplier_response"`
	DemanderResponse Response    `gorm:"size:20;not null" json:"demander_response"`
	Source           string      `gorm:"size:20;not null" json:"source"`
	Score            float64     `gorm:"not null;default:0" json:"score"`
	Reasons          StringList  `gorm:"type:text;not null" json:"reasons"`
	AgreedPriceFen   int64       `gorm:"not null;default:0" json:"agreed_price_fen"`
	DealID           *int64      `json:"deal_id"`
	// RoadshowID is the roadshow whose intent the match came from.
	RoadshowID       *int64      `json:"roadshow_id"`
	CreatedAt        time.Time   `json:"created_at"`
	UpdatedAt        time.Time   `json:"updated_at"`
	NeedTitle        string      `gorm:"-" json:"need_title"`
	AchievementTitle string      `gorm:"-" json:"achievement_title"`
	Notes            []MatchNote `gorm:"-" json:"notes,omitempty"`
	Contacts         []Contact   `gorm:"-" json:"contacts,omitempty"`
	// Actions is what the caller may do with the match now (matchActions).
	Actions []string `gorm:"-" json:"actions"`
}

// MatchNote is a dated entry of a match's timeline.
type MatchNote struct {
	ID        int64       `gorm:"primaryKey" json:"id"`
	MatchID   int64       `gorm:"not null;index" json:"match_id"`
	AuthorID  int64       `gorm:"not null" json:"author_id"`
	Body      string      `gorm:"type:text;not null" json:"body"`
	Status    MatchStatus `gorm:"size:20;not null;default:''" json:"status"`
	CreatedAt time.Time   `json:"created_at"`
}

// Contact is one side's contact, revealed once both sides accept.
type Contact struct {
	Side  string `json:"side"` // supplier | demander
	Org   string `json:"org"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

func (a Actor) brokerOf(m *Match) bool { return a.Acts(RoleBroker) && a.OrgID == m.BrokerOrgID }

// canSeeMatch: the broker firm running it, both parties, admins.
func (a Actor) canSeeMatch(m *Match) bool {
	return a.LoggedIn() && (a.Acts(RoleAdmin) || a.brokerOf(m) || a.OrgID == m.SupplierOrgID || a.OrgID == m.DemanderOrgID)
}

// MatchProposal is a broker's introduction of an achievement to a need.
type MatchProposal struct {
	NeedID        int64    `json:"need_id"`
	AchievementID int64    `json:"achievement_id"`
	Note          string   `json:"note"`
	Source        string   `json:"source"` // recommendation | manual | roadshow
	Score         float64  `json:"score"`
	Reasons       []string `json:"reasons"`
}

// ProposeMatch opens a match between two published listings and tells both sides.
func (m *Market) ProposeMatch(ctx context.Context, actor Actor, p MatchProposal) (*Match, error) {
	var match *Match
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		match, err = proposeMatch(tx, actor, p, nil)
		return err
	})
	return match, err
}

// demandSide is who a match introduces the achievement to: a published
// need and its enterprise, or, from a roadshow lead, the enterprise alone.
type demandSide struct {
	needID *int64
	title  string // the need's, "" without one
	orgID  int64
	userID int64 // who hears of the match
}

// proposeMatch is ProposeMatch within a transaction, which a lead's match
// shares with the lead's change. A roadshow lead (from non-nil with a
// roadshow) may leave the need out (p.NeedID 0): the match then names the
// lead's enterprise, and remembers the roadshow either way.
func proposeMatch(tx *gorm.DB, actor Actor, p MatchProposal, from *Interest) (*Match, error) {
	if err := actor.Require(RoleBroker); err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	var roadshowID *int64
	if from != nil && from.RoadshowID != nil {
		roadshowID, p.Source = from.RoadshowID, "roadshow"
	}
	needless := roadshowID != nil && p.NeedID == 0
	f := map[string]string{}
	if p.NeedID < 1 && !needless {
		f["need_id"] = "请选择需求"
	}
	if p.AchievementID < 1 {
		f["achievement_id"] = "请选择成果"
	}
	if p.Source == "" {
		p.Source = "manual"
	}
	if !oneOf(p.Source, []string{"recommendation", "manual", "roadshow"}) {
		f["source"] = "来源只能是 recommendation、manual 或 roadshow"
	}
	checkLen(f, "note", strings.TrimSpace(p.Note), 0, 2000, "备注")
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var match *Match
	err := func() error {
		var ach Achievement
		side := demandSide{}
		if needless {
			side.orgID, side.userID = from.OrgID, from.UserID
		} else {
			var need Need
			if err := tx.First(&need, p.NeedID).Error; err != nil || need.Status != StatusPublished {
				return Invalid(map[string]string{"need_id": "需求不存在或未发布"})
			}
			side = demandSide{needID: &need.ID, title: need.Title, orgID: need.OrgID, userID: need.CreatedBy}
		}
		if err := tx.First(&ach, p.AchievementID).Error; err != nil || ach.Status != StatusPublished {
			return Invalid(map[string]string{"achievement_id": "成果不存在或未发布"})
		}
		if side.orgID == ach.OrgID {
			return Invalid(map[string]string{"achievement_id": "成果与需求属于同一机构，无需撮合"})
		}
		open := tx.Model(&Match{}).Where("achievement_id = ? AND broker_org_id = ? AND status <> ?", ach.ID, actor.OrgID, MatchFailed)
		if needless {
			open = open.Where("need_id IS NULL AND demander_org_id = ?", side.orgID)
		} else {
			open = open.Where("need_id = ?", *side.needID)
		}
		var n int64
		if err := open.Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrMatchExists
		}
		match = &Match{NeedID: side.needID, AchievementID: ach.ID, BrokerID: actor.UserID, BrokerOrgID: actor.OrgID,
			SupplierOrgID: ach.OrgID, DemanderOrgID: side.orgID, Status: MatchProposed,
			SupplierResponse: ResponsePending, DemanderResponse: ResponsePending, Source: p.Source,
			Score: p.Score, Reasons: cleanList(p.Reasons), RoadshowID: roadshowID}
		if err := tx.Create(match).Error; err != nil {
			return err
		}
		body := strings.TrimSpace(p.Note)
		if body == "" {
			body = "经纪人推荐对接"
		}
		if err := tx.Create(&MatchNote{MatchID: match.ID, AuthorID: actor.UserID, Body: body, Status: MatchProposed}).Error; err != nil {
			return err
		}
		link := fmt.Sprintf("/matches/%d", match.ID)
		supplierTitle := fmt.Sprintf("技术经纪人推荐您的成果《%s》对接需求《%s》", ach.Title, side.title)
		demanderTitle := fmt.Sprintf("技术经纪人为您的需求《%s》推荐了成果《%s》", side.title, ach.Title)
		if needless {
			supplierTitle = fmt.Sprintf("技术经纪人推荐您的成果《%s》对接路演中有意向的企业", ach.Title)
			demanderTitle = fmt.Sprintf("技术经纪人就您在路演中登记的意向推荐对接成果《%s》", ach.Title)
		}
		for _, n := range []Notification{
			{UserID: ach.CreatedBy, Kind: "match.proposed", Title: supplierTitle, Body: "请在对接详情中选择同意或谢绝。", Link: link},
			{UserID: side.userID, Kind: "match.proposed", Title: demanderTitle, Body: "请在对接详情中选择同意或谢绝。", Link: link},
		} {
			if err := notify(tx, n); err != nil {
				return err
			}
		}
		match.NeedTitle, match.AchievementTitle = side.title, ach.Title
		match.Actions = matchActions(actor, match)
		return Audit(tx, actor, "match.propose", "match", match.ID, nil, match)
	}()
	return match, err
}

// matchFor locks a match for an act of actor (see lockFor): hidden from
// whoever may not see it, refused to whoever may not take the act.
func matchFor(tx *gorm.DB, actor Actor, id int64, may func(*Match) bool, forbidden *Error) (*Match, error) {
	return lockFor(tx, id, ErrMatchNotFound, actor.canSeeMatch, may, forbidden)
}

// RespondToMatch records the supplier's or the demander's answer to an introduction.
func (m *Market) RespondToMatch(ctx context.Context, actor Actor, id int64, accept bool) (*Match, error) {
	return respondToMatch(m.db.WithContext(ctx), actor, id, accept, m.now())
}

func respondToMatch(db *gorm.DB, actor Actor, id int64, accept bool, now time.Time) (*Match, error) {
	var out *Match
	err := db.Transaction(func(tx *gorm.DB) error {
		act, note := MActDecline, "谢绝对接"
		if accept {
			act, note = MActAccept, "同意对接"
		}
		match, err := matchFor(tx, actor, id, nil, nil)
		if err != nil {
			return err
		}
		if err := checkMatchAct(actor, match, act); err != nil {
			return err
		}
		before := *match
		slot, column, side := match.responseOf(actor.OrgID), "supplier_response", "供方"
		if actor.OrgID == match.DemanderOrgID {
			column, side = "demander_response", "需方"
		}
		was := *slot
		*slot = map[MatchAction]Response{MActAccept: ResponseAccepted, MActDecline: ResponseDeclined}[act]
		match.Status, _ = NextMatchStatus(match.Status, act)
		// The same answer twice (a double click, two members at once) is
		// answered once: the conditional update moves the side's answer from
		// what it was, so one of them records it, notifies and audits.
		if err := moved(tx.Model(&Match{}).Where("id = ? AND status = ? AND "+column+" = ?", match.ID, before.Status, was).
			Updates(map[string]any{column: *slot, "status": match.Status, "updated_at": now.UTC()}), ErrAlreadyAnswered); err != nil {
			return err
		}
		if err := tx.Create(&MatchNote{MatchID: match.ID, AuthorID: actor.UserID, Body: side + note, Status: match.Status}).Error; err != nil {
			return err
		}
		if err := notify(tx, Notification{UserID: match.BrokerID, Kind: "match.response", Title: fmt.Sprintf("对接 #%d：%s%s", match.ID, side, note), Link: fmt.Sprintf("/matches/%d", match.ID)}); err != nil {
			return err
		}
		out = match
		return Audit(tx, actor, "match.respond", "match", match.ID, before, match)
	})
	return out, err
}

// MatchMove is a broker's step along the pipeline, with a note for the timeline.
type MatchMove struct {
	Status   MatchStatus `json:"status"`
	Note     string      `json:"note"`
	PriceFen int64       `json:"price_fen"` // agreed price, for status agreed
}

// MoveMatch advances a match; agreeing opens a deal for the deals desk.
func (m *Market) MoveMatch(ctx context.Context, actor Actor, id int64, mv MatchMove) (*Match, error) {
	db := m.db.WithContext(ctx)
	f := map[string]string{}
	checkLen(f, "note", strings.TrimSpace(mv.Note), 0, 2000, "备注")
	checkFen(f, "price_fen", mv.PriceFen, true, "成交价格")
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var out *Match
	err := db.Transaction(func(tx *gorm.DB) error {
		match, err := matchFor(tx, actor, id, actor.brokerOf, ErrNotYourMatch.Say("只有负责该对接的经纪机构可以推进状态"))
		if err != nil {
			return err
		}
		act, ok := matchMoveAction(mv.Status)
		if !ok {
			return ErrBadTransition.Sayf("对接状态不能从“%s”变为“%s”", matchStatusNames[match.Status], matchStatusNames[mv.Status])
		}
		if err := checkMatchAct(actor, match, act); err != nil {
			return err
		}
		before := *match
		// The broker's move is taken once: of the same move sent twice at
		// once, the conditional update lets one through (one note, one audit
		// entry, and for agreed one deal).
		if err := moveFrom[Match](tx, match.ID, before.Status, map[string]any{"status": mv.Status, "updated_at": m.now().UTC()},
			ErrBadTransition.Say("对接状态刚被他人推进，请刷新")); err != nil {
			return err
		}
		match.Status = mv.Status
		if mv.Status == MatchAgreed {
			deal, err := openDealFromMatch(tx, match, mv.PriceFen)
			if err != nil {
				return err
			}
			match.DealID, match.AgreedPriceFen = &deal.ID, mv.PriceFen
			if err := tx.Model(&Match{}).Where("id = ?", match.ID).Updates(map[string]any{"deal_id": deal.ID, "agreed_price_fen": mv.PriceFen}).Error; err != nil {
				return err
			}
		}
		body := strings.TrimSpace(mv.Note)
		if body == "" {
			body = "状态变更为：" + matchStatusNames[mv.Status]
		}
		if err := tx.Create(&MatchNote{MatchID: match.ID, AuthorID: actor.UserID, Body: body, Status: match.Status}).Error; err != nil {
			return err
		}
		out = match
		return Audit(tx, actor, "match."+string(mv.Status), "match", match.ID, before, match)
	})
	return out, err
}

// AddMatchNote adds a dated note without changing the status.
func (m *Market) AddMatchNote(ctx context.Context, actor Actor, id int64, body string) (*MatchNote, error) {
	db := m.db.WithContext(ctx)
	body = strings.TrimSpace(body)
	if err := invalidIf(checkLen, "note", body, 1, 2000, "备注"); err != nil {
		return nil, err
	}
	var n *MatchNote
	err := db.Transaction(func(tx *gorm.DB) error {
		match, err := matchFor(tx, actor, id, actor.brokerOf, ErrNotYourMatch.Say("只有负责该对接的经纪机构可以记录进展"))
		if err != nil {
			return err
		}
		if err := checkMatchAct(actor, match, MActNote); err != nil {
			return err
		}
		n = &MatchNote{MatchID: match.ID, AuthorID: actor.UserID, Body: body, Status: match.Status}
		return tx.Create(n).Error
	})
	return n, err
}

// GetMatch loads a match with titles, its timeline and, once both sides have
// accepted (or for the broker running it), the contacts.
func (m *Market) GetMatch(ctx context.Context, actor Actor, id int64) (*Match, error) {
	db := m.db.WithContext(ctx)
	match, err := findByID[Match](db, id, ErrMatchNotFound)
	if err != nil {
		return nil, err
	}
	if !actor.canSeeMatch(match) {
		return nil, ErrMatchNotFound
	}
	var ach Achievement
	if err := db.First(&ach, match.AchievementID).Error; err != nil {
		return nil, err
	}
	demander, err := demanderContact(db, match)
	if err != nil {
		return nil, err
	}
	match.NeedTitle, match.AchievementTitle = demander.need, ach.Title
	match.Notes = []MatchNote{}
	if err := db.Where("match_id = ?", match.ID).Order("id").Find(&match.Notes).Error; err != nil {
		return nil, err
	}
	match.Actions = matchActions(actor, match)
	if match.bothAccepted() || actor.brokerOf(match) || actor.Acts(RoleAdmin) {
		var orgs []Organization
		db.Where("id IN ?", []int64{ach.OrgID, match.DemanderOrgID}).Find(&orgs)
		name := map[int64]string{}
		for _, o := range orgs {
			name[o.ID] = o.Name
		}
		demander.Org = name[match.DemanderOrgID]
		match.Contacts = []Contact{
			{"supplier", name[ach.OrgID], ach.ContactName, ach.ContactPhone, ach.ContactEmail},
			demander.Contact,
		}
	}
	return match, nil
}

// demanderSide is the demand side of a match: the need's title and
// contact, or, for a match from a roadshow lead without a need, the contact
// of the person who recorded the intent.
type demanderSide struct {
	Contact
	need string
}

func demanderContact(db *gorm.DB, match *Match) (demanderSide, error) {
	if match.NeedID != nil {
		var need Need
		if err := db.First(&need, *match.NeedID).Error; err != nil {
			return demanderSide{}, err
		}
		return demanderSide{Contact{Side: "demander", Name: need.ContactName, Phone: need.ContactPhone, Email: need.ContactEmail}, need.Title}, nil
	}
	var u User
	err := db.Where("id = (?)", db.Model(&Interest{}).Select("user_id").Where("match_id = ?", match.ID).Limit(1)).First(&u).Error
	if err != nil && err != gorm.ErrRecordNotFound {
		return demanderSide{}, err
	}
	return demanderSide{Contact{Side: "demander", Name: u.Name, Phone: u.Phone, Email: u.Email}, ""}, nil
}

// MatchFilter selects matches for a pipeline view.
type MatchFilter struct {
	Status        string
	NeedID        int64
	AchievementID int64
	Mine          bool // a broker's own matches only, rather than the firm's
	ToDo          bool // proposed matches this side (supplier or demander) has not answered
	Page
}

// ListMatches shows brokers their firm's pipeline, parties the matches that
// involve their organisation, admins everything.
func (m *Market) ListMatches(ctx context.Context, actor Actor, f MatchFilter) ([]Match, int64, error) {
	db := m.db.WithContext(ctx)
	if !actor.LoggedIn() {
		return nil, 0, ErrUnauthenticated
	}
	q := db.Model(&Match{})
	switch {
	case actor.Acts(RoleAdmin):
	case actor.Acts(RoleBroker):
		q = q.Where("broker_org_id = ?", actor.OrgID)
		if f.Mine {
			q = q.Where("broker_id = ?", actor.UserID)
		}
	default:
		q = q.Where("supplier_org_id = ? OR demander_org_id = ?", actor.OrgID, actor.OrgID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.ToDo {
		q = q.Where("status = ? AND ((supplier_org_id = ? AND supplier_response = ?) OR (demander_org_id = ? AND demander_response = ?))",
			MatchProposed, actor.OrgID, ResponsePending, actor.OrgID, ResponsePending)
	}
	if f.NeedID > 0 {
		q = q.Where("need_id = ?", f.NeedID)
	}
	if f.AchievementID > 0 {
		q = q.Where("achievement_id = ?", f.AchievementID)
	}
	ms, total, err := findPageEach(q, "updated_at DESC, id DESC", f.Page, func(mt *Match) { mt.Actions = matchActions(actor, mt) })
	if err != nil {
		return nil, 0, err
	}
	return ms, total, fillMatchTitles(db, ms)
}

func fillMatchTitles(db *gorm.DB, ms []Match) error {
	var needIDs, achIDs []int64
	for _, m := range ms {
		if m.NeedID != nil {
			needIDs = append(needIDs, *m.NeedID)
		}
		achIDs = append(achIDs, m.AchievementID)
	}
	if len(ms) == 0 {
		return nil
	}
	nt, err := namesOf(db, &Need{}, "title", needIDs)
	if err != nil {
		return err
	}
	at, err := namesOf(db, &Achievement{}, "title", achIDs)
	if err != nil {
		return err
	}
	for i := range ms {
		if ms[i].NeedID != nil {
			ms[i].NeedTitle = nt[*ms[i].NeedID]
		}
		ms[i].AchievementTitle = at[ms[i].AchievementID]
	}
	return nil
}
