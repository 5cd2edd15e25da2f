package app

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) listIncentiveRules(c *fiber.Ctx) error {
	out, err := s.market.ListIncentiveRules(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}

// yearQuery reads ?year=, this year when it is left out.
func yearQuery(c *fiber.Ctx) (int, error) {
	v := c.Query("year")
	if v == "" {
		return time.Now().In(shanghai).Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		return 0, models.Invalid(map[string]string{"year": "年份无效"})
	}
	return y, nil
}

func (s *Server) incentiveAwards(c *fiber.Ctx) error {
	year, err := strconv.Atoi(c.Params("year"))
	if err != nil || year < 2000 || year > 2100 {
		return models.Invalid(map[string]string{"year": "年份无效"})
	}
	out, err := s.market.IncentiveAwards(c.UserContext(), year)
	if err != nil {
		return err
	}
	if c.Query("format") == "csv" {
		t := table{file: fmt.Sprintf("incentives-%d", year), header: []string{"政策", "机构", "合同数", "奖励金额（元）"}, text: map[int]bool{0: true, 1: true}}
		for _, a := range out {
			t.rows = append(t.rows, []string{a.Rule, a.OrgName, strconv.Itoa(a.Contracts), yuanText(a.AmountFen)})
		}
		return sendCSV(c, t)
	}
	return c.JSON(yearOf[models.Award]{year, all(out)})
}

func (s *Server) incentiveExclusions(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	out, err := s.market.IncentiveExclusions(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}

func (s *Server) includeInIncentive(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.market.IncludeInIncentive(c.UserContext(), actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) myIncentives(c *fiber.Ctx) error {
	year, err := yearQuery(c)
	if err != nil {
		return err
	}
	out, err := s.market.MyIncentives(c.UserContext(), actorOf(c), year)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) incentiveNotices(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	out, total, err := s.market.IncentiveNotices(c.UserContext(), p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}

// applicationFilter reads ?year= (every year when left out) and ?status=.
func applicationFilter(c *fiber.Ctx) (models.IncentiveApplicationFilter, error) {
	f := models.IncentiveApplicationFilter{Status: models.IncentiveStatus(c.Query("status"))}
	if c.Query("year") != "" {
		y, err := yearQuery(c)
		if err != nil {
			return f, err
		}
		f.Year = y
	}
	return f, nil
}

func (s *Server) incentiveApplications(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f, err := applicationFilter(c)
	if err != nil {
		return err
	}
	out, total, err := s.market.IncentiveApplications(c.UserContext(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}

// applicationsTable is every application the filter selects, as an export.
func (s *Server) applicationsTable(c *fiber.Ctx) (table, error) {
	f, err := applicationFilter(c)
	if err != nil {
		return table{}, err
	}
	out, _, err := s.market.IncentiveApplications(c.UserContext(), actorOf(c), f, models.Page{Page: 1, Size: math.MaxInt32})
	if err != nil {
		return table{}, err
	}
	name := "incentive-applications"
	if f.Year != 0 {
		name = fmt.Sprintf("%s-%d", name, f.Year)
	}
	t := table{file: name, sheet: "奖补申请",
		header: []string{"编号", "年度", "政策", "机构", "合同数", "申请金额（元）", "状态", "核定金额（元）", "公示开始", "公示截止", "拨付金额（元）", "拨付日期", "凭证号", "审核意见"},
		text:   map[int]bool{2: true, 3: true, 6: true, 8: true, 9: true, 11: true, 12: true, 13: true}}
	for _, a := range out {
		t.rows = append(t.rows, []string{strconv.FormatInt(a.ID, 10), strconv.Itoa(a.Year), a.Rule, a.OrgName, strconv.Itoa(a.Contracts),
			yuanText(a.AmountFen), models.IncentiveStatusNames[a.Status], yuanText(a.ApprovedFen), dayText(a.NoticeFrom), dayText(a.NoticeUntil),
			yuanText(a.PaidFen), dayText(a.PaidOn), a.VoucherNo, a.ReviewComment})
	}
	return t, nil
}

func (s *Server) incentiveApplicationsCSV(c *fiber.Ctx) error {
	t, err := s.applicationsTable(c)
	if err != nil {
		return err
	}
	return sendCSV(c, t)
}

func (s *Server) incentiveApplicationsXLSX(c *fiber.Ctx) error {
	t, err := s.applicationsTable(c)
	if err != nil {
		return err
	}
	return sendXLSX(c, t)
}
