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

func TestSpreadsheetTextIsInert(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")", "+1+2": "'+1+2", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)",
		"\t=1": "'\t=1", "\r=1": "'\r=1", "福州大学": "福州大学", "": "", "a=1": "a=1",
	} {
		if got := spreadsheetText(in); got != want {
			t.Errorf("spreadsheetText(%q) = %q, want %q", in, got, want)
		}
	}
	mom := -12.5
	b := &models.Bulletin{Year: 2026, Month: 3, Districts: []models.BulletinRow{{Name: "=1+1", Rank: 1, YTDFen: 100, MonthFen: 35, PrevMonthFen: 40, MoMPercent: &mom}}}
	rec := bulletinTable(b).records()[1]
	if rec[2] != "'=1+1" || rec[8] != "-12.5" {
		t.Errorf("bulletin record %q: the name must be inert and the figure a number", rec)
	}
}

// TestExportsNeutraliseFormulas: names people typed reach the bulletin and
// incentive exports as inert text, while figures stay numbers.
func TestExportsNeutraliseFormulas(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := &contractParties{admin: m.admin()}
		p.seller = m.signUp("seller", models.RoleSupplier, "=HYPERLINK(\"http://evil.example\")大学")
		p.buyer = m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		p.reviewer = m.signUp("reviewer", models.RoleReviewer, "福州市技术合同登记站")
		for _, a := range []*account{p.seller, p.buyer, p.reviewer} {
			m.verify(p.admin, a)
		}
		p.agency = p.reviewer.OrgID
		year, month := time.Now().In(shanghai).Year(), int(time.Now().In(shanghai).Month())
		call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "district", "key": "350104", "name": "@SUM(1)", "target_fen": 10_000_000})
		call[models.IncentiveRule](m, p.admin, 201, "POST", "/api/v1/incentives/rules", map[string]any{"name": "-卖方奖励", "region_prefix": "3501", "side": "seller", "rate_bp": 500})
		path := p.submitted(m, 5_000_000)
		call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)

		csv := string(m.expect(nil, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/csv", year, month), nil).Body)
		if !strings.Contains(csv, "地区,1,'@SUM(1),0.00,0.00,50.0,") {
			t.Errorf("bulletin csv: %s", csv)
		}
		x := m.expect(nil, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/xlsx", year, month), nil)
		f, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		name, _ := f.GetCellValue(sheet, "C2")
		formula, _ := f.GetCellFormula(sheet, "C2")
		kind, _ := f.GetCellType(sheet, "F2")
		if name != "'@SUM(1)" || formula != "" || kind == excelize.CellTypeSharedString || kind == excelize.CellTypeInlineString {
			t.Errorf("xlsx: name %q, formula %q, completion cell type %v", name, formula, kind)
		}
		csv = string(m.expect(p.admin, 200, "GET", fmt.Sprintf("/api/v1/incentives/%d?format=csv", year), nil).Body)
		if !strings.Contains(csv, "'-卖方奖励,\"'=HYPERLINK(\"\"http://evil.example\"\")大学\",1,2500.00") {
			t.Errorf("incentives csv: %s", csv)
		}
	})
}

