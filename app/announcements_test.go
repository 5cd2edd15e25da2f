package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

// count is how many rows table holds.
func (w *world) count(table string) int64 {
	w.t.Helper()
	var n int64
	if err := w.m.db.Table(table).Count(&n).Error; err != nil {
		w.t.Fatal(err)
	}
	return n
}

// startsIn sets the auction body's start in d from now, its end two hours later.
func startsIn(body map[string]any, d time.Duration) map[string]any {
	start := time.Now().Add(d)
	body["starts_at"], body["ends_at"] = start, start.Add(2*time.Hour)
	return body
}

func TestAuctionAnnouncedSevenDaysBeforeItStarts(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		m.market.Rules.AuctionNoticeDays = models.DefaultRules().AuctionNoticeDays
		day := 24 * time.Hour
		body := w.auctionBody(6 * day)
		lot := body["lots"].([]map[string]any)[0]
		lot["inventors"] = []string{"林志强", "陈晓梅"}
		lot["pricing_basis"] = "以福建中兴资产评估有限公司评估值 12 万元为参考，起拍价不低于评估值的 80%"
		lot["valuation_ref"] = "闽中兴评报字〔2026〕第 1024 号"
		auctions, sales := w.count("auctions"), w.count("achievement_sales")

		// Six days after its announcement: refused, with the earliest start, and nothing changed.
		r := m.do("POST", "/api/v1/auctions", w.admin.Token, body)
		if r.Status != 422 || !strings.Contains(fmt.Sprint(r.errorFields(t)["starts_at"]), "公告发布 7 天后") {
			t.Fatalf("six days ahead: %d %s", r.Status, r.Body)
		}
		if w.count("auctions") != auctions || w.count("achievement_sales") != sales || w.count("lots") != 0 {
			t.Fatal("a refused auction left rows behind")
		}
		// An admin of another role cannot announce one at all.
		if r := m.do("POST", "/api/v1/auctions", w.uOwner.Token, startsIn(body, 8*day)); r.Status != 403 {
			t.Fatalf("a supplier announced an auction: %d %s", r.Status, r.Body)
		}

		// Eight days: announced now, viewing and registration from now to the start.
		before := time.Now().Add(-time.Second)
		au := call[models.Auction](m, w.admin, 201, "POST", "/api/v1/auctions", startsIn(body, 8*day))
		if au.AnnouncedAt == nil || au.AnnouncedAt.Before(before) || au.RegistrationStartsAt == nil || au.ViewingEndsAt == nil ||
			!au.RegistrationEndsAt.Equal(au.StartsAt) || au.StartsAt.Sub(*au.AnnouncedAt) < 7*day {
			t.Fatalf("announcement: %+v", au)
		}
		// The public announcement states the lot as a buyer needs it.
		pub := decoded[auctionDetail](t, m.must(200, m.do("GET", fmt.Sprintf("/api/v1/auctions/%d", au.ID), "", nil))).Auction
		l := pub.Lots[0]
		if l.IPType != "发明专利" || strings.Join(l.PatentNumbers, ",") != "ZL202010000000.7" || l.LegalStatus != "有效" ||
			l.PatentHolder != "福州大学" || l.TransferMode != "转让" || strings.Join(l.Inventors, "、") != "林志强、陈晓梅" ||
			!strings.Contains(l.PricingBasis, "评估值") || l.ValuationRef != "闽中兴评报字〔2026〕第 1024 号" {
			t.Fatalf("lot announcement: %+v", l.LotAnnouncement)
		}

		// A registration window that opens tomorrow: no application before it.
		late := startsIn(w.auctionBody(0), 10*day)
		late["registration_starts_at"], late["registration_ends_at"] = time.Now().Add(day), time.Now().Add(9*day)
		late["viewing_starts_at"], late["viewing_ends_at"] = time.Now().Add(-2*day), time.Now().Add(9*day)
		r = m.do("POST", "/api/v1/auctions", w.admin.Token, late)
		if r.Status != 422 || r.errorFields(t)["viewing_starts_at"] == nil {
			t.Fatalf("viewing before the announcement: %d %s", r.Status, r.Body)
		}
		late["viewing_starts_at"] = time.Now()
		closed := call[models.Auction](m, w.admin, 201, "POST", "/api/v1/auctions", late)
		if d := w.auctionDetailOf(w.eOwner, closed.ID); d == nil || strings.Contains(strings.Join(d.Actions, ","), "apply") {
			t.Fatalf("apply offered before registration opens: %+v", d)
		}
		r = m.do("POST", fmt.Sprintf("/api/v1/auctions/%d/apply", closed.ID), w.eOwner.Token, nil)
		if r.Status != 409 || !strings.Contains(r.failure(t).Message, "报名期") {
			t.Fatalf("applied before registration opens: %d %s", r.Status, r.Body)
		}
		if n := w.count("admissions"); n != 0 {
			t.Fatalf("%d admissions after a refused application", n)
		}
		// Inside the window of the first one: applied.
		w.admission(au.ID)
	})
}

