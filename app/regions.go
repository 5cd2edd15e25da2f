package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) regionTree(c *fiber.Ctx) error {
	out, err := s.market.RegionTree(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) updateZone(c *fiber.Ctx) error {
	var in models.ZoneInput
	if err := decode(c, &in); err != nil {
		return err
	}
	out, err := s.market.UpdateZone(c.UserContext(), actorOf(c), c.Params("code"), in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) myRegion(c *fiber.Ctx) error {
	out, err := s.market.MyRegion(c.UserContext(), actorOf(c), c.Query("region"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}
