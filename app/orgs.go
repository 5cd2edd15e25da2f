package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) enums(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{
		"roles":             models.SelfServiceRoles,
		"org_types":         models.OrgTypeLabels,
		"regions":           models.Regions,
		"fields":            models.Fields,
		"ip_types":          models.IPTypes,
		"coop_modes":        models.CoopModes,
		"price_types":       models.PriceTypeLabels,
		"contract_types":    models.ContractTypes,
		"party_types":       models.PartyTypes,
		"rejection_grounds": models.RejectionGrounds,
	})
}

// publicOrg is what anyone may know of an organisation.
type publicOrg struct {
	ID         int64            `json:"id"`
	Name       string           `json:"name"`
	Type       models.OrgType   `json:"type"`
	Region     string           `json:"region"`
	RegionName string           `json:"region_name"`
	Status     models.OrgStatus `json:"status"`
}

func (s *Server) getOrg(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	o, err := models.FindOrg(s.db, id)
	if err != nil {
		return err
	}
	if actorOf(c).CanSeeOrgPrivate(o.ID) {
		return c.JSON(o)
	}
	return c.JSON(publicOrg{o.ID, o.Name, o.Type, o.Region, o.RegionName, o.Status})
}

func (s *Server) orgMembers(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := actorOf(c).RequireOrg(id); err != nil {
		return err
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	users, total, err := models.ListUsers(s.db, models.UserFilter{OrgID: id, Page: p})
	if err != nil {
		return err
	}
	return list(c, users, total, p)
}

func (s *Server) adminOrgs(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status := c.Query("status")
	switch models.OrgStatus(status) {
	case "", models.OrgPending, models.OrgVerified, models.OrgRejected:
	default:
		return models.Invalid(map[string]string{"status": "状态只能是 pending、verified 或 rejected"})
	}
	orgs, total, err := models.ListOrgs(s.db, models.OrgFilter{Status: status, Q: c.Query("q"), Page: p})
	if err != nil {
		return err
	}
	return list(c, orgs, total, p)
}

func (s *Server) verifyOrg(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	o, err := models.VerifyOrg(s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

type rejection struct {
	Reason string `json:"reason"`
}

func (s *Server) rejectOrg(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in rejection
	if err := decode(c, &in); err != nil {
		return err
	}
	o, err := models.RejectOrg(s.db, actorOf(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (s *Server) adminUsers(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	users, total, err := models.ListUsers(s.db, models.UserFilter{Q: c.Query("q"), OrgID: int64(c.QueryInt("org_id")), Page: p})
	if err != nil {
		return err
	}
	return list(c, users, total, p)
}

func (s *Server) setUserDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		u, err := models.SetUserDisabled(s.db, actorOf(c), id, disabled)
		if err != nil {
			return err
		}
		return c.JSON(u)
	}
}

func (s *Server) agencies(c *fiber.Ctx) error {
	orgs, total, err := models.ListOrgs(s.db, models.OrgFilter{Status: string(models.OrgVerified), Type: string(models.OrgAgency), Page: models.NewPage(1, models.MaxPageSize)})
	if err != nil {
		return err
	}
	out := make([]publicOrg, len(orgs))
	for i, o := range orgs {
		out[i] = publicOrg{o.ID, o.Name, o.Type, o.Region, o.RegionName, o.Status}
	}
	return c.JSON(fiber.Map{"items": out, "total": total})
}
