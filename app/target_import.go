package app

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// MaxTargetFileBytes bounds an uploaded target table; a city's table is a few KB.
const MaxTargetFileBytes = 2 << 20

// targetImportForm is a table of targets, sent as a multipart form: the
// file (CSV or XLSX), the plan and year its rows go into, and for a table
// without 类型 or 口径 columns the kind and the measure.
type targetImportForm struct {
	File    upload `form:"file"`
	PlanID  int64  `form:"plan_id"`
	Year    int    `form:"year"`
	Kind    string `form:"kind"`
	Measure string `form:"measure"`
}

func (targetImportForm) multipart() {}

// importRejected is import_rejected's answer: the error and the report of every row.
type importRejected struct {
	Error  errorBody                  `json:"error"`
	Report *models.TargetImportReport `json:"report"`
}

func (s *Server) importTargets(c *fiber.Ctx) error {
	year, err := strconv.Atoi(c.FormValue("year", strconv.Itoa(time.Now().In(shanghai).Year())))
	if err != nil || year < 2000 || year > 2100 {
		return models.Invalid(map[string]string{"year": "年份无效"})
	}
	opt := models.TargetImport{Year: year, Kind: c.FormValue("kind"), Measure: models.TargetMeasure(c.FormValue("measure"))}
	if opt.Kind != "" && opt.Kind != "district" && opt.Kind != "agency" {
		return models.Invalid(map[string]string{"kind": "类型只能是 district（地区）或 agency（登记机构）"})
	}
	if _, ok := models.MeasureNames[opt.Measure]; opt.Measure != "" && !ok {
		return models.Invalid(map[string]string{"measure": "口径只能是 contract（成交额）或 tech（技术交易额）"})
	}
	if v := c.FormValue("plan_id"); v != "" {
		opt.PlanID, err = strconv.ParseInt(v, 10, 64)
		if err != nil || opt.PlanID < 1 {
			return models.Invalid(map[string]string{"plan_id": "计划编号必须是正整数"})
		}
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return models.Invalid(map[string]string{"file": "请选择目标文件（CSV 或 XLSX，表单字段 file）"})
	}
	tooBig := models.Invalid(map[string]string{"file": fmt.Sprintf("文件不能超过 %d MB", MaxTargetFileBytes>>20)})
	if fh.Size > MaxTargetFileBytes {
		return tooBig
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxTargetFileBytes+1))
	if err != nil {
		return err
	}
	if len(data) > MaxTargetFileBytes {
		return tooBig
	}
	table, err := models.ReadTargetTable(fh.Filename, data)
	if err != nil {
		return err
	}
	rep, err := s.market.ImportTargets(c.UserContext(), actorOf(c), opt, table)
	if err != nil {
		if me, ok := models.AsError(err); ok && rep != nil {
			// The row report travels with the error, so the page can list every bad row.
			return c.Status(me.Status).JSON(importRejected{errorBody{me.Code, me.Message, me.Fields}, rep})
		}
		return err
	}
	return c.JSON(rep)
}

func (s *Server) targetHistory(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	out, err := s.market.TargetHistory(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}
