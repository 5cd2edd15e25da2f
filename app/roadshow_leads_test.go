package app

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"techmarket/models"
)

// roadshowDeal is what roadshowToDeal leaves behind.
type roadshowDeal struct {
	c        listingCast
	broker2  *account
	roadshow int64
	deal     int64
}

// roadshowToDeal runs a roadshow from registration to a confirmed deal: the
// organising broker checks an enterprise in, the enterprise (which has
// published no need) records an intent, the organiser's lead becomes a
// match naming the enterprise alone, the match is agreed for priceFen, and
// its notice ends without objection.
func roadshowToDeal(t *testing.T, m *market, priceFen int64) roadshowDeal {
	t.Helper()
	c := m.listingCast()
	broker2 := m.signUp("broker2", models.RoleBroker, "海西技术转移中心")
	m.verify(c.admin, broker2)
	r := call[models.Roadshow](m, c.broker, 201, "POST", "/api/v1/roadshows", map[string]any{"title": "新材料专场路演",
		"starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour), "online": false,
		"venue": "福州海峡会展中心", "capacity": 20, "achievement_ids": []int64{c.ach}})
	path := fmt.Sprintf("/api/v1/roadshows/%d", r.ID)
	seat := call[models.RoadshowSeat](m, c.dem, 201, "POST", path+"/register", nil)
	call[models.RoadshowSeat](m, c.rival, 201, "POST", path+"/register", nil)
	checkIn := fmt.Sprintf("%s/seats/%d/check-in", path, seat.ID)

	m.play(t,
		step{name: "no check-in two days ahead", as: c.broker, method: "POST", path: checkIn, want: 409, code: "check_in_closed"},
	)
	m.db.Model(&models.Roadshow{}).Where("id = ?", r.ID).Updates(map[string]any{"starts_at": time.Now().Add(-time.Minute).UTC(), "ends_at": time.Now().Add(2 * time.Hour).UTC()})
	m.play(t,
		step{name: "another firm's broker sees no seats", as: broker2, method: "GET", path: path + "/seats", want: 403, code: "not_organiser"},
		step{name: "an enterprise sees no seats", as: c.dem, method: "GET", path: path + "/seats", want: 403},
		step{name: "another firm's broker checks no one in", as: broker2, method: "POST", path: checkIn, want: 403, code: "not_organiser"},
		step{name: "an unknown seat", as: c.broker, method: "POST", path: fmt.Sprintf("%s/seats/%d/check-in", path, seat.ID+100), want: 404, code: "seat_not_found"},
	)
	if n := m.count(&models.RoadshowSeat{}); n != 2 || call[listOf[models.SeatView]](m, c.broker, 200, "GET", path+"/seats", nil).Items[0].CheckedInAt != nil {
		t.Fatalf("a refused check-in changed the seats (%d)", n)
	}
	in := call[models.RoadshowSeat](m, c.broker, 200, "POST", checkIn, nil)
	again := call[models.RoadshowSeat](m, c.broker, 200, "POST", checkIn, nil)
	if in.CheckedInAt == nil || again.CheckedInAt == nil || !again.CheckedInAt.Equal(*in.CheckedInAt) {
		t.Fatalf("checked in %v, again %v", in.CheckedInAt, again.CheckedInAt)
	}
	seats := call[listOf[models.SeatView]](m, c.broker, 200, "GET", path+"/seats", nil)
	if seats.Total != 2 || seats.Items[0].OrgName != "福耀玻璃" || seats.Items[0].CheckedInAt == nil || seats.Items[1].CheckedInAt != nil {
		t.Fatalf("seats: %+v", seats)
	}

	// 福耀 has published no need; its intent is the organiser's lead all the same.
	call[models.Intent](m, c.dem, 201, "POST", path+"/intents", map[string]any{"achievement_id": c.ach, "note": "希望引进用于汽车玻璃除雾"})
	call[models.Intent](m, c.dem, 201, "POST", path+"/intents", map[string]any{"achievement_id": c.ach, "note": "补充：可先小试"})
	leads := call[page[models.Interest]](m, c.broker, 200, "GET", "/api/v1/leads", nil)
	if leads.Total != 1 || leads.Items[0].RoadshowID == nil || *leads.Items[0].RoadshowID != r.ID || leads.Items[0].RoadshowTitle != "新材料专场路演" ||
		len(leads.Items[0].Candidates) != 0 || !slices.Contains(leads.Items[0].Actions, "propose_match") {
		t.Fatalf("the organiser's leads: %+v", leads)
	}
	if open := call[page[models.Interest]](m, c.broker, 200, "GET", "/api/v1/leads?status=open", nil); open.Total != 1 {
		t.Fatalf("the organiser's open leads: %+v", open)
	}
	lead := leads.Items[0].ID
	lp := fmt.Sprintf("/api/v1/leads/%d/match", lead)
	if other := call[page[models.Interest]](m, broker2, 200, "GET", "/api/v1/leads", nil); other.Total != 0 {
		t.Fatalf("another firm sees the organiser's lead: %+v", other)
	}
	m.play(t,
		step{name: "another firm may not take the lead", as: broker2, method: "POST", path: lp, body: map[string]any{"listing_id": 0}, want: 404, code: "lead_not_found"},
		step{name: "the enterprise may not", as: c.dem, method: "POST", path: lp, body: map[string]any{"listing_id": 0}, want: 403},
		step{name: "only the enterprise's needs", as: c.broker, method: "POST", path: lp, body: map[string]any{"listing_id": 999}, want: 422, field: "listing_id"},
	)
	if n := m.count(&models.Match{}); n != 0 {
		t.Fatalf("refused matches stored %d rows", n)
	}
	// The roadshow lead is no 我有意向: 福耀 may still say that on the achievement, a lead of the common pool.
	if got := call[models.Achievement](m, c.dem, 200, "GET", c.path, nil); !slices.Contains(got.Actions, "express_interest") {
		t.Fatalf("after a roadshow intent the enterprise's actions are %v", got.Actions)
	}
	call[models.Interest](m, c.dem, 201, "POST", c.path+"/interests", map[string]any{"message": "希望洽谈独占许可"})
	if pool := call[page[models.Interest]](m, broker2, 200, "GET", "/api/v1/leads", nil); pool.Total != 1 || pool.Items[0].RoadshowID != nil {
		t.Fatalf("another firm's leads: %+v", pool)
	}
	done := call[models.Interest](m, c.broker, 200, "POST", lp, map[string]any{"listing_id": 0, "note": "现场交流后推荐对接"})
	if done.Status != models.InterestMatched || done.MatchID == nil {
		t.Fatalf("the lead: %+v", done)
	}
	mp := fmt.Sprintf("/api/v1/matches/%d", *done.MatchID)
	match := call[models.Match](m, c.dem, 200, "GET", mp, nil)
	if match.NeedID != nil || match.RoadshowID == nil || *match.RoadshowID != r.ID || match.DemanderOrgID != c.dem.OrgID ||
		match.AchievementID != c.ach || match.Source != "roadshow" || !slices.Contains(match.Actions, "accept") {
		t.Fatalf("the match: %+v", match)
	}
	m.check(step{name: "another enterprise cannot see the match", as: c.rival, method: "GET", path: mp, want: 404})
	call[models.Match](m, c.sup, 200, "POST", mp+"/accept", nil)
	call[models.Match](m, c.dem, 200, "POST", mp+"/accept", nil)
	if got := call[models.Match](m, c.broker, 200, "GET", mp, nil); len(got.Contacts) != 2 || got.Contacts[1].Org != "福耀玻璃" || got.Contacts[1].Phone == "" {
		t.Fatalf("the enterprise's contact: %+v", got.Contacts)
	}
	for _, st := range []string{"contacted", "negotiating"} {
		call[models.Match](m, c.broker, 200, "POST", mp+"/move", map[string]any{"status": st})
	}
	agreed := call[models.Match](m, c.broker, 200, "POST", mp+"/move", map[string]any{"status": "agreed", "price_fen": priceFen})
	if agreed.DealID == nil {
		t.Fatalf("agreed without a deal: %+v", agreed)
	}
	var d models.Deal
	m.db.First(&d, *agreed.DealID)
	if d.Mode != models.DealRoadshow || d.RoadshowID == nil || *d.RoadshowID != r.ID || d.NeedID != nil || d.BuyerOrgID != c.dem.OrgID {
		t.Fatalf("the deal: %+v", d)
	}
	pub := call[models.Published](m, c.sup, 201, "POST", "/api/v1/notices", map[string]any{"deal_id": d.ID})
	m.db.Model(&models.Notice{}).Where("id = ?", pub.Notice.ID).Update("ends_at", time.Now().Add(-time.Minute).UTC())
	if n, err := m.market.ConfirmDueNotices(m.ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("confirmed %d notices: %v", n, err)
	}
	return roadshowDeal{c: c, broker2: broker2, roadshow: r.ID, deal: d.ID}
}

