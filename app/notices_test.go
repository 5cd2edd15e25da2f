package app

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

// agreeMatch has the broker take a match of the achievement and the need to
// agreed at the price; it returns the match's path and the deal it opened.
func (m *market) agreeMatch(broker, sup, dem *account, ach, need, priceFen int64) (string, int64) {
	m.t.Helper()
	r := m.must(201, m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need, "achievement_id": ach})).JSON(m.t)
	path := "/api/v1/matches/" + strconv.FormatInt(int64(r["id"].(float64)), 10)
	m.must(200, m.do("POST", path+"/accept", sup.Token, nil))
	m.must(200, m.do("POST", path+"/accept", dem.Token, nil))
	for _, st := range []string{"contacted", "negotiating"} {
		m.must(200, m.do("POST", path+"/move", broker.Token, map[string]any{"status": st}))
	}
	done := m.must(200, m.do("POST", path+"/move", broker.Token, map[string]any{"status": "agreed", "price_fen": priceFen})).JSON(m.t)
	return path, int64(done["deal_id"].(float64))
}

// noticeParties is a market where a broker firm agreed a match of 福州大学's
// achievement with 正泰's need, and others who have no part in it.
type noticeParties struct {
	admin, seller, otherSeller, buyer, otherBuyer, broker, strangerBroker *account
	ach, otherAch, need                                                   int64
	dealID                                                                int64
}

func noticeSetup(t *testing.T, m *market) *noticeParties {
	p := &noticeParties{admin: m.admin()}
	p.seller = m.signUp("fzu", models.RoleSupplier, "福州大学")
	p.otherSeller = m.signUp("hqu", models.RoleSupplier, "华侨大学")
	p.buyer = m.signUp("chint", models.RoleDemander, "正泰电器")
	p.otherBuyer = m.signUp("fuyao", models.RoleDemander, "福耀玻璃")
	p.broker = m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
	p.strangerBroker = m.signUp("stranger", models.RoleBroker, "厦门技术转移中心")
	for _, a := range []*account{p.seller, p.otherSeller, p.buyer, p.otherBuyer, p.broker, p.strangerBroker} {
		m.verify(p.admin, a)
	}
	p.ach = m.publishAchievement(p.admin, p.seller, "低压断路器电弧快速检测技术")
	p.otherAch = m.publishAchievement(p.admin, p.seller, "配电柜温升在线监测方法")
	p.need = m.publishNeed(p.admin, p.buyer, "断路器电弧故障检测")
	_, p.dealID = m.agreeMatch(p.broker, p.seller, p.buyer, p.ach, p.need, 30_000_000)
	return p
}

func (m *market) notified(a *account, kind string) int64 {
	m.t.Helper()
	var n int64
	m.db.Model(&models.Notification{}).Where("user_id = ? AND kind = ?", a.UserID, kind).Count(&n)
	return n
}

