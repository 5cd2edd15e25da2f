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

func TestIncentivesAreCappedPerContractAndYear(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		m.play(t,
			step{name: "a seller may not set rules", as: p.seller, method: "POST", path: "/api/v1/incentives/rules", body: map[string]any{}, want: 403},
			step{name: "a region prefix is digits", as: p.admin, method: "POST", path: "/api/v1/incentives/rules",
				body: map[string]any{"name": "买方奖励", "region_prefix": "35x", "side": "buyer", "rate_bp": 500}, want: 422},
		)
		call[models.IncentiveRule](m, p.admin, 201, "POST", "/api/v1/incentives/rules", map[string]any{"name": "福州买方奖励", "region_prefix": "3501",
			"side": "buyer", "rate_bp": 500, "cap_per_contract_fen": 400_000, "cap_per_year_fen": 600_000})
		for _, tech := range []int64{10_000_000, 2_000_000} { // earns 400,000 (capped from 500,000), then 100,000
			path := p.submitted(m, tech)
			call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		}
		year := time.Now().In(shanghai).Year()
		r := call[yearOf[models.Award]](m, p.admin, 200, "GET", fmt.Sprintf("/api/v1/incentives/%d", year), nil)
		if len(r.Items) != 1 || r.Items[0].AmountFen != 500_000 || r.Items[0].OrgName != "福耀玻璃" {
			t.Fatalf("awards: %+v", r)
		}
		path := p.submitted(m, 8_000_000) // would earn 400,000 but the year cap leaves 100,000
		call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		csvRes := m.expect(p.admin, 200, "GET", fmt.Sprintf("/api/v1/incentives/%d?format=csv", year), nil)
		if !strings.Contains(string(csvRes.Body), "福耀玻璃,3,6000.00") {
			t.Errorf("csv: %s", csvRes.Body)
		}
	})
}

// awardOf is the organisation's award under the rule this year, 0 without one.
func awardOf(t *testing.T, m *market, admin *account, ruleID int64, org string) int64 {
	t.Helper()
	year := time.Now().In(shanghai).Year()
	for _, a := range call[yearOf[models.Award]](m, admin, 200, "GET", fmt.Sprintf("/api/v1/incentives/%d", year), nil).Items {
		if a.RuleID == ruleID && a.OrgName == org {
			return a.AmountFen
		}
	}
	return 0
}

func TestIncentivesFollowTheContractAsItStands(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		// 福州市技术合同奖补 as the seeds write it: sellers 1 %, at most 10 万 a
		// contract, 20 万 from 1 亿 on.
		rule := call[models.IncentiveRule](m, p.admin, 201, "POST", "/api/v1/incentives/rules", map[string]any{"name": "福州市技术合同奖补",
			"region_prefix": "3501", "side": "seller", "rate_bp": 100, "cap_per_contract_fen": 10_000_000,
			"tiers": []map[string]any{{"min_fen": 10_000_000_000, "rate_bp": 100, "cap_fen": 20_000_000}}})
		path := p.submitted(m, 400_000_000) // 400 万: earns 4 万
		call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		if got := awardOf(t, m, p.admin, rule.ID, "福州大学"); got != 4_000_000 {
			t.Fatalf("award on 400 万: %d", got)
		}
		amend := func(body map[string]any) {
			a := call[models.Amendment](m, p.seller, 201, "POST", path+"/amendments", body)
			call[models.Amendment](m, p.reviewer, 200, "POST", fmt.Sprintf("/api/v1/amendments/%d/review", a.ID), map[string]any{"register": true})
		}
		// A change to 1.5 亿 moves the contract into the upper tier: 20 万.
		amend(map[string]any{"kind": "change", "reason": "增加技术服务内容", "contract_amount_fen": 15_000_000_000, "tech_amount_fen": 15_000_000_000})
		if got := awardOf(t, m, p.admin, rule.ID, "福州大学"); got != 20_000_000 {
			t.Errorf("award after the change to 1.5 亿: %d, want 20 万", got)
		}
		// A change submitted but not registered changes nothing.
		call[models.Amendment](m, p.seller, 201, "POST", path+"/amendments", map[string]any{"kind": "change", "reason": "再次调整金额",
			"contract_amount_fen": 100_000_000, "tech_amount_fen": 100_000_000})
		if got := awardOf(t, m, p.admin, rule.ID, "福州大学"); got != 20_000_000 {
			t.Errorf("award with a change waiting: %d, want 20 万", got)
		}
		var pending models.Amendment
		m.db.Where("status = ?", models.AmendmentSubmitted).First(&pending)
		call[models.Amendment](m, p.reviewer, 200, "POST", fmt.Sprintf("/api/v1/amendments/%d/review", pending.ID), map[string]any{"register": false, "comment": "材料不全"})
		// The university applies for 20 万; then the contract is cancelled.
		year := time.Now().In(shanghai).Year()
		applied := call[models.IncentiveApplication](m, p.seller, 201, "POST", "/api/v1/incentives/applications", map[string]any{"rule_id": rule.ID, "year": year})
		amend(map[string]any{"kind": "cancel", "reason": "双方协商解除合同"})
		if got := awardOf(t, m, p.admin, rule.ID, "福州大学"); got != 0 {
			t.Errorf("award on a cancelled contract: %d", got)
		}
		review := fmt.Sprintf("/api/v1/incentives/applications/%d/review", applied.ID)
		if r := m.check(step{name: "approving what the cancelled contract earned", as: p.admin, method: "POST", path: review,
			body: map[string]any{"approve": true, "amount_fen": 20_000_000}, want: 422}); !strings.Contains(string(r.Body), "按现状测算为 0 元") {
			t.Errorf("refusal: %s", r.Body)
		}
		call[models.IncentiveApplication](m, p.admin, 200, "POST", review, map[string]any{"approve": false, "comment": "合同已注销登记"})
		m.check(step{name: "nothing to apply for once cancelled", as: p.seller, method: "POST", path: "/api/v1/incentives/applications",
			body: map[string]any{"rule_id": rule.ID, "year": year}, want: 422})
	})
}

