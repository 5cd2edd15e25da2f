package app

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

// periodCast is a university selling by listing period and five verified
// enterprises that may register interest.
type periodCast struct {
	admin, sup *account
	buyers     []*account
}

func newPeriodCast(m *market) periodCast {
	m.t.Helper()
	c := periodCast{admin: m.admin(), sup: m.signUp("seller", models.RoleSupplier, "福州大学")}
	m.verify(c.admin, c.sup)
	for i := range 5 {
		b := m.signUp(fmt.Sprintf("buyer%d", i), models.RoleDemander, fmt.Sprintf("意向企业%d", i))
		m.verify(c.admin, b)
		c.buyers = append(c.buyers, b)
	}
	return c
}

// periodOffer lists a new achievement for a period of 20 working days at 5 万元, with extra fields.
func (c periodCast) periodOffer(m *market, title string, extra map[string]any) models.Offer {
	m.t.Helper()
	ach := m.publishAchievement(c.admin, c.sup, title)
	body := map[string]any{"achievement_id": ach, "price_fen": 5_000_000, "mode": "period", "period_days": 20}
	for k, v := range extra {
		body[k] = v
	}
	return call[models.Offer](m, c.sup, 201, "POST", "/api/v1/offers", body)
}

// endPeriod moves the offer's end into the past and runs the scheduler's job.
func endPeriod(m *market, id int64) {
	m.t.Helper()
	m.db.Model(&models.Offer{}).Where("id = ?", id).Update("ends_at", time.Now().Add(-time.Second).UTC())
	if _, err := m.market.ExpireOffers(m.ctx, time.Now()); err != nil {
		m.t.Fatal(err)
	}
}

func offerPath(id int64, act string) string {
	if act == "" {
		return fmt.Sprintf("/api/v1/offers/%d", id)
	}
	return fmt.Sprintf("/api/v1/offers/%d/%s", id, act)
}

