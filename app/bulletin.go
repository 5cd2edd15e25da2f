package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) bulletinOf(c *fiber.Ctx) (*models.Bulletin, error) {
	year, err1 := strconv.Atoi(c.Params("year"))
	month, err2 := strconv.Atoi(c.Params("month"))
	if err1 != nil || err2 != nil {
		return nil, models.Invalid(map[string]string{"month": "请选择有效的年月"})
	}
	return s.market.MonthlyBulletin(c.UserContext(), year, month)
}

func (s *Server) bulletin(c *fiber.Ctx) error {
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

func (s *Server) latestBulletin(c *fiber.Ctx) error {
	b, err := s.market.LatestBulletin(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(b)
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

// bulletinTable is the bulletin as an export: the group and the name are
// text, every other column a figure.
func bulletinTable(b *models.Bulletin) table {
	t := table{file: fmt.Sprintf("bulletin-%d-%02d", b.Year, b.Month), sheet: fmt.Sprintf("%d年%d月通报", b.Year, b.Month),
		header: []string{"类别", "排名", "名称", "本年累计技术交易额（亿元）", "年度目标（亿元）", "完成率（%）", "本月（亿元）", "上月（亿元）", "环比（%）"},
		text:   map[int]bool{0: true, 2: true}}
	for _, group := range []struct {
		label string
		rows  []models.BulletinRow
	}{{"地区", b.Districts}, {"登记机构", b.Agencies}} {
		for _, r := range group.rows {
			mom := "—"
			if r.MoMPercent != nil {
				mom = fmt.Sprintf("%.1f", *r.MoMPercent)
			}
			t.rows = append(t.rows, []string{group.label, strconv.Itoa(r.Rank), r.Name, models.Yi(r.YTDFen), models.Yi(r.TargetFen),
				fmt.Sprintf("%.1f", r.Completion), models.Yi(r.MonthFen), models.Yi(r.PrevMonthFen), mom})
		}
	}
	return t
}

func (s *Server) bulletinCSV(c *fiber.Ctx) error {
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	return sendCSV(c, bulletinTable(b))
}

func (s *Server) bulletinXLSX(c *fiber.Ctx) error {
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	return sendXLSX(c, bulletinTable(b))
}
