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
		pending := m.must(200, m.do("GET", "/api/v1/admin/orgs?status=pending", admin.Token, nil)).JSON(t)
		if pending["total"].(float64) != 2 {
			t.Fatalf("pending orgs: %v", pending)
		}
		verify := "/api/v1/admin/orgs/" + strconv.FormatInt(sup.OrgID, 10) + "/verify"
		if r := m.do("POST", verify, admin.Token, nil); r.Status != 409 || r.errorCode(t) != "verification_incomplete" {
			t.Errorf("verified without evidence: %d %s", r.Status, r.Body)
		}
		m.requestVerification(sup)
		org := m.must(200, m.do("POST", verify, admin.Token, nil)).JSON(t)
		if org["status"] != "verified" || org["verified_at"] == nil {
			t.Errorf("verified org: %v", org)
		}
		me := m.must(200, m.do("GET", "/api/v1/me", sup.Token, nil)).JSON(t)
		if me["org"].(map[string]any)["status"] != "verified" {
			t.Error("member does not see the verification")
		}
		path := "/api/v1/admin/orgs/" + strconv.FormatInt(dem.OrgID, 10) + "/reject"
		r := m.do("POST", path, admin.Token, map[string]string{"reason": " "})
		if r.Status != 422 || r.errorFields(t)["reason"] == nil {
			t.Errorf("empty reason: %d %s", r.Status, r.Body)
		}
		org = m.must(200, m.do("POST", path, admin.Token, map[string]string{"reason": "营业执照与机构名称不符"})).JSON(t)
		if org["status"] != "rejected" || org["reject_reason"] != "营业执照与机构名称不符" {
			t.Errorf("rejected org: %v", org)
		}
		var logs int64
		m.db.Model(&models.AuditLog{}).Where("entity = ? AND actor_id = ?", "organization", admin.UserID).Count(&logs)
		if logs != 2 {
			t.Errorf("%d audit rows, want 2", logs)
		}
		m.must(404, m.do("POST", "/api/v1/admin/orgs/99999/verify", admin.Token, nil))
		m.must(400, m.do("POST", "/api/v1/admin/orgs/abc/verify", admin.Token, nil))
		m.must(422, m.do("GET", "/api/v1/admin/orgs?status=bogus", admin.Token, nil))
		m.must(422, m.do("GET", "/api/v1/admin/orgs?size=1000", admin.Token, nil))
		m.must(422, m.do("GET", "/api/v1/admin/orgs?page=-1", admin.Token, nil))
		found := m.must(200, m.do("GET", "/api/v1/admin/orgs?q=农林", admin.Token, nil)).JSON(t)
		if found["total"].(float64) != 1 {
			t.Errorf("search by name: %v", found)
		}
		found = m.must(200, m.do("GET", "/api/v1/admin/orgs?q=%25", admin.Token, nil)).JSON(t)
		if found["total"].(float64) != 0 {
			t.Errorf("%% must match literally: %v", found)
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
		for _, c := range calls {
			if r := m.do(c[0], c[1], sup.Token, map[string]string{"reason": "x"}); r.Status != 403 || r.errorCode(t) != "forbidden" {
				t.Errorf("supplier %s %s: %d %s", c[0], c[1], r.Status, r.Body)
			}
			if r := m.do(c[0], c[1], "", map[string]string{"reason": "x"}); r.Status != 401 {
				t.Errorf("public %s %s: %d", c[0], c[1], r.Status)
			}
		}
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
		m.must(200, m.do("POST", "/api/v1/admin/orgs/"+strconv.FormatInt(b.OrgID, 10)+"/reject", admin.Token, map[string]string{"reason": "材料不全"}))
		bOrg := "/api/v1/orgs/" + strconv.FormatInt(b.OrgID, 10)
		r := m.do("GET", bOrg+"/members", a.Token, nil)
		if r.Status != 403 || r.errorCode(t) != "not_your_org" {
			t.Errorf("A reads B's members: %d %s", r.Status, r.Body)
		}
		m.must(401, m.do("GET", bOrg+"/members", "", nil))
		members := m.must(200, m.do("GET", bOrg+"/members", b.Token, nil)).JSON(t)
		if members["total"].(float64) != 1 || strings.Contains(string(m.do("GET", bOrg+"/members", b.Token, nil).Body), "password") {
			t.Errorf("own members: %v", members)
		}
		m.must(200, m.do("GET", bOrg+"/members", admin.Token, nil))
		// The public profile leaves out the private fields.
		for _, tok := range []string{"", a.Token} {
			pub := m.must(200, m.do("GET", bOrg, tok, nil)).JSON(t)
			if _, leaked := pub["reject_reason"]; leaked || pub["name"] != "福建星网锐捷" {
				t.Errorf("public org view: %v", pub)
			}
		}
		own := m.must(200, m.do("GET", bOrg, b.Token, nil)).JSON(t)
		if own["reject_reason"] != "材料不全" {
			t.Errorf("own org view: %v", own)
		}
	})
}

func TestDisabledUserIsShutOut(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		u := m.signUp("mallory", models.RoleDemander, "某公司")
		path := "/api/v1/admin/users/" + strconv.FormatInt(u.UserID, 10)
		m.must(200, m.do("POST", path+"/disable", admin.Token, nil))
		if r := m.do("GET", "/api/v1/me", u.Token, nil); r.Status != 403 || r.errorCode(t) != "user_disabled" {
			t.Errorf("disabled user's token: %d %s", r.Status, r.Body)
		}
		m.must(401, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": u.Refresh}))
		if r := m.do("POST", "/api/v1/auth/login", "", map[string]string{"username": u.Username, "password": u.Password}); r.Status != 403 {
			t.Errorf("disabled login: %d", r.Status)
		}
		m.must(422, m.do("POST", "/api/v1/admin/users/"+strconv.FormatInt(admin.UserID, 10)+"/disable", admin.Token, nil))
		m.must(200, m.do("POST", path+"/enable", admin.Token, nil))
		m.login(u)
		users := m.must(200, m.do("GET", "/api/v1/admin/users?q=mallory", admin.Token, nil)).JSON(t)
		if users["total"].(float64) != 1 {
			t.Errorf("user search: %v", users)
		}
	})
}
