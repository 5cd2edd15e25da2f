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

type myRegionQuery struct {
	Region string `query:"region" doc:"辖区内的某一地区代码；留空为本人所辖地区"`
}

func (s *Server) myRegion(c *fiber.Ctx) error {
	out, err := s.market.MyRegion(c.UserContext(), actorOf(c), queryOf[myRegionQuery](c).Region)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
