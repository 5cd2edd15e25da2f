package models_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

func importAdmin(t *testing.T, m *models.Market) models.Actor {
	t.Helper()
	u, _, err := m.CreateUser(t.Context(), models.Registration{Username: "bureau", Password: "Admin-Pass-2026", Name: "林科长", Role: models.RoleAdmin,
		OrgName: "福州市科学技术局", OrgType: models.OrgBureau, Region: "350100"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.ActorOf(t.Context(), u.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func agencyOrg(t *testing.T, m *models.Market, name string) int64 {
	t.Helper()
	u, _, err := m.CreateUser(t.Context(), models.Registration{Username: "rv" + string(rune('a'+len(name)%26)), Password: "Passw0rd-rv", Name: "审查员", Role: models.RoleReviewer,
		OrgName: name, OrgType: models.OrgAgency, Region: "350102"})
	if err != nil {
		t.Fatal(err)
	}
	return u.OrgID
}

func table(t *testing.T, name, text string) *models.TargetTable {
	t.Helper()
	tb, err := models.ReadTargetTable(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// The plan's three example rows, imported from last year's turnover and GDP
// share with no official figure, come out at the rule's figures.
const fuzhouRows = "类型,名称,上年成交额（亿元）,占GDP比重（%）,年度目标（亿元）,说明\n" +
	"地区,鼓楼区,22.27,0.8,,\n" +
	"地区,晋安区,11.94,1.2,,\n" +
	"地区,闽清县,0.45,0.3,,\n"

func TestImportTargetsByRuleAndUpsert(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		admin := importAdmin(t, m)
		rep, err := m.ImportTargets(t.Context(), admin, models.TargetImport{Year: 2023}, table(t, "fuzhou.csv", fuzhouRows))
		if err != nil {
			t.Fatalf("%v %+v", err, rep)
		}
		if rep.Created != 3 || rep.Updated != 0 {
			t.Fatalf("report %+v", rep)
		}
		want := map[string]int64{"350102": 2_784_000_000_00, "350111": 1_409_000_000_00, "350124": 180_000_000_00}
		got, _ := m.ListTargets(t.Context(), models.TargetFilter{Year: 2023, Kind: "district"})
		if len(got) != 3 {
			t.Fatalf("targets %+v", got)
		}
		for _, tg := range got {
			if tg.TargetFen != want[tg.Key] || tg.RuleFen != want[tg.Key] {
				t.Errorf("%s (%s): target %s rule %s", tg.Name, tg.Key, models.Yi(tg.TargetFen), models.Yi(tg.RuleFen))
			}
		}

		// The same file again changes nothing; an adjusted official figure updates one row.
		rep, err = m.ImportTargets(t.Context(), admin, models.TargetImport{Year: 2023}, table(t, "fuzhou.csv", fuzhouRows))
		if err != nil || rep.Unchanged != 3 {
			t.Fatalf("reimport: %+v %v", rep, err)
		}
		adjusted := strings.Replace(fuzhouRows, "22.27,0.8,,", "22.27,0.8,28.5,为完成全市总目标上调", 1)
		rep, err = m.ImportTargets(t.Context(), admin, models.TargetImport{Year: 2023}, table(t, "fuzhou.csv", adjusted))
		if err != nil || rep.Updated != 1 || rep.Unchanged != 2 {
			t.Fatalf("adjusted import: %+v %v", rep, err)
		}
		got, _ = m.ListTargets(t.Context(), models.TargetFilter{Year: 2023, Kind: "district"})
		for _, tg := range got {
			if tg.Key == "350102" && (tg.TargetFen != 2_850_000_000_00 || tg.RuleFen != 2_784_000_000_00 || tg.UpdatedByName != "林科长") {
				t.Errorf("鼓楼区 after adjustment: %+v", tg)
			}
		}
		var audits []models.AuditLog
		db.Where("entity = ? AND action = ?", "target", "target.import").Order("id").Find(&audits)
		if len(audits) != 4 || audits[3].ActorID != admin.UserID || !strings.Contains(audits[3].Before, `"target_fen":278400000000`) ||
			!strings.Contains(audits[3].After, `"target_fen":285000000000`) {
			t.Fatalf("audit of the import: %+v", audits)
		}
		hist, err := m.TargetHistory(t.Context(), got[0].ID)
		if err != nil || len(hist) == 0 || hist[0].ActorName != "林科长" {
			t.Fatalf("history: %+v %v", hist, err)
		}
	})
}

func TestImportTargetsIsAllOrNothing(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		admin := importAdmin(t, m)
		agency := agencyOrg(t, m, "福建海峡技术转移中心")
		bad := "类型,代码,名称,年度目标（亿元）\n" +
			"地区,350102,,27.84\n" + // good
			"登记机构,,福建海峡技术转移中心,3.5\n" + // good, by name
			"地区,3501,,10\n" + // bad code
			"地区,,不存在区,10\n" + // unknown name
			"区域,350103,,10\n" + // bad kind
			"地区,350104,,1.23456789012\n" + // finer than a fen
			"地区,350102,,30\n" + // duplicate of row 2
			"登记机构,,不存在的机构,1\n" + // unknown agency
			"地区,350105,,abc\n" // not a number
		rep, err := m.ImportTargets(t.Context(), admin, models.TargetImport{Year: 2024}, table(t, "bad.csv", bad))
		me, ok := models.AsError(err)
		if !ok || me.Status != 422 || me.Code != "import_rejected" {
			t.Fatalf("want 422 import_rejected, got %v", err)
		}
		rows := []int{}
		for _, p := range rep.Problems {
			rows = append(rows, p.Row)
			if len(p.Messages) == 0 {
				t.Errorf("row %d without a reason", p.Row)
			}
		}
		if want := []int{4, 5, 6, 7, 8, 9, 10}; fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Fatalf("problem rows %v, want %v: %+v", rows, want, rep.Problems)
		}
		if !strings.Contains(me.Fields["row_8"], "与第 2 行重复") || !strings.Contains(me.Fields["row_7"], "精确到分") ||
			!strings.Contains(me.Message, "未导入任何目标") {
			t.Errorf("messages: %s %+v", me.Message, me.Fields)
		}
		var n int64
		db.Model(&models.Target{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d targets stored from a rejected file", n)
		}
		db.Model(&models.AuditLog{}).Where("entity = ?", "target").Count(&n)
		if n != 0 {
			t.Fatalf("%d audit rows from a rejected file", n)
		}

		// Only the good rows, with the kind from the caller and the agency by id.
		good := "代码,名称,年度目标（万元）\n350102,,278400\n"
		if _, err := m.ImportTargets(t.Context(), admin, models.TargetImport{Year: 2024, Kind: "district"}, table(t, "good.csv", good)); err != nil {
			t.Fatal(err)
		}
		agencyCSV := "类型,代码,年度目标\n登记机构," + strconv.FormatInt(agency, 10) + ",3.5\n"
		if _, err := m.ImportTargets(t.Context(), admin, models.TargetImport{Year: 2024}, table(t, "a.csv", agencyCSV)); err != nil {
			t.Fatal(err)
		}
		got, _ := m.ListTargets(t.Context(), models.TargetFilter{Year: 2024})
		if len(got) != 2 || got[0].Kind != "agency" || got[0].Name != "福建海峡技术转移中心" || got[0].TargetFen != 350_000_000_00 ||
			got[1].TargetFen != 2_784_000_000_00 {
			t.Fatalf("targets %+v", got)
		}

		// Only an admin imports.
		reviewer := models.Actor{UserID: 99, Role: models.RoleReviewer, OrgID: agency, OrgVerified: true}
		if _, err := m.ImportTargets(t.Context(), reviewer, models.TargetImport{Year: 2024, Kind: "district"}, table(t, "good.csv", good)); err == nil {
			t.Fatal("a reviewer imported targets")
		}
	})
}

func TestReadTargetTableEncodingsAndXLSX(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(fuzhouRows))
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	for i, line := range strings.Split(strings.TrimSpace(fuzhouRows), "\n") {
		for j, cell := range strings.Split(line, ",") {
			name, _ := excelize.CoordinatesToCellName(j+1, i+2) // a blank first row, as hand-made sheets have
			if cell != "" {
				f.SetCellValue("Sheet1", name, cell)
			}
		}
	}
	var xlsx bytes.Buffer
	if err := f.Write(&xlsx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		data     []byte
		firstRow int
	}{
		{"utf8.csv", []byte(fuzhouRows), 2},
		{"bom.csv", append([]byte("\xef\xbb\xbf"), fuzhouRows...), 2},
		{"gbk.csv", gbk, 2},
		{"targets.XLSX", xlsx.Bytes(), 3},
	} {
		tb, err := models.ReadTargetTable(c.name, c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(tb.Rows) != 3 || tb.Header[0] != "类型" || tb.Rows[0].Cells[1] != "鼓楼区" || tb.Rows[0].Line != c.firstRow {
			t.Errorf("%s: header %q rows %+v", c.name, tb.Header, tb.Rows)
		}
	}
	for _, c := range []struct{ name, data, want string }{
		{"x.pdf", "%PDF-1.4", "只接受 CSV 或 XLSX"},
		{"x.xlsx", "not a zip", "不是有效的 XLSX"},
		{"x.csv", "", "空"},
		{"x.csv", "类型,名称\n", "没有目标数据"},
		{"x.csv", "\xff\xfe\xfa\xfb\x81", "编码"},
	} {
		_, err := models.ReadTargetTable(c.name, []byte(c.data))
		me, ok := models.AsError(err)
		if !ok || me.Status != 422 || !strings.Contains(me.Fields["file"], c.want) {
			t.Errorf("%s %q: %v", c.name, c.data, err)
		}
	}
}
