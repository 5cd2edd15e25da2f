package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// bulletinMonth reads the year and month of a bulletin's path and its region.
func bulletinMonth(c *fiber.Ctx) (region string, year, month int, err error) {
	year, err1 := strconv.Atoi(c.Params("year"))
	month, err2 := strconv.Atoi(c.Params("month"))
	if err1 != nil || err2 != nil {
		return "", 0, 0, models.Invalid(map[string]string{"month": "请选择有效的年月"})
	}
	return queryOf[regionQuery](c).Region, year, month, nil
}

// issuedBulletin is a region's issued bulletin of the month in the path.
func (s *Server) issuedBulletin(c *fiber.Ctx) (*models.Bulletin, error) {
	region, year, month, err := bulletinMonth(c)
	if err != nil {
		return nil, err
	}
	return s.market.IssuedBulletinOf(c.UserContext(), region, year, month)
}

// bulletinDraft is the live bulletin of the month in the path, for its bureau.
func (s *Server) bulletinDraft(c *fiber.Ctx) (*models.Bulletin, error) {
	region, year, month, err := bulletinMonth(c)
	if err != nil {
		return nil, err
	}
	return s.market.BulletinDraft(c.UserContext(), actorOf(c), region, year, month)
}

func (s *Server) issueBulletin(c *fiber.Ctx) error {
	region, year, month, err := bulletinMonth(c)
	if err != nil {
		return err
	}
	b, err := s.market.IssueBulletin(c.UserContext(), actorOf(c), region, year, month)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(b)
}

func (s *Server) listBulletins(c *fiber.Ctx) error {
	q := queryOf[statsQuery](c)
	out, err := s.market.IssuedBulletins(c.UserContext(), q.Region, q.Year)
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}

func (s *Server) latestBulletin(c *fiber.Ctx) error {
	q := queryOf[statsQuery](c)
	b, err := s.market.LatestIssuedBulletin(c.UserContext(), q.Region, q.Year)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

// showBulletin answers with a bulletin as JSON.
func showBulletin(get func(*fiber.Ctx) (*models.Bulletin, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := get(c)
		if err != nil {
			return err
		}
		return c.JSON(b)
	}
}

// spreadsheetText makes a text cell of an export inert: Excel and LibreOffice
// run a cell that starts with = + - @ (or a tab or carriage return before
// one) as a formula, so such text gets a leading ' (OWASP, CSV injection).
// Only text cells go through it: figures such as a month-on-month −12.5 stay
// numbers, in CSV as in XLSX.
func spreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func bulletinHeader(b *models.Bulletin) []string {
	m := models.MeasureName(b.Measure)
	return []string{"类别", "排名", "名称", "本月合同数", "本月" + m + "（亿元）", "本年累计合同数", "本年累计" + m + "（亿元）",
		"上年同期（亿元）", "同比（%）", "环比（%）", "目标（亿元）", "完成率（%）", "时间进度（%）"}
}

// bulletinTitle is the heading of a bulletin as the bureau writes it.
func bulletinTitle(b *models.Bulletin) string {
	t := fmt.Sprintf("%s%d年%d月技术合同认定登记情况通报", b.RegionName, b.Year, b.Month)
	if b.Issue != nil {
		t += "（" + b.Issue.No + "）"
	}
	return t
}

func percentCell(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f", *p)
}

// bulletinTable is the bulletin as an export, under its title: the group
// and the name are text, every other column a figure.
func bulletinTable(b *models.Bulletin) table {
	file := fmt.Sprintf("bulletin-%d-%02d", b.Year, b.Month)
	if b.Region != "" {
		file = fmt.Sprintf("bulletin-%s-%d-%02d", b.Region, b.Year, b.Month)
	}
	t := table{file: file, sheet: fmt.Sprintf("%d年%d月通报", b.Year, b.Month), title: bulletinTitle(b),
		header: bulletinHeader(b), text: map[int]bool{0: true, 2: true}}
	for _, group := range []struct {
		label string
		rows  []models.BulletinRow
	}{{"合计", []models.BulletinRow{b.Total}}, {"地区", b.Districts}, {"登记机构", b.Agencies}} {
		for _, r := range group.rows {
			rank, target, completion := "—", "—", "—"
			if r.Rank > 0 {
				rank = strconv.Itoa(r.Rank)
			}
			if r.TargetFen > 0 {
				target, completion = models.Yi(r.TargetFen), fmt.Sprintf("%.1f", r.Completion)
			}
			t.rows = append(t.rows, []string{group.label, rank, r.Name,
				strconv.FormatInt(r.MonthContracts, 10), models.Yi(r.MonthFen), strconv.FormatInt(r.YTDContracts, 10), models.Yi(r.YTDFen),
				models.Yi(r.LastYearYTDFen), percentCell(r.YoYPercent), percentCell(r.MoMPercent), target, completion,
				fmt.Sprintf("%.1f", b.TimeProgress)})
		}
	}
	return t
}

// bulletinFile answers with a bulletin as a spreadsheet: CSV (UTF-8 with
// the BOM Excel needs) or XLSX.
func bulletinFile(get func(*fiber.Ctx) (*models.Bulletin, error), format string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := get(c)
		if err != nil {
			return err
		}
		if format == "csv" {
			return sendCSV(c, bulletinTable(b))
		}
		return sendXLSX(c, bulletinTable(b))
	}
}
