package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (h listings[T, P]) pass(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in models.PassInput
	if err := decode(c, &in); err != nil {
		return err
	}
	fb, err := h.store.PassOn(c.UserContext(), actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fb)
}

func (h listings[T, P]) feedback(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	sum, err := h.store.Feedback(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(sum)
}

// feedbackByField is the reasons for passing, counted by field, and the reasons' labels.
type feedbackByField struct {
	Items   []models.FieldFeedback `json:"items"`
	Reasons []models.Label         `json:"reasons"`
}

func (s *Server) feedbackByField(c *fiber.Ctx) error {
	kind := c.Query("kind")
	if kind != "" && kind != "achievement" && kind != "need" {
		return models.Invalid(map[string]string{"kind": "类型只能是 achievement 或 need"})
	}
	rows, err := s.market.FeedbackByField(c.UserContext(), kind)
	if err != nil {
		return err
	}
	return c.JSON(feedbackByField{rows, models.FeedbackReasons})
}
