package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

type usersQuery struct {
	models.Page
	Q     string `query:"q" doc:"用户名或姓名关键词"`
	OrgID int64  `query:"org_id" min:"1" doc:"只列该机构的用户"`
}

func (s *Server) adminUsers(c *fiber.Ctx) error {
	q := queryOf[usersQuery](c)
	p := q.Page
	users, total, err := s.market.ListUsers(c.UserContext(), models.UserFilter{Q: q.Q, OrgID: q.OrgID, Page: p})
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
