package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// Confidential detail on request, buyer feedback, and the upkeep of a
// listing's quality: completeness, confirmation, relisting, reports.

func (h listings[T, P]) requestAccess(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in models.AccessInput
	if err := decode(c, &in); err != nil {
		return err
	}
	r, err := models.RequestAccess[T, P](h.s.db, actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

// confidential answers a listing page's confidential section: whether there
// is detail, the undertaking to accept, the viewer's request, and the
// detail itself only when the viewer may read it.
func (h listings[T, P]) confidential(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a := actorOf(c)
	item, err := models.GetListing[T, P](h.s.db, a, id)
	if err != nil {
		return err
	}
	l := P(item)
	req, err := models.MyAccessRequest(h.s.db, a, l.Kind(), id)
	if err != nil {
		return err
	}
	base := listingBase(l)
	return c.JSON(fiber.Map{"has_confidential": base.HasConfidential, "undertaking": base.ConfidentialUndertaking,
		"detail": base.ConfidentialDetail, "request": req})
}

// listingBase reaches the shared part of either kind.
func listingBase(item any) *models.Listing {
	switch x := item.(type) {
	case *models.Achievement:
		return &x.Listing
	case *models.Need:
		return &x.Listing
	}
	return nil
}

func (s *Server) listAccessRequests(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	side := c.Query("side")
	if side != "" && side != "owner" && side != "mine" {
		return models.Invalid(map[string]string{"side": "side 只能是 owner（我发布的条目收到的申请）或 mine（我提交的申请）"})
	}
	items, total, err := models.ListAccessRequests(s.db, actorOf(c), models.AccessFilter{Side: side, Status: c.Query("status"), Page: p})
	if err != nil {
		return err
	}
	return list(c, items, total, p)
}

func (s *Server) decideAccess(grant bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		var in reasonBody
		if len(c.Body()) > 0 {
			if err := decode(c, &in); err != nil {
				return err
			}
		}
		r, err := models.DecideAccess(s.db, actorOf(c), id, grant, in.Reason)
		if err != nil {
			return err
		}
		return c.JSON(r)
	}
}

func (h listings[T, P]) pass(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in models.PassInput
	if err := decode(c, &in); err != nil {
		return err
	}
	fb, err := models.PassOnListing[T, P](h.s.db, actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fb)
}

func (h listings[T, P]) feedback(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	sum, err := models.ListingFeedback[T, P](h.s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(sum)
}

func (s *Server) feedbackByField(c *fiber.Ctx) error {
	kind := c.Query("kind")
	if kind != "" && kind != "achievement" && kind != "need" {
		return models.Invalid(map[string]string{"kind": "类型只能是 achievement 或 need"})
	}
	rows, err := models.FeedbackByField(s.db, kind)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": rows, "reasons": models.FeedbackReasons})
}

// completeness scores a listing being written, for the form's live hints.
func (h listings[T, P]) completeness(c *fiber.Ctx) error {
	item := P(new(T))
	if err := decode(c, item); err != nil {
		return err
	}
	score, hints := models.Completeness(item)
	if hints == nil {
		hints = []models.Hint{}
	}
	return c.JSON(fiber.Map{"score": score, "hints": hints})
}

func (h listings[T, P]) confirm(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := models.ConfirmListing[T, P](h.s.db, actorOf(c), id); err != nil {
		return err
	}
	return h.get(c)
}

type relistBody struct {
	Until string `json:"until"`
}

func (h listings[T, P]) relist(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in relistBody
	if err := decode(c, &in); err != nil {
		return err
	}
	field := "valid_until"
	if h.kind == "needs" {
		field = "deadline"
	}
	until, err := parseDay(in.Until)
	if err != nil {
		return models.Invalid(map[string]string{field: "日期格式应为 2006-01-02"})
	}
	if _, err := models.RelistListing[T, P](h.s.db, actorOf(c), id, until); err != nil {
		return err
	}
	return h.get(c)
}

// parseDay reads a date (end of that day in China) or an RFC 3339 time.
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.FixedZone("CST", 8*3600))
	if err != nil {
		return t, err
	}
	return t.Add(24*time.Hour - time.Second), nil
}

