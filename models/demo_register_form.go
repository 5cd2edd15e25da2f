package models

// demoRegisterForm fills the 登记表 fields of the i-th demo contract the
// way agencies see them: most projects outside any plan, now and then one
// from a national, provincial or municipal plan; the intellectual property
// its subtype implies; an objective by field; and for transfers what the
// buyer expects to invest and produce.
func demoRegisterForm(in *ContractInput, i int) {
	switch i % 7 {
	case 1:
		in.ProjectSource, in.PlanNumber = "national", "2022YFB3800"+string(rune('1'+i%9))
	case 3:
		in.ProjectSource, in.PlanNumber = "provincial", "2023H0"+string(rune('1'+i%9))
	case 5:
		in.ProjectSource, in.PlanNumber = "municipal", "2023-G-10"+string(rune('1'+i%9))
	default:
		in.ProjectSource = ProjectNone
	}
	switch in.Subtype {
	case "专利权转让", "专利申请权转让", "专利实施许可":
		in.IPKinds = []string{"专利"}
	case "技术秘密转让", "技术秘密使用许可":
		in.IPKinds = []string{"技术秘密"}
	case "委托开发", "合作开发":
		in.IPKinds = []string{"专利", "计算机软件著作权"}[:1+i%2]
	}
	in.SocioEconomicObjective = demoObjectives[in.Field]
	if in.SocioEconomicObjective == "" {
		in.SocioEconomicObjective = "工商业发展"
	}
	if in.Type == "transfer" {
		in.ExpectedInvestmentFen, in.ExpectedOutputFen = ptr(in.TechFen*3), ptr(in.TechFen*8)
	}
}

var demoObjectives = map[string]string{
	"农业": "农林牧渔业发展", "环境保护与资源综合利用": "环境保护、生态建设及污染防治", "新能源与高效节能": "能源生产、分配和合理利用",
	"生物医药和医疗器械": "卫生事业发展", "城市建设与社会发展": "基础设施以及城市和农村规划",
}
