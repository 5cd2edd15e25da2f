package app

import (
	"bytes"
	"fmt"
	"sort"
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
	rec := bulletinTable(b).records()[3] // after the title, the header and the total
	if rec[2] != "'=1+1" || rec[9] != "-12.5" {
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
		afterTheMonth(m)
		call[models.Bulletin](m, p.admin, 201, "POST", fmt.Sprintf("/api/v1/bulletins/%d/%d/issue", year, month), nil)

		csv := string(m.expect(nil, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/csv", year, month), nil).Body)
		if !strings.Contains(csv, "地区,1,'@SUM(1),1,") {
			t.Errorf("bulletin csv: %s", csv)
		}
		x := m.expect(nil, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/xlsx", year, month), nil)
		f, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		// Row 1 is the title, 2 the header, 3 the total, 4 the district.
		name, _ := f.GetCellValue(sheet, "C4")
		formula, _ := f.GetCellFormula(sheet, "C4")
		kind, _ := f.GetCellType(sheet, "L4")
		if name != "'@SUM(1)" || formula != "" || kind == excelize.CellTypeSharedString || kind == excelize.CellTypeInlineString {
			t.Errorf("xlsx: name %q, formula %q, completion cell type %v", name, formula, kind)
		}
		csv = string(m.expect(p.admin, 200, "GET", fmt.Sprintf("/api/v1/incentives/%d?format=csv", year), nil).Body)
		if !strings.Contains(csv, "'-卖方奖励,\"'=HYPERLINK(\"\"http://evil.example\"\")大学\",1,2500.00") {
			t.Errorf("incentives csv: %s", csv)
		}
	})
}

// afterTheMonth moves the market's clock into the next month, so that this
// month's bulletin may be issued.
func afterTheMonth(m *market) {
	now := time.Now().In(shanghai)
	next := time.Date(now.Year(), now.Month()+1, 2, 10, 0, 0, 0, shanghai)
	m.market.Clock = func() time.Time { return next }
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
		// The contract's seller division is 350104 (仓山区), in 福州市.
		draft := fmt.Sprintf("/api/v1/bulletins/%d/%d/draft", year, month)
		b := call[models.Bulletin](m, p.admin, 200, "GET", draft+"?region=350100", nil)
		amount := func(r models.BulletinRow) int64 { // in the row's measure
			if r.Measure == models.MeasureTech {
				return 5_000_000
			}
			return 5_100_000
		}
		if b.RegionName != "福州市" || len(b.Actions) != 0 || b.TimeProgress <= float64(month-1)*100/12 || b.TimeProgress > float64(month)*100/12 || b.Total.YTDFen != amount(b.Total) || b.Total.YTDContracts != 1 {
			t.Errorf("bulletin of 福州市: %+v", b)
		}
		if len(b.Agencies) != 1 || len(b.Districts) < 12 {
			t.Fatalf("bulletin: %d agencies, %d districts", len(b.Agencies), len(b.Districts))
		}
		if ag := b.Agencies[0]; ag.YTDFen != amount(ag) || ag.Completion != float64(amount(ag))*100/10_000_000 || ag.Rank != 1 || ag.MonthContracts != 1 {
			t.Errorf("agency row: %+v", ag)
		}
		if d := b.Districts[0]; d.Key != "350104" || d.YTDFen != amount(d) || d.MoMPercent != nil || d.YoYPercent != nil || d.Rank != 1 {
			t.Errorf("district row: %+v", d)
		}
		if d := b.Districts[1]; d.Rank != 0 || d.YTDFen != 0 {
			t.Errorf("a district without a target or turnover: %+v", d)
		}
		x := m.expect(p.admin, 200, "GET", draft+"/xlsx?region=350100", nil)
		if !bytes.HasPrefix(x.Body, []byte("PK")) || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("xlsx: %s", x.Header.Get("Content-Type"))
		}
		m.play(t,
			step{name: "month 13", as: p.admin, method: "GET", path: fmt.Sprintf("/api/v1/bulletins/%d/13/draft", year), want: 422, code: "invalid_input"},
			step{name: "a region that is no division", as: p.admin, method: "GET", path: draft + "?region=35x", want: 422, field: "region"},
			step{name: "the draft is the bureau's", as: p.seller, method: "GET", path: draft, want: 403},
			step{name: "the draft is not public", method: "GET", path: draft, want: 401},
			step{name: "nothing issued yet", method: "GET", path: fmt.Sprintf("/api/v1/bulletins/%d/%d?region=350100", year, month), want: 404, code: "bulletin_not_found"},
			step{name: "a month is issued once it is over", as: p.admin, method: "POST", path: fmt.Sprintf("/api/v1/bulletins/%d/%d/issue?region=350100", year, month), want: 409, code: "month_not_over"},
		)
	})
}

