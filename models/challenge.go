package models

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// ChallengeStatus is where a challenge (揭榜挂帅 / 技术难题招标) stands:
// draft -> published -> closed (proposals end at the deadline) -> awarded | no_award;
// an admin may take a published challenge down.
type ChallengeStatus string

const (
	ChallengeDraft     ChallengeStatus = "draft"
	ChallengePublished ChallengeStatus = "published"
	ChallengeClosed    ChallengeStatus = "closed"
	ChallengeAwarded   ChallengeStatus = "awarded"
	ChallengeNoAward   ChallengeStatus = "no_award"
	ChallengeTakenDown ChallengeStatus = "taken_down"
)

// ChallengeAction is a step of a challenge.
type ChallengeAction string

const (
	ChActEdit           ChallengeAction = "edit"            // challenger: a draft's content changes
	ChActPublish        ChallengeAction = "publish"         // challenger: draft -> published (发榜)
	ChActPropose        ChallengeAction = "propose"         // another organisation submits its proposal (揭榜), until the deadline
	ChActAssignReviewer ChallengeAction = "assign_reviewer" // challenger: invites a reviewer, once published
	ChActNoAward        ChallengeAction = "no_award"        // challenger: closed -> no_award (流榜)
	ChActTakeDown       ChallengeAction = "take_down"       // market admin: published | closed -> taken_down
	ChActClose          ChallengeAction = "close"           // scheduler, deadline passed: published -> closed
	ChActAward          ChallengeAction = "award"           // an award of a proposal (the proposal's action): closed | awarded -> awarded
)

// ChallengeActions lists the actions a challenge offers its callers, in the
// order pages show them; close is the scheduler's, award the proposal's.
var ChallengeActions = []ChallengeAction{ChActEdit, ChActPublish, ChActPropose, ChActAssignReviewer, ChActNoAward, ChActTakeDown}

var challengeMoves = map[ChallengeStatus]map[ChallengeAction]ChallengeStatus{
	ChallengeDraft:     {ChActEdit: ChallengeDraft, ChActPublish: ChallengePublished},
	ChallengePublished: {ChActPropose: ChallengePublished, ChActAssignReviewer: ChallengePublished, ChActClose: ChallengeClosed, ChActTakeDown: ChallengeTakenDown},
	ChallengeClosed:    {ChActAssignReviewer: ChallengeClosed, ChActAward: ChallengeAwarded, ChActNoAward: ChallengeNoAward, ChActTakeDown: ChallengeTakenDown},
	ChallengeAwarded:   {ChActAssignReviewer: ChallengeAwarded, ChActAward: ChallengeAwarded},
}

// NextChallengeStatus is the challenge workflow: draft -> published ->
// closed (the deadline) -> awarded | no_award, and a market admin's takedown
// of a published or closed one. A published challenge whose deadline has
// passed is closed, whether or not the scheduler has got to it: callers ask
// with statusAt.
func NextChallengeStatus(from ChallengeStatus, act ChallengeAction) (ChallengeStatus, error) {
	if to, ok := challengeMoves[from][act]; ok {
		return to, nil
	}
	return from, ErrBadTransition.Sayf("难题当前状态（%s）不能%s", challengeStatusNames[from], challengeActionNames[act])
}

var challengeStatusNames = map[ChallengeStatus]string{ChallengeDraft: "草稿", ChallengePublished: "征集中", ChallengeClosed: "征集截止",
	ChallengeAwarded: "已揭榜", ChallengeNoAward: "未揭榜", ChallengeTakenDown: "已下架"}

var challengeActionNames = map[ChallengeAction]string{ChActEdit: "修改", ChActPublish: "发榜", ChActPropose: "揭榜", ChActAssignReviewer: "指派评审专家",
	ChActNoAward: "宣布无人揭榜", ChActTakeDown: "下架", ChActClose: "截止征集", ChActAward: "揭榜授奖"}

// statusAt is the challenge's status at now: a published challenge past its
// deadline is closed.
func (c *Challenge) statusAt(now time.Time) ChallengeStatus {
	if c.Status == ChallengePublished && !now.Before(c.Deadline) {
		return ChallengeClosed
	}
	return c.Status
}

// challengeFacts are what the rules of a challenge's actions read beside it.
type challengeFacts struct {
	Now      time.Time
	Proposed bool // the actor's organisation has a proposal for it
}

