package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

// Acts that happen once: the same act sent many times at once (double
// clicks, two admins, two processes, a retrying client) moves the row once,
// and only that request notifies, emits and audits. SQLite serialises
// writers, so it mostly shows the acts stay correct; PostgreSQL runs the
// copies really at once and is the test that matters.

// copies is how many copies of each act are fired at once: more than the
// two or three that broke the rules in production, within the pool.
const copies = 12

// warm opens enough PostgreSQL connections for n requests at once: a
// request that has to open its own connection first arrives milliseconds
// late, when the race is already over, and the test would prove nothing.
func (m *market) warm(n int) {
	if models.Dialect(m.db) != "postgres" {
		return
	}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.db.Exec("SELECT pg_sleep(0.05)")
		}()
	}
	wg.Wait()
}

// fire sends copies of the act at once (released together by a barrier)
// and returns the statuses.
func fire(n int, act func(i int) int) []int {
	start := make(chan struct{})
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			out[i] = act(i)
		}(i)
	}
	close(start)
	wg.Wait()
	return out
}

// scheduled turns a scheduler job into an act: 200 when this run handled an item.
func scheduled(ctx context.Context, run func(ctx context.Context, now time.Time) (int, error), now time.Time) func(int) int {
	return func(int) int {
		n, err := run(ctx, now)
		switch {
		case err != nil:
			return 500
		case n == 1:
			return 200
		case n == 0:
			return 409
		}
		return 600 + n // handled more than one item: never expected
	}
}

// marks are the last ids of the logs an act writes to, taken before it.
type marks struct{ audit, note, event int64 }

func (m *market) mark() marks {
	var k marks
	m.db.Model(&models.AuditLog{}).Select("COALESCE(MAX(id), 0)").Scan(&k.audit)
	m.db.Model(&models.Notification{}).Select("COALESCE(MAX(id), 0)").Scan(&k.note)
	m.db.Model(&models.OutboxEvent{}).Select("COALESCE(MAX(id), 0)").Scan(&k.event)
	return k
}

// since counts what was written after the mark: audit entries of the
// action, outbox events of the topic, and notifications of the kind as
// recipients and the most any one recipient got.
func (m *market) since(k marks, audit, note, event string) (audits, events, recipients, most int64) {
	if audit != "" {
		m.db.Model(&models.AuditLog{}).Where("id > ? AND action = ?", k.audit, audit).Count(&audits)
	}
	if event != "" {
		m.db.Model(&models.OutboxEvent{}).Where("id > ? AND topic = ?", k.event, event).Count(&events)
	}
	if note != "" {
		var per []int64
		m.db.Model(&models.Notification{}).Select("COUNT(*)").Where("id > ? AND kind = ?", k.note, note).Group("user_id").Scan(&per)
		for _, n := range per {
			most = max(most, n)
		}
		recipients = int64(len(per))
	}
	return
}

// onceWorld is one market with the parties every act needs.
type onceWorld struct {
	m                     *market
	admin, sup, broker    *account
	dems                  []*account
	reviewer, reviewer2   *account
	contracts             *contractParties
	challenger, proposer  *account
	seq                   int
	achievementsPublished int
}

func newOnceWorld(t *testing.T, m *market) *onceWorld {
	w := &onceWorld{m: m, admin: m.admin()}
	w.sup = m.signUp("fzu", models.RoleSupplier, "福州大学")
	w.broker = m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
	w.reviewer = m.signUp("reviewer", models.RoleReviewer, "福州市技术合同登记站")
	w.challenger = m.signUp("ningde", models.RoleDemander, "宁德新能源科技")
	w.proposer = m.signUp("fjirsm", models.RoleSupplier, "中科院福建物构所")
	for _, a := range []*account{w.sup, w.broker, w.reviewer, w.challenger, w.proposer} {
		m.verify(w.admin, a)
	}
	w.reviewer2 = m.signUp("reviewer2", models.RoleReviewer, "福州市技术合同登记站")
	m.approve(w.admin, w.reviewer2)
	m.login(w.reviewer2)
	for i := 0; i < 5; i++ {
		d := m.signUp(fmt.Sprintf("ent%d", i), models.RoleDemander, fmt.Sprintf("摘牌企业%d", i))
		m.verify(w.admin, d)
		w.dems = append(w.dems, d)
	}
	w.contracts = &contractParties{admin: w.admin, seller: w.sup, buyer: w.dems[0], reviewer: w.reviewer, reviewer2: w.reviewer2, agency: w.reviewer.OrgID}
	return w
}

