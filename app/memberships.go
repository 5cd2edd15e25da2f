package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// membersQuery is a page of memberships in a status.
type membersQuery struct {
	models.Page
	Status models.MembershipStatus `query:"status" label:"状态" doc:"状态"`
}

func (q membersQuery) filter() models.MemberFilter {
	return models.MemberFilter{Status: q.Status, Page: q.Page}
}

// joinRequestsQuery is the admins' desk: pending requests by default, of
// one kind of organisation when asked.
type joinRequestsQuery struct {
	membersQuery
	OrgType models.OrgType `query:"org_type" msg:"机构类型无效" doc:"机构类型"`
}

func (s *Server) orgMembers(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f := queryOf[membersQuery](c).filter()
	f.OrgID = id
	out, total, err := s.market.ListMembers(c.UserContext(), actorOf(c), f)
	if err != nil {
		return err
	}
	return list(c, out, total, f.Page)
}

// adminMemberships is the market admins' desk of join requests, above all
// those of agencies and bureaus that only they may approve.
func (s *Server) adminMemberships(ctx context.Context, a models.Actor, q joinRequestsQuery) ([]models.Member, int64, error) {
	f := q.filter()
	if f.Status == "" {
		f.Status = models.MemberPending
	}
	if q.OrgType != "" {
		f.OrgType = []models.OrgType{q.OrgType}
	}
	return s.market.ListMembers(ctx, a, f)
}

type membershipNote struct {
	Note string `json:"note"`
}

func (s *Server) membershipAct(act models.MembershipAction) fiber.Handler {
	return byIDOptional(func(ctx context.Context, a models.Actor, id int64, in membershipNote) (*models.Membership, error) {
		return s.market.MembershipAct(ctx, a, id, act, in.Note)
	})
}
