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
		if r := m.do("POST", "/api/v1/saved-searches", dem.Token, map[string]any{"name": "石墨烯", "params": map[string]string{"kind": "patent"}}); r.Status != 422 {
			t.Errorf("bad params saved: %d", r.Status)
		}
		m.must(422, m.do("POST", "/api/v1/saved-searches", dem.Token, map[string]any{"name": "空", "params": map[string]string{}}))
		ss := m.must(201, m.do("POST", "/api/v1/saved-searches", dem.Token, map[string]any{"name": "石墨烯成果",
			"params": map[string]string{"q": "石墨烯", "kind": "achievement"}})).JSON(t)
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
		list := m.must(200, m.do("GET", "/api/v1/saved-searches", dem.Token, nil)).JSON(t)
		if list["total"].(float64) != 1 {
			t.Errorf("saved searches: %v", list)
		}
		id := strconv.FormatInt(int64(ss["id"].(float64)), 10)
		m.must(404, m.do("DELETE", "/api/v1/saved-searches/"+id, sup.Token, nil))
		m.must(204, m.do("DELETE", "/api/v1/saved-searches/"+id, dem.Token, nil))
	})
}