func TestTargetsAndMonthlyBulletin(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		year := time.Now().In(shanghai).Year()
		month := int(time.Now().In(shanghai).Month())
		m.play(t,
			step{name: "a seller may not set targets", as: p.seller, method: "PUT", path: "/api/v1/targets",
				body: map[string]any{"year": year, "kind": "district", "key": "350102", "target_fen": 1}, want: 403},
			step{name: "a district is a county-level division", as: p.admin, method: "PUT", path: "/api/v1/targets",
				body: map[string]any{"year": year, "kind": "district", "key": "35"}, want: 422},
			step{name: "an agency that does not exist", as: p.admin, method: "PUT", path: "/api/v1/targets",
				body: map[string]any{"year": year, "kind": "agency", "key": "99999", "target_fen": 5}, want: 422},
		)
		// Rule: 22.27 亿元 at 0.8 % of GDP grows 25 % to 27.84 亿元; the official figure was adjusted.
		tgt := call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "district", "key": "350104",
			"last_year_fen": 222_700_000_000, "gdp_share_percent": 0.8})
		if tgt.RuleFen != 278_400_000_000 || tgt.TargetFen != 278_400_000_000 || tgt.Name != "福州市仓山区" {
			t.Fatalf("rule target: %+v", tgt)
		}
		adj := call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "district", "key": "350104",
			"last_year_fen": 222_700_000_000, "gdp_share_percent": 0.8, "target_fen": 280_000_000_000, "note": "为完成全市目标上调"})
		if adj.RuleFen != 278_400_000_000 || adj.TargetFen != 280_000_000_000 {
			t.Fatalf("adjusted target: %+v", adj)
		}
		var audits int64
		m.db.Model(&models.AuditLog{}).Where("entity = ? AND actor_id = ?", "target", p.admin.UserID).Count(&audits)
		if audits != 2 {
			t.Errorf("%d audit rows for targets", audits)
		}
		call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "agency", "key": fmt.Sprint(p.agency), "target_fen": 10_000_000})
		path := p.submitted(m, 5_000_000)
		call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		// The contract's seller division is 350104 (仓山区).
		b := call[models.Bulletin](m, nil, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d", year, month), nil)
		if len(b.Agencies) == 0 || len(b.Districts) == 0 {
			t.Fatalf("bulletin: %+v", b)
		}
		if ag := b.Agencies[0]; ag.YTDFen != 5_000_000 || ag.Completion != 50 || ag.Rank != 1 {
			t.Errorf("agency row: %+v", ag)
		}
		if d := b.Districts[0]; d.YTDFen != 5_000_000 || d.MoMPercent != nil {
			t.Errorf("district row: %+v", d)
		}
		csvRes := m.expect(nil, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/csv", year, month), nil)
		if !strings.Contains(string(csvRes.Body), "福州市技术合同登记站") || !strings.Contains(string(csvRes.Body), "完成率") {
			t.Errorf("csv: %s", csvRes.Body)
		}
		x := m.expect(nil, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/xlsx", year, month), nil)
		if !bytes.HasPrefix(x.Body, []byte("PK")) || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("xlsx: %s", x.Header.Get("Content-Type"))
		}
		m.check(step{name: "month 13", method: "GET", path: fmt.Sprintf("/api/v1/bulletins/%d/13", year), want: 422, code: "invalid_input"})
	})
}

// The bulletin page opens on the latest month with a registration, not on a
// month that has only begun.
func TestLatestBulletinIsTheLastMonthWithARegistration(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		now := time.Now().In(shanghai)
		if b := call[models.Bulletin](m, nil, 200, "GET", "/api/v1/bulletins/latest", nil); b.Year != now.Year() || b.Month != int(now.Month()) {
			t.Errorf("no registration yet: %d-%d, want this month", b.Year, b.Month)
		}
		back := time.Date(now.Year(), now.Month(), 15, 12, 0, 0, 0, shanghai).AddDate(0, -2, 0)
		call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": back.Year(), "kind": "agency", "key": fmt.Sprint(p.agency), "target_fen": 10_000_000})
		path := p.submitted(m, 5_000_000)
		c := call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		if err := m.db.Model(&models.Contract{}).Where("id = ?", c.ID).Update("registered_at", back.UTC()).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := m.market.RebuildRollups(m.ctx); err != nil { // as after a bulk load
			t.Fatal(err)
		}
		b := call[models.Bulletin](m, nil, 200, "GET", "/api/v1/bulletins/latest", nil)
		if b.Year != back.Year() || b.Month != int(back.Month()) || len(b.Agencies) == 0 || b.Agencies[0].MonthFen != 5_000_000 {
			t.Errorf("latest: %+v, want %d-%d with the contract in it", b, back.Year(), back.Month())
		}
	})
}
