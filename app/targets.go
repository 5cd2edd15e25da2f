package app

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) listTargets(c *fiber.Ctx) error {
	year := time.Now().In(shanghai).Year()
	if v := c.Query("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return models.Invalid(map[string]string{"year": "年份必须是整数"})
		}
		year = y
	}
	kind := c.Query("kind")
	if kind != "" && kind != "district" && kind != "agency" {
		return models.Invalid(map[string]string{"kind": "类型只能是 district 或 agency"})
	}
	out, err := s.market.ListTargets(c.UserContext(), year, kind)
	if err != nil {
		return err
	}
	return c.JSON(yearOf[models.Target]{year, all(out)})
}
