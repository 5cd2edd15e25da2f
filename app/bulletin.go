package app

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

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

// bulletinTextColumns are the columns of bulletinRecords that hold text
// (the group and the name); every other one is a figure.
var bulletinTextColumns = map[int]bool{0: true, 2: true}

var bulletinHeader = []string{"类别", "排名", "名称", "本年累计技术交易额（亿元）", "年度目标（亿元）", "完成率（%）", "本月（亿元）", "上月（亿元）", "环比（%）"}

func bulletinRecords(b *models.Bulletin) [][]string {
	var out [][]string
	for _, group := range []struct {
		label string
		rows  []models.BulletinRow
	}{{"地区", b.Districts}, {"登记机构", b.Agencies}} {
		for _, r := range group.rows {
			mom := "—"
			if r.MoMPercent != nil {
				mom = fmt.Sprintf("%.1f", *r.MoMPercent)
			}
			out = append(out, []string{spreadsheetText(group.label), strconv.Itoa(r.Rank), spreadsheetText(r.Name), models.Yi(r.YTDFen), models.Yi(r.TargetFen),
				fmt.Sprintf("%.1f", r.Completion), models.Yi(r.MonthFen), models.Yi(r.PrevMonthFen), mom})
		}
	}
	return out
}

func (s *Server) bulletinCSV(c *fiber.Ctx) error {
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // Excel reads UTF-8 CSV correctly only with a BOM
	w := csv.NewWriter(&buf)
	w.Write(bulletinHeader)
	w.WriteAll(bulletinRecords(b))
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=\"bulletin-%d-%02d.csv\"", b.Year, b.Month))
	return c.Send(buf.Bytes())
}

func (s *Server) bulletinXLSX(c *fiber.Ctx) error {
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := fmt.Sprintf("%d年%d月通报", b.Year, b.Month)
	f.SetSheetName("Sheet1", sheet)
	rows := append([][]string{bulletinHeader}, bulletinRecords(b)...)
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if n, err := strconv.ParseFloat(v, 64); err == nil && i > 0 && !bulletinTextColumns[j] {
				f.SetCellValue(sheet, cell, n)
			} else {
				f.SetCellValue(sheet, cell, v)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=\"bulletin-%d-%02d.xlsx\"", b.Year, b.Month))
	return c.Send(buf.Bytes())
}
