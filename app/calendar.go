package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// calendarYear is a year's holidays and worked weekend days, and the
// published years the market can load.
type calendarYear struct {
	Year     int                  `json:"year"`
	Days     []models.CalendarDay `json:"days"`
	Official []int                `json:"official_years"`
}

func yearParam(c *fiber.Ctx, raw string) (int, error) {
	y, err := strconv.Atoi(raw)
	if err != nil || y < 2000 || y > 2100 {
		return 0, models.Invalid(map[string]string{"year": "年份无效"})
	}
	return y, nil
}

func (s *Server) calendar(c *fiber.Ctx) error {
	year := s.orThisYear(queryOf[yearQuery](c).Year)
	days, err := s.market.CalendarDays(c.UserContext(), year)
	if err != nil {
		return err
	}
	return c.JSON(calendarYear{year, days, officialYears()})
}

func officialYears() []int {
	out := []int{}
	for y := 2000; y <= 2100; y++ {
		if _, ok := models.OfficialCalendars[y]; ok {
			out = append(out, y)
		}
	}
	return out
}

func (s *Server) loadOfficialCalendar(c *fiber.Ctx) error {
	year, err := yearParam(c, c.Params("year"))
	if err != nil {
		return err
	}
	if _, err := s.market.LoadOfficialCalendar(c.UserContext(), actorOf(c), year); err != nil {
		return err
	}
	days, err := s.market.CalendarDays(c.UserContext(), year)
	if err != nil {
		return err
	}
	return c.JSON(calendarYear{year, days, officialYears()})
}
