package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) fileAmendment(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in models.AmendmentInput
	if err := decode(c, &in); err != nil {
		return err
	}
	a, err := models.FileAmendment(s.db, actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(a)
}

func (s *Server) listAmendments(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	out, err := models.ListAmendments(s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}

type amendmentReview struct {
	Register bool   `json:"register"`
	Comment  string `json:"comment"`
}

func (s *Server) reviewAmendment(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in amendmentReview
	if err := decode(c, &in); err != nil {
		return err
	}
	a, err := models.ReviewAmendment(s.db, actorOf(c), id, in.Register, in.Comment, time.Now())
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
	out, total, err := models.AmendmentQueue(s.db, actorOf(c), status, p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}
