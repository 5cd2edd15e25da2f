package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// titledDeal is a deal with the title of what it sells.
type titledDeal struct {
	models.Deal
	Title string `json:"title"`
}

type dealsQuery struct {
	models.Page
	ToDo bool `query:"todo" doc:"只列等待本机构作为卖方确认公示的"`
}

func (s *Server) myDeals(c *fiber.Ctx) error {
	q := queryOf[dealsQuery](c)
	p := q.Page
	out, total, err := s.market.ListDeals(c.UserContext(), actorOf(c), models.DealFilter{ToDo: q.ToDo, Page: p})
	if err != nil {
		return err
	}
	ids := make([]int64, len(out))
	for i, d := range out {
		ids[i] = d.ID
	}
	titles, err := s.market.DealTitles(c.UserContext(), ids)
	if err != nil {
		return err
	}
	views := make([]titledDeal, len(out))
	for i, d := range out {
		views[i] = titledDeal{d, titles[d.ID]}
	}
	return list(c, views, total, p)
}

func (s *Server) offerToRunnerUp(c *fiber.Ctx) error { return createdByID(s.market.OfferToRunnerUp)(c) }
