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

// importTargets takes a CSV or XLSX table of annual targets (multipart field
// "file"; form fields "year" and, for a table without a 类型 column, "kind").
// targetImportForm is a table of targets, sent as a multipart form.
type targetImportForm struct {
	File upload `form:"file"`
	Year int    `form:"year"`
	Kind string `form:"kind"`
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
	kind := c.FormValue("kind")
	if kind != "" && kind != "district" && kind != "agency" {
		return models.Invalid(map[string]string{"kind": "类型只能是 district（地区）或 agency（登记机构）"})
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
	rep, err := s.market.ImportTargets(c.UserContext(), actorOf(c), year, kind, table)
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
