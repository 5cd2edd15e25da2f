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
	match := call[models.Match](m, broker, 201, "POST", "/api/v1/matches", map[string]any{"need_id": need, "achievement_id": ach})
	path := "/api/v1/matches/" + strconv.FormatInt(match.ID, 10)
	call[models.Match](m, sup, 200, "POST", path+"/accept", nil)
	call[models.Match](m, dem, 200, "POST", path+"/accept", nil)
	for _, st := range []string{"contacted", "negotiating"} {
		call[models.Match](m, broker, 200, "POST", path+"/move", map[string]any{"status": st})
	}
	done := call[models.Match](m, broker, 200, "POST", path+"/move", map[string]any{"status": "agreed", "price_fen": priceFen})
	if done.DealID == nil {
		m.t.Fatalf("agreed without a deal: %+v", done)
	}
	return path, *done.DealID
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
	m.verify(p.admin, p.seller, p.otherSeller, p.buyer, p.otherBuyer, p.broker, p.strangerBroker)
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
		sale := func(ach, buyer, price int64) map[string]any {
			return map[string]any{"achievement_id": ach, "buyer_org_id": buyer, "price_fen": price}
		}
		refused := func(name string, who *account, body any, want int, code string) step {
			return step{name: name, as: who, method: "POST", path: "/api/v1/notices", body: body, want: want, code: code}
		}
		m.play(t,
			refused("a broker without a match (福州大学→正泰 ¥0.01)", p.strangerBroker, sale(p.ach, p.buyer.OrgID, 1), 403, "no_agreed_match"),
			refused("the broker, for an achievement its match does not cover", p.broker, sale(p.otherAch, p.buyer.OrgID, 1), 403, "no_agreed_match"),
			refused("the broker, for a buyer its match does not cover", p.broker, sale(p.ach, p.otherBuyer.OrgID, 1), 403, "no_agreed_match"),
			refused("a supplier of another university", p.otherSeller, sale(p.ach, p.buyer.OrgID, 1), 403, "not_your_listing"),
			refused("the buyer", p.buyer, sale(p.ach, p.buyer.OrgID, 1), 403, "forbidden"),
			refused("a broker without a match, by the match's deal", p.strangerBroker, map[string]any{"deal_id": p.dealID, "price_fen": 1}, 404, "deal_not_found"),
		)
		if n := m.count(&models.Notice{}); n != 0 || m.count(&models.Deal{}) != 1 || m.count(&models.AchievementSale{}) != 0 {
			t.Fatalf("refused publications stored something: %d notices, %d deals", n, m.count(&models.Deal{}))
		}

		// The broker of the agreed match publishes: the deal waits for the
		// seller, nothing is public, and both parties are told.
		r := call[models.Published](m, p.broker, 201, "POST", "/api/v1/notices", sale(p.ach, p.buyer.OrgID, 32_000_000))
		if r.Notice != nil || r.Deal == nil || r.Deal.Status != "awaiting_seller" || r.Deal.ID != p.dealID || r.Deal.PriceFen != 32_000_000 {
			t.Fatalf("broker's publication: %+v %+v", r.Deal, r.Notice)
		}
		if l := call[page[models.Notice]](m, nil, 200, "GET", "/api/v1/notices", nil); l.Total != 0 {
			t.Fatalf("a notice waiting for the seller is public: %+v", l)
		}
		if m.notified(p.seller, "deal.awaiting_seller") != 1 || m.notified(p.buyer, "deal.awaiting_seller") != 1 {
			t.Error("the parties were not told of the broker's notice")
		}
		// The seller sees it in 我的成交 with its two actions; nobody else has them.
		mine := call[page[titledDeal]](m, p.seller, 200, "GET", "/api/v1/my/deals", nil)
		if len(mine.Items) == 0 || fmt.Sprint(mine.Items[0].Actions) != "[approve_notice decline_notice]" {
			t.Errorf("seller's deals: %+v", mine)
		}
		theirs := call[page[titledDeal]](m, p.buyer, 200, "GET", "/api/v1/my/deals", nil)
		if len(theirs.Items) == 0 || theirs.Items[0].Actions == nil || len(theirs.Items[0].Actions) != 0 {
			t.Errorf("buyer's deals: %+v", theirs)
		}
		approve := fmt.Sprintf("/api/v1/deals/%d/approve-notice", p.dealID)
		m.play(t,
			// A second sale of the achievement is refused while it waits.
			step{name: "an offer beside a pending notice", as: p.seller, method: "POST", path: "/api/v1/offers",
				body: map[string]any{"achievement_id": p.ach, "price_fen": 1_000_000, "ends_at": time.Now().Add(time.Hour)}, want: 409, code: "already_on_sale"},
			step{name: "the broker approves its notice", as: p.broker, method: "POST", path: approve, want: 403},
			step{name: "the buyer approves", as: p.buyer, method: "POST", path: approve, want: 403},
			step{name: "another university approves", as: p.otherSeller, method: "POST", path: approve, want: 404},
		)
		// Some time passes: the notice's days start when the seller confirms.
		m.db.Model(&models.Deal{}).Where("id = ?", p.dealID).Update("updated_at", time.Now().AddDate(0, 0, -10).UTC())
		before := time.Now().Add(-time.Second)
		n := call[models.Published](m, p.seller, 200, "POST", approve, nil).Notice
		if n == nil {
			t.Fatal("approved without a notice")
		}
		if n.StartsAt.Before(before) || !n.EndsAt.Equal(n.StartsAt.AddDate(0, 0, m.market.Rules.NoticeDays)) || n.PriceFen != 32_000_000 {
			t.Errorf("notice after the seller's confirmation: %+v", n)
		}
		if l := call[page[models.Notice]](m, nil, 200, "GET", "/api/v1/notices", nil); l.Total != 1 {
			t.Errorf("confirmed notice not public: %+v", l)
		}
		if m.notified(p.seller, "deal.noticed") != 1 || m.notified(p.buyer, "deal.noticed") != 1 {
			t.Error("the parties were not told the notice is public")
		}
		m.check(step{name: "approved twice", as: p.seller, method: "POST", path: approve, want: 409})

		// The seller and a market admin publish at once, without a second step.
		for _, who := range []*account{p.seller, p.admin} {
			ach := m.publishAchievement(p.admin, p.seller, "直接公示的成果 "+who.Username)
			r := call[models.Published](m, who, 201, "POST", "/api/v1/notices", sale(ach, p.otherBuyer.OrgID, 5_000_000))
			if r.Notice == nil || r.Deal == nil || r.Deal.Status != "noticed" {
				t.Errorf("%s publishes: %+v %+v", who.Username, r.Deal, r.Notice)
			}
		}
	})
}

