package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

func TestListingQualityConfirmRelistAndReminder(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		other := m.signUp("rival", models.RoleSupplier, "厦门大学")
		m.verify(admin, other)
		m.verify(admin, sup)
		// The form's live score.
		sc := m.must(200, m.do("POST", "/api/v1/achievements/completeness", sup.Token, map[string]any{"title": "石墨烯", "summary": "一种材料"})).JSON(t)
		if sc["score"].(float64) >= 50 || len(sc["hints"].([]any)) == 0 {
			t.Errorf("sparse draft score: %v", sc)
		}
		id := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		path := fmt.Sprintf("/api/v1/achievements/%d", id)
		own := m.must(200, m.do("GET", path, sup.Token, nil)).JSON(t)
		pub := m.must(200, m.do("GET", path, "", nil)).JSON(t)
		if own["completeness"].(float64) == 0 || own["quality_hints"] == nil || pub["quality_hints"] != nil || pub["org_verified"] != true {
			t.Errorf("owner %v / public %v", own, pub)
		}
		if pub["last_confirmed_at"] == nil {
			t.Error("publishing should count as confirming")
		}
		mine := m.must(200, m.do("GET", "/api/v1/my/achievements", sup.Token, nil)).JSON(t)
		if mine["items"].([]any)[0].(map[string]any)["completeness"] != own["completeness"] {
			t.Errorf("my listings completeness: %v", mine)
		}

		// The reminder: due after 30 days unconfirmed, once per 30 days, once across processes.
		old := time.Now().UTC().Add(-40 * 24 * time.Hour)
		m.db.Model(&models.Achievement{}).Where("id = ?", id).Update("last_confirmed_at", old)
		now := time.Now()
		done := make(chan int, 2)
		for range 2 {
			go func() {
				n, err := m.market.Achievements().RemindUnconfirmed(m.ctx, now)
				if err != nil {
					t.Error(err)
				}
				done <- n
			}()
		}
		if n := <-done + <-done; n != 1 {
			t.Errorf("two runs reminded %d times", n)
		}
		if n, _ := m.market.Achievements().RemindUnconfirmed(m.ctx, now.Add(24*time.Hour)); n != 0 {
			t.Errorf("reminded again the next day")
		}
		if n, _ := m.market.Achievements().RemindUnconfirmed(m.ctx, now.Add(31*24*time.Hour)); n != 1 {
			t.Errorf("not reminded a month later")
		}
		if !strings.Contains(string(m.do("GET", "/api/v1/notifications", sup.Token, nil).Body), "achievement.confirm_reminder") {
			t.Error("owner not notified")
		}
		// Confirming: only the owner, only published.
		m.must(403, m.do("POST", path+"/confirm", other.Token, nil))
		m.must(401, m.do("POST", path+"/confirm", "", nil))
		c := m.must(200, m.do("POST", path+"/confirm", sup.Token, nil)).JSON(t)
		if at, _ := time.Parse(time.RFC3339Nano, c["last_confirmed_at"].(string)); time.Since(at) > time.Minute {
			t.Errorf("confirmed at %v", c["last_confirmed_at"])
		}
		if n, _ := m.market.Achievements().RemindUnconfirmed(m.ctx, time.Now().Add(24*time.Hour)); n != 0 {
			t.Error("a confirmed listing was reminded")
		}

		// Relist an expired listing with a new validity: back to the queue.
		m.must(409, m.do("POST", path+"/relist", sup.Token, map[string]any{"until": "2099-01-01"}))
		past := time.Now().Add(-time.Hour)
		m.db.Model(&models.Achievement{}).Where("id = ?", id).Update("valid_until", past)
		if n, err := m.market.Achievements().Expire(m.ctx, time.Now()); n != 1 || err != nil {
			t.Fatalf("expire: %d %v", n, err)
		}
		m.must(404, m.do("POST", path+"/relist", other.Token, map[string]any{"until": "2099-01-01"}))
		if r := m.do("POST", path+"/relist", sup.Token, map[string]any{"until": "2001-01-01"}); r.Status != 422 || r.errorFields(t)["valid_until"] == nil {
			t.Errorf("relist into the past: %d %s", r.Status, r.Body)
		}
		m.must(422, m.do("POST", path+"/relist", sup.Token, map[string]any{"until": "明年"}))
		re := m.must(200, m.do("POST", path+"/relist", sup.Token, map[string]any{"until": "2099-01-01"})).JSON(t)
		if re["status"] != "pending" || !strings.HasPrefix(re["valid_until"].(string), "2099-01-01") {
			t.Errorf("relisted: %v", re)
		}
		m.must(200, m.do("POST", path+"/approve", admin.Token, nil))
		if got := m.must(200, m.do("GET", path, "", nil)).JSON(t); got["status"] != "published" {
			t.Errorf("after approval: %v", got["status"])
		}
	})
}
