package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

func TestBuyerFeedbackOnListingsAndMatches(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		rival := m.signUp("rival", models.RoleDemander, "九牧集团")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		for _, a := range []*account{sup, dem, rival, broker} {
			m.verify(admin, a)
		}
		ach := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		path := fmt.Sprintf("/api/v1/achievements/%d", ach)

		// Bad input: a Chinese 422 and nothing stored.
		m.must(401, m.do("POST", path+"/feedback", "", map[string]any{"reasons": []string{"price"}}))
		if r := m.do("POST", path+"/feedback", dem.Token, map[string]any{"reasons": []string{"too_cheap"}}); r.Status != 422 || r.errorFields(t)["reasons"] == nil {
			t.Errorf("unknown reason: %d %s", r.Status, r.Body)
		}
		if r := m.do("POST", path+"/feedback", dem.Token, map[string]any{"reasons": []string{"other"}}); r.Status != 422 || r.errorFields(t)["other_text"] == nil {
			t.Errorf("other without text: %d %s", r.Status, r.Body)
		}
		m.must(422, m.do("POST", path+"/feedback", dem.Token, map[string]any{"reasons": []string{}}))
		m.must(409, m.do("POST", path+"/feedback", sup.Token, map[string]any{"reasons": []string{"price"}}))
		m.must(404, m.do("POST", "/api/v1/achievements/9999/feedback", dem.Token, map[string]any{"reasons": []string{"price"}}))
		if n := m.count(&models.Feedback{}); n != 0 {
			t.Fatalf("refused feedback stored %d rows", n)
		}

		m.must(201, m.do("POST", path+"/feedback", dem.Token, map[string]any{"reasons": []string{"early_stage", "price"}}))
		// Passing again replaces the earlier reasons.
		m.must(201, m.do("POST", path+"/feedback", dem.Token, map[string]any{"reasons": []string{"early_stage", "vague"}}))
		m.must(201, m.do("POST", path+"/feedback", rival.Token, map[string]any{"reasons": []string{"early_stage", "other"}, "other_text": "已有同类供应商"}))
		m.must(201, m.do("POST", path+"/feedback", broker.Token, map[string]any{"reasons": []string{"route_unclear"}}))

		// A supplier declining a match passes on the need; a demander, on the achievement.
		need := m.publishNeed(admin, dem, "手机散热用高导热石墨烯膜")
		match := m.must(201, m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need, "achievement_id": ach})).JSON(t)
		mp := fmt.Sprintf("/api/v1/matches/%d", int64(match["id"].(float64)))
		if r := m.do("POST", mp+"/decline", dem.Token, map[string]any{"reasons": []string{"bogus"}}); r.Status != 422 {
			t.Errorf("decline with an unknown reason: %d %s", r.Status, r.Body)
		}
		if got := m.must(200, m.do("GET", mp, dem.Token, nil)).JSON(t); got["status"] != "proposed" {
			t.Fatalf("a refused decline changed the match: %v", got["status"])
		}
		declined := m.must(200, m.do("POST", mp+"/decline", dem.Token, map[string]any{"reasons": []string{"advantage_unclear", "price"}})).JSON(t)
		if declined["status"] != "failed" {
			t.Errorf("declined match: %v", declined["status"])
		}

		// The owner sees counts per reason, not who.
		sum := m.must(200, m.do("GET", path+"/feedback", sup.Token, nil))
		for _, who := range []string{"buyer", "rival", "福耀", "九牧", "broker"} {
			if strings.Contains(string(sum.Body), who) {
				t.Errorf("feedback summary names %s: %s", who, sum.Body)
			}
		}
		s := sum.JSON(t)
		counts := map[string]float64{}
		for _, r := range s["reasons"].([]any) {
			r := r.(map[string]any)
			counts[r["reason"].(string)] = r["count"].(float64)
		}
		want := map[string]float64{"early_stage": 2, "vague": 1, "other": 1, "route_unclear": 1, "advantage_unclear": 1, "price": 1}
		for k, v := range want {
			if counts[k] != v {
				t.Errorf("count of %s = %v, want %v (%v)", k, counts[k], v, counts)
			}
		}
		if s["total"].(float64) != 4 || !strings.Contains(string(sum.Body), "已有同类供应商") {
			t.Errorf("summary: %s", sum.Body)
		}
		// Other organisations cannot read it; admins can, per field.
		m.must(404, m.do("GET", path+"/feedback", rival.Token, nil))
		m.must(404, m.do("GET", path+"/feedback", broker.Token, nil))
		m.must(403, m.do("GET", "/api/v1/admin/feedback", sup.Token, nil))
		m.must(200, m.do("GET", path+"/feedback", admin.Token, nil))
		by := m.must(200, m.do("GET", "/api/v1/admin/feedback?kind=achievement", admin.Token, nil)).JSON(t)
		items := by["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["field"] != "新材料及其应用" || items[0].(map[string]any)["total"].(float64) != 4 {
			t.Errorf("by field: %v", by)
		}
		m.must(422, m.do("GET", "/api/v1/admin/feedback?kind=patent", admin.Token, nil))
	})
}

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
				n, err := models.RemindUnconfirmed[models.Achievement](m.db, now)
				if err != nil {
					t.Error(err)
				}
				done <- n
			}()
		}
		if n := <-done + <-done; n != 1 {
			t.Errorf("two runs reminded %d times", n)
		}
		if n, _ := models.RemindUnconfirmed[models.Achievement](m.db, now.Add(24*time.Hour)); n != 0 {
			t.Errorf("reminded again the next day")
		}
		if n, _ := models.RemindUnconfirmed[models.Achievement](m.db, now.Add(31*24*time.Hour)); n != 1 {
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
		if n, _ := models.RemindUnconfirmed[models.Achievement](m.db, time.Now().Add(24*time.Hour)); n != 0 {
			t.Error("a confirmed listing was reminded")
		}

		// Relist an expired listing with a new validity: back to the queue.
		m.must(409, m.do("POST", path+"/relist", sup.Token, map[string]any{"until": "2099-01-01"}))
		past := time.Now().Add(-time.Hour)
		m.db.Model(&models.Achievement{}).Where("id = ?", id).Update("valid_until", past)
		if n, err := models.ExpireListings[models.Achievement](m.db, time.Now()); n != 1 || err != nil {
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
