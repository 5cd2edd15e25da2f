package app

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

// auctionMarket is a market with an admin, a seller and n admitted bidders.
type auctionMarket struct {
	*market
	admin, seller *account
	bidders       []*account
	auctionID     int64
	lotID         int64
}

func newAuction(t *testing.T, m *market, bidders int, start, end time.Time, window int) *auctionMarket {
	am := &auctionMarket{market: m, admin: m.admin()}
	am.seller = m.signUp("seller", models.RoleSupplier, "福州大学")
	m.verify(am.admin, am.seller)
	ach := m.publishAchievement(am.admin, am.seller, "拍卖用高效钙钛矿电池技术")
	body := map[string]any{"title": "2026 年冬季科技成果竞价会", "starts_at": start, "ends_at": end, "anti_snipe_minutes": window,
		"deposit_fen": 1_000_000, "lots": []map[string]any{{"achievement_id": ach, "start_price_fen": 100_000, "increment_fen": 10_000, "reserve_fen": 150_000}}}
	au := call[models.Auction](m, am.admin, 201, "POST", "/api/v1/auctions", body)
	if len(au.Lots) != 1 {
		t.Fatalf("auction: %+v", au)
	}
	am.auctionID, am.lotID = au.ID, au.Lots[0].ID
	if strings.Contains(string(m.do("GET", fmt.Sprintf("/api/v1/auctions/%d", am.auctionID), "", nil).Body), "reserve") {
		t.Fatal("the reserve price leaks")
	}
	for i := 0; i < bidders; i++ {
		b := m.signUp(fmt.Sprintf("bidder%02d", i), models.RoleDemander, fmt.Sprintf("竞买企业%02d", i))
		m.verify(am.admin, b)
		ad := call[models.Admission](m, b, 201, "POST", fmt.Sprintf("/api/v1/auctions/%d/apply", am.auctionID), nil)
		call[models.Admission](m, am.admin, 200, "POST", fmt.Sprintf("/api/v1/admissions/%d/admit", ad.ID), nil)
		am.bidders = append(am.bidders, b)
	}
	return am
}

func (am *auctionMarket) bid(b *account, amount any, key string) response {
	return am.do("POST", am.bidsPath(), b.Token, map[string]any{"amount_fen": amount, "client_key": key})
}

func (am *auctionMarket) bidsPath() string { return fmt.Sprintf("/api/v1/lots/%d/bids", am.lotID) }

// placed has b bid and decodes the bid it placed.
func (am *auctionMarket) placed(b *account, amount int64, key string) bidPlaced {
	am.t.Helper()
	return call[bidPlaced](am.market, b, 201, "POST", am.bidsPath(), map[string]any{"amount_fen": amount, "client_key": key})
}