// TestListingPeriodWithNoneOneAndThreeBuyers: at the end of a listing
// period nobody registered ends the offer (or relists it once at the price
// chosen in advance), one qualified buyer takes it at the listed price, and
// three bid for it in an auction among exactly them, which a fourth
// enterprise can neither join nor bid in.
func TestListingPeriodWithNoneOneAndThreeBuyers(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := newPeriodCast(m)
		b := c.buyers

		// Nobody: the listing ends and the achievement is free again.
		none := c.periodOffer(m, "挂牌期无人登记的成果", nil)
		if none.Mode != models.OfferPeriod || !none.EndsAt.After(none.StartsAt.AddDate(0, 0, 27)) {
			t.Fatalf("20 working days: %s to %s", none.StartsAt, none.EndsAt)
		}
		endPeriod(m, none.ID)
		if o := call[models.Offer](m, c.sup, 200, "GET", offerPath(none.ID, ""), nil); o.Status != models.OfferExpired {
			t.Fatalf("nobody registered: %s", o.Status)
		}
		var sales int64
		m.db.Model(&models.AchievementSale{}).Where("achievement_id = ?", none.AchievementID).Count(&sales)
		if sales != 0 {
			t.Errorf("the expired offer still holds its achievement")
		}

		// Nobody, with a relist price: a second period at that price, and no third.
		relist := c.periodOffer(m, "挂牌期满降价重新挂牌的成果", map[string]any{"relist_price_fen": 4_000_000})
		endPeriod(m, relist.ID)
		o := call[models.Offer](m, c.sup, 200, "GET", offerPath(relist.ID, ""), nil)
		if o.Status != models.OfferOpen || o.PriceFen != 4_000_000 || o.RelistPriceFen != nil || o.RelistedAt == nil || !o.EndsAt.After(time.Now().AddDate(0, 0, 20)) {
			t.Fatalf("relisted: %+v", o)
		}
		endPeriod(m, relist.ID)
		if o := call[models.Offer](m, c.sup, 200, "GET", offerPath(relist.ID, ""), nil); o.Status != models.OfferExpired {
			t.Fatalf("after the second period: %s", o.Status)
		}

		// One: a deal at the listed price, as an accepted offer makes.
		one := c.periodOffer(m, "挂牌期一家意向受让的成果", nil)
		reg := call[models.OfferRegistration](m, b[0], 201, "POST", offerPath(one.ID, "register"), nil)
		if reg.Status != models.RegistrationQualified {
			t.Fatalf("no deposit asked: %s", reg.Status)
		}
		endPeriod(m, one.ID)
		o = call[models.Offer](m, b[0], 200, "GET", offerPath(one.ID, ""), nil)
		if o.Status != models.OfferAccepted || o.DealID == nil || o.BuyerOrgID == nil || *o.BuyerOrgID != b[0].OrgID {
			t.Fatalf("one buyer: %+v", o)
		}
		var d models.Deal
		m.db.First(&d, *o.DealID)
		if d.BuyerOrgID != b[0].OrgID || d.PriceFen != 5_000_000 || d.Mode != models.DealListing || d.Status != models.DealConfirmed {
			t.Fatalf("the deal: %+v", d)
		}
		if deals := call[page[titledDeal]](m, b[0], 200, "GET", "/api/v1/my/deals", nil); deals.Total != 1 {
			t.Fatalf("the buyer's deals: %+v", deals)
		}
		if deals := call[page[titledDeal]](m, b[1], 200, "GET", "/api/v1/my/deals", nil); deals.Total != 0 {
			t.Fatalf("another enterprise sees the deal: %+v", deals)
		}

		// Three, with a deposit an admin confirms, and a fourth whose deposit
		// never arrived: an auction among exactly the three.
		three := c.periodOffer(m, "挂牌期多家意向受让转竞价的成果", map[string]any{"deposit_fen": 500_000})
		regs := map[int64]int64{}
		for _, x := range b[:4] {
			r := call[models.OfferRegistration](m, x, 201, "POST", offerPath(three.ID, "register"), nil)
			if r.Status != models.RegistrationPending || r.DepositFen != 500_000 {
				t.Fatalf("a deposit is asked: %+v", r)
			}
			regs[x.OrgID] = r.ID
		}
		for _, x := range b[:3] {
			r := call[models.OfferRegistration](m, c.admin, 200, "POST", fmt.Sprintf("/api/v1/offer-registrations/%d/confirm", regs[x.OrgID]), nil)
			if r.Status != models.RegistrationQualified {
				t.Fatalf("confirmed: %+v", r)
			}
		}
		// The seller sees who registered; each buyer only itself; the public nothing.
		seen := call[itemsOf[models.OfferRegistration]](m, c.sup, 200, "GET", offerPath(three.ID, "registrations"), nil).Items
		if len(seen) != 4 || seen[0].OrgName != "意向企业0" {
			t.Fatalf("the seller sees %+v", seen)
		}
		for _, x := range b[:4] {
			own := call[itemsOf[models.OfferRegistration]](m, x, 200, "GET", offerPath(three.ID, "registrations"), nil).Items
			if len(own) != 1 || own[0].OrgID != x.OrgID {
				t.Fatalf("%s sees %+v", x.Username, own)
			}
		}
		if other := call[itemsOf[models.OfferRegistration]](m, b[4], 200, "GET", offerPath(three.ID, "registrations"), nil).Items; len(other) != 0 {
			t.Fatalf("an unregistered enterprise sees %+v", other)
		}
		m.check(step{name: "the public lists registrations", method: "GET", path: offerPath(three.ID, "registrations"), want: 401})
		if o := call[models.Offer](m, c.sup, 200, "GET", offerPath(three.ID, ""), nil); o.Registrations == nil || *o.Registrations != 4 {
			t.Fatalf("the seller's count: %+v", o.Registrations)
		}
		if o := call[models.Offer](m, b[1], 200, "GET", offerPath(three.ID, ""), nil); o.Registrations != nil || o.MyRegistration == nil ||
			!slices.Equal(o.Actions, []string{"unregister"}) {
			t.Fatalf("a buyer's view: %+v", o)
		}
		if o := call[models.Offer](m, b[4], 200, "GET", offerPath(three.ID, ""), nil); o.MyRegistration != nil || !slices.Equal(o.Actions, []string{"register"}) {
			t.Fatalf("an unregistered buyer's view: %+v", o)
		}

		endPeriod(m, three.ID)
		o = call[models.Offer](m, c.sup, 200, "GET", offerPath(three.ID, ""), nil)
		if o.Status != models.OfferAuctioned || o.AuctionID == nil || len(o.Actions) != 0 {
			t.Fatalf("three buyers: %+v", o)
		}
		notes := func(a *account) notificationPage {
			return call[notificationPage](m, a, 200, "GET", "/api/v1/notifications?size=100", nil)
		}
		for _, x := range b[:3] {
			if p := notes(x); !notifiedOf(p, "offer.auctioned") || notifiedOf(p, "offer.not_qualified") {
				t.Errorf("%s, admitted, was not told so: %+v", x.Username, p.Items)
			}
		}
		if p := notes(b[3]); !notifiedOf(p, "offer.not_qualified") || notifiedOf(p, "offer.auctioned") {
			t.Errorf("the enterprise whose deposit never arrived was not told: %+v", p.Items)
		}
		if !notifiedOf(notes(c.sup), "offer.auctioned") {
			t.Error("the seller was not told of the auction")
		}
		auction := fmt.Sprintf("/api/v1/auctions/%d", *o.AuctionID)
		au := call[auctionDetail](m, b[0], 200, "GET", auction, nil).Auction
		if len(au.Lots) != 1 || au.Lots[0].StartPriceFen != 5_000_000 || au.Phase != models.AuctionLive || au.OfferID == nil || au.DepositFen != 500_000 {
			t.Fatalf("the auction: %+v", au)
		}
		lot := fmt.Sprintf("/api/v1/lots/%d/bids", au.Lots[0].ID)
		for i, x := range b[:3] {
			got := call[auctionDetail](m, x, 200, "GET", auction, nil).Auction
			if !slices.Equal(got.Lots[0].Actions, []string{"bid"}) || len(got.Actions) != 0 {
				t.Fatalf("%s in the auction: %v %v", x.Username, got.Actions, got.Lots[0].Actions)
			}
			call[bidPlaced](m, x, 201, "POST", lot, bidBody{AmountFen: 5_000_000 + int64(i)*50_000, ClientKey: "k"})
		}
		before := tableCounts(t, m)
		for _, x := range b[3:] {
			got := call[auctionDetail](m, x, 200, "GET", auction, nil).Auction
			if len(got.Lots[0].Actions) != 0 || len(got.Actions) != 0 {
				t.Fatalf("%s, not among the three: %v %v", x.Username, got.Actions, got.Lots[0].Actions)
			}
			m.play(t,
				step{name: x.Username + " applies", as: x, method: "POST", path: auction + "/apply", want: 403, code: "restricted_auction"},
				step{name: x.Username + " bids", as: x, method: "POST", path: lot, body: bidBody{AmountFen: 6_000_000, ClientKey: "x"}, want: 403, code: "not_admitted"},
			)
		}
		m.play(t,
			step{name: "register after the period", as: b[4], method: "POST", path: offerPath(three.ID, "register"), want: 409, code: "offer_closed"},
			step{name: "unregister after the period", as: b[0], method: "POST", path: offerPath(three.ID, "unregister"), want: 409, code: "offer_closed"},
			step{name: "confirm a deposit after the period", as: c.admin, method: "POST", path: fmt.Sprintf("/api/v1/offer-registrations/%d/confirm", regs[b[3].OrgID]), want: 409},
		)
		sameCounts(t, before, tableCounts(t, m))
		// The hammer: the best of the three buys it.
		m.db.Model(&models.Lot{}).Where("id = ?", au.Lots[0].ID).Update("ends_at", time.Now().Add(-time.Second).UTC())
		if _, err := m.market.CloseDueLots(m.ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		var won models.Deal
		m.db.Where("achievement_id = ?", three.AchievementID).First(&won)
		if won.BuyerOrgID != b[2].OrgID || won.PriceFen != 5_100_000 || won.Mode != models.DealAuction {
			t.Fatalf("the auction's deal: %+v", won)
		}
	})
}

