package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// completeness scores a listing being written, for the form's live hints.
// completeness is a listing's score (0–100) and what would raise it.
type completeness struct {
	Score int           `json:"score"`
	Hints []models.Hint `json:"hints"`
}

func (h listings[T, P]) completeness(c *fiber.Ctx) error {
	item := P(new(T))
	if err := decode(c, item); err != nil {
		return err
	}
	score, hints := models.Completeness(item)
	if hints == nil {
		hints = []models.Hint{}
	}
	return c.JSON(completeness{score, hints})
}