func TestAuctionBidsRulesAndHammer(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(time.Hour), 5)
		a, b := am.bidders[0], am.bidders[1]
		outsider := m.signUp("outsider", models.RoleDemander, "未报名企业")
		m.verify(am.admin, outsider)
		bidsBefore := m.count(&models.Bid{})
		bad := func(name string, who *account, amount any, key string, want int, code string) step {
			return step{name: name, as: who, method: "POST", path: am.bidsPath(), body: map[string]any{"amount_fen": amount, "client_key": key}, want: want, code: code}
		}
		m.play(t,
			bad("amount as string", a, "十万", "k", 422, "invalid_input"),
			bad("fractional amount", a, 100000.5, "k", 422, "invalid_input"),
			bad("negative", a, -100000, "k", 422, "invalid_input"),
			bad("below start", a, 90_000, "k", 409, "below_start"),
			bad("no client key", a, 100_000, "", 422, "invalid_input"),
			bad("unadmitted bidder", outsider, 100_000, "k", 403, "not_admitted"),
			bad("seller", am.seller, 100_000, "k", 403, "forbidden"),
			step{name: "no such lot", as: a, method: "POST", path: "/api/v1/lots/99999/bids", body: map[string]any{"amount_fen": 100_000, "client_key": "x"}, want: 404},
		)
		if m.count(&models.Bid{}) != bidsBefore {
			t.Fatal("refused bids were stored")
		}
		am.placed(a, 100_000, "a-1")
		// A retried request with the same key is the same bid, not a second one.
		if again := am.placed(a, 100_000, "a-1"); m.count(&models.Bid{}) != 1 || again.Bid.AmountFen != 100_000 {
			t.Fatalf("replayed bid counted twice")
		}
		if r := am.bid(a, 110_000, "a-2"); r.errorCode(t) != "already_leading" {
			t.Errorf("leader raising itself: %s", r.Body)
		}
		am.placed(b, 130_000, "b-1")
		am.placed(a, 160_000, "a-3")
		// Hammer after the end: the highest bid at or over the reserve wins.
		m.db.Model(&models.Lot{}).Where("id = ?", am.lotID).Update("ends_at", time.Now().Add(-time.Second).UTC())
		if n, err := m.market.CloseDueLots(m.ctx, time.Now()); err != nil || n != 1 {
			t.Fatalf("closed %d: %v", n, err)
		}
		if n, _ := m.market.CloseDueLots(m.ctx, time.Now()); n != 0 {
			t.Error("closed twice")
		}
		var lot models.Lot
		m.db.First(&lot, am.lotID)
		var deal models.Deal
		if lot.Status != models.LotSold || lot.DealID == nil || m.db.First(&deal, *lot.DealID).Error != nil || deal.PriceFen != 160_000 || deal.BuyerOrgID != a.OrgID {
			t.Fatalf("hammer: lot %+v deal %+v", lot, deal)
		}
		var admissions []models.Admission
		m.db.Where("auction_id = ?", am.auctionID).Order("id").Find(&admissions)
		if admissions[0].Status != models.AdmissionAdmitted || admissions[1].Status != models.AdmissionReleased {
			t.Errorf("deposits: winner %s, loser %s", admissions[0].Status, admissions[1].Status)
		}
		m.check(bad("a bid after the close", b, 200_000, "b-late", 409, "lot_closed"))
		if deals := call[page[titledDeal]](m, a, 200, "GET", "/api/v1/my/deals", nil); deals.Total != 1 {
			t.Errorf("my deals: %+v", deals)
		}
		if d := call[page[titledDeal]](m, b, 200, "GET", "/api/v1/my/deals", nil); d.Total != 0 {
			t.Errorf("loser sees the deal: %+v", d)
		}
	})
}

func TestUnsoldBelowReserve(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 1, now.Add(-time.Minute), now.Add(time.Hour), 5)
		am.placed(am.bidders[0], 120_000, "k1")
		m.db.Model(&models.Lot{}).Where("id = ?", am.lotID).Update("ends_at", time.Now().Add(-time.Second).UTC())
		m.market.CloseDueLots(m.ctx, time.Now())
		var lot models.Lot
		m.db.First(&lot, am.lotID)
		if lot.Status != models.LotUnsold || lot.DealID != nil {
			t.Errorf("below reserve: %+v", lot)
		}
	})
}

func TestAntiSnipingExtendsExactlyInTheWindow(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(10*time.Minute), 5)
		am.placed(am.bidders[0], 100_000, "k1")
		var lot models.Lot
		m.db.First(&lot, am.lotID)
		if lot.EndsAt.Sub(now) < 9*time.Minute {
			t.Fatalf("a bid outside the window moved the end to %s", lot.EndsAt)
		}
		end := time.Now().Add(2 * time.Minute).UTC()
		m.db.Model(&models.Lot{}).Where("id = ?", am.lotID).Update("ends_at", end)
		before := time.Now()
		newEnd := am.placed(am.bidders[1], 110_000, "k2").Lot.EndsAt
		if newEnd.Before(before.Add(5*time.Minute)) || newEnd.After(time.Now().Add(5*time.Minute)) {
			t.Errorf("sniping bid: end %s, want 5 min after the bid (%s)", newEnd, before)
		}
	})
}

