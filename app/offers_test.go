package app

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

// offer has the seller list its achievement (挂牌) at 5 万元 for a day.
func (m *market) offer(seller *account, ach int64) models.Offer {
	m.t.Helper()
	return call[models.Offer](m, seller, 201, "POST", "/api/v1/offers", map[string]any{"achievement_id": ach, "price_fen": 5_000_000,
		"ends_at": time.Now().Add(24 * time.Hour)})
}

func TestHundredConcurrentAcceptancesMakeOneDeal(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		ach := m.publishAchievement(admin, sup, "挂牌用工业机器人视觉定位技术")
		path := fmt.Sprintf("/api/v1/offers/%d/accept", m.offer(sup, ach).ID)
		var buyers []*account
		for i := 0; i < 10; i++ {
			b := m.signUp(fmt.Sprintf("buyer%02d", i), models.RoleDemander, fmt.Sprintf("摘牌企业%02d", i))
			m.verify(admin, b)
			buyers = append(buyers, b)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for g := 0; g < 100; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				r := m.do("POST", path, buyers[g%10].Token, nil)
				mu.Lock()
				defer mu.Unlock()
				switch r.Status {
				case 200:
					wins++
				case 409:
				default:
					t.Errorf("accept: %d %s", r.Status, r.Body)
				}
			}(g)
		}
		wg.Wait()
		var deals int64
		m.db.Model(&models.Deal{}).Where("achievement_id = ?", ach).Count(&deals)
		if wins != 1 || deals != 1 {
			t.Fatalf("%d acceptances won, %d deals", wins, deals)
		}
		var a models.Achievement
		m.db.First(&a, ach)
		if a.Status != models.StatusClosed || a.CloseReason != models.ClosedDealt {
			t.Errorf("listing after the deal: %s/%s", a.Status, a.CloseReason)
		}
		m.check(step{name: "the seller accepts its own offer", as: sup, method: "POST", path: path, want: 403})
	})
}

func TestWithdrawAnOfferAndTitledDeals(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		rival := m.signUp("rival", models.RoleSupplier, "福建农林大学")
		buyer := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		m.verify(admin, sup, rival, buyer)
		offer := func(title string) string {
			ach := m.publishAchievement(admin, sup, title)
			return fmt.Sprintf("/api/v1/offers/%d", m.offer(sup, ach).ID)
		}
		first := offer("挂牌用工业机器人视觉定位技术")
		m.play(t,
			step{name: "the public withdraws", method: "POST", path: first + "/withdraw", want: 401},
			step{name: "another university withdraws", as: rival, method: "POST", path: first + "/withdraw", want: 403, code: "not_your_offer"},
			step{name: "an enterprise withdraws", as: buyer, method: "POST", path: first + "/withdraw", want: 403},
			step{name: "no such offer", as: sup, method: "POST", path: "/api/v1/offers/99999/withdraw", want: 404},
			step{name: "an id that is no number", as: sup, method: "POST", path: "/api/v1/offers/abc/withdraw", want: 400},
		)
		if w := call[models.Offer](m, sup, 200, "POST", first+"/withdraw", nil); w.Status != "withdrawn" {
			t.Fatalf("withdrawn offer %+v", w)
		}
		m.play(t,
			step{name: "withdrawn twice", as: sup, method: "POST", path: first + "/withdraw", want: 409},
			step{name: "a withdrawn offer accepted", as: buyer, method: "POST", path: first + "/accept", want: 409, code: "offer_closed"},
		)
		if l := call[page[models.Offer]](m, nil, 200, "GET", "/api/v1/offers?status=withdrawn", nil); l.Total != 1 {
			t.Fatalf("withdrawn list %+v", l)
		}

		// An accepted offer cannot be withdrawn, even by an admin; the deal carries the achievement's title.
		second := offer("高导热石墨烯膜连续化制备技术")
		call[offerAccepted](m, buyer, 200, "POST", second+"/accept", nil)
		m.check(step{name: "an accepted offer withdrawn", as: admin, method: "POST", path: second + "/withdraw", want: 409})
		third := offer("海洋生物活性物质提取技术")
		call[models.Offer](m, admin, 200, "POST", third+"/withdraw", nil)
		for _, a := range []*account{buyer, sup} {
			if deals := call[page[titledDeal]](m, a, 200, "GET", "/api/v1/my/deals", nil).Items; len(deals) != 1 || deals[0].Title != "高导热石墨烯膜连续化制备技术" {
				t.Fatalf("%s's deals: %+v", a.Username, deals)
			}
		}
		if d := call[page[titledDeal]](m, rival, 200, "GET", "/api/v1/my/deals", nil); d.Total != 0 {
			t.Fatalf("another org sees the deal: %+v", d)
		}
	})
}

func TestWithdrawRacesAcceptanceOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		var buyers []*account
		for i := 0; i < 5; i++ {
			b := m.signUp(fmt.Sprintf("buyer%d", i), models.RoleDemander, fmt.Sprintf("摘牌企业%d", i))
			m.verify(admin, b)
			buyers = append(buyers, b)
		}
		for round := 0; round < 3; round++ {
			ach := m.publishAchievement(admin, sup, fmt.Sprintf("撤牌竞争用成果第%d项", round+1))
			path := fmt.Sprintf("/api/v1/offers/%d", m.offer(sup, ach).ID)
			var wg sync.WaitGroup
			var mu sync.Mutex
			won := map[string]int{}
			try := func(action, token string) {
				defer wg.Done()
				r := m.do("POST", path+"/"+action, token, nil)
				mu.Lock()
				defer mu.Unlock()
				switch r.Status {
				case 200:
					won[action]++
				case 409:
				default:
					t.Errorf("%s: %d %s", action, r.Status, r.Body)
				}
			}
			for i := 0; i < 10; i++ {
				wg.Add(1)
				go try("accept", buyers[i%5].Token)
				if i == 3 {
					wg.Add(1)
					go try("withdraw", sup.Token)
				}
			}
			wg.Wait()
			var deals int64
			m.db.Model(&models.Deal{}).Where("achievement_id = ?", ach).Count(&deals)
			if won["accept"]+won["withdraw"] != 1 || deals != int64(won["accept"]) {
				t.Fatalf("round %d: %v, %d deals", round, won, deals)
			}
		}
	})
}

// TestOfferActionsAreWhatIsAccepted walks listing trades (挂牌) through
// their states, as the listing university's side and as the enterprises'.
func TestOfferActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		moved := func(cols map[string]any) func(w *world) int64 {
			return func(w *world) int64 {
				id := w.offer()
				w.setStatus("offers", id, cols)
				return id
			}
		}
		states := []state{
			{"open", func(w *world) int64 { return w.offer() }},
			{"open, not started", moved(map[string]any{"starts_at": time.Now().Add(time.Hour).UTC()})},
			{"open, period over", moved(map[string]any{"ends_at": time.Now().Add(-time.Minute).UTC()})},
			{"accepted", func(w *world) int64 {
				id := w.offer()
				call[offerAccepted](w.m, w.eOther, 200, "POST", fmt.Sprintf("/api/v1/offers/%d/accept", id), nil)
				return id
			}},
			{"withdrawn", func(w *world) int64 {
				id := w.offer()
				call[models.Offer](w.m, w.uOwner, 200, "POST", fmt.Sprintf("/api/v1/offers/%d/withdraw", id), nil)
				return id
			}},
			{"expired", moved(map[string]any{"status": "expired", "ends_at": time.Now().Add(-time.Minute).UTC()})},
		}
		act := func(name string) func(w *world, id int64) (string, string, any) {
			return func(w *world, id int64) (string, string, any) {
				return "POST", fmt.Sprintf("/api/v1/offers/%d/%s", id, name), nil
			}
		}
		for _, s := range []side{sideU, sideE} {
			w.walk(t, walk{kind: "offer", side: s, states: states,
				acts: map[string]func(w *world, id int64) (string, string, any){"accept": act("accept"), "withdraw": act("withdraw")},
				actions: func(w *world, a *account, id int64) []string {
					return w.actionsIn(a, "/api/v1/offers?size=100", id)
				}})
		}
	})
}