// earningRule is a new rule under which the buyer (dems[0]) has earned from a
// newly registered contract.
func (w *onceWorld) earningRule() int64 {
	rule := call[models.IncentiveRule](w.m, w.admin, 201, "POST", "/api/v1/incentives/rules", map[string]any{
		"name": w.name("福建企业技术吸纳补助"), "region_prefix": "35", "side": "buyer", "rate_bp": 500})
	call[contractView](w.m, w.reviewer, 200, "POST", w.contracts.submitted(w.m, 1_000_000)+"/register", nil)
	return rule.ID
}

func (w *onceWorld) incentiveApplication() int64 {
	return call[models.IncentiveApplication](w.m, w.dems[0], 201, "POST", "/api/v1/incentives/applications",
		map[string]any{"rule_id": w.earningRule(), "year": time.Now().In(shanghai).Year()}).ID
}

func (w *onceWorld) name(what string) string {
	w.seq++
	return fmt.Sprintf("%s %d 号", what, w.seq)
}

func (w *onceWorld) achievement() int64 {
	return w.m.publishAchievement(w.admin, w.sup, w.name("一次性验证用高性能储能材料"))
}

func (w *onceWorld) post(path, token string, body any) func(int) int {
	return func(int) int { return w.m.do("POST", path, token, body).Status }
}

// offer lists a fresh achievement; returns the achievement and the offer's path.
func (w *onceWorld) offer() (int64, string) {
	ach := w.achievement()
	o := call[models.Offer](w.m, w.sup, 201, "POST", "/api/v1/offers", map[string]any{"achievement_id": ach, "price_fen": 5_000_000,
		"ends_at": time.Now().Add(24 * time.Hour)})
	return ach, fmt.Sprintf("/api/v1/offers/%d", o.ID)
}

