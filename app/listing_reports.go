package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (h listings[T, P]) report(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in reasonBody
	if err := decode(c, &in); err != nil {
		return err
	}
	r, err := h.store.Report(c.UserContext(), actorOf(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

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
