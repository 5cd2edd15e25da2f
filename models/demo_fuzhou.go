package models

import (
	"embed"
	"errors"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
)

// The official tables of Fuzhou's 2023 plan (附件1 districts, 附件2
// agencies), transcribed; see demodata/fuzhou-2023/README.md.
//
//go:embed demodata/fuzhou-2023/districts.csv demodata/fuzhou-2023/agencies.csv
var fuzhouFS embed.FS

// Fuzhou2023Plan is the plan the demo carries, as the city issued it.
var Fuzhou2023Plan = TargetPlanInput{Name: "推进福州市2023年度技术合同认定登记工作行动方案", FromYear: 2023, ToYear: 2023,
	Source: "《推进福州市2023年度技术合同认定登记工作行动方案》附件1、附件2", Region: "350100", Measure: MeasureContract}

// fuzhouAgencies are the plan's five registration agencies, by the names the
// plan's table gives them and the organisation that registers: 福建海峡技术转移中心
// is the demo's broker firm too, and an organisation has one type, so its
// registration office is an organisation of its own.
var fuzhouAgencies = []struct{ plan, org string }{
	{"福建海峡技术转移中心", "福建海峡技术转移中心技术合同登记站"},
	{"福建省高新技术创业服务中心", "福建省高新技术创业服务中心"},
	{"福建省科技咨询服务中心", "福建省科技咨询服务中心"},
	{"福州技术市场有限公司", "福州技术市场有限公司"},
	{"福州市科创服务中心", "福州市科创服务中心"},
}

// fuzhouOutside is where the sellers sit whose contracts Fuzhou's agencies
// registered beside the city's own: the agencies' 2022 amounts (附件2)
// add up to 0.75 亿 more than the districts' (附件1).
const fuzhouOutside = "350503"

// fuzhou2023Reached is what each district's sellers registered in 2023
// against the plan's target: most reach theirs, 长乐 and 福清 fall short.
var fuzhou2023Reached = map[string]float64{"350102": 1.04, "350103": 0.97, "350104": 1.06, "350111": 1.02, "350105": 1.03,
	"350112": 0.91, "350181": 0.84, "350121": 1.05, "350122": 1.2, "350124": 0.95, "350123": 1.1, "350125": 1.0}

// fuzhouMonths is how a year's registrations fall by month, in tenths of a
// percent: slow around the Spring Festival, a peak before the half-year
// count and the heaviest month December, when contracts are closed for the
// year — 13 %, so that by the end of November a district on its way to
// the year's target stands near the bulletin's 时间进度.
var fuzhouMonths = [12]int64{45, 40, 80, 80, 80, 115, 75, 75, 100, 75, 105, 130}

// fuzhouRow is a row of the plan's tables: the name as printed, last
// year's registered amount (上年成交额) and this year's target, in fen.
type fuzhouRow struct {
	name         string
	last, target int64
}

// fuzhouTable reads one of the plan's tables, as the import does.
func fuzhouTable(file string) ([]fuzhouRow, *TargetTable, error) {
	data, err := fuzhouFS.ReadFile("demodata/fuzhou-2023/" + file)
	if err != nil {
		return nil, nil, err
	}
	t, err := ReadTargetTable(file, data)
	if err != nil {
		return nil, nil, err
	}
	col := map[string]int{}
	units := map[string]int64{}
	for i, h := range t.Header {
		name, unit := headerUnit(h)
		col[name], units[name] = i, unit
	}
	var out []fuzhouRow
	for _, r := range t.Rows {
		last, msg := parseAmount(r.Cells[col["上年成交额"]], units["上年成交额"])
		target, msg2 := parseAmount(r.Cells[col["年度目标"]], units["年度目标"])
		if msg != "" || msg2 != "" {
			return nil, nil, fmt.Errorf("%s row %d: %s%s", file, r.Line, msg, msg2)
		}
		out = append(out, fuzhouRow{r.Cells[col["名称"]], last, target})
	}
	return out, t, nil
}