// TestListingPeriodRefusalsChangeNothing: bad offers, registrations by
// those who may not register, twice, or on an offer of the other mode, are
// refused with a Chinese message and store nothing.
func TestListingPeriodRefusalsChangeNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := newPeriodCast(m)
		unverified := m.signUp("unverified", models.RoleDemander, "未认证企业")
		otherSup := m.signUp("othersup", models.RoleSupplier, "福建农林大学")
		m.verify(c.admin, otherSup)
		ach := m.publishAchievement(c.admin, c.sup, "挂牌期输入校验用成果")
		offer := c.periodOffer(m, "挂牌期登记校验用成果", nil)
		call[models.OfferRegistration](m, c.buyers[0], 201, "POST", offerPath(offer.ID, "register"), nil)
		first := m.offer(c.sup, m.publishAchievement(c.admin, c.sup, "先到先得挂牌的成果"))
		bad := func(extra map[string]any) map[string]any {
			body := map[string]any{"achievement_id": ach, "price_fen": 5_000_000, "mode": "period", "period_days": 20}
			for k, v := range extra {
				body[k] = v
			}
			return body
		}
		before := tableCounts(t, m)
		m.play(t,
			step{name: "no period", as: c.sup, method: "POST", path: "/api/v1/offers", body: bad(map[string]any{"period_days": 0}), want: 422, field: "period_days"},
			step{name: "a period too long", as: c.sup, method: "POST", path: "/api/v1/offers", body: bad(map[string]any{"period_days": 61}), want: 422, field: "period_days"},
			step{name: "a deposit over the price", as: c.sup, method: "POST", path: "/api/v1/offers", body: bad(map[string]any{"deposit_fen": 5_000_001}), want: 422, field: "deposit_fen"},
			step{name: "a negative deposit", as: c.sup, method: "POST", path: "/api/v1/offers", body: bad(map[string]any{"deposit_fen": -1}), want: 422, field: "deposit_fen"},
			step{name: "a relist price not lower", as: c.sup, method: "POST", path: "/api/v1/offers", body: bad(map[string]any{"relist_price_fen": 5_000_000}), want: 422, field: "relist_price_fen"},
			step{name: "a relist price of nothing", as: c.sup, method: "POST", path: "/api/v1/offers", body: bad(map[string]any{"relist_price_fen": 0}), want: 422, field: "relist_price_fen"},
			step{name: "an unknown mode", as: c.sup, method: "POST", path: "/api/v1/offers", body: bad(map[string]any{"mode": "lottery"}), want: 422, field: "mode"},
			step{name: "a deposit on first come first served", as: c.sup, method: "POST", path: "/api/v1/offers",
				body: bad(map[string]any{"mode": "first_accept", "period_days": 0, "deposit_fen": 100, "ends_at": time.Now().Add(time.Hour)}), want: 422, field: "mode"},
			step{name: "the seller registers", as: c.sup, method: "POST", path: offerPath(offer.ID, "register"), want: 403},
			step{name: "another university registers", as: otherSup, method: "POST", path: offerPath(offer.ID, "register"), want: 403},
			step{name: "an unverified enterprise registers", as: unverified, method: "POST", path: offerPath(offer.ID, "register"), want: 403},
			step{name: "the public registers", method: "POST", path: offerPath(offer.ID, "register"), want: 401},
			step{name: "registered twice", as: c.buyers[0], method: "POST", path: offerPath(offer.ID, "register"), want: 409, code: "already_registered"},
			step{name: "unregister without registering", as: c.buyers[1], method: "POST", path: offerPath(offer.ID, "unregister"), want: 404},
			step{name: "accept a period offer", as: c.buyers[1], method: "POST", path: offerPath(offer.ID, "accept"), want: 409, code: "offer_mode"},
			step{name: "register on first come first served", as: c.buyers[1], method: "POST", path: offerPath(first.ID, "register"), want: 409, code: "offer_mode"},
			step{name: "no such offer", as: c.buyers[1], method: "POST", path: "/api/v1/offers/99999/register", want: 404},
			step{name: "confirm a deposit nobody asked", as: c.admin, method: "POST", path: "/api/v1/offer-registrations/1/confirm", want: 409},
			step{name: "an enterprise confirms a deposit", as: c.buyers[0], method: "POST", path: "/api/v1/offer-registrations/1/confirm", want: 403},
			step{name: "no such registration", as: c.admin, method: "POST", path: "/api/v1/offer-registrations/99999/confirm", want: 404},
		)
		sameCounts(t, before, tableCounts(t, m))
		// Once the period is over, before the scheduler has ended it, the
		// seller may no longer withdraw: the registrations decide.
		m.db.Model(&models.Offer{}).Where("id = ?", offer.ID).Update("ends_at", time.Now().Add(-time.Second).UTC())
		before = tableCounts(t, m)
		m.play(t,
			step{name: "withdraw after the period", as: c.sup, method: "POST", path: offerPath(offer.ID, "withdraw"), want: 409, code: "offer_closed"},
			step{name: "register after the period", as: c.buyers[1], method: "POST", path: offerPath(offer.ID, "register"), want: 409, code: "offer_closed"},
		)
		sameCounts(t, before, tableCounts(t, m))
		m.db.Model(&models.Offer{}).Where("id = ?", offer.ID).Update("ends_at", time.Now().AddDate(0, 0, 20).UTC())
		// Unregistering within the period removes it, and registering again is allowed.
		if o := call[models.Offer](m, c.buyers[0], 200, "POST", offerPath(offer.ID, "unregister"), nil); o.MyRegistration != nil || !slices.Equal(o.Actions, []string{"register"}) {
			t.Fatalf("after unregistering: %+v", o)
		}
		call[models.OfferRegistration](m, c.buyers[0], 201, "POST", offerPath(offer.ID, "register"), nil)
		// Withdrawing the offer within the period tells the registered enterprise.
		call[models.Offer](m, c.sup, 200, "POST", offerPath(offer.ID, "withdraw"), nil)
		if p := call[notificationPage](m, c.buyers[0], 200, "GET", "/api/v1/notifications?size=100", nil); !notifiedOf(p, "offer.withdrawn") {
			t.Errorf("the registered enterprise was not told of the withdrawal: %+v", p.Items)
		}
		if p := call[notificationPage](m, c.buyers[1], 200, "GET", "/api/v1/notifications?size=100", nil); notifiedOf(p, "offer.withdrawn") {
			t.Error("an enterprise that did not register was told of the withdrawal")
		}
	})
}