// The seller may decline a broker's notice: nothing becomes public, the deal
// is open again for the broker to correct, and the achievement is free.
func TestSellerDeclinesBrokersNotice(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := noticeSetup(t, m)
		call[models.Published](m, p.broker, 201, "POST", "/api/v1/notices", map[string]any{"deal_id": p.dealID})
		decline := fmt.Sprintf("/api/v1/deals/%d/decline-notice", p.dealID)
		m.check(step{name: "the broker declines its notice", as: p.broker, method: "POST", path: decline, want: 403})
		if d := call[models.Published](m, p.seller, 200, "POST", decline, nil); d.Notice != nil || d.Deal == nil || d.Deal.Status != "open" {
			t.Fatalf("declined: %+v %+v", d.Deal, d.Notice)
		}
		m.check(step{name: "declined twice", as: p.seller, method: "POST", path: decline, want: 409})
		if m.count(&models.Notice{}) != 0 || m.notified(p.broker, "deal.notice_declined") != 1 {
			t.Error("a declined notice was published, or the broker was not told")
		}
		call[models.Offer](m, p.seller, 201, "POST", "/api/v1/offers", map[string]any{"achievement_id": p.ach, "price_fen": 1_000_000, "ends_at": time.Now().Add(time.Hour)})
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
		m.check(step{name: "a negative price", as: sup, method: "POST", path: "/api/v1/notices",
			body: map[string]any{"achievement_id": ach, "buyer_org_id": buyer.OrgID, "price_fen": -5}, want: 422})
		n := call[models.Published](m, sup, 201, "POST", "/api/v1/notices", map[string]any{"achievement_id": ach, "buyer_org_id": buyer.OrgID, "price_fen": 8_000_000}).Notice
		if n == nil {
			t.Fatal("published without a notice")
		}
		id := n.ID
		path := fmt.Sprintf("/api/v1/notices/%d", id)
		objection := map[string]any{"reason": "价格明显偏低，涉嫌利益输送"}
		m.play(t,
			step{name: "the public objects", method: "POST", path: path + "/objections", body: objection, want: 401},
			// Only accounts of verified organisations object: each objection holds the deal's confirmation.
			step{name: "an unverified organisation objects", as: public, method: "POST", path: path + "/objections", body: objection, want: 403, code: "org_not_verified"},
		)
		m.verify(admin, public)
		m.check(step{name: "an objection without a reason", as: public, method: "POST", path: path + "/objections", body: map[string]any{"reason": ""}, want: 422})
		o := call[models.Objection](m, public, 201, "POST", path+"/objections", objection)
		if strings.Contains(string(m.do("GET", path, public.Token, nil).Body), "利益输送") {
			t.Error("objection reasons shown to non-admins")
		}
		// Notice over, objection pending: not confirmed yet.
		m.db.Model(&models.Notice{}).Where("id = ?", id).Update("ends_at", time.Now().Add(-time.Minute).UTC())
		if c, _ := m.market.ConfirmDueNotices(m.ctx, time.Now()); c != 0 {
			t.Fatal("confirmed with a pending objection")
		}
		resolve := fmt.Sprintf("/api/v1/objections/%d/resolve", o.ID)
		m.check(step{name: "the seller resolves", as: sup, method: "POST", path: resolve, body: map[string]any{"resolution": "驳回"}, want: 403})
		call[models.Objection](m, admin, 200, "POST", resolve, map[string]any{"uphold": false, "resolution": "经核实价格经评估机构评估，异议不成立"})
		if c, _ := m.market.ConfirmDueNotices(m.ctx, time.Now()); c != 1 {
			t.Fatal("not confirmed after the objection was dismissed")
		}
		var d models.Deal
		m.db.First(&d, n.DealID)
		if d.Status != "confirmed" {
			t.Errorf("deal %s", d.Status)
		}
		m.check(step{name: "an objection after the notice", as: public, method: "POST", path: path + "/objections", body: map[string]any{"reason": "公示结束后再提异议"}, want: 409})
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
				if r.Status != 200 {
					return nil
				}
				for _, item := range decoded[models.Notice](w.t, r).Objections {
					if item.ID == id {
						return item.Actions
					}
				}
				return nil
			}})
	})
}