// auction puts a fresh achievement under the hammer with the first n
// enterprises admitted; returns the auction and lot ids.
func (w *onceWorld) auction(n int) (int64, int64) {
	m := w.m
	body := map[string]any{"title": w.name("一次性验证竞价会"), "starts_at": time.Now().Add(-time.Minute), "ends_at": time.Now().Add(time.Hour),
		"anti_snipe_minutes": 0, "lots": []map[string]any{{"achievement_id": w.achievement(), "start_price_fen": 100_000, "increment_fen": 10_000, "reserve_fen": 0}}}
	a := call[models.Auction](m, w.admin, 201, "POST", "/api/v1/auctions", body)
	if len(a.Lots) != 1 {
		m.t.Fatalf("auction lots: %+v", a)
	}
	for _, d := range w.dems[:n] {
		ad := call[models.Admission](m, d, 201, "POST", fmt.Sprintf("/api/v1/auctions/%d/apply", a.ID), nil)
		call[models.Admission](m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/admissions/%d/admit", ad.ID), nil)
	}
	return a.ID, a.Lots[0].ID
}

// hammer ends the lot now.
func (w *onceWorld) hammer(lot int64) {
	w.m.db.Model(&models.Lot{}).Where("id = ?", lot).Update("ends_at", time.Now().Add(-time.Second).UTC())
	if n, err := w.m.market.CloseDueLots(w.m.ctx, time.Now()); err != nil || n != 1 {
		w.m.t.Fatalf("hammer: %d %v", n, err)
	}
}

// agreedDeal is a deal opened by a match the broker took to agreed.
func (w *onceWorld) agreedDeal() int64 {
	need := w.m.publishNeed(w.admin, w.dems[0], w.name("储能材料需求"))
	_, deal := w.m.agreeMatch(w.broker, w.sup, w.dems[0], w.achievement(), need, 20_000_000)
	return deal
}

// notice puts a new negotiated deal of a fresh achievement under notice.
func (w *onceWorld) notice() (int64, int64) {
	r := call[models.Published](w.m, w.sup, 201, "POST", "/api/v1/notices", map[string]any{"achievement_id": w.achievement(),
		"buyer_org_id": w.dems[0].OrgID, "price_fen": 8_000_000})
	if r.Notice == nil {
		w.m.t.Fatalf("no notice: %+v", r)
	}
	return r.Notice.ID, r.Notice.DealID
}

func (w *onceWorld) draftContract(dealID *int64) string {
	in := w.contracts.input(50_000_000)
	if dealID != nil {
		in["deal_id"] = *dealID
	}
	return fmt.Sprintf("/api/v1/contracts/%d", call[models.Contract](w.m, w.sup, 201, "POST", "/api/v1/contracts", in).ID)
}

type onceCase struct {
	name string
	// act readies the state and returns the act to repeat.
	act func(w *onceWorld) func(i int) int
	// what the one act that moved the row writes, once
	audit, note, event string
	// same: the act is idempotent, every copy answers 2xx (with the same result)
	same bool
	// check asserts the state after the race.
	check func(t *testing.T, w *onceWorld)
}

func onceCases() []onceCase {
	var ach, auction, lot, dealID, noticeID int64
	var path string
	count := func(t *testing.T, w *onceWorld, model any, want int64, where string, args ...any) {
		t.Helper()
		var n int64
		w.m.db.Model(model).Where(where, args...).Count(&n)
		if n != want {
			t.Errorf("%d %T rows where %s %v, want %d", n, model, where, args, want)
		}
	}
	return []onceCase{
		{name: "admit a bidder", audit: "auction.admit", note: "auction.admitted", event: "auction.admitted",
			act: func(w *onceWorld) func(int) int {
				auction, _ = w.auction(0)
				ad := call[models.Admission](w.m, w.dems[0], 201, "POST", fmt.Sprintf("/api/v1/auctions/%d/apply", auction), nil)
				return w.post(fmt.Sprintf("/api/v1/admissions/%d/admit", ad.ID), w.admin.Token, nil)
			}},
		{name: "accept an offer (摘牌) by five enterprises", audit: "offer.accept",
			act: func(w *onceWorld) func(int) int {
				ach, path = w.offer()
				return func(i int) int { return w.m.do("POST", path+"/accept", w.dems[i%5].Token, nil).Status }
			},
			check: func(t *testing.T, w *onceWorld) { count(t, w, &models.Deal{}, 1, "achievement_id = ?", ach) }},
		{name: "withdraw an offer", audit: "offer.withdraw",
			act: func(w *onceWorld) func(int) int {
				_, path = w.offer()
				return w.post(path+"/withdraw", w.sup.Token, nil)
			}},
		{name: "expire offers (scheduler)",
			act: func(w *onceWorld) func(int) int {
				ach, path = w.offer()
				w.m.db.Model(&models.Offer{}).Where("achievement_id = ?", ach).Update("ends_at", time.Now().Add(-time.Minute).UTC())
				return scheduled(w.m.ctx, w.m.market.ExpireOffers, time.Now())
			},
			check: func(t *testing.T, w *onceWorld) { count(t, w, &models.AchievementSale{}, 0, "achievement_id = ?", ach) }},
		{name: "close a lot (scheduler)", event: "auction.closed",
			act: func(w *onceWorld) func(int) int {
				_, lot = w.auction(1)
				call[bidPlaced](w.m, w.dems[0], 201, "POST", fmt.Sprintf("/api/v1/lots/%d/bids", lot), bidBody{AmountFen: 100_000, ClientKey: "k"})
				w.m.db.Model(&models.Lot{}).Where("id = ?", lot).Update("ends_at", time.Now().Add(-time.Second).UTC())
				return scheduled(w.m.ctx, w.m.market.CloseDueLots, time.Now())
			},
			check: func(t *testing.T, w *onceWorld) {
				count(t, w, &models.Deal{}, 1, "mode = ? AND achievement_id = (SELECT achievement_id FROM lots WHERE id = ?)", models.DealAuction, lot)
				// Signed, so that the forfeiture below finds only its own deal.
				var l models.Lot
				w.m.db.First(&l, lot)
				call[models.Deal](w.m, w.dems[0], 200, "POST", fmt.Sprintf("/api/v1/deals/%d/confirm", *l.DealID), nil)
			}},
		{name: "sign an auction win", audit: "deal.confirm",
			act: func(w *onceWorld) func(int) int {
				_, lot = w.auction(1)
				call[bidPlaced](w.m, w.dems[0], 201, "POST", fmt.Sprintf("/api/v1/lots/%d/bids", lot), bidBody{AmountFen: 100_000, ClientKey: "k"})
				w.hammer(lot)
				var l models.Lot
				w.m.db.First(&l, lot)
				return w.post(fmt.Sprintf("/api/v1/deals/%d/confirm", *l.DealID), w.dems[0].Token, nil)
			}},
		{name: "forfeit an unsigned win (scheduler)",
			act: func(w *onceWorld) func(int) int {
				_, lot = w.auction(2)
				for i, d := range w.dems[:2] {
					call[bidPlaced](w.m, d, 201, "POST", fmt.Sprintf("/api/v1/lots/%d/bids", lot), bidBody{AmountFen: int64(100_000 + 10_000*i), ClientKey: "k"})
				}
				w.hammer(lot)
				return scheduled(w.m.ctx, w.m.market.ForfeitUnsignedDeals, time.Now().AddDate(0, 0, 8))
			}},
		{name: "give a forfeited lot to the runner-up", audit: "lot.runner_up", note: "auction.runner_up",
			act: func(w *onceWorld) func(int) int {
				return w.post(fmt.Sprintf("/api/v1/lots/%d/runner-up", lot), w.admin.Token, nil)
			},
			check: func(t *testing.T, w *onceWorld) {
				count(t, w, &models.Deal{}, 2, "mode = ? AND achievement_id = (SELECT achievement_id FROM lots WHERE id = ?)", models.DealAuction, lot)
			}},
		{name: "the seller publishes a matched deal", audit: "notice.publish", note: "deal.noticed", event: "notice.published",
			act: func(w *onceWorld) func(int) int {
				dealID = w.agreedDeal()
				return w.post("/api/v1/notices", w.sup.Token, map[string]any{"deal_id": dealID})
			},
			check: func(t *testing.T, w *onceWorld) { count(t, w, &models.Notice{}, 1, "deal_id = ?", dealID) }},
		{name: "the broker publishes a matched deal", audit: "notice.propose", note: "deal.awaiting_seller",
			act: func(w *onceWorld) func(int) int {
				dealID = w.agreedDeal()
				return w.post("/api/v1/notices", w.broker.Token, map[string]any{"deal_id": dealID})
			}},
		{name: "the seller confirms the broker's notice", audit: "notice.publish", note: "deal.noticed", event: "notice.published",
			act: func(w *onceWorld) func(int) int {
				return w.post(fmt.Sprintf("/api/v1/deals/%d/approve-notice", dealID), w.sup.Token, nil)
			},
			check: func(t *testing.T, w *onceWorld) { count(t, w, &models.Notice{}, 1, "deal_id = ?", dealID) }},
		{name: "the seller declines a broker's notice", audit: "notice.decline", note: "deal.notice_declined",
			act: func(w *onceWorld) func(int) int {
				dealID = w.agreedDeal()
				call[models.Published](w.m, w.broker, 201, "POST", "/api/v1/notices", map[string]any{"deal_id": dealID})
				return w.post(fmt.Sprintf("/api/v1/deals/%d/decline-notice", dealID), w.sup.Token, nil)
			}},
		{name: "uphold an objection", audit: "objection.upheld", event: "notice.cancelled",
			act: func(w *onceWorld) func(int) int {
				noticeID, _ = w.notice()
				o := call[models.Objection](w.m, w.dems[1], 201, "POST", fmt.Sprintf("/api/v1/notices/%d/objections", noticeID),
					map[string]any{"reason": "成交价明显低于评估价"})
				return w.post(fmt.Sprintf("/api/v1/objections/%d/resolve", o.ID), w.admin.Token,
					map[string]any{"uphold": true, "resolution": "经核实异议成立"})
			}},
		{name: "confirm notices at their end (scheduler)", event: "notice.confirmed",
			act: func(w *onceWorld) func(int) int {
				noticeID, dealID = w.notice()
				w.m.db.Model(&models.Notice{}).Where("id = ?", noticeID).Update("ends_at", time.Now().Add(-time.Minute).UTC())
				return scheduled(w.m.ctx, w.m.market.ConfirmDueNotices, time.Now())
			},
			check: func(t *testing.T, w *onceWorld) {
				count(t, w, &models.Deal{}, 1, "id = ? AND status = ?", dealID, models.DealConfirmed)
			}},
		{name: "draft the contract of a deal", audit: "contract.create",
			act: func(w *onceWorld) func(int) int {
				in := w.contracts.input(50_000_000)
				in["deal_id"] = dealID // confirmed above
				return w.post("/api/v1/contracts", w.sup.Token, in)
			},
			check: func(t *testing.T, w *onceWorld) { count(t, w, &models.Contract{}, 1, "deal_id = ?", dealID) }},
		{name: "submit a listing", audit: "achievement.submit",
			act: func(w *onceWorld) func(int) int {
				r := call[models.Achievement](w.m, w.sup, 201, "POST", "/api/v1/achievements", achievementBody(w.name("待提交的成果")))
				path = "/api/v1/achievements/" + strconv.FormatInt(r.ID, 10)
				return w.post(path+"/submit", w.sup.Token, nil)
			}},
		{name: "approve a listing", audit: "achievement.approve", note: "achievement.approve", event: "listing.changed",
			act: func(w *onceWorld) func(int) int { return w.post(path+"/approve", w.admin.Token, nil) }},
		{name: "expire listings (scheduler)", audit: "achievement.expire", note: "achievement.expire",
			act: func(w *onceWorld) func(int) int {
				w.m.db.Model(&models.Achievement{}).Where("id = ?", strings.TrimPrefix(path, "/api/v1/achievements/")).
					Update("valid_until", time.Now().Add(-time.Hour).UTC())
				return scheduled(w.m.ctx, w.m.market.Achievements().Expire, time.Now())
			}},
		{name: "relist an expired listing", audit: "achievement.relist",
			act: func(w *onceWorld) func(int) int {
				return w.post(path+"/relist", w.sup.Token, map[string]any{"until": time.Now().AddDate(1, 0, 0).Format("2006-01-02")})
			}},
		{name: "accept a broker's introduction", audit: "match.respond", note: "match.response",
			act: func(w *onceWorld) func(int) int {
				need := w.m.publishNeed(w.admin, w.dems[0], w.name("介绍用需求"))
				r := call[models.Match](w.m, w.broker, 201, "POST", "/api/v1/matches", map[string]any{"need_id": need, "achievement_id": w.achievement()})
				path = "/api/v1/matches/" + strconv.FormatInt(r.ID, 10)
				return w.post(path+"/accept", w.sup.Token, nil)
			}},
		{name: "move a match to agreed", audit: "match.agreed",
			act: func(w *onceWorld) func(int) int {
				call[models.Match](w.m, w.dems[0], 200, "POST", path+"/accept", nil)
				for _, st := range []string{"contacted", "negotiating"} {
					call[models.Match](w.m, w.broker, 200, "POST", path+"/move", map[string]any{"status": st})
				}
				return w.post(path+"/move", w.broker.Token, map[string]any{"status": "agreed", "price_fen": 9_000_000})
			},
			check: func(t *testing.T, w *onceWorld) {
				count(t, w, &models.Deal{}, 1, "match_id = ?", strings.TrimPrefix(path, "/api/v1/matches/"))
			}},
		{name: "grant access to confidential detail", audit: "access.granted", note: "access.granted",
			act: func(w *onceWorld) func(int) int {
				body := achievementBody(w.name("含保密详情的成果"))
				body["confidential_detail"] = "关键工艺参数：烧结温度 1150 ℃，保温 4 小时。"
				r := call[models.Achievement](w.m, w.sup, 201, "POST", "/api/v1/achievements", body)
				p := "/api/v1/achievements/" + strconv.FormatInt(r.ID, 10)
				call[models.Achievement](w.m, w.sup, 200, "POST", p+"/submit", nil)
				call[models.Achievement](w.m, w.admin, 200, "POST", p+"/approve", nil)
				req := call[models.AccessRequest](w.m, w.dems[0], 201, "POST", p+"/access-requests", map[string]any{"message": "拟合作开发"})
				return w.post(fmt.Sprintf("/api/v1/access-requests/%d/grant", req.ID), w.sup.Token, nil)
			}},
		{name: "resolve a report", audit: "report.dismissed", note: "report.dismissed",
			act: func(w *onceWorld) func(int) int {
				r := call[models.ListingReport](w.m, w.dems[0], 201, "POST", fmt.Sprintf("/api/v1/achievements/%d/reports", w.achievement()),
					map[string]any{"reason": "专利已失效仍在出售"})
				return w.post(fmt.Sprintf("/api/v1/admin/reports/%d/resolve", r.ID), w.admin.Token,
					map[string]any{"take_down": false, "resolution": "专利仍有效"})
			}},
		{name: "register for a roadshow, one user", note: "roadshow.registered", same: true,
			act: func(w *onceWorld) func(int) int {
				r := call[models.Roadshow](w.m, w.broker, 201, "POST", "/api/v1/roadshows", map[string]any{"title": w.name("新材料专场路演"),
					"starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour), "online": true,
					"link": "https://meeting.example.cn/1", "capacity": 50, "achievement_ids": []int64{w.achievement()}})
				path = fmt.Sprintf("/api/v1/roadshows/%d", r.ID)
				return w.post(path+"/register", w.dems[0].Token, nil)
			},
			check: func(t *testing.T, w *onceWorld) {
				if got := call[roadshowView](w.m, nil, 200, "GET", path, nil).Registered; got != 1 {
					t.Errorf("registered %v after one user's registrations", got)
				}
			}},
		{name: "confirm a contract (seller)", audit: "contract.confirm",
			act: func(w *onceWorld) func(int) int {
				path = w.draftContract(nil)
				w.m.must(200, w.m.upload(path+"/file", w.sup.Token, "合同.pdf", pdf))
				return w.post(path+"/confirm", w.sup.Token, nil)
			}},
		{name: "submit a contract", audit: "contract.submit",
			act: func(w *onceWorld) func(int) int {
				call[contractView](w.m, w.dems[0], 200, "POST", path+"/confirm", nil)
				return w.post(path+"/submit", w.sup.Token, nil)
			}},
		{name: "register a contract", audit: "contract.register", note: "contract.register",
			act: func(w *onceWorld) func(int) int { return w.post(path+"/register", w.reviewer.Token, nil) },
			check: func(t *testing.T, w *onceWorld) {
				// One number issued: the agency's sequence moved once per registered contract.
				var seq models.RegistrationSequence
				var registered int64
				w.m.db.Where("agency_id = ?", w.reviewer.OrgID).First(&seq)
				w.m.db.Model(&models.Contract{}).Where("status = ?", models.ContractRegistered).Count(&registered)
				if int64(seq.LastSeq) != registered {
					t.Errorf("sequence at %d for %d registered contracts", seq.LastSeq, registered)
				}
			}},
		{name: "register an amendment", audit: "contract.amendment.registered",
			act: func(w *onceWorld) func(int) int {
				a := call[models.Amendment](w.m, w.sup, 201, "POST", path+"/amendments", map[string]any{"kind": "change", "reason": "合同金额调整",
					"contract_amount_fen": 40_100_000, "tech_amount_fen": 40_000_000})
				return w.post(fmt.Sprintf("/api/v1/amendments/%d/review", a.ID), w.reviewer.Token,
					map[string]any{"register": true, "comment": "准予变更"})
			}},
		{name: "apply for an incentive", audit: "incentive.apply",
			act: func(w *onceWorld) func(int) int {
				return w.post("/api/v1/incentives/applications", w.dems[0].Token, map[string]any{"rule_id": w.earningRule(), "year": time.Now().In(shanghai).Year()})
			},
			check: func(t *testing.T, w *onceWorld) {
				count(t, w, &models.IncentiveApplication{}, 1, "org_id = ? AND status = ?", w.dems[0].OrgID, models.IncentiveSubmitted)
			}},
		{name: "approve an incentive application", audit: "incentive.approve", note: "incentive.approve",
			act: func(w *onceWorld) func(int) int {
				return w.post(fmt.Sprintf("/api/v1/incentives/applications/%d/review", w.incentiveApplication()), w.admin.Token,
					map[string]any{"approve": true, "amount_fen": 10_000})
			}},
		{name: "record an incentive payment", audit: "incentive.pay", note: "incentive.pay",
			act: func(w *onceWorld) func(int) int {
				id := w.incentiveApplication()
				call[models.IncentiveApplication](w.m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/incentives/applications/%d/review", id), map[string]any{"approve": true, "amount_fen": 10_000})
				w.m.db.Model(&models.IncentiveApplication{}).Where("id = ?", id).Update("notice_until", time.Now().Add(-time.Minute).UTC())
				return w.post(fmt.Sprintf("/api/v1/incentives/applications/%d/payment", id), w.admin.Token,
					map[string]any{"paid_on": time.Now().In(shanghai).Format("2006-01-02"), "amount_fen": 10_000, "voucher_no": "闽财拨〔2026〕7号"})
			}},
		{name: "publish a challenge", audit: "challenge.publish", event: "challenge.changed",
			act: func(w *onceWorld) func(int) int {
				r := call[models.Challenge](w.m, w.challenger, 201, "POST", "/api/v1/challenges", challengeBody(w.name("钙钛矿封装揭榜"), time.Now().Add(72*time.Hour)))
				path = fmt.Sprintf("/api/v1/challenges/%d", r.ID)
				return w.post(path+"/publish", w.challenger.Token, nil)
			}},
		{name: "award a proposal", note: "challenge.awarded", audit: "proposal.award", same: true,
			act: func(w *onceWorld) func(int) int {
				p := call[models.Proposal](w.m, w.proposer, 201, "POST", path+"/proposals", proposalBody("原子层沉积复合封装方案"))
				w.m.pastDeadline(path)
				return w.post(fmt.Sprintf("/api/v1/proposals/%d/award", p.ID), w.challenger.Token, nil)
			}},
		{name: "verify an organisation", audit: "org.verified", note: "org.verified",
			act: func(w *onceWorld) func(int) int {
				a := w.m.signUp(fmt.Sprintf("new%d", w.seq), models.RoleDemander, w.name("新注册企业"))
				w.m.requestVerification(a)
				return w.post("/api/v1/admin/orgs/"+strconv.FormatInt(a.OrgID, 10)+"/verify", w.admin.Token, nil)
			}},
		{name: "approve a membership", audit: "membership.approve",
			act: func(w *onceWorld) func(int) int {
				a := w.m.signUp(fmt.Sprintf("joiner%d", w.seq), models.RoleSupplier, "福州大学")
				ms, _ := w.m.market.MembershipOf(w.m.ctx, a.UserID)
				return w.post(fmt.Sprintf("/api/v1/memberships/%d/approve", ms.ID), w.sup.Token, nil)
			}},
	}
}

// Every once-only act of the models, fired copies times at once: exactly one
// succeeds (or, for the idempotent ones, all answer the one result), the
// others get a 409, and the notification, outbox event and audit entry are
// written once.
func TestEveryActHappensOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newOnceWorld(t, m)
		for _, c := range onceCases() {
			act := c.act(w)
			k := m.mark()
			m.warm(copies + 2)
			statuses := fire(copies, act)
			t.Logf("%s: %v", c.name, statuses)
			ok, lost := 0, 0
			for _, s := range statuses {
				switch {
				case s >= 200 && s < 300:
					ok++
				case s == 409:
					lost++
				}
			}
			switch {
			case c.same && ok != copies:
				t.Errorf("%s: statuses %v, want all 2xx", c.name, statuses)
			case !c.same && (ok != 1 || lost != copies-1):
				t.Errorf("%s: statuses %v, want one 2xx and %d × 409", c.name, statuses, copies-1)
			}
			audits, events, recipients, most := m.since(k, c.audit, c.note, c.event)
			if c.audit != "" && audits != 1 || c.event != "" && events != 1 || c.note != "" && (recipients == 0 || most != 1) {
				t.Errorf("%s: %d audit entries %q, %d events %q, notifications %q to %d recipients (at most %d each); want each once",
					c.name, audits, c.audit, events, c.event, c.note, recipients, most)
			}
			if c.check != nil {
				c.check(t, w)
			}
		}
	})
}

