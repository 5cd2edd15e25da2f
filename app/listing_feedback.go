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

type feedbackQuery struct {
	Kind string `query:"kind" enum:"achievement,need" label:"类型" doc:"只计成果或需求"`
}

func (s *Server) feedbackByField(c *fiber.Ctx) error {
	rows, err := s.market.FeedbackByField(c.UserContext(), queryOf[feedbackQuery](c).Kind)
	if err != nil {
		return err
	}
	return c.JSON(feedbackByField{rows, models.FeedbackReasons})
}