// TestRegistrationsRaceThePeriodEnd: enterprises register while the
// scheduler (two processes' worth) ends the period. Each registration is
// either counted or refused: the auction admits exactly the organisations
// whose registration succeeded, and the period ends once.
func TestRegistrationsRaceThePeriodEnd(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := newPeriodCast(m)
		for i := 5; i < 8; i++ {
			x := m.signUp(fmt.Sprintf("buyer%d", i), models.RoleDemander, fmt.Sprintf("意向企业%d", i))
			m.verify(c.admin, x)
			c.buyers = append(c.buyers, x)
		}
		for round := range 3 {
			o := c.periodOffer(m, fmt.Sprintf("挂牌期竞争登记用成果第%d项", round+1), nil)
			end := time.Now().Add(150 * time.Millisecond)
			m.db.Model(&models.Offer{}).Where("id = ?", o.ID).Update("ends_at", end.UTC())
			var wg sync.WaitGroup
			var mu sync.Mutex
			registered := []int64{}
			ended := 0
			for i, x := range c.buyers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					time.Sleep(time.Duration(i*40) * time.Millisecond)
					r := m.do("POST", offerPath(o.ID, "register"), x.Token, nil)
					mu.Lock()
					defer mu.Unlock()
					switch r.Status {
					case 201:
						registered = append(registered, x.OrgID)
					case 409:
					default:
						t.Errorf("register: %d %s", r.Status, r.Body)
					}
				}()
			}
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Each process runs the job until past the end and
					// someone has ended the period (or ten seconds passed).
					for deadline := end.Add(10 * time.Second); time.Now().Before(deadline); {
						n, err := m.market.ExpireOffers(m.ctx, time.Now())
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						ended += n
						done := ended > 0 && time.Now().After(end.Add(300*time.Millisecond))
						mu.Unlock()
						if done {
							return
						}
						time.Sleep(5 * time.Millisecond)
					}
				}()
			}
			wg.Wait()
			var got models.Offer
			m.db.First(&got, o.ID)
			var rows int64
			m.db.Model(&models.OfferRegistration{}).Where("offer_id = ?", o.ID).Count(&rows)
			if ended != 1 || int(rows) != len(registered) {
				t.Fatalf("round %d: ended %d times; %d registrations answered 201, %d stored", round, ended, len(registered), rows)
			}
			switch len(registered) {
			case 0:
				if got.Status != models.OfferExpired {
					t.Fatalf("round %d, nobody: %s", round, got.Status)
				}
			case 1:
				if got.Status != models.OfferAccepted || *got.BuyerOrgID != registered[0] {
					t.Fatalf("round %d, one: %+v", round, got)
				}
			default:
				var admitted []int64
				m.db.Model(&models.Admission{}).Where("auction_id = ? AND status = ?", got.AuctionID, models.AdmissionAdmitted).Order("org_id").Pluck("org_id", &admitted)
				slices.Sort(registered)
				if got.Status != models.OfferAuctioned || !slices.Equal(admitted, registered) {
					t.Fatalf("round %d: %s, admitted %v, registered %v", round, got.Status, admitted, registered)
				}
			}
		}
	})
}