func TestConcurrentBidsAreSerialised(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 10, now.Add(-time.Minute), now.Add(time.Hour), 0)
		var wg sync.WaitGroup
		accepted := make(chan int64, 50)
		for g := 0; g < 50; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				b := am.bidders[g%10]
				// Each goroutine bids what it last saw plus one increment, like a browser.
				var lot models.Lot
				m.db.First(&lot, am.lotID)
				amount := lot.CurrentPriceFen + lot.IncrementFen
				if lot.BidCount == 0 {
					amount = lot.StartPriceFen
				}
				r := am.bid(b, amount, fmt.Sprintf("g%d", g))
				switch r.Status {
				case 201:
					accepted <- amount
				case 409:
				default:
					t.Errorf("bid: %d %s", r.Status, r.Body)
				}
			}(g)
		}
		wg.Wait()
		close(accepted)
		var amounts []int64
		for a := range accepted {
			amounts = append(amounts, a)
		}
		var bids []models.Bid
		m.db.Where("lot_id = ?", am.lotID).Order("id").Find(&bids)
		if len(bids) != len(amounts) || len(bids) == 0 {
			t.Fatalf("%d bids stored, %d accepted", len(bids), len(amounts))
		}
		seen := map[int64]bool{}
		for i, b := range bids {
			if seen[b.AmountFen] {
				t.Errorf("two bids at %d", b.AmountFen)
			}
			seen[b.AmountFen] = true
			if i > 0 && b.AmountFen < bids[i-1].AmountFen+10_000 {
				t.Errorf("bid %d (%d) below previous %d + increment", i, b.AmountFen, bids[i-1].AmountFen)
			}
		}
		sort.Slice(amounts, func(i, j int) bool { return amounts[i] < amounts[j] })
		var lot models.Lot
		m.db.First(&lot, am.lotID)
		if lot.CurrentPriceFen != amounts[len(amounts)-1] || lot.BidCount != len(bids) {
			t.Errorf("final price %d (count %d), highest accepted %d (count %d)", lot.CurrentPriceFen, lot.BidCount, amounts[len(amounts)-1], len(bids))
		}
	})
}

// A bid retried many times at once (a flaky network, a double click) is one
// bid: every copy answers 201 with the same bid, whichever copy got in.
func TestRetriedBidRacingItselfIsOneBid(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(time.Hour), 0)
		am.placed(am.bidders[1], 100_000, "first")
		var wg sync.WaitGroup
		ids := make(chan int64, 20)
		for g := 0; g < 20; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := am.bid(am.bidders[0], 110_000, "same-key")
				if r.Status != 201 {
					t.Errorf("copy of a bid: %d %s", r.Status, r.Body)
					return
				}
				var placed bidPlaced
				if err := json.Unmarshal(r.Body, &placed); err != nil || placed.Bid.ID == 0 {
					t.Errorf("copy of a bid: %v %s", err, r.Body)
					return
				}
				ids <- placed.Bid.ID
			}()
		}
		wg.Wait()
		close(ids)
		first := <-ids
		for id := range ids {
			if id != first {
				t.Fatalf("copies answered bids %v and %v", first, id)
			}
		}
		var lot models.Lot
		m.db.First(&lot, am.lotID)
		if n := m.count(&models.Bid{}); n != 2 || lot.BidCount != 2 || lot.CurrentPriceFen != 110_000 {
			t.Fatalf("%d bids stored, lot %+v", n, lot)
		}
	})
}

