package app

import (
	"fmt"
	"strings"
	"testing"

	"techmarket/models"
)

func TestReportAListing(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		rival := m.signUp("rival", models.RoleDemander, "九牧集团")
		m.verify(admin, sup)
		if r := m.do("POST", "/api/v1/achievements/1/reports", dem.Token, map[string]any{"reason": "专利已失效仍在出售"}); r.Status != 403 {
			t.Errorf("report from an unverified organisation: %d %s", r.Status, r.Body)
		}
		m.verify(admin, dem)
		m.verify(admin, rival)
		a1 := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		a2 := m.publishAchievement(admin, sup, "钠离子电池负极硬碳材料")
		p1, p2 := fmt.Sprintf("/api/v1/achievements/%d", a1), fmt.Sprintf("/api/v1/achievements/%d", a2)

		m.must(401, m.do("POST", p1+"/reports", "", map[string]any{"reason": "专利已失效仍在出售"}))
		if r := m.do("POST", p1+"/reports", dem.Token, map[string]any{"reason": "假"}); r.Status != 422 || r.errorFields(t)["reason"] == nil {
			t.Errorf("short reason: %d %s", r.Status, r.Body)
		}
		m.must(409, m.do("POST", p1+"/reports", sup.Token, map[string]any{"reason": "举报自己的成果试试"}))
		if m.count(&models.ListingReport{}) != 0 {
			t.Fatal("refused reports stored")
		}
		r1 := m.must(201, m.do("POST", p1+"/reports", dem.Token, map[string]any{"reason": "专利已失效仍在出售"})).JSON(t)
		m.must(409, m.do("POST", p1+"/reports", dem.Token, map[string]any{"reason": "再举报一次这个成果"}))
		m.must(201, m.do("POST", p1+"/reports", rival.Token, map[string]any{"reason": "与我司产品说明雷同"}))
		r3 := m.must(201, m.do("POST", p2+"/reports", rival.Token, map[string]any{"reason": "联系方式无人接听"})).JSON(t)

		// Only admins see and resolve the queue.
		m.must(403, m.do("GET", "/api/v1/admin/reports", dem.Token, nil))
		q := m.must(200, m.do("GET", "/api/v1/admin/reports", admin.Token, nil)).JSON(t)
		if q["total"].(float64) != 3 {
			t.Errorf("queue: %v", q)
		}
		res := func(r map[string]any) string {
			return fmt.Sprintf("/api/v1/admin/reports/%d/resolve", int64(r["id"].(float64)))
		}
		m.must(403, m.do("POST", res(r1), sup.Token, map[string]any{"take_down": true, "resolution": "下架"}))
		if r := m.do("POST", res(r1), admin.Token, map[string]any{"take_down": true}); r.Status != 422 || r.errorFields(t)["resolution"] == nil {
			t.Errorf("take down without reason: %d %s", r.Status, r.Body)
		}
		if got := m.must(200, m.do("GET", p1, "", nil)).JSON(t); got["status"] != "published" {
			t.Fatal("a refused resolution closed the listing")
		}
		// Dismiss one; take the other listing down, which resolves both of its reports.
		m.must(200, m.do("POST", res(r3), admin.Token, map[string]any{"take_down": false, "resolution": "已电话核实"}))
		m.must(409, m.do("POST", res(r3), admin.Token, map[string]any{"take_down": false}))
		m.must(200, m.do("GET", p2, "", nil))
		done := m.must(200, m.do("POST", res(r1), admin.Token, map[string]any{"take_down": true, "resolution": "专利权已终止，信息不实"})).JSON(t)
		if done["status"] != "taken_down" {
			t.Errorf("resolved: %v", done)
		}
		m.must(404, m.do("GET", p1, "", nil))
		own := m.must(200, m.do("GET", p1, sup.Token, nil)).JSON(t)
		if own["status"] != "closed" || own["takedown_reason"] != "专利权已终止，信息不实" {
			t.Errorf("owner's view: %v", own)
		}
		if open := m.must(200, m.do("GET", "/api/v1/admin/reports", admin.Token, nil)).JSON(t); open["total"].(float64) != 0 {
			t.Errorf("open reports left: %v", open)
		}
		notes := string(m.must(200, m.do("GET", "/api/v1/notifications", sup.Token, nil)).Body)
		if !strings.Contains(notes, "achievement.takedown") || !strings.Contains(notes, "专利权已终止") {
			t.Errorf("owner not told: %s", notes)
		}
		for _, a := range []*account{dem, rival} {
			if !strings.Contains(string(m.do("GET", "/api/v1/notifications", a.Token, nil).Body), "report.") {
				t.Errorf("%s not told the outcome", a.Username)
			}
		}
		m.indexed()
		if s := m.must(200, m.do("GET", "/api/v1/search?q=石墨烯导热膜", "", nil)).JSON(t); s["total"].(float64) != 0 {
			t.Errorf("taken-down listing still in search: %v", s)
		}
	})
}

func TestReportActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		// 厦门大学 reports 福州大学's achievement.
		reported := func(w *world) int64 {
			path := "/api/v1/achievements/" + itoa(w.achPublished()) + "/reports"
			return w.id(w.m.must(201, w.m.do("POST", path, w.uOther.Token, map[string]any{"reason": "专利已失效仍在出售"})))
		}
		dismiss := map[string]any{"take_down": false, "resolution": "经核实未发现问题"}
		takeDown := map[string]any{"take_down": true, "resolution": "专利已失效"}
		resolved := func(body any) func(w *world) int64 {
			return func(w *world) int64 {
				id := reported(w)
				w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/admin/reports/%d/resolve", id), w.admin.Token, body))
				return id
			}
		}
		resolve := func(body any) func(w *world, id int64) (string, string, any) {
			return func(w *world, id int64) (string, string, any) {
				return "POST", fmt.Sprintf("/api/v1/admin/reports/%d/resolve", id), body
			}
		}
		w.walk(t, walk{kind: "report", side: sideU,
			states: []state{
				{"open", reported},
				{"open, the listing since withdrawn", func(w *world) int64 {
					id := reported(w)
					var r models.ListingReport
					if err := w.m.db.First(&r, id).Error; err != nil {
						w.t.Fatal(err)
					}
					w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/achievements/%d/withdraw", r.ListingID), w.uOwner.Token, nil))
					return id
				}},
				{"dismissed", resolved(dismiss)},
				{"taken down", resolved(takeDown)},
			},
			acts: map[string]func(w *world, id int64) (string, string, any){"dismiss": resolve(dismiss), "take_down": resolve(takeDown)},
			actions: func(w *world, a *account, id int64) []string {
				return w.actionsIn(a, "/api/v1/admin/reports?status=all&size=100", id)
			}})
	})
}
