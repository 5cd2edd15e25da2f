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
		draft := call[models.Achievement](m, fzu, 201, "POST", "/api/v1/achievements", body)
		draftPath := fmt.Sprintf("/api/v1/achievements/%d", draft.ID)

		stranger := m.signUp("stranger", models.RoleSupplier, "福州大学")
		if stranger.OrgID != fzu.OrgID {
			t.Fatalf("joined organisation %d, want %d", stranger.OrgID, fzu.OrgID)
		}
		me := call[models.Me](m, stranger, 200, "GET", "/api/v1/me", nil)
		if ms := me.Membership; ms.Status != "pending" || ms.OrgRole != "member" {
			t.Errorf("membership: %+v", ms)
		}
		if org := me.Org; org.CreditCode != nil || org.Name != "福州大学" {
			t.Errorf("a pending member sees the organisation's private data: %+v", org)
		}
		// Nothing of the organisation, nothing in its name.
		for _, p := range []string{draftPath, draftPath + "/confidential"} {
			if r := m.check(step{name: "reads the draft", as: stranger, method: "GET", path: p, want: 404}); strings.Contains(string(r.Body), "850℃") {
				t.Errorf("GET %s: %s", p, r.Body)
			}
		}
		ms, _ := m.market.MembershipOf(m.ctx, stranger.UserID)
		approve := fmt.Sprintf("/api/v1/memberships/%d/approve", ms.ID)
		pending := func(name, method, path string, body any) step {
			return step{name: name, as: stranger, method: method, path: path, body: body, want: 403, code: "membership_pending"}
		}
		m.play(t,
			pending("reads the organisation's listings", "GET", "/api/v1/my/achievements", nil),
			pending("reads its contracts", "GET", "/api/v1/contracts", nil),
			pending("reads its deals", "GET", "/api/v1/my/deals", nil),
			pending("reads its proposals", "GET", "/api/v1/my/proposals", nil),
			pending("reads its members", "GET", fmt.Sprintf("/api/v1/orgs/%d/members", fzu.OrgID), nil),
			pending("publishes in its name", "POST", "/api/v1/achievements", achievementBody("陌生人以机构名义发布")),
			pending("rewrites its draft", "PUT", draftPath, achievementBody("陌生人改写草稿标题")),
			pending("submits its draft", "POST", draftPath+"/submit", nil),
			step{name: "approves itself", as: stranger, method: "POST", path: approve, want: 403},
		)
		var n int64
		m.db.Model(&models.Achievement{}).Count(&n)
		if n != 1 {
			t.Fatalf("%d achievements after refused writes", n)
		}

		// The organisation's admin sees the request, with what may be done.
		list := call[page[models.Member]](m, fzu, 200, "GET", fmt.Sprintf("/api/v1/orgs/%d/members?status=pending", fzu.OrgID), nil)
		if len(list.Items) != 1 || fmt.Sprint(list.Items[0].Actions) != "[approve refuse]" {
			t.Fatalf("pending members: %+v", list)
		}
		call[models.Membership](m, fzu, 200, "POST", approve, membershipNote{Note: "欢迎加入科技处"})
		m.check(step{name: "approved twice", as: fzu, method: "POST", path: approve, want: 409})
		call[models.Achievement](m, stranger, 201, "POST", "/api/v1/achievements", achievementBody("新成员发布的成果草稿"))
		notes := m.expect(stranger, 200, "GET", "/api/v1/notifications", nil)
		if !strings.Contains(string(notes.Body), "已获批准") {
			t.Errorf("approval not notified: %s", notes.Body)
		}

		// Suspension stops the member's tokens at once; logging in again
		// leaves a person of no organisation.
		if got := call[models.Membership](m, fzu, 200, "POST", fmt.Sprintf("/api/v1/memberships/%d/suspend", ms.ID), nil); got.Status != "suspended" {
			t.Errorf("suspended: %+v", got)
		}
		m.check(step{name: "a suspended member's token", as: stranger, method: "GET", path: "/api/v1/me", want: 401, code: "token_revoked"})
		m.login(stranger)
		m.check(step{name: "a suspended member", as: stranger, method: "GET", path: "/api/v1/my/achievements", want: 403, code: "membership_suspended"})
		call[models.Membership](m, fzu, 200, "POST", fmt.Sprintf("/api/v1/memberships/%d/reinstate", ms.ID), nil)
		call[page[models.Achievement]](m, stranger, 200, "GET", "/api/v1/my/achievements", nil)

		// Handing over the admin role: the former admin becomes a member.
		call[models.Membership](m, fzu, 200, "POST", fmt.Sprintf("/api/v1/memberships/%d/make-admin", ms.ID), nil)
		m.check(step{name: "the former admin's token", as: fzu, method: "GET", path: "/api/v1/me", want: 401})
		m.login(fzu)
		m.login(stranger)
		mine, _ := m.market.MembershipOf(m.ctx, fzu.UserID)
		m.check(step{name: "the former admin suspends", as: fzu, method: "POST", path: fmt.Sprintf("/api/v1/memberships/%d/suspend", ms.ID), want: 403})
		call[models.Membership](m, stranger, 200, "POST", fmt.Sprintf("/api/v1/memberships/%d/suspend", mine.ID), nil)

		// Another organisation's admin reaches none of it.
		rival := m.signUp("rival", models.RoleSupplier, "厦门大学")
		m.play(t,
			step{name: "another admin reinstates", as: rival, method: "POST", path: fmt.Sprintf("/api/v1/memberships/%d/reinstate", mine.ID), want: 404, code: "membership_not_found"},
			step{name: "another admin reads the members", as: rival, method: "GET", path: fmt.Sprintf("/api/v1/orgs/%d/members", fzu.OrgID), want: 403},
		)

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
		review := models.ReviewInput{Comment: "陌生人审查", Grounds: []string{"not_technology"}}
		var steps []step
		for _, tc := range []struct{ method, path string }{
			{"GET", "/api/v1/contracts"}, {"GET", path}, {"GET", path + "/file"}, {"GET", "/api/v1/amendments"},
			{"POST", path + "/register"}, {"POST", path + "/return"}, {"POST", path + "/reject"},
		} {
			steps = append(steps, step{name: "pending reviewer " + tc.method + " " + tc.path, as: stranger, method: tc.method, path: tc.path,
				body: review, want: 403, code: "membership_pending"})
		}
		ms, _ := m.market.MembershipOf(m.ctx, stranger.UserID)
		approve := fmt.Sprintf("/api/v1/memberships/%d/approve", ms.ID)
		m.play(t, append(steps, step{name: "the agency's admin approves", as: p.reviewer, method: "POST", path: approve, want: 403, code: "market_admin_only"})...)
		// reviewer2 of contractSetup waits too.
		if queue := call[page[models.Member]](m, p.admin, 200, "GET", "/api/v1/admin/memberships?org_type=agency", nil); queue.Total != 2 {
			t.Fatalf("market admin's queue: %+v", queue)
		}
		call[models.Membership](m, p.admin, 200, "POST", approve, nil)
		if got := call[page[contractView]](m, stranger, 200, "GET", "/api/v1/contracts", nil); got.Total != 1 {
			t.Errorf("approved reviewer's queue: %+v", got)
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
		m.must(403, m.uploadForm(path, b.Token, "l.pdf", pdf, map[string]string{"credit_code": code, "legal_rep": "张三"})) // another organisation's
		if o, _ := m.market.FindOrg(m.ctx, a.OrgID); o.CreditCode != nil || o.VerificationRequestedAt != nil {
			t.Fatalf("a refused request changed the organisation: %+v", o)
		}
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
		got := decoded[models.Organization](t, m.must(200, m.uploadForm(path, a.Token, "执照.png", png, map[string]string{"credit_code": strings.ToLower(code), "legal_rep": "张三"})))
		if got.CreditCode == nil || *got.CreditCode != code || got.LicenceType != "image/png" {
			t.Errorf("request: %+v", got)
		}
		// No two organisations share a code.
		r := m.uploadForm(fmt.Sprintf("/api/v1/orgs/%d/verification", b.OrgID), b.Token, "l.pdf", pdf, map[string]string{"credit_code": code, "legal_rep": "李四"})
		if r.Status != 422 || r.errorFields(t)["credit_code"] == nil {
			t.Errorf("shared credit code: %d %s", r.Status, r.Body)
		}
		// The admin's queue shows the evidence; the licence downloads for the
		// organisation and the admin only.
		queue := call[page[models.Organization]](m, admin, 200, "GET", "/api/v1/admin/orgs?status=pending", nil)
		evidence := false
		for _, o := range queue.Items {
			evidence = evidence || o.ID == a.OrgID && o.CreditCode != nil && *o.CreditCode == code && o.LegalRep == "张三"
		}
		if !evidence {
			t.Errorf("queue lacks the evidence: %+v", queue)
		}
		// The queue says where verifying is possible: only with the evidence in.
		for _, o := range queue.Items {
			want := map[int64]string{a.OrgID: "[manage_members verify reject]", b.OrgID: "[manage_members reject]"}[o.ID]
			if got := fmt.Sprint(o.Actions); want != "" && got != want {
				t.Errorf("queue actions of %v: %s, want %s", o.Name, got, want)
			}
		}
		licence := fmt.Sprintf("/api/v1/orgs/%d/licence", a.OrgID)
		if r := m.expect(admin, 200, "GET", licence, nil); r.Header.Get("Content-Type") != "image/png" {
			t.Errorf("admin downloads the licence: %v", r.Header)
		}
		m.play(t,
			step{name: "the organisation downloads its licence", as: a, method: "GET", path: licence, want: 200},
			step{name: "another organisation does not find it", as: b, method: "GET", path: licence, want: 404},
		)
		call[models.Organization](m, admin, 200, "POST", fmt.Sprintf("/api/v1/admin/orgs/%d/verify", a.OrgID), nil)
	})
}
