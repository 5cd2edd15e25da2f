package app

import (
	"strconv"
	"strings"
	"testing"

	"techmarket/models"
)

func (m *market) publishNeed(admin, owner *account, title string) int64 {
	m.t.Helper()
	body := map[string]any{"title": title, "summary": "企业需要" + title + "方面的技术合作，希望尽快落地应用。", "region": "350181",
		"field": "新材料及其应用", "budget_negotiable": false, "budget_min_fen": 10_000_000, "budget_max_fen": 80_000_000,
		"contact_name": "李工", "contact_phone": "13900000000"}
	r := m.must(201, m.do("POST", "/api/v1/needs", owner.Token, body)).JSON(m.t)
	id := strconv.FormatInt(int64(r["id"].(float64)), 10)
	m.must(200, m.do("POST", "/api/v1/needs/"+id+"/submit", owner.Token, nil))
	m.must(200, m.do("POST", "/api/v1/needs/"+id+"/approve", admin.Token, nil))
	return int64(r["id"].(float64))
}

func TestBrokerTakesANeedToAgreed(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		rival := m.signUp("rival", models.RoleBroker, "厦门技术转移中心")
		for _, a := range []*account{sup, dem, broker, rival} {
			m.verify(admin, a)
		}
		ach := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		need := m.publishNeed(admin, dem, "手机散热用高导热石墨烯膜")

		// Only brokers propose; bad input changes nothing.
		m.must(403, m.do("POST", "/api/v1/matches", sup.Token, map[string]any{"need_id": need, "achievement_id": ach}))
		if r := m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need}); r.Status != 422 || r.errorFields(t)["achievement_id"] == nil {
			t.Fatalf("missing achievement: %d %s", r.Status, r.Body)
		}
		m.must(422, m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need, "achievement_id": 9999}))
		if m.count(&models.Match{}) != 0 {
			t.Fatal("refused proposals stored a match")
		}
		r := m.must(201, m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need, "achievement_id": ach,
			"source": "recommendation", "reasons": []string{"共同关键词：石墨烯"}, "note": "双方方向一致"})).JSON(t)
		path := "/api/v1/matches/" + strconv.FormatInt(int64(r["id"].(float64)), 10)
		m.must(409, m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need, "achievement_id": ach}))

		// Both sides were told.
		for _, a := range []*account{sup, dem} {
			n := m.must(200, m.do("GET", "/api/v1/notifications?unread=true", a.Token, nil)).JSON(t)
			if !strings.Contains(string(m.do("GET", "/api/v1/notifications", a.Token, nil).Body), "match.proposed") || n["unread"].(float64) < 1 {
				t.Errorf("%s not notified: %v", a.Username, n)
			}
		}
		// Firm B's broker can neither see nor move firm A's match.
		m.must(404, m.do("GET", path, rival.Token, nil))
		m.must(404, m.do("POST", path+"/move", rival.Token, map[string]any{"status": "failed"}))
		if l := m.must(200, m.do("GET", "/api/v1/matches", rival.Token, nil)).JSON(t); l["total"].(float64) != 0 {
			t.Errorf("rival firm lists the match: %v", l)
		}
		// Contacts stay hidden until both accept.
		if got := m.must(200, m.do("GET", path, dem.Token, nil)).JSON(t); got["contacts"] != nil {
			t.Errorf("contacts before acceptance: %v", got["contacts"])
		}
		if r := m.do("POST", path+"/move", broker.Token, map[string]any{"status": "contacted"}); r.Status != 409 || r.errorCode(t) != "not_accepted" {
			t.Errorf("contacted before acceptance: %d %s", r.Status, r.Body)
		}
		m.must(403, m.do("POST", path+"/accept", broker.Token, nil))
		m.must(200, m.do("POST", path+"/accept", sup.Token, nil))
		if got := m.must(200, m.do("GET", path, sup.Token, nil)).JSON(t); got["contacts"] != nil {
			t.Errorf("contacts after one acceptance: %v", got["contacts"])
		}
		m.must(200, m.do("POST", path+"/accept", dem.Token, nil))
		got := m.must(200, m.do("GET", path, sup.Token, nil)).JSON(t)
		if !strings.Contains(string(m.do("GET", path, sup.Token, nil).Body), "13900000000") {
			t.Errorf("contacts after both accepted: %v", got["contacts"])
		}
		// Illegal jumps are refused with a Chinese 409.
		if r := m.do("POST", path+"/move", broker.Token, map[string]any{"status": "agreed"}); r.Status != 409 || r.errorCode(t) != "bad_transition" {
			t.Errorf("proposed->agreed: %d %s", r.Status, r.Body)
		}
		m.must(422, m.do("POST", path+"/move", broker.Token, map[string]any{"status": "contacted", "price_fen": -1}))
		for _, st := range []string{"contacted", "negotiating"} {
			m.must(200, m.do("POST", path+"/move", broker.Token, map[string]any{"status": st, "note": "推进到" + st}))
		}
		m.must(201, m.do("POST", path+"/notes", broker.Token, map[string]any{"note": "双方约定下周签约"}))
		m.must(422, m.do("POST", path+"/notes", broker.Token, map[string]any{"note": ""}))
		done := m.must(200, m.do("POST", path+"/move", broker.Token, map[string]any{"status": "agreed", "price_fen": 60_000_000})).JSON(t)
		if done["status"] != "agreed" || done["deal_id"] == nil || len(done["notes"].([]any)) < 6 {
			t.Fatalf("agreed: %v", done)
		}
		var deal models.Deal
		m.db.First(&deal, int64(done["deal_id"].(float64)))
		if deal.PriceFen != 60_000_000 || deal.SellerOrgID != sup.OrgID || deal.BuyerOrgID != dem.OrgID || deal.Mode != models.DealNegotiated {
			t.Errorf("deal stub: %+v", deal)
		}
		m.must(409, m.do("POST", path+"/move", broker.Token, map[string]any{"status": "failed"}))

		perf := m.must(200, m.do("GET", "/api/v1/brokers/performance", broker.Token, nil)).JSON(t)
		firms := perf["firms"].([]any)
		if len(firms) != 1 || firms[0].(map[string]any)["amount_fen"].(float64) != 60_000_000 {
			t.Errorf("performance: %v", perf)
		}
		if p := m.must(200, m.do("GET", "/api/v1/brokers/performance", rival.Token, nil)).JSON(t); len(p["firms"].([]any)) != 0 {
			t.Errorf("rival sees other firms' performance: %v", p)
		}
		m.must(403, m.do("GET", "/api/v1/brokers/performance", sup.Token, nil))
		m.must(422, m.do("GET", "/api/v1/brokers/performance?year=abc", broker.Token, nil))
	})
}