// Only the seller, a broker whose agreed match covers the achievement and
// the buyer, or a market admin publishes a negotiated deal. The scenario
// seen: any verified broker published "福州大学→正泰 ¥0.01" on someone else's
// achievement, and after 15 days it would have been confirmed.
func TestOnlySellerMatchedBrokerOrAdminPublishNotices(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := noticeSetup(t, m)
		pub := func(a *account, ach, buyer, price int64) response {
			return m.do("POST", "/api/v1/notices", a.Token, map[string]any{"achievement_id": ach, "buyer_org_id": buyer, "price_fen": price})
		}
		refused := []struct {
			name      string
			who       *account
			ach       int64
			buyer     int64
			status    int
			code      string
			viaDealID bool
		}{
			{"a broker without a match (福州大学→正泰 ¥0.01)", p.strangerBroker, p.ach, p.buyer.OrgID, 403, "no_agreed_match", false},
			{"the broker, for an achievement its match does not cover", p.broker, p.otherAch, p.buyer.OrgID, 403, "no_agreed_match", false},
			{"the broker, for a buyer its match does not cover", p.broker, p.ach, p.otherBuyer.OrgID, 403, "no_agreed_match", false},
			{"a supplier of another university", p.otherSeller, p.ach, p.buyer.OrgID, 403, "not_your_listing", false},
			{"the buyer", p.buyer, p.ach, p.buyer.OrgID, 403, "forbidden", false},
			{"a broker without a match, by the match's deal", p.strangerBroker, 0, 0, 404, "deal_not_found", true},
		}
		for _, c := range refused {
			var r response
			if c.viaDealID {
				r = m.do("POST", "/api/v1/notices", c.who.Token, map[string]any{"deal_id": p.dealID, "price_fen": 1})
			} else {
				r = pub(c.who, c.ach, c.buyer, 1)
			}
			if r.Status != c.status || r.errorCode(t) != c.code {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		if n := m.count(&models.Notice{}); n != 0 || m.count(&models.Deal{}) != 1 || m.count(&models.AchievementSale{}) != 0 {
			t.Fatalf("refused publications stored something: %d notices, %d deals", n, m.count(&models.Deal{}))
		}

		// The broker of the agreed match publishes: the deal waits for the
		// seller, nothing is public, and both parties are told.
		r := m.must(201, pub(p.broker, p.ach, p.buyer.OrgID, 32_000_000)).JSON(t)
		deal := r["deal"].(map[string]any)
		if r["notice"] != nil || deal["status"] != "awaiting_seller" || int64(deal["id"].(float64)) != p.dealID || deal["price_fen"].(float64) != 32_000_000 {
			t.Fatalf("broker's publication: %v", r)
		}
		if l := m.must(200, m.do("GET", "/api/v1/notices", "", nil)).JSON(t); l["total"].(float64) != 0 {
			t.Fatalf("a notice waiting for the seller is public: %v", l)
		}
		if m.notified(p.seller, "deal.awaiting_seller") != 1 || m.notified(p.buyer, "deal.awaiting_seller") != 1 {
			t.Error("the parties were not told of the broker's notice")
		}
		// The seller sees it in 我的成交 with its two actions; nobody else has them.
		mine := m.must(200, m.do("GET", "/api/v1/my/deals", p.seller.Token, nil)).JSON(t)["items"].([]any)[0].(map[string]any)
		if fmt.Sprint(mine["actions"]) != "[approve_notice decline_notice]" {
			t.Errorf("seller's actions: %v", mine["actions"])
		}
		theirs := m.must(200, m.do("GET", "/api/v1/my/deals", p.buyer.Token, nil)).JSON(t)["items"].([]any)[0].(map[string]any)
		if fmt.Sprint(theirs["actions"]) != "[]" {
			t.Errorf("buyer's actions: %v", theirs["actions"])
		}
		// A second sale of the achievement is refused while it waits.
		if r := m.do("POST", "/api/v1/offers", p.seller.Token, map[string]any{"achievement_id": p.ach, "price_fen": 1_000_000, "ends_at": time.Now().Add(time.Hour)}); r.Status != 409 || r.errorCode(t) != "already_on_sale" {
			t.Errorf("offer beside a pending notice: %d %s", r.Status, r.Body)
		}

		approve := fmt.Sprintf("/api/v1/deals/%d/approve-notice", p.dealID)
		m.must(403, m.do("POST", approve, p.broker.Token, nil))
		m.must(403, m.do("POST", approve, p.buyer.Token, nil))
		m.must(404, m.do("POST", approve, p.otherSeller.Token, nil))
		// Some time passes: the notice's days start when the seller confirms.
		m.db.Model(&models.Deal{}).Where("id = ?", p.dealID).Update("updated_at", time.Now().AddDate(0, 0, -10).UTC())
		before := time.Now().Add(-time.Second)
		n := m.must(200, m.do("POST", approve, p.seller.Token, nil)).JSON(t)["notice"].(map[string]any)
		starts, _ := time.Parse(time.RFC3339Nano, n["starts_at"].(string))
		ends, _ := time.Parse(time.RFC3339Nano, n["ends_at"].(string))
		if starts.Before(before) || !ends.Equal(starts.AddDate(0, 0, m.market.Rules.NoticeDays)) || n["price_fen"].(float64) != 32_000_000 {
			t.Errorf("notice after the seller's confirmation: %v", n)
		}
		if l := m.must(200, m.do("GET", "/api/v1/notices", "", nil)).JSON(t); l["total"].(float64) != 1 {
			t.Errorf("confirmed notice not public: %v", l)
		}
		if m.notified(p.seller, "deal.noticed") != 1 || m.notified(p.buyer, "deal.noticed") != 1 {
			t.Error("the parties were not told the notice is public")
		}
		m.must(409, m.do("POST", approve, p.seller.Token, nil))

		// The seller and a market admin publish at once, without a second step.
		for _, who := range []*account{p.seller, p.admin} {
			ach := m.publishAchievement(p.admin, p.seller, "直接公示的成果 "+who.Username)
			r := m.must(201, pub(who, ach, p.otherBuyer.OrgID, 5_000_000)).JSON(t)
			if r["notice"] == nil || r["deal"].(map[string]any)["status"] != "noticed" {
				t.Errorf("%s publishes: %v", who.Username, r)
			}
		}
	})
}