// refusedMove is what each act has always answered when the challenge is
// not in a status it takes.
func refusedMove(c *Challenge, st ChallengeStatus, act ChallengeAction, err error) error {
	switch act {
	case ChActEdit:
		return ErrNotEditable.Say("只有草稿可以修改；发布后请勿改变榜单条件")
	case ChActPublish:
		return ErrBadTransition.Say("只有草稿可以发布")
	case ChActPropose:
		return closedError(c)
	case ChActAssignReviewer:
		return ErrBadTransition.Say("只有已发布的难题可以指派评审专家")
	case ChActNoAward:
		if st == ChallengePublished {
			return ErrChallengeOpen
		}
		return ErrBadTransition.Say("该难题已揭榜或已结束")
	case ChActTakeDown:
		return ErrBadTransition.Say("只有征集中或已截止未揭榜的难题可以下架")
	}
	return err
}

// checkChallengeAct is the one rule of who may take act on challenge c now:
// the move (NextChallengeStatus, from the status at f.Now), the actor's
// powers, and the facts (the deadline, a proposal already sent). The write
// paths call it after opening the challenge, and challengeActions calls it
// for every action.
func checkChallengeAct(actor Actor, c *Challenge, act ChallengeAction, f challengeFacts) error {
	st := c.statusAt(f.Now)
	if _, err := NextChallengeStatus(st, act); err != nil {
		return refusedMove(c, st, act, err)
	}
	switch act {
	case ChActEdit:
		if !actor.challengerOf(c) {
			return ErrNotYourChallenge
		}
	case ChActPublish, ChActAssignReviewer, ChActNoAward:
		if !actor.challengerOf(c) {
			return ErrNotYourChallenge
		}
		if err := actor.RequireVerified(); err != nil {
			return err
		}
		if act == ChActPublish && !c.Deadline.After(f.Now) {
			return Invalid(map[string]string{"deadline": "征集截止时间必须晚于现在"})
		}
	case ChActTakeDown:
		if err := actor.RequirePower(RoleAdmin); err != nil {
			return err
		}
	case ChActPropose:
		if err := actor.Require(RoleSupplier, RoleDemander); err != nil {
			return ErrForbidden.Say("只有高校、科研院所和企业可以揭榜")
		}
		if err := actor.RequireVerified(); err != nil {
			return err
		}
		if !actor.outsiderOf(c) {
			return ErrOwnChallenge
		}
		if f.Proposed {
			return ErrProposalExists
		}
	default: // close and award are not the caller's acts on a challenge
		return ErrBadAction
	}
	return nil
}

// challengeActions says what the actor may do with the challenge now, from checkChallengeAct.
func challengeActions(actor Actor, c *Challenge, f challengeFacts) []string {
	return permitted(ChallengeActions, func(act ChallengeAction) error { return checkChallengeAct(actor, c, act, f) })
}

