package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

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
