package app

import (
	"fmt"
	"strings"
	"testing"

	"techmarket/models"
)

// The scenario of the trust issue: a stranger who registers naming an
// existing, verified organisation only asks to join. Until approved, the
// stranger sees nothing of the organisation and can do nothing in its name.
func TestJoiningAnOrganisationWaitsForItsAdmin(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		fzu := m.signUp("fzu", models.RoleSupplier, "福州大学")
		m.verify(admin, fzu)
		body := achievementBody("钠离子电池正极材料中试工艺")
		body["confidential_detail"] = "烧结曲线：850℃ 保温 12 小时"
		draft := m.must(201, m.do("POST", "/api/v1/achievements", fzu.Token, body)).JSON(t)
		draftPath := fmt.Sprintf("/api/v1/achievements/%d", int64(draft["id"].(float64)))

		stranger := m.signUp("stranger", models.RoleSupplier, "福州大学")
		if stranger.OrgID != fzu.OrgID {
			t.Fatalf("joined organisation %d, want %d", stranger.OrgID, fzu.OrgID)
		}
		me := m.must(200, m.do("GET", "/api/v1/me", stranger.Token, nil)).JSON(t)
		if ms := me["membership"].(map[string]any); ms["status"] != "pending" || ms["org_role"] != "member" {
			t.Errorf("membership: %v", ms)
		}
		if org := me["org"].(map[string]any); org["credit_code"] != nil || org["name"] != "福州大学" {
			t.Errorf("a pending member sees the organisation's private data: %v", org)
		}
		// Nothing of the organisation, nothing in its name.
		for _, tc := range []struct{ method, path string }{
			{"GET", draftPath}, {"GET", draftPath + "/confidential"},
		} {
			if r := m.do(tc.method, tc.path, stranger.Token, nil); r.Status != 404 || strings.Contains(string(r.Body), "850℃") {
				t.Errorf("%s %s: %d %s", tc.method, tc.path, r.Status, r.Body)
			}
		}
		for _, tc := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/v1/my/achievements", nil},
			{"GET", "/api/v1/contracts", nil},
			{"GET", "/api/v1/my/deals", nil},
			{"GET", "/api/v1/my/proposals", nil},
			{"GET", fmt.Sprintf("/api/v1/orgs/%d/members", fzu.OrgID), nil},
			{"POST", "/api/v1/achievements", achievementBody("陌生人以机构名义发布")},
			{"PUT", draftPath, achievementBody("陌生人改写草稿标题")},
			{"POST", draftPath + "/submit", nil},
		} {
			if r := m.do(tc.method, tc.path, stranger.Token, tc.body); r.Status != 403 || r.errorCode(t) != "membership_pending" {
				t.Errorf("pending member %s %s: %d %s", tc.method, tc.path, r.Status, r.Body)
			}
		}
		ms, _ := m.market.MembershipOf(m.ctx, stranger.UserID)
		approve := fmt.Sprintf("/api/v1/memberships/%d/approve", ms.ID)
		m.must(403, m.do("POST", approve, stranger.Token, nil))
		var n int64
		m.db.Model(&models.Achievement{}).Count(&n)
		if n != 1 {
			t.Fatalf("%d achievements after refused writes", n)
		}

		// The organisation's admin sees the request, with what may be done.
		list := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/orgs/%d/members?status=pending", fzu.OrgID), fzu.Token, nil)).JSON(t)
		items := list["items"].([]any)
		if len(items) != 1 || fmt.Sprint(items[0].(map[string]any)["actions"]) != "[approve refuse]" {
			t.Fatalf("pending members: %v", list)
		}
		m.must(200, m.do("POST", approve, fzu.Token, map[string]string{"note": "欢迎加入科技处"}))
		m.must(409, m.do("POST", approve, fzu.Token, nil))
		m.must(201, m.do("POST", "/api/v1/achievements", stranger.Token, achievementBody("新成员发布的成果草稿")))
		notes := string(m.do("GET", "/api/v1/notifications", stranger.Token, nil).Body)
		if !strings.Contains(notes, "已获批准") {
			t.Errorf("approval not notified: %s", notes)
		}

		// Suspension stops the member's tokens at once; logging in again
		// leaves a person of no organisation.
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/memberships/%d/suspend", ms.ID), fzu.Token, nil))
		if r := m.do("GET", "/api/v1/me", stranger.Token, nil); r.Status != 401 || r.errorCode(t) != "token_revoked" {
			t.Errorf("suspended member's token: %d %s", r.Status, r.Body)
		}
		m.login(stranger)
		if r := m.do("GET", "/api/v1/my/achievements", stranger.Token, nil); r.Status != 403 || r.errorCode(t) != "membership_suspended" {
			t.Errorf("suspended member: %d %s", r.Status, r.Body)
		}
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/memberships/%d/reinstate", ms.ID), fzu.Token, nil))
		m.must(200, m.do("GET", "/api/v1/my/achievements", stranger.Token, nil))

		// Handing over the admin role: the former admin becomes a member.
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/memberships/%d/make-admin", ms.ID), fzu.Token, nil))
		m.must(401, m.do("GET", "/api/v1/me", fzu.Token, nil))
		m.login(fzu)
		m.login(stranger)
		mine, _ := m.market.MembershipOf(m.ctx, fzu.UserID)
		m.must(403, m.do("POST", fmt.Sprintf("/api/v1/memberships/%d/suspend", ms.ID), fzu.Token, nil))
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/memberships/%d/suspend", mine.ID), stranger.Token, nil))

		// Another organisation's admin reaches none of it.
		rival := m.signUp("rival", models.RoleSupplier, "厦门大学")
		m.must(404, m.do("POST", fmt.Sprintf("/api/v1/memberships/%d/reinstate", mine.ID), rival.Token, nil))
		m.must(403, m.do("GET", fmt.Sprintf("/api/v1/orgs/%d/members", fzu.OrgID), rival.Token, nil))

		var audits int64
		m.db.Model(&models.AuditLog{}).Where("entity = ?", "membership").Count(&audits)
		if audits != 5 {
			t.Errorf("%d membership audit entries, want 5", audits)
		}
	})
}

