package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
	"techmarket/search"
)

// challengeRoutes are the challenges (揭榜挂帅): the hall, the challenger's
// desk, proposals with their files, reviewers' scores and awards.
func (s *Server) challengeRoutes() []route {
	challenger := []models.Role{models.RoleDemander, models.RoleAdmin}
	proposer := []models.Role{models.RoleSupplier, models.RoleDemander}
	const tag = "揭榜挂帅"
	return []route{
		{method: "GET", path: "/api/v1/challenges", tag: tag, summary: "难题大厅（status、field、region、q 筛选；mine=1 为本机构发布的全部难题）", handler: listed(s.listChallenges), query: challengesQuery{}, out: page[models.Challenge]{}},
		{method: "POST", path: "/api/v1/challenges", tag: tag, summary: "起草难题（企业；管理员代科技管理部门）", access: member, roles: challenger, handler: withBody(fiber.StatusCreated, s.market.CreateChallenge), in: models.ChallengeInput{}, out: created(models.Challenge{})},
		{method: "GET", path: "/api/v1/challenges/:id", tag: tag, summary: "难题详情、揭榜结果与当前用户的关系", handler: s.getChallenge, out: models.Challenge{}, errs: []*models.Error{models.ErrChallengeNotFound}},
		{method: "PUT", path: "/api/v1/challenges/:id", tag: tag, summary: "修改难题草稿（发榜机构）", access: member, roles: challenger, handler: thenShowWith(s.market.UpdateChallenge, s.getChallenge), in: models.ChallengeInput{}, out: models.Challenge{}, errs: []*models.Error{models.ErrChallengeNotFound, models.ErrNotEditable, models.ErrNotYourChallenge}},
		{method: "POST", path: "/api/v1/challenges/:id/publish", tag: tag, summary: "发榜（已认证的发榜机构）", access: verified, roles: challenger, handler: thenShow(s.market.PublishChallenge, s.getChallenge), out: models.Challenge{}, errs: []*models.Error{models.ErrBadTransition, models.ErrChallengeNotFound, models.ErrNotYourChallenge, models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/challenges/:id/takedown", tag: tag, summary: "下架难题（管理员，填写理由）", access: verified, roles: []models.Role{models.RoleAdmin}, handler: thenShowWith(reason(s.market.TakeDownChallenge), s.getChallenge), in: reasonBody{}, out: models.Challenge{}, errs: []*models.Error{models.ErrBadTransition, models.ErrChallengeNotFound}},
		{method: "POST", path: "/api/v1/challenges/:id/no-award", tag: tag, summary: "截止后宣布无人揭榜（流榜）", access: verified, roles: challenger, handler: thenShow(s.market.DeclareNoAward, s.getChallenge), out: models.Challenge{}, errs: []*models.Error{models.ErrNotYourChallenge, models.ErrBadTransition, models.ErrChallengeNotFound, models.ErrChallengeOpen}},
		{method: "GET", path: "/api/v1/challenges/:id/matches", tag: tag, summary: "为难题推荐可能解决它的已发布成果", handler: s.challengeMatches, query: matchCount{}, out: itemsOf[matchHit]{}, errs: []*models.Error{models.ErrInvalidInput, models.ErrChallengeNotFound}},
		{method: "GET", path: "/api/v1/challenges/:id/reviewers", tag: tag, summary: "评审专家（发榜机构与评审专家可见）", access: member, handler: s.listReviewers, out: itemsOf[models.ChallengeReviewer]{}, errs: []*models.Error{models.ErrNotYourChallenge, models.ErrChallengeNotFound}},
		{method: "POST", path: "/api/v1/challenges/:id/reviewers", tag: tag, summary: "按用户编号指派评审专家（发榜机构）", access: verified, roles: challenger, handler: s.assignReviewer, in: ReviewerAssignment{}, out: created(itemsOf[models.ChallengeReviewer]{}), errs: []*models.Error{models.ErrNotYourChallenge, models.ErrBadTransition, models.ErrChallengeNotFound, models.ErrReviewerExists}},
		{method: "DELETE", path: "/api/v1/challenges/:id/reviewers/:user", tag: tag, summary: "取消指派评审专家（发榜机构）", access: verified, roles: challenger, handler: s.removeReviewer, out: itemsOf[models.ChallengeReviewer]{}, errs: []*models.Error{models.ErrNotYourChallenge, models.ErrChallengeNotFound, models.ErrReviewerNotFound}},
		{method: "GET", path: "/api/v1/challenges/:id/proposals", tag: tag, summary: "揭榜方案：发榜机构与评审专家看全部，揭榜方只看本机构的", access: member, handler: s.listProposals, out: itemsOf[models.Proposal]{}, errs: []*models.Error{models.ErrChallengeNotFound}},
		{method: "POST", path: "/api/v1/challenges/:id/proposals", tag: tag, summary: "提交揭榜方案（已认证的高校、院所、企业；截止前，每机构一份）", access: verified, roles: proposer, handler: byIDWith(fiber.StatusCreated, s.market.SubmitProposal), in: models.ProposalInput{}, out: created(models.Proposal{}), errs: []*models.Error{models.ErrChallengeClosed, models.ErrOwnChallenge, models.ErrProposalExists, models.ErrChallengeNotFound, models.ErrChallengeNotOpen}},
		{method: "GET", path: "/api/v1/proposals/:id", tag: tag, summary: "方案详情、附件与评分（按权限）", access: member, handler: s.getProposal, out: models.Proposal{}, errs: []*models.Error{models.ErrProposalNotFound}},
		{method: "PUT", path: "/api/v1/proposals/:id", tag: tag, summary: "截止前修改方案（揭榜方）", access: verified, roles: proposer, handler: byIDWith(fiber.StatusOK, s.market.ReviseProposal), in: models.ProposalInput{}, out: models.Proposal{}, errs: []*models.Error{models.ErrChallengeClosed, models.ErrProposalNotFound, models.ErrNotYourProposal}},
		{method: "POST", path: "/api/v1/proposals/:id/files", tag: tag, summary: "上传方案附件（PDF，≤10 MB，multipart 字段 file，最多 5 个；截止前）", access: verified, roles: proposer, handler: s.uploadProposalFile, in: uploadForm{}, out: created(models.Proposal{}), errs: []*models.Error{models.ErrChallengeClosed, models.ErrOrgStorageFull, models.ErrProposalNotFound, models.ErrNotYourProposal}},
		{method: "GET", path: "/api/v1/proposals/:id/files/:file", tag: tag, summary: "下载方案附件", access: member, handler: s.proposalFile, out: file("方案附件", "application/pdf"), errs: []*models.Error{models.ErrProposalNotFound, models.ErrFileNotFound}},
		{method: "DELETE", path: "/api/v1/proposals/:id/files/:file", tag: tag, summary: "删除方案附件（截止前）", access: verified, roles: proposer, handler: s.deleteProposalFile, out: models.Proposal{}, errs: []*models.Error{models.ErrProposalNotFound, models.ErrFileNotFound, models.ErrNotYourProposal}},
		{method: "PUT", path: "/api/v1/proposals/:id/score", tag: tag, summary: "评审专家按各项评审标准打分（0–100，截止后）", access: verified, handler: thenShowWith(s.market.ScoreProposal, s.getProposal), in: models.ScoreInput{}, out: models.Proposal{}, errs: []*models.Error{models.ErrChallengeOpen, models.ErrNotReviewer, models.ErrProposalNotFound, models.ErrBadTransition, models.ErrOwnProposal, models.ErrScoreExists}},
		{method: "POST", path: "/api/v1/proposals/:id/award", tag: tag, summary: "揭榜授奖：生成一笔协议成交并公示（发榜机构，截止后；重复请求返回同一成交）", access: verified, roles: challenger, handler: s.awardProposal, in: optional(models.AwardInput{}), out: proposalAwarded{}, errs: []*models.Error{models.ErrChallengeOpen, models.ErrProposalNotFound, models.ErrAwardUsedUp, models.ErrBadTransition, models.ErrNotYourChallenge}},
		{method: "GET", path: "/api/v1/my/proposals", tag: tag, summary: "本机构提交的揭榜方案", access: member, handler: s.myProposals, out: itemsOf[models.MyProposal]{}},
		{method: "GET", path: "/api/v1/my/reviews", tag: tag, summary: "我受邀评审的难题", access: member, handler: s.myReviews, out: itemsOf[models.ReviewAssignment]{}},
	}
}

// challengesQuery lists challenges: the published stages to anyone, an
// organisation's drafts and taken-down ones to itself (mine).
type challengesQuery struct {
	models.Page
	Status models.ChallengeStatus `query:"status" msg:"状态只能是 published、closed、awarded 或 no_award（本机构的还可以是 draft、taken_down）" doc:"状态：published、closed、awarded 或 no_award；本机构的（mine）还可以是 draft、taken_down"`
	Field  string                 `query:"field" msg:"请选择有效的行业领域" doc:"行业领域"`
	Region string                 `query:"region" doc:"地区：行政区划代码或其前缀（如 35、3501、350102）"`
	Q      string                 `query:"q" max:"100" msg:"关键词不能超过 100 个字符" doc:"关键词，不超过 100 个字符"`
	Mine   bool                   `query:"mine" doc:"只列本机构的"`
}

func (q *challengesQuery) CheckParams(fields map[string]string) {
	if (q.Status == models.ChallengeDraft || q.Status == models.ChallengeTakenDown) && !q.Mine {
		fields["status"] = "状态只能是 published、closed、awarded 或 no_award（本机构的还可以是 draft、taken_down）"
	}
	if q.Field != "" && !slices.Contains(models.Fields, q.Field) {
		fields["field"] = "请选择有效的行业领域"
	}
	if q.Region != "" && !models.ValidRegionPrefix(q.Region) {
		fields["region"] = "地区为行政区划代码或其前缀（如 35、3501、350102）"
	}
}

func (s *Server) listChallenges(ctx context.Context, a models.Actor, q challengesQuery) ([]models.Challenge, int64, error) {
	return s.market.ListChallenges(ctx, a, models.ChallengeFilter{Status: string(q.Status), Field: q.Field, Region: q.Region, Q: q.Q, Mine: q.Mine, Page: q.Page})
}

func (s *Server) getChallenge(c *fiber.Ctx) error { return byID(s.market.GetChallenge)(c) }

// challengeMatches answers GET /challenges/{id}/matches like the listings'
// matches: published achievements that may solve the challenge, without the
// caller's own organisation's.
func (s *Server) challengeMatches(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	size := queryOf[matchCount](c).Size
	ch, err := s.market.GetChallenge(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return s.answerMatches(c, search.ChallengeDocument(ch, ch.OrgName), size)
}

func (s *Server) listReviewers(c *fiber.Ctx) error { return itemsByID(s.market.ListReviewers)(c) }

// ReviewerAssignment names the user to invite.
type ReviewerAssignment struct {
	UserID int64 `json:"user_id"`
}

func (s *Server) assignReviewer(c *fiber.Ctx) error {
	id, in, err := idAndBody[ReviewerAssignment](c, decode)
	if err != nil {
		return err
	}
	if in.UserID < 1 {
		return models.Invalid(map[string]string{"user_id": "请填写评审专家的用户编号"})
	}
	if _, err := s.market.AssignReviewer(c.UserContext(), actorOf(c), id, in.UserID); err != nil {
		return err
	}
	c.Status(fiber.StatusCreated)
	return s.listReviewers(c)
}

func (s *Server) removeReviewer(c *fiber.Ctx) error {
	id, user, err := idAnd(c, "user")
	if err != nil {
		return err
	}
	if err := s.market.RemoveReviewer(c.UserContext(), actorOf(c), id, user); err != nil {
		return err
	}
	return s.listReviewers(c)
}

func (s *Server) listProposals(c *fiber.Ctx) error { return itemsByID(s.market.ListProposals)(c) }

func (s *Server) getProposal(c *fiber.Ctx) error { return byID(s.market.GetProposal)(c) }

// uploadProposalFile checks that the proposal still takes files before
// reading the upload, which is stored if it is a PDF.
func (s *Server) uploadProposalFile(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a := actorOf(c)
	if err := s.market.CheckProposalOpen(c.UserContext(), a, id); err != nil {
		return err
	}
	data, name, err := readPDF(c, "方案附件")
	if err != nil {
		return err
	}
	if _, err := s.market.AttachProposalFile(c.UserContext(), a, id, name, data, s.orgStorageCap()); err != nil {
		return err
	}
	out, err := s.market.GetProposal(c.UserContext(), a, id)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) proposalFile(c *fiber.Ctx) error {
	id, fileID, err := idAnd(c, "file")
	if err != nil {
		return err
	}
	f, b, err := s.market.ProposalFileFor(c.UserContext(), actorOf(c), id, fileID)
	if err != nil {
		return err
	}
	return sendFile(c, b, fmt.Sprintf("proposal-%d-%d.pdf", id, f.ID))
}

func (s *Server) deleteProposalFile(c *fiber.Ctx) error {
	id, fileID, err := idAnd(c, "file")
	if err != nil {
		return err
	}
	if err := s.market.RemoveProposalFile(c.UserContext(), actorOf(c), id, fileID); err != nil {
		return err
	}
	return s.getProposal(c)
}

// proposalAwarded is the proposal awarded and the negotiated deal it opened.
type proposalAwarded struct {
	Proposal models.Proposal `json:"proposal"`
	Deal     models.Deal     `json:"deal"`
}

func (s *Server) awardProposal(c *fiber.Ctx) error {
	return byIDOptional(func(ctx context.Context, a models.Actor, id int64, in models.AwardInput) (proposalAwarded, error) {
		p, d, err := s.market.AwardProposal(ctx, a, id, in)
		if err != nil {
			return proposalAwarded{}, err
		}
		return proposalAwarded{*p, *d}, nil
	})(c)
}

func (s *Server) myProposals(c *fiber.Ctx) error {
	out, err := s.market.MyProposals(c.UserContext(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(onlyItems(out))
}

func (s *Server) myReviews(c *fiber.Ctx) error {
	out, err := s.market.MyReviewAssignments(c.UserContext(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(onlyItems(out))
}
