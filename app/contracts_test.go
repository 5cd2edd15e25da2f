package app

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http/httptest"
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
	for _, a := range []*account{p.seller, p.buyer, p.reviewer, p.otherReviewer} {
		m.verify(p.admin, a)
	}
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
		"agency_id": p.agency}
}

func (m *market) upload(path, token, name string, data []byte) response {
	m.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := m.app.Test(req, -1)
	if err != nil {
		m.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, b, res.Header}
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// submitted drafts, confirms, uploads and submits a contract; returns its path.
func (p *contractParties) submitted(m *market, tech int64) string {
	r := m.must(201, m.do("POST", "/api/v1/contracts", p.seller.Token, p.input(tech))).JSON(m.t)
	path := fmt.Sprintf("/api/v1/contracts/%d", int64(r["id"].(float64)))
	m.must(200, m.upload(path+"/file", p.seller.Token, "合同.pdf", pdf))
	m.must(200, m.do("POST", path+"/confirm", p.seller.Token, nil))
	m.must(200, m.do("POST", path+"/confirm", p.buyer.Token, nil))
	m.must(200, m.do("POST", path+"/submit", p.seller.Token, nil))
	return path
}

func TestContractFromDraftToRegistration(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		r := m.must(201, m.do("POST", "/api/v1/contracts", p.seller.Token, p.input(50_000_000))).JSON(t)
		path := fmt.Sprintf("/api/v1/contracts/%d", int64(r["id"].(float64)))
		// Nobody outside sees it; the agency does not see drafts.
		for _, a := range []*account{p.reviewer, p.otherReviewer} {
			m.must(404, m.do("GET", path, a.Token, nil))
		}
		m.must(409, m.do("POST", path+"/submit", p.seller.Token, nil)) // not confirmed
		if r := m.do("POST", path+"/file", p.seller.Token, nil); r.Status != 422 {
			t.Errorf("upload without a file: %d", r.Status)
		}
		if r := m.upload(path+"/file", p.seller.Token, "合同.docx", []byte("PK\x03\x04 not a pdf")); r.Status != 422 || r.errorFields(t)["file"] == nil {
			t.Errorf("non-PDF upload: %d %s", r.Status, r.Body)
		}
		if r := m.upload(path+"/file", p.seller.Token, "big.pdf", append(append([]byte{}, pdf...), make([]byte, MaxPDFBytes)...)); r.Status != 422 && r.Status != 413 {
			t.Errorf("oversized upload: %d", r.Status)
		}
		m.must(200, m.upload(path+"/file", p.seller.Token, "合同.pdf", pdf))
		m.must(403, m.upload(path+"/file", p.buyer.Token, "合同.pdf", pdf))
		m.must(200, m.do("POST", path+"/confirm", p.seller.Token, nil))
		c := m.must(200, m.do("POST", path+"/confirm", p.buyer.Token, nil)).JSON(t)
		if c["status"] != "confirmed" {
			t.Fatalf("after both confirmations: %v", c["status"])
		}
		m.must(403, m.do("POST", path+"/submit", p.buyer.Token, nil))
		m.must(200, m.do("POST", path+"/submit", p.seller.Token, nil))
		// Agency B sees nothing of agency A's queue and cannot act on it.
		if q := m.must(200, m.do("GET", "/api/v1/contracts", p.otherReviewer.Token, nil)).JSON(t); q["total"].(float64) != 0 {
			t.Errorf("other agency's queue: %v", q)
		}
		m.must(404, m.do("POST", path+"/register", p.otherReviewer.Token, nil))
		q := m.must(200, m.do("GET", "/api/v1/contracts", p.reviewer.Token, nil)).JSON(t)
		if q["total"].(float64) != 1 || q["items"].([]any)[0].(map[string]any)["deadline_working_days"].(float64) != 15 {
			t.Errorf("agency queue: %v", q)
		}
		// Return for correction, fix, resubmit, register.
		m.must(422, m.do("POST", path+"/return", p.reviewer.Token, map[string]any{"comment": ""}))
		m.must(200, m.do("POST", path+"/return", p.reviewer.Token, map[string]any{"comment": "请补充专利权属证明"}))
		m.must(409, m.do("POST", path+"/register", p.reviewer.Token, nil))
		in := p.input(50_000_000)
		in["subject"] = "专利 ZL202010000000.1 的专利权转让及技术资料交付（附权属证明）"
		m.must(200, m.do("PUT", path, p.seller.Token, in))
		m.must(200, m.do("POST", path+"/resubmit", p.seller.Token, nil))
		reg := m.must(200, m.do("POST", path+"/register", p.reviewer.Token, map[string]any{"comment": "符合登记条件"})).JSON(t)
		no, _ := reg["registration_no"].(string)
		if reg["status"] != "registered" || len(no) != 16 || !strings.HasPrefix(no, fmt.Sprint(time.Now().Year())) || no[4:10] != "350102" || no[10:] != "000001" {
			t.Fatalf("registered: %v", reg)
		}
		// Registered contracts are immutable.
		if r := m.do("PUT", path, p.seller.Token, in); r.Status != 409 || r.errorCode(t) != "immutable" {
			t.Errorf("edit after registration: %d %s", r.Status, r.Body)
		}
		m.must(409, m.upload(path+"/file", p.seller.Token, "合同.pdf", pdf))
		m.must(409, m.do("POST", path+"/reject", p.reviewer.Token, map[string]any{"grounds": []string{"unclear_terms"}}))
		cert := m.must(200, m.do("GET", path+"/certificate", p.buyer.Token, nil)).JSON(t)
		if cert["registration_no"] != no || cert["tech_amount_fen"].(float64) != 50_000_000 {
			t.Errorf("certificate: %v", cert)
		}
		timeline := m.must(200, m.do("GET", path+"/timeline", p.seller.Token, nil)).JSON(t)
		var actions []string
		for _, it := range timeline["items"].([]any) {
			actions = append(actions, it.(map[string]any)["action"].(string))
		}
		want := "contract.create contract.file contract.confirm contract.confirm contract.submit contract.return contract.edit contract.resubmit contract.register"
		if strings.Join(actions, " ") != want {
			t.Errorf("timeline:\n got %s\nwant %s", strings.Join(actions, " "), want)
		}
		m.must(404, m.do("GET", path+"/timeline", p.otherReviewer.Token, nil))
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
		cases := []struct {
			name  string
			body  any
			field string
		}{
			{"decimals beyond fen", with("contract_amount_fen", 1000.5), "contract_amount_fen"},
			{"tech above contract", with("tech_amount_fen", 999_999_999), "tech_amount_fen"},
			{"future signing date", with("signed_on", time.Now().AddDate(0, 1, 0).Format("2006-01-02")), "signed_on"},
			{"unknown agency", with("agency_id", 99999), "agency_id"},
			{"agency that is not an agency", with("agency_id", p.buyer.OrgID), "agency_id"},
			{"bad subtype", with("subtype", "委托开发"), "subtype"},
			{"bad division", with("seller_division", "3501"), "seller_division"},
			{"bad date", with("valid_to", "2027/01/01"), "valid_to"},
		}
		for _, c := range cases {
			r := m.do("POST", "/api/v1/contracts", p.seller.Token, c.body)
			if r.Status != 422 || r.errorFields(t)[c.field] == nil {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		if m.count(&models.Contract{}) != 0 {
			t.Error("bad contracts stored")
		}
	})
}

func TestLargeContractsNeedASecondReviewer(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		// Joining a registration agency needs a market admin's approval.
		if r := m.do("POST", "/api/v1/contracts/1/register", p.reviewer2.Token, nil); r.Status != 403 || r.errorCode(t) != "membership_pending" {
			t.Fatalf("pending reviewer: %d %s", r.Status, r.Body)
		}
		ms, _ := m.market.MembershipOf(m.ctx, p.reviewer2.UserID)
		if r := m.do("POST", fmt.Sprintf("/api/v1/memberships/%d/approve", ms.ID), p.reviewer.Token, nil); r.Status != 403 || r.errorCode(t) != "market_admin_only" {
			t.Fatalf("agency's own admin approves a reviewer: %d %s", r.Status, r.Body)
		}
		m.approve(p.admin, p.reviewer2)
		path := p.submitted(m, models.LargeContractFen)
		if r := m.do("POST", path+"/register", p.reviewer.Token, nil); r.Status != 409 || r.errorCode(t) != "needs_second_review" {
			t.Fatalf("large contract registered by one reviewer: %d %s", r.Status, r.Body)
		}
		m.must(200, m.do("POST", path+"/approve", p.reviewer.Token, nil))
		m.must(409, m.do("POST", path+"/register", p.reviewer.Token, nil))
		m.must(200, m.do("POST", path+"/register", p.reviewer2.Token, nil))
		small := p.submitted(m, 1_000_000)
		m.must(409, m.do("POST", small+"/approve", p.reviewer.Token, nil))
		m.must(422, m.do("POST", small+"/reject", p.reviewer.Token, map[string]any{"grounds": []string{}}))
		m.must(422, m.do("POST", small+"/reject", p.reviewer.Token, map[string]any{"grounds": []string{"made_up"}}))
		rej := m.must(200, m.do("POST", small+"/reject", p.reviewer.Token, map[string]any{"grounds": []string{"not_technology_contract", "proof_missing"}, "comment": "属于设备买卖"})).JSON(t)
		if rej["status"] != "rejected" || len(rej["reject_grounds"].([]any)) != 2 {
			t.Errorf("rejected: %v", rej)
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
				nos <- r.JSON(t)["registration_no"].(string)
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
		m.must(200, m.do("POST", path+"/register", p.reviewer.Token, map[string]any{"comment": "材料齐全"}))
		m.must(201, m.do("POST", path+"/amendments", p.seller.Token, map[string]any{"kind": "change", "reason": "双方协商降低价款", "contract_amount_fen": 900_000, "tech_amount_fen": 800_000}))

		tl := m.must(200, m.do("GET", path+"/timeline", p.buyer.Token, nil)).JSON(t)
		who := map[string]string{}
		for _, it := range tl["items"].([]any) {
			e := it.(map[string]any)
			who[e["action"].(string)] = e["actor_name"].(string) + "/" + e["actor_org"].(string)
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
		q := m.must(200, m.do("GET", "/api/v1/amendments", p.reviewer.Token, nil)).JSON(t)
		items := q["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("queue %v", q)
		}
		a := items[0].(map[string]any)
		if a["contract_title"] != "石墨烯导热膜制备技术转让合同" || a["created_by_name"] != "测试seller" || a["tech_amount_fen_before"].(float64) != 1_000_000 ||
			a["registration_no"] == nil || a["kind"] != "change" {
			t.Fatalf("queued amendment %v", a)
		}
		if other := m.must(200, m.do("GET", "/api/v1/amendments?status=all", p.otherReviewer.Token, nil)).JSON(t); other["total"].(float64) != 0 {
			t.Fatalf("another agency sees %v", other)
		}
		for _, acc := range []*account{p.seller, p.buyer} {
			if r := m.do("GET", "/api/v1/amendments", acc.Token, nil); r.Status != 403 {
				t.Fatalf("%s reads the queue: %d", acc.Username, r.Status)
			}
		}
		if r := m.do("GET", "/api/v1/amendments?status=pending", p.reviewer.Token, nil); r.Status != 422 {
			t.Fatalf("bad status: %d %s", r.Status, r.Body)
		}
		if r := m.do("GET", "/api/v1/amendments", "", nil); r.Status != 401 {
			t.Fatalf("public: %d", r.Status)
		}

		// Reviewed, it leaves the pending queue and carries the reviewer's name.
		id := int64(a["id"].(float64))
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/amendments/%d/review", id), p.reviewer.Token, map[string]any{"register": true, "comment": "同意变更"}))
		if q := m.must(200, m.do("GET", "/api/v1/amendments", p.reviewer.Token, nil)).JSON(t); q["total"].(float64) != 0 {
			t.Fatalf("still pending: %v", q)
		}
		list := m.must(200, m.do("GET", path+"/amendments", p.seller.Token, nil)).JSON(t)
		got := list["items"].([]any)[0].(map[string]any)
		if got["created_by_name"] != "测试seller" || got["reviewed_by_name"] != "测试reviewer" {
			t.Fatalf("amendment names %v", got)
		}
		all := m.must(200, m.do("GET", "/api/v1/amendments?status=registered", p.admin.Token, nil)).JSON(t)
		if all["total"].(float64) != 1 {
			t.Fatalf("admin's view %v", all)
		}
	})
}
