package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

type usersQuery struct {
	models.Page
	Q     string `query:"q" doc:"用户名或姓名关键词"`
	OrgID int64  `query:"org_id" min:"1" doc:"只列该机构的用户"`
}

func (s *Server) adminUsers(ctx context.Context, _ models.Actor, q usersQuery) ([]models.User, int64, error) {
	return s.market.ListUsers(ctx, models.UserFilter{Q: q.Q, OrgID: q.OrgID, Page: q.Page})
}

func (s *Server) setUserDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		u, err := s.market.SetUserDisabled(c.UserContext(), actorOf(c), id, disabled)
		if err != nil {
			return err
		}
		return c.JSON(u)
	}
}