// TestAnIssuedBulletinStaysAsIssued: issuing freezes the month's figures as a
// numbered document, public from then on and announced to the region's
// bureaus; a later registration in that month changes the draft, not the
// issued bulletin, and a month is issued once.
func TestAnIssuedBulletinStaysAsIssued(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		now := time.Now().In(shanghai)
		year, month := now.Year(), int(now.Month())
		call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "district", "key": "350104", "target_fen": 100_000_000})
		register := func(tech int64) {
			path := p.submitted(m, tech)
			call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		}
		register(5_000_000)
		afterTheMonth(m)
		issue := fmt.Sprintf("/api/v1/bulletins/%d/%d/issue?region=350100", year, month)
		m.check(step{name: "only the bureau issues", as: p.seller, method: "POST", path: issue, want: 403})
		if d := call[models.Bulletin](m, p.admin, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/draft?region=350100", year, month), nil); len(d.Actions) != 1 || d.Actions[0] != "issue" {
			t.Errorf("a month that is over may be issued: %v", d.Actions)
		}
		issued := call[models.Bulletin](m, p.admin, 201, "POST", issue, nil)
		if issued.Issue == nil || issued.Issue.No != fmt.Sprintf("技合通〔%d〕1号", year) || issued.Issue.IssuerName != "市场运营管理办公室" {
			t.Fatalf("issued: %+v", issued.Issue)
		}
		m.check(step{name: "a month is issued once", as: p.admin, method: "POST", path: issue, want: 409, code: "bulletin_issued"})
		public := fmt.Sprintf("/api/v1/bulletins/%d/%d?region=350100", year, month)
		before := call[models.Bulletin](m, nil, 200, "GET", public, nil)

		// A contract registered later, dated into the issued month (a bulk load of late paperwork).
		register(7_000_000)
		if err := m.db.Model(&models.Contract{}).Where("tech_fen = ?", 7_000_000).
			Update("registered_at", time.Date(year, time.Month(month), 1, 12, 0, 0, 0, shanghai).UTC()).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := m.market.RebuildRollups(m.ctx); err != nil {
			t.Fatal(err)
		}
		draft := call[models.Bulletin](m, p.admin, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d/draft?region=350100", year, month), nil)
		after := call[models.Bulletin](m, nil, 200, "GET", public, nil)
		if draft.Total.YTDContracts != 2 || len(draft.Actions) != 0 || after.Total.YTDContracts != 1 || after.Total.YTDFen != before.Total.YTDFen ||
			!after.Issue.IssuedAt.Equal(before.Issue.IssuedAt) || after.Districts[0].Completion != before.Districts[0].Completion {
			t.Errorf("draft %d contracts; issued before %+v, after %+v", draft.Total.YTDContracts, before.Total, after.Total)
		}
		list := call[listOf[models.IssuedBulletinEntry]](m, nil, 200, "GET", "/api/v1/bulletins?region=350100", nil)
		latest := call[models.Bulletin](m, nil, 200, "GET", "/api/v1/bulletins/latest?region=350100", nil)
		if list.Total != 1 || list.Items[0].No != issued.Issue.No || latest.Issue.No != issued.Issue.No {
			t.Errorf("public list %+v, latest %+v", list, latest.Issue)
		}
		notes := call[notificationPage](m, p.admin, 200, "GET", "/api/v1/notifications", nil)
		if len(notes.Items) == 0 || !strings.Contains(notes.Items[0].Title, "通报已发布") {
			t.Errorf("the bureau was not told: %+v", notes.Items)
		}
	})
}

