package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// enumSets are the values of the market's lists, with their labels.
type enumSets struct {
	Roles            []models.RoleInfo     `json:"roles"`
	OrgTypes         []models.Label        `json:"org_types"`
	Regions          []models.Region       `json:"regions"`
	Fields           []string              `json:"fields"`
	IPTypes          []string              `json:"ip_types"`
	CoopModes        []string              `json:"coop_modes"`
	PriceTypes       []models.Label        `json:"price_types"`
	ContractTypes    []models.ContractType `json:"contract_types"`
	PartyTypes       []string              `json:"party_types"`
	RejectionGrounds []models.Label        `json:"rejection_grounds"`
	BrokerLevels     []models.Label        `json:"broker_levels"`
	InstitutionKinds []models.Label        `json:"institution_kinds"`
	Demonstrations   []models.Label        `json:"demonstrations"`
	// The 技术合同登记表's choices (港澳台 and 境外, countries, project
	// sources, IP kinds, socio-economic objectives, the amount's parts).
	RegisterForm models.RegisterFormEnums `json:"register_form"`
}

func (s *Server) enums(c *fiber.Ctx) error {
	return c.JSON(enumSets{
		Roles:            models.SelfServiceRoles,
		OrgTypes:         models.OrgTypeLabels,
		Regions:          models.Regions,
		Fields:           models.Fields,
		IPTypes:          models.IPTypes,
		CoopModes:        models.CoopModes,
		PriceTypes:       models.PriceTypeLabels,
		ContractTypes:    models.ContractTypes,
		PartyTypes:       models.PartyTypes,
		RejectionGrounds: models.RejectionGrounds,
		BrokerLevels:     models.BrokerLevelLabels,
		InstitutionKinds: models.InstitutionKindLabels,
		Demonstrations:   models.DemonstrationLabels,
		RegisterForm:     models.RegisterFormChoices(),
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

// verificationForm is the verification evidence, sent as a multipart form.
type verificationForm struct {
	CreditCode string `form:"credit_code"`
	LegalRep   string `form:"legal_rep"`
	File       upload `form:"file"`
}

func (verificationForm) multipart() {}

// requestVerification takes the verification evidence: the credit code and
// legal representative as form fields and the licence as the file, a PDF or
// an image checked by its content and stored under its SHA-256.
func (s *Server) requestVerification(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a := actorOf(c)
	if !a.CanSeeOrgPrivate(id) {
		return models.ErrNotYourOrg
	}
	in := models.VerificationRequest{CreditCode: c.FormValue("credit_code"), LegalRep: c.FormValue("legal_rep")}
	var licence *models.Licence
	if _, ferr := c.FormFile("file"); ferr == nil {
		data, name, kind, err := readUpload(c, "营业执照", MaxLicenceBytes, pdfFile, pngFile, jpegFile)
		if err != nil {
			return err
		}
		licence = &models.Licence{Name: name, Type: kind.mime, Data: data}
	}
	o, err := s.market.RequestVerification(c.UserContext(), a, id, in, licence, s.orgStorageCap())
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (s *Server) orgLicence(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	o, b, err := s.market.OrgLicence(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	ext := pdfFile.ext
	for _, k := range []fileKind{pngFile, jpegFile} {
		if k.mime == b.Mime {
			ext = k.ext
		}
	}
	return sendFile(c, b, fmt.Sprintf("licence-%d%s", o.ID, ext))
}

type orgsQuery struct {
	models.Page
	Status    models.OrgStatus `query:"status" label:"状态" doc:"认证状态"`
	Q         string           `query:"q" doc:"机构名称关键词"`
	Requested bool             `query:"requested" doc:"只列已提交认证材料的"`
}

func (s *Server) adminOrgs(ctx context.Context, a models.Actor, q orgsQuery) ([]models.Organization, int64, error) {
	orgs, total, err := s.market.ListOrgs(ctx, models.OrgFilter{Status: string(q.Status), Q: q.Q, Requested: q.Requested, Page: q.Page})
	models.WithActions(a, orgs)
	return orgs, total, err
}

type rejection struct {
	Reason string `json:"reason"`
}

func (s *Server) rejectOrg(c *fiber.Ctx) error {
	id, in, err := idAndBody[rejection](c, decode)
	if err != nil {
		return err
	}
	o, err := s.market.RejectOrg(c.UserContext(), actorOf(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (s *Server) agencies(c *fiber.Ctx) error {
	orgs, total, err := s.market.ListOrgs(c.UserContext(), models.OrgFilter{Status: string(models.OrgVerified), Type: string(models.OrgAgency), Page: models.NewPage(1, models.MaxPageSize)})
	if err != nil {
		return err
	}
	out := make([]publicOrg, len(orgs))
	for i, o := range orgs {
		out[i] = publicOrg{o.ID, o.Name, o.Type, o.Region, o.RegionName, o.Status}
	}
	return c.JSON(listOf[publicOrg]{out, int(total)})
}

// orgSearchQuery is a picker's search: a name to look for (required), a
// kind of organisation, a short page.
type orgSearchQuery struct {
	models.Page
	Q    string         `query:"q" doc:"机构名称关键词，1–50 个字（必填）"`
	Type models.OrgType `query:"type" msg:"机构类型无效" doc:"机构类型"`
}

func (q *orgSearchQuery) CheckParams(fields map[string]string) {
	q.Q = strings.TrimSpace(q.Q)
	if n := len([]rune(q.Q)); n < 1 || n > 50 {
		fields["q"] = "请输入 1–50 个字的机构名称关键词"
	}
	if q.Size > 20 {
		fields["size"] = "每次最多返回 20 个机构"
	}
}

// searchOrgs finds verified organisations by name for pickers such as the
// contract form's buyer and intermediary; only public fields leave.
func (s *Server) searchOrgs(c *fiber.Ctx) error {
	q := queryOf[orgSearchQuery](c)
	orgs, total, err := s.market.ListOrgs(c.UserContext(), models.OrgFilter{Status: string(models.OrgVerified), Type: string(q.Type), Q: q.Q, Page: q.Page})
	if err != nil {
		return err
	}
	out := make([]publicOrg, len(orgs))
	for i, o := range orgs {
		out[i] = publicOrg{o.ID, o.Name, o.Type, o.Region, o.RegionName, o.Status}
	}
	return list(c, out, total, q.Page)
}