func (h listings[T, P]) report(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in reasonBody
	if err := decode(c, &in); err != nil {
		return err
	}
	r, err := models.ReportListing[T, P](h.s.db, actorOf(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (s *Server) listReports(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status := c.Query("status", string(models.ReportOpen))
	if status == "all" {
		status = ""
	}
	items, total, err := models.ListReports(s.db, status, p)
	if err != nil {
		return err
	}
	return list(c, items, total, p)
}

func (s *Server) resolveReport(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in models.ReportDecision
	if err := decode(c, &in); err != nil {
		return err
	}
	r, err := models.ResolveReport(s.db, actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// trustRoutes are this kind's endpoints for confidential detail, feedback
// and listing quality.
func (h listings[T, P]) trustRoutes(tag, what string) []route {
	base := "/api/v1/" + h.kind
	return []route{
		{method: "POST", path: base + "/completeness", tag: tag, summary: "计算填写中的" + what + "的完整度与改进提示", handler: h.completeness, limit: perMinute("score", h.s.cfg.ScoresPerMinute), body: h.kind},
		{method: "GET", path: base + "/:id/confidential", tag: tag, summary: "保密详情：是否有、保密承诺、我的申请；获准者（及发布方、管理员）可见详情", handler: h.confidential},
		{method: "POST", path: base + "/:id/access-requests", tag: tag, summary: "申请查看保密详情（已认证机构用户；有保密承诺时须接受）", access: verified, handler: h.requestAccess, limit: perHour("access", h.s.cfg.AccessRequestsPerHour), body: "AccessInput"},
		{method: "POST", path: base + "/:id/feedback", tag: tag, summary: "不感兴趣：选择原因（再次提交替换原因）", access: verified, handler: h.pass, body: "PassInput"},
		{method: "GET", path: base + "/:id/feedback", tag: tag, summary: "反馈汇总：各原因次数（发布方、管理员；不显示反馈人）", access: member, handler: h.feedback},
		{method: "POST", path: base + "/:id/confirm", tag: tag, summary: "确认仍有效（发布方）", access: verified, handler: h.confirm},
		{method: "POST", path: base + "/:id/relist", tag: tag, summary: "过期后续期重新发布（新的有效期或截止日期，进入审核）", access: verified, handler: h.relist, body: "Relist"},
		{method: "POST", path: base + "/:id/reports", tag: tag, summary: "举报该" + what, access: verified, handler: h.report, body: "Rejection"},
	}
}

func (s *Server) trustRoutes() []route {
	admin := []models.Role{models.RoleAdmin}
	return []route{
		{method: "GET", path: "/api/v1/access-requests", tag: "保密详情", summary: "查看申请：side=owner 本机构条目收到的，side=mine 我提交的", access: member, handler: s.listAccessRequests},
		{method: "POST", path: "/api/v1/access-requests/:id/grant", tag: "保密详情", summary: "同意查看（发布方）", access: verified, handler: s.decideAccess(true)},
		{method: "POST", path: "/api/v1/access-requests/:id/refuse", tag: "保密详情", summary: "拒绝查看并说明理由（发布方）", access: verified, handler: s.decideAccess(false), body: "Rejection"},
		{method: "GET", path: "/api/v1/admin/feedback", tag: "管理", summary: "按行业领域汇总的不感兴趣原因（kind 可选）", access: verified, roles: admin, handler: s.feedbackByField},
		{method: "GET", path: "/api/v1/admin/reports", tag: "管理", summary: "举报队列（status=open|dismissed|taken_down|all，默认 open）", access: verified, roles: admin, handler: s.listReports},
		{method: "POST", path: "/api/v1/admin/reports/:id/resolve", tag: "管理", summary: "处理举报：驳回或下架（下架须说明理由并通知发布方）", access: verified, roles: admin, handler: s.resolveReport, body: "ReportDecision"},
	}
}