// saleAttempt tries to put the achievement on sale through channel i%3:
// an offer, an auction lot, a negotiated-deal notice.
func (w *onceWorld) saleAttempt(ach int64, i int) response {
	m := w.m
	switch i % 3 {
	case 0:
		return m.do("POST", "/api/v1/offers", w.sup.Token, map[string]any{"achievement_id": ach, "price_fen": 5_000_000, "ends_at": time.Now().Add(time.Hour)})
	case 1:
		return m.do("POST", "/api/v1/auctions", w.admin.Token, map[string]any{"title": "同一成果并发竞价会", "starts_at": time.Now(), "ends_at": time.Now().Add(time.Hour),
			"lots": []map[string]any{{"achievement_id": ach, "start_price_fen": 100_000, "increment_fen": 10_000, "reserve_fen": 0}}})
	}
	return m.do("POST", "/api/v1/notices", w.sup.Token, map[string]any{"achievement_id": ach, "buyer_org_id": w.dems[i%5].OrgID, "price_fen": 6_000_000})
}

// openSales counts the achievement's open sales of every channel.
func (w *onceWorld) openSales(ach int64) int64 {
	var offers, lots, notices int64
	w.m.db.Model(&models.Offer{}).Where("achievement_id = ? AND status = ?", ach, models.OfferOpen).Count(&offers)
	w.m.db.Model(&models.Lot{}).Where("achievement_id = ? AND status = ?", ach, models.LotOpen).Count(&lots)
	w.m.db.Model(&models.Deal{}).Where("achievement_id = ? AND status IN ?", ach, []models.DealStatus{models.DealNoticed, models.DealAwaitingSeller}).Count(&notices)
	return offers + lots + notices
}

