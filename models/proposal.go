package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

type ProposalStatus string

const (
	ProposalSubmitted ProposalStatus = "submitted"
	ProposalAwarded   ProposalStatus = "awarded"
)

// ProposalAction is a step of a proposal.
type ProposalAction string

const (
	PActRevise ProposalAction = "revise" // proposer, until the deadline: the text (and removing a file, by the same rule)
	PActUpload ProposalAction = "upload" // proposer, until the deadline: another attachment
	PActScore  ProposalAction = "score"  // an assigned reviewer, after the deadline
	PActAward  ProposalAction = "award"  // challenger, after the deadline: submitted -> awarded (揭榜)
)

// ProposalActions lists every action on a proposal, in the order pages show them.
var ProposalActions = []ProposalAction{PActRevise, PActUpload, PActScore, PActAward}

var proposalMoves = map[ProposalStatus]map[ProposalAction]ProposalStatus{
	ProposalSubmitted: {PActRevise: ProposalSubmitted, PActUpload: ProposalSubmitted, PActScore: ProposalSubmitted, PActAward: ProposalAwarded},
	ProposalAwarded:   {PActScore: ProposalAwarded},
}

// NextProposalStatus is the proposal workflow: submitted (revised until the
// deadline, scored after it) -> awarded; an awarded proposal may still be scored.
func NextProposalStatus(from ProposalStatus, act ProposalAction) (ProposalStatus, error) {
	if to, ok := proposalMoves[from][act]; ok {
		return to, nil
	}
	return from, ErrBadTransition.Sayf("方案当前状态（%s）不能%s", proposalStatusNames[from], proposalActionNames[act])
}

var proposalStatusNames = map[ProposalStatus]string{ProposalSubmitted: "已提交", ProposalAwarded: "揭榜成功"}

var proposalActionNames = map[ProposalAction]string{PActRevise: "修改", PActUpload: "上传附件", PActScore: "评分", PActAward: "揭榜授奖"}

// proposalFacts are what the rules of a proposal's actions read beside the
// proposal and its challenge.
type proposalFacts struct {
	Now      time.Time
	Reviewer bool  // the actor is assigned to review the challenge
	Files    int   // the proposal's attachments
	Given    int64 // what the challenge's awards have given so far
}

// checkProposalAct is the one rule of who may take act on proposal p of
// challenge c now: the move (NextProposalStatus), the actor's part (the
// proposer, an assigned reviewer, the challenger) and the facts (the
// deadline, the attachments, what is left of the award). The write paths
// call it after opening the proposal; proposalActions calls it for every action.
func checkProposalAct(actor Actor, p *Proposal, c *Challenge, act ProposalAction, f proposalFacts) error {
	if _, err := NextProposalStatus(p.Status, act); err != nil {
		if act == PActRevise || act == PActUpload {
			return closedError(c) // an awarded proposal's challenge has closed
		}
		return err
	}
	switch act {
	case PActRevise, PActUpload:
		if !actor.Acts(RoleSupplier, RoleDemander) || actor.OrgID != p.OrgID {
			return ErrNotYourProposal
		}
		if !c.openAt(f.Now) {
			return closedError(c)
		}
		if act == PActUpload && f.Files >= MaxProposalFiles {
			return Invalid(map[string]string{"file": fmt.Sprintf("每份方案最多上传 %d 个附件，请先删除不需要的附件", MaxProposalFiles)})
		}
	case PActScore:
		if err := actor.RequireVerified(); err != nil {
			return err
		}
		if !f.Reviewer {
			return ErrNotReviewer
		}
		if p.OrgID == actor.OrgID {
			return ErrOwnProposal
		}
		switch c.statusAt(f.Now) {
		case ChallengePublished:
			return ErrChallengeOpen.Say("征集截止后才能评审，以免评审后方案又被修改")
		case ChallengeClosed, ChallengeAwarded:
		default:
			return ErrBadTransition.Say("该难题已结束，不能再评审")
		}
	case PActAward:
		if err := actor.RequireVerified(); err != nil {
			return err
		}
		if !actor.challengerOf(c) {
			return ErrNotYourChallenge.Say("只有发榜机构可以揭榜授奖")
		}
		if _, err := decideAward(*c, f.Given, 0, f.Now); err != nil {
			return err
		}
	}
	return nil
}

