package app

import (
	"strconv"
	"strings"
	"testing"

	"techmarket/models"
)

func TestSavedSearchAnnouncesNewListingsOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		m.verify(admin, sup)
		m.play(t,
			step{name: "an unknown kind", as: dem, method: "POST", path: "/api/v1/saved-searches",
				body: map[string]any{"name": "石墨烯", "params": map[string]string{"kind": "patent"}}, want: 422},
			step{name: "no parameters", as: dem, method: "POST", path: "/api/v1/saved-searches",
				body: map[string]any{"name": "空", "params": map[string]string{}}, want: 422},
		)
		ss := call[models.SavedSearch](m, dem, 201, "POST", "/api/v1/saved-searches", map[string]any{"name": "石墨烯成果",
			"params": map[string]string{"q": "石墨烯", "kind": "achievement"}})
		m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		m.publishAchievement(admin, sup, "水产养殖尾水生态处理系统")
		m.indexed()
		for i := 0; i < 2; i++ { // a second pass finds nothing new
			ix := m.srv.indexer.Index()
			upTo, _ := ix.Cursor()
			if _, err := m.market.AnnounceSavedSearches(m.ctx, upTo, ix.MatchesSaved); err != nil {
				t.Fatal(err)
			}
		}
		var hits []models.Notification
		m.db.Where("user_id = ? AND kind = ?", dem.UserID, "saved_search.hit").Find(&hits)
		if len(hits) != 1 || !strings.Contains(hits[0].Title, "石墨烯导热膜") {
			t.Fatalf("saved-search notifications: %+v", hits)
		}
		if list := call[listOf[models.SavedSearch]](m, dem, 200, "GET", "/api/v1/saved-searches", nil); list.Total != 1 {
			t.Errorf("saved searches: %+v", list)
		}
		id := strconv.FormatInt(ss.ID, 10)
		m.play(t,
			step{name: "another's search is not found", as: sup, method: "DELETE", path: "/api/v1/saved-searches/" + id, want: 404, code: "saved_search_not_found"},
			step{name: "its owner deletes it", as: dem, method: "DELETE", path: "/api/v1/saved-searches/" + id, want: 204},
		)
	})
}
