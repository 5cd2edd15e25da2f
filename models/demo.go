package models

import (
	"bufio"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The CSL papers (Apache-2.0, see demodata/NOTICE.md) become the demo
// market's research achievements.
//
//go:embed demodata/papers-dev.jsonl
var demoFS embed.FS

// Paper is one CSL paper abstract.
type Paper struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Abstract   string   `json:"abstract"`
	Keywords   []string `json:"keywords"`
	Discipline string   `json:"discipline"`
	Category   string   `json:"category"`
}

// DemoPapers returns the shipped papers.
func DemoPapers() ([]Paper, error) {
	f, err := demoFS.Open("demodata/papers-dev.jsonl")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Paper
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var p Paper
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, sc.Err()
}

// disciplineFields maps CSL disciplines to fields of industry; the rest are 其他.
var disciplineFields = map[string]string{
	"信息与通信工程": "电子信息", "计算机科学与技术": "电子信息", "电子科学与技术": "电子信息", "控制科学与工程": "电子信息", "光学工程": "电子信息",
	"机械工程": "先进制造", "力学": "先进制造", "兵器科学与技术": "先进制造", "纺织科学与工程": "先进制造", "冶金工程": "先进制造", "农业工程": "先进制造",
	"航空宇航科学与技术": "航空航天",
	"交通运输工程":    "现代交通", "船舶与海洋工程": "现代交通",
	"基础医学/临床医学": "生物医药和医疗器械", "药学": "生物医药和医疗器械", "中医学/中药学": "生物医药和医疗器械", "口腔医学": "生物医药和医疗器械",
	"公共卫生与预防医学": "生物医药和医疗器械", "生物学/生物科学与工程": "生物医药和医疗器械",
	"材料科学与工程": "新材料及其应用", "化学/化学工程与技术": "新材料及其应用",
	"动力工程及工程热物理": "新能源与高效节能", "电气工程": "新能源与高效节能", "石油与天然气工程": "新能源与高效节能",
	"环境科学与工程": "环境保护与资源综合利用", "矿业工程": "环境保护与资源综合利用", "水利工程": "环境保护与资源综合利用",
	"地质学/地质资源与地质工程": "环境保护与资源综合利用", "大气科学": "环境保护与资源综合利用", "海洋科学": "环境保护与资源综合利用",
	"核科学与技术": "核应用技术",
	"作物学":    "农业", "园艺学": "农业", "水产": "农业", "畜牧学/兽医学": "农业", "林学/林业工程": "农业", "植物保护": "农业",
	"农业资源利用": "农业", "食品科学与工程": "农业", "农林经济管理": "农业",
	"土木工程": "城市建设与社会发展", "建筑学": "城市建设与社会发展", "测绘科学与技术": "城市建设与社会发展", "地理学": "城市建设与社会发展",
	"公共管理": "城市建设与社会发展",
}

// FieldOfDiscipline is the field of industry a CSL discipline belongs to.
func FieldOfDiscipline(d string) string {
	if f, ok := disciplineFields[d]; ok {
		return f
	}
	return "其他"
}

type demoOrg struct {
	name   string
	typ    OrgType
	region string
}

