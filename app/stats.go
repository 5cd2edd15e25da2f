package app

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) statsSummary(c *fiber.Ctx) error {
	year := 0
	if v := c.Query("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return models.Invalid(map[string]string{"year": "年份必须是整数"})
		}
		year = y
	}
	out, err := models.TurnoverSummary(s.db, time.Now(), year)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// breakdown is a year's registered turnover grouped by one dimension.
type breakdown struct {
	Year  int               `json:"year"`
	By    string            `json:"by"`
	Items []models.Turnover `json:"items"`
}

func (s *Server) statsBreakdown(c *fiber.Ctx) error {
	now := time.Now()
	year := now.In(shanghai).Year()
	if v := c.Query("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > year {
			return models.Invalid(map[string]string{"year": "年份无效"})
		}
		year = y
	}
	out, err := models.Breakdown(s.db, year, c.Query("by"), now)
	if err != nil {
		return err
	}
	return c.JSON(breakdown{year, c.Query("by"), out})
}
