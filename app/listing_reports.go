package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

type reportsQuery struct {
	models.Page
	Status string `query:"status" enum:"open,dismissed,taken_down,all" default:"open" label:"状态" doc:"状态：待处理（默认）、已驳回、已下架或全部"`
}

func (s *Server) listReports(c *fiber.Ctx) error {
	q := queryOf[reportsQuery](c)
	p, status := q.Page, q.Status
	if status == "all" {
		status = ""
	}
	items, total, err := s.market.ListReports(c.UserContext(), actorOf(c), status, p)
	if err != nil {
		return err
	}
	return list(c, items, total, p)
}