// withChallengeActions fills in what the actor may do with each challenge at now.
func withChallengeActions(db *gorm.DB, actor Actor, now time.Time, cs ...*Challenge) error {
	proposed := map[int64]bool{}
	if actor.Active() && len(cs) > 0 {
		ids := make([]int64, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		var rows []int64
		if err := db.Model(&Proposal{}).Where("org_id = ? AND challenge_id IN ?", actor.OrgID, ids).Pluck("challenge_id", &rows).Error; err != nil {
			return err
		}
		for _, id := range rows {
			proposed[id] = true
		}
	}
	for _, c := range cs {
		c.Actions = challengeActions(actor, c, challengeFacts{Now: now, Proposed: proposed[c.ID]})
	}
	return nil
}

// Goal is one measurable indicator the solution must reach (e.g. 转换效率 ≥ 25%).
type Goal struct {
	Indicator string `json:"indicator"`
	Target    string `json:"target"`
}

// Criterion is one evaluation criterion and its weight in percent.
type Criterion struct {
	Criterion string `json:"criterion"`
	Weight    int    `json:"weight"`
}

// Goals, Criteria and Scores are stored as JSON text.
type (
	Goals    []Goal
	Criteria []Criterion
	Scores   []int
)

func jsonValue(v any) (driver.Value, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func jsonScan(src any, dst any) error {
	switch x := src.(type) {
	case string:
		return json.Unmarshal([]byte(x), dst)
	case []byte:
		return json.Unmarshal(x, dst)
	case nil:
		return nil
	}
	return fmt.Errorf("cannot scan %T as JSON", src)
}

func (g Goals) Value() (driver.Value, error)    { return jsonValue(append(Goals{}, g...)) }
func (g *Goals) Scan(v any) error               { return jsonScan(v, g) }
func (c Criteria) Value() (driver.Value, error) { return jsonValue(append(Criteria{}, c...)) }
func (c *Criteria) Scan(v any) error            { return jsonScan(v, c) }
func (s Scores) Value() (driver.Value, error)   { return jsonValue(append(Scores{}, s...)) }
func (s *Scores) Scan(v any) error              { return jsonScan(v, s) }

// Challenge is a technical problem an enterprise or a bureau puts out for
// solutions, with an award for the organisations that solve it.
type Challenge struct {
	ID             int64           `gorm:"primaryKey" json:"id"`
	OrgID          int64           `gorm:"not null;index" json:"org_id"`
	CreatedBy      int64           `gorm:"not null" json:"-"`
	Title          string          `gorm:"size:200;not null" json:"title"`
	Problem        string          `gorm:"type:text;not null" json:"problem"`
	Goals          Goals           `gorm:"type:text;not null" json:"goals"`
	AwardFen       int64           `gorm:"not null" json:"award_fen"`
	Deadline       time.Time       `gorm:"not null" json:"deadline"`
	Criteria       Criteria        `gorm:"type:text;not null" json:"criteria"`
	Keywords       StringList      `gorm:"type:text;not null" json:"keywords"`
	Field          string          `gorm:"size:20;not null" json:"field"`
	Region         string          `gorm:"size:6;not null" json:"region"`
	Status         ChallengeStatus `gorm:"size:20;not null" json:"status"`
	TakedownReason string          `gorm:"type:text;not null;default:''" json:"takedown_reason,omitempty"`
	PublishedAt    *time.Time      `json:"published_at"`
	ClosedAt       *time.Time      `json:"closed_at"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`

	OrgName    string `gorm:"-" json:"org_name"`
	RegionName string `gorm:"-" json:"region_name"`
	// Winners are the awarded proposals, public once awarded (揭榜结果).
	Winners []Winner `gorm:"-" json:"winners,omitempty"`
	// Viewer is the caller's relation to the challenge; filled by GetChallenge.
	Viewer *ChallengeViewer `gorm:"-" json:"viewer,omitempty"`
	// Actions is what the caller may do with the challenge now (ChallengeActions).
	Actions []string `gorm:"-" json:"actions"`
}

// ChallengeViewer is the caller's relation to a challenge.
type ChallengeViewer struct {
	Challenger    bool   `json:"challenger"`     // a member of the challenger organisation
	Reviewer      bool   `json:"reviewer"`       // an assigned reviewer
	MyProposalID  *int64 `json:"my_proposal_id"` // the proposal of the caller's organisation
	ProposalCount *int64 `json:"proposal_count,omitempty"`
}

// Winner is what the public sees of an awarded proposal.
type Winner struct {
	ProposalID int64  `json:"proposal_id"`
	Title      string `json:"title"`
	OrgName    string `json:"org_name"`
	AwardFen   int64  `json:"award_fen"`
}

// ChallengeInput is what the challenger writes.
type ChallengeInput struct {
	Title    string     `json:"title"`
	Problem  string     `json:"problem"`
	Goals    Goals      `json:"goals"`
	AwardFen int64      `json:"award_fen"`
	Deadline *time.Time `json:"deadline"`
	Criteria Criteria   `json:"criteria"`
	Keywords []string   `json:"keywords"`
	Field    string     `json:"field"`
	Region   string     `json:"region"`
}

// CheckChallenge validates a challenge as of now, field by field; cap is
// the most a challenge may offer.
func CheckChallenge(in *ChallengeInput, now time.Time, capFen int64) map[string]string {
	f := map[string]string{}
	in.Title, in.Problem = strings.TrimSpace(in.Title), strings.TrimSpace(in.Problem)
	checkName(f, "title", in.Title, 4, 200, "难题名称")
	checkLen(f, "problem", in.Problem, 10, 20000, "难题描述")
	switch {
	case len(in.Goals) == 0:
		f["goals"] = "请至少填写一项可量化的目标指标"
	case len(in.Goals) > 20:
		f["goals"] = "目标指标最多 20 项"
	}
	for i := range in.Goals {
		g := &in.Goals[i]
		g.Indicator, g.Target = strings.TrimSpace(g.Indicator), strings.TrimSpace(g.Target)
		if n := utf8.RuneCountInString(g.Indicator); n < 2 || n > 100 {
			f["goals"] = fmt.Sprintf("第 %d 项指标名称应为 2 到 100 个字符", i+1)
		} else if n := utf8.RuneCountInString(g.Target); n < 1 || n > 100 {
			f["goals"] = fmt.Sprintf("第 %d 项指标“%s”请填写目标值（不超过 100 个字符）", i+1, g.Indicator)
		}
	}
	if checkFen(f, "award_fen", in.AwardFen, false, "榜单金额") && in.AwardFen > capFen {
		f["award_fen"] = fmt.Sprintf("榜单金额不能超过 %s", Yuan(capFen))
	}
	switch {
	case in.Deadline == nil || in.Deadline.IsZero():
		f["deadline"] = "请填写方案征集截止时间"
	case !in.Deadline.After(now):
		f["deadline"] = "征集截止时间必须晚于现在"
	case in.Deadline.After(now.AddDate(1, 0, 0)):
		f["deadline"] = "征集期不能超过一年"
	}
	sum := 0
	switch {
	case len(in.Criteria) == 0:
		f["criteria"] = "请至少填写一项评审标准"
	case len(in.Criteria) > 10:
		f["criteria"] = "评审标准最多 10 项"
	}
	for i := range in.Criteria {
		c := &in.Criteria[i]
		c.Criterion = strings.TrimSpace(c.Criterion)
		if n := utf8.RuneCountInString(c.Criterion); n < 2 || n > 100 {
			f["criteria"] = fmt.Sprintf("第 %d 项评审标准名称应为 2 到 100 个字符", i+1)
		} else if c.Weight < 1 || c.Weight > 100 {
			f["criteria"] = fmt.Sprintf("评审标准“%s”的权重应为 1 到 100 之间的整数", c.Criterion)
		}
		sum += c.Weight
	}
	if _, bad := f["criteria"]; !bad && len(in.Criteria) > 0 && sum != 100 {
		f["criteria"] = fmt.Sprintf("各项评审标准的权重之和必须为 100（当前为 %d）", sum)
	}
	in.Keywords = cleanList(in.Keywords)
	if len(in.Keywords) > 20 {
		f["keywords"] = "关键词最多 20 个"
	}
	for _, k := range in.Keywords {
		if utf8.RuneCountInString(k) > 30 {
			f["keywords"] = "每个关键词不能超过 30 个字符"
		}
	}
	if !oneOf(in.Field, Fields) {
		f["field"] = "请选择有效的行业领域"
	}
	if !ValidRegion(in.Region) {
		f["region"] = "请选择有效的六位行政区划代码"
	}
	return f
}

// Yuan writes an amount of fen for people: 200 万元, 3.5 万元, 800 元.
func Yuan(fen int64) string {
	if fen >= 1_0000_00 && fen%1_0000_00 == 0 {
		return fmt.Sprintf("%d 万元", fen/1_0000_00)
	}
	if fen >= 1_0000_00 {
		return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", float64(fen)/1_0000_00), "0"), ".") + " 万元"
	}
	if fen%100 == 0 {
		return fmt.Sprintf("%d 元", fen/100)
	}
	return fmt.Sprintf("%d.%02d 元", fen/100, fen%100)
}

// WeightedTotal is a reviewer's total for one proposal in hundredths of a
// point (0–10000): each criterion's score (0–100) times its weight (the
// weights sum to 100). Integers keep the total exact.
func WeightedTotal(criteria Criteria, scores Scores) (int64, error) {
	if len(scores) != len(criteria) {
		return 0, Invalid(map[string]string{"scores": fmt.Sprintf("请为全部 %d 项评审标准打分", len(criteria))})
	}
	var total int64
	for i, s := range scores {
		if s < 0 || s > 100 {
			return 0, Invalid(map[string]string{"scores": fmt.Sprintf("“%s”的得分应为 0 到 100 之间的整数", criteria[i].Criterion)})
		}
		total += int64(s) * int64(criteria[i].Weight)
	}
	return total, nil
}

func (c *Challenge) public() bool {
	switch c.Status {
	case ChallengePublished, ChallengeClosed, ChallengeAwarded, ChallengeNoAward:
		return true
	}
	return false
}

// visibleTo: published and later challenges are public; a draft only for
// the challenger; a taken-down one also for market admins, who took it down.
func (c *Challenge) visibleTo(a Actor) bool {
	return c.public() || a.OwnOrg(c.OrgID) || c.Status == ChallengeTakenDown && a.Acts(RoleAdmin)
}

// openAt says whether proposals may still be submitted or revised.
func (c *Challenge) openAt(now time.Time) bool {
	return c.Status == ChallengePublished && now.Before(c.Deadline)
}

func closedError(c *Challenge) *Error {
	if c.Status == ChallengeDraft || c.Status == ChallengeTakenDown {
		return ErrChallengeNotOpen
	}
	return ErrChallengeClosed.Sayf("方案征集已于 %s 截止，不再接受提交或修改",
		c.Deadline.In(shanghai).Format("2006年1月2日 15:04"))
}

func (c *Challenge) apply(in *ChallengeInput) {
	c.Title, c.Problem, c.Goals, c.AwardFen, c.Criteria = in.Title, in.Problem, in.Goals, in.AwardFen, in.Criteria
	c.Deadline, c.Keywords, c.Field, c.Region = in.Deadline.UTC(), StringList(in.Keywords), in.Field, in.Region
}

func emitChallenge(tx *gorm.DB, c *Challenge) error {
	return emit(tx, "challenge.changed", "challenge", c.ID, map[string]any{"status": c.Status})
}

// challengeChanged tells the challenge's pages and the audit log (what:
// create, update, publish, take_down, no_award) that the actor changed it.
func challengeChanged(tx *gorm.DB, actor Actor, what string, before any, c *Challenge) error {
	if err := emitChallenge(tx, c); err != nil {
		return err
	}
	return Audit(tx, actor, "challenge."+what, "challenge", c.ID, before, c)
}

// CreateChallenge saves a draft of the actor's enterprise, or of the
// bureau an admin acts for.
func (m *Market) CreateChallenge(ctx context.Context, actor Actor, in ChallengeInput) (*Challenge, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleDemander, RoleAdmin); err != nil {
		return nil, ErrForbidden.Say("只有企业或科技管理部门可以发布难题")
	}
	if f := CheckChallenge(&in, now, m.Rules.ChallengeAwardCapFen); len(f) > 0 {
		return nil, Invalid(f)
	}
	c := &Challenge{OrgID: actor.OrgID, CreatedBy: actor.UserID, Status: ChallengeDraft}
	c.apply(&in)
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		if err := challengeChanged(tx, actor, "create", nil, c); err != nil {
			return err
		}
		return withChallengeActions(tx, actor, now, c)
	})
	return c, err
}

