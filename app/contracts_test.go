package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

type contractParties struct {
	admin, seller, buyer, reviewer, reviewer2, otherReviewer *account
	agency, otherAgency                                      int64
}

func contractSetup(t *testing.T, m *market) *contractParties {
	p := &contractParties{admin: m.admin()}
	p.seller = m.signUp("seller", models.RoleSupplier, "福州大学")
	p.buyer = m.signUp("buyer", models.RoleDemander, "福耀玻璃")
	p.reviewer = m.signUp("reviewer", models.RoleReviewer, "福州市技术合同登记站")
	p.reviewer2 = m.signUp("reviewer2", models.RoleReviewer, "福州市技术合同登记站")
	p.otherReviewer = m.signUp("other", models.RoleReviewer, "泉州市技术合同登记站")
	m.verify(p.admin, p.seller, p.buyer, p.reviewer, p.otherReviewer)
	p.agency, p.otherAgency = p.reviewer.OrgID, p.otherReviewer.OrgID
	return p
}

func (p *contractParties) input(tech int64) map[string]any {
	return map[string]any{"title": "石墨烯导热膜制备技术转让合同", "type": "transfer", "subtype": "专利权转让",
		"subject": "专利 ZL202010000000.1 的专利权转让及技术资料交付", "field": "新材料及其应用",
		"seller_party_type": "高等院校", "seller_division": "350104", "buyer_org_id": p.buyer.OrgID, "buyer_name": "福耀玻璃",
		"buyer_party_type": "股份有限公司", "buyer_division": "350181", "contract_amount_fen": tech + 100_000, "tech_amount_fen": tech,
		"payment_terms": "合同生效后 30 日内一次性支付", "signed_on": time.Now().AddDate(0, 0, -3).Format("2006-01-02"),
		"valid_from": time.Now().AddDate(0, 0, -3).Format("2006-01-02"), "valid_to": time.Now().AddDate(2, 0, 0).Format("2006-01-02"),
		"agency_id": p.agency, "socio_economic_objective": "工商业发展", "ip_kinds": []string{"专利"},
		"expected_investment_fen": 50_000_000, "expected_output_fen": 200_000_000}
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// submitted drafts, confirms, uploads and submits a contract; returns its path.
func (p *contractParties) submitted(m *market, tech int64) string {
	return p.submittedAs(m, p.input(tech))
}

// submittedAs is submitted for a contract drafted as in says.
func (p *contractParties) submittedAs(m *market, in map[string]any) string {
	m.t.Helper()
	path := fmt.Sprintf("/api/v1/contracts/%d", call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", in).ID)
	m.must(200, m.upload(path+"/file", p.seller.Token, "合同.pdf", pdf))
	call[contractView](m, p.seller, 200, "POST", path+"/confirm", nil)
	call[contractView](m, p.buyer, 200, "POST", path+"/confirm", nil)
	call[contractView](m, p.seller, 200, "POST", path+"/submit", nil)
	return path
}

func TestContractFromDraftToRegistration(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := fmt.Sprintf("/api/v1/contracts/%d", call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", p.input(50_000_000)).ID)
		m.play(t,
			// Nobody outside sees it; the agency does not see drafts.
			step{name: "the agency reads a draft", as: p.reviewer, method: "GET", path: path, want: 404},
			step{name: "another agency reads a draft", as: p.otherReviewer, method: "GET", path: path, want: 404},
			step{name: "submitted unconfirmed", as: p.seller, method: "POST", path: path + "/submit", want: 409},
			step{name: "an upload without a file", as: p.seller, method: "POST", path: path + "/file", want: 422},
		)
		if r := m.upload(path+"/file", p.seller.Token, "合同.docx", []byte("PK\x03\x04 not a pdf")); r.Status != 422 || r.errorFields(t)["file"] == nil {
			t.Errorf("non-PDF upload: %d %s", r.Status, r.Body)
		}
		if r := m.upload(path+"/file", p.seller.Token, "big.pdf", append(append([]byte{}, pdf...), make([]byte, MaxPDFBytes)...)); r.Status != 422 && r.Status != 413 {
			t.Errorf("oversized upload: %d", r.Status)
		}
		m.must(200, m.upload(path+"/file", p.seller.Token, "合同.pdf", pdf))
		m.must(403, m.upload(path+"/file", p.buyer.Token, "合同.pdf", pdf))
		call[contractView](m, p.seller, 200, "POST", path+"/confirm", nil)
		if c := call[contractView](m, p.buyer, 200, "POST", path+"/confirm", nil); c.Status != "confirmed" {
			t.Fatalf("after both confirmations: %v", c.Status)
		}
		m.check(step{name: "the buyer submits", as: p.buyer, method: "POST", path: path + "/submit", want: 403})
		call[contractView](m, p.seller, 200, "POST", path+"/submit", nil)
		// Agency B sees nothing of agency A's queue and cannot act on it.
		if q := call[page[contractView]](m, p.otherReviewer, 200, "GET", "/api/v1/contracts", nil); q.Total != 0 {
			t.Errorf("other agency's queue: %+v", q)
		}
		m.check(step{name: "another agency registers", as: p.otherReviewer, method: "POST", path: path + "/register", want: 404})
		if q := call[page[contractView]](m, p.reviewer, 200, "GET", "/api/v1/contracts", nil); q.Total != 1 || len(q.Items) == 0 || q.Items[0].DeadlineDays != 15 {
			t.Errorf("agency queue: %+v", q)
		}
		// Return for correction, fix, resubmit, register.
		m.check(step{name: "returned without a comment", as: p.reviewer, method: "POST", path: path + "/return", body: map[string]any{"comment": ""}, want: 422})
		call[contractView](m, p.reviewer, 200, "POST", path+"/return", map[string]any{"comment": "请补充专利权属证明"})
		m.check(step{name: "a returned contract registered", as: p.reviewer, method: "POST", path: path + "/register", want: 409})
		in := p.input(50_000_000)
		in["subject"] = "专利 ZL202010000000.1 的专利权转让及技术资料交付（附权属证明）"
		call[models.Contract](m, p.seller, 200, "PUT", path, in)
		call[contractView](m, p.seller, 200, "POST", path+"/resubmit", nil)
		reg := call[contractView](m, p.reviewer, 200, "POST", path+"/register", map[string]any{"comment": "符合登记条件"})
		var no string
		if reg.RegistrationNo != nil {
			no = *reg.RegistrationNo
		}
		if reg.Status != "registered" || len(no) != 16 || !strings.HasPrefix(no, fmt.Sprint(time.Now().Year())) || no[4:10] != "350102" || no[10:] != "000001" {
			t.Fatalf("registered: %+v", reg.Contract)
		}
		// Registered contracts are immutable.
		m.check(step{name: "edited once registered", as: p.seller, method: "PUT", path: path, body: in, want: 409, code: "immutable"})
		m.must(409, m.upload(path+"/file", p.seller.Token, "合同.pdf", pdf))
		m.check(step{name: "rejected once registered", as: p.reviewer, method: "POST", path: path + "/reject", body: map[string]any{"grounds": []string{"unclear_terms"}}, want: 409})
		if cert := call[models.Certificate](m, p.buyer, 200, "GET", path+"/certificate", nil); cert.RegistrationNo != no || cert.TechFen != 50_000_000 {
			t.Errorf("certificate: %+v", cert)
		}
		var actions []string
		for _, it := range call[listOf[models.AuditLog]](m, p.seller, 200, "GET", path+"/timeline", nil).Items {
			actions = append(actions, it.Action)
		}
		want := "contract.create contract.file contract.confirm contract.confirm contract.submit contract.return contract.edit contract.resubmit contract.register"
		if strings.Join(actions, " ") != want {
			t.Errorf("timeline:\n got %s\nwant %s", strings.Join(actions, " "), want)
		}
		m.check(step{name: "another agency reads the timeline", as: p.otherReviewer, method: "GET", path: path + "/timeline", want: 404})
	})
}

func TestContractBadInputStoresNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		with := func(k string, v any) map[string]any {
			in := p.input(1_000_000)
			in[k] = v
			return in
		}
		bad := func(name string, body any, field string) step {
			return step{name: name, as: p.seller, method: "POST", path: "/api/v1/contracts", body: body, want: 422, field: field}
		}
		m.play(t,
			bad("decimals beyond fen", with("contract_amount_fen", 1000.5), "contract_amount_fen"),
			bad("tech above contract", with("tech_amount_fen", 999_999_999), "tech_amount_fen"),
			bad("future signing date", with("signed_on", time.Now().AddDate(0, 1, 0).Format("2006-01-02")), "signed_on"),
			bad("unknown agency", with("agency_id", 99999), "agency_id"),
			bad("agency that is not an agency", with("agency_id", p.buyer.OrgID), "agency_id"),
			bad("bad subtype", with("subtype", "委托开发"), "subtype"),
			bad("bad division", with("seller_division", "3501"), "seller_division"),
			bad("bad date", with("valid_to", "2027/01/01"), "valid_to"),
		)
		if m.count(&models.Contract{}) != 0 {
			t.Error("bad contracts stored")
		}
	})
}