// Offers, auctions and notices of one achievement sent at once: one opens,
// every other gets a 409 in Chinese naming where it is already for sale.
// Before, three offers opened and three enterprises each bought one.
func TestOneOpenSalePerAchievementWhateverTheChannel(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newOnceWorld(t, m)
		for round := 0; round < 3; round++ {
			ach := w.achievement()
			m.warm(copies + 2)
			var mu sync.Mutex
			var refusals []string
			statuses := fire(copies, func(i int) int {
				r := w.saleAttempt(ach, i+round)
				if r.Status == 409 {
					e := r.failure(t)
					mu.Lock()
					refusals = append(refusals, e.Code+" "+e.Message)
					mu.Unlock()
				}
				return r.Status
			})
			won := 0
			for _, s := range statuses {
				if s == 201 {
					won++
				} else if s != 409 {
					t.Errorf("round %d: status %d", round, s)
				}
			}
			if won != 1 || len(refusals) != copies-1 || w.openSales(ach) != 1 {
				t.Fatalf("round %d: %d opened (statuses %v), %d open sales", round, won, statuses, w.openSales(ach))
			}
			for _, r := range refusals {
				if !strings.HasPrefix(r, "already_on_sale ") || !strings.Contains(r, "该成果已在") {
					t.Errorf("round %d refusal: %s", round, r)
				}
			}
		}
	})
}

