package models

import (
	"regexp"
	"strings"
)

// The 技术合同登记表 asks for more than the contract's own terms: the
// parties' 统一社会信用代码, where a party abroad is, the plan the project
// comes from, the intellectual property involved, the socio-economic
// objective, what a transfer is expected to bring, and what the technology
// transaction amount is made of. checkRegisterForm checks them; the agency
// reports (contract_reports.go) count by them.

// Division codes of parties outside the mainland, as the 登记表 codes them:
// 7100 港澳台 and 8000 境外, stored six digits long like every division.
const (
	DivisionHKMacaoTaiwan = "710000"
	DivisionAbroad        = "800000"
)

// AbroadRegions are the 登记表's regions beyond the mainland's divisions.
var AbroadRegions = []Region{{DivisionHKMacaoTaiwan, "港澳台"}, {DivisionAbroad, "境外"}}

// DivisionName names a party's division: a listed division, 港澳台 or 境外.
func DivisionName(code string) string {
	for _, r := range AbroadRegions {
		if r.Code == code {
			return r.Name
		}
	}
	return RegionName(code)
}

// offMainland: a division of 港澳台 or 境外, where no 统一社会信用代码 is issued.
func offMainland(code string) bool { return code == DivisionHKMacaoTaiwan || code == DivisionAbroad }

// checkPartyDivision says what is wrong with a party's division code, or "".
// Hong Kong (81), Macao (82) and Taiwan (71) are one 登记表 region, 7100.
func checkPartyDivision(code, who string, mayBeAbroad bool) string {
	switch {
	case offMainland(code) && mayBeAbroad:
		return ""
	case offMainland(code):
		return who + "须在境内（卖方向所在地登记机构登记）"
	case !ValidRegion(code):
		return who + "所在地为六位行政区划代码，或港澳台（7100）、境外（8000）"
	case strings.HasPrefix(code, "71") || strings.HasPrefix(code, "81") || strings.HasPrefix(code, "82"):
		if mayBeAbroad {
			return who + "在香港、澳门或台湾的，所在地请选“港澳台（7100）”"
		}
		return who + "须在境内（卖方向所在地登记机构登记）"
	}
	return ""
}

// Countries are the countries and regions a party abroad (境外) names most,
// by ISO 3166-1 alpha-2 code and Chinese short name.
var Countries = []Label{
	{"US", "美国"}, {"JP", "日本"}, {"DE", "德国"}, {"KR", "韩国"}, {"GB", "英国"}, {"FR", "法国"},
	{"SG", "新加坡"}, {"IT", "意大利"}, {"NL", "荷兰"}, {"CH", "瑞士"}, {"SE", "瑞典"}, {"CA", "加拿大"},
	{"AU", "澳大利亚"}, {"NZ", "新西兰"}, {"RU", "俄罗斯"}, {"IN", "印度"}, {"IL", "以色列"}, {"MY", "马来西亚"},
	{"TH", "泰国"}, {"VN", "越南"}, {"ID", "印度尼西亚"}, {"PH", "菲律宾"}, {"PK", "巴基斯坦"}, {"KZ", "哈萨克斯坦"},
	{"AE", "阿联酋"}, {"SA", "沙特阿拉伯"}, {"EG", "埃及"}, {"ZA", "南非"}, {"BR", "巴西"}, {"MX", "墨西哥"},
	{"AR", "阿根廷"}, {"ES", "西班牙"}, {"BE", "比利时"}, {"DK", "丹麦"}, {"FI", "芬兰"}, {"NO", "挪威"},
	{"AT", "奥地利"}, {"IE", "爱尔兰"}, {"PL", "波兰"}, {"HU", "匈牙利"}, {"CZ", "捷克"}, {"TR", "土耳其"},
}

// CountryName is the Chinese name of a listed country code, or "".
func CountryName(code string) string { return labelOf(Countries, code) }

func labelOf(ls []Label, v string) string {
	for _, l := range ls {
		if l.Value == v {
			return l.Label
		}
	}
	return ""
}

// PartyClasses are the 登记表's classes of party: every party type is a
// 法人, a 自然人 or an 其他组织 (partyClass).
var PartyClasses = []string{"法人", "自然人", "其他组织"}