// fuzhouSellers are the sellers of each district's historic contracts.
// Universities and institutes offer their achievements; the companies,
// made up for the demo, the topics listed.
var fuzhouSellers = map[string][]string{
	"350102": {"中国科学院福建物质结构研究所", "福州榕城智联信息技术有限公司"},
	"350103": {"福州江滨数据科技有限公司"},
	"350104": {"福建农林大学", "福建师范大学"},
	"350105": {"福州马江海洋工程技术有限公司"},
	"350111": {"福建省农业科学院"},
	"350112": {"福州长乐滨海新材料有限公司"},
	"350121": {"福州大学", "福建江夏学院"},
	"350122": {"福州连江海洋生物科技有限公司"},
	"350123": {"福州罗源湾精密机械有限公司"},
	"350124": {"福州闽清陶瓷新材料有限公司"},
	"350125": {"福州永泰茶业科技有限公司"},
	"350181": {"福清海峡光电技术研究院有限公司"},
	"350503": {"华侨大学", "泉州市工业技术研究院"},
	"330304": {"温州大学", "温州医科大学"},
}

var fuzhouTopics = map[string]struct {
	field  string
	topics []string
}{
	"福州榕城智联信息技术有限公司":  {"电子信息", []string{"城市交通信号自适应控制系统", "政务数据共享交换平台", "工业设备远程运维物联网平台"}},
	"福州江滨数据科技有限公司":    {"电子信息", []string{"商贸流通大数据分析平台", "供应链金融风险评估模型", "商圈客流监测系统"}},
	"福州马江海洋工程技术有限公司":  {"现代交通", []string{"近海风电安装船动力定位系统", "船舶压载水处理装置", "海洋平台结构健康监测技术"}},
	"福州长乐滨海新材料有限公司":   {"新材料及其应用", []string{"差别化锦纶纤维纺丝工艺", "功能性经编面料整理技术", "再生聚酯纤维制备技术"}},
	"福建江夏学院":          {"电子信息", []string{"电子票据区块链存证系统", "乡村旅游数字化服务平台", "中小企业财务共享服务系统"}},
	"福州连江海洋生物科技有限公司":  {"农业", []string{"鲍鱼苗种繁育技术", "海带精深加工工艺", "海参养殖水质调控技术"}},
	"福州罗源湾精密机械有限公司":   {"先进制造", []string{"不锈钢精密铸件加工工艺", "数控机床主轴热变形补偿技术", "冲压模具快速换模系统"}},
	"福州闽清陶瓷新材料有限公司":   {"新材料及其应用", []string{"电瓷绝缘子高强度配方", "建筑陶瓷低温快烧工艺", "陶瓷窑炉余热回收系统"}},
	"福州永泰茶业科技有限公司":    {"农业", []string{"茶叶清洁化加工生产线", "李果保鲜储运技术", "茶园病虫害绿色防控技术"}},
	"福清海峡光电技术研究院有限公司": {"电子信息", []string{"LED 显示模组驱动技术", "光学镜头自动对焦模组", "光伏组件缺陷检测系统"}},
}

// fuzhouContractFen is the size a historic contract is split at: the
// demo registers one for about every 1,500 万元 of a district's turnover
// with an agency in a month.
const fuzhouContractFen = 1_500_000_000

