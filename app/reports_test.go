package app

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"techmarket/models"
)

// foreignBuyer is p.input for a buyer abroad (境外) outside the market,
// named by its country.
func (p *contractParties) foreignBuyer(tech int64) map[string]any {
	in := p.input(tech)
	delete(in, "buyer_org_id")
	in["buyer_name"], in["buyer_party_type"], in["buyer_division"], in["buyer_country"] = "Siemens Energy AG", "境外企业", models.DivisionAbroad, "DE"
	return in
}

// wrongCheckChar is a credit code whose 18th character is not its check character.
func wrongCheckChar(t *testing.T) string {
	code := testCreditCode(987654)
	for _, c := range "0123456789ABCDEFGHJKLMNPQRTUWXY" {
		if byte(c) != code[17] {
			return code[:17] + string(c)
		}
	}
	t.Fatal("no other check character")
	return ""
}

func TestRegisterFormFields(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		with := func(in map[string]any, kv ...any) map[string]any {
			for i := 0; i < len(kv); i += 2 {
				if kv[i+1] == nil {
					delete(in, kv[i].(string))
				} else {
					in[kv[i].(string)] = kv[i+1]
				}
			}
			return in
		}
		local := func() map[string]any { // a buyer outside the market, in Fuzhou
			return with(p.input(1_000_000), "buyer_org_id", nil, "buyer_name", "福州本地制造有限公司", "buyer_credit_code", testCreditCode(4242))
		}
		before := m.count(&models.Contract{})
		bad := func(name string, body map[string]any, field string) step {
			return step{name: name, as: p.seller, method: "POST", path: "/api/v1/contracts", body: body, want: 422, field: field}
		}
		m.play(t,
			bad("buyer's credit code with a wrong check character", with(local(), "buyer_credit_code", wrongCheckChar(t)), "buyer_credit_code"),
			bad("seller's credit code with a wrong check character", with(p.input(1_000_000), "seller_credit_code", wrongCheckChar(t)), "seller_credit_code"),
			bad("a buyer outside the market without a credit code", with(local(), "buyer_credit_code", nil), "buyer_credit_code"),
			bad("a transfer without expected investment", with(p.input(1_000_000), "expected_investment_fen", nil), "expected_investment_fen"),
			bad("a transfer without expected output", with(p.input(1_000_000), "expected_output_fen", nil), "expected_output_fen"),
			bad("negative expected investment", with(p.input(1_000_000), "expected_investment_fen", -1), "expected_investment_fen"),
			bad("a buyer abroad without a country", with(p.foreignBuyer(1_000_000), "buyer_country", nil), "buyer_country"),
			bad("a buyer abroad in no listed country", with(p.foreignBuyer(1_000_000), "buyer_country", "XX"), "buyer_country"),
			bad("a Hong Kong division code", with(p.foreignBuyer(1_000_000), "buyer_division", "810000"), "buyer_division"),
			bad("a seller abroad", with(p.input(1_000_000), "seller_division", models.DivisionAbroad), "seller_division"),
			bad("a plan without its number", with(p.input(1_000_000), "project_source", "national"), "plan_number"),
			bad("a plan number with a bidi control", with(p.input(1_000_000), "project_source", "provincial", "plan_number", "2023\u202eH01"), "plan_number"),
			bad("an unknown project source", with(p.input(1_000_000), "project_source", "county"), "project_source"),
			bad("an unknown kind of IP", with(p.input(1_000_000), "ip_kinds", []string{"商标"}), "ip_kinds"),
			bad("no socio-economic objective", with(p.input(1_000_000), "socio_economic_objective", nil), "socio_economic_objective"),
			bad("parts not adding up to the technology amount", with(p.input(1_000_000), "tech_parts", map[string]any{"technology_fen": 600_000, "service_fen": 300_000}), "tech_parts"),
			bad("a negative part", with(p.input(1_000_000), "tech_parts", map[string]any{"technology_fen": 1_100_000, "other_fen": -100_000}), "tech_parts"),
		)
		if n := m.count(&models.Contract{}); n != before {
			t.Fatalf("refused drafts were saved: %d -> %d", before, n)
		}

		// The codes of organisations in the market are their verified ones;
		// the parts given are kept, none given is the type's own fee.
		c := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", with(p.input(1_000_000), "project_source", "national",
			"plan_number", "2022YFB3801", "ip_kinds", []string{"专利", "技术秘密", "专利"},
			"tech_parts", map[string]any{"technology_fen": 800_000, "training_fen": 200_000}))
		if c.SellerCreditCode != testCreditCode(p.seller.OrgID) || c.BuyerCreditCode != testCreditCode(p.buyer.OrgID) || c.PlanNumber != "2022YFB3801" ||
			strings.Join(c.IPKinds, ",") != "专利,技术秘密" || c.TechParts.TechnologyFen != 800_000 || c.TechParts.TrainingFen != 200_000 ||
			c.ExpectedInvestmentFen == nil || *c.ExpectedInvestmentFen != 50_000_000 {
			t.Errorf("登记表 fields: %+v", c.RegisterForm)
		}
		consulting := with(p.input(1_000_000), "type", "consulting", "subtype", "技术咨询", "expected_investment_fen", nil, "expected_output_fen", nil)
		if c := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", consulting); c.TechParts != (models.TechParts{ConsultingFen: 1_000_000}) ||
			c.ExpectedInvestmentFen != nil || c.ProjectSource != models.ProjectNone {
			t.Errorf("a consulting contract without a breakdown: %+v", c.RegisterForm)
		}
		// A natural person has no credit code.
		person := with(local(), "buyer_party_type", "自然人", "buyer_name", "张三")
		m.check(bad("a natural person with a credit code", person, "buyer_credit_code"))
		if c := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", with(person, "buyer_credit_code", nil)); c.BuyerCreditCode != "" {
			t.Errorf("a natural person's code: %q", c.BuyerCreditCode)
		}
	})
}

