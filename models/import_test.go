package models_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

const goodJSONL = `{"external_id":"a-1","title":"石墨烯导热膜连续化制备技术","summary":"一种石墨烯导热膜的连续化制备工艺，导热系数高。","keywords":["石墨烯","导热膜"],"field":"新材料及其应用","region":"350104","org":"福州大学","price_type":"indicative","price_fen":5000000}
{"external_id":"a-2","title":"水产养殖尾水生态处理系统","summary":"利用人工湿地处理养殖尾水，实现循环利用。","keywords":"水产养殖;尾水处理","field":"农业","region":"350111","org":"福建省农业科学院","maturity":7}
`

func TestImportIsIdempotentAndReportsRejectedLines(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		rep, err := m.ImportListings(t.Context(), []byte(goodJSONL), models.ImportOptions{Kind: "achievement", Publish: true})
		if err != nil || rep.Imported != 2 || len(rep.Rejected) != 0 {
			t.Fatalf("first import: %+v %v", rep, err)
		}
		events := count(t, db, &models.OutboxEvent{})
		rep, err = m.ImportListings(t.Context(), []byte(goodJSONL), models.ImportOptions{Kind: "achievement", Publish: true})
		if err != nil || rep.Unchanged != 2 || rep.Imported != 0 || rep.Updated != 0 {
			t.Fatalf("second import: %+v %v", rep, err)
		}
		if count(t, db, &models.OutboxEvent{}) != events {
			t.Error("re-import wrote outbox events")
		}
		changed := strings.Replace(goodJSONL, "导热系数高", "导热系数达 1500 W/mK", 1)
		rep, _ = m.ImportListings(t.Context(), []byte(changed), models.ImportOptions{Kind: "achievement", Publish: true})
		if rep.Updated != 1 || rep.Unchanged != 1 {
			t.Errorf("changed import: %+v", rep)
		}
		var a models.Achievement
		db.Where("external_id = ?", "a-2").First(&a)
		if a.Status != models.StatusPublished || len(a.Keywords) != 2 || a.Maturity != 7 {
			t.Errorf("imported row: %+v", a)
		}
		var org models.Organization
		if err := db.Where("name = ?", "福建省农业科学院").First(&org).Error; err != nil || org.Status != models.OrgVerified {
			t.Errorf("org created: %+v %v", org, err)
		}
	})
}

func TestImportRejectsBadRowsAndKeepsNothingOfThem(t *testing.T) {
	huge := strings.Repeat("长", 10<<20/3)
	bad := strings.Join([]string{
		`{"external_id":"ok-1","title":"一种新型锂电池隔膜材料","summary":"高孔隙率隔膜，提升电池安全性。","region":"350104","org":"福州大学"}`,
		`{"external_id":"broken","title":"缺右括号"`,
		`{"external_id":"no-title","title":"","summary":"没有标题的成果应被拒绝。","region":"350104","org":"福州大学"}`,
		`{"external_id":"neg","title":"负价格的成果示例","summary":"价格为负数应被拒绝。","region":"350104","org":"福州大学","price_type":"firm","price_fen":-100}`,
		`{"external_id":"huge","title":"超长字段的成果示例","summary":"` + huge + `","region":"350104","org":"福州大学"}`,
		`{"external_id":"type","title":"类型错误的成果","summary":"成熟度写成了文字。","region":"350104","org":"福州大学","maturity":"高"}`,
		`{"title":"没有外部编号的成果","summary":"缺少 external_id 无法幂等导入。","region":"350104","org":"福州大学"}`,
		`{"external_id":"bad-date","title":"日期错误的成果","summary":"有效期不是日期。","region":"350104","org":"新机构不应被创建","valid_until":"明年"}`,
	}, "\n")
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		rep, err := m.ImportListings(t.Context(), []byte(bad), models.ImportOptions{Kind: "achievement"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 1 || len(rep.Rejected) != 7 {
			t.Fatalf("report: imported %d, rejected %+v", rep.Imported, rep.Rejected)
		}
		for i, r := range rep.Rejected {
			if r.Line != i+2 || r.Reason == "" || len(r.Reason) > 500 {
				t.Errorf("rejection %d: %+v", i, r)
			}
		}
		if n := count(t, db, &models.Achievement{}); n != 1 {
			t.Errorf("%d achievements stored", n)
		}
		var orgs int64
		db.Model(&models.Organization{}).Where("name = ?", "新机构不应被创建").Count(&orgs)
		if orgs != 0 {
			t.Error("a rejected row created its organisation")
		}
		var a models.Achievement
		db.First(&a)
		if a.Status != models.StatusPending {
			t.Errorf("without --publish the row should wait for moderation, is %s", a.Status)
		}
	})
}

func TestImportCSVInUTF8AndGBK(t *testing.T) {
	csv := "external_id,title,summary,keywords,field,region,org,budget_min_fen,budget_max_fen\n" +
		"n-1,寻求汽车玻璃镀膜技术,企业需要低辐射镀膜工艺，提高隔热性能。,镀膜;隔热,先进制造,350181,福耀玻璃,1000000,5000000\n" +
		"n-2,寻求智能电表通信模块,需要低功耗的电力线载波通信方案。,电力线载波;低功耗,电子信息,330382,正泰电器,abc,\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		for _, data := range []string{csv, gbk} {
			rep, err := m.ImportListings(t.Context(), []byte(data), models.ImportOptions{Kind: "need", Publish: true})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Imported+rep.Unchanged != 1 || len(rep.Rejected) != 1 || rep.Rejected[0].Line != 3 {
				t.Errorf("report: %+v", rep)
			}
		}
		var n models.Need
		db.Where("external_id = ?", "n-1").First(&n)
		if n.Title != "寻求汽车玻璃镀膜技术" || n.BudgetMaxFen != 5000000 || n.BudgetNegotiable || len(n.Keywords) != 2 {
			t.Errorf("need from CSV: %+v", n)
		}
	})
}

func TestImportRefusesUnknownEncodings(t *testing.T) {
	m := modeltest.NewMarket(modeltest.DB(t, "sqlite"))
	// Bytes that are neither UTF-8 nor GBK.
	if _, err := m.ImportListings(t.Context(), []byte{0xff, 0xff, 0xff, 0x81, 0x30}, models.ImportOptions{Kind: "need"}); err == nil {
		t.Error("garbage accepted")
	}
	if _, err := m.ImportListings(t.Context(), []byte("{}"), models.ImportOptions{Kind: "patent"}); err == nil {
		t.Error("unknown kind accepted")
	}
}

func count(t *testing.T, db *gorm.DB, model any) int64 {
	t.Helper()
	var n int64
	if err := db.Model(model).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