// TestBureauDashboard: the 看板 of a city — its districts against their
// targets, the months beside last year's, the top sellers and buyers, and
// where its technology goes and comes from.
func TestBureauDashboard(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		now := time.Now().In(shanghai)
		call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": now.Year(), "kind": "district", "key": "350104", "target_fen": 100_000_000})
		register := func(in map[string]any) {
			call[contractView](m, p.reviewer, 200, "POST", p.submittedAs(m, in)+"/register", nil)
		}
		register(p.input(5_000_000)) // 仓山区 to 福清市: inside 福州市
		wenzhou := p.input(7_000_000)
		wenzhou["buyer_division"] = "330302" // to 温州市
		register(wenzhou)
		dash := "/api/v1/stats/dashboard?region=350100"
		m.play(t,
			step{name: "the 看板 is the bureau's", as: p.seller, method: "GET", path: dash, want: 403},
			step{name: "not public", method: "GET", path: dash, want: 401},
			step{name: "a year to come", as: p.admin, method: "GET", path: dash + "&year=2999", want: 422, field: "year"},
		)
		d := call[models.Dashboard](m, p.admin, 200, "GET", dash, nil)
		amount := func(tech int64) int64 { // in the dashboard's measure
			if d.Measure == models.MeasureTech {
				return tech
			}
			return tech + 100_000
		}
		if d.RegionName != "福州市" || d.Through != now.Format("2006-01-02") || d.Total.YTDContracts != 2 || d.Total.YTDFen != amount(5_000_000)+amount(7_000_000) {
			t.Errorf("total: %+v", d.Total)
		}
		if d.Districts[0].Key != "350104" || d.Districts[0].Completion != float64(amount(5_000_000)+amount(7_000_000))*100/100_000_000 {
			t.Errorf("districts: %+v", d.Districts[0])
		}
		if mo := d.Months[now.Month()-1]; len(d.Months) != 12 || mo.Contracts != 2 || mo.Fen != d.Total.YTDFen || mo.LastYearFen != 0 {
			t.Errorf("months: %+v", d.Months)
		}
		if len(d.TopSellers) != 1 || d.TopSellers[0].Name != "福州大学" || d.TopSellers[0].Contracts != 2 {
			t.Errorf("top sellers: %+v", d.TopSellers)
		}
		// The Wenzhou buyer is outside 福州市: the city's buyers are the one in 福清市.
		if len(d.TopBuyers) != 1 || d.TopBuyers[0].Fen != amount(5_000_000) {
			t.Errorf("top buyers: %+v", d.TopBuyers)
		}
		want := []models.Flow{{Region: "330000", Name: "浙江省", Contracts: 1, Fen: amount(7_000_000)}, {Region: "", Name: "本地区", Contracts: 1, Fen: amount(5_000_000)}}
		if fmt.Sprint(d.Outflow) != fmt.Sprint(want) {
			t.Errorf("outflow %+v, want %+v", d.Outflow, want)
		}
		if len(d.Inflow) != 1 || d.Inflow[0].Name != "本地区" {
			t.Errorf("inflow: %+v", d.Inflow)
		}
		// Wenzhou's 看板 sees the same contract coming in from 福建省.
		wz := call[models.Dashboard](m, p.admin, 200, "GET", "/api/v1/stats/dashboard?region=330300", nil)
		if wz.Total.YTDContracts != 0 || len(wz.Inflow) != 1 || wz.Inflow[0].Name != "福建省" || len(wz.TopBuyers) != 1 {
			t.Errorf("温州市: total %+v inflow %+v buyers %+v", wz.Total, wz.Inflow, wz.TopBuyers)
		}
	})
}

// bureauAccount is a member of a science bureau of the region (created by
// the operator, as market admins are).
func (m *market) bureauAccount(username, org, region string) *account {
	m.t.Helper()
	pw := "Passw0rd-" + username
	u, _, err := m.market.CreateUser(m.ctx, models.Registration{Username: username, Password: pw, Name: org,
		Role: models.RoleBureau, OrgName: org, OrgType: models.OrgBureau, Region: region})
	if err != nil {
		m.t.Fatal(err)
	}
	a := &account{Username: username, Password: pw, UserID: u.ID, OrgID: u.OrgID}
	m.login(a)
	return a
}

