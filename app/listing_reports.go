package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) listReports(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status := c.Query("status", string(models.ReportOpen))
	if status == "all" {
		status = ""
	}
	items, total, err := s.market.ListReports(c.UserContext(), actorOf(c), status, p)
	if err != nil {
		return err
	}
	return list(c, items, total, p)
}