func lockChallenge(tx *gorm.DB, id int64) (*Challenge, error) {
	return lockByID[Challenge](tx, id, ErrChallengeNotFound)
}

// challengeFor locks a challenge for an act of actor (see lockFor): hidden
// from whoever may not see it, refused to whoever may not take the act.
func challengeFor(tx *gorm.DB, actor Actor, id int64, may func(*Challenge) bool, forbidden *Error) (*Challenge, error) {
	return lockFor(tx, id, ErrChallengeNotFound, func(c *Challenge) bool { return c.visibleTo(actor) }, may, forbidden)
}

// challengerOf: the actor acts for the organisation that published the
// challenge, as its enterprise or as the bureau's admin.
func (a Actor) challengerOf(c *Challenge) bool {
	return a.LoggedIn() && a.OrgID == c.OrgID && (a.Role == RoleDemander || a.Acts(RoleAdmin))
}

// ownChallenge locks a challenge the actor's organisation published.
func ownChallenge(tx *gorm.DB, actor Actor, id int64) (*Challenge, error) {
	return challengeFor(tx, actor, id, actor.challengerOf, ErrNotYourChallenge)
}

// ownChallengeFor locks a challenge the actor's organisation published, for
// an act checkChallengeAct allows at now.
func ownChallengeFor(tx *gorm.DB, actor Actor, id int64, act ChallengeAction, now time.Time) (*Challenge, error) {
	c, err := ownChallenge(tx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := checkChallengeAct(actor, c, act, challengeFacts{Now: now}); err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateChallenge replaces the content of a draft.
func (m *Market) UpdateChallenge(ctx context.Context, actor Actor, id int64, in ChallengeInput) (*Challenge, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if f := CheckChallenge(&in, now, m.Rules.ChallengeAwardCapFen); len(f) > 0 {
		return nil, Invalid(f)
	}
	var c *Challenge
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		if c, err = ownChallengeFor(tx, actor, id, ChActEdit, now); err != nil {
			return err
		}
		before := *c
		c.apply(&in)
		if err := tx.Select("title", "problem", "goals", "award_fen", "deadline", "criteria", "keywords", "field", "region", "updated_at").Updates(c).Error; err != nil {
			return err
		}
		return challengeChanged(tx, actor, "update", before, c)
	})
	return c, err
}