// partyClasses maps each of PartyTypes to its class. 个体工商户 are
// natural persons (Civil Code, ch. 2 sec. 4).
var partyClasses = map[string]string{
	"高等院校": "法人", "科研机构": "法人", "医疗卫生机构": "法人", "其他事业单位": "法人", "国有企业": "法人", "集体企业": "法人",
	"有限责任公司": "法人", "股份有限公司": "法人", "私营企业": "法人", "外资企业": "法人", "港澳台商投资企业": "法人",
	"境外企业": "法人", "机关": "法人", "社会团体": "法人", "个体经营": "自然人", "自然人": "自然人", "其他": "其他组织",
}

// PartyClass is the class (法人, 自然人, 其他组织) of a party type.
func PartyClass(partyType string) string { return partyClasses[partyType] }

// ProjectSources are where the contracted project comes from: a national,
// provincial or municipal science and technology plan (with its plan
// number), or none.
var ProjectSources = []Label{{"national", "国家科技计划"}, {"provincial", "省级科技计划"}, {"municipal", "市级科技计划"}, {"none", "无（计划外）"}}

// ProjectSourceLabel is the Chinese name of a project source.
func ProjectSourceLabel(v string) string { return labelOf(ProjectSources, v) }

// ProjectNone is the project source of a project outside every plan.
const ProjectNone = "none"

// IPKinds are the kinds of intellectual property a contract may involve,
// as the national statistics count them; none ticked is 未涉及知识产权.
var IPKinds = []string{"专利", "计算机软件著作权", "集成电路布图设计", "植物新品种", "生物医药新品种", "技术秘密", "设计著作权", "其他"}

// SocioEconomicObjectives is the top level of the national classification
// of socio-economic objectives (社会经济目标) the 登记表 asks for.
var SocioEconomicObjectives = []string{
	"环境保护、生态建设及污染防治", "能源生产、分配和合理利用", "卫生事业发展", "教育事业发展",
	"基础设施以及城市和农村规划", "社会发展和社会服务", "地球和大气层的探索与利用", "民用空间探测及开发",
	"农林牧渔业发展", "工商业发展", "非定向研究", "其他民用目标", "国防",
}

// TechParts is what the technology transaction amount is made of (技术交易额
// 构成), in fen; the parts add up to the amount.
type TechParts struct {
	TechnologyFen int64 `gorm:"column:technology_fen;not null;default:0" json:"technology_fen"` // 技术开发、转让、许可的技术价款
	ConsultingFen int64 `gorm:"column:consulting_fen;not null;default:0" json:"consulting_fen"` // 技术咨询费
	ServiceFen    int64 `gorm:"column:service_fen;not null;default:0" json:"service_fen"`       // 技术服务费
	TrainingFen   int64 `gorm:"column:training_fen;not null;default:0" json:"training_fen"`     // 技术培训费
	BrokerageFen  int64 `gorm:"column:brokerage_fen;not null;default:0" json:"brokerage_fen"`   // 技术中介费
	OtherFen      int64 `gorm:"column:other_fen;not null;default:0" json:"other_fen"`           // 其他技术性收入
}

// TechPartLabels names the parts, by their JSON keys, in the order of TechParts.
var TechPartLabels = []Label{{"technology_fen", "技术价款"}, {"consulting_fen", "技术咨询费"}, {"service_fen", "技术服务费"},
	{"training_fen", "技术培训费"}, {"brokerage_fen", "技术中介费"}, {"other_fen", "其他技术性收入"}}

func (p *TechParts) fields() []*int64 {
	return []*int64{&p.TechnologyFen, &p.ConsultingFen, &p.ServiceFen, &p.TrainingFen, &p.BrokerageFen, &p.OtherFen}
}

// Values are the parts in the order of TechPartLabels.
func (p TechParts) Values() []int64 {
	out := []int64{}
	for _, v := range p.fields() {
		out = append(out, *v)
	}
	return out
}