// proposalActions says what the actor may do with the proposal now, from checkProposalAct.
func proposalActions(actor Actor, p *Proposal, c *Challenge, f proposalFacts) []string {
	return permitted(ProposalActions, func(act ProposalAction) error { return checkProposalAct(actor, p, c, act, f) })
}

// withProposalActions fills in what the actor may do with each proposal
// of challenge c at now.
func withProposalActions(db *gorm.DB, actor Actor, c *Challenge, now time.Time, ps ...*Proposal) error {
	f := proposalFacts{Now: now}
	var err error
	if f.Reviewer, err = isReviewer(db, c.ID, actor.UserID); err != nil {
		return err
	}
	if f.Given, err = awardedSoFar(db, c.ID); err != nil {
		return err
	}
	for _, p := range ps {
		f.Files = len(p.Files)
		if p.Files == nil {
			var n int64
			if err := db.Model(&ProposalFile{}).Where("proposal_id = ?", p.ID).Count(&n).Error; err != nil {
				return err
			}
			f.Files = int(n)
		}
		p.Actions = proposalActions(actor, p, c, f)
	}
	return nil
}

// MaxProposalFiles bounds the attachments of one proposal.
const MaxProposalFiles = 5

// Proposal is an organisation's solution to a challenge (揭榜方案): one per
// organisation and challenge, revisable until the deadline. Only the
// proposer, the challenger and the reviewers the challenger assigned ever
// see it; once awarded its title and proposer are public.
type Proposal struct {
	ID          int64          `gorm:"primaryKey" json:"id"`
	ChallengeID int64          `gorm:"not null" json:"challenge_id"`
	OrgID       int64          `gorm:"not null;index" json:"org_id"`
	CreatedBy   int64          `gorm:"not null" json:"-"`
	Title       string         `gorm:"size:200;not null" json:"title"`
	Summary     string         `gorm:"type:text;not null" json:"summary"`
	Status      ProposalStatus `gorm:"size:20;not null" json:"status"`
	AwardFen    int64          `gorm:"not null;default:0" json:"award_fen"`
	DealID      *int64         `json:"deal_id"`
	AwardedAt   *time.Time     `json:"awarded_at"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`

	OrgName string         `gorm:"-" json:"org_name"`
	Files   []ProposalFile `gorm:"-" json:"files"`
	// Score is the mean of the reviewers' weighted totals in hundredths of a
	// point; nil until someone scored. Only the challenger sees it.
	Score       *int64          `gorm:"-" json:"score_centi,omitempty"`
	ReviewCount int64           `gorm:"-" json:"review_count"`
	Reviews     []ProposalScore `gorm:"-" json:"reviews,omitempty"`
	MyReview    *ProposalScore  `gorm:"-" json:"my_review,omitempty"`
	// Actions is what the caller may do with the proposal now (ProposalActions).
	Actions []string `gorm:"-" json:"actions"`
}

// ProposalFile is a PDF attached to a proposal, stored as a blob.
type ProposalFile struct {
	ID         int64     `gorm:"primaryKey" json:"id"`
	ProposalID int64     `gorm:"not null;index" json:"proposal_id"`
	Name       string    `gorm:"size:200;not null" json:"name"`
	Size       int64     `gorm:"not null" json:"size"`
	SHA256     string    `gorm:"column:sha256;size:64;not null" json:"sha256"`
	CreatedBy  int64     `gorm:"not null" json:"-"`
	CreatedAt  time.Time `json:"created_at"`
}