func TestDeclinedIntroductionFails(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		for _, a := range []*account{sup, dem, broker} {
			m.verify(admin, a)
		}
		ach := m.publishAchievement(admin, sup, "一种水产养殖尾水处理系统")
		need := m.publishNeed(admin, dem, "养殖尾水达标排放技术")
		r := m.must(201, m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need, "achievement_id": ach})).JSON(t)
		path := "/api/v1/matches/" + strconv.FormatInt(int64(r["id"].(float64)), 10)
		got := m.must(200, m.do("POST", path+"/decline", dem.Token, nil)).JSON(t)
		if got["status"] != "failed" || got["demander_response"] != "declined" || got["contacts"] != nil {
			t.Errorf("declined: %v", got)
		}
		m.must(409, m.do("POST", path+"/accept", sup.Token, nil))
		// The same pair may be proposed again once the first attempt failed.
		m.must(201, m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need, "achievement_id": ach}))
	})
}

func TestMatchActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		path := func(id int64, act string) string { return "/api/v1/matches/" + itoa(id) + "/" + act }
		// A match 海峡技术转移中心 runs between 福州大学's achievement and 福耀玻璃's need, taken so far.
		taken := func(steps ...func(w *world, id int64)) func(w *world) int64 {
			return func(w *world) int64 {
				id := w.match()
				for _, step := range steps {
					step(w, id)
				}
				return id
			}
		}
		accept := func(a func(w *world) *account) func(w *world, id int64) {
			return func(w *world, id int64) { w.m.must(200, w.m.do("POST", path(id, "accept"), a(w).Token, nil)) }
		}
		supplier := accept(func(w *world) *account { return w.uOwner })
		demander := accept(func(w *world) *account { return w.eOwner })
		move := func(status string) func(w *world, id int64) {
			return func(w *world, id int64) {
				w.m.must(200, w.m.do("POST", path(id, "move"), w.bOwner.Token, map[string]any{"status": status, "note": "推进对接", "price_fen": 6_000_000}))
			}
		}
		states := []state{
			{"proposed", taken()},
			{"proposed, the supplier accepted", taken(supplier)},
			{"proposed, both accepted", taken(supplier, demander)},
			{"contacted", taken(supplier, demander, move("contacted"))},
			{"negotiating", taken(supplier, demander, move("contacted"), move("negotiating"))},
			{"agreed", taken(supplier, demander, move("contacted"), move("negotiating"), move("agreed"))},
			{"failed", taken(move("failed"))},
		}
		moveTo := func(status string) func(w *world, id int64) (string, string, any) {
			return func(w *world, id int64) (string, string, any) {
				return "POST", path(id, "move"), map[string]any{"status": status, "note": "推进对接", "price_fen": 6_000_000}
			}
		}
		acts := map[string]func(w *world, id int64) (string, string, any){
			"accept":    func(w *world, id int64) (string, string, any) { return "POST", path(id, "accept"), nil },
			"decline":   func(w *world, id int64) (string, string, any) { return "POST", path(id, "decline"), nil },
			"contact":   moveTo("contacted"),
			"negotiate": moveTo("negotiating"),
			"agree":     moveTo("agreed"),
			"fail":      moveTo("failed"),
			"note": func(w *world, id int64) (string, string, any) {
				return "POST", path(id, "notes"), map[string]any{"note": "已电话沟通"}
			},
		}
		actions := func(w *world, a *account, id int64) []string { return w.actionsAt(a, "/api/v1/matches/"+itoa(id)) }
		// The broker firm's side, then each party's.
		for _, s := range []side{sideB, sideU, sideE} {
			w.walk(t, walk{kind: "match", side: s, states: states, acts: acts, actions: actions})
		}
	})
}
