package app

import (
	"fmt"
	"strings"
	"testing"

	"techmarket/models"
)

func TestBuyerFeedbackOnListingsAndMatches(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := m.listingCast()
		admin, sup, dem, rival, broker, ach, path := c.admin, c.sup, c.dem, c.rival, c.broker, c.ach, c.path

		// Bad input: a Chinese 422 and nothing stored.
		feedback := func(reasons ...string) map[string]any { return map[string]any{"reasons": reasons} }
		m.play(t,
			step{name: "the public may not", method: "POST", path: path + "/feedback", body: feedback("price"), want: 401},
			step{name: "an unknown reason", as: dem, method: "POST", path: path + "/feedback", body: feedback("too_cheap"), want: 422, field: "reasons"},
			step{name: "other without text", as: dem, method: "POST", path: path + "/feedback", body: feedback("other"), want: 422, field: "other_text"},
			step{name: "no reason", as: dem, method: "POST", path: path + "/feedback", body: feedback(), want: 422},
			step{name: "not on one's own listing", as: sup, method: "POST", path: path + "/feedback", body: feedback("price"), want: 409},
			step{name: "an unknown listing", as: dem, method: "POST", path: "/api/v1/achievements/9999/feedback", body: feedback("price"), want: 404},
		)
		if n := m.count(&models.Feedback{}); n != 0 {
			t.Fatalf("refused feedback stored %d rows", n)
		}

		call[models.Feedback](m, dem, 201, "POST", path+"/feedback", feedback("early_stage", "price"))
		// Passing again replaces the earlier reasons.
		call[models.Feedback](m, dem, 201, "POST", path+"/feedback", feedback("early_stage", "vague"))
		call[models.Feedback](m, rival, 201, "POST", path+"/feedback", map[string]any{"reasons": []string{"early_stage", "other"}, "other_text": "已有同类供应商"})
		call[models.Feedback](m, broker, 201, "POST", path+"/feedback", feedback("route_unclear"))

		// A supplier declining a match passes on the need; a demander, on the achievement.
		need := m.publishNeed(admin, dem, "手机散热用高导热石墨烯膜")
		match := call[models.Match](m, broker, 201, "POST", "/api/v1/matches", map[string]any{"need_id": need, "achievement_id": ach})
		mp := fmt.Sprintf("/api/v1/matches/%d", match.ID)
		m.check(step{name: "decline with an unknown reason", as: dem, method: "POST", path: mp + "/decline", body: feedback("bogus"), want: 422})
		if got := call[models.Match](m, dem, 200, "GET", mp, nil); got.Status != "proposed" {
			t.Fatalf("a refused decline changed the match: %v", got.Status)
		}
		if declined := call[models.Match](m, dem, 200, "POST", mp+"/decline", feedback("advantage_unclear", "price")); declined.Status != "failed" {
			t.Errorf("declined match: %v", declined.Status)
		}

		// The owner sees counts per reason, not who.
		sum := m.expect(sup, 200, "GET", path+"/feedback", nil)
		for _, who := range []string{"buyer", "rival", "福耀", "九牧", "broker"} {
			if strings.Contains(string(sum.Body), who) {
				t.Errorf("feedback summary names %s: %s", who, sum.Body)
			}
		}
		s := decoded[models.FeedbackSummary](t, sum)
		counts := map[string]int64{}
		for _, r := range s.Reasons {
			counts[r.Reason] = r.Count
		}
		want := map[string]int64{"early_stage": 2, "vague": 1, "other": 1, "route_unclear": 1, "advantage_unclear": 1, "price": 1}
		for k, v := range want {
			if counts[k] != v {
				t.Errorf("count of %s = %v, want %v (%v)", k, counts[k], v, counts)
			}
		}
		if s.Total != 4 || !strings.Contains(string(sum.Body), "已有同类供应商") {
			t.Errorf("summary: %s", sum.Body)
		}
		// Other organisations cannot read it; admins can, per field.
		m.play(t,
			step{name: "another enterprise may not read the summary", as: rival, method: "GET", path: path + "/feedback", want: 404},
			step{name: "a broker may not read the summary", as: broker, method: "GET", path: path + "/feedback", want: 404},
			step{name: "only admins see feedback by field", as: sup, method: "GET", path: "/api/v1/admin/feedback", want: 403},
			step{name: "an admin reads the summary", as: admin, method: "GET", path: path + "/feedback", want: 200},
		)
		by := call[feedbackByField](m, admin, 200, "GET", "/api/v1/admin/feedback?kind=achievement", nil)
		if len(by.Items) != 1 || by.Items[0].Field != "新材料及其应用" || by.Items[0].Total != 4 {
			t.Errorf("by field: %+v", by)
		}
		m.check(step{name: "an unknown kind", as: admin, method: "GET", path: "/api/v1/admin/feedback?kind=patent", want: 422, field: "kind"})
	})
}
