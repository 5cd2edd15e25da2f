package app

import (
	"fmt"
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
	n := call[models.Need](m, owner, 201, "POST", "/api/v1/needs", body)
	path := fmt.Sprintf("/api/v1/needs/%d", n.ID)
	call[models.Need](m, owner, 200, "POST", path+"/submit", nil)
	call[models.Need](m, admin, 200, "POST", path+"/approve", nil)
	return n.ID
}

func TestBrokerTakesANeedToAgreed(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		rival := m.signUp("rival", models.RoleBroker, "厦门技术转移中心")
		m.verify(admin, sup, dem, broker, rival)
		ach := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		need := m.publishNeed(admin, dem, "手机散热用高导热石墨烯膜")

		// Only brokers propose; bad input changes nothing.
		pair := map[string]any{"need_id": need, "achievement_id": ach}
		m.play(t,
			step{name: "a supplier proposes", as: sup, method: "POST", path: "/api/v1/matches", body: pair, want: 403},
			step{name: "without an achievement", as: broker, method: "POST", path: "/api/v1/matches", body: map[string]any{"need_id": need}, want: 422, field: "achievement_id"},
			step{name: "with no such achievement", as: broker, method: "POST", path: "/api/v1/matches", body: map[string]any{"need_id": need, "achievement_id": 9999}, want: 422},
		)
		if m.count(&models.Match{}) != 0 {
			t.Fatal("refused proposals stored a match")
		}
		proposed := call[models.Match](m, broker, 201, "POST", "/api/v1/matches", map[string]any{"need_id": need, "achievement_id": ach,
			"source": "recommendation", "reasons": []string{"共同关键词：石墨烯"}, "note": "双方方向一致"})
		path := "/api/v1/matches/" + strconv.FormatInt(proposed.ID, 10)
		m.check(step{name: "the pair proposed twice", as: broker, method: "POST", path: "/api/v1/matches", body: pair, want: 409})

		// Both sides were told.
		for _, a := range []*account{sup, dem} {
			n := call[notificationPage](m, a, 200, "GET", "/api/v1/notifications?unread=true", nil)
			if !strings.Contains(string(m.do("GET", "/api/v1/notifications", a.Token, nil).Body), "match.proposed") || n.Unread < 1 {
				t.Errorf("%s not notified: %+v", a.Username, n)
			}
		}
		// Firm B's broker can neither see nor move firm A's match.
		m.play(t,
			step{name: "another firm's broker reads it", as: rival, method: "GET", path: path, want: 404},
			step{name: "another firm's broker moves it", as: rival, method: "POST", path: path + "/move", body: map[string]any{"status": "failed"}, want: 404},
		)
		if l := call[page[models.Match]](m, rival, 200, "GET", "/api/v1/matches", nil); l.Total != 0 {
			t.Errorf("rival firm lists the match: %+v", l)
		}
		// Contacts stay hidden until both accept.
		if got := call[models.Match](m, dem, 200, "GET", path, nil); len(got.Contacts) != 0 {
			t.Errorf("contacts before acceptance: %+v", got.Contacts)
		}
		m.play(t,
			step{name: "contacted before acceptance", as: broker, method: "POST", path: path + "/move", body: map[string]any{"status": "contacted"}, want: 409, code: "not_accepted"},
			step{name: "the broker accepts", as: broker, method: "POST", path: path + "/accept", want: 403},
		)
		call[models.Match](m, sup, 200, "POST", path+"/accept", nil)
		if got := call[models.Match](m, sup, 200, "GET", path, nil); len(got.Contacts) != 0 {
			t.Errorf("contacts after one acceptance: %+v", got.Contacts)
		}
		call[models.Match](m, dem, 200, "POST", path+"/accept", nil)
		if got := m.expect(sup, 200, "GET", path, nil); !strings.Contains(string(got.Body), "13900000000") {
			t.Errorf("contacts after both accepted: %+v", decoded[models.Match](t, got).Contacts)
		}
		// Illegal jumps are refused with a Chinese 409.
		m.play(t,
			step{name: "proposed to agreed", as: broker, method: "POST", path: path + "/move", body: map[string]any{"status": "agreed"}, want: 409, code: "bad_transition"},
			step{name: "a negative price", as: broker, method: "POST", path: path + "/move", body: map[string]any{"status": "contacted", "price_fen": -1}, want: 422},
		)
		for _, st := range []string{"contacted", "negotiating"} {
			call[models.Match](m, broker, 200, "POST", path+"/move", map[string]any{"status": st, "note": "推进到" + st})
		}
		call[models.MatchNote](m, broker, 201, "POST", path+"/notes", map[string]any{"note": "双方约定下周签约"})
		m.check(step{name: "an empty note", as: broker, method: "POST", path: path + "/notes", body: map[string]any{"note": ""}, want: 422})
		done := call[models.Match](m, broker, 200, "POST", path+"/move", map[string]any{"status": "agreed", "price_fen": 60_000_000})
		if done.Status != "agreed" || done.DealID == nil || len(done.Notes) < 6 {
			t.Fatalf("agreed: %+v", done)
		}
		var deal models.Deal
		m.db.First(&deal, *done.DealID)
		if deal.PriceFen != 60_000_000 || deal.SellerOrgID != sup.OrgID || deal.BuyerOrgID != dem.OrgID || deal.Mode != models.DealNegotiated {
			t.Errorf("deal stub: %+v", deal)
		}
		m.check(step{name: "an agreed match fails", as: broker, method: "POST", path: path + "/move", body: map[string]any{"status": "failed"}, want: 409})

		// The agreed match counts as activity; its price is no 促成额 until a
		// contract naming the firm is registered.
		if perf := call[performance](m, broker, 200, "GET", "/api/v1/brokers/performance", nil); len(perf.Firms) != 1 || perf.Firms[0].Deals != 1 ||
			perf.Firms[0].Matches["agreed"] != 1 || perf.Firms[0].FacilitatedFen != 0 {
			t.Errorf("performance: %+v", perf)
		}
		if p := call[performance](m, rival, 200, "GET", "/api/v1/brokers/performance", nil); len(p.Firms) != 1 || p.Firms[0].OrgID != rival.OrgID || len(p.Brokers) != 0 {
			t.Errorf("rival sees other firms' performance: %+v", p)
		}
		m.play(t,
			step{name: "a supplier reads the performance", as: sup, method: "GET", path: "/api/v1/brokers/performance", want: 403},
			step{name: "a year that is no number", as: broker, method: "GET", path: "/api/v1/brokers/performance?year=abc", want: 422},
		)
	})
}

