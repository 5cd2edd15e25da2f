package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// targetsQuery picks the targets whose years cover a year (this year by
// default), of a kind and a plan when given.
type targetsQuery struct {
	yearQuery
	regionQuery
	Kind string `query:"kind" enum:"district,agency" label:"类型" doc:"类型：地区或登记机构"`
	Plan int64  `query:"plan" min:"1" msg:"计划编号必须是正整数" doc:"目标计划编号"`
}

func (s *Server) listTargets(c *fiber.Ctx) error {
	q := queryOf[targetsQuery](c)
	f := models.TargetFilter{Year: s.orThisYear(q.Year), Kind: q.Kind, Region: q.Region, PlanID: q.Plan}
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
