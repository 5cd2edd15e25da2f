package app

import (
	"context"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// listings serves one kind of listing (achievements or needs); both kinds
// share the workflow, so their handlers are one generic set.
type listings[T any, P models.ListingPtr[T]] struct {
	s     *Server
	kind  string                // "achievements" or "needs", the path segment
	store models.Listings[T, P] // the market's listings of this kind
}

// listingsQuery finds published listings, or one imported under its
// external number.
type listingsQuery struct {
	models.Page
	ExternalID string `query:"external_id" doc:"外部编号（批量导入时设置）"`
}

// myListingsQuery lists an organisation's own listings in any status.
type myListingsQuery struct {
	listingsQuery
	Status   models.ListingStatus `query:"status" label:"状态" doc:"状态"`
	Expiring bool                 `query:"expiring" doc:"只列 30 天内到期或超过 30 天未确认的已发布条目"`
}

// queueQuery is the moderation queue's: pending listings only.
type queueQuery struct {
	models.Page
	Status string `query:"status" enum:"pending" msg:"审核队列只列出待审核（pending）的条目" doc:"只能是 pending（默认）"`
}

func (h listings[T, P]) list(ctx context.Context, a models.Actor, q listingsQuery) ([]T, int64, error) {
	return h.store.List(ctx, a, models.ListingFilter{Status: string(models.StatusPublished), ExternalID: q.ExternalID, Page: q.Page})
}

func (h listings[T, P]) mine(ctx context.Context, a models.Actor, q myListingsQuery) ([]T, int64, error) {
	return h.store.List(ctx, a, models.ListingFilter{OrgID: a.OrgID, Status: string(q.Status), ExternalID: q.ExternalID, Expiring: q.Expiring, Page: q.Page})
}

// queue is the moderation queue: listings waiting for review, oldest first would
// be fairer but newest first matches every other list; size is small anyway.
// Moderators see pending listings only: never another organisation's drafts.
func (h listings[T, P]) queue(ctx context.Context, a models.Actor, q queueQuery) ([]T, int64, error) {
	return h.store.List(ctx, a, models.ListingFilter{Status: string(models.StatusPending), Page: q.Page})
}

func (h listings[T, P]) get(c *fiber.Ctx) error { return byID(h.store.Get)(c) }

func (h listings[T, P]) create(c *fiber.Ctx) error {
	item := P(new(T))
	if err := decode(c, item); err != nil {
		return err
	}
	if err := h.store.Create(c.UserContext(), actorOf(c), item); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(item)
}

func (h listings[T, P]) update(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	item := P(new(T))
	if err := decode(c, item); err != nil {
		return err
	}
	if err := h.store.Update(c.UserContext(), actorOf(c), id, item); err != nil {
		return err
	}
	saved, err := h.store.Get(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

type reasonBody struct {
	Reason string `json:"reason"`
}

func (h listings[T, P]) transition(act models.ListingAction) fiber.Handler {
	return byIDOptional(func(ctx context.Context, a models.Actor, id int64, in reasonBody) (P, error) {
		return h.store.Transition(ctx, a, id, act, in.Reason)
	})
}

// routes lists the endpoints of this kind of listing; owners are the roles
// that publish it.
func (h listings[T, P]) routes(tag, what string, owners []models.Role) []route {
	base := "/api/v1/" + h.kind
	moderators := []models.Role{models.RoleAdmin, models.RoleBroker}
	var zero T
	notFound := h.notFound()
	act := []*models.Error{notFound, models.ErrNotYourListing, models.ErrBadTransition, models.ErrInvalidInput}
	return []route{
		{method: "GET", path: base, tag: tag, summary: "已发布的" + what + "（可按 external_id 查找导入的" + what + "）", handler: listed(h.list), query: listingsQuery{}, out: page[T]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: base + "/:id", tag: tag, summary: what + "详情（联系方式仅对已认证用户和经纪人可见）", handler: h.get, out: zero, errs: []*models.Error{notFound}},
		{method: "GET", path: base + "/:id/matches", tag: tag, summary: "与该" + what + "匹配的已发布" + map[bool]string{true: "需求", false: "成果"}[h.kind == "achievements"] + "，附匹配理由（不含本机构的）", handler: h.matches, query: matchCount{}, out: itemsOf[matchHit]{}, errs: []*models.Error{notFound, models.ErrInvalidInput}},
		{method: "POST", path: base, tag: tag, summary: "新建" + what + "草稿", access: member, roles: owners, handler: h.create, in: zero, out: created(zero)},
		{method: "PUT", path: base + "/:id", tag: tag, summary: "修改草稿或被驳回的" + what, access: member, roles: owners, handler: h.update, in: zero, out: zero, errs: []*models.Error{notFound, models.ErrNotEditable}},
		{method: "POST", path: base + "/:id/submit", tag: tag, summary: "提交审核", access: verified, handler: h.transition(models.ActSubmit), out: zero, errs: act},
		{method: "POST", path: base + "/:id/revise", tag: tag, summary: "被驳回后改回草稿", access: member, handler: h.transition(models.ActRevise), out: zero, errs: act},
		{method: "POST", path: base + "/:id/withdraw", tag: tag, summary: "撤回", access: member, handler: h.transition(models.ActWithdraw), out: zero, errs: act},
		{method: "POST", path: base + "/:id/renew", tag: tag, summary: "过期或撤回后重新编辑发布", access: member, handler: h.transition(models.ActRenew), out: zero, errs: act},
		{method: "POST", path: base + "/:id/approve", tag: tag, summary: "审核通过（管理员、经纪人）", access: verified, roles: moderators, handler: h.transition(models.ActApprove), out: zero, errs: act},
		{method: "POST", path: base + "/:id/reject", tag: tag, summary: "驳回并说明理由（管理员、经纪人）", access: verified, roles: moderators, handler: h.transition(models.ActReject), in: optional(reasonBody{}), out: zero, errs: act},
		{method: "GET", path: "/api/v1/my/" + h.kind, tag: tag, summary: "本机构的" + what + "（任意状态；expiring=true 只列 30 天内到期或超过 30 天未确认的已发布条目）", access: member, handler: listed(h.mine), query: myListingsQuery{}, out: page[T]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/moderation/" + h.kind, tag: tag, summary: "审核队列（默认待审核）", access: verified, roles: moderators, handler: listed(h.queue), query: queueQuery{}, out: page[T]{}, errs: []*models.Error{models.ErrInvalidInput}},
	}
}

// notFound is this kind's not-found error.
func (h listings[T, P]) notFound() *models.Error {
	if h.kind == "needs" {
		return models.ErrNeedNotFound
	}
	return models.ErrAchievementNotFound
}

// trustRoutes are this kind's endpoints for confidential detail, feedback
// and listing quality.
func (h listings[T, P]) trustRoutes(tag, what string) []route {
	base := "/api/v1/" + h.kind
	var zero T
	notFound := h.notFound()
	return []route{
		{method: "POST", path: base + "/completeness", tag: tag, summary: "计算填写中的" + what + "的完整度与改进提示", handler: h.completeness, limit: perMinute("score", h.s.cfg.ScoresPerMinute), in: zero, out: completeness{}},
		{method: "GET", path: base + "/:id/confidential", tag: tag, summary: "保密详情：是否有、保密承诺、我的申请；获准者（及发布方、管理员）可见详情", handler: h.confidential, out: confidentialView{}, errs: []*models.Error{notFound}},
		{method: "POST", path: base + "/:id/access-requests", tag: tag, summary: "申请查看保密详情（已认证机构用户；有保密承诺时须接受）", access: verified, handler: byIDWith(http.StatusCreated, h.store.RequestAccess), limit: perHour("access", h.s.cfg.AccessRequestsPerHour), in: models.AccessInput{}, out: created(models.AccessRequest{}), errs: []*models.Error{notFound, models.ErrOwnListing, models.ErrAdminSeesAll, models.ErrNoConfidential, models.ErrUndertakingChanged, models.ErrAlreadyRequested}},
		{method: "POST", path: base + "/:id/feedback", tag: tag, summary: "不感兴趣：选择原因（再次提交替换原因）", access: verified, handler: byIDWith(http.StatusCreated, h.store.PassOn), in: models.PassInput{}, out: created(models.Feedback{}), errs: []*models.Error{notFound, models.ErrOwnListing}},
		{method: "GET", path: base + "/:id/feedback", tag: tag, summary: "反馈汇总：各原因次数（发布方、管理员；不显示反馈人）", access: member, handler: byID(h.store.Feedback), out: models.FeedbackSummary{}, errs: []*models.Error{notFound}},
		{method: "POST", path: base + "/:id/confirm", tag: tag, summary: "确认仍有效（发布方）", access: verified, handler: h.confirm, out: zero, errs: []*models.Error{notFound, models.ErrNotYourListing, models.ErrNotPublished}},
		{method: "POST", path: base + "/:id/relist", tag: tag, summary: "过期后续期重新发布（新的有效期或截止日期，进入审核）", access: verified, handler: h.relist, in: relistBody{}, out: zero, errs: []*models.Error{notFound, models.ErrNotYourListing, models.ErrNotExpired, models.ErrBadTransition}},
		{method: "POST", path: base + "/:id/reports", tag: tag, summary: "举报该" + what, access: verified, handler: byIDWith(fiber.StatusCreated, reason(h.store.Report)), in: reasonBody{}, out: created(models.ListingReport{}), errs: []*models.Error{notFound, models.ErrOwnListing, models.ErrAlreadyReported}},
	}
}

func (s *Server) trustRoutes() []route {
	admin := []models.Role{models.RoleAdmin}
	return []route{
		{method: "GET", path: "/api/v1/access-requests", tag: "保密详情", summary: "查看申请：side=owner 本机构条目收到的，side=mine 我提交的", access: member, handler: listed(s.listAccessRequests), query: accessRequestsQuery{}, out: page[models.AccessRequest]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/access-requests/:id/grant", tag: "保密详情", summary: "同意查看（发布方）", access: verified, handler: s.decideAccess(models.AccessGrant), out: models.AccessRequest{}, errs: []*models.Error{models.ErrAccessRequestNotFound, models.ErrNotOwner, models.ErrAlreadyDecided}},
		{method: "POST", path: "/api/v1/access-requests/:id/refuse", tag: "保密详情", summary: "拒绝查看并说明理由（发布方）", access: verified, handler: s.decideAccess(models.AccessRefuse), in: optional(reasonBody{}), out: models.AccessRequest{}, errs: []*models.Error{models.ErrAccessRequestNotFound, models.ErrNotOwner, models.ErrAlreadyDecided}},
		{method: "GET", path: "/api/v1/admin/feedback", tag: "管理", summary: "按行业领域汇总的不感兴趣原因（kind 可选）", access: verified, roles: admin, handler: s.feedbackByField, query: feedbackQuery{}, out: feedbackByField{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/admin/reports", tag: "管理", summary: "举报队列（status=open|dismissed|taken_down|all，默认 open）", access: verified, roles: admin, handler: listed(s.listReports), query: reportsQuery{}, out: page[models.ListingReport]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/admin/reports/:id/resolve", tag: "管理", summary: "处理举报：驳回或下架（下架须说明理由并通知发布方）", access: verified, roles: admin, handler: byIDWith(fiber.StatusOK, s.market.ResolveReport), in: models.ReportDecision{}, out: models.ListingReport{}, errs: []*models.Error{models.ErrReportNotFound, models.ErrAlreadyResolved, models.ErrNotPublished}},
	}
}