func TestLargeContractsNeedASecondReviewer(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		// Joining a registration agency needs a market admin's approval.
		ms, _ := m.market.MembershipOf(m.ctx, p.reviewer2.UserID)
		m.play(t,
			step{name: "a pending reviewer registers", as: p.reviewer2, method: "POST", path: "/api/v1/contracts/1/register", want: 403, code: "membership_pending"},
			step{name: "the agency's own admin approves a reviewer", as: p.reviewer, method: "POST", path: fmt.Sprintf("/api/v1/memberships/%d/approve", ms.ID),
				want: 403, code: "market_admin_only"},
		)
		m.approve(p.admin, p.reviewer2)
		path := p.submitted(m, models.LargeContractFen)
		m.check(step{name: "a large contract registered by one reviewer", as: p.reviewer, method: "POST", path: path + "/register", want: 409, code: "needs_second_review"})
		call[contractView](m, p.reviewer, 200, "POST", path+"/approve", nil)
		m.check(step{name: "registered by the reviewer who approved it", as: p.reviewer, method: "POST", path: path + "/register", want: 409})
		call[contractView](m, p.reviewer2, 200, "POST", path+"/register", nil)
		small := p.submitted(m, 1_000_000)
		m.play(t,
			step{name: "a small contract approved", as: p.reviewer, method: "POST", path: small + "/approve", want: 409},
			step{name: "rejected on no grounds", as: p.reviewer, method: "POST", path: small + "/reject", body: map[string]any{"grounds": []string{}}, want: 422},
			step{name: "rejected on made-up grounds", as: p.reviewer, method: "POST", path: small + "/reject", body: map[string]any{"grounds": []string{"made_up"}}, want: 422},
		)
		rej := call[contractView](m, p.reviewer, 200, "POST", small+"/reject", map[string]any{"grounds": []string{"not_technology_contract", "proof_missing"}, "comment": "属于设备买卖"})
		if rej.Status != "rejected" || len(rej.RejectGrounds) != 2 {
			t.Errorf("rejected: %+v", rej.Contract)
		}
	})
}

