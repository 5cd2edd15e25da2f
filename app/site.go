package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) site(c *fiber.Ctx) error {
	out, err := s.market.Site(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) setSite(c *fiber.Ctx) error {
	var in models.SiteInput
	if err := decode(c, &in); err != nil {
		return err
	}
	out, err := s.market.SetSite(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
