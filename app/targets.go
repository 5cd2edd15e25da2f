package app

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// listTargets answers the targets whose years cover ?year= (this year by
// default), of ?kind= and ?plan= when given.
func (s *Server) listTargets(c *fiber.Ctx) error {
	f := models.TargetFilter{Year: time.Now().In(shanghai).Year(), Kind: c.Query("kind")}
	if v := c.Query("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return models.Invalid(map[string]string{"year": "年份必须是整数"})
		}
		f.Year = y
	}
	if f.Kind != "" && f.Kind != "district" && f.Kind != "agency" {
		return models.Invalid(map[string]string{"kind": "类型只能是 district 或 agency"})
	}
	if v := c.Query("plan"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			return models.Invalid(map[string]string{"plan": "计划编号必须是正整数"})
		}
		f.PlanID = id
	}
	out, err := s.market.ListTargets(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(yearOf[models.Target]{f.Year, all(out)})
}

func (s *Server) listTargetPlans(c *fiber.Ctx) error {
	out, err := s.market.ListTargetPlans(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}