// fuzhou2023 loads the city's 2022 and 2023 registrations and its 2023
// plan, from the plan's tables as printed, and the registrations of the
// years since (fuzhouSince): the contracts are inserted as registered
// records (the workflow for some four thousand contracts would take the
// demo a minute more), the plan through the import.
func (d *demoLoad) fuzhou2023() error {
	districtRows, districtTable, err := fuzhouTable("districts.csv")
	if err != nil {
		return err
	}
	agencyRows, agencyTable, err := fuzhouTable("agencies.csv")
	if err != nil {
		return err
	}
	// 2022: per district and per agency as the tables print them, the
	// agencies' surplus from sellers outside the city.
	var rows, cols []int64
	var districts []string
	var cityTotal, total int64
	for _, r := range districtRows {
		code, msg := targetKeyByName(d.db, "district", r.name, Fuzhou2023Plan.Region)
		if msg != "" {
			return errors.New(msg)
		}
		rows, districts, cityTotal = append(rows, r.last), append(districts, code), cityTotal+r.last
	}
	agencies := make([]int64, len(agencyRows))
	for j, r := range agencyRows {
		for _, a := range fuzhouAgencies {
			if a.plan == r.name {
				agencies[j] = d.orgIDs[a.org]
			}
		}
		cols, total = append(cols, r.last), total+r.last
	}
	rows, districts = append(rows, total-cityTotal), append(districts, fuzhouOutside)
	var cs []Contract
	cells := splitTable(rows, cols)
	for i, district := range districts {
		for j, amount := range cells[i] {
			cs = d.historic(cs, 2022, district, agencies[j], amount, i*len(cols)+j)
		}
	}
	// 2023: each district's year, month by month, with the agencies in the
	// shares of their 2023 targets.
	byShare := func(k int) int64 {
		var all int64
		for _, r := range agencyRows {
			all += r.target / 100_000_000
		}
		n := int64(k*7919) % all
		for j, r := range agencyRows {
			if n < r.target/100_000_000 {
				return agencies[j]
			}
			n -= r.target / 100_000_000
		}
		return agencies[len(agencies)-1]
	}
	reached := map[string]int64{}
	for i, r := range districtRows {
		code := districts[i]
		year := int64(float64(r.target/100_000_000)*fuzhou2023Reached[code]) * 100_000_000
		for mth, amount := range splitBy(year, fuzhouMonths[:]) {
			cs = d.historicMonth(cs, 2023, mth+1, code, byShare, amount, 1000+i*12+mth)
		}
		reached[code] = year
	}
	// The years since, numbered with these: an agency's counter runs on
	// through the year whoever's contracts it registers.
	cs = d.fuzhouSince(cs, reached, byShare)
	if err := d.numberHistoric(cs); err != nil {
		return err
	}
	if err := d.db.CreateInBatches(cs, 200).Error; err != nil {
		return err
	}
	// The plan, issued in the spring of 2023, imported from its tables.
	d.at(time.Date(2023, 3, 20, 10, 0, 0, 0, shanghai))
	admin := d.as("admin")
	plan, err := d.m.CreateTargetPlan(d.ctx, admin, Fuzhou2023Plan)
	if err != nil {
		return err
	}
	for file, table := range map[string]*TargetTable{"districts.csv": districtTable, "agencies.csv": agencyTable} {
		if _, err := d.m.ImportTargets(d.ctx, admin, TargetImport{PlanID: plan.ID, Year: 2023}, table); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	// The plan's city-wide figure, above its tables: 110 亿元.
	if _, err := d.m.SetTarget(d.ctx, admin, TargetInput{PlanID: plan.ID, Year: 2023, FromYear: 2023, Kind: "district", Key: "350100",
		TargetFen: 1_100_000_000_000, Measure: MeasureContract, Note: "全市目标（行动方案正文）"}); err != nil {
		return fmt.Errorf("city target: %w", err)
	}
	d.at(d.now)
	return nil
}

// splitTable fills a table of amounts whose rows and columns add up to
// the given totals (which have the same sum): each cell in proportion to
// its row and column, the last column taking what each row has left.
func splitTable(rows, cols []int64) [][]int64 {
	var total int64
	for _, c := range cols {
		total += c
	}
	cells := make([][]int64, len(rows))
	for i := range cells {
		cells[i] = make([]int64, len(cols))
	}
	for j := 0; j < len(cols)-1; j++ {
		var sum int64
		largest := 0
		for i, r := range rows {
			// In units of 0.01 亿 (10^8 fen) the products stay within int64.
			cells[i][j] = r / 100_000_000 * cols[j] / total * 100_000_000
			sum += cells[i][j]
			if r > rows[largest] {
				largest = i
			}
		}
		cells[largest][j] += cols[j] - sum
	}
	last := len(cols) - 1
	for i, r := range rows {
		cells[i][last] = r
		for j := 0; j < last; j++ {
			cells[i][last] -= cells[i][j]
		}
	}
	return cells
}

// splitBy splits amount in the given weights, exactly: the last part takes the rounding.
func splitBy(amount int64, weights []int64) []int64 {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	out := make([]int64, len(weights))
	left := amount
	for i, w := range weights[:len(weights)-1] {
		out[i] = amount / sum * w
		left -= out[i]
	}
	out[len(out)-1] = left
	return out
}

// historic adds the contracts of one district with one agency over a
// year: registered through the months as fuzhouMonths has them.
func (d *demoLoad) historic(cs []Contract, year int, district string, agency, amount int64, seed int) []Contract {
	for mth, a := range splitBy(amount, fuzhouMonths[:]) {
		cs = d.historicMonth(cs, year, mth+1, district, func(int) int64 { return agency }, a, seed*12+mth)
	}
	return cs
}

// historicMonth adds registered contracts of a district in a month, adding
// up to amount exactly, of varied sizes, each registered with agency(k).
func (d *demoLoad) historicMonth(cs []Contract, year, month int, district string, agency func(k int) int64, amount int64, seed int) []Contract {
	if amount <= 0 {
		return cs
	}
	n := int(amount / fuzhouContractFen)
	n = max(1, min(n, 40))
	weights := make([]int64, n)
	for i := range weights {
		weights[i] = int64(3 + (seed*7+i*13)%11) // 3–13: a few large among smaller ones
	}
	sellers := fuzhouSellers[district]
	for i, fen := range splitBy(amount, weights) {
		k := seed*41 + i
		seller := sellers[k%len(sellers)]
		day := 1 + (k*7)%27
		registered := time.Date(year, time.Month(month), day, 9+k%8, (k*17)%60, 0, 0, shanghai).UTC()
		cs = append(cs, d.historicContract(seller, district, agency(k), fen, registered, k))
	}
	return cs
}

// historicContract is one registered contract of the records: confirmed
// by both parties, submitted and registered, with its amounts and parties.
func (d *demoLoad) historicContract(seller, district string, agency, fen int64, registered time.Time, k int) Contract {
	t := ContractTypes[k%len(ContractTypes)]
	sub := t.Subtypes[(k/len(ContractTypes))%len(t.Subtypes)]
	field, topic := d.historicTopic(seller, k)
	buyer := demoBuyerFor(field, k)
	partyType := map[OrgType]string{OrgUniversity: "高等院校", OrgInstitute: "科研机构"}[d.orgType(seller)]
	if partyType == "" {
		partyType = "有限责任公司"
	}
	signed := registered.AddDate(0, 0, -12-k%9)
	submitted := registered.AddDate(0, 0, -3-k%4)
	confirmed := submitted.AddDate(0, 0, -1)
	tech := fen * int64(72+k%24) / 100
	day := func(t time.Time) time.Time {
		s := t.In(shanghai)
		return time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, shanghai).UTC()
	}
	return Contract{Title: contractName(topic, sub), Type: t.Value, Subtype: sub, Subject: topic + "。按合同约定的技术指标交付并验收。",
		Field: field, SellerOrgID: d.orgIDs[seller], SellerName: seller, SellerPartyType: partyType, SellerDivision: district,
		BuyerOrgID: ptr(d.orgIDs[buyer.org]), BuyerName: buyer.org, BuyerPartyType: buyer.partyType, BuyerDivision: d.regionOf(buyer.org),
		ContractFen: fen, TechFen: tech, PaymentTerms: demoPayments[k%len(demoPayments)],
		SignedOn: day(signed), ValidFrom: day(signed), ValidTo: day(signed.AddDate(1+k%3, 0, 0)), AgencyID: agency,
		Status: ContractRegistered, SellerConfirmedAt: &confirmed, BuyerConfirmedAt: &confirmed, SubmittedAt: &submitted,
		RegisteredAt: &registered, RejectGrounds: StringList{}, ReviewComment: "符合技术合同认定规则，予以登记。",
		CreatedBy: d.userOf(seller), CreatedAt: signed, UpdatedAt: registered}
}

