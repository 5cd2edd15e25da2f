package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// reportRoutes are the agency's reports to the province and the ministry: a
// reviewer's for their own agency, a market admin's for any or all.
func (s *Server) reportRoutes() []route {
	who := []models.Role{models.RoleReviewer, models.RoleAdmin}
	errs := []*models.Error{models.ErrInvalidInput, models.ErrForbidden}
	const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	return []route{
		{method: "GET", path: "/api/v1/reports/contracts", tag: "合同登记", summary: "登记合同明细 XLSX（技术合同登记表的列：登记号、合同名称、类型、买卖双方名称·信用代码·地区·主体类型、成交额、技术交易额及构成、项目来源、知识产权、社会经济目标、登记日期…）；from、to 为登记日期（含），agency 为登记机构（审查员只能是本机构，默认本机构；管理员不填为全部）", access: verified, roles: who, handler: s.contractsReport, query: registerQuery{}, out: file("登记合同明细 XLSX", xlsx), errs: errs},
		{method: "GET", path: "/api/v1/reports/monthly/:year/:month", tag: "合同登记", summary: "技术合同登记统计月报：当月登记（注销的不计，变更的按变更后金额）的合同数、成交额、技术交易额，合计及按合同类型、技术领域、卖方与买方地区、卖方与买方主体类型分组；agency 同上", access: verified, roles: who, handler: s.monthlyReport, query: agencyQuery{}, out: models.MonthlyReport{}, errs: errs},
		{method: "GET", path: "/api/v1/reports/monthly/:year/:month/xlsx", tag: "合同登记", summary: "技术合同登记统计月报 XLSX", access: verified, roles: who, handler: s.monthlyReportXLSX, query: agencyQuery{}, out: file("统计月报 XLSX", xlsx), errs: errs},
	}
}

// registerHeader is the layout of the 技术合同登记表 export, one column a field.
var registerHeader = []string{"序号", "登记号", "合同名称", "合同类型", "子类", "技术领域",
	"卖方名称", "卖方统一社会信用代码", "卖方地区代码", "卖方地区", "卖方主体类型", "卖方主体性质",
	"买方名称", "买方统一社会信用代码", "买方地区代码", "买方地区", "买方国别", "买方主体类型", "买方主体性质", "中介方",
	"成交额（元）", "技术交易额（元）", "技术价款（元）", "技术咨询费（元）", "技术服务费（元）", "技术培训费（元）", "技术中介费（元）", "其他技术性收入（元）",
	"项目来源", "计划编号", "知识产权", "社会经济目标", "预计新增投资（元）", "预计新增产值（元）",
	"签订日期", "有效期起", "有效期止", "登记机构", "登记日期", "登记状态"}

// registerFigures are the columns of registerHeader that hold amounts.
var registerFigures = map[string]bool{"序号": true}

func init() {
	for _, h := range registerHeader {
		if strings.HasSuffix(h, "（元）") {
			registerFigures[h] = true
		}
	}
}

func registerTable(r *models.ContractRegister) table {
	t := table{file: reportFile("contracts", r.AgencyID, r.From+"-"+r.To), sheet: "技术合同登记表", header: registerHeader, text: map[int]bool{}}
	for j, h := range registerHeader {
		t.text[j] = !registerFigures[h]
	}
	for i, l := range r.Lines {
		c := l.Contract
		no := ""
		if c.RegistrationNo != nil {
			no = *c.RegistrationNo
		}
		row := []string{strconv.Itoa(i + 1), no, c.Title, models.ContractTypeLabel(c.Type, ""), c.Subtype, c.Field,
			c.SellerName, c.SellerCreditCode, models.DivisionFormCode(c.SellerDivision), models.DivisionName(c.SellerDivision), c.SellerPartyType, models.PartyClass(c.SellerPartyType),
			c.BuyerName, c.BuyerCreditCode, models.DivisionFormCode(c.BuyerDivision), models.DivisionName(c.BuyerDivision), models.CountryName(c.BuyerCountry), c.BuyerPartyType, models.PartyClass(c.BuyerPartyType), c.BrokerName,
			yuanText(c.ContractFen), yuanText(c.TechFen)}
		for _, v := range c.TechParts.Values() {
			row = append(row, yuanText(v))
		}
		row = append(row, models.ProjectSourceLabel(c.ProjectSource), c.PlanNumber, strings.Join(c.IPKinds, "、"), c.SocioEconomicObjective,
			optionalYuan(c.ExpectedInvestmentFen), optionalYuan(c.ExpectedOutputFen),
			dayText(&c.SignedOn), dayText(&c.ValidFrom), dayText(&c.ValidTo), l.Agency, dayText(c.RegisteredAt), models.StandingNames[l.Standing])
		t.rows = append(t.rows, row)
	}
	return t
}