var demoOrgs = []demoOrg{
	{"福州大学", OrgUniversity, "350121"}, // 闽侯县, 福州大学城
	{"福建农林大学", OrgUniversity, "350104"},
	{"福建师范大学", OrgUniversity, "350104"},
	{"华侨大学", OrgUniversity, "350503"},
	{"温州大学", OrgUniversity, "330304"},
	{"温州医科大学", OrgUniversity, "330304"},
	{"中国科学院福建物质结构研究所", OrgInstitute, "350102"},
	{"福建省农业科学院", OrgInstitute, "350111"},
	{"泉州市工业技术研究院", OrgInstitute, "350503"},
	{"福耀玻璃工业集团股份有限公司", OrgEnterprise, "350181"},
	{"福建新大陆科技集团有限公司", OrgEnterprise, "350105"},
	{"九牧厨卫股份有限公司", OrgEnterprise, "350505"},
	{"安踏体育用品集团有限公司", OrgEnterprise, "350582"},
	{"正泰电器股份有限公司", OrgEnterprise, "330382"},
	{"温州瑞明工业股份有限公司", OrgEnterprise, "330381"},
	{"福州闽锐新材料科技有限公司", OrgEnterprise, "350121"},
	{"福州榕兴生物医药有限公司", OrgEnterprise, "350121"},
	{"福建闽丰现代农业发展有限公司", OrgEnterprise, "350181"},
	{"福建海峡技术转移中心", OrgBrokerFirm, "350102"},
	{"福州市技术合同登记站", OrgAgency, "350102"},
	{"福州市科学技术局", OrgBureau, "350100"},
	// The registration agencies of Fuzhou's 2023 plan (demo_fuzhou.go).
	// A registration number carries the agency's division code, so agencies
	// registering in the same year sit in different districts (福州市技术合同登记站,
	// the live workflow's, in 鼓楼).
	{"福建海峡技术转移中心技术合同登记站", OrgAgency, "350121"},
	{"福建省高新技术创业服务中心", OrgAgency, "350111"},
	{"福建省科技咨询服务中心", OrgAgency, "350103"},
	{"福州技术市场有限公司", OrgAgency, "350104"},
	{"福州市科创服务中心", OrgAgency, "350105"},
	// Sellers of the districts that have none above, for the historic
	// registrations; the companies are made up for the demo.
	{"福建江夏学院", OrgUniversity, "350121"},
	{"福州榕城智联信息技术有限公司", OrgEnterprise, "350102"},
	{"福州江滨数据科技有限公司", OrgEnterprise, "350103"},
	{"福州马江海洋工程技术有限公司", OrgEnterprise, "350105"},
	{"福州长乐滨海新材料有限公司", OrgEnterprise, "350112"},
	{"福州连江海洋生物科技有限公司", OrgEnterprise, "350122"},
	{"福州罗源湾精密机械有限公司", OrgEnterprise, "350123"},
	{"福州闽清陶瓷新材料有限公司", OrgEnterprise, "350124"},
	{"福州永泰茶业科技有限公司", OrgEnterprise, "350125"},
	{"福清海峡光电技术研究院有限公司", OrgEnterprise, "350181"},
	{"鼓楼区科学技术局", OrgBureau, "350102"},
}

var demoLegalReps = []string{"林建华", "陈志强", "黄秀英", "王立新", "张海燕", "刘国栋", "吴晓明", "郑丽娟"}

// demoCreditCode makes a well-formed 统一社会信用代码 for a demo
// organisation: registered in its own division, with the GB 32100 check
// character, so verification data looks as a real one does.
func demoCreditCode(region string, i int) string {
	first := fmt.Sprintf("91%sMA%07d", region, 2000000+i*7919)
	c, _ := CreditCodeCheckChar(first)
	return first + string(c)
}

// DemoAccount is a demo login, printed by `techmarket demo`.
type DemoAccount struct {
	Username, Password, Role, Org string
}

var demoUsers = []struct {
	username, name string
	role           Role
	org            string
}{
	{"admin", "市场管理员", RoleAdmin, "福州市科学技术局"},
	{"fzu", "福州大学科技处", RoleSupplier, "福州大学"},
	{"fafu", "福建农林大学成果转化中心", RoleSupplier, "福建农林大学"},
	{"hqu", "华侨大学技术转移办", RoleSupplier, "华侨大学"},
	{"wzu", "温州大学科技处", RoleSupplier, "温州大学"},
	{"fjirsm", "物构所成果办", RoleSupplier, "中国科学院福建物质结构研究所"},
	{"fjnu", "福建师大科技处", RoleSupplier, "福建师范大学"},
	{"faas", "省农科院成果转化处", RoleSupplier, "福建省农业科学院"},
	{"fuyao", "福耀技术中心", RoleDemander, "福耀玻璃工业集团股份有限公司"},
	{"chint", "正泰研究院", RoleDemander, "正泰电器股份有限公司"},
	{"jomoo", "九牧研发部", RoleDemander, "九牧厨卫股份有限公司"},
	{"newland", "新大陆研究院", RoleDemander, "福建新大陆科技集团有限公司"},
	{"anta", "安踏创新中心", RoleDemander, "安踏体育用品集团有限公司"},
	{"ruiming", "瑞明技术部", RoleDemander, "温州瑞明工业股份有限公司"},
	{"minrui", "闽锐研发部", RoleDemander, "福州闽锐新材料科技有限公司"},
	{"rongxing", "榕兴药业研发中心", RoleDemander, "福州榕兴生物医药有限公司"},
	{"minfeng", "闽丰农业技术部", RoleDemander, "福建闽丰现代农业发展有限公司"},
	{"broker", "林经纪", RoleBroker, "福建海峡技术转移中心"},
	{"reviewer", "陈审核", RoleReviewer, "福州市技术合同登记站"},
	{"reviewer2", "王复核", RoleReviewer, "福州市技术合同登记站"},
	{"fzkj", "福州市科技局统计科", RoleBureau, "福州市科学技术局"},
	{"gulou", "鼓楼区科技局", RoleBureau, "鼓楼区科学技术局"},
}