// historicTopic is what a historic contract transfers: one of the
// seller's achievements that reads as a technology, or a topic of its line.
func (d *demoLoad) historicTopic(seller string, k int) (string, string) {
	if t, ok := fuzhouTopics[seller]; ok {
		return t.field, t.topics[k%len(t.topics)]
	}
	as := d.achievements[seller]
	for i := range as {
		if a := as[(k+i)%len(as)]; transferable(a.Title) {
			return a.Field, shortTitle(a.Title)
		}
	}
	return "其他", seller + "技术服务"
}

func (d *demoLoad) orgType(name string) OrgType {
	for _, o := range demoOrgs {
		if o.name == name {
			return o.typ
		}
	}
	return ""
}

// numberHistoric issues the historic contracts' registration numbers as
// the agencies did, in order of registration per agency and year, and
// leaves each agency's counter at the last number it issued.
func (d *demoLoad) numberHistoric(cs []Contract) error {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].RegisteredAt.Before(*cs[j].RegisteredAt) })
	type counter struct {
		agency int64
		year   int
	}
	last := map[counter]int{}
	regions := map[int64]string{}
	for i := range cs {
		c := &cs[i]
		if _, ok := regions[c.AgencyID]; !ok {
			var o Organization
			if err := d.db.First(&o, c.AgencyID).Error; err != nil {
				return err
			}
			regions[c.AgencyID] = o.Region
		}
		key := counter{c.AgencyID, c.RegisteredAt.In(shanghai).Year()}
		last[key]++
		no := fmt.Sprintf("%04d%s%06d", key.year, regions[c.AgencyID], last[key])
		c.RegistrationNo = &no
	}
	return d.db.Transaction(func(tx *gorm.DB) error {
		for k, n := range last {
			if err := tx.Create(&RegistrationSequence{AgencyID: k.agency, Year: k.year, LastSeq: n}).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// currentTargets sets this year's targets, a plan of the demo's own: each
// of the city's districts by the rule from its turnover last year and its
// share of the district's GDP, and the city agency's.
func (d *demoLoad) currentTargets() error {
	year := d.now.In(shanghai).Year()
	admin := d.as("admin")
	return d.db.Transaction(func(tx *gorm.DB) error {
		plan, err := createTargetPlan(tx, admin, TargetPlanInput{Name: fmt.Sprintf("福州市%d年度技术合同登记目标（演示）", year), FromYear: year, ToYear: year,
			Source: "演示数据：按上年登记成交额与占 GDP 比重测算", Region: "350100", Measure: MeasureContract}, d.now)
		if err != nil {
			return err
		}
		lastYear, err := breakdown(tx, year-1, "district", "", d.now)
		if err != nil {
			return err
		}
		for _, b := range lastYear {
			gdp, ok := fuzhouGDP[b.Key]
			if !ok { // sellers outside the city's districts
				continue
			}
			if _, err := setTarget(tx, admin, TargetInput{PlanID: plan.ID, Year: year, Kind: "district", Key: b.Key, LastYearFen: b.ContractFen,
				GDPFen: gdp * 10_000_000_000, Note: "演示数据"}, d.now); err != nil {
				return err
			}
		}
		_, err = setTarget(tx, admin, TargetInput{PlanID: plan.ID, Year: year, Kind: "agency", Key: fmt.Sprint(d.orgIDs["福州市技术合同登记站"]), TargetFen: 30_000_000_000, Note: "演示数据"}, d.now)
		return err
	})
}
