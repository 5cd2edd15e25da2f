package app

import (
	"context"
	"net/http"

	"techmarket/models"
)

// interestRoutes are this kind's positive actions: 收藏 and 我有意向.
func (h listings[T, P]) interestRoutes(tag, what string) []route {
	base := "/api/v1/" + h.kind
	notFound := h.notFound()
	return []route{
		{method: "POST", path: base + "/:id/favourite", tag: tag, summary: "收藏该" + what + "（已登录用户；不能收藏本机构的；重复收藏不变）", access: loggedIn, handler: byID(h.store.Favourite), out: models.Starred{}, errs: []*models.Error{notFound, models.ErrOwnListing}},
		{method: "DELETE", path: base + "/:id/favourite", tag: tag, summary: "取消收藏（未收藏时不变）", access: loggedIn, handler: byID(h.store.Unfavourite), out: models.Starred{}},
		{method: "POST", path: base + "/:id/interests", tag: tag, summary: "我有意向：附留言，通知发布方并作为经纪人的线索（已认证的企业、高校、科研院所用户；每机构每条一次）", access: verified, handler: byIDWith(http.StatusCreated, h.store.ExpressInterest), limit: perHour("interest", h.s.cfg.InterestsPerHour), in: models.InterestInput{}, out: created(models.Interest{}), errs: []*models.Error{notFound, models.ErrOwnListing, models.ErrAlreadyInterested, models.ErrForbidden}},
		{method: "GET", path: base + "/:id/interests", tag: tag, summary: "谁有意向：机构、用户、留言、日期（发布方、管理员）", access: member, handler: itemsByID(h.store.Interests), out: itemsOf[models.Interest]{}, errs: []*models.Error{notFound}},
	}
}

func (s *Server) interestRoutes() []route {
	broker := []models.Role{models.RoleBroker}
	return []route{
		{method: "GET", path: "/api/v1/my/favourites", tag: "收藏与意向", summary: "我的收藏（已下架的只显示收藏时的标题）", access: loggedIn, handler: listed(s.market.MyFavourites), query: models.Page{}, out: page[models.Favourite]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/leads", tag: "收藏与意向", summary: "意向线索（已认证的经纪人）：status=open 待跟进，mine 本机构已跟进，缺省两者", access: verified, roles: broker, handler: listed(s.leads), query: leadsQuery{}, out: page[models.Interest]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/leads/:id/follow-up", tag: "收藏与意向", summary: "跟进线索（记下所做的联系；线索归本机构）", access: verified, roles: broker, handler: byIDWith(http.StatusOK, s.market.FollowUpLead), in: models.LeadFollowUpInput{}, out: models.Interest{}, errs: []*models.Error{models.ErrLeadNotFound, models.ErrLeadTaken, models.ErrNotPublished}},
		{method: "POST", path: "/api/v1/leads/:id/match", tag: "收藏与意向", summary: "由线索推荐对接：与意向方已发布的需求（或成果）配对，同 POST /matches", access: verified, roles: broker, handler: byIDWith(http.StatusOK, s.market.ProposeMatchFromLead), in: models.LeadMatchInput{}, out: models.Interest{}, errs: []*models.Error{models.ErrLeadNotFound, models.ErrLeadTaken, models.ErrNoCandidate, models.ErrMatchExists, models.ErrNotPublished}},
	}
}

type leadsQuery struct {
	models.Page
	Status string `query:"status" enum:"open,mine" msg:"只能是 open（待跟进）或 mine（本机构已跟进）" doc:"open 待跟进，mine 本机构已跟进，缺省两者"`
}

func (s *Server) leads(ctx context.Context, a models.Actor, q leadsQuery) ([]models.Interest, int64, error) {
	return s.market.Leads(ctx, a, models.LeadFilter{Status: q.Status, Page: q.Page})
}