func TestForeignBuyerRegistered(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		c := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", p.foreignBuyer(3_000_000))
		path := fmt.Sprintf("/api/v1/contracts/%d", c.ID)
		m.must(200, m.upload(path+"/file", p.seller.Token, "合同.pdf", pdf))
		// A buyer outside the market does not confirm online: the seller's confirmation is the draft's.
		if c := call[contractView](m, p.seller, 200, "POST", path+"/confirm", nil); c.Status != models.ContractConfirmed {
			t.Fatalf("confirmed by the seller: %s", c.Status)
		}
		call[contractView](m, p.seller, 200, "POST", path+"/submit", nil)
		reg := call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		if reg.Status != models.ContractRegistered || reg.BuyerDivision != models.DivisionAbroad || reg.BuyerCountry != "DE" || reg.BuyerCreditCode != "" {
			t.Fatalf("registered: %+v", reg.Contract)
		}
		// The certificate names the buyer abroad, and the seller by its credit code.
		cert := call[models.Certificate](m, p.seller, 200, "GET", path+"/certificate", nil)
		if cert.BuyerPlace != "境外：德国" || cert.BuyerCreditCode != "" || cert.SellerCreditCode == "" || cert.SellerCreditCode != reg.SellerCreditCode {
			t.Errorf("certificate: %+v", cert)
		}
	})
}

// registeredPair registers a contract with a buyer in the market and one
// with a buyer abroad at the parties' agency.
func registeredPair(t *testing.T, m *market, p *contractParties) {
	p.register(m, p.input(2_000_000))
	in := p.foreignBuyer(3_000_000)
	in["type"], in["subtype"], in["field"] = "development", "委托开发", "电子信息"
	in["tech_parts"] = map[string]any{"technology_fen": 2_500_000, "service_fen": 500_000}
	p.register(m, in)
	// Submitted to the other agency, not registered: the test agencies share
	// a division, so their numbers would collide.
	other := p.input(4_000_000)
	other["agency_id"] = p.otherAgency
	p.submittedAs(m, other)
}