// The seller may decline a broker's notice: nothing becomes public, the deal
// is open again for the broker to correct, and the achievement is free.
func TestSellerDeclinesBrokersNotice(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := noticeSetup(t, m)
		m.must(201, m.do("POST", "/api/v1/notices", p.broker.Token, map[string]any{"deal_id": p.dealID}))
		decline := fmt.Sprintf("/api/v1/deals/%d/decline-notice", p.dealID)
		m.must(403, m.do("POST", decline, p.broker.Token, nil))
		d := m.must(200, m.do("POST", decline, p.seller.Token, nil)).JSON(t)
		if d["notice"] != nil || d["deal"].(map[string]any)["status"] != "open" {
			t.Fatalf("declined: %v", d)
		}
		m.must(409, m.do("POST", decline, p.seller.Token, nil))
		if m.count(&models.Notice{}) != 0 || m.notified(p.broker, "deal.notice_declined") != 1 {
			t.Error("a declined notice was published, or the broker was not told")
		}
		m.must(201, m.do("POST", "/api/v1/offers", p.seller.Token, map[string]any{"achievement_id": p.ach, "price_fen": 1_000_000, "ends_at": time.Now().Add(time.Hour)}))
	})
}

func TestNegotiatedDealNoticeAndObjections(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("seller", models.RoleSupplier, "福州大学")
		buyer := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		public := m.signUp("citizen", models.RoleDemander, "路人企业")
		m.verify(admin, sup)
		ach := m.publishAchievement(admin, sup, "协议成交用低辐射镀膜玻璃技术")
		m.must(422, m.do("POST", "/api/v1/notices", sup.Token, map[string]any{"achievement_id": ach, "buyer_org_id": buyer.OrgID, "price_fen": -5}))
		n := m.must(201, m.do("POST", "/api/v1/notices", sup.Token, map[string]any{"achievement_id": ach, "buyer_org_id": buyer.OrgID, "price_fen": 8_000_000})).JSON(t)["notice"].(map[string]any)
		id := int64(n["id"].(float64))
		path := fmt.Sprintf("/api/v1/notices/%d", id)
		m.must(401, m.do("POST", path+"/objections", "", map[string]any{"reason": "价格明显偏低，涉嫌利益输送"}))
		// Only accounts of verified organisations object: each objection holds the deal's confirmation.
		if r := m.do("POST", path+"/objections", public.Token, map[string]any{"reason": "价格明显偏低，涉嫌利益输送"}); r.Status != 403 || r.errorCode(t) != "org_not_verified" {
			t.Errorf("objection from an unverified organisation: %d %s", r.Status, r.Body)
		}
		m.verify(admin, public)
		m.must(422, m.do("POST", path+"/objections", public.Token, map[string]any{"reason": ""}))
		o := m.must(201, m.do("POST", path+"/objections", public.Token, map[string]any{"reason": "价格明显偏低，涉嫌利益输送"})).JSON(t)
		if strings.Contains(string(m.do("GET", path, public.Token, nil).Body), "利益输送") {
			t.Error("objection reasons shown to non-admins")
		}
		// Notice over, objection pending: not confirmed yet.
		m.db.Model(&models.Notice{}).Where("id = ?", id).Update("ends_at", time.Now().Add(-time.Minute).UTC())
		if c, _ := m.market.ConfirmDueNotices(m.ctx, time.Now()); c != 0 {
			t.Fatal("confirmed with a pending objection")
		}
		m.must(403, m.do("POST", fmt.Sprintf("/api/v1/objections/%d/resolve", int64(o["id"].(float64))), sup.Token, map[string]any{"resolution": "驳回"}))
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/objections/%d/resolve", int64(o["id"].(float64))), admin.Token, map[string]any{"uphold": false, "resolution": "经核实价格经评估机构评估，异议不成立"}))
		if c, _ := m.market.ConfirmDueNotices(m.ctx, time.Now()); c != 1 {
			t.Fatal("not confirmed after the objection was dismissed")
		}
		var d models.Deal
		m.db.First(&d, int64(n["deal_id"].(float64)))
		if d.Status != "confirmed" {
			t.Errorf("deal %s", d.Status)
		}
		m.must(409, m.do("POST", path+"/objections", public.Token, map[string]any{"reason": "公示结束后再提异议"}))
	})
}