// optionalYuan is an amount stated, or nothing for one not stated.
func optionalYuan(fen *int64) string {
	if fen == nil {
		return ""
	}
	return yuanText(*fen)
}

// reportFile names a report's download by its kind, agency and period.
func reportFile(kind string, agencyID int64, period string) string {
	if agencyID == 0 {
		return fmt.Sprintf("%s-all-%s", kind, period)
	}
	return fmt.Sprintf("%s-agency%d-%s", kind, agencyID, period)
}

// agencyQuery is the registration agency a report covers: for a reviewer
// only their own (the default), for admins any, all when left out.
type agencyQuery struct {
	Agency int64 `query:"agency" min:"1" doc:"登记机构（审查员只能是本机构，默认本机构；管理员不填为全部）"`
}

// registerQuery is the contracts registered between two days (inclusive).
type registerQuery struct {
	agencyQuery
	From string `query:"from" doc:"登记日期起（含），如 2026-01-01"`
	To   string `query:"to" doc:"登记日期止（含）"`
}

func (s *Server) contractsReport(c *fiber.Ctx) error {
	q := queryOf[registerQuery](c)
	r, err := s.market.RegisteredContracts(c.UserContext(), actorOf(c), q.Agency, q.From, q.To)
	if err != nil {
		return err
	}
	return sendXLSX(c, registerTable(r))
}

func (s *Server) monthlyReportOf(c *fiber.Ctx) (*models.MonthlyReport, error) {
	agency := queryOf[agencyQuery](c).Agency
	year, err1 := strconv.Atoi(c.Params("year"))
	month, err2 := strconv.Atoi(c.Params("month"))
	if err1 != nil || err2 != nil {
		return nil, models.Invalid(map[string]string{"month": "请选择有效的年月"})
	}
	return s.market.MonthlyContractReport(c.UserContext(), actorOf(c), agency, year, month)
}

func (s *Server) monthlyReport(c *fiber.Ctx) error {
	r, err := s.monthlyReportOf(c)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// monthlyTable is the monthly report as one sheet: the total, then each
// grouping under its name; the figures are numbers.
func monthlyTable(r *models.MonthlyReport) table {
	t := table{file: reportFile("monthly", r.AgencyID, fmt.Sprintf("%d-%02d", r.Year, r.Month)), sheet: fmt.Sprintf("%d年%d月统计月报", r.Year, r.Month),
		header: []string{"分组", "代码", "名称", "合同数", "成交额（元）", "技术交易额（元）"}, text: map[int]bool{0: true, 1: true, 2: true}}
	line := func(group string, x models.Turnover) {
		t.rows = append(t.rows, []string{group, x.Key, x.Name, strconv.FormatInt(x.Contracts, 10), yuanText(x.ContractFen), yuanText(x.TechFen)})
	}
	total := r.Agency
	if total == "" {
		total = "全部登记机构"
	}
	line("合计", models.Turnover{Name: total, Contracts: r.Total.Contracts, ContractFen: r.Total.ContractFen, TechFen: r.Total.TechFen})
	for g, rows := range r.Groups() {
		for _, x := range rows {
			line(models.MonthlyReportGroups[g].Label, x)
		}
	}
	return t
}

func (s *Server) monthlyReportXLSX(c *fiber.Ctx) error {
	r, err := s.monthlyReportOf(c)
	if err != nil {
		return err
	}
	return sendXLSX(c, monthlyTable(r))
}