// Each way a sale ends without a deal frees the achievement for the next
// sale, of any channel; the sale that ends in a deal closes it for good,
// held by the database even when a read still saw the achievement published.
func TestEndingASaleFreesTheAchievementUntilItIsSold(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newOnceWorld(t, m)
		ach := w.achievement()
		refused := func(step string, r response, code string) {
			t.Helper()
			if r.Status != 409 || r.errorCode(t) != code {
				t.Fatalf("%s: %d %s", step, r.Status, r.Body)
			}
		}
		offerOpened := func() int64 { return decoded[models.Offer](t, m.must(201, w.saleAttempt(ach, 0))).ID }

		// An offer, withdrawn.
		offer := offerOpened()
		refused("auction beside an offer", w.saleAttempt(ach, 1), "already_on_sale")
		call[models.Offer](m, w.sup, 200, "POST", fmt.Sprintf("/api/v1/offers/%d/withdraw", offer), nil)
		// A lot, unsold.
		auction := decoded[models.Auction](t, m.must(201, w.saleAttempt(ach, 1)))
		if len(auction.Lots) != 1 {
			t.Fatalf("auction lots: %+v", auction)
		}
		lot := auction.Lots[0].ID
		refused("offer beside a lot", w.saleAttempt(ach, 0), "already_on_sale")
		m.db.Model(&models.Lot{}).Where("id = ?", lot).Update("ends_at", time.Now().Add(-time.Second).UTC())
		if n, err := m.market.CloseDueLots(m.ctx, time.Now()); n != 1 || err != nil {
			t.Fatalf("lot closing: %d %v", n, err)
		}
		// A notice, cancelled on an upheld objection.
		published := decoded[models.Published](t, m.must(201, w.saleAttempt(ach, 2)))
		if published.Notice == nil {
			t.Fatalf("no notice: %+v", published)
		}
		refused("offer beside a notice", w.saleAttempt(ach, 0), "already_on_sale")
		o := call[models.Objection](m, w.dems[1], 201, "POST", fmt.Sprintf("/api/v1/notices/%d/objections", published.Notice.ID), map[string]any{"reason": "价格明显偏低"})
		call[models.Objection](m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/objections/%d/resolve", o.ID), map[string]any{"uphold": true, "resolution": "异议成立"})
		// An offer, expired.
		offer = offerOpened()
		m.db.Model(&models.Offer{}).Where("id = ?", offer).Update("ends_at", time.Now().Add(-time.Second).UTC())
		if n, err := m.market.ExpireOffers(m.ctx, time.Now()); n != 1 || err != nil {
			t.Fatalf("offer expiry: %d %v", n, err)
		}
		// An offer, accepted: the achievement is sold.
		offer = offerOpened()
		call[offerAccepted](m, w.dems[0], 200, "POST", fmt.Sprintf("/api/v1/offers/%d/accept", offer), nil)
		var a models.Achievement
		m.db.First(&a, ach)
		if a.Status != models.StatusClosed || a.CloseReason != models.ClosedDealt {
			t.Fatalf("after the sale: %s/%s", a.Status, a.CloseReason)
		}
		// The listing's status already refuses a new sale; the database does
		// too, for a request that read the achievement as still published.
		m.db.Model(&models.Achievement{}).Where("id = ?", ach).Updates(map[string]any{"status": models.StatusPublished, "close_reason": ""})
		for i := 0; i < 3; i++ {
			refused(fmt.Sprintf("channel %d after the sale", i), w.saleAttempt(ach, i), "already_dealt")
		}
		if w.openSales(ach) != 0 {
			t.Errorf("%d open sales of a sold achievement", w.openSales(ach))
		}
	})
}
