package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// statsQuery is the year and region of a statistic; the year is this year
// when left out.
type statsQuery struct {
	yearQuery
	regionQuery
}

func (s *Server) statsSummary(c *fiber.Ctx) error {
	q := queryOf[statsQuery](c)
	out, err := s.market.TurnoverSummary(c.UserContext(), q.Year, q.Region)
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

type breakdownQuery struct {
	statsQuery
	By string `query:"by" enum:"district,agency,month,type,field" label:"分组" doc:"分组：地区、登记机构、月份、合同类型或技术领域（必填）"`
}

func (s *Server) statsBreakdown(c *fiber.Ctx) error {
	q := queryOf[breakdownQuery](c)
	year := s.orThisYear(q.Year)
	if year > s.thisYear() {
		return models.Invalid(map[string]string{"year": "年份无效"})
	}
	out, err := s.market.Breakdown(c.UserContext(), year, q.By, q.Region)
	if err != nil {
		return err
	}
	return c.JSON(breakdown{year, q.By, q.Region, out})
}

type dealStatsQuery struct {
	statsQuery
	By string `query:"by" enum:"channel,event,broker" label:"分组" doc:"分组：成交方式（挂牌、拍卖、路演、协议、揭榜）、场次（路演、拍卖会）或经纪机构（必填）"`
}

func (s *Server) statsDeals(c *fiber.Ctx) error {
	q := queryOf[dealStatsQuery](c)
	out, err := s.market.DealStats(c.UserContext(), actorOf(c), q.Year, q.By, q.Region)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) statsDashboard(c *fiber.Ctx) error {
	q := queryOf[statsQuery](c)
	out, err := s.market.RegionDashboard(c.UserContext(), actorOf(c), q.Region, q.Year)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
