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
	{"福州大学", OrgUniversity, "350104"},
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
	{"福州某新材料科技有限公司", OrgEnterprise, "350121"},
	{"福建海峡技术转移中心", OrgBrokerFirm, "350102"},
	{"福州市技术合同登记站", OrgAgency, "350102"},
	{"福州市科学技术局", OrgBureau, "350100"},
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
	{"fuyao", "福耀技术中心", RoleDemander, "福耀玻璃工业集团股份有限公司"},
	{"chint", "正泰研究院", RoleDemander, "正泰电器股份有限公司"},
	{"jomoo", "九牧研发部", RoleDemander, "九牧厨卫股份有限公司"},
	{"broker", "林经纪", RoleBroker, "福建海峡技术转移中心"},
	{"reviewer", "陈审核", RoleReviewer, "福州市技术合同登记站"},
}

// DemoPassword is shared by every demo account; the demo is for trying the market out.
const DemoPassword = "Demo-2026"

// LoadDemo fills an empty market with organisations, users of every role,
// the CSL papers as published achievements and needs derived from their
// keywords. It does nothing when the demo has been loaded before.
func (m *Market) LoadDemo(ctx context.Context, progress func(done, total int)) ([]DemoAccount, bool, error) {
	db := m.db.WithContext(ctx)
	var n int64
	if err := db.Model(&User{}).Where("username = ?", "fzu").Count(&n).Error; err != nil || n > 0 {
		return nil, false, err
	}
	papers, err := DemoPapers()
	if err != nil {
		return nil, false, err
	}
	now := m.now().UTC()
	orgIDs := map[string]int64{}
	for i, o := range demoOrgs {
		code := demoCreditCode(o.region, i)
		org := Organization{Name: o.name, Type: o.typ, Region: o.region, Status: OrgVerified, VerifiedAt: &now,
			CreditCode: &code, LegalRep: demoLegalReps[i%len(demoLegalReps)]}
		if err := db.Where("name = ?", o.name).FirstOrCreate(&org).Error; err != nil {
			return nil, false, err
		}
		orgIDs[o.name] = org.ID
	}
	// The demo is Fuzhou's market. The filing numbers and the hotline are
	// placeholders of the right form: a real market enters its own.
	if err := db.Model(&Site{ID: 1}).Updates(Site{MarketName: "福州网上技术市场", Host: "福州市科学技术局",
		ICP: "闽ICP备20230001号-1", PoliceFiling: "闽公网安备 35010202000001号", Hotline: "0591-87000000", UpdatedAt: now}).Error; err != nil {
		return nil, false, err
	}
	var accounts []DemoAccount
	userIDs := map[string]int64{}
	for _, u := range demoUsers {
		var o Organization
		db.First(&o, orgIDs[u.org])
		created, _, err := m.CreateUser(ctx, Registration{Username: u.username, Password: DemoPassword, Name: u.name, Role: u.role,
			OrgName: u.org, OrgType: o.Type, Region: o.Region})
		if me, ok := AsError(err); ok && me.Code == "username_taken" {
			var existing User
			db.Where("username = ?", u.username).First(&existing)
			userIDs[u.org] = existing.ID
			continue
		}
		if err != nil {
			return nil, false, fmt.Errorf("demo user %s: %w", u.username, err)
		}
		userIDs[u.org] = created.ID
		accounts = append(accounts, DemoAccount{u.username, DemoPassword, string(u.role), u.org})
	}
	suppliers := []string{"福州大学", "福建农林大学", "福建师范大学", "华侨大学", "温州大学", "温州医科大学", "中国科学院福建物质结构研究所", "福建省农业科学院", "泉州市工业技术研究院"}
	enterprises := []string{"福耀玻璃工业集团股份有限公司", "福建新大陆科技集团有限公司", "九牧厨卫股份有限公司", "安踏体育用品集团有限公司", "正泰电器股份有限公司", "温州瑞明工业股份有限公司", "福州某新材料科技有限公司"}
	regionOf := map[string]string{}
	for _, o := range demoOrgs {
		regionOf[o.name] = o.region
	}
	creator := func(org string) int64 { return demoCreator(userIDs, org) }
	const needs = 300
	total := len(papers) + needs
	done := 0
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
		done += len(items)
		if progress != nil {
			progress(done, total)
		}
		return err
	}
	modes := [][]string{{"转让"}, {"许可"}, {"转让", "许可"}, {"合作开发"}, {"作价入股", "合作开发"}, {"技术服务"}}
	ipTypes := []string{"发明专利", "发明专利", "实用新型", "软件著作权", "技术秘密", "发明专利"}
	var items []listing
	for i, p := range papers {
		org := suppliers[i%len(suppliers)]
		published := now.Add(-time.Duration(len(papers)-i) * time.Hour)
		ext := "csl:" + p.ID
		a := &Achievement{
			Listing: Listing{ExternalID: &ext, OrgID: orgIDs[org], CreatedBy: creator(org), Title: p.Title, Summary: p.Abstract,
				Keywords: p.Keywords, Field: FieldOfDiscipline(p.Discipline), Region: regionOf[org], CoopModes: modes[i%len(modes)],
				ContactName: "成果转化办公室", ContactPhone: fmt.Sprintf("0591-8%07d", 1000000+i), ContactEmail: fmt.Sprintf("tt%d@example.edu.cn", i),
				Status: StatusPublished, PublishedAt: &published},
			Discipline: p.Discipline, IPType: ipTypes[i%len(ipTypes)], Maturity: 3 + i%7,
		}
		if i%4 == 0 {
			a.PriceType = PriceNegotiable
		} else {
			a.PriceType, a.PriceFen = PriceIndicative, int64(5+i%60)*1_000_000 // 5万–64万元
		}
		if i%3 == 0 {
			a.PatentNumbers = StringList{fmt.Sprintf("ZL20%02d1%07d.%d", 15+i%9, 100000+i*37, i%10)}
		}
		items = append(items, a)
		if len(items) == 200 {
			if err := batch(items); err != nil {
				return nil, false, err
			}
			items = items[:0]
		}
	}
	for i := 0; i < needs; i++ {
		p := papers[(i*7)%len(papers)]
		if len(p.Keywords) == 0 {
			continue
		}
		org := enterprises[i%len(enterprises)]
		published := now.Add(-time.Duration(needs-i) * 3 * time.Hour)
		deadline := now.AddDate(0, 3+i%9, 0)
		ext := fmt.Sprintf("demo-need:%d", i)
		n := &Need{
			Listing: Listing{ExternalID: &ext, OrgID: orgIDs[org], CreatedBy: creator(org),
				Title: "寻求" + p.Keywords[0] + "相关技术", Summary: "企业需要以下方向的技术合作：" + strings.Join(p.Keywords, "、") + "。希望与高校、科研院所开展合作，欢迎联系。",
				Keywords: p.Keywords, Field: FieldOfDiscipline(p.Discipline), Region: regionOf[org], CoopModes: modes[(i+2)%len(modes)],
				ContactName: "技术中心", ContactPhone: fmt.Sprintf("0595-2%07d", 2000000+i), Status: StatusPublished, PublishedAt: &published},
			Deadline: &deadline,
		}
		if i%3 == 0 {
			n.BudgetNegotiable = true
		} else {
			n.BudgetMinFen, n.BudgetMaxFen = int64(10+i%20)*1_000_000, int64(30+i%70)*1_000_000
		}
		items = append(items, n)
		if len(items) == 200 {
			if err := batch(items); err != nil {
				return nil, false, err
			}
			items = items[:0]
		}
	}
	if len(items) > 0 {
		if err := batch(items); err != nil {
			return nil, false, err
		}
	}
	if err := loadDemoContracts(db, orgIDs, userIDs, now); err != nil {
		return nil, false, fmt.Errorf("demo contracts: %w", err)
	}
	if err := m.loadDemoChallenges(ctx, orgIDs, userIDs, now); err != nil {
		return nil, false, fmt.Errorf("demo challenges: %w", err)
	}
	if err := m.loadDemoInterests(ctx, orgIDs, userIDs); err != nil {
		return nil, false, fmt.Errorf("demo interests: %w", err)
	}
	return accounts, true, nil
}
