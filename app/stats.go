package app

import (
	"strconv"

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
	out, err := s.market.TurnoverSummary(c.UserContext(), year, c.Query("region"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// breakdown is a year's registered turnover grouped by one dimension, of
// the sellers in a region ("" for the whole market).
type breakdown struct {
	Year   int               `json:"year"`
	By     string            `json:"by"`
	Region string            `json:"region"`
	Items  []models.Turnover `json:"items"`
}

func (s *Server) statsBreakdown(c *fiber.Ctx) error {
	year := s.market.Now().In(shanghai).Year()
	if v := c.Query("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > year {
			return models.Invalid(map[string]string{"year": "年份无效"})
		}
		year = y
	}
	out, err := s.market.Breakdown(c.UserContext(), year, c.Query("by"), c.Query("region"))
	if err != nil {
		return err
	}
	return c.JSON(breakdown{year, c.Query("by"), c.Query("region"), out})
}

func (s *Server) statsDashboard(c *fiber.Ctx) error {
	region, year, err := regionYear(c)
	if err != nil {
		return err
	}
	out, err := s.market.RegionDashboard(c.UserContext(), actorOf(c), region, year)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