func TestRegistrationNumbersUnderConcurrency(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		const n = 50
		paths := make([]string, n)
		for i := range paths {
			paths[i] = p.submitted(m, 1_000_000)
		}
		var wg sync.WaitGroup
		nos := make(chan string, n)
		for _, path := range paths {
			wg.Add(1)
			go func(path string) {
				defer wg.Done()
				r := m.do("POST", path+"/register", p.reviewer.Token, nil)
				if r.Status != 200 {
					t.Errorf("register: %d %s", r.Status, r.Body)
					return
				}
				var ct contractView
				if err := json.Unmarshal(r.Body, &ct); err != nil || ct.Contract == nil || ct.RegistrationNo == nil {
					t.Errorf("registered without a number: %v %s", err, r.Body)
					return
				}
				nos <- *ct.RegistrationNo
			}(path)
		}
		wg.Wait()
		close(nos)
		seen := map[string]bool{}
		for no := range nos {
			if seen[no] {
				t.Errorf("duplicate %s", no)
			}
			seen[no] = true
		}
		for i := 1; i <= n; i++ {
			no := fmt.Sprintf("%d350102%06d", time.Now().Year(), i)
			if !seen[no] {
				t.Errorf("gap: %s missing", no)
			}
		}
	})
}

func TestContractStatusTable(t *testing.T) {
	all := []models.ContractAction{models.CActConfirm, models.CActSubmit, models.CActReturn, models.CActEdit, models.CActResubmit, models.CActApprove, models.CActRegister, models.CActReject}
	allowed := map[models.ContractStatus][]models.ContractAction{
		models.ContractDraft:           {models.CActConfirm, models.CActEdit},
		models.ContractConfirmed:       {models.CActSubmit},
		models.ContractSubmitted:       {models.CActReturn, models.CActApprove, models.CActRegister, models.CActReject},
		models.ContractNeedsCorrection: {models.CActEdit, models.CActResubmit},
		models.ContractRegistered:      nil,
		models.ContractRejected:        nil,
	}
	for from, ok := range allowed {
		for _, act := range all {
			_, err := models.NextContractStatus(from, act)
			want := false
			for _, a := range ok {
				want = want || a == act
			}
			if (err == nil) != want {
				t.Errorf("%s --%s--> allowed=%v, want %v", from, act, err == nil, want)
			}
		}
	}
}