// ProposalScore is one reviewer's scores of one proposal, criterion by criterion.
type ProposalScore struct {
	ID         int64     `gorm:"primaryKey" json:"id"`
	ProposalID int64     `gorm:"not null" json:"proposal_id"`
	ReviewerID int64     `gorm:"not null" json:"reviewer_id"`
	Scores     Scores    `gorm:"type:text;not null" json:"scores"`
	TotalCenti int64     `gorm:"not null" json:"total_centi"`
	Comment    string    `gorm:"type:text;not null;default:''" json:"comment"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	Reviewer   string    `gorm:"-" json:"reviewer"`
}

// ProposalInput is what the proposer writes.
type ProposalInput struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

func (in *ProposalInput) check() error {
	in.Title, in.Summary = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary)
	f := map[string]string{}
	checkName(f, "title", in.Title, 4, 200, "方案名称")
	checkLen(f, "summary", in.Summary, 20, 20000, "方案内容")
	if len(f) > 0 {
		return Invalid(f)
	}
	return nil
}

// proposalSeer is the caller's right to see a challenge's proposals.
type proposalSeer struct {
	challenger, reviewer bool
}

// outsiderOf: the actor's organisation did not publish the challenge, and
// so may propose a solution to it.
func (a Actor) outsiderOf(c *Challenge) bool { return c.OrgID != a.OrgID }

func seerOf(tx *gorm.DB, actor Actor, c *Challenge) (proposalSeer, error) {
	s := proposalSeer{challenger: actor.LoggedIn() && actor.OrgID == c.OrgID}
	var err error
	s.reviewer, err = isReviewer(tx, c.ID, actor.UserID)
	return s, err
}

// SubmitProposal records the actor's organisation's proposal (揭榜) while
// the challenge takes proposals.
func (m *Market) SubmitProposal(ctx context.Context, actor Actor, challengeID int64, in ProposalInput) (*Proposal, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleSupplier, RoleDemander); err != nil {
		return nil, ErrForbidden.Say("只有高校、科研院所和企业可以揭榜")
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var p *Proposal
	err := db.Transaction(func(tx *gorm.DB) error {
		c, err := challengeFor(tx, actor, challengeID, actor.outsiderOf, ErrOwnChallenge)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&Proposal{}).Where("challenge_id = ? AND org_id = ?", c.ID, actor.OrgID).Count(&n).Error; err != nil {
			return err
		}
		if err := checkChallengeAct(actor, c, ChActPropose, challengeFacts{Now: now, Proposed: n > 0}); err != nil {
			return err
		}
		p = &Proposal{ChallengeID: c.ID, OrgID: actor.OrgID, CreatedBy: actor.UserID, Title: in.Title, Summary: in.Summary, Status: ProposalSubmitted}
		if err := unique(tx.Create(p).Error, ErrProposalExists); err != nil {
			return err
		}
		p.Files = []ProposalFile{}
		if err := Audit(tx, actor, "proposal.submit", "proposal", p.ID, nil, p); err != nil {
			return err
		}
		return withProposalActions(tx, actor, c, now, p)
	})
	return p, err
}

// openProposal locks a proposal of the actor's organisation whose challenge
// still takes proposals, for a revision or a file (act).
func openProposal(tx *gorm.DB, actor Actor, id int64, now time.Time, act ProposalAction) (*Proposal, *Challenge, error) {
	p, err := lockByID[Proposal](tx, id, ErrProposalNotFound)
	if err != nil {
		return nil, nil, err
	}
	var c Challenge
	if err := tx.First(&c, p.ChallengeID).Error; err != nil {
		return nil, nil, err
	}
	if !actor.LoggedIn() || actor.OrgID != p.OrgID {
		if s, err := seerOf(tx, actor, &c); err != nil || !s.challenger && !s.reviewer {
			if err != nil {
				return nil, nil, err
			}
			return nil, nil, ErrProposalNotFound
		}
		return nil, nil, ErrNotYourProposal
	}
	f := proposalFacts{Now: now}
	if act == PActUpload {
		var n int64
		if err := tx.Model(&ProposalFile{}).Where("proposal_id = ?", p.ID).Count(&n).Error; err != nil {
			return nil, nil, err
		}
		f.Files = int(n)
	}
	if err := checkProposalAct(actor, p, &c, act, f); err != nil {
		return nil, nil, err
	}
	return p, &c, nil
}

// CheckProposalOpen tells a handler, before it stores an upload, whether
// the proposal may still take one.
func (m *Market) CheckProposalOpen(ctx context.Context, actor Actor, id int64) error {
	db := m.db.WithContext(ctx)
	now := m.now()
	return db.Transaction(func(tx *gorm.DB) error {
		_, _, err := openProposal(tx, actor, id, now, PActUpload)
		return err
	})
}

// ReviseProposal replaces the text of a proposal until the deadline.
func (m *Market) ReviseProposal(ctx context.Context, actor Actor, id int64, in ProposalInput) (*Proposal, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := in.check(); err != nil {
		return nil, err
	}
	var p *Proposal
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		if p, _, err = openProposal(tx, actor, id, now, PActRevise); err != nil {
			return err
		}
		before := *p
		p.Title, p.Summary = in.Title, in.Summary
		if err := tx.Model(p).Select("title", "summary", "updated_at").Updates(p).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "proposal.revise", "proposal", p.ID, before, p)
	})
	if err != nil {
		return nil, err
	}
	return m.GetProposal(ctx, actor, id)
}

// AttachProposalFile stores a PDF of a proposal still open, in the
// database under its SHA-256, within the proposer's storage cap
// (maxOrgBytes, zero for none).
func (m *Market) AttachProposalFile(ctx context.Context, actor Actor, id int64, name string, data []byte, maxOrgBytes int64) (*ProposalFile, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	var f *ProposalFile
	err := db.Transaction(func(tx *gorm.DB) error {
		p, _, err := openProposal(tx, actor, id, now, PActUpload)
		if err != nil {
			return err
		}
		size := int64(len(data))
		if err := reserveOrgStorage(tx, p.OrgID, size, 0, maxOrgBytes); err != nil {
			return err
		}
		sha, err := putBlob(tx, data, "application/pdf")
		if err != nil {
			return err
		}
		f = &ProposalFile{ProposalID: p.ID, Name: name, Size: size, SHA256: sha, CreatedBy: actor.UserID}
		if err := tx.Create(f).Error; err != nil {
			return err
		}
		if err := tx.Model(p).Update("updated_at", now.UTC()).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "proposal.file", "proposal", p.ID, nil, f)
	})
	return f, err
}

// RemoveProposalFile drops an attachment before the deadline, and its
// content from the store once nothing else refers to it.
func (m *Market) RemoveProposalFile(ctx context.Context, actor Actor, id, fileID int64) error {
	db := m.db.WithContext(ctx)
	now := m.now()
	return db.Transaction(func(tx *gorm.DB) error {
		// Files go under the rule of revising the proposal.
		p, _, err := openProposal(tx, actor, id, now, PActRevise)
		if err != nil {
			return err
		}
		var f ProposalFile
		if err := tx.Where("id = ? AND proposal_id = ?", fileID, p.ID).First(&f).Error; err != nil {
			return ErrFileNotFound
		}
		if err := tx.Delete(&f).Error; err != nil {
			return err
		}
		if err := releaseBlobs(tx, f.SHA256); err != nil {
			return err
		}
		return Audit(tx, actor, "proposal.file_removed", "proposal", p.ID, f, nil)
	})
}

// loadProposal reads a proposal and its challenge if the actor may see it:
// the proposer's organisation, the challenger's, and assigned reviewers.
// Anyone else is told it does not exist.
func loadProposal(db *gorm.DB, actor Actor, id int64) (*Proposal, *Challenge, proposalSeer, error) {
	var s proposalSeer
	p, err := findByID[Proposal](db, id, ErrProposalNotFound)
	if err != nil {
		return nil, nil, s, err
	}
	var c Challenge
	if err := db.First(&c, p.ChallengeID).Error; err != nil {
		return nil, nil, s, err
	}
	s, err = seerOf(db, actor, &c)
	if err != nil {
		return nil, nil, s, err
	}
	if !s.challenger && !s.reviewer && !(actor.LoggedIn() && actor.OrgID == p.OrgID) {
		return nil, nil, s, ErrProposalNotFound
	}
	return p, &c, s, nil
}

// GetProposal shows a proposal with its files; the challenger also sees
// every reviewer's scores, a reviewer only their own.
func (m *Market) GetProposal(ctx context.Context, actor Actor, id int64) (*Proposal, error) {
	db := m.db.WithContext(ctx)
	p, c, s, err := loadProposal(db, actor, id)
	if err != nil {
		return nil, err
	}
	ps := []Proposal{*p}
	if err := fillProposals(db, actor, s, c, m.now(), ps, true); err != nil {
		return nil, err
	}
	return &ps[0], nil
}

// ProposalFileFor returns an attachment and its content for a download by
// someone who may see the proposal.
func (m *Market) ProposalFileFor(ctx context.Context, actor Actor, id, fileID int64) (*ProposalFile, *Blob, error) {
	db := m.db.WithContext(ctx)
	p, _, _, err := loadProposal(db, actor, id)
	if err != nil {
		return nil, nil, err
	}
	var f ProposalFile
	if err := db.Where("id = ? AND proposal_id = ?", fileID, p.ID).First(&f).Error; err != nil {
		return nil, nil, ErrFileNotFound
	}
	b, err := blobData(db, f.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return &f, b, nil
}

// ListProposals lists a challenge's proposals: all of them for the
// challenger and its reviewers, the caller's own for a proposer.
func (m *Market) ListProposals(ctx context.Context, actor Actor, challengeID int64) ([]Proposal, error) {
	db := m.db.WithContext(ctx)
	c, err := m.GetChallenge(ctx, actor, challengeID)
	if err != nil {
		return nil, err
	}
	s := proposalSeer{challenger: c.Viewer.Challenger, reviewer: c.Viewer.Reviewer}
	q := db.Where("challenge_id = ?", c.ID)
	if !s.challenger && !s.reviewer {
		if !actor.LoggedIn() {
			return nil, ErrUnauthenticated
		}
		q = q.Where("org_id = ?", actor.OrgID)
	}
	out := []Proposal{}
	if err := q.Order("id").Find(&out).Error; err != nil {
		return nil, err
	}
	return out, fillProposals(db, actor, s, c, m.now(), out, false)
}

func fillProposals(db *gorm.DB, actor Actor, s proposalSeer, c *Challenge, now time.Time, ps []Proposal, reviews bool) error {
	if len(ps) == 0 {
		return nil
	}
	var ids, orgs []int64
	for _, p := range ps {
		ids, orgs = append(ids, p.ID), append(orgs, p.OrgID)
	}
	names, err := orgNameMap(db, orgs)
	if err != nil {
		return err
	}
	var files []ProposalFile
	if err := db.Where("proposal_id IN ?", ids).Order("id").Find(&files).Error; err != nil {
		return err
	}
	var scores []ProposalScore
	if s.challenger || s.reviewer {
		q := db.Where("proposal_id IN ?", ids)
		if !s.challenger {
			q = q.Where("reviewer_id = ?", actor.UserID)
		}
		if err := q.Order("id").Find(&scores).Error; err != nil {
			return err
		}
	}
	uids := make([]int64, len(scores))
	for i, sc := range scores {
		uids[i] = sc.ReviewerID
	}
	reviewers, err := namesOf(db, &User{}, "name", uids)
	if err != nil {
		return err
	}
	for i := range ps {
		p := &ps[i]
		p.OrgName, p.Files = names[p.OrgID], []ProposalFile{}
		for _, f := range files {
			if f.ProposalID == p.ID {
				p.Files = append(p.Files, f)
			}
		}
		var sum int64
		for _, sc := range scores {
			if sc.ProposalID != p.ID {
				continue
			}
			sc.Reviewer = reviewers[sc.ReviewerID]
			if sc.ReviewerID == actor.UserID {
				mine := sc
				p.MyReview = &mine
			}
			if s.challenger {
				sum += sc.TotalCenti
				p.ReviewCount++
				if reviews {
					p.Reviews = append(p.Reviews, sc)
				}
			}
		}
		if p.ReviewCount > 0 {
			mean := (sum + p.ReviewCount/2) / p.ReviewCount
			p.Score = &mean
		}
	}
	return withProposalActions(db, actor, c, now, pointers(ps)...)
}

// ScoreInput is a reviewer's scores, one per criterion in order.
type ScoreInput struct {
	Scores  Scores `json:"scores"`
	Comment string `json:"comment"`
}

// ScoreProposal records (or replaces) an assigned reviewer's scores once
// the call for proposals has ended, so every proposal is scored as final.
func (m *Market) ScoreProposal(ctx context.Context, actor Actor, id int64, in ScoreInput) (*ProposalScore, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	in.Comment = strings.TrimSpace(in.Comment)
	if err := invalidIf(checkLen, "comment", in.Comment, 0, 2000, "评审意见"); err != nil {
		return nil, err
	}
	var sc *ProposalScore
	err := db.Transaction(func(tx *gorm.DB) error {
		p, c, s, err := loadProposal(tx, actor, id)
		if err != nil {
			return err
		}
		if err := checkProposalAct(actor, p, c, PActScore, proposalFacts{Now: now, Reviewer: s.reviewer}); err != nil {
			return err
		}
		total, err := WeightedTotal(c.Criteria, in.Scores)
		if err != nil {
			return err
		}
		sc = &ProposalScore{}
		if err := forUpdate(tx).Where("proposal_id = ? AND reviewer_id = ?", p.ID, actor.UserID).Limit(1).Find(sc).Error; err != nil {
			return err
		}
		before := *sc
		sc.ProposalID, sc.ReviewerID, sc.Scores, sc.TotalCenti, sc.Comment = p.ID, actor.UserID, in.Scores, total, in.Comment
		if sc.ID == 0 {
			err = tx.Create(sc).Error
		} else {
			err = tx.Select("scores", "total_centi", "comment", "updated_at").Updates(sc).Error
		}
		if isUniqueViolation(err) {
			return ErrScoreExists
		}
		if err != nil {
			return err
		}
		return Audit(tx, actor, "proposal.score", "proposal", p.ID, before, sc)
	})
	return sc, err
}

// AwardInput is the award (揭榜奖励) given to one proposal.
type AwardInput struct {
	AwardFen int64 `json:"award_fen"` // 0: what remains of the challenge's award
}

// AwardProposal is 揭榜: the challenger awards a proposal after the deadline.
// The award opens exactly one negotiated deal, seller the proposer and buyer
// the challenger, at once put under public notice (公示) like every
// negotiated deal; the contract follows from the confirmed deal. Awarding
// an awarded proposal again returns its deal, so retries and races are
// harmless: the challenge row lock serialises awards, the status check
// under it and the unique deal per proposal make the second a no-op.
//
// The transaction is a story: proposalToAward locks, decideAward judges,
// saveAward saves and opens the deal, then the challenge's change is
// emitted, the proposer told and the award audited.
func (m *Market) AwardProposal(ctx context.Context, actor Actor, id int64, in AwardInput) (*Proposal, *Deal, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.RequireVerified(); err != nil {
		return nil, nil, err
	}
	if f := map[string]string{}; !checkFen(f, "award_fen", in.AwardFen, true, "奖励金额") {
		return nil, nil, Invalid(f)
	}
	var p *Proposal
	var d *Deal
	err := db.Transaction(func(tx *gorm.DB) error {
		var c *Challenge
		var err error
		if p, c, err = proposalToAward(tx, actor, id); err != nil {
			return err
		}
		if p.Status == ProposalAwarded {
			// A retry (or a race) answers the deal the award opened.
			if d, err = dealOfProposal(tx, p.ID); err != nil {
				return err
			}
			return withProposalActions(tx, actor, c, now, p)
		}
		given, err := awardedSoFar(tx, c.ID)
		if err != nil {
			return err
		}
		if err := checkProposalAct(actor, p, c, PActAward, proposalFacts{Now: now, Given: given}); err != nil {
			return err
		}
		a, err := decideAward(*c, given, in.AwardFen, now)
		if err != nil {
			return err
		}
		var won bool
		if d, won, err = m.saveAward(tx, actor, p, a, now); err != nil {
			return err
		}
		if !won { // another award of it got there first
			if err := tx.First(p, p.ID).Error; err != nil {
				return err
			}
			return withProposalActions(tx, actor, c, now, p)
		}
		if err := emitChallenge(tx, &a.Challenge); err != nil {
			return err
		}
		if err := notify(tx, Notification{UserID: p.CreatedBy, Kind: "challenge.awarded", Link: fmt.Sprintf("/proposals/%d", p.ID),
			Title: fmt.Sprintf("您的方案《%s》在难题《%s》中揭榜成功", p.Title, c.Title),
			Body:  fmt.Sprintf("奖励 %s，成交已进入公示，公示期满后可起草技术合同。", Yuan(a.Fen))}); err != nil {
			return err
		}
		if err := Audit(tx, actor, "proposal.award", "proposal", p.ID, nil, p); err != nil {
			return err
		}
		return withProposalActions(tx, actor, &a.Challenge, now, p)
	})
	if err != nil {
		return nil, nil, err
	}
	return p, d.withActions(actor, now), nil
}

// proposalToAward opens an award: the proposal's challenge is locked, which
// serialises the awards of one challenge; only its challenger and reviewers
// learn that the proposal exists, and only the challenger (its enterprise,
// or the bureau's admin) may award it; then the proposal is locked.
func proposalToAward(tx *gorm.DB, actor Actor, id int64) (*Proposal, *Challenge, error) {
	var pid Proposal
	if err := tx.Select("id", "challenge_id").First(&pid, id).Error; err != nil {
		return nil, nil, ErrProposalNotFound
	}
	var c Challenge
	if err := forUpdate(tx).First(&c, pid.ChallengeID).Error; err != nil {
		return nil, nil, err
	}
	s, err := seerOf(tx, actor, &c)
	if err != nil {
		return nil, nil, err
	}
	if !s.challenger {
		if s.reviewer {
			return nil, nil, ErrNotYourChallenge.Say("只有发榜机构可以揭榜授奖")
		}
		return nil, nil, ErrProposalNotFound
	}
	if actor.Role != RoleDemander && !actor.Acts(RoleAdmin) {
		return nil, nil, ErrNotYourChallenge.Say("只有发榜机构可以揭榜授奖")
	}
	p, err := lockByID[Proposal](tx, id, ErrProposalNotFound)
	if err != nil {
		return nil, nil, err
	}
	return p, &c, nil
}

// awardedSoFar is what the challenge's awards have given.
func awardedSoFar(tx *gorm.DB, challengeID int64) (int64, error) {
	var given int64
	err := tx.Model(&Proposal{}).Where("challenge_id = ? AND status = ?", challengeID, ProposalAwarded).
		Select("COALESCE(SUM(award_fen), 0)").Scan(&given).Error
	return given, err
}

// dealOfProposal is the deal an award opened.
func dealOfProposal(tx *gorm.DB, proposalID int64) (*Deal, error) {
	var d Deal
	if err := tx.Where("proposal_id = ?", proposalID).First(&d).Error; err != nil {
		return nil, err
	}
	return &d, nil
}

// award is what decideAward allows: the amount, and the challenge as the
// award leaves it.
type award struct {
	Fen       int64
	Challenge Challenge
}

// decideAward is the rule of 揭榜: whether the challenge, as it stands at
// now, may award a proposal, and how much. The call for proposals must have
// ended (a deadline passed unnoticed by the scheduler closes it now); asked
// is the amount (0: what remains of the challenge's award) and given what
// its earlier awards gave, which together may not pass the award it
// published. It reads nothing but its arguments; AwardProposal runs it.
func decideAward(c Challenge, given, asked int64, now time.Time) (award, error) {
	closeIfDue(&c, now)
	if _, err := NextChallengeStatus(c.Status, ChActAward); err != nil {
		if c.Status == ChallengePublished {
			return award{}, ErrChallengeOpen.Say("方案征集尚未截止，截止后才能揭榜")
		}
		return award{}, ErrBadTransition.Say("该难题已结束，不能再揭榜")
	}
	fen := asked
	if fen == 0 {
		fen = c.AwardFen - given
	}
	total, _ := addFen(given, fen) // saturates: a sum past int64 still exceeds the award
	switch {
	case fen <= 0 && given > 0:
		return award{}, ErrAwardUsedUp.Sayf("榜单金额 %s 已全部授予", Yuan(c.AwardFen))
	case fen <= 0:
		return award{}, Invalid(map[string]string{"award_fen": "奖励金额必须大于 0（单位：分）"})
	case total > c.AwardFen:
		return award{}, Invalid(map[string]string{"award_fen": fmt.Sprintf("揭榜奖励合计不能超过榜单金额 %s（已授予 %s）", Yuan(c.AwardFen), Yuan(given))})
	}
	c.Status = ChallengeAwarded
	return award{Fen: fen, Challenge: c}, nil
}

// saveAward saves a decided award: the proposal moves from submitted by a
// conditional update (won is false, with the deal it opened, when another
// award of it got there first), the deal is opened and put under notice,
// and the challenge is saved awarded. p is updated to match.
func (m *Market) saveAward(tx *gorm.DB, actor Actor, p *Proposal, a award, now time.Time) (d *Deal, won bool, err error) {
	t := now.UTC()
	res := tx.Model(&Proposal{}).Where("id = ? AND status = ?", p.ID, ProposalSubmitted).
		Updates(map[string]any{"status": ProposalAwarded, "award_fen": a.Fen, "awarded_at": t, "updated_at": t})
	if res.Error != nil {
		return nil, false, res.Error
	}
	if res.RowsAffected == 0 {
		d, err := dealOfProposal(tx, p.ID)
		return d, false, err
	}
	c := &a.Challenge
	challengeID, proposalID := c.ID, p.ID
	d = &Deal{ChallengeID: &challengeID, ProposalID: &proposalID, SellerOrgID: p.OrgID, BuyerOrgID: c.OrgID,
		Mode: DealNegotiated, PriceFen: a.Fen, Status: DealOpen}
	if err := tx.Create(d).Error; err != nil {
		return nil, false, err
	}
	if _, err := m.noticeDeal(tx, actor, d, fmt.Sprintf("揭榜挂帅：%s（%s）", c.Title, p.Title), DActPublish, now); err != nil {
		return nil, false, err
	}
	if err := tx.Model(&Proposal{}).Where("id = ?", p.ID).Update("deal_id", d.ID).Error; err != nil {
		return nil, false, err
	}
	if err := tx.Model(c).Select("status", "closed_at", "updated_at").Updates(c).Error; err != nil {
		return nil, false, err
	}
	p.Status, p.AwardFen, p.AwardedAt, p.DealID = ProposalAwarded, a.Fen, &t, &d.ID
	return d, true, nil
}

// ReviewAssignment is a challenge a user was asked to review.
type ReviewAssignment struct {
	Challenge
	Proposals int64 `json:"proposals"`
	Scored    int64 `json:"scored"`
}

// MyReviewAssignments lists the challenges the actor reviews, newest first.
func (m *Market) MyReviewAssignments(ctx context.Context, actor Actor) ([]ReviewAssignment, error) {
	db := m.db.WithContext(ctx)
	if !actor.LoggedIn() {
		return nil, ErrUnauthenticated
	}
	var cs []Challenge
	if err := db.Where("id IN (?)", db.Model(&ChallengeReviewer{}).Select("challenge_id").Where("user_id = ?", actor.UserID)).
		Order("id DESC").Limit(200).Find(&cs).Error; err != nil {
		return nil, err
	}
	ptrs := pointers(cs)
	if err := fillChallenges(db, ptrs); err != nil {
		return nil, err
	}
	if err := withChallengeActions(db, actor, m.now(), ptrs...); err != nil {
		return nil, err
	}
	out := make([]ReviewAssignment, len(cs))
	for i, c := range cs {
		out[i].Challenge = c
		if err := db.Model(&Proposal{}).Where("challenge_id = ?", c.ID).Count(&out[i].Proposals).Error; err != nil {
			return nil, err
		}
		if err := db.Model(&ProposalScore{}).Joins("JOIN proposals ON proposals.id = proposal_scores.proposal_id").
			Where("proposals.challenge_id = ? AND proposal_scores.reviewer_id = ?", c.ID, actor.UserID).Count(&out[i].Scored).Error; err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MyProposal is one of the organisation's proposals, with its challenge.
type MyProposal struct {
	Proposal
	ChallengeTitle    string          `json:"challenge_title"`
	ChallengeStatus   ChallengeStatus `json:"challenge_status"`
	ChallengeDeadline time.Time       `json:"challenge_deadline"`
}

// MyProposals lists the actor's organisation's proposals, newest first.
func (m *Market) MyProposals(ctx context.Context, actor Actor) ([]MyProposal, error) {
	db := m.db.WithContext(ctx)
	if !actor.LoggedIn() {
		return nil, ErrUnauthenticated
	}
	var ps []Proposal
	if err := db.Where("org_id = ?", actor.OrgID).Order("id DESC").Limit(200).Find(&ps).Error; err != nil {
		return nil, err
	}
	out := make([]MyProposal, len(ps))
	for i, p := range ps {
		var c Challenge
		if err := db.First(&c, p.ChallengeID).Error; err != nil {
			return nil, err
		}
		p.Files = nil
		if err := withProposalActions(db, actor, &c, m.now(), &p); err != nil {
			return nil, err
		}
		out[i] = MyProposal{Proposal: p, ChallengeTitle: c.Title, ChallengeStatus: c.Status, ChallengeDeadline: c.Deadline}
	}
	return out, nil
}