// typeTechPart is the part a contract's whole technology amount is when its
// parties give no breakdown: the fee its type is named for.
func typeTechPart(typ, subtype string, tech int64) TechParts {
	var p TechParts
	switch {
	case typ == "consulting":
		p.ConsultingFen = tech
	case subtype == "技术培训":
		p.TrainingFen = tech
	case subtype == "技术中介":
		p.BrokerageFen = tech
	case typ == "service":
		p.ServiceFen = tech
	default:
		p.TechnologyFen = tech
	}
	return p
}

// RegisterForm is the 登记表's part of a contract, as stored and shown.
type RegisterForm struct {
	SellerCreditCode       string     `gorm:"size:18;not null;default:''" json:"seller_credit_code"`
	BuyerCreditCode        string     `gorm:"size:18;not null;default:''" json:"buyer_credit_code"`
	BuyerCountry           string     `gorm:"size:2;not null;default:''" json:"buyer_country"`
	ProjectSource          string     `gorm:"size:20;not null;default:'none'" json:"project_source"`
	PlanNumber             string     `gorm:"size:50;not null;default:''" json:"plan_number"`
	IPKinds                StringList `gorm:"column:ip_kinds;type:text;not null" json:"ip_kinds"`
	SocioEconomicObjective string     `gorm:"size:30;not null;default:''" json:"socio_economic_objective"`
	ExpectedInvestmentFen  *int64     `json:"expected_investment_fen"`
	ExpectedOutputFen      *int64     `json:"expected_output_fen"`
	TechParts              TechParts  `gorm:"embedded;embeddedPrefix:tech_part_" json:"tech_parts"`
}

// RegisterFormInput is what the seller side fills in of the 登记表. Credit
// codes left empty are the parties' verified organisations'; tech_parts
// left out (all zero) is the whole amount as the fee the type is named for.
type RegisterFormInput struct {
	SellerCreditCode       string    `json:"seller_credit_code"`
	BuyerCreditCode        string    `json:"buyer_credit_code"`
	BuyerCountry           string    `json:"buyer_country"`
	ProjectSource          string    `json:"project_source"`
	PlanNumber             string    `json:"plan_number"`
	IPKinds                []string  `json:"ip_kinds"`
	SocioEconomicObjective string    `json:"socio_economic_objective"`
	ExpectedInvestmentFen  *int64    `json:"expected_investment_fen"`
	ExpectedOutputFen      *int64    `json:"expected_output_fen"`
	TechParts              TechParts `json:"tech_parts"`
}

var planNumber = regexp.MustCompile(`^[0-9A-Za-z\p{Han}()（）\-_/．.]+$`)

// checkRegisterForm checks the 登记表 fields of contract c (whose own terms
// checkContract has read) and fills them in; seller and buyer are the
// parties' organisations, buyer nil for a buyer outside the market.
func checkRegisterForm(f map[string]string, in RegisterFormInput, c *Contract, seller, buyer *Organization) {
	r := &c.RegisterForm
	r.SellerCreditCode = partyCreditCode(f, "seller_credit_code", "卖方", in.SellerCreditCode, seller, c.SellerPartyType, c.SellerDivision)
	r.BuyerCreditCode = partyCreditCode(f, "buyer_credit_code", "买方", in.BuyerCreditCode, buyer, c.BuyerPartyType, c.BuyerDivision)
	r.BuyerCountry = ""
	if c.BuyerDivision == DivisionAbroad {
		r.BuyerCountry = strings.ToUpper(strings.TrimSpace(in.BuyerCountry))
		if CountryName(r.BuyerCountry) == "" {
			f["buyer_country"] = "买方在境外的，请选择国家或地区"
		}
	}
	r.ProjectSource, r.PlanNumber = in.ProjectSource, strings.TrimSpace(in.PlanNumber)
	if r.ProjectSource == "" {
		r.ProjectSource = ProjectNone
	}
	switch {
	case labelOf(ProjectSources, r.ProjectSource) == "":
		f["project_source"] = "项目来源无效"
	case r.ProjectSource == ProjectNone:
		r.PlanNumber = ""
	case r.PlanNumber == "":
		f["plan_number"] = "来自科技计划的项目请填写计划编号"
	case len([]rune(r.PlanNumber)) > 50 || !planNumber.MatchString(r.PlanNumber):
		f["plan_number"] = "计划编号至多 50 个字符，只含汉字、字母、数字和 - _ / . ( )"
	}
	r.IPKinds = StringList{}
	for _, k := range in.IPKinds {
		switch {
		case !oneOf(k, IPKinds):
			f["ip_kinds"] = "知识产权类型无效"
		case !oneOf(k, r.IPKinds):
			r.IPKinds = append(r.IPKinds, k)
		}
	}
	r.SocioEconomicObjective = in.SocioEconomicObjective
	if !oneOf(r.SocioEconomicObjective, SocioEconomicObjectives) {
		f["socio_economic_objective"] = "请选择社会经济目标"
	}
	r.ExpectedInvestmentFen, r.ExpectedOutputFen = in.ExpectedInvestmentFen, in.ExpectedOutputFen
	for _, e := range []struct {
		key, what string
		v         *int64
	}{{"expected_investment_fen", "预计新增投资", in.ExpectedInvestmentFen}, {"expected_output_fen", "预计新增产值", in.ExpectedOutputFen}} {
		switch {
		case e.v != nil:
			checkFen(f, e.key, *e.v, true, e.what)
		case c.Type == "transfer":
			// The 登记表 asks a transfer what it will bring the buyer.
			f[e.key] = "技术转让合同须填写" + e.what + "（单位：分，可为 0）"
		}
	}
	r.TechParts = in.TechParts
	checkTechParts(f, &r.TechParts, c)
}