// DemoPassword is shared by every demo account; the demo is for trying the market out.
const DemoPassword = "Demo-2026"

// demoCategories are the CSL categories whose papers become achievements:
// science, engineering, agriculture and medicine. The humanities and social
// sciences (法学, 历史学, 管理学 …) have nothing to transfer to an enterprise.
var demoCategories = map[string]bool{"工学": true, "理学": true, "农学": true, "医学": true}

// DemoDiscipline says whether papers of a CSL category and discipline become
// demo achievements: a science, engineering, agriculture or medicine
// discipline that belongs to a field of industry.
func DemoDiscipline(category, discipline string) bool {
	_, fielded := disciplineFields[discipline]
	// Weapons research is not offered on a civil market.
	return demoCategories[category] && fielded && discipline != "兵器科学与技术"
}

// transferable says whether a paper's title reads as a technology one could
// license or develop further (a method, a material, a process, a variety),
// rather than a survey or a policy discussion: the demo puts only those in
// its halls and contracts.
func transferable(title string) bool {
	for _, w := range []string{"发展动态", "综述", "进展", "现状", "思考", "浅谈", "浅析", "要点", "回顾", "展望", "概述", "探讨", "问题", "对策", "影响因素", "调查", "评估", "评议", "制导", "导弹", "导引头", "弹道", "炸弹", "战斗部", "含能", "探索", "文化", "管理的", "有效性"} {
		if strings.Contains(title, w) {
			return false
		}
	}
	for _, w := range []string{"基于", "方法", "制备", "设计", "技术", "系统", "工艺", "合成", "研制", "装置", "优化", "控制", "检测", "模型", "算法", "材料", "性能", "品种", "栽培", "提取", "工程", "新型", "改性", "高效"} {
		if strings.Contains(title, w) {
			return true
		}
	}
	return false
}

// demoIP is a coherent intellectual-property record for the i-th demo
// achievement of a discipline: its type, the numbers of that type
// (ZL numbers with their check character for patents, a 软著登字 number
// for software, none for know-how or a plant variety) and a maturity its
// protection allows.
func demoIP(discipline string, i int) (ipType string, numbers StringList, maturity int) {
	cycle := []string{"发明专利", "发明专利", "实用新型", "技术秘密"}
	switch discipline {
	case "计算机科学与技术", "信息与通信工程", "控制科学与工程":
		cycle = []string{"发明专利", "软件著作权", "软件著作权", "技术秘密"}
	case "作物学", "园艺学", "林学/林业工程":
		cycle = []string{"植物新品种", "发明专利", "技术秘密"}
	case "中医学/中药学", "药学", "基础医学/临床医学", "口腔医学", "公共卫生与预防医学", "生物学/生物科学与工程":
		cycle = []string{"发明专利", "发明专利", "技术秘密"}
	}
	ipType = cycle[i%len(cycle)]
	numbers = StringList{}
	serial := 100_000 + (i*7919)%900_000
	switch ipType {
	case "发明专利":
		numbers = append(numbers, PatentNumber(2016+i%8, PatentKindInvention, serial))
		if i%5 == 0 {
			numbers = append(numbers, PatentNumber(2016+(i+3)%8, PatentKindInvention, serial+4211))
		}
		maturity = 4 + i%5 // 4–8: from the laboratory to the pilot line
	case "实用新型":
		numbers = append(numbers, PatentNumber(2018+i%6, PatentKindUtility, serial))
		maturity = 5 + i%4
	case "软件著作权":
		numbers = append(numbers, fmt.Sprintf("软著登字第%07d号", 3_000_000+(i*104_729)%6_000_000))
		maturity = 6 + i%4
	case "植物新品种":
		maturity = 6 + i%4
	default: // 技术秘密
		maturity = 5 + i%5
	}
	return ipType, numbers, maturity
}

