package app

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

func TestHundredConcurrentAcceptancesMakeOneDeal(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		ach := m.publishAchievement(admin, sup, "挂牌用工业机器人视觉定位技术")
		o := m.must(201, m.do("POST", "/api/v1/offers", sup.Token, map[string]any{"achievement_id": ach, "price_fen": 5_000_000,
			"ends_at": time.Now().Add(24 * time.Hour)})).JSON(t)
		path := fmt.Sprintf("/api/v1/offers/%d/accept", int64(o["id"].(float64)))
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
		m.must(403, m.do("POST", path, sup.Token, nil))
	})
}

func TestWithdrawAnOfferAndTitledDeals(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		rival := m.signUp("rival", models.RoleSupplier, "福建农林大学")
		buyer := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		for _, a := range []*account{sup, rival, buyer} {
			m.verify(admin, a)
		}
		offer := func(title string) string {
			ach := m.publishAchievement(admin, sup, title)
			o := m.must(201, m.do("POST", "/api/v1/offers", sup.Token, map[string]any{"achievement_id": ach, "price_fen": 5_000_000,
				"ends_at": time.Now().Add(24 * time.Hour)})).JSON(t)
			return fmt.Sprintf("/api/v1/offers/%d", int64(o["id"].(float64)))
		}
		first := offer("挂牌用工业机器人视觉定位技术")
		if r := m.do("POST", first+"/withdraw", "", nil); r.Status != 401 {
			t.Fatalf("public withdraws: %d", r.Status)
		}
		if r := m.do("POST", first+"/withdraw", rival.Token, nil); r.Status != 403 || r.errorCode(t) != "not_your_offer" {
			t.Fatalf("another university withdraws: %d %s", r.Status, r.Body)
		}
		if r := m.do("POST", first+"/withdraw", buyer.Token, nil); r.Status != 403 {
			t.Fatalf("an enterprise withdraws: %d", r.Status)
		}
		m.must(404, m.do("POST", "/api/v1/offers/99999/withdraw", sup.Token, nil))
		m.must(400, m.do("POST", "/api/v1/offers/abc/withdraw", sup.Token, nil))
		w := m.must(200, m.do("POST", first+"/withdraw", sup.Token, nil)).JSON(t)
		if w["status"] != "withdrawn" {
			t.Fatalf("withdrawn offer %v", w)
		}
		if r := m.do("POST", first+"/withdraw", sup.Token, nil); r.Status != 409 {
			t.Fatalf("withdrawn twice: %d", r.Status)
		}
		if r := m.do("POST", first+"/accept", buyer.Token, nil); r.Status != 409 || r.errorCode(t) != "offer_closed" {
			t.Fatalf("accepting a withdrawn offer: %d %s", r.Status, r.Body)
		}
		if l := m.must(200, m.do("GET", "/api/v1/offers?status=withdrawn", "", nil)).JSON(t); l["total"].(float64) != 1 {
			t.Fatalf("withdrawn list %v", l)
		}

		// An accepted offer cannot be withdrawn, even by an admin; the deal carries the achievement's title.
		second := offer("高导热石墨烯膜连续化制备技术")
		m.must(200, m.do("POST", second+"/accept", buyer.Token, nil))
		if r := m.do("POST", second+"/withdraw", admin.Token, nil); r.Status != 409 {
			t.Fatalf("withdrawing an accepted offer: %d", r.Status)
		}
		third := offer("海洋生物活性物质提取技术")
		m.must(200, m.do("POST", third+"/withdraw", admin.Token, nil))
		for _, a := range []*account{buyer, sup} {
			deals := m.must(200, m.do("GET", "/api/v1/my/deals", a.Token, nil)).JSON(t)["items"].([]any)
			if len(deals) != 1 || deals[0].(map[string]any)["title"] != "高导热石墨烯膜连续化制备技术" {
				t.Fatalf("%s's deals: %v", a.Username, deals)
			}
		}
		if d := m.must(200, m.do("GET", "/api/v1/my/deals", rival.Token, nil)).JSON(t); d["total"].(float64) != 0 {
			t.Fatalf("another org sees the deal: %v", d)
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
			o := m.must(201, m.do("POST", "/api/v1/offers", sup.Token, map[string]any{"achievement_id": ach, "price_fen": 5_000_000,
				"ends_at": time.Now().Add(24 * time.Hour)})).JSON(t)
			path := fmt.Sprintf("/api/v1/offers/%d", int64(o["id"].(float64)))
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
				w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/offers/%d/accept", id), w.eOther.Token, nil))
				return id
			}},
			{"withdrawn", func(w *world) int64 {
				id := w.offer()
				w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/offers/%d/withdraw", id), w.uOwner.Token, nil))
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
