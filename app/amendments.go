package app

import (
	"context"

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
func (s *Server) amendmentQueue(ctx context.Context, a models.Actor, q amendmentsQuery) ([]models.QueuedAmendment, int64, error) {
	status := models.AmendmentStatus(q.Status)
	if q.Status == "all" {
		status = ""
	}
	return s.market.AmendmentQueue(ctx, a, status, q.Page)
}

type amendmentsQuery struct {
	models.Page
	Status string `query:"status" enum:"submitted,registered,rejected,all" default:"submitted" label:"状态" doc:"状态：待审查（默认）、已登记、已驳回或全部"`
}
