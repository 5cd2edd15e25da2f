package models

import "testing"

func TestPartyDivision(t *testing.T) {
	for _, c := range []struct {
		code        string
		mayBeAbroad bool
		ok          bool
	}{
		{"350102", false, true},
		{"350102", true, true},
		{DivisionAbroad, true, true},
		{DivisionHKMacaoTaiwan, true, true},
		{DivisionAbroad, false, false}, // the seller registers where it is
		{"810000", true, false},        // Hong Kong is 港澳台 (7100)
		{"820100", true, false},
		{"710100", true, false},
		{"3501", true, false},
		{"990000", true, false},
	} {
		if got := checkPartyDivision(c.code, "买方", c.mayBeAbroad) == ""; got != c.ok {
			t.Errorf("%s (abroad allowed %v): ok %v, want %v", c.code, c.mayBeAbroad, got, c.ok)
		}
	}
	if DivisionFormCode(DivisionAbroad) != "8000" || DivisionFormCode(DivisionHKMacaoTaiwan) != "7100" || DivisionFormCode("350102") != "350102" {
		t.Error("the 登记表's region codes")
	}
}

func TestPartyCreditCode(t *testing.T) {
	valid := "91350100M000100Y43"
	wrong := valid[:17] + "4"
	org := &Organization{CreditCode: &valid}
	for _, c := range []struct {
		name, entered, partyType, division string
		org                                *Organization
		want                               string
		refused                            bool
	}{
		{"the organisation's by default", "", "有限责任公司", "350102", org, valid, false},
		{"typed in small letters", "91350100m000100y43 ", "有限责任公司", "350102", nil, valid, false},
		{"a wrong check character", wrong, "有限责任公司", "350102", org, wrong, true},
		{"none for a company outside the market", "", "有限责任公司", "350102", nil, "", true},
		{"none for a natural person", "", "自然人", "350102", nil, "", false},
		{"a natural person's is refused", valid, "个体经营", "350102", nil, "", true},
		{"none abroad", "", "境外企业", DivisionAbroad, org, "", false},
	} {
		f := map[string]string{}
		got := partyCreditCode(f, "buyer_credit_code", "买方", c.entered, c.org, c.partyType, c.division)
		if got != c.want || (f["buyer_credit_code"] != "") != c.refused {
			t.Errorf("%s: %q, %v; want %q, refused %v", c.name, got, f, c.want, c.refused)
		}
	}
}

func TestMonthlyReportAddsUp(t *testing.T) {
	rows := []reportRow{
		{Type: "transfer", Field: "电子信息", SellerDivision: "350102", BuyerDivision: DivisionAbroad, SellerPartyType: "高等院校", BuyerPartyType: "境外企业", ContractFen: 300, TechFen: 200},
		{Type: "transfer", Field: "农业", SellerDivision: "350104", BuyerDivision: "350102", SellerPartyType: "科研机构", BuyerPartyType: "自然人", ContractFen: 50, TechFen: 50},
		{Type: "service", Field: "农业", SellerDivision: "350102", BuyerDivision: "350102", SellerPartyType: "高等院校", BuyerPartyType: "有限责任公司", ContractFen: 7, TechFen: 5},
	}
	r := monthlyReport(2026, 11, 0, "", rows)
	if r.Total != (Turnover{Contracts: 3, ContractFen: 357, TechFen: 255}) {
		t.Fatalf("total %+v", r.Total)
	}
	sizes := []int{2, 2, 2, 2, 2, 3}
	for g, group := range r.Groups() {
		var sum Turnover
		for _, x := range group {
			sum.Contracts, sum.ContractFen, sum.TechFen = sum.Contracts+x.Contracts, sum.ContractFen+x.ContractFen, sum.TechFen+x.TechFen
		}
		if sum != r.Total || len(group) != sizes[g] {
			t.Errorf("%s: %d rows adding up to %+v", MonthlyReportGroups[g].Label, len(group), sum)
		}
	}
	if r.ByType[1].Key != "transfer" || r.ByType[1].Name != "技术转让" || r.ByType[1].Contracts != 2 {
		t.Errorf("by type: %+v", r.ByType)
	}
	if r.ByBuyerRegion[1].Name != "境外" {
		t.Errorf("by the buyer's region: %+v", r.ByBuyerRegion)
	}
}

func TestTechPartsOfTheType(t *testing.T) {
	for _, c := range []struct {
		typ, sub string
		want     TechParts
	}{
		{"transfer", "专利权转让", TechParts{TechnologyFen: 9}},
		{"consulting", "技术咨询", TechParts{ConsultingFen: 9}},
		{"service", "技术培训", TechParts{TrainingFen: 9}},
		{"service", "技术中介", TechParts{BrokerageFen: 9}},
		{"service", "技术服务", TechParts{ServiceFen: 9}},
	} {
		if got := typeTechPart(c.typ, c.sub, 9); got != c.want {
			t.Errorf("%s/%s: %+v", c.typ, c.sub, got)
		}
	}
}