// PublishChallenge opens a draft for proposals (发榜).
func (m *Market) PublishChallenge(ctx context.Context, actor Actor, id int64) (*Challenge, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	var c *Challenge
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		if c, err = ownChallengeFor(tx, actor, id, ChActPublish, now); err != nil {
			return err
		}
		in := ChallengeInput{c.Title, c.Problem, c.Goals, c.AwardFen, &c.Deadline, c.Criteria, c.Keywords, c.Field, c.Region}
		if f := CheckChallenge(&in, now, m.Rules.ChallengeAwardCapFen); len(f) > 0 {
			return Invalid(f)
		}
		t := now.UTC()
		c.Status, c.PublishedAt = ChallengePublished, &t
		if err := moved(tx.Model(c).Where("status = ?", ChallengeDraft).Select("status", "published_at", "updated_at").Updates(c),
			ErrBadTransition.Say("该难题已发布")); err != nil {
			return err
		}
		return challengeChanged(tx, actor, "publish", nil, c)
	})
	return c, err
}

// TakeDownChallenge is the admin's moderation of a published challenge.
func (m *Market) TakeDownChallenge(ctx context.Context, actor Actor, id int64, reason string) (*Challenge, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if err := invalidIf(checkLen, "reason", reason, 2, 500, "下架理由"); err != nil {
		return nil, err
	}
	var c *Challenge
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		if c, err = lockChallenge(tx, id); err != nil {
			return err
		}
		if err := checkChallengeAct(actor, c, ChActTakeDown, challengeFacts{Now: now}); err != nil {
			return err
		}
		before := *c
		c.Status, c.TakedownReason = ChallengeTakenDown, reason
		if err := moved(tx.Model(c).Where("status = ?", before.Status).Select("status", "takedown_reason", "updated_at").Updates(c),
			ErrBadTransition.Say("该难题已下架")); err != nil {
			return err
		}
		if err := notify(tx, Notification{UserID: c.CreatedBy, Kind: "challenge.taken_down", Link: fmt.Sprintf("/challenges/%d", c.ID),
			Title: fmt.Sprintf("您发布的难题《%s》已被管理员下架", c.Title), Body: "理由：" + reason}); err != nil {
			return err
		}
		return challengeChanged(tx, actor, "take_down", before, c)
	})
	return c, err
}

