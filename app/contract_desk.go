package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// searchOrgs finds verified organisations by name for pickers such as the
// contract form's buyer and intermediary; only public fields leave.
func (s *Server) searchOrgs(c *fiber.Ctx) error {
	q := strings.TrimSpace(c.Query("q"))
	f := map[string]string{}
	if n := len([]rune(q)); n < 1 || n > 50 {
		f["q"] = "请输入 1–50 个字的机构名称关键词"
	}
	typ := c.Query("type")
	if typ != "" && !knownOrgType(typ) {
		f["type"] = "机构类型无效"
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	if p.Size > 20 {
		f["size"] = "每次最多返回 20 个机构"
	}
	if len(f) > 0 {
		return models.Invalid(f)
	}
	orgs, total, err := models.ListOrgs(s.db, models.OrgFilter{Status: string(models.OrgVerified), Type: typ, Q: q, Page: p})
	if err != nil {
		return err
	}
	out := make([]publicOrg, len(orgs))
	for i, o := range orgs {
		out[i] = publicOrg{o.ID, o.Name, o.Type, o.Region, o.RegionName, o.Status}
	}
	return list(c, out, total, p)
}

// amendmentQueue is the agency's desk of change and cancellation applications.
func (s *Server) amendmentQueue(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status := c.Query("status", "submitted")
	if status == "all" {
		status = ""
	}
	out, total, err := models.AmendmentQueue(s.db, actorOf(c), status, p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}

func knownOrgType(t string) bool {
	for _, l := range models.OrgTypeLabels {
		if l.Value == t {
			return true
		}
	}
	return false
}