// TestBureausIssueTheirOwnBulletins: a district bureau works on its
// district's bulletin and 看板 only; the city's bureau issues the city's,
// which lists the city's zone beside its districts, and the district
// bureaus hear of it.
func TestBureausIssueTheirOwnBulletins(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		city := m.bureauAccount("fzkj", "福州市科学技术局", "350100")
		gulou := m.bureauAccount("gulou", "鼓楼区科学技术局", "350102")
		quanzhou := m.bureauAccount("qzkj", "泉州市科学技术局", "350500")
		call[models.RegionUnit](m, p.admin, 201, "POST", "/api/v1/regions", map[string]any{"code": "FZGXQ", "name": "福州高新区", "parent": "350100", "covers": []string{"350104"}})
		call[contractView](m, p.reviewer, 200, "POST", p.submitted(m, 5_000_000)+"/register", nil) // seller in 仓山区
		afterTheMonth(m)
		now := time.Now().In(shanghai)
		at := func(path, region string) string {
			return fmt.Sprintf("/api/v1/bulletins/%d/%d/%s?region=%s", now.Year(), int(now.Month()), path, region)
		}
		m.play(t,
			step{name: "a district bureau and its city", as: gulou, method: "GET", path: at("draft", "350100"), want: 403, code: "outside_region"},
			step{name: "a district bureau and another district", as: gulou, method: "GET", path: at("draft", "350104"), want: 403, code: "outside_region"},
			step{name: "another city's bureau", as: quanzhou, method: "POST", path: at("issue", "350100"), want: 403, code: "outside_region"},
			step{name: "the whole market is the admin's", as: city, method: "GET", path: at("draft", ""), want: 403},
			step{name: "its own district", as: gulou, method: "GET", path: at("draft", "350102"), want: 200},
			step{name: "its own 看板", as: gulou, method: "GET", path: "/api/v1/stats/dashboard?region=350102", want: 200},
			step{name: "the city's 看板 is not the district's", as: gulou, method: "GET", path: "/api/v1/stats/dashboard?region=350100", want: 403},
			step{name: "an unknown region", as: city, method: "GET", path: at("draft", "359999"), want: 422, field: "region"},
			step{name: "hostile text as a region", as: city, method: "GET", path: at("draft", "35%00"), want: 422, field: "region"},
		)
		b := call[models.Bulletin](m, city, 201, "POST", at("issue", "350100"), nil)
		if len(b.Zones) != 1 || b.Zones[0].Name != "福州高新区" || b.Zones[0].YTDContracts != 1 || b.Total.YTDContracts != 1 {
			t.Errorf("zones %+v, total %+v", b.Zones, b.Total)
		}
		for _, who := range []*account{city, gulou} {
			notes := call[notificationPage](m, who, 200, "GET", "/api/v1/notifications", nil)
			if len(notes.Items) == 0 || !strings.Contains(notes.Items[0].Title, "福州市") {
				t.Errorf("%s was not told: %+v", who.Username, notes.Items)
			}
		}
		if notes := call[notificationPage](m, quanzhou, 200, "GET", "/api/v1/notifications", nil); len(notes.Items) != 0 {
			t.Errorf("泉州 was told of 福州's bulletin: %+v", notes.Items)
		}
		// The public reads the city's bulletin; the district's was never issued.
		call[models.Bulletin](m, nil, 200, "GET", fmt.Sprintf("/api/v1/bulletins/%d/%d?region=350100", now.Year(), int(now.Month())), nil)
		m.check(step{method: "GET", path: fmt.Sprintf("/api/v1/bulletins/%d/%d?region=350102", now.Year(), int(now.Month())), want: 404})
	})
}

// TestTargetsOfARegion: the targets page of a region lists the region's own
// target, those of the regions inside it and those of its agencies.
func TestTargetsOfARegion(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m) // its agency is in 鼓楼区, 350102
		year := time.Now().In(shanghai).Year()
		for _, key := range []string{"350100", "350102", "350500", "350502"} {
			call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "district", "key": key, "target_fen": 100_000_000})
		}
		call[models.Target](m, p.admin, 200, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "agency", "key": fmt.Sprint(p.agency), "target_fen": 100_000_000})
		keys := func(region string) string {
			list := call[yearOf[models.Target]](m, nil, 200, "GET", fmt.Sprintf("/api/v1/targets?year=%d&region=%s", year, region), nil)
			var out []string
			for _, tg := range list.Items {
				out = append(out, tg.Kind+":"+tg.Key)
			}
			sort.Strings(out)
			return strings.Join(out, " ")
		}
		agency := "agency:" + fmt.Sprint(p.agency)
		for region, want := range map[string]string{
			"350100": agency + " district:350100 district:350102",
			"350102": agency + " district:350102",
			"350500": "district:350500 district:350502",
			"330300": "",
		} {
			if got := keys(region); got != want {
				t.Errorf("targets of %s: %q, want %q", region, got, want)
			}
		}
		m.check(step{name: "an unknown region", method: "GET", path: fmt.Sprintf("/api/v1/targets?year=%d&region=359999", year), want: 422, field: "region"})
	})
}