// TestPeriodOfferActionsAreWhatIsAccepted walks period offers through their
// states as the listing university's side and as the enterprises': every
// action listed is accepted and every other refused.
func TestPeriodOfferActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		moved := func(cols map[string]any) func(w *world) int64 {
			return func(w *world) int64 {
				id := w.periodOffer()
				w.setStatus("offers", id, cols)
				return id
			}
		}
		states := []state{
			{"period open", func(w *world) int64 { return w.periodOffer() }},
			{"period open, registered by E", func(w *world) int64 { o, _ := w.registered(); return o }},
			{"period over", moved(map[string]any{"ends_at": time.Now().Add(-time.Minute).UTC()})},
			{"auctioned", moved(map[string]any{"status": "auctioned", "ends_at": time.Now().Add(-time.Minute).UTC()})},
		}
		act := func(name string) func(w *world, id int64) (string, string, any) {
			return func(w *world, id int64) (string, string, any) { return "POST", offerPath(id, name), nil }
		}
		for _, s := range []side{sideU, sideE} {
			w.walk(t, walk{kind: "period offer", side: s, states: states,
				acts: map[string]func(w *world, id int64) (string, string, any){"accept": act("accept"), "register": act("register"),
					"unregister": act("unregister"), "withdraw": act("withdraw")},
				actions: func(w *world, a *account, id int64) []string {
					return w.actionsIn(a, "/api/v1/offers?size=100", id)
				}})
		}
	})
}
