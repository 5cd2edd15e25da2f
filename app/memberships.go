package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// memberFilterOf reads the page and ?status= of a list of memberships.
func memberFilterOf(c *fiber.Ctx) (models.MemberFilter, error) {
	p, err := pageOf(c)
	if err != nil {
		return models.MemberFilter{}, err
	}
	st, err := statusIn(c, models.MemberPending, models.MemberActive, models.MemberSuspended, models.MemberRefused)
	return models.MemberFilter{Status: models.MembershipStatus(st), Page: p}, err
}

func (s *Server) orgMembers(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f, err := memberFilterOf(c)
	if err != nil {
		return err
	}
	f.OrgID = id
	out, total, err := s.market.ListMembers(c.UserContext(), actorOf(c), f)
	if err != nil {
		return err
	}
	return list(c, out, total, f.Page)
}

// adminMemberships is the market admins' desk of join requests, above all
// those of agencies and bureaus that only they may approve.
func (s *Server) adminMemberships(c *fiber.Ctx) error {
	f, err := memberFilterOf(c)
	if err != nil {
		return err
	}
	if f.Status == "" {
		f.Status = models.MemberPending
	}
	if t := c.Query("org_type"); t != "" {
		if !models.ValidOrgType(models.OrgType(t)) {
			return models.Invalid(map[string]string{"org_type": "机构类型无效"})
		}
		f.OrgType = []models.OrgType{models.OrgType(t)}
	}
	out, total, err := s.market.ListMembers(c.UserContext(), actorOf(c), f)
	if err != nil {
		return err
	}
	return list(c, out, total, f.Page)
}

type membershipNote struct {
	Note string `json:"note"`
}

func (s *Server) membershipAct(act models.MembershipAction) fiber.Handler {
	return byIDOptional(func(ctx context.Context, a models.Actor, id int64, in membershipNote) (*models.Membership, error) {
		return s.market.MembershipAct(ctx, a, id, act, in.Note)
	})
}