// TestNoticeActionsAreWhatIsAccepted walks a notice (公示) through its
// states: verified members object while it runs, nobody after.
func TestNoticeActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		states := []state{
			{"open", func(w *world) int64 { return w.notice() }},
			{"open, period over", func(w *world) int64 {
				id := w.notice()
				w.setStatus("notices", id, map[string]any{"ends_at": time.Now().Add(-time.Minute).UTC()})
				return id
			}},
			{"confirmed", func(w *world) int64 {
				id := w.notice()
				w.setStatus("notices", id, map[string]any{"status": "confirmed"})
				return id
			}},
			{"cancelled", func(w *world) int64 {
				id := w.notice()
				w.setStatus("notices", id, map[string]any{"status": "cancelled"})
				return id
			}},
		}
		w.walk(t, walk{kind: "notice", side: sideU, states: states,
			acts: map[string]func(w *world, id int64) (string, string, any){
				"object": func(w *world, id int64) (string, string, any) {
					return "POST", fmt.Sprintf("/api/v1/notices/%d/objections", id), map[string]any{"reason": "成交价格明显低于评估价"}
				},
			},
			actions: func(w *world, a *account, id int64) []string {
				return w.actionsAt(a, fmt.Sprintf("/api/v1/notices/%d", id))
			}})
	})
}

// TestObjectionActionsAreWhatIsAccepted: a market admin upholds or
// dismisses a pending objection, once.
func TestObjectionActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		decided := func(status string) func(w *world) int64 {
			return func(w *world) int64 {
				id := w.objection()
				w.setStatus("objections", id, map[string]any{"status": status, "resolution": "已核实"})
				return id
			}
		}
		resolve := func(uphold bool) func(w *world, id int64) (string, string, any) {
			return func(w *world, id int64) (string, string, any) {
				return "POST", fmt.Sprintf("/api/v1/objections/%d/resolve", id), map[string]any{"uphold": uphold, "resolution": "经核实处理"}
			}
		}
		w.walk(t, walk{kind: "objection", side: sideE,
			states: []state{{"pending", func(w *world) int64 { return w.objection() }}, {"upheld", decided("upheld")}, {"dismissed", decided("dismissed")}},
			acts:   map[string]func(w *world, id int64) (string, string, any){"uphold": resolve(true), "dismiss": resolve(false)},
			// Objections show on their notice, to market admins only.
			actions: func(w *world, a *account, id int64) []string {
				var o models.Objection
				if err := w.m.db.First(&o, id).Error; err != nil {
					w.t.Fatal(err)
				}
				r := w.send("GET", fmt.Sprintf("/api/v1/notices/%d", o.NoticeID), tokenOf(a), nil)
				objections, _ := r.JSON(w.t)["objections"].([]any)
				for _, it := range objections {
					if item := it.(map[string]any); int64(item["id"].(float64)) == id {
						return stringsOf(item["actions"])
					}
				}
				return nil
			}})
	})
}
