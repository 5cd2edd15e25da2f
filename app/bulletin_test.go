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
	rec := bulletinRecords(b)[0]
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
		m.must(200, m.do("PUT", "/api/v1/targets", p.admin.Token, map[string]any{"year": year, "kind": "district", "key": "350104", "name": "@SUM(1)", "target_fen": 10_000_000}))
		m.must(201, m.do("POST", "/api/v1/incentives/rules", p.admin.Token, map[string]any{"name": "-卖方奖励", "region_prefix": "3501", "side": "seller", "rate_bp": 500}))
		path := p.submitted(m, 5_000_000)
		m.must(200, m.do("POST", path+"/register", p.reviewer.Token, nil))

		csv := string(m.must(200, m.do("GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/csv", year, month), "", nil)).Body)
		if !strings.Contains(csv, "地区,1,'@SUM(1),0.00,0.00,50.0,") {
			t.Errorf("bulletin csv: %s", csv)
		}
		x := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/xlsx", year, month), "", nil))
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
		csv = string(m.must(200, m.do("GET", fmt.Sprintf("/api/v1/incentives/%d?format=csv", year), p.admin.Token, nil)).Body)
		if !strings.Contains(csv, "'-卖方奖励,\"'=HYPERLINK(\"\"http://evil.example\"\")大学\",1,2500.00") {
			t.Errorf("incentives csv: %s", csv)
		}
	})
}