// DeclareNoAward ends a closed challenge without a winner (流榜).
func (m *Market) DeclareNoAward(ctx context.Context, actor Actor, id int64) (*Challenge, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	var c *Challenge
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		if c, err = ownChallengeFor(tx, actor, id, ChActNoAward, now); err != nil {
			return err
		}
		was := c.Status
		closeIfDue(c, now)
		c.Status = ChallengeNoAward
		if err := moved(tx.Model(c).Where("status = ?", was).Select("status", "closed_at", "updated_at").Updates(c),
			ErrBadTransition.Say("该难题已揭榜或已结束")); err != nil {
			return err
		}
		return challengeChanged(tx, actor, "no_award", nil, c)
	})
	return c, err
}

// closeIfDue moves a locked challenge whose deadline has passed to closed,
// for actions that arrive before the scheduler has.
func closeIfDue(c *Challenge, now time.Time) {
	if c.Status == ChallengePublished && !now.Before(c.Deadline) {
		t := now.UTC()
		c.Status, c.ClosedAt = ChallengeClosed, &t
	}
}

// CloseDueChallenges ends the call for proposals of challenges whose
// deadline has passed and tells each challenger how many came in. The
// conditional update lets exactly one process close each.
func (m *Market) CloseDueChallenges(ctx context.Context, now time.Time) (int, error) {
	db := m.db.WithContext(ctx)
	pending := db.Model(&Challenge{}).Where("status = ? AND deadline <= ?", ChallengePublished, now.UTC())
	return sweep(db, pending, "closing challenge", func(tx *gorm.DB, id int64) error {
		res := tx.Model(&Challenge{}).Where("id = ? AND status = ?", id, ChallengePublished).
			Updates(map[string]any{"status": ChallengeClosed, "closed_at": now.UTC(), "updated_at": now.UTC()})
		if err := moved(res, ErrGone); err != nil {
			return err
		}
		var c Challenge
		if err := tx.First(&c, id).Error; err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&Proposal{}).Where("challenge_id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if err := notify(tx, Notification{UserID: c.CreatedBy, Kind: "challenge.closed", Link: fmt.Sprintf("/challenges/%d/proposals", c.ID),
			Title: fmt.Sprintf("难题《%s》方案征集已截止，共收到 %d 份方案", c.Title, n)}); err != nil {
			return err
		}
		return emitChallenge(tx, &c)
	})
}

