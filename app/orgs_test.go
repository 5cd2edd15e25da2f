package app

import (
	"net/url"
	"testing"

	"techmarket/models"
)

func TestOrgSearchForContractParties(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		m.signUp("pending", models.RoleDemander, "福耀汽车配件（未认证）")
		r := m.must(200, m.do("GET", "/api/v1/orgs?q="+url.QueryEscape("福耀"), p.seller.Token, nil)).JSON(t)
		items := r["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("want only the verified 福耀玻璃: %v", r)
		}
		o := items[0].(map[string]any)
		if o["id"].(float64) != float64(p.buyer.OrgID) || o["name"] != "福耀玻璃" || o["region"] != "350102" {
			t.Fatalf("org %v", o)
		}
		for _, private := range []string{"reject_reason", "verified_at", "created_at"} {
			if _, ok := o[private]; ok {
				t.Errorf("search leaks %s: %v", private, o)
			}
		}
		// By type: the agency, not the university with a similar word.
		r = m.must(200, m.do("GET", "/api/v1/orgs?type=agency&q="+url.QueryEscape("登记站"), p.seller.Token, nil)).JSON(t)
		if r["total"].(float64) != 2 {
			t.Fatalf("agencies %v", r)
		}
		// A LIKE wildcard is a plain character.
		if r := m.must(200, m.do("GET", "/api/v1/orgs?q=%25", p.seller.Token, nil)).JSON(t); r["total"].(float64) != 0 {
			t.Fatalf("%% matched everything: %v", r)
		}
		for _, bad := range []string{"/api/v1/orgs", "/api/v1/orgs?q=+", "/api/v1/orgs?q=a&type=planet", "/api/v1/orgs?q=a&size=50", "/api/v1/orgs?q=a&page=0"} {
			if r := m.do("GET", bad, p.seller.Token, nil); r.Status != 422 {
				t.Errorf("%s: %d %s", bad, r.Status, r.Body)
			} else {
				r.errorCode(t)
			}
		}
		if r := m.do("GET", "/api/v1/orgs?q="+url.QueryEscape("福耀"), "", nil); r.Status != 401 {
			t.Fatalf("public search: %d", r.Status)
		}
	})
}
