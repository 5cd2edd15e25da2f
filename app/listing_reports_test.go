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
		m.check(step{name: "a report from an unverified organisation", as: dem, method: "POST", path: "/api/v1/achievements/1/reports",
			body: map[string]any{"reason": "专利已失效仍在出售"}, want: 403})
		m.verify(admin, dem, rival)
		a1 := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		a2 := m.publishAchievement(admin, sup, "钠离子电池负极硬碳材料")
		p1, p2 := fmt.Sprintf("/api/v1/achievements/%d", a1), fmt.Sprintf("/api/v1/achievements/%d", a2)

		m.play(t,
			step{name: "the public reports", method: "POST", path: p1 + "/reports", body: map[string]any{"reason": "专利已失效仍在出售"}, want: 401},
			step{name: "a short reason", as: dem, method: "POST", path: p1 + "/reports", body: map[string]any{"reason": "假"}, want: 422, field: "reason"},
			step{name: "the owner reports its own", as: sup, method: "POST", path: p1 + "/reports", body: map[string]any{"reason": "举报自己的成果试试"}, want: 409},
		)
		if m.count(&models.ListingReport{}) != 0 {
			t.Fatal("refused reports stored")
		}
		r1 := call[models.ListingReport](m, dem, 201, "POST", p1+"/reports", map[string]any{"reason": "专利已失效仍在出售"})
		m.check(step{name: "reported twice", as: dem, method: "POST", path: p1 + "/reports", body: map[string]any{"reason": "再举报一次这个成果"}, want: 409})
		call[models.ListingReport](m, rival, 201, "POST", p1+"/reports", map[string]any{"reason": "与我司产品说明雷同"})
		r3 := call[models.ListingReport](m, rival, 201, "POST", p2+"/reports", map[string]any{"reason": "联系方式无人接听"})

		// Only admins see and resolve the queue.
		m.check(step{name: "a demander reads the queue", as: dem, method: "GET", path: "/api/v1/admin/reports", want: 403})
		if q := call[page[models.ListingReport]](m, admin, 200, "GET", "/api/v1/admin/reports", nil); q.Total != 3 {
			t.Errorf("queue: %+v", q)
		}
		res := func(r models.ListingReport) string { return fmt.Sprintf("/api/v1/admin/reports/%d/resolve", r.ID) }
		m.play(t,
			step{name: "the owner resolves", as: sup, method: "POST", path: res(r1), body: map[string]any{"take_down": true, "resolution": "下架"}, want: 403},
			step{name: "a take-down without reason", as: admin, method: "POST", path: res(r1), body: map[string]any{"take_down": true}, want: 422, field: "resolution"},
		)
		if got := call[models.Achievement](m, nil, 200, "GET", p1, nil); got.Status != "published" {
			t.Fatal("a refused resolution closed the listing")
		}
		// Dismiss one; take the other listing down, which resolves both of its reports.
		call[models.ListingReport](m, admin, 200, "POST", res(r3), map[string]any{"take_down": false, "resolution": "已电话核实"})
		m.check(step{name: "resolved twice", as: admin, method: "POST", path: res(r3), body: map[string]any{"take_down": false}, want: 409})
		call[models.Achievement](m, nil, 200, "GET", p2, nil)
		if done := call[models.ListingReport](m, admin, 200, "POST", res(r1), map[string]any{"take_down": true, "resolution": "专利权已终止，信息不实"}); done.Status != "taken_down" {
			t.Errorf("resolved: %+v", done)
		}
		m.check(step{name: "the public reads a taken-down listing", method: "GET", path: p1, want: 404})
		if own := call[models.Achievement](m, sup, 200, "GET", p1, nil); own.Status != "closed" || own.TakedownReason != "专利权已终止，信息不实" {
			t.Errorf("owner's view: %+v", own)
		}
		if open := call[page[models.ListingReport]](m, admin, 200, "GET", "/api/v1/admin/reports", nil); open.Total != 0 {
			t.Errorf("open reports left: %+v", open)
		}
		notes := string(m.expect(sup, 200, "GET", "/api/v1/notifications", nil).Body)
		if !strings.Contains(notes, "achievement.takedown") || !strings.Contains(notes, "专利权已终止") {
			t.Errorf("owner not told: %s", notes)
		}
		for _, a := range []*account{dem, rival} {
			if !strings.Contains(string(m.do("GET", "/api/v1/notifications", a.Token, nil).Body), "report.") {
				t.Errorf("%s not told the outcome", a.Username)
			}
		}
		m.indexed()
		if s := call[searchResult](m, nil, 200, "GET", "/api/v1/search?q=石墨烯导热膜", nil); s.Total != 0 {
			t.Errorf("taken-down listing still in search: %+v", s)
		}
	})
}

func TestReportActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		// 厦门大学 reports 福州大学's achievement.
		reported := func(w *world) int64 {
			path := "/api/v1/achievements/" + itoa(w.achPublished()) + "/reports"
			return call[models.ListingReport](w.m, w.uOther, 201, "POST", path, map[string]any{"reason": "专利已失效仍在出售"}).ID
		}
		dismiss := map[string]any{"take_down": false, "resolution": "经核实未发现问题"}
		takeDown := map[string]any{"take_down": true, "resolution": "专利已失效"}
		resolved := func(body any) func(w *world) int64 {
			return func(w *world) int64 {
				id := reported(w)
				call[models.ListingReport](w.m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/admin/reports/%d/resolve", id), body)
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
					call[models.Achievement](w.m, w.uOwner, 200, "POST", fmt.Sprintf("/api/v1/achievements/%d/withdraw", r.ListingID), nil)
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
