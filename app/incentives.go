package app

import (
	"bytes"
	"encoding/csv"
	"fmt"
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
		var buf bytes.Buffer
		buf.WriteString("\ufeff")
		w := csv.NewWriter(&buf)
		w.Write([]string{"政策", "机构", "合同数", "奖励金额（元）"})
		for _, a := range out {
			w.Write([]string{spreadsheetText(a.Rule), spreadsheetText(a.OrgName), strconv.Itoa(a.Contracts), fmt.Sprintf("%d.%02d", a.AmountFen/100, a.AmountFen%100)})
		}
		w.Flush()
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=\"incentives-%d.csv\"", year))
		return c.Send(buf.Bytes())
	}
	return c.JSON(yearOf[models.Award]{year, all(out)})
}
