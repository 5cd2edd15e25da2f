package app

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// contractView adds what the agency's desk needs: working days waited against the deadline.
type contractView struct {
	*models.Contract
	WaitedWorkingDays int `json:"waited_working_days"`
	DeadlineDays      int `json:"deadline_working_days"`
}

func view(ct *models.Contract, cal models.Calendar, now time.Time) contractView {
	v := contractView{Contract: ct, DeadlineDays: models.ReviewDeadline(ct)}
	if ct.SubmittedAt != nil && (ct.Status == models.ContractSubmitted) {
		v.WaitedWorkingDays = cal.WorkingDaysBetween(*ct.SubmittedAt, now)
	}
	return v
}

// showContract answers with the contract as the agency's desk sees it.
func (s *Server) showContract(c *fiber.Ctx, ct *models.Contract) error {
	cal, err := s.market.Calendar(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(view(ct, cal, s.market.Now()))
}

// contractAt reads the contract at :id as the caller may see it.
func (s *Server) contractAt(c *fiber.Ctx) (*models.Contract, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	return s.market.GetContract(c.UserContext(), actorOf(c), id)
}

func (s *Server) getContract(c *fiber.Ctx) error {
	ct, err := s.contractAt(c)
	if err != nil {
		return err
	}
	return s.showContract(c, ct)
}

type contractsQuery struct {
	models.Page
	Status models.ContractStatus `query:"status" msg:"合同状态无效" doc:"状态"`
	ToDo   bool                  `query:"todo" doc:"只列等待本方确认的草稿"`
}

func (s *Server) listContracts(c *fiber.Ctx) error {
	q := queryOf[contractsQuery](c)
	p := q.Page
	out, total, err := s.market.ListContracts(c.UserContext(), actorOf(c), models.ContractFilter{Status: string(q.Status), ToDo: q.ToDo, Page: p})
	if err != nil {
		return err
	}
	cal, err := s.market.Calendar(c.UserContext())
	if err != nil {
		return err
	}
	now := s.market.Now()
	views := make([]contractView, len(out))
	for i := range out {
		views[i] = view(&out[i], cal, now)
	}
	return list(c, views, total, p)
}

func (s *Server) actOnContract(act models.ContractAction) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, in, err := idAndBody[models.ReviewInput](c, decodeOptional)
		if err != nil {
			return err
		}
		out, err := s.market.ActOnContract(c.UserContext(), actorOf(c), id, act, in)
		if err != nil {
			return err
		}
		return s.showContract(c, out)
	}
}

// uploadContractFile takes the contract text as a PDF (multipart field "file"),
// stored in the database under its SHA-256; the text it replaces goes.
func (s *Server) uploadContractFile(c *fiber.Ctx) error {
	ct, err := s.contractAt(c)
	if err != nil {
		return err
	}
	id := ct.ID
	data, name, err := readPDF(c, "合同文本")
	if err != nil {
		return err
	}
	out, err := s.market.AttachContractFile(c.UserContext(), actorOf(c), id, name, data, s.orgStorageCap())
	if err != nil {
		return err
	}
	return s.showContract(c, out)
}

func (s *Server) contractFile(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ct, b, err := s.market.ContractText(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return sendFile(c, b, fmt.Sprintf("contract-%d.pdf", ct.ID))
}

func (s *Server) contractTimeline(c *fiber.Ctx) error { return allByID(s.market.ContractTimeline)(c) }
