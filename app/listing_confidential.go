package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// confidential answers a listing page's confidential section: whether there
// is detail, the undertaking to accept, the viewer's request, and the
// detail itself only when the viewer may read it.
// confidentialView is what the caller may know of a listing's confidential
// detail: whether there is one, the undertaking to accept, the detail once
// granted and the caller's own request.
type confidentialView struct {
	HasConfidential bool                  `json:"has_confidential"`
	Undertaking     *string               `json:"undertaking"`
	Detail          *string               `json:"detail"`
	Request         *models.AccessRequest `json:"request"`
}

func (h listings[T, P]) confidential(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a := actorOf(c)
	item, err := h.store.Get(c.UserContext(), a, id)
	if err != nil {
		return err
	}
	l := P(item)
	req, err := h.s.market.MyAccessRequest(c.UserContext(), a, l.Kind(), id)
	if err != nil {
		return err
	}
	base := listingBase(l)
	return c.JSON(confidentialView{base.HasConfidential, base.ConfidentialUndertaking, base.ConfidentialDetail, req})
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

type accessRequestsQuery struct {
	models.Page
	Side   string              `query:"side" enum:"owner,mine" msg:"side 只能是 owner（我发布的条目收到的申请）或 mine（我提交的申请）" doc:"owner 本机构条目收到的申请，mine 我提交的申请"`
	Status models.AccessStatus `query:"status" label:"状态" doc:"状态"`
}

func (s *Server) listAccessRequests(ctx context.Context, a models.Actor, q accessRequestsQuery) ([]models.AccessRequest, int64, error) {
	return s.market.ListAccessRequests(ctx, a, models.AccessFilter{Side: q.Side, Status: string(q.Status), Page: q.Page})
}

func (s *Server) decideAccess(act models.AccessAction) fiber.Handler {
	return byIDOptional(func(ctx context.Context, a models.Actor, id int64, in reasonBody) (*models.AccessRequest, error) {
		return s.market.DecideAccess(ctx, a, id, act, in.Reason)
	})
}
