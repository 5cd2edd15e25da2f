package app

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/xuri/excelize/v2"

	"techmarket/models"
)

// bulletinMonth reads the year and month of a bulletin's path and its region.
func bulletinMonth(c *fiber.Ctx) (region string, year, month int, err error) {
	year, err1 := strconv.Atoi(c.Params("year"))
	month, err2 := strconv.Atoi(c.Params("month"))
	if err1 != nil || err2 != nil {
		return "", 0, 0, models.Invalid(map[string]string{"month": "请选择有效的年月"})
	}
	region, err = regionQuery(c)
	return region, year, month, err
}

// regionQuery is the ?region= of a statistics request: "" (the whole market)
// or a division code.
func regionQuery(c *fiber.Ctx) (string, error) {
	r := c.Query("region")
	if r != "" && !models.ValidRegion(r) {
		return "", models.Invalid(map[string]string{"region": "地区须为六位行政区划代码"})
	}
	return utils.CopyString(r), nil
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

// regionYear reads the ?region= and the optional ?year= of a list of bulletins.
func regionYear(c *fiber.Ctx) (region string, year int, err error) {
	if region, err = regionQuery(c); err != nil {
		return "", 0, err
	}
	if v := c.Query("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil || year < 2000 || year > 2100 {
			return "", 0, models.Invalid(map[string]string{"year": "年份无效"})
		}
	}
	return region, year, nil
}

func (s *Server) listBulletins(c *fiber.Ctx) error {
	region, year, err := regionYear(c)
	if err != nil {
		return err
	}
	out, err := s.market.IssuedBulletins(c.UserContext(), region, year)
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}

func (s *Server) latestBulletin(c *fiber.Ctx) error {
	region, year, err := regionYear(c)
	if err != nil {
		return err
	}
	b, err := s.market.LatestIssuedBulletin(c.UserContext(), region, year)
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

// bulletinTextColumns are the columns of bulletinRecords that hold text
// (the group and the name); every other one is a figure.
var bulletinTextColumns = map[int]bool{0: true, 2: true}

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

func bulletinRecords(b *models.Bulletin) [][]string {
	var out [][]string
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
			out = append(out, []string{spreadsheetText(group.label), rank, spreadsheetText(r.Name),
				strconv.FormatInt(r.MonthContracts, 10), models.Yi(r.MonthFen), strconv.FormatInt(r.YTDContracts, 10), models.Yi(r.YTDFen),
				models.Yi(r.LastYearYTDFen), percentCell(r.YoYPercent), percentCell(r.MoMPercent), target, completion,
				fmt.Sprintf("%.1f", b.TimeProgress)})
		}
	}
	return out
}

// bulletinFile answers with a bulletin as a spreadsheet: CSV (UTF-8 with
// the BOM Excel needs) or XLSX, its title in the first row.
func bulletinFile(get func(*fiber.Ctx) (*models.Bulletin, error), format string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := get(c)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("bulletin-%d-%02d", b.Year, b.Month)
		if b.Region != "" {
			name = "bulletin-" + b.Region + name[len("bulletin"):]
		}
		rows := append([][]string{{spreadsheetText(bulletinTitle(b))}, bulletinHeader(b)}, bulletinRecords(b)...)
		if format == "csv" {
			return sendCSV(c, name, rows)
		}
		return sendXLSX(c, name, fmt.Sprintf("%d年%d月通报", b.Year, b.Month), rows, func(row, col int) bool { return row < 2 || bulletinTextColumns[col] })
	}
}

// sendCSV answers with rows as a CSV download (UTF-8 with the BOM Excel needs).
func sendCSV(c *fiber.Ctx, name string, rows [][]string) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=\"%s.csv\"", name))
	return c.Send(buf.Bytes())
}

// sendXLSX answers with rows as an XLSX download; a cell is a number unless
// text(row, col) says it holds text or it does not read as one.
func sendXLSX(c *fiber.Ctx, name, sheet string, rows [][]string, text func(row, col int) bool) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", sheet)
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if n, err := strconv.ParseFloat(v, 64); err == nil && !text(i, j) {
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
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=\"%s.xlsx\"", name))
	return c.Send(buf.Bytes())
}