func TestTimelinesNameWhoActed(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := p.submitted(m, 1_000_000)
		call[contractView](m, p.reviewer, 200, "POST", path+"/register", map[string]any{"comment": "材料齐全"})
		call[models.Amendment](m, p.seller, 201, "POST", path+"/amendments", map[string]any{"kind": "change", "reason": "双方协商降低价款", "contract_amount_fen": 900_000, "tech_amount_fen": 800_000})

		who := map[string]string{}
		for _, e := range call[listOf[models.AuditLog]](m, p.buyer, 200, "GET", path+"/timeline", nil).Items {
			who[e.Action] = e.ActorName + "/" + e.ActorOrg
		}
		for action, want := range map[string]string{
			"contract.create": "测试seller/福州大学", "contract.register": "测试reviewer/福州市技术合同登记站",
			"contract.amendment.change": "测试seller/福州大学",
		} {
			if who[action] != want {
				t.Errorf("%s by %q, want %q (%v)", action, who[action], want, who)
			}
		}
		// The buyer's own confirmation is named too.
		if !strings.Contains(fmt.Sprint(who), "测试buyer/福耀玻璃") {
			t.Errorf("buyer's confirmation not named: %v", who)
		}

		// The agency's pending queue: theirs only, with the contract it belongs to.
		q := call[page[models.QueuedAmendment]](m, p.reviewer, 200, "GET", "/api/v1/amendments", nil)
		if len(q.Items) != 1 {
			t.Fatalf("queue %+v", q)
		}
		a := q.Items[0]
		if a.ContractTitle != "石墨烯导热膜制备技术转让合同" || a.CreatedByName != "测试seller" || a.TechFenBefore != 1_000_000 ||
			a.RegistrationNo == nil || a.Kind != "change" {
			t.Fatalf("queued amendment %+v", a)
		}
		if other := call[page[models.QueuedAmendment]](m, p.otherReviewer, 200, "GET", "/api/v1/amendments?status=all", nil); other.Total != 0 {
			t.Fatalf("another agency sees %+v", other)
		}
		m.play(t,
			step{name: "the seller reads the queue", as: p.seller, method: "GET", path: "/api/v1/amendments", want: 403},
			step{name: "the buyer reads the queue", as: p.buyer, method: "GET", path: "/api/v1/amendments", want: 403},
			step{name: "an unknown status", as: p.reviewer, method: "GET", path: "/api/v1/amendments?status=pending", want: 422},
			step{name: "the public reads the queue", method: "GET", path: "/api/v1/amendments", want: 401},
		)

		// Reviewed, it leaves the pending queue and carries the reviewer's name.
		call[models.Amendment](m, p.reviewer, 200, "POST", fmt.Sprintf("/api/v1/amendments/%d/review", a.ID), map[string]any{"register": true, "comment": "同意变更"})
		if q := call[page[models.QueuedAmendment]](m, p.reviewer, 200, "GET", "/api/v1/amendments", nil); q.Total != 0 {
			t.Fatalf("still pending: %+v", q)
		}
		list := call[listOf[models.Amendment]](m, p.seller, 200, "GET", path+"/amendments", nil)
		if len(list.Items) == 0 || list.Items[0].CreatedByName != "测试seller" || list.Items[0].ReviewedByName != "测试reviewer" {
			t.Fatalf("amendment names %+v", list)
		}
		if all := call[page[models.QueuedAmendment]](m, p.admin, 200, "GET", "/api/v1/amendments?status=registered", nil); all.Total != 1 {
			t.Fatalf("admin's view %+v", all)
		}
	})
}