func TestIncentiveFromApplicationToPayment(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		year := time.Now().In(shanghai).Year()
		m.play(t,
			step{name: "a tier that does not rise", as: p.admin, method: "POST", path: "/api/v1/incentives/rules", want: 422,
				body: map[string]any{"name": "买方企业技术交易补助", "region_prefix": "35", "side": "buyer", "rate_bp": 500,
					"tiers": []map[string]any{{"min_fen": 100, "rate_bp": 100}, {"min_fen": 100, "rate_bp": 200}}}},
			step{name: "an unknown contract type", as: p.admin, method: "POST", path: "/api/v1/incentives/rules", want: 422,
				body: map[string]any{"name": "买方企业技术交易补助", "region_prefix": "35", "side": "buyer", "rate_bp": 500, "contract_types": []string{"gift"}}},
		)
		rule := call[models.IncentiveRule](m, p.admin, 201, "POST", "/api/v1/incentives/rules", map[string]any{"name": "买方企业技术交易补助",
			"region_prefix": "35", "side": "buyer", "rate_bp": 500, "enterprises_only": true, "contract_types": []string{"transfer", "license"},
			"from_year": year - 1, "to_year": year + 1, "group": "市级技术交易补助"})
		// 5 % of 400 万 and of 200 万, but the second was subsidised already.
		call[contractView](m, p.reviewer, 200, "POST", p.submitted(m, 400_000_000)+"/register", nil)
		second := call[contractView](m, p.reviewer, 200, "POST", p.submitted(m, 200_000_000)+"/register", nil)
		excluded := call[models.IncentiveExclusion](m, p.admin, 201, "POST", fmt.Sprintf("/api/v1/incentives/rules/%d/exclusions", rule.ID),
			map[string]any{"registration_no": *second.RegistrationNo, "reason": "已享受省级技术交易补助"})
		m.play(t,
			step{name: "excluded twice", as: p.admin, method: "POST", path: fmt.Sprintf("/api/v1/incentives/rules/%d/exclusions", rule.ID),
				body: map[string]any{"registration_no": *second.RegistrationNo, "reason": "重复排除"}, want: 409},
			step{name: "an unknown registration number", as: p.admin, method: "POST", path: fmt.Sprintf("/api/v1/incentives/rules/%d/exclusions", rule.ID),
				body: map[string]any{"registration_no": "0000", "reason": "已享受省级技术交易补助"}, want: 422},
			step{name: "the seller's organisation applies under a buyer rule", as: p.seller, method: "POST", path: "/api/v1/incentives/applications",
				body: map[string]any{"rule_id": rule.ID, "year": year}, want: 422},
			step{name: "a year not yet begun", as: p.buyer, method: "POST", path: "/api/v1/incentives/applications",
				body: map[string]any{"rule_id": rule.ID, "year": year + 1}, want: 422},
		)
		mine := call[models.MyIncentives](m, p.buyer, 200, "GET", "/api/v1/my/incentives", nil)
		if len(mine.Awards) != 1 || mine.Awards[0].AmountFen != 20_000_000 || mine.Awards[0].Contracts != 1 || !mine.CanApply {
			t.Fatalf("the buyer's awards: %+v", mine)
		}
		a := call[models.IncentiveApplication](m, p.buyer, 201, "POST", "/api/v1/incentives/applications", map[string]any{"rule_id": rule.ID, "year": year})
		if a.AmountFen != 20_000_000 || a.Status != models.IncentiveSubmitted || a.OrgName != "福耀玻璃" {
			t.Fatalf("application: %+v", a)
		}
		app := fmt.Sprintf("/api/v1/incentives/applications/%d", a.ID)
		m.play(t,
			step{name: "applied twice", as: p.buyer, method: "POST", path: "/api/v1/incentives/applications", body: map[string]any{"rule_id": rule.ID, "year": year}, want: 409},
			step{name: "the applicant reviews", as: p.buyer, method: "POST", path: app + "/review", body: map[string]any{"approve": true, "amount_fen": 1}, want: 403},
			step{name: "approved above the amount applied for", as: p.admin, method: "POST", path: app + "/review", body: map[string]any{"approve": true, "amount_fen": 20_000_001}, want: 422},
			step{name: "rejected without a reason", as: p.admin, method: "POST", path: app + "/review", body: map[string]any{"approve": false}, want: 422},
			step{name: "paid before approval", as: p.admin, method: "POST", path: app + "/payment",
				body: map[string]any{"paid_on": time.Now().In(shanghai).Format("2006-01-02"), "amount_fen": 1, "voucher_no": "闽财拨1号"}, want: 409},
		)
		queue := call[page[models.IncentiveApplication]](m, p.admin, 200, "GET", "/api/v1/incentives/applications?status=submitted", nil)
		if queue.Total != 1 || strings.Join(queue.Items[0].Actions, ",") != "approve,reject" {
			t.Fatalf("queue: %+v", queue)
		}
		approved := call[models.IncentiveApplication](m, p.admin, 200, "POST", app+"/review", map[string]any{"approve": true, "amount_fen": 18_000_000, "comment": "核减不符合条件的部分"})
		if approved.Status != models.IncentiveNoticed || approved.NoticeUntil == nil || (models.Calendar{}).WorkingDaysBetween(*approved.NoticeFrom, *approved.NoticeUntil) != 5 ||
			len(approved.Actions) != 0 {
			t.Fatalf("approved: %+v", approved)
		}
		notices := call[page[models.IncentiveNotice]](m, nil, 200, "GET", "/api/v1/incentives/notices", nil)
		if notices.Total != 1 || notices.Items[0].OrgName != "福耀玻璃" || notices.Items[0].ApprovedFen != 18_000_000 || !notices.Items[0].Open {
			t.Fatalf("public notice: %+v", notices)
		}
		pay := map[string]any{"paid_on": time.Now().In(shanghai).Format("2006-01-02"), "amount_fen": 18_000_000, "voucher_no": "闽财拨〔2026〕12号"}
		m.check(step{name: "paid during the notice", as: p.admin, method: "POST", path: app + "/payment", body: pay, want: 409})
		m.db.Model(&models.IncentiveApplication{}).Where("id = ?", a.ID).Update("notice_until", time.Now().Add(-time.Minute).UTC())
		m.play(t,
			step{name: "paid above the approved amount", as: p.admin, method: "POST", path: app + "/payment",
				body: map[string]any{"paid_on": pay["paid_on"], "amount_fen": 18_000_001, "voucher_no": "闽财拨〔2026〕12号"}, want: 422},
			step{name: "paid tomorrow", as: p.admin, method: "POST", path: app + "/payment",
				body: map[string]any{"paid_on": time.Now().In(shanghai).AddDate(0, 0, 1).Format("2006-01-02"), "amount_fen": 1, "voucher_no": "闽财拨〔2026〕12号"}, want: 422},
		)
		paid := call[models.IncentiveApplication](m, p.admin, 200, "POST", app+"/payment", pay)
		if paid.Status != models.IncentivePaid || paid.PaidFen != 18_000_000 || paid.VoucherNo != "闽财拨〔2026〕12号" {
			t.Fatalf("paid: %+v", paid)
		}
		if n := m.notified(p.buyer, "incentive.pay"); n != 1 {
			t.Errorf("payment notifications to the applicant: %d", n)
		}
		csvRes := m.expect(p.admin, 200, "GET", fmt.Sprintf("/api/v1/incentives/applications/csv?year=%d", year), nil)
		if !strings.Contains(string(csvRes.Body), "买方企业技术交易补助,福耀玻璃,1,200000.00,已拨付,180000.00,") || !strings.Contains(string(csvRes.Body), "闽财拨〔2026〕12号") {
			t.Errorf("csv: %s", csvRes.Body)
		}
		x := m.expect(p.admin, 200, "GET", "/api/v1/incentives/applications/xlsx?status=paid", nil)
		f, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue("奖补申请", "H2"); v != "180000" {
			t.Errorf("xlsx approved amount: %q", v)
		}
		// Lifting the exclusion lets the second contract earn again.
		m.expect(p.admin, 204, "DELETE", fmt.Sprintf("/api/v1/incentives/exclusions/%d", excluded.ID), nil)
		if got := awardOf(t, m, p.admin, rule.ID, "福耀玻璃"); got != 30_000_000 {
			t.Errorf("award once the exclusion is lifted: %d", got)
		}
		var audits int64
		m.db.Model(&models.AuditLog{}).Where("action IN ?", []string{"incentive.exclude", "incentive.include", "incentive.apply", "incentive.approve", "incentive.pay"}).Count(&audits)
		if audits != 5 {
			t.Errorf("%d audit entries, want 5", audits)
		}
	})
}
