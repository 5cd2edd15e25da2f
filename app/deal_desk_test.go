package app

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

// sseLines streams "event data" pairs of an auction's events from after lastID.
func sseLines(t *testing.T, base string, auctionID int64, lastID string) chan string {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "GET", fmt.Sprintf("%s/api/v1/auctions/%d/events?last_event_id=%s", base, auctionID, lastID), nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	out := make(chan string, 20)
	go func() {
		sc := bufio.NewScanner(res.Body)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				event = v
			}
			if v, ok := strings.CutPrefix(line, "data: "); ok && event != "hello" {
				out <- event + " " + v
			}
		}
	}()
	return out
}

func next(t *testing.T, ch chan string) string {
	t.Helper()
	select {
	case s := <-ch:
		return s
	case <-time.After(3 * time.Second):
		t.Fatal("no event within 3 s")
	}
	return ""
}

func TestAuctionSnapshotIDBidTimesAndLiveAdmission(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 1, now.Add(-time.Minute), now.Add(time.Hour), 5)
		m.must(201, am.bid(am.bidders[0], 100_000, "k1"))
		base := m.listen()
		go m.srv.hub.Run(t.Context(), "")
		time.Sleep(100 * time.Millisecond)

		// The snapshot names the last event it includes: a stream opened from there
		// replays nothing old and misses nothing new.
		snap := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/auctions/%d", am.auctionID), "", nil)).JSON(t)
		last := int64(snap["last_event_id"].(float64))
		if last < 1 || snap["auction"].(map[string]any)["lots"].([]any)[0].(map[string]any)["bid_count"].(float64) != 1 {
			t.Fatalf("snapshot %v", snap)
		}
		events := sseLines(t, base, am.auctionID, fmt.Sprint(last))
		late := m.signUp("late", models.RoleDemander, "后报名企业")
		m.verify(am.admin, late)
		ad := m.must(201, m.do("POST", fmt.Sprintf("/api/v1/auctions/%d/apply", am.auctionID), late.Token, nil)).JSON(t)
		admit := fmt.Sprintf("/api/v1/admissions/%d/admit", int64(ad["id"].(float64)))
		// The application is announced (the admin's list updates); applying again is the same application, unannounced.
		got := next(t, events)
		if !strings.HasPrefix(got, "applied ") || !strings.Contains(got, `"status":"applied"`) || strings.Contains(got, "org_id") {
			t.Fatalf("application event %q", got)
		}
		again := m.must(201, m.do("POST", fmt.Sprintf("/api/v1/auctions/%d/apply", am.auctionID), late.Token, nil)).JSON(t)
		if again["id"] != ad["id"] {
			t.Fatalf("a second application %v", again)
		}

		// Only the admin admits; a refused admission emits nothing.
		for _, a := range []*account{late, am.bidders[0]} {
			if r := m.do("POST", admit, a.Token, nil); r.Status != 403 {
				t.Fatalf("%s admits: %d", a.Username, r.Status)
			}
		}
		m.must(404, m.do("POST", "/api/v1/admissions/99999/admit", am.admin.Token, nil))
		m.must(200, m.do("POST", admit, am.admin.Token, nil))
		got = next(t, events)
		if !strings.HasPrefix(got, "admitted ") || !strings.Contains(got, fmt.Sprintf(`"admission_id":%d`, int64(ad["id"].(float64)))) ||
			!strings.Contains(got, `"status":"admitted"`) || strings.Contains(got, "org_id") {
			t.Fatalf("admission event %q", got)
		}
		if r := m.do("POST", admit, am.admin.Token, nil); r.Status != 409 {
			t.Fatalf("admitted twice: %d", r.Status)
		}

		// The admitted bidder bids at once; the event carries the bid's own time.
		before := time.Now().Add(-time.Second)
		m.must(201, am.bid(late, 110_000, "l1"))
		got = next(t, events)
		if !strings.HasPrefix(got, "bid ") || !strings.Contains(got, `"amount_fen":110000`) || !strings.Contains(got, `"created_at":"`) {
			t.Fatalf("bid event %q", got)
		}
		bids := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/lots/%d/bids", am.lotID), "", nil)).JSON(t)["items"].([]any)
		for _, b := range bids {
			at, err := time.Parse(time.RFC3339Nano, b.(map[string]any)["created_at"].(string))
			if err != nil || at.Before(now.Add(-time.Minute)) || at.After(time.Now()) {
				t.Errorf("bid time %v: %v", b, err)
			}
		}
		if first := bids[0].(map[string]any); first["amount_fen"].(float64) != 110_000 {
			t.Errorf("bids highest first: %v", bids)
		} else if at, _ := time.Parse(time.RFC3339Nano, first["created_at"].(string)); at.Before(before) {
			t.Errorf("bid time %s before the bid", at)
		}
		// The double admission and the refused admits left no event behind.
		select {
		case extra := <-events:
			t.Fatalf("unexpected event %q", extra)
		case <-time.After(300 * time.Millisecond):
		}
		m.must(404, m.do("GET", "/api/v1/auctions/99999", "", nil))
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

func TestRoadshowSaysWhetherTheCallerRegistered(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		ent := m.signUp("ent", models.RoleDemander, "参会企业")
		other := m.signUp("other", models.RoleDemander, "另一企业")
		for _, a := range []*account{sup, broker, ent, other} {
			m.verify(admin, a)
		}
		ach := m.publishAchievement(admin, sup, "路演用海洋生物活性物质提取技术")
		r := m.must(201, m.do("POST", "/api/v1/roadshows", broker.Token, map[string]any{"title": "海洋经济专场路演",
			"starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour), "online": false,
			"venue": "福州海峡会展中心", "capacity": 5, "achievement_ids": []int64{ach}})).JSON(t)
		path := fmt.Sprintf("/api/v1/roadshows/%d", int64(r["id"].(float64)))
		if got := m.must(200, m.do("GET", path, "", nil)).JSON(t); got["viewer_registered"] != nil {
			t.Fatalf("the public is told %v", got["viewer_registered"])
		}
		if got := m.must(200, m.do("GET", path, ent.Token, nil)).JSON(t); got["viewer_registered"] != false {
			t.Fatalf("before registering: %v", got["viewer_registered"])
		}
		m.must(201, m.do("POST", path+"/register", ent.Token, nil))
		if got := m.must(200, m.do("GET", path, ent.Token, nil)).JSON(t); got["viewer_registered"] != true || got["registered"].(float64) != 1 {
			t.Fatalf("after registering: %v", got)
		}
		if got := m.must(200, m.do("GET", path, other.Token, nil)).JSON(t); got["viewer_registered"] != false {
			t.Fatalf("another enterprise is told %v", got["viewer_registered"])
		}
		m.must(404, m.do("GET", "/api/v1/roadshows/99999", ent.Token, nil))
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