func TestAuctionLotPatentNumbersChecked(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		body := w.auctionBody(time.Hour)
		lot := body["lots"].([]map[string]any)[0]
		for _, c := range []struct {
			numbers []string
			want    string
		}{
			{[]string{"ZL202010000000.1"}, "校验位错误，应为 7"},
			{[]string{"ZL202010000000.7", "ZL20201000000.7"}, "格式"},
			{[]string{"CN202010000000.7"}, "格式"},
		} {
			lot["patent_numbers"] = c.numbers
			r := m.do("POST", "/api/v1/auctions", w.admin.Token, body)
			if msg := fmt.Sprint(r.errorFields(t)["lots[0].patent_numbers"]); r.Status != 422 || !strings.Contains(msg, c.want) {
				t.Fatalf("%v: %d %s", c.numbers, r.Status, r.Body)
			}
		}
		if w.count("auctions") != 0 || w.count("lots") != 0 || w.count("achievement_sales") != 0 {
			t.Fatal("a refused auction left rows behind")
		}
		// Left out, the numbers are the achievement's, checked the same way.
		delete(lot, "patent_numbers")
		m.db.Exec("UPDATE achievements SET patent_numbers = ? WHERE id = ?", "ZL202010000000.1", lot["achievement_id"])
		if r := m.do("POST", "/api/v1/auctions", w.admin.Token, body); r.Status != 422 || r.errorFields(t)["lots[0].patent_numbers"] == nil {
			t.Fatalf("the achievement's wrong number: %d %s", r.Status, r.Body)
		}
		lot["patent_numbers"] = []string{"zl 202010000000.7"}
		lot["legal_status"], lot["transfer_mode"] = "失效", "赠与"
		r := m.do("POST", "/api/v1/auctions", w.admin.Token, body)
		if f := r.errorFields(t); r.Status != 422 || f["lots[0].legal_status"] == nil || f["lots[0].transfer_mode"] == nil {
			t.Fatalf("legal status and transfer mode: %d %s", r.Status, r.Body)
		}
		lot["legal_status"], lot["transfer_mode"] = "审中", "许可"
		au := call[models.Auction](m, w.admin, 201, "POST", "/api/v1/auctions", body)
		if l := au.Lots[0]; strings.Join(l.PatentNumbers, ",") != "ZL202010000000.7" || l.LegalStatus != "审中" || l.TransferMode != "许可" {
			t.Fatalf("lot: %+v", l.LotAnnouncement)
		}
	})
}

func TestResultsOfEveryChannel(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		results := func(query string) page[models.DealResult] {
			return decoded[page[models.DealResult]](t, m.must(200, m.do("GET", "/api/v1/results"+query, "", nil)))
		}
		deals := map[models.DealChannel]int64{}
		// 挂牌: accepted, dealt at once.
		deals[models.ChannelListing] = w.listingDeal()
		// 拍卖: hammered, then signed by the buyer.
		_, auctionDeal := w.soldLot()
		deals[models.ChannelAuction] = auctionDeal
		if got := results(""); got.Total != 1 {
			t.Fatalf("an auction deal awaiting signature is in the results: %+v", got)
		}
		call[models.Deal](m, w.eOwner, 200, "POST", fmt.Sprintf("/api/v1/deals/%d/confirm", auctionDeal), nil)
		// 协议: under notice, confirmed when it ends.
		deals[models.ChannelNegotiated] = w.noticedDeal()
		// 路演: a broker's match from a roadshow, agreed, noticed by the seller.
		mt := call[models.Match](m, w.bOwner, 201, "POST", "/api/v1/matches",
			map[string]any{"need_id": w.needPublished(), "achievement_id": w.achPublished(), "source": "roadshow"})
		path := fmt.Sprintf("/api/v1/matches/%d", mt.ID)
		call[models.Match](m, w.uOwner, 200, "POST", path+"/accept", nil)
		call[models.Match](m, w.eOwner, 200, "POST", path+"/accept", nil)
		for _, st := range []string{"contacted", "negotiating"} {
			call[models.Match](m, w.bOwner, 200, "POST", path+"/move", map[string]any{"status": st, "note": "路演后跟进"})
		}
		agreed := call[models.Match](m, w.bOwner, 200, "POST", path+"/move", map[string]any{"status": "agreed", "note": "达成一致", "price_fen": 6_000_000})
		call[models.Published](m, w.uOwner, 201, "POST", "/api/v1/notices", map[string]any{"deal_id": *agreed.DealID})
		deals[models.ChannelRoadshow] = *agreed.DealID
		// 揭榜: an awarded proposal, under notice.
		c, p := w.awardedProposal()
		var award models.Deal
		if err := m.db.Where("proposal_id = ?", p).First(&award).Error; err != nil {
			t.Fatal(err)
		}
		deals[models.ChannelChallenge] = award.ID
		if got := results(""); got.Total != 2 {
			t.Fatalf("deals under notice are in the results: %+v", got)
		}
		if _, err := m.market.ConfirmDueNotices(m.ctx, time.Now().AddDate(0, 0, 16)); err != nil {
			t.Fatal(err)
		}

		all := results("?size=100")
		if all.Total != 5 || len(all.Items) != 5 {
			t.Fatalf("results: %+v", all)
		}
		for _, r := range all.Items {
			if deals[r.Channel] != r.ID {
				t.Errorf("deal %d listed as %s, want deal %d", r.ID, r.Channel, deals[r.Channel])
			}
			if r.Title == "" || r.Seller == "" || r.Buyer == "" || r.PriceFen <= 0 || r.ConcludedAt.IsZero() {
				t.Errorf("result %+v", r)
			}
		}
		for ch, id := range deals {
			one := results("?channel=" + string(ch))
			if one.Total != 1 || one.Items[0].ID != id {
				t.Errorf("channel %s: %+v", ch, one)
			}
		}
		if got := results("?channel=challenge").Items[0]; got.ChallengeID == nil || *got.ChallengeID != c || got.Seller != "福州大学" || got.Buyer != "福耀玻璃工业集团" {
			t.Errorf("challenge result: %+v", got)
		}
		if r := m.do("GET", "/api/v1/results?channel=gift", "", nil); r.Status != 422 {
			t.Fatalf("unknown channel: %d %s", r.Status, r.Body)
		}
	})
}
