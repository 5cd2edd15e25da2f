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
		m.verify(admin, other, sup)
		// The form's live score.
		sc := call[completeness](m, sup, 200, "POST", "/api/v1/achievements/completeness", map[string]any{"title": "石墨烯", "summary": "一种材料"})
		if sc.Score >= 50 || len(sc.Hints) == 0 {
			t.Errorf("sparse draft score: %+v", sc)
		}
		id := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		path := fmt.Sprintf("/api/v1/achievements/%d", id)
		own := call[models.Achievement](m, sup, 200, "GET", path, nil)
		pub := call[models.Achievement](m, nil, 200, "GET", path, nil)
		if own.Completeness == 0 || own.QualityHints == nil || pub.QualityHints != nil || !pub.OrgVerified {
			t.Errorf("owner %+v / public %+v", own, pub)
		}
		if pub.LastConfirmedAt == nil {
			t.Error("publishing should count as confirming")
		}
		mine := call[page[models.Achievement]](m, sup, 200, "GET", "/api/v1/my/achievements", nil)
		if len(mine.Items) == 0 || mine.Items[0].Completeness != own.Completeness {
			t.Errorf("my listings completeness: %+v", mine)
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
		if !notifiedOf(call[notificationPage](m, sup, 200, "GET", "/api/v1/notifications", nil), "achievement.confirm_reminder") {
			t.Error("owner not notified")
		}
		// Confirming: only the owner, only published.
		m.play(t,
			step{name: "another supplier may not confirm", as: other, method: "POST", path: path + "/confirm", want: 403},
			step{name: "the public may not confirm", method: "POST", path: path + "/confirm", want: 401},
		)
		if c := call[models.Achievement](m, sup, 200, "POST", path+"/confirm", nil); c.LastConfirmedAt == nil || time.Since(*c.LastConfirmedAt) > time.Minute {
			t.Errorf("confirmed at %v", c.LastConfirmedAt)
		}
		if n, _ := m.market.Achievements().RemindUnconfirmed(m.ctx, time.Now().Add(24*time.Hour)); n != 0 {
			t.Error("a confirmed listing was reminded")
		}

		// Relist an expired listing with a new validity: back to the queue.
		m.check(step{name: "a published listing is not relisted", as: sup, method: "POST", path: path + "/relist", body: map[string]any{"until": "2099-01-01"}, want: 409})
		past := time.Now().Add(-time.Hour)
		m.db.Model(&models.Achievement{}).Where("id = ?", id).Update("valid_until", past)
		if n, err := m.market.Achievements().Expire(m.ctx, time.Now()); n != 1 || err != nil {
			t.Fatalf("expire: %d %v", n, err)
		}
		m.play(t,
			step{name: "another supplier's relist finds nothing", as: other, method: "POST", path: path + "/relist", body: map[string]any{"until": "2099-01-01"}, want: 404},
			step{name: "relist into the past", as: sup, method: "POST", path: path + "/relist", body: map[string]any{"until": "2001-01-01"}, want: 422, field: "valid_until"},
			step{name: "relist until no date", as: sup, method: "POST", path: path + "/relist", body: map[string]any{"until": "明年"}, want: 422},
		)
		re := call[models.Achievement](m, sup, 200, "POST", path+"/relist", map[string]any{"until": "2099-01-01"})
		if re.Status != "pending" || re.ValidUntil == nil || !strings.HasPrefix(re.ValidUntil.Format(time.RFC3339), "2099-01-01") {
			t.Errorf("relisted: %+v", re)
		}
		call[models.Achievement](m, admin, 200, "POST", path+"/approve", nil)
		if got := call[models.Achievement](m, nil, 200, "GET", path, nil); got.Status != "published" {
			t.Errorf("after approval: %v", got.Status)
		}
	})
}
