package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) adminUsers(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	users, total, err := s.market.ListUsers(c.UserContext(), models.UserFilter{Q: c.Query("q"), OrgID: int64(c.QueryInt("org_id")), Page: p})
	if err != nil {
		return err
	}
	return list(c, users, total, p)
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