// A registration agency's members issue official registration numbers: only
// a market admin approves them, and until then the agency's queue, its
// contracts and its register are closed to them.
func TestAgencyMembersAreApprovedByTheMarketAdmin(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := p.submitted(m, 1_000_000)
		stranger := m.signUp("stranger", models.RoleReviewer, "福州市技术合同登记站")
		for _, tc := range []struct{ method, path string }{
			{"GET", "/api/v1/contracts"}, {"GET", path}, {"GET", path + "/file"}, {"GET", "/api/v1/amendments"},
			{"POST", path + "/register"}, {"POST", path + "/return"}, {"POST", path + "/reject"},
		} {
			r := m.do(tc.method, tc.path, stranger.Token, map[string]any{"comment": "陌生人审查", "grounds": []string{"not_technology"}})
			if r.Status != 403 || r.errorCode(t) != "membership_pending" {
				t.Errorf("pending reviewer %s %s: %d %s", tc.method, tc.path, r.Status, r.Body)
			}
		}
		ms, _ := m.market.MembershipOf(m.ctx, stranger.UserID)
		approve := fmt.Sprintf("/api/v1/memberships/%d/approve", ms.ID)
		if r := m.do("POST", approve, p.reviewer.Token, nil); r.Status != 403 || r.errorCode(t) != "market_admin_only" {
			t.Errorf("agency admin approves: %d %s", r.Status, r.Body)
		}
		// reviewer2 of contractSetup waits too.
		queue := m.must(200, m.do("GET", "/api/v1/admin/memberships?org_type=agency", p.admin.Token, nil)).JSON(t)
		if queue["total"].(float64) != 2 {
			t.Fatalf("market admin's queue: %v", queue)
		}
		m.must(200, m.do("POST", approve, p.admin.Token, nil))
		if got := m.must(200, m.do("GET", "/api/v1/contracts", stranger.Token, nil)).JSON(t); got["total"].(float64) != 1 {
			t.Errorf("approved reviewer's queue: %v", got)
		}
	})
}

