package app

import (
	"net/url"
	"strings"
	"testing"

	"techmarket/models"
)

func TestOrgSearchForContractParties(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		m.signUp("pending", models.RoleDemander, "福耀汽车配件（未认证）")
		raw := m.expect(p.seller, 200, "GET", "/api/v1/orgs?q="+url.QueryEscape("福耀"), nil)
		r := decoded[page[publicOrg]](t, raw)
		if len(r.Items) != 1 {
			t.Fatalf("want only the verified 福耀玻璃: %+v", r)
		}
		if o := r.Items[0]; o.ID != p.buyer.OrgID || o.Name != "福耀玻璃" || o.Region != "350102" {
			t.Fatalf("org %+v", o)
		}
		for _, private := range []string{"reject_reason", "verified_at", "created_at"} {
			if strings.Contains(string(raw.Body), `"`+private+`"`) {
				t.Errorf("search leaks %s: %s", private, raw.Body)
			}
		}
		// By type: the agency, not the university with a similar word.
		if r := call[page[publicOrg]](m, p.seller, 200, "GET", "/api/v1/orgs?type=agency&q="+url.QueryEscape("登记站"), nil); r.Total != 2 {
			t.Fatalf("agencies %+v", r)
		}
		// A LIKE wildcard is a plain character.
		if r := call[page[publicOrg]](m, p.seller, 200, "GET", "/api/v1/orgs?q=%25", nil); r.Total != 0 {
			t.Fatalf("%% matched everything: %+v", r)
		}
		m.play(t,
			step{name: "no query", as: p.seller, method: "GET", path: "/api/v1/orgs", want: 422, code: "invalid_input"},
			step{name: "blank query", as: p.seller, method: "GET", path: "/api/v1/orgs?q=+", want: 422, code: "invalid_input"},
			step{name: "unknown type", as: p.seller, method: "GET", path: "/api/v1/orgs?q=a&type=planet", want: 422, code: "invalid_input"},
			step{name: "page too large", as: p.seller, method: "GET", path: "/api/v1/orgs?q=a&size=50", want: 422, code: "invalid_input"},
			step{name: "page zero", as: p.seller, method: "GET", path: "/api/v1/orgs?q=a&page=0", want: 422, code: "invalid_input"},
			step{name: "the public may not search", method: "GET", path: "/api/v1/orgs?q=" + url.QueryEscape("福耀"), want: 401, code: "unauthenticated"},
		)
	})
}
