package app

import (
	"context"
	"fmt"
	"math"
	"strconv"

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

// awardsQuery asks for the year's awards as JSON or as a CSV file.
type awardsQuery struct {
	Format string `query:"format" enum:"json,csv" label:"格式" doc:"csv 导出 CSV 文件；默认 JSON"`
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
	if queryOf[awardsQuery](c).Format == "csv" {
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
	year := s.orThisYear(queryOf[yearQuery](c).Year)
	out, err := s.market.MyIncentives(c.UserContext(), actorOf(c), year)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) incentiveNotices(ctx context.Context, _ models.Actor, p models.Page) ([]models.IncentiveNotice, int64, error) {
	return s.market.IncentiveNotices(ctx, p)
}

// applicationsQuery picks applications by year (every year when left
// out) and status.
type applicationsQuery struct {
	yearQuery
	Status models.IncentiveStatus `query:"status" label:"状态" doc:"状态"`
}

func (q applicationsQuery) filter() models.IncentiveApplicationFilter {
	return models.IncentiveApplicationFilter{Year: q.Year, Status: q.Status}
}

// pagedApplicationsQuery is the list's: a page of what the exports give whole.
type pagedApplicationsQuery struct {
	applicationsQuery
	models.Page
}

func (s *Server) incentiveApplications(ctx context.Context, a models.Actor, q pagedApplicationsQuery) ([]models.IncentiveApplication, int64, error) {
	return s.market.IncentiveApplications(ctx, a, q.filter(), q.Page)
}

// applicationsTable is every application the filter selects, as an export.
func (s *Server) applicationsTable(c *fiber.Ctx) (table, error) {
	f := queryOf[applicationsQuery](c).filter()
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
