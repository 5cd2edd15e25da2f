package app

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

func TestRoadshowCapacityUnderConcurrency(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		m.verify(admin, sup)
		m.verify(admin, broker)
		ach := m.publishAchievement(admin, sup, "路演用海洋生物活性物质提取技术")
		body := map[string]any{"title": "海洋经济专场路演", "starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour),
			"online": false, "venue": "福州海峡会展中心", "capacity": 5, "achievement_ids": []int64{ach}}
		m.must(422, m.do("POST", "/api/v1/roadshows", broker.Token, map[string]any{"title": "x"}))
		r := m.must(201, m.do("POST", "/api/v1/roadshows", broker.Token, body)).JSON(t)
		path := fmt.Sprintf("/api/v1/roadshows/%d", int64(r["id"].(float64)))
		var users []*account
		for i := 0; i < 12; i++ {
			u := m.signUp(fmt.Sprintf("ent%02d", i), models.RoleDemander, fmt.Sprintf("参会企业%02d", i))
			m.verify(admin, u)
			users = append(users, u)
		}
		var wg sync.WaitGroup
		for _, u := range users {
			wg.Add(1)
			go func(u *account) {
				defer wg.Done()
				r := m.do("POST", path+"/register", u.Token, nil)
				if r.Status != 201 && (r.Status != 409 || r.errorCode(t) != "roadshow_full") {
					t.Errorf("register: %d %s", r.Status, r.Body)
				}
			}(u)
		}
		wg.Wait()
		var seats int64
		m.db.Model(&models.RoadshowSeat{}).Count(&seats)
		got := m.must(200, m.do("GET", path, "", nil)).JSON(t)
		if seats != 5 || got["registered"].(float64) != 5 {
			t.Fatalf("%d seats, registered %v, capacity 5", seats, got["registered"])
		}
	})
}

func TestRoadshowSaysWhetherTheCallerRegistered(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		ent := m.signUp("ent", models.RoleDemander, "参会企业")
		other := m.signUp("other", models.RoleDemander, "另一企业")
		for _, a := range []*account{sup, broker, ent, other} {
			m.verify(admin, a)
		}
		ach := m.publishAchievement(admin, sup, "路演用海洋生物活性物质提取技术")
		r := m.must(201, m.do("POST", "/api/v1/roadshows", broker.Token, map[string]any{"title": "海洋经济专场路演",
			"starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour), "online": false,
			"venue": "福州海峡会展中心", "capacity": 5, "achievement_ids": []int64{ach}})).JSON(t)
		path := fmt.Sprintf("/api/v1/roadshows/%d", int64(r["id"].(float64)))
		if got := m.must(200, m.do("GET", path, "", nil)).JSON(t); got["viewer_registered"] != nil {
			t.Fatalf("the public is told %v", got["viewer_registered"])
		}
		if got := m.must(200, m.do("GET", path, ent.Token, nil)).JSON(t); got["viewer_registered"] != false {
			t.Fatalf("before registering: %v", got["viewer_registered"])
		}
		m.must(201, m.do("POST", path+"/register", ent.Token, nil))
		if got := m.must(200, m.do("GET", path, ent.Token, nil)).JSON(t); got["viewer_registered"] != true || got["registered"].(float64) != 1 {
			t.Fatalf("after registering: %v", got)
		}
		if got := m.must(200, m.do("GET", path, other.Token, nil)).JSON(t); got["viewer_registered"] != false {
			t.Fatalf("another enterprise is told %v", got["viewer_registered"])
		}
		m.must(404, m.do("GET", "/api/v1/roadshows/99999", ent.Token, nil))
	})
}