func TestUnsignedWinnerForfeitsAndRunnerUpGetsTheLot(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(time.Hour), 0)
		a, b := am.bidders[0], am.bidders[1]
		am.placed(b, 150_000, "b1")
		am.placed(a, 170_000, "a1")
		m.db.Model(&models.Lot{}).Where("id = ?", am.lotID).Update("ends_at", time.Now().Add(-time.Second).UTC())
		m.market.CloseDueLots(m.ctx, time.Now())
		var lot models.Lot
		m.db.First(&lot, am.lotID)
		runnerPath := fmt.Sprintf("/api/v1/lots/%d/runner-up", am.lotID)
		m.check(step{name: "the runner-up before the winner forfeits", as: am.admin, method: "POST", path: runnerPath, want: 409})
		if n, _ := m.market.ForfeitUnsignedDeals(m.ctx, time.Now()); n != 0 {
			t.Fatal("forfeited inside the signing period")
		}
		if n, _ := m.market.ForfeitUnsignedDeals(m.ctx, time.Now().AddDate(0, 0, 8)); n != 1 {
			t.Fatal("not forfeited after 5 working days")
		}
		m.check(step{name: "the forfeiting winner gives the lot on", as: a, method: "POST", path: runnerPath, want: 403})
		d := call[models.Deal](m, am.admin, 201, "POST", runnerPath, nil)
		if d.BuyerOrgID != b.OrgID || d.PriceFen != 150_000 {
			t.Fatalf("runner-up deal: %+v", d)
		}
		path := fmt.Sprintf("/api/v1/deals/%d/confirm", d.ID)
		m.check(step{name: "the forfeited winner confirms", as: a, method: "POST", path: path, want: 404})
		if c := call[models.Deal](m, b, 200, "POST", path, nil); c.Status != "confirmed" {
			t.Errorf("confirmed: %+v", c)
		}
		m.check(step{name: "confirmed twice", as: b, method: "POST", path: path, want: 409})
		var forfeited models.Admission
		m.db.Where("auction_id = ? AND org_id = ?", am.auctionID, a.OrgID).First(&forfeited)
		if forfeited.Status != models.AdmissionForfeited {
			t.Errorf("winner's deposit: %s", forfeited.Status)
		}
	})
}

// auctionOfLot is the auction a lot belongs to.
func (w *world) auctionOfLot(lotID int64) int64 {
	var l models.Lot
	if err := w.m.db.First(&l, lotID).Error; err != nil {
		w.t.Fatal(err)
	}
	return l.AuctionID
}

// admit has the enterprise apply to the auction and the admin admit it.
func (w *world) admit(auctionID int64, e *account) {
	ad := call[models.Admission](w.m, e, 201, "POST", fmt.Sprintf("/api/v1/auctions/%d/apply", auctionID), nil)
	call[models.Admission](w.m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/admissions/%d/admit", ad.ID), nil)
}

func (w *world) placeBid(lotID int64, e *account, amount int64) {
	call[bidPlaced](w.m, e, 201, "POST", fmt.Sprintf("/api/v1/lots/%d/bids", lotID),
		map[string]any{"amount_fen": amount, "client_key": fmt.Sprintf("walk-%d", w.next())})
}

// auctionDetailOf is GET /auctions/{id} as a; nil when a may not read it.
func (w *world) auctionDetailOf(a *account, auctionID int64) *models.Auction {
	r := w.send("GET", fmt.Sprintf("/api/v1/auctions/%d", auctionID), tokenOf(a), nil)
	if r.Status != 200 {
		return nil
	}
	d := decoded[auctionDetail](w.t, r)
	return &d.Auction
}

// TestAuctionActionsAreWhatIsAccepted: verified enterprises apply to bid
// until the auction ends.
func TestAuctionActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		states := []state{
			{"upcoming", func(w *world) int64 { id, _ := w.auction(time.Hour); return id }},
			{"live", func(w *world) int64 { id, _ := w.auction(-time.Minute); return id }},
			{"ended", func(w *world) int64 {
				id, lot := w.auction(-time.Minute)
				w.hammer(lot)
				return id
			}},
		}
		w.walk(t, walk{kind: "auction", side: sideE, states: states,
			acts: map[string]func(w *world, id int64) (string, string, any){
				"apply": func(w *world, id int64) (string, string, any) {
					return "POST", fmt.Sprintf("/api/v1/auctions/%d/apply", id), nil
				},
			},
			actions: func(w *world, a *account, id int64) []string {
				if au := w.auctionDetailOf(a, id); au != nil {
					return au.Actions
				}
				return nil
			}})
	})
}

