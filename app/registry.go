package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// registryRoutes are the 名录 of technology brokers and transfer
// institutions: public to read, kept by the market admins.
func (s *Server) registryRoutes() []route {
	admin := []models.Role{models.RoleAdmin}
	return []route{
		{method: "GET", path: "/api/v1/registry/brokers", tag: "名录", summary: "技术经纪人名录：登记有效的经纪人（姓名、等级、所在机构、证书编号、有效期），q 搜索姓名、机构或证书编号，level、firm_id 筛选；status=expired|all 只对市场管理员与本机构的机构管理员（须带 firm_id），二者也看得到电话与关联账号", handler: listed(s.listBrokers), query: brokersQuery{}, out: page[models.TechnologyBroker]{}, errs: []*models.Error{models.ErrInvalidInput, models.ErrUnauthenticated, models.ErrForbidden, models.ErrMembershipPending, models.ErrMembershipSuspended, models.ErrMembershipRefused}},
		{method: "GET", path: "/api/v1/registry/brokers/:id", tag: "名录", summary: "技术经纪人（已过期的只有市场管理员与本机构的机构管理员可见）", handler: byID(s.market.GetBroker), out: models.TechnologyBroker{}, errs: []*models.Error{models.ErrBrokerNotFound}},
		{method: "POST", path: "/api/v1/registry/brokers", tag: "名录", summary: "登记技术经纪人（市场管理员；证书编号唯一；所在机构须为经纪机构，关联账号须为该机构的经纪人；记入审计日志）", access: verified, roles: admin, handler: withBody(fiber.StatusCreated, s.market.CreateBroker), in: models.BrokerInput{}, out: created(models.TechnologyBroker{}), errs: []*models.Error{models.ErrCertificateTaken, models.ErrBrokerUserTaken}},
		{method: "PUT", path: "/api/v1/registry/brokers/:id", tag: "名录", summary: "修改或续期技术经纪人登记（市场管理员；有效期改到过去即注销；记入审计日志）", access: verified, roles: admin, handler: byIDWith(fiber.StatusOK, s.market.UpdateBroker), in: models.BrokerInput{}, out: models.TechnologyBroker{}, errs: []*models.Error{models.ErrBrokerNotFound, models.ErrCertificateTaken, models.ErrBrokerUserTaken}},
		{method: "GET", path: "/api/v1/registry/institutions", tag: "名录", summary: "技术转移机构名录：机构、类型（平台类、交易类）与年度促成额标准、示范级别、认定年份；q 搜索机构名称，kind 筛选；联系电话只对市场管理员与本机构的机构管理员", handler: listed(s.listInstitutions), query: institutionsQuery{}, out: page[models.TransferInstitution]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/registry/institutions/:id", tag: "名录", summary: "技术转移机构", handler: byID(s.market.GetInstitution), out: models.TransferInstitution{}, errs: []*models.Error{models.ErrInstitutionNotFound}},
		{method: "POST", path: "/api/v1/registry/institutions", tag: "名录", summary: "登记技术转移机构（市场管理员；每个机构一条；登记机构与科技管理部门不能登记；记入审计日志）", access: verified, roles: admin, handler: withBody(fiber.StatusCreated, s.market.CreateInstitution), in: models.InstitutionInput{}, out: created(models.TransferInstitution{}), errs: []*models.Error{models.ErrInstitutionExists}},
		{method: "PUT", path: "/api/v1/registry/institutions/:id", tag: "名录", summary: "修改技术转移机构登记（市场管理员；记入审计日志）", access: verified, roles: admin, handler: byIDWith(fiber.StatusOK, s.market.UpdateInstitution), in: models.InstitutionInput{}, out: models.TransferInstitution{}, errs: []*models.Error{models.ErrInstitutionNotFound, models.ErrInstitutionExists}},
	}
}

type brokersQuery struct {
	models.Page
	Q      string             `query:"q" doc:"姓名、证书编号或所在机构名称关键词"`
	Level  models.BrokerLevel `query:"level" label:"等级" doc:"等级"`
	FirmID int64              `query:"firm_id" min:"1" doc:"所在技术转移机构"`
	Status string             `query:"status" enum:"active,expired,all" label:"状态" doc:"active 有效（默认），expired 已过期，all 全部（后两者只对市场管理员与本机构的机构管理员）"`
}

type institutionsQuery struct {
	models.Page
	Q    string                 `query:"q" doc:"机构名称关键词"`
	Kind models.InstitutionKind `query:"kind" label:"类型" doc:"类型：平台类或交易类"`
}

func (s *Server) listBrokers(ctx context.Context, a models.Actor, q brokersQuery) ([]models.TechnologyBroker, int64, error) {
	return s.market.ListBrokers(ctx, a, models.BrokerFilter{Q: q.Q, Level: q.Level, FirmID: q.FirmID, Status: q.Status, Page: q.Page})
}

func (s *Server) listInstitutions(ctx context.Context, a models.Actor, q institutionsQuery) ([]models.TransferInstitution, int64, error) {
	return s.market.ListInstitutions(ctx, a, models.InstitutionFilter{Q: q.Q, Kind: q.Kind, Page: q.Page})
}