// LoadDemo fills an empty market with organisations, users of every role,
// the CSL science, engineering, agriculture and medicine papers as
// published achievements, each enterprise's needs, and every hall in use:
// auctions, offers, roadshows, notices, brokers' matches, challenges and
// the contract registry, made through the market's own workflows at the
// times they would have happened; and Fuzhou's 2023 plan with the city's
// 2022 and 2023 registrations as records, and this year's targets. Contract texts are stored in the
// database as uploads are. It does nothing when the demo has been loaded
// before.
func (m *Market) LoadDemo(ctx context.Context, progress func(done, total int)) ([]DemoAccount, bool, error) {
	db := m.db.WithContext(ctx)
	var n int64
	if err := db.Model(&User{}).Where("username = ?", "fzu").Count(&n).Error; err != nil || n > 0 {
		return nil, false, err
	}
	all, err := DemoPapers()
	if err != nil {
		return nil, false, err
	}
	var papers []Paper
	for _, p := range all {
		if DemoDiscipline(p.Category, p.Discipline) {
			papers = append(papers, p)
		}
	}
	clock := m.Clock
	defer func() { m.Clock = clock }()
	now := m.now().UTC()
	// The workflows below run at the times they would have happened; the
	// clock is set back to now between them.
	m.Clock = func() time.Time { return now }
	d := &demoLoad{m: m, ctx: ctx, db: db, now: now, orgIDs: map[string]int64{}, users: map[string]int64{},
		orgUser: map[string]string{}, achievements: map[string][]*Achievement{}, needs: map[string][]*Need{}}
	for i, o := range demoOrgs {
		code := demoCreditCode(o.region, i)
		org := Organization{Name: o.name, Type: o.typ, Region: o.region, Status: OrgVerified, VerifiedAt: &now,
			CreditCode: &code, LegalRep: demoLegalReps[i%len(demoLegalReps)]}
		if err := db.Where("name = ?", o.name).FirstOrCreate(&org).Error; err != nil {
			return nil, false, err
		}
		d.orgIDs[o.name] = org.ID
	}
	// The demo is Fuzhou's market. The filing numbers and the hotline are
	// placeholders of the right form: a real market enters its own.
	if err := db.Model(&Site{ID: 1}).Updates(Site{MarketName: "福州网上技术市场", Host: "福州市科学技术局",
		ICP: "闽ICP备20230001号-1", PoliceFiling: "闽公网安备 35010202000001号", Hotline: "0591-87000000", UpdatedAt: now}).Error; err != nil {
		return nil, false, err
	}
	var accounts []DemoAccount
	for _, u := range demoUsers {
		var o Organization
		db.First(&o, d.orgIDs[u.org])
		created, _, err := m.CreateUser(ctx, Registration{Username: u.username, Password: DemoPassword, Name: u.name, Role: u.role,
			OrgName: u.org, OrgType: o.Type, Region: o.Region})
		if me, ok := AsError(err); ok && me.Code == "username_taken" {
			var existing User
			db.Where("username = ?", u.username).First(&existing)
			d.users[u.username] = existing.ID
		} else if err != nil {
			return nil, false, fmt.Errorf("demo user %s: %w", u.username, err)
		} else {
			d.users[u.username] = created.ID
			accounts = append(accounts, DemoAccount{u.username, DemoPassword, string(u.role), u.org})
		}
		if _, ok := d.orgUser[u.org]; !ok {
			d.orgUser[u.org] = u.username
		}
	}
	// The State Council's published holidays, so that the deadlines the
	// demo shows count 国庆 and 春节 as a real agency's desk does.
	for y := range OfficialCalendars {
		if _, err := m.LoadOfficialCalendar(ctx, d.as("admin"), y); err != nil {
			return nil, false, fmt.Errorf("holidays of %d: %w", y, err)
		}
	}
	if d.cal, err = m.Calendar(ctx); err != nil {
		return nil, false, err
	}
	suppliers := []string{"福州大学", "福建农林大学", "福建师范大学", "华侨大学", "温州大学", "温州医科大学", "中国科学院福建物质结构研究所", "福建省农业科学院", "泉州市工业技术研究院"}
	regionOf := map[string]string{}
	for _, o := range demoOrgs {
		regionOf[o.name] = o.region
	}
	needCount := 0
	for _, ns := range demoNeeds {
		needCount += len(ns)
	}
	total := len(papers) + needCount + demoHallSteps + demoContractSteps
	done := 0
	step := func(k int) {
		done += k
		if progress != nil {
			progress(done, total)
		}
	}
	d.step = step
	batch := func(items []listing) error {
		err := db.Transaction(func(tx *gorm.DB) error {
			for _, it := range items {
				if err := tx.Create(it).Error; err != nil {
					return err
				}
				if err := emitListing(tx, it); err != nil {
					return err
				}
			}
			return nil
		})
		step(len(items))
		return err
	}
	modes := [][]string{{"转让"}, {"许可"}, {"转让", "许可"}, {"合作开发"}, {"作价入股", "合作开发"}, {"技术服务"}}
	var items []listing
	for i, p := range papers {
		org := suppliers[i%len(suppliers)]
		published := now.Add(-time.Duration(len(papers)-i) * 150 * time.Minute)
		// The owners confirm their listings as the market asks: within the
		// last three weeks, so a fresh demo has no overdue reminders.
		confirmed := now.Add(-time.Duration(i%21)*24*time.Hour - time.Duration(i%9)*time.Hour)
		if confirmed.Before(published) {
			confirmed = published
		}
		ext := "csl:" + p.ID
		title := strings.TrimRight(strings.TrimSpace(p.Title), "?？") // a few CSL titles end in a lost character
		ipType, numbers, maturity := demoIP(p.Discipline, i)
		a := &Achievement{
			Listing: Listing{ExternalID: &ext, OrgID: d.orgIDs[org], CreatedBy: d.userOf(org), Title: title, Summary: p.Abstract,
				Keywords: p.Keywords, Field: FieldOfDiscipline(p.Discipline), Region: regionOf[org], CoopModes: modes[i%len(modes)],
				ContactName: "成果转化办公室", ContactPhone: fmt.Sprintf("0591-8%07d", 1000000+i), ContactEmail: fmt.Sprintf("tt%d@example.edu.cn", i),
				Status: StatusPublished, PublishedAt: &published, LastConfirmedAt: &confirmed},
			Discipline: p.Discipline, IPType: ipType, PatentNumbers: numbers, Maturity: maturity,
		}
		if i%4 == 0 {
			a.PriceType = PriceNegotiable
		} else {
			a.PriceType, a.PriceFen = PriceIndicative, int64(5+i%60)*1_000_000 // 5万–64万元
		}
		items = append(items, a)
		d.achievements[org] = append(d.achievements[org], a)
		if len(items) == 200 {
			if err := batch(items); err != nil {
				return nil, false, err
			}
			items = items[:0]
		}
	}
	i := 0
	for _, o := range demoOrgs {
		for k, dn := range demoNeeds[o.name] {
			published := now.Add(-time.Duration(40-k*7-i%5) * 24 * time.Hour)
			confirmed := now.Add(-time.Duration(i%15) * 24 * time.Hour)
			if confirmed.Before(published) {
				confirmed = published
			}
			deadline := now.AddDate(0, 3+i%9, 0)
			ext := fmt.Sprintf("demo-need:%d", i)
			n := &Need{
				Listing: Listing{ExternalID: &ext, OrgID: d.orgIDs[o.name], CreatedBy: d.userOf(o.name), Title: dn.title, Summary: dn.summary,
					Keywords: dn.keywords, Field: dn.field, Region: o.region, CoopModes: dn.modes,
					ContactName: "技术中心", ContactPhone: fmt.Sprintf("0591-2%07d", 2000000+i), Status: StatusPublished,
					PublishedAt: &published, LastConfirmedAt: &confirmed},
				Deadline: &deadline,
			}
			if dn.min == 0 {
				n.BudgetNegotiable = true
			} else {
				n.BudgetMinFen, n.BudgetMaxFen = dn.min*1_000_000, dn.max*1_000_000
			}
			items = append(items, n)
			d.needs[o.name] = append(d.needs[o.name], n)
			i++
		}
	}
	if len(items) > 0 {
		if err := batch(items); err != nil {
			return nil, false, err
		}
	}
	if err := d.attachments(); err != nil {
		return nil, false, fmt.Errorf("demo attachments: %w", err)
	}
	if err := d.halls(); err != nil {
		return nil, false, fmt.Errorf("demo halls: %w", err)
	}
	// The records of 2022 to last month first, so that the live workflow's
	// contracts, the recent inspectable ones, come first in lists (newest
	// id first).
	if err := d.fuzhou2023(); err != nil {
		return nil, false, fmt.Errorf("demo Fuzhou 2023 plan: %w", err)
	}
	if err := d.contracts(); err != nil {
		return nil, false, fmt.Errorf("demo contracts: %w", err)
	}
	if err := d.incentives(); err != nil {
		return nil, false, fmt.Errorf("demo incentives: %w", err)
	}
	// The historic registrations were inserted as records: the rollups
	// count them from here on, and this year's targets read last year's.
	if _, err := m.RebuildRollups(ctx); err != nil {
		return nil, false, err
	}
	if err := d.currentTargets(); err != nil {
		return nil, false, fmt.Errorf("demo targets: %w", err)
	}
	if err := d.bulletins(); err != nil {
		return nil, false, fmt.Errorf("demo bulletins: %w", err)
	}
	m.Clock = func() time.Time { return now }
	if err := m.loadDemoChallenges(ctx, d.orgIDs, d.orgUsers(), now); err != nil {
		return nil, false, fmt.Errorf("demo challenges: %w", err)
	}
	if err := m.loadDemoArticles(ctx, d.orgIDs, d.orgUsers(), now); err != nil {
		return nil, false, fmt.Errorf("demo articles: %w", err)
	}
	if err := m.loadDemoInterests(ctx, d.orgIDs, d.orgUsers()); err != nil {
		return nil, false, fmt.Errorf("demo interests: %w", err)
	}
	if err := d.registry(); err != nil {
		return nil, false, fmt.Errorf("demo registry: %w", err)
	}
	// The users have read what the market told them before last week.
	week := now.AddDate(0, 0, -7)
	if err := db.Model(&Notification{}).Where("created_at < ? AND read_at IS NULL", week).Update("read_at", week).Error; err != nil {
		return nil, false, err
	}
	if done < total {
		step(total - done)
	}
	return accounts, true, nil
}

