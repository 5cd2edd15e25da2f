package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) listAmendments(c *fiber.Ctx) error { return allByID(s.market.ListAmendments)(c) }

type amendmentReview struct {
	Register bool   `json:"register"`
	Comment  string `json:"comment"`
}

func (s *Server) reviewAmendment(c *fiber.Ctx) error {
	id, in, err := idAndBody[amendmentReview](c, decode)
	if err != nil {
		return err
	}
	act := models.AActReject
	if in.Register {
		act = models.AActRegister
	}
	a, err := s.market.ReviewAmendment(c.UserContext(), actorOf(c), id, act, in.Comment)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

// amendmentQueue is the agency's desk of change and cancellation applications.
func (s *Server) amendmentQueue(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status := c.Query("status", "submitted")
	if status == "all" {
		status = ""
	}
	out, total, err := s.market.AmendmentQueue(c.UserContext(), actorOf(c), models.AmendmentStatus(status), p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}