func TestDeclinedIntroductionFails(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		m.verify(admin, sup, dem, broker)
		ach := m.publishAchievement(admin, sup, "一种水产养殖尾水处理系统")
		need := m.publishNeed(admin, dem, "养殖尾水达标排放技术")
		pair := map[string]any{"need_id": need, "achievement_id": ach}
		path := "/api/v1/matches/" + strconv.FormatInt(call[models.Match](m, broker, 201, "POST", "/api/v1/matches", pair).ID, 10)
		if got := call[models.Match](m, dem, 200, "POST", path+"/decline", nil); got.Status != "failed" || got.DemanderResponse != "declined" || len(got.Contacts) != 0 {
			t.Errorf("declined: %+v", got)
		}
		m.check(step{name: "accepted once declined", as: sup, method: "POST", path: path + "/accept", want: 409})
		// The same pair may be proposed again once the first attempt failed.
		call[models.Match](m, broker, 201, "POST", "/api/v1/matches", pair)
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
			return func(w *world, id int64) { call[models.Match](w.m, a(w), 200, "POST", path(id, "accept"), nil) }
		}
		supplier := accept(func(w *world) *account { return w.uOwner })
		demander := accept(func(w *world) *account { return w.eOwner })
		move := func(status string) func(w *world, id int64) {
			return func(w *world, id int64) {
				call[models.Match](w.m, w.bOwner, 200, "POST", path(id, "move"), map[string]any{"status": status, "note": "推进对接", "price_fen": 6_000_000})
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
