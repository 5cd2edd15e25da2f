package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// completeness scores a listing being written, for the form's live hints.
func (h listings[T, P]) completeness(c *fiber.Ctx) error {
	item := P(new(T))
	if err := decode(c, item); err != nil {
		return err
	}
	score, hints := models.Completeness(item)
	if hints == nil {
		hints = []models.Hint{}
	}
	return c.JSON(fiber.Map{"score": score, "hints": hints})
}