// TestLotActionsAreWhatIsAccepted walks a lot from before its start to
// after its hammer: admitted enterprises bid while it runs and another
// leads; a market admin gives a forfeited lot to the runner-up.
func TestLotActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		forfeit := func(w *world, dealID int64) {
			w.setStatus("deals", dealID, map[string]any{"status": "forfeited"})
			w.m.db.Model(&models.Admission{}).Where("org_id = ?", w.eOwner.OrgID).Update("status", "forfeited")
		}
		states := []state{
			{"upcoming", func(w *world) int64 {
				au, lot := w.auction(time.Hour)
				w.admit(au, w.eOwner)
				return lot
			}},
			{"live", func(w *world) int64 { _, lot := w.liveLot(); return lot }},
			{"live, E leads", func(w *world) int64 {
				_, lot := w.liveLot()
				w.placeBid(lot, w.eOwner, 1_000_000)
				return lot
			}},
			{"live, another leads", func(w *world) int64 {
				au, lot := w.liveLot()
				w.admit(au, w.eOther)
				w.placeBid(lot, w.eOther, 1_000_000)
				return lot
			}},
			{"awaiting the hammer", func(w *world) int64 {
				_, lot := w.liveLot()
				w.setStatus("lots", lot, map[string]any{"ends_at": time.Now().Add(-time.Second).UTC()})
				return lot
			}},
			{"sold", func(w *world) int64 { lot, _ := w.soldLot(); return lot }},
			{"sold, buyer forfeited, a runner-up", func(w *world) int64 {
				au, lot := w.liveLot()
				w.admit(au, w.eOther)
				w.placeBid(lot, w.eOther, 1_500_000)
				w.placeBid(lot, w.eOwner, 1_600_000)
				w.hammer(lot)
				var l models.Lot
				w.m.db.First(&l, lot)
				forfeit(w, *l.DealID)
				return lot
			}},
			{"sold, buyer forfeited, nobody else bid", func(w *world) int64 {
				lot, deal := w.soldLot()
				forfeit(w, deal)
				return lot
			}},
			{"unsold", func(w *world) int64 {
				_, lot := w.liveLot()
				w.hammer(lot)
				return lot
			}},
		}
		w.walk(t, walk{kind: "lot", side: sideE, states: states,
			acts: map[string]func(w *world, id int64) (string, string, any){
				"bid": func(w *world, id int64) (string, string, any) {
					var l models.Lot
					w.m.db.First(&l, id)
					amount := l.StartPriceFen
					if l.BidCount > 0 {
						amount = l.CurrentPriceFen + l.IncrementFen
					}
					return "POST", fmt.Sprintf("/api/v1/lots/%d/bids", id), map[string]any{"amount_fen": amount, "client_key": fmt.Sprintf("walk-%d", w.next())}
				},
				"runner_up": func(w *world, id int64) (string, string, any) {
					return "POST", fmt.Sprintf("/api/v1/lots/%d/runner-up", id), nil
				},
			},
			actions: func(w *world, a *account, id int64) []string {
				au := w.auctionDetailOf(a, w.auctionOfLot(id))
				if au == nil {
					return nil
				}
				for _, l := range au.Lots {
					if l.ID == id {
						return l.Actions
					}
				}
				return nil
			}})
	})
}

// TestAdmissionActionsAreWhatIsAccepted: a market admin admits an
// application once; the rest follows the lots.
func TestAdmissionActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		applied := func(w *world) int64 { au, _ := w.auction(time.Hour); return w.admission(au) }
		moved := func(status string) func(w *world) int64 {
			return func(w *world) int64 {
				id := applied(w)
				w.setStatus("admissions", id, map[string]any{"status": status})
				return id
			}
		}
		w.walk(t, walk{kind: "admission", side: sideE,
			states: []state{{"applied", applied}, {"admitted", moved("admitted")}, {"released", moved("released")}, {"forfeited", moved("forfeited")}},
			acts: map[string]func(w *world, id int64) (string, string, any){
				"admit": func(w *world, id int64) (string, string, any) {
					return "POST", fmt.Sprintf("/api/v1/admissions/%d/admit", id), nil
				},
			},
			actions: func(w *world, a *account, id int64) []string {
				var ad models.Admission
				if err := w.m.db.First(&ad, id).Error; err != nil {
					w.t.Fatal(err)
				}
				return w.actionsIn(a, fmt.Sprintf("/api/v1/auctions/%d/admissions", ad.AuctionID), id)
			}})
	})
}
