package app

import (
	"strconv"
	"strings"
	"testing"

	"techmarket/models"
)

func TestAdminVerifiesAndRejectsOrganisations(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福建农林大学")
		dem := m.signUp("boss", models.RoleDemander, "福州某科技有限公司")
		if pending := call[page[models.Organization]](m, admin, 200, "GET", "/api/v1/admin/orgs?status=pending", nil); pending.Total != 2 {
			t.Fatalf("pending orgs: %+v", pending)
		}
		verify := "/api/v1/admin/orgs/" + strconv.FormatInt(sup.OrgID, 10) + "/verify"
		m.check(step{name: "verified without evidence", as: admin, method: "POST", path: verify, want: 409, code: "verification_incomplete"})
		m.requestVerification(sup)
		if org := call[models.Organization](m, admin, 200, "POST", verify, nil); org.Status != "verified" || org.VerifiedAt == nil {
			t.Errorf("verified org: %+v", org)
		}
		if me := call[models.Me](m, sup, 200, "GET", "/api/v1/me", nil); me.Org.Status != "verified" {
			t.Error("member does not see the verification")
		}
		path := "/api/v1/admin/orgs/" + strconv.FormatInt(dem.OrgID, 10) + "/reject"
		m.check(step{name: "empty reason", as: admin, method: "POST", path: path, body: rejection{Reason: " "}, want: 422, field: "reason"})
		org := call[models.Organization](m, admin, 200, "POST", path, rejection{Reason: "营业执照与机构名称不符"})
		if org.Status != "rejected" || org.RejectReason != "营业执照与机构名称不符" {
			t.Errorf("rejected org: %+v", org)
		}
		var logs int64
		m.db.Model(&models.AuditLog{}).Where("entity = ? AND actor_id = ?", "organization", admin.UserID).Count(&logs)
		if logs != 2 {
			t.Errorf("%d audit rows, want 2", logs)
		}
		m.play(t,
			step{name: "an unknown organisation", as: admin, method: "POST", path: "/api/v1/admin/orgs/99999/verify", want: 404, code: "org_not_found"},
			step{name: "an id that is not a number", as: admin, method: "POST", path: "/api/v1/admin/orgs/abc/verify", want: 400},
			step{name: "an unknown status", as: admin, method: "GET", path: "/api/v1/admin/orgs?status=bogus", want: 422},
			step{name: "a page too large", as: admin, method: "GET", path: "/api/v1/admin/orgs?size=1000", want: 422},
			step{name: "a negative page", as: admin, method: "GET", path: "/api/v1/admin/orgs?page=-1", want: 422},
		)
		if found := call[page[models.Organization]](m, admin, 200, "GET", "/api/v1/admin/orgs?q=农林", nil); found.Total != 1 {
			t.Errorf("search by name: %+v", found)
		}
		if found := call[page[models.Organization]](m, admin, 200, "GET", "/api/v1/admin/orgs?q=%25", nil); found.Total != 0 {
			t.Errorf("%% must match literally: %+v", found)
		}
	})
}

func TestOnlyAdminsReachAdminEndpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		other := m.signUp("boss", models.RoleDemander, "福建星网锐捷")
		id := strconv.FormatInt(other.OrgID, 10)
		uid := strconv.FormatInt(other.UserID, 10)
		calls := [][2]string{
			{"GET", "/api/v1/admin/orgs"},
			{"POST", "/api/v1/admin/orgs/" + id + "/verify"},
			{"POST", "/api/v1/admin/orgs/" + id + "/reject"},
			{"GET", "/api/v1/admin/users"},
			{"POST", "/api/v1/admin/users/" + uid + "/disable"},
			{"POST", "/api/v1/admin/users/" + uid + "/enable"},
		}
		var steps []step
		for _, c := range calls {
			body := rejection{Reason: "x"}
			steps = append(steps,
				step{name: "supplier " + c[0] + " " + c[1], as: sup, method: c[0], path: c[1], body: body, want: 403, code: "forbidden"},
				step{name: "public " + c[0] + " " + c[1], method: c[0], path: c[1], body: body, want: 401})
		}
		m.play(t, steps...)
		var o models.Organization
		m.db.First(&o, other.OrgID)
		if o.Status != models.OrgPending {
			t.Errorf("refused calls changed the org: %s", o.Status)
		}
	})
}

func TestOrganisationPrivateDataStaysInside(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		a := m.signUp("alice", models.RoleSupplier, "福州大学")
		b := m.signUp("bob", models.RoleDemander, "福建星网锐捷")
		call[models.Organization](m, admin, 200, "POST", "/api/v1/admin/orgs/"+strconv.FormatInt(b.OrgID, 10)+"/reject", rejection{Reason: "材料不全"})
		bOrg := "/api/v1/orgs/" + strconv.FormatInt(b.OrgID, 10)
		m.play(t,
			step{name: "A reads B's members", as: a, method: "GET", path: bOrg + "/members", want: 403, code: "not_your_org"},
			step{name: "the public reads B's members", method: "GET", path: bOrg + "/members", want: 401},
		)
		raw := m.expect(b, 200, "GET", bOrg+"/members", nil)
		if members := decoded[page[models.Member]](t, raw); members.Total != 1 || strings.Contains(string(raw.Body), "password") {
			t.Errorf("own members: %s", raw.Body)
		}
		call[page[models.Member]](m, admin, 200, "GET", bOrg+"/members", nil)
		// The public profile leaves out the private fields.
		for _, who := range []*account{nil, a} {
			pub := m.expect(who, 200, "GET", bOrg, nil)
			if o := decoded[models.Organization](t, pub); strings.Contains(string(pub.Body), `"reject_reason"`) || o.Name != "福建星网锐捷" {
				t.Errorf("public org view: %s", pub.Body)
			}
		}
		if own := call[models.Organization](m, b, 200, "GET", bOrg, nil); own.RejectReason != "材料不全" {
			t.Errorf("own org view: %+v", own)
		}
	})
}

func TestDisabledUserIsShutOut(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		u := m.signUp("mallory", models.RoleDemander, "某公司")
		path := "/api/v1/admin/users/" + strconv.FormatInt(u.UserID, 10)
		if got := call[models.User](m, admin, 200, "POST", path+"/disable", nil); !got.Disabled {
			t.Errorf("disabled user: %+v", got)
		}
		m.play(t,
			step{name: "a disabled user's token", as: u, method: "GET", path: "/api/v1/me", want: 403, code: "user_disabled"},
			step{name: "a disabled user's refresh", method: "POST", path: "/api/v1/auth/refresh", body: refreshBody{u.Refresh}, want: 401},
			step{name: "a disabled user's login", method: "POST", path: "/api/v1/auth/login", body: credentials{u.Username, u.Password}, want: 403},
			step{name: "an admin may not disable themself", as: admin, method: "POST", path: "/api/v1/admin/users/" + strconv.FormatInt(admin.UserID, 10) + "/disable", want: 422},
		)
		call[models.User](m, admin, 200, "POST", path+"/enable", nil)
		m.login(u)
		if users := call[page[models.User]](m, admin, 200, "GET", "/api/v1/admin/users?q=mallory", nil); users.Total != 1 {
			t.Errorf("user search: %+v", users)
		}
	})
}