// Verification needs its evidence: a credit code with the right check
// character, unique to the organisation, the legal representative and a
// licence that is a PDF or an image by its content.
func TestVerificationRequestWithEvidence(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		a := m.signUp("boss", models.RoleDemander, "福州某科技有限公司")
		b := m.signUp("other", models.RoleDemander, "泉州某科技有限公司")
		path := fmt.Sprintf("/api/v1/orgs/%d/verification", a.OrgID)
		code := testCreditCode(a.OrgID)
		bad := code[:17] + map[bool]string{true: "1", false: "2"}[code[17] != '1']
		pdf := []byte("%PDF-1.4 licence")
		for _, tc := range []struct {
			name   string
			file   string
			data   []byte
			fields map[string]string
			field  string
		}{
			{"wrong check character", "l.pdf", pdf, map[string]string{"credit_code": bad, "legal_rep": "张三"}, "credit_code"},
			{"17 characters", "l.pdf", pdf, map[string]string{"credit_code": code[:17], "legal_rep": "张三"}, "credit_code"},
			{"no legal representative", "l.pdf", pdf, map[string]string{"credit_code": code}, "legal_rep"},
			{"no licence", "", nil, map[string]string{"credit_code": code, "legal_rep": "张三"}, "file"},
			{"licence not a PDF or image", "l.pdf", []byte("MZ\x90\x00 not a licence"), map[string]string{"credit_code": code, "legal_rep": "张三"}, "file"},
		} {
			r := m.uploadForm(path, a.Token, tc.file, tc.data, tc.fields)
			if r.Status != 422 || r.errorFields(t)[tc.field] == nil {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
			}
		}
		m.must(403, m.uploadForm(path, b.Token, "l.pdf", pdf, map[string]string{"credit_code": code, "legal_rep": "张三"}))
		if o, _ := m.market.FindOrg(m.ctx, a.OrgID); o.CreditCode != nil || o.VerificationRequestedAt != nil {
			t.Fatalf("a refused request changed the organisation: %+v", o)
		}
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
		got := m.must(200, m.uploadForm(path, a.Token, "执照.png", png, map[string]string{"credit_code": strings.ToLower(code), "legal_rep": "张三"})).JSON(t)
		if got["credit_code"] != code || got["licence_type"] != "image/png" {
			t.Errorf("request: %v", got)
		}
		// No two organisations share a code.
		r := m.uploadForm(fmt.Sprintf("/api/v1/orgs/%d/verification", b.OrgID), b.Token, "l.pdf", pdf, map[string]string{"credit_code": code, "legal_rep": "李四"})
		if r.Status != 422 || r.errorFields(t)["credit_code"] == nil {
			t.Errorf("shared credit code: %d %s", r.Status, r.Body)
		}
		// The admin's queue shows the evidence; the licence downloads for the
		// organisation and the admin only.
		queue := string(m.must(200, m.do("GET", "/api/v1/admin/orgs?status=pending", admin.Token, nil)).Body)
		if !strings.Contains(queue, code) || !strings.Contains(queue, "张三") {
			t.Errorf("queue lacks the evidence: %s", queue)
		}
		// The queue says where verifying is possible: only with the evidence in.
		for _, it := range m.must(200, m.do("GET", "/api/v1/admin/orgs?status=pending", admin.Token, nil)).JSON(t)["items"].([]any) {
			o := it.(map[string]any)
			want := map[float64]string{float64(a.OrgID): "[manage_members verify reject]", float64(b.OrgID): "[manage_members reject]"}[o["id"].(float64)]
			if got := fmt.Sprint(o["actions"]); want != "" && got != want {
				t.Errorf("queue actions of %v: %s, want %s", o["name"], got, want)
			}
		}
		licence := fmt.Sprintf("/api/v1/orgs/%d/licence", a.OrgID)
		if r := m.do("GET", licence, admin.Token, nil); r.Status != 200 || r.Header.Get("Content-Type") != "image/png" {
			t.Errorf("admin downloads the licence: %d %v", r.Status, r.Header)
		}
		m.must(200, m.do("GET", licence, a.Token, nil))
		m.must(404, m.do("GET", licence, b.Token, nil))
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/admin/orgs/%d/verify", a.OrgID), admin.Token, nil))
	})
}
