package app

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"
)

// table is what an export holds: a header, rows of cells, and the columns
// that hold text (made inert by spreadsheetText); every other column holds
// figures, which stay numbers in XLSX.
type table struct {
	file   string // the download's name, without the extension
	sheet  string // the XLSX sheet's name
	title  string // a first row above the header, when set
	header []string
	rows   [][]string
	text   map[int]bool
}

func (t table) records() [][]string {
	out := [][]string{t.header}
	if t.title != "" {
		out = [][]string{{spreadsheetText(t.title)}, t.header}
	}
	for _, row := range t.rows {
		r := make([]string, len(row))
		for j, v := range row {
			if t.text[j] {
				v = spreadsheetText(v)
			}
			r[j] = v
		}
		out = append(out, r)
	}
	return out
}

// sendCSV answers with the table as UTF-8 CSV with a BOM, without which
// Excel misreads it.
func sendCSV(c *fiber.Ctx, t table) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(t.records()); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=\"%s.csv\"", t.file))
	return c.Send(buf.Bytes())
}

// sendXLSX answers with the table as one XLSX sheet.
func sendXLSX(c *fiber.Ctx, t table) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", t.sheet)
	for i, row := range t.records() {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if n, err := strconv.ParseFloat(v, 64); err == nil && i > 0 && !t.text[j] {
				f.SetCellValue(t.sheet, cell, n)
			} else {
				f.SetCellValue(t.sheet, cell, v)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=\"%s.xlsx\"", t.file))
	return c.Send(buf.Bytes())
}

// yuanText writes fen as yuan with two decimals, as the exports show money.
func yuanText(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

// dayText writes a time as its day in Asia/Shanghai, or nothing.
func dayText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(shanghai).Format("2006-01-02")
}