// demoLoad is the state of one loading of the demo.
type demoLoad struct {
	m       *Market
	ctx     context.Context
	db      *gorm.DB
	now     time.Time
	orgIDs  map[string]int64
	users   map[string]int64  // username -> user id
	orgUser map[string]string // organisation -> its first demo username
	step    func(int)
	cal     Calendar

	achievements map[string][]*Achievement // by organisation, in order
	used         map[int64]bool            // achievements already in a hall
	cursor       map[string]int            // by organisation: where the next contract subject is looked for
	needs        map[string][]*Need
}

// at sets the market's clock to t: what follows happens then.
func (d *demoLoad) at(t time.Time) { d.m.Clock = func() time.Time { return t } }

// as is a demo account acting as the API would see it.
func (d *demoLoad) as(username string) Actor {
	var role Role
	var org string
	for _, u := range demoUsers {
		if u.username == username {
			role, org = u.role, u.org
		}
	}
	a := demoActor(d.users[username], role, d.orgIDs[org])
	var o Organization
	if d.db.Select("region").First(&o, a.OrgID).Error == nil {
		a.Region = o.Region // a bureau acts for its own region
	}
	return a
}

// userOf is the demo user of an organisation, or the admin for those without one.
func (d *demoLoad) userOf(org string) int64 {
	if u, ok := d.orgUser[org]; ok {
		return d.users[u]
	}
	return d.users["admin"]
}

// orgUsers maps each organisation to its demo user, as the challenges loader takes them.
func (d *demoLoad) orgUsers() map[string]int64 {
	out := map[string]int64{}
	for org, u := range d.orgUser {
		out[org] = d.users[u]
	}
	return out
}
