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
		m.verify(admin, sup, broker)
		ach := m.publishAchievement(admin, sup, "路演用海洋生物活性物质提取技术")
		body := map[string]any{"title": "海洋经济专场路演", "starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour),
			"online": false, "venue": "福州海峡会展中心", "capacity": 5, "achievement_ids": []int64{ach}}
		m.check(step{as: broker, method: "POST", path: "/api/v1/roadshows", body: map[string]any{"title": "x"}, want: 422})
		r := call[models.Roadshow](m, broker, 201, "POST", "/api/v1/roadshows", body)
		path := fmt.Sprintf("/api/v1/roadshows/%d", r.ID)
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
		got := call[roadshowView](m, nil, 200, "GET", path, nil)
		if seats != 5 || got.Registered != 5 {
			t.Fatalf("%d seats, registered %v, capacity 5", seats, got.Registered)
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
		m.verify(admin, sup, broker, ent, other)
		ach := m.publishAchievement(admin, sup, "路演用海洋生物活性物质提取技术")
		r := call[models.Roadshow](m, broker, 201, "POST", "/api/v1/roadshows", map[string]any{"title": "海洋经济专场路演",
			"starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour), "online": false,
			"venue": "福州海峡会展中心", "capacity": 5, "achievement_ids": []int64{ach}})
		path := fmt.Sprintf("/api/v1/roadshows/%d", r.ID)
		view := func(as *account) roadshowView { return call[roadshowView](m, as, 200, "GET", path, nil) }
		if got := view(nil); got.ViewerRegistered != nil {
			t.Fatalf("the public is told %v", *got.ViewerRegistered)
		}
		if got := view(ent); got.ViewerRegistered == nil || *got.ViewerRegistered {
			t.Fatalf("before registering: %v", got.ViewerRegistered)
		}
		call[models.RoadshowSeat](m, ent, 201, "POST", path+"/register", nil)
		if got := view(ent); got.ViewerRegistered == nil || !*got.ViewerRegistered || got.Registered != 1 {
			t.Fatalf("after registering: %+v", got)
		}
		if got := view(other); got.ViewerRegistered == nil || *got.ViewerRegistered {
			t.Fatalf("another enterprise is told %v", got.ViewerRegistered)
		}
		m.check(step{as: ent, method: "GET", path: "/api/v1/roadshows/99999", want: 404, code: "roadshow_not_found"})
	})
}