// register takes a draft of the parties to registration at their agency.
func (p *contractParties) register(m *market, in map[string]any) {
	m.t.Helper()
	path := fmt.Sprintf("/api/v1/contracts/%d", call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", in).ID)
	m.must(200, m.upload(path+"/file", p.seller.Token, "合同.pdf", pdf))
	for _, who := range []*account{p.seller, p.buyer} {
		if c := call[contractView](m, p.seller, 200, "GET", path, nil); c.Status == models.ContractDraft {
			call[contractView](m, who, 200, "POST", path+"/confirm", nil)
		}
	}
	call[contractView](m, p.seller, 200, "POST", path+"/submit", nil)
	call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
}

func TestContractReports(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		registeredPair(t, m, p)
		today := time.Now().In(shanghai)
		day := today.Format("2006-01-02")
		period := "?from=" + today.AddDate(0, 0, -1).Format("2006-01-02") + "&to=" + day
		monthly := fmt.Sprintf("/api/v1/reports/monthly/%d/%d", today.Year(), int(today.Month()))
		m.play(t,
			step{name: "a party exports", as: p.seller, method: "GET", path: "/api/v1/reports/contracts" + period, want: 403},
			step{name: "the public exports", method: "GET", path: "/api/v1/reports/contracts" + period, want: 401},
			step{name: "a reviewer exports another agency's", as: p.otherReviewer, method: "GET", path: fmt.Sprintf("/api/v1/reports/contracts%s&agency=%d", period, p.agency), want: 403},
			step{name: "a reviewer reads another agency's month", as: p.otherReviewer, method: "GET", path: fmt.Sprintf("%s?agency=%d", monthly, p.agency), want: 403},
			step{name: "a buyer reads the month", as: p.buyer, method: "GET", path: monthly, want: 403},
			step{name: "a period ending before it starts", as: p.reviewer, method: "GET", path: "/api/v1/reports/contracts?from=" + day + "&to=" + today.AddDate(0, 0, -1).Format("2006-01-02"), want: 422, field: "to"},
			step{name: "no period", as: p.reviewer, method: "GET", path: "/api/v1/reports/contracts", want: 422, field: "from"},
			step{name: "a thirteenth month", as: p.reviewer, method: "GET", path: fmt.Sprintf("/api/v1/reports/monthly/%d/13", today.Year()), want: 422, field: "month"},
		)

		// The agency's export: the 登记表's columns, a line a contract it registered.
		r := m.expect(p.reviewer, 200, "GET", "/api/v1/reports/contracts"+period, nil)
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatalf("the export does not open: %v", err)
		}
		rows, err := f.GetRows("技术合同登记表")
		if err != nil || len(rows) != 3 {
			t.Fatalf("rows of the agency's export: %d %v", len(rows), err)
		}
		col := map[string]int{}
		for j, h := range rows[0] {
			col[h] = j
		}
		for _, h := range []string{"登记号", "合同名称", "合同类型", "卖方名称", "卖方统一社会信用代码", "卖方地区", "卖方主体类型", "买方名称",
			"买方统一社会信用代码", "买方地区代码", "买方国别", "买方主体类型", "成交额（元）", "技术交易额（元）", "项目来源", "知识产权", "社会经济目标", "登记日期"} {
			if _, ok := col[h]; !ok {
				t.Errorf("the export has no column %s: %v", h, rows[0])
			}
		}
		first, foreign := rows[1], rows[2]
		if len(first[col["登记号"]]) != 16 || first[col["卖方统一社会信用代码"]] != testCreditCode(p.seller.OrgID) || first[col["技术交易额（元）"]] != "20000" ||
			first[col["合同类型"]] != "技术转让" || first[col["登记日期"]] != day {
			t.Errorf("the first line: %v", first)
		}
		if foreign[col["买方地区代码"]] != "8000" || foreign[col["买方地区"]] != "境外" || foreign[col["买方国别"]] != "德国" || foreign[col["技术服务费（元）"]] != "5000" {
			t.Errorf("the foreign buyer's line: %v", foreign)
		}
		// A registration number stays text; an amount is a number.
		if typ, _ := f.GetCellType("技术合同登记表", fmt.Sprintf("B%d", 2)); typ == excelize.CellTypeNumber {
			t.Errorf("the registration number is a number")
		}

		// The month: every grouping adds up to the total, for the agency and for all.
		for _, who := range []struct {
			as       *account
			query    string
			count    int64
			techFen  int64
			agencyID int64
		}{{p.reviewer, "", 2, 5_000_000, p.agency}, {p.admin, "", 2, 5_000_000, 0}, {p.otherReviewer, "", 0, 0, p.otherAgency}} {
			rep := call[models.MonthlyReport](m, who.as, 200, "GET", monthly+who.query, nil)
			if rep.Total.Contracts != who.count || rep.Total.TechFen != who.techFen || rep.AgencyID != who.agencyID {
				t.Errorf("%s%s: total %+v of agency %d", who.as.Username, who.query, rep.Total, rep.AgencyID)
			}
			for g, rows := range rep.Groups() {
				var n, tech int64
				for _, x := range rows {
					n, tech = n+x.Contracts, tech+x.TechFen
				}
				if n != rep.Total.Contracts || tech != rep.Total.TechFen {
					t.Errorf("%s: %s adds up to %d contracts, %d fen", who.as.Username, models.MonthlyReportGroups[g].Label, n, tech)
				}
			}
		}
		rep := call[models.MonthlyReport](m, p.reviewer, 200, "GET", monthly, nil)
		abroad := false
		for _, x := range rep.ByBuyerRegion {
			abroad = abroad || x.Key == models.DivisionAbroad && x.Name == "境外" && x.Contracts == 1
		}
		if !abroad {
			t.Errorf("by the buyer's region: %+v", rep.ByBuyerRegion)
		}
		x := m.expect(p.reviewer, 200, "GET", monthly+"/xlsx", nil)
		mf, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatalf("the monthly export does not open: %v", err)
		}
		mrows, _ := mf.GetRows(fmt.Sprintf("%d年%d月统计月报", today.Year(), int(today.Month())))
		if len(mrows) < 2 || mrows[1][0] != "合计" || mrows[1][3] != "2" {
			t.Errorf("the monthly export: %v", mrows)
		}
	})
}