// partyCreditCode is a party's 统一社会信用代码: the one entered, checked
// with its GB 32100 check character, or its organisation's; none for a
// natural person or a party off the mainland, and one required of any
// other party outside the market.
func partyCreditCode(f map[string]string, key, who, entered string, org *Organization, partyType, division string) string {
	code := NormaliseCreditCode(entered)
	if code == "" && org != nil && org.CreditCode != nil {
		code = *org.CreditCode
	}
	switch {
	case offMainland(division) || PartyClass(partyType) == "自然人":
		if entered != "" {
			f[key] = who + "在港澳台、境外或为自然人的，不填统一社会信用代码"
		}
		return ""
	case code == "":
		f[key] = "请填写" + who + "的统一社会信用代码"
	default:
		if msg := CheckCreditCode(code); msg != "" {
			f[key] = who + msg
		}
	}
	return code
}

// checkTechParts checks that the parts of the technology transaction amount
// are amounts and add up to it; none given is the type's own fee.
func checkTechParts(f map[string]string, p *TechParts, c *Contract) {
	var sum int64
	given := false
	for i, v := range p.fields() {
		if !checkFen(f, "tech_parts", *v, true, TechPartLabels[i].Label) {
			return
		}
		given = given || *v != 0
		sum, _ = addFen(sum, *v) // each part is at most MaxFen: six cannot overflow
	}
	if !given {
		*p = typeTechPart(c.Type, c.Subtype, c.TechFen)
		return
	}
	if sum != c.TechFen {
		f["tech_parts"] = "技术交易额构成各项之和应等于技术交易额"
	}
}

// RegisterFormEnums are the 登记表's choices, for the forms.
type RegisterFormEnums struct {
	AbroadRegions           []Region `json:"abroad_regions"`
	Countries               []Label  `json:"countries"`
	NaturalPersonTypes      []string `json:"natural_person_types"` // party types without a credit code
	ProjectSources          []Label  `json:"project_sources"`
	IPKinds                 []string `json:"ip_kinds"`
	SocioEconomicObjectives []string `json:"socio_economic_objectives"`
	TechParts               []Label  `json:"tech_parts"`
}

// RegisterFormChoices lists the 登记表's choices.
func RegisterFormChoices() RegisterFormEnums {
	natural := []string{}
	for _, t := range PartyTypes {
		if PartyClass(t) == "自然人" {
			natural = append(natural, t)
		}
	}
	return RegisterFormEnums{AbroadRegions: AbroadRegions, Countries: Countries, NaturalPersonTypes: natural, ProjectSources: ProjectSources,
		IPKinds: IPKinds, SocioEconomicObjectives: SocioEconomicObjectives, TechParts: TechPartLabels}
}