// isReviewer says whether the user is assigned to review the challenge.
func isReviewer(tx *gorm.DB, challengeID, userID int64) (bool, error) {
	if userID == 0 {
		return false, nil
	}
	var n int64
	err := tx.Model(&ChallengeReviewer{}).Where("challenge_id = ? AND user_id = ?", challengeID, userID).Count(&n).Error
	return n > 0, err
}

// GetChallenge shows a challenge to whoever may see it, with the public
// result and the caller's relation to it.
func (m *Market) GetChallenge(ctx context.Context, actor Actor, id int64) (*Challenge, error) {
	db := m.db.WithContext(ctx)
	c, err := findByID[Challenge](db, id, ErrChallengeNotFound)
	if err != nil {
		return nil, err
	}
	if !c.visibleTo(actor) {
		return nil, ErrChallengeNotFound
	}
	if err := fillChallenges(db, []*Challenge{c}); err != nil {
		return nil, err
	}
	if c.Winners, err = winners(db, c.ID); err != nil {
		return nil, err
	}
	v := &ChallengeViewer{Challenger: actor.LoggedIn() && actor.OrgID == c.OrgID}
	if v.Reviewer, err = isReviewer(db, c.ID, actor.UserID); err != nil {
		return nil, err
	}
	if actor.LoggedIn() {
		var p Proposal
		if err := db.Select("id").Where("challenge_id = ? AND org_id = ?", c.ID, actor.OrgID).Limit(1).Find(&p).Error; err != nil {
			return nil, err
		}
		if p.ID != 0 {
			v.MyProposalID = &p.ID
		}
	}
	if v.Challenger || v.Reviewer {
		var n int64
		if err := db.Model(&Proposal{}).Where("challenge_id = ?", c.ID).Count(&n).Error; err != nil {
			return nil, err
		}
		v.ProposalCount = &n
	}
	c.Viewer = v
	return c, withChallengeActions(db, actor, m.now(), c)
}

func winners(db *gorm.DB, challengeID int64) ([]Winner, error) {
	var ps []Proposal
	if err := db.Where("challenge_id = ? AND status = ?", challengeID, ProposalAwarded).Order("awarded_at, id").Find(&ps).Error; err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, nil
	}
	var ids []int64
	for _, p := range ps {
		ids = append(ids, p.OrgID)
	}
	names, err := orgNameMap(db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Winner, len(ps))
	for i, p := range ps {
		out[i] = Winner{ProposalID: p.ID, Title: p.Title, OrgName: names[p.OrgID], AwardFen: p.AwardFen}
	}
	return out, nil
}

func fillChallenges(db *gorm.DB, cs []*Challenge) error {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.OrgID)
	}
	if len(ids) == 0 {
		return nil
	}
	names, err := orgNameMap(db, ids)
	if err != nil {
		return err
	}
	for _, c := range cs {
		c.OrgName, c.RegionName = names[c.OrgID], RegionName(c.Region)
	}
	return nil
}

// ChallengeFilter selects challenges for the hall (public statuses) or for
// the challenger's own list (Mine: every status).
type ChallengeFilter struct {
	Status string
	Field  string
	Region string // division code or prefix
	Q      string
	Mine   bool
	Page
}

// ListChallenges returns the hall, open challenges first by nearest
// deadline, then the ended ones newest first.
func (m *Market) ListChallenges(ctx context.Context, actor Actor, f ChallengeFilter) ([]Challenge, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&Challenge{})
	if f.Mine {
		if !actor.LoggedIn() {
			return nil, 0, ErrUnauthenticated
		}
		q = q.Where("org_id = ?", actor.OrgID)
	} else {
		q = q.Where("status IN ?", []ChallengeStatus{ChallengePublished, ChallengeClosed, ChallengeAwarded, ChallengeNoAward})
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Field != "" {
		q = q.Where("field = ?", f.Field)
	}
	if f.Region != "" {
		q = q.Where("region LIKE ?", escapeLike(f.Region)+"%")
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		like := "%" + escapeLike(s) + "%"
		q = q.Where("(title LIKE ? ESCAPE '\\' OR problem LIKE ? ESCAPE '\\')", like, like)
	}
	order := "CASE WHEN status = 'published' THEN 0 ELSE 1 END, CASE WHEN status = 'published' THEN deadline END, id DESC"
	out, total, err := findPage[Challenge](q, order, f.Page)
	if err != nil {
		return nil, 0, err
	}
	ptrs := pointers(out)
	if err := fillChallenges(db, ptrs); err != nil {
		return nil, 0, err
	}
	return out, total, withChallengeActions(db, actor, m.now(), ptrs...)
}

