package app

import (
	"fmt"
	"strings"
	"testing"

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
