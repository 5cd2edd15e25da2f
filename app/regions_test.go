package app

import (
	"testing"

	"techmarket/models"
)

func TestRegionsOverHTTP(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		u, _, err := m.market.CreateUser(m.ctx, models.Registration{Username: "gulou", Password: "Passw0rd-gulou", Name: "鼓楼区科技局",
			Role: models.RoleBureau, OrgName: "鼓楼区科学技术局", OrgType: models.OrgBureau, Region: "350102"})
		if err != nil {
			t.Fatal(err)
		}
		gulou := &account{Username: "gulou", Password: "Passw0rd-gulou", UserID: u.ID, OrgID: u.OrgID}
		m.login(gulou)

		tree := call[[]models.RegionUnit](m, nil, 200, "GET", "/api/v1/regions", nil)
		levels := map[string]models.RegionUnit{}
		for _, r := range tree {
			levels[r.Code] = r
		}
		if c := levels["350100"]; c.Level != models.RegionCity || c.Parent != "350000" || levels["350181"].Parent != "350100" {
			t.Fatalf("the tree: %+v", tree)
		}
		zone := map[string]any{"code": "FZGXQ", "name": "福州高新区", "parent": "350100", "covers": []string{"350121", "350104"}}
		r := m.play
		r(t,
			step{name: "a six-digit zone code", as: admin, method: "POST", path: "/api/v1/regions", body: map[string]any{"code": "350199", "name": "高新区", "parent": "350100", "covers": []string{"350121"}}, want: 422, field: "code"},
			step{name: "covering another city", as: admin, method: "POST", path: "/api/v1/regions", body: map[string]any{"code": "FZGXQ", "name": "福州高新区", "parent": "350100", "covers": []string{"350502"}}, want: 422, field: "covers"},
			step{name: "a bureau member adds a zone", as: gulou, method: "POST", path: "/api/v1/regions", body: zone, want: 403},
			step{name: "the admin adds it", as: admin, method: "POST", path: "/api/v1/regions", body: zone, want: 201},
			step{name: "twice", as: admin, method: "POST", path: "/api/v1/regions", body: zone, want: 422, field: "code"},
			step{name: "an unknown zone", as: admin, method: "PUT", path: "/api/v1/regions/NOPE", body: zone, want: 404, code: "region_not_found"},
			step{name: "a division is not a zone", as: admin, method: "PUT", path: "/api/v1/regions/350100", body: zone, want: 404, code: "region_not_found"},
			step{name: "an unknown region", method: "GET", path: "/api/v1/stats/summary?region=359999", want: 422, field: "region"},
			step{name: "a zone's figures", method: "GET", path: "/api/v1/stats/breakdown?by=district&region=FZGXQ", want: 200},
			step{name: "the bureau's own region", as: gulou, method: "GET", path: "/api/v1/my/region", want: 200},
			step{name: "the bureau's city", as: gulou, method: "GET", path: "/api/v1/my/region?region=350100", want: 403, code: "outside_region"},
			step{name: "a zone of its city", as: gulou, method: "GET", path: "/api/v1/my/region?region=FZGXQ", want: 403, code: "outside_region"},
			step{name: "the admin anywhere", as: admin, method: "GET", path: "/api/v1/my/region?region=330300", want: 200},
		)
		moved := call[models.RegionUnit](m, admin, 200, "PUT", "/api/v1/regions/FZGXQ",
			map[string]any{"name": "福州高新区", "parent": "350100", "covers": []string{"350121", "350104", "350111"}})
		if moved.Code != "FZGXQ" || len(moved.Covers) != 3 || moved.Level != models.RegionZone {
			t.Errorf("changed zone: %+v", moved)
		}
		rows := call[breakdown](m, nil, 200, "GET", "/api/v1/stats/breakdown?by=district&region=FZGXQ", nil)
		if len(rows.Items) != 3 || rows.Region != "FZGXQ" {
			t.Errorf("the zone's rows: %+v", rows)
		}
		mine := call[models.MyRegion](m, gulou, 200, "GET", "/api/v1/my/region", nil)
		if mine.Unit.Code != "350102" || mine.Unit.Name != "福州市鼓楼区" || mine.Any || len(mine.Sub) != 0 {
			t.Errorf("the 鼓楼区 bureau's region: %+v", mine)
		}
		var audited int64
		m.db.Model(&models.AuditLog{}).Where("action IN ?", []string{"region.create", "region.update"}).Count(&audited)
		if audited != 2 {
			t.Errorf("%d zone changes audited, want 2", audited)
		}
		// Anyone may register as a bureau's staff; the market admin approves joining a bureau.
		reg := registration("kjj", models.RoleBureau, "鼓楼区科学技术局")
		reg["org_type"] = "bureau"
		me := call[models.Me](m, nil, 201, "POST", "/api/v1/auth/register", reg)
		if me.Membership == nil || me.Membership.Status != models.MemberPending {
			t.Errorf("joining a bureau: %+v", me.Membership)
		}
	})
}