// ChallengeReviewer is a user the challenger asked to score the proposals.
type ChallengeReviewer struct {
	ID          int64     `gorm:"primaryKey" json:"id"`
	ChallengeID int64     `gorm:"not null" json:"challenge_id"`
	UserID      int64     `gorm:"not null;index" json:"user_id"`
	AssignedBy  int64     `gorm:"not null" json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	Name        string    `gorm:"-" json:"name"`
	OrgName     string    `gorm:"-" json:"org_name"`
	Scored      int64     `gorm:"-" json:"scored"` // proposals this reviewer has scored
}

// AssignReviewer lets the challenger invite any active user (a broker, an
// expert of another organisation, a colleague) to score the proposals.
func (m *Market) AssignReviewer(ctx context.Context, actor Actor, challengeID, userID int64) (*ChallengeReviewer, error) {
	db := m.db.WithContext(ctx)
	var r *ChallengeReviewer
	err := db.Transaction(func(tx *gorm.DB) error {
		c, err := ownChallengeFor(tx, actor, challengeID, ChActAssignReviewer, m.now())
		if err != nil {
			return err
		}
		var u User
		if err := tx.First(&u, userID).Error; err != nil || u.Disabled {
			return Invalid(map[string]string{"user_id": "用户不存在或已停用"})
		}
		if ok, err := isReviewer(tx, c.ID, u.ID); err != nil || ok {
			if ok {
				return ErrReviewerExists
			}
			return err
		}
		r = &ChallengeReviewer{ChallengeID: c.ID, UserID: u.ID, AssignedBy: actor.UserID}
		if err := unique(tx.Create(r).Error, ErrReviewerExists); err != nil {
			return err
		}
		if err := notify(tx, Notification{UserID: u.ID, Kind: "challenge.reviewer", Link: fmt.Sprintf("/challenges/%d/proposals", c.ID),
			Title: fmt.Sprintf("您被邀请评审难题《%s》的揭榜方案", c.Title)}); err != nil {
			return err
		}
		return Audit(tx, actor, "challenge.assign_reviewer", "challenge", c.ID, nil, r)
	})
	return r, err
}

// RemoveReviewer withdraws an invitation; scores already given stay on record.
func (m *Market) RemoveReviewer(ctx context.Context, actor Actor, challengeID, userID int64) error {
	db := m.db.WithContext(ctx)
	return db.Transaction(func(tx *gorm.DB) error {
		c, err := ownChallenge(tx, actor, challengeID)
		if err != nil {
			return err
		}
		res := tx.Where("challenge_id = ? AND user_id = ?", c.ID, userID).Delete(&ChallengeReviewer{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrReviewerNotFound
		}
		return Audit(tx, actor, "challenge.remove_reviewer", "challenge", c.ID, map[string]int64{"user_id": userID}, nil)
	})
}

// ListReviewers is for the challenger and the reviewers themselves.
func (m *Market) ListReviewers(ctx context.Context, actor Actor, challengeID int64) ([]ChallengeReviewer, error) {
	db := m.db.WithContext(ctx)
	c, err := m.GetChallenge(ctx, actor, challengeID)
	if err != nil {
		return nil, err
	}
	if !c.Viewer.Challenger && !c.Viewer.Reviewer {
		return nil, ErrNotYourChallenge.Say("只有发榜机构和评审专家可以查看评审名单")
	}
	out := []ChallengeReviewer{}
	if err := db.Where("challenge_id = ?", c.ID).Order("id").Find(&out).Error; err != nil {
		return nil, err
	}
	for i := range out {
		var u User
		if err := db.Select("id", "name", "org_id").First(&u, out[i].UserID).Error; err != nil {
			return nil, err
		}
		names, err := orgNameMap(db, []int64{u.OrgID})
		if err != nil {
			return nil, err
		}
		out[i].Name, out[i].OrgName = u.Name, names[u.OrgID]
		if err := db.Model(&ProposalScore{}).Joins("JOIN proposals ON proposals.id = proposal_scores.proposal_id").
			Where("proposals.challenge_id = ? AND proposal_scores.reviewer_id = ?", c.ID, u.ID).Count(&out[i].Scored).Error; err != nil {
			return nil, err
		}
	}
	return out, nil
}