func TestRoadshowIntentBecomesTheOrganisersLeadAndAMatch(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		rd := roadshowToDeal(t, m, 50_000_000)
		path := fmt.Sprintf("/api/v1/roadshows/%d", rd.roadshow)
		view := call[roadshowView](m, nil, 200, "GET", path, nil)
		want := models.RoadshowStats{Registrations: 2, Attendance: 1, Intents: 2, Matches: 1, Deals: 1, DealFen: 50_000_000}
		if view.Stats != want || len(view.Actions) != 0 {
			t.Fatalf("the roadshow's statistics: %+v (actions %v), want %+v", view.Stats, view.Actions, want)
		}
		if got := call[roadshowView](m, rd.c.broker, 200, "GET", path, nil); !slices.Equal(got.Actions, []string{"check_in"}) {
			t.Errorf("the organiser's actions: %v", got.Actions)
		}
		if got := call[roadshowView](m, rd.broker2, 200, "GET", path, nil); len(got.Actions) != 0 {
			t.Errorf("another firm's actions: %v", got.Actions)
		}
	})
}

// TestDealStatisticsByChannelAddUp: every grouping of the deal statistics
// parts the year's confirmed deals, so each adds up to the total, which is
// the home page's count of confirmed deals; a district bureau sees the deals
// of its district's sellers only.
func TestDealStatisticsByChannelAddUp(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		rd := roadshowToDeal(t, m, 50_000_000)
		c := rd.c
		now := time.Now().UTC()
		ach := c.ach
		// Deals of the other channels, as their workflows leave them.
		auction := models.Auction{Title: "春季科技成果拍卖会", Description: "拍卖", StartsAt: now.Add(-2 * time.Hour), EndsAt: now.Add(-time.Hour), AntiSnipeMinutes: 5, CreatedBy: c.admin.UserID}
		m.db.Create(&auction)
		challenge := models.Challenge{OrgID: c.rival.OrgID, CreatedBy: c.rival.UserID, Title: "高导热膜揭榜", Problem: "难题", AwardFen: 1,
			Deadline: now, Field: "新材料及其应用", Region: "350102", Status: models.ChallengeAwarded}
		if err := m.db.Create(&challenge).Error; err != nil {
			t.Fatal(err)
		}
		broker := c.broker.OrgID
		deal := func(mode models.DealMode, fen int64, status models.DealStatus, at time.Time, edit func(*models.Deal)) *models.Deal {
			d := &models.Deal{AchievementID: &ach, SellerOrgID: c.sup.OrgID, BuyerOrgID: c.rival.OrgID, Mode: mode, PriceFen: fen, Status: status, CreatedAt: at, UpdatedAt: at}
			if edit != nil {
				edit(d)
			}
			if err := m.db.Create(d).Error; err != nil {
				t.Fatal(err)
			}
			return d
		}
		deal(models.DealListing, 3_000_000, models.DealConfirmed, now, nil)
		won := deal(models.DealAuction, models.MaxFen, models.DealConfirmed, now, nil) // the bound, twice over: no overflow
		m.db.Create(&models.Lot{AuctionID: auction.ID, AchievementID: ach, SellerOrgID: c.sup.OrgID, Title: "拍品", StartPriceFen: 1, IncrementFen: 1,
			EndsAt: now, Status: models.LotSold, DealID: &won.ID, UpdatedAt: now})
		deal(models.DealNegotiated, models.MaxFen, models.DealConfirmed, now, func(d *models.Deal) { d.BrokerOrgID = &broker })
		deal(models.DealNegotiated, 7_000_000, models.DealConfirmed, now, func(d *models.Deal) { d.ChallengeID = &challenge.ID })
		deal(models.DealNegotiated, 9_000_000, models.DealNoticed, now, nil)                    // under notice: not yet a deal
		deal(models.DealListing, 11_000_000, models.DealConfirmed, now.AddDate(-1, 0, -1), nil) // last year

		home := call[struct {
			Counters models.HomeCounters `json:"counters"`
		}](m, nil, 200, "GET", "/api/v1/home", nil)
		wantFen := int64(50_000_000) + 3_000_000 + 2*models.MaxFen + 7_000_000
		byChannel := map[string]int64{"listing": 3_000_000, "auction": models.MaxFen, "roadshow": 50_000_000, "negotiated": models.MaxFen, "challenge": 7_000_000}
		for _, by := range []string{"channel", "event", "broker"} {
			got := call[models.DealBreakdown](m, c.admin, 200, "GET", "/api/v1/stats/deals?by="+by, nil)
			if got.Total.Deals != 5 || got.Total.AmountFen != wantFen {
				t.Errorf("by %s: total %+v, want 5 deals of %d", by, got.Total, wantFen)
			}
			var deals, fen int64
			for _, it := range got.Items {
				deals, fen = deals+it.Deals, fen+it.AmountFen
				if it.Name == "" {
					t.Errorf("by %s: a row without a name: %+v", by, it)
				}
			}
			if deals != got.Total.Deals || fen != got.Total.AmountFen {
				t.Errorf("by %s: rows add up to %d deals of %d, the total is %+v", by, deals, fen, got.Total)
			}
			switch by {
			case "channel":
				if len(got.Items) != 5 {
					t.Errorf("channels: %+v", got.Items)
				}
				for _, it := range got.Items {
					if it.AmountFen != byChannel[it.Key] || it.Deals != 1 {
						t.Errorf("channel %s: %+v, want one deal of %d", it.Key, it, byChannel[it.Key])
					}
				}
			case "event":
				keys := map[string]int64{}
				for _, it := range got.Items {
					keys[it.Key] = it.AmountFen
				}
				if keys[fmt.Sprintf("roadshow:%d", rd.roadshow)] != 50_000_000 || keys[fmt.Sprintf("auction:%d", auction.ID)] != models.MaxFen || len(keys) != 3 {
					t.Errorf("events: %+v", got.Items)
				}
			case "broker":
				if got.Items[0].Key != fmt.Sprint(broker) || got.Items[0].Deals != 2 || got.Items[0].Name != "福建海峡技术转移中心" {
					t.Errorf("brokers: %+v", got.Items)
				}
			}
		}
		if home.Counters.Deals != 6 { // the home page counts every confirmed deal, of any year
			t.Errorf("home counts %d confirmed deals, want 6 (5 this year, 1 last year)", home.Counters.Deals)
		}
		lastYear := call[models.DealBreakdown](m, c.admin, 200, "GET", fmt.Sprintf("/api/v1/stats/deals?by=channel&year=%d", time.Now().In(shanghai).Year()-1), nil)
		if lastYear.Total.Deals != 1 || lastYear.Total.AmountFen != 11_000_000 {
			t.Errorf("last year: %+v", lastYear.Total)
		}

		// Scoping: the seller is in 鼓楼区 (350102); 仓山区's bureau sees none of it.
		gulou := m.bureauAccount("gulou", "鼓楼区科学技术局", "350102")
		cangshan := m.bureauAccount("cangshan", "仓山区科学技术局", "350104")
		m.play(t,
			step{name: "not public", method: "GET", path: "/api/v1/stats/deals?by=channel", want: 401},
			step{name: "not for a seller", as: c.sup, method: "GET", path: "/api/v1/stats/deals?by=channel", want: 403},
			step{name: "not for a broker", as: c.broker, method: "GET", path: "/api/v1/stats/deals?by=broker", want: 403},
			step{name: "a bureau outside its district", as: cangshan, method: "GET", path: "/api/v1/stats/deals?by=channel&region=350102", want: 403, code: "outside_region"},
			step{name: "a bureau on the whole market", as: cangshan, method: "GET", path: "/api/v1/stats/deals?by=channel", want: 403},
			step{name: "an unknown grouping", as: c.admin, method: "GET", path: "/api/v1/stats/deals?by=colour", want: 422, field: "by"},
			step{name: "a year to come", as: c.admin, method: "GET", path: "/api/v1/stats/deals?by=channel&year=2999", want: 422, field: "year"},
		)
		if got := call[models.DealBreakdown](m, cangshan, 200, "GET", "/api/v1/stats/deals?by=channel&region=350104", nil); got.Total.Deals != 0 {
			t.Errorf("仓山区 sees %+v", got.Total)
		}
		if got := call[models.DealBreakdown](m, gulou, 200, "GET", "/api/v1/stats/deals?by=channel&region=350102", nil); got.Total.Deals != 5 || got.Total.AmountFen != wantFen {
			t.Errorf("鼓楼区 sees %+v", got.Total)
		}
		city := call[models.DealBreakdown](m, c.admin, 200, "GET", "/api/v1/stats/deals?by=broker&region=350100", nil)
		if city.Total.Deals != 5 {
			t.Errorf("福州市 sees %+v", city.Total)
		}
	})
}
