package app

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/schema"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// world is the market the security suite tries every route on: an
// organisation of each kind with an active 机构管理员 and a member whose
// request to join still waits, another organisation of the same kind, an
// unverified and a verified broker firm, two registration agencies and the
// market admin.
type world struct {
	m *market
	t *testing.T

	admin                              *account
	uOwner, uPending, uOther           *account // 福州大学 (verified), its pending member, 厦门大学
	eOwner, ePending, eOther           *account // 福耀玻璃 (verified), its pending member, 九牧集团
	bOwner, bPending, vbroker, ubroker *account // 海峡技术转移中心, its pending member, 海西技术转移中心 (verified), 未认证的经纪机构
	aOwner, aPending, oreviewer        *account // 福州市技术合同登记站, its pending member, 泉州市技术合同登记站
	seq                                int
}

func newWorld(t *testing.T, m *market) *world {
	w := &world{m: m, t: t, admin: m.admin()}
	verified := func(user string, role models.Role, org string) *account {
		a := m.signUp(user, role, org)
		m.verify(w.admin, a)
		return a
	}
	w.uOwner = verified("u_owner", models.RoleSupplier, "福州大学")
	w.uPending = m.signUp("u_pending", models.RoleSupplier, "福州大学")
	w.uOther = verified("u_other", models.RoleSupplier, "厦门大学")
	w.eOwner = verified("e_owner", models.RoleDemander, "福耀玻璃工业集团")
	w.ePending = m.signUp("e_pending", models.RoleDemander, "福耀玻璃工业集团")
	w.eOther = verified("e_other", models.RoleDemander, "九牧厨卫")
	w.bOwner = verified("b_owner", models.RoleBroker, "福建海峡技术转移中心")
	w.bPending = m.signUp("b_pending", models.RoleBroker, "福建海峡技术转移中心")
	w.vbroker = verified("v_broker", models.RoleBroker, "海西技术转移中心")
	w.ubroker = m.signUp("u_broker", models.RoleBroker, "尚未认证的技术转移中心")
	w.aOwner = verified("a_owner", models.RoleReviewer, "福州市技术合同登记站")
	w.aPending = m.signUp("a_pending", models.RoleReviewer, "福州市技术合同登记站")
	w.oreviewer = verified("o_reviewer", models.RoleReviewer, "泉州市技术合同登记站")
	return w
}

// side names whose organisation a route's resource belongs to: it decides
// who the "owner", "pending" and "other" actors are.
type side int

const (
	sideU side = iota // a university: achievements, proposals, contracts as seller
	sideE             // an enterprise: needs, challenges, bids, offers accepted
	sideB             // a broker firm: matches
	sideA             // a registration agency: reviews
)

// The actors of every try, in the order of the expectation strings.
var actorNames = []string{"public", "owner", "pending", "other", "unverified broker", "verified broker", "other agency's reviewer", "market admin"}

func (w *world) actors(s side) []*account {
	own := map[side][3]*account{
		sideU: {w.uOwner, w.uPending, w.uOther},
		sideE: {w.eOwner, w.ePending, w.eOther},
		sideB: {w.bOwner, w.bPending, w.vbroker},
		sideA: {w.aOwner, w.aPending, w.oreviewer},
	}[s]
	return []*account{nil, own[0], own[1], own[2], w.ubroker, w.vbroker, w.oreviewer, w.admin}
}

func (w *world) next() int { w.seq++; return w.seq }

// id reads the id of a created resource, whatever its type.
func (w *world) id(r response) int64 {
	w.t.Helper()
	return decoded[struct{ ID int64 }](w.t, r).ID
}

// Listings. Each builder makes a new one, so that a write that succeeds
// never changes what another try works on.

func (w *world) achDraft() int64 {
	body := achievementBody(fmt.Sprintf("石墨烯导热膜连续化制备技术 %d", w.next()))
	body["confidential_detail"] = "烧结温度曲线与配方比例"
	return call[models.Achievement](w.m, w.uOwner, 201, "POST", "/api/v1/achievements", body).ID
}

func (w *world) achPending() int64 {
	id := w.achDraft()
	call[models.Achievement](w.m, w.uOwner, 200, "POST", fmt.Sprintf("/api/v1/achievements/%d/submit", id), nil)
	return id
}

func (w *world) achPublished() int64 {
	id := w.achPending()
	call[models.Achievement](w.m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/achievements/%d/approve", id), nil)
	return id
}

func needBody(title string) map[string]any {
	return map[string]any{"title": title, "summary": "企业需要一种汽车玻璃镀膜的连续化制备工艺，年产能 50 万平方米。",
		"keywords": []string{"镀膜"}, "field": "新材料及其应用", "region": "350181", "coop_modes": []string{"合作开发"},
		"budget_min_fen": 10_000_000, "budget_max_fen": 50_000_000, "deadline": time.Now().AddDate(0, 6, 0),
		"contact_name": "技术中心", "contact_phone": "0591-22222222", "confidential_detail": "现有产线参数"}
}

func (w *world) needDraft() int64 {
	return call[models.Need](w.m, w.eOwner, 201, "POST", "/api/v1/needs", needBody(fmt.Sprintf("寻求汽车玻璃镀膜技术 %d", w.next()))).ID
}

func (w *world) needPublished() int64 {
	id := w.needDraft()
	call[models.Need](w.m, w.eOwner, 200, "POST", fmt.Sprintf("/api/v1/needs/%d/submit", id), nil)
	call[models.Need](w.m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/needs/%d/approve", id), nil)
	return id
}

// setStatus moves a listing straight to a state the API reaches only
// through the scheduler or time (expired, rejected …).
func (w *world) setStatus(table string, id int64, cols map[string]any) {
	w.t.Helper()
	if err := w.m.db.Table(table).Where("id = ?", id).Updates(cols).Error; err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) match() int64 {
	return call[models.Match](w.m, w.bOwner, 201, "POST", "/api/v1/matches",
		map[string]any{"need_id": w.needPublished(), "achievement_id": w.achPublished()}).ID
}

func (w *world) auction(startsIn time.Duration) (auctionID, lotID int64) {
	au := call[models.Auction](w.m, w.admin, 201, "POST", "/api/v1/auctions", w.auctionBody(startsIn))
	if len(au.Lots) != 1 {
		w.t.Fatalf("auction: %+v", au)
	}
	return au.ID, au.Lots[0].ID
}

func (w *world) auctionBody(startsIn time.Duration) map[string]any {
	start := time.Now().Add(startsIn)
	return map[string]any{"title": "高校科技成果专场拍卖会", "starts_at": start, "ends_at": start.Add(2 * time.Hour), "deposit_fen": 1_000_000,
		"lots": []map[string]any{{"achievement_id": w.achPublished(), "start_price_fen": 1_000_000, "increment_fen": 100_000, "reserve_fen": 1_500_000}}}
}

func (w *world) admission(auctionID int64) int64 {
	return call[models.Admission](w.m, w.eOwner, 201, "POST", fmt.Sprintf("/api/v1/auctions/%d/apply", auctionID), nil).ID
}

func (w *world) offer() int64 {
	return call[models.Offer](w.m, w.uOwner, 201, "POST", "/api/v1/offers", map[string]any{"achievement_id": w.achPublished(),
		"price_fen": 20_000_000, "ends_at": time.Now().AddDate(0, 1, 0)}).ID
}

// periodOffer has U list a published achievement for a listing period of
// 20 working days, asking a deposit; registered has E register interest in
// a new one and answers the offer and the registration.
func (w *world) periodOffer() int64 {
	return call[models.Offer](w.m, w.uOwner, 201, "POST", "/api/v1/offers", map[string]any{"achievement_id": w.achPublished(),
		"price_fen": 20_000_000, "mode": "period", "period_days": 20, "deposit_fen": 1_000_000}).ID
}

func (w *world) registered() (int64, int64) {
	o := w.periodOffer()
	r := call[models.OfferRegistration](w.m, w.eOwner, 201, "POST", fmt.Sprintf("/api/v1/offers/%d/register", o), nil)
	return o, r.ID
}

// published has U publish a negotiated sale to E (协议成交公示).
func (w *world) published() models.Published {
	w.t.Helper()
	p := call[models.Published](w.m, w.uOwner, 201, "POST", "/api/v1/notices", map[string]any{"achievement_id": w.achPublished(),
		"buyer_org_id": w.eOwner.OrgID, "price_fen": 8_000_000})
	if p.Deal == nil || p.Notice == nil {
		w.t.Fatalf("published: %+v %+v", p.Deal, p.Notice)
	}
	return p
}

func (w *world) notice() int64 { return w.published().Notice.ID }

// agreedDeal is the open deal the broker's agreed match opened, not yet under notice.
func (w *world) agreedDeal() int64 {
	m := "/api/v1/matches/" + itoa(w.match())
	call[models.Match](w.m, w.uOwner, 200, "POST", m+"/accept", nil)
	call[models.Match](w.m, w.eOwner, 200, "POST", m+"/accept", nil)
	for _, st := range []string{"contacted", "negotiating"} {
		call[models.Match](w.m, w.bOwner, 200, "POST", m+"/move", map[string]any{"status": st, "note": "推进对接"})
	}
	agreed := call[models.Match](w.m, w.bOwner, 200, "POST", m+"/move", map[string]any{"status": "agreed", "note": "双方达成一致", "price_fen": 6_000_000})
	if agreed.DealID == nil {
		w.t.Fatalf("agreed without a deal: %+v", agreed)
	}
	return *agreed.DealID
}

// brokerNotice is a deal the broker's agreed match opened and the broker
// put up for notice: it waits for the seller's confirmation.
func (w *world) brokerNotice() int64 {
	deal := w.agreedDeal()
	call[models.Published](w.m, w.bOwner, 201, "POST", "/api/v1/notices", map[string]any{"deal_id": deal})
	return deal
}

// noticedDeal is a negotiated deal U sells E, under notice.
func (w *world) noticedDeal() int64 {
	return w.published().Deal.ID
}

// listingDeal is the deal E made by accepting U's offer (挂牌).
func (w *world) listingDeal() int64 {
	return call[offerAccepted](w.m, w.eOwner, 200, "POST", fmt.Sprintf("/api/v1/offers/%d/accept", w.offer()), nil).Deal.ID
}

// liveLot is a lot of an auction under way, E admitted to bid on it.
func (w *world) liveLot() (auctionID, lotID int64) {
	auctionID, lotID = w.auction(-time.Minute)
	call[models.Admission](w.m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/admissions/%d/admit", w.admission(auctionID)), nil)
	return auctionID, lotID
}

// soldLot is a lot E won at its reserve, hammered: its deal awaits E's signature.
func (w *world) soldLot() (lotID, dealID int64) {
	_, lotID = w.liveLot()
	w.placeBid(lotID, w.eOwner, 1_500_000)
	w.hammer(lotID)
	var lot models.Lot
	if err := w.m.db.First(&lot, lotID).Error; err != nil || lot.DealID == nil {
		w.t.Fatalf("lot %d not sold: %v", lotID, err)
	}
	return lotID, *lot.DealID
}

// hammer ends the lot's bidding now and lets the scheduler close it, as time would.
func (w *world) hammer(lotID int64) {
	w.t.Helper()
	w.setStatus("lots", lotID, map[string]any{"ends_at": time.Now().Add(-time.Second).UTC()})
	if _, err := w.m.market.CloseDueLots(w.m.ctx, time.Now()); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) objection() int64 {
	return call[models.Objection](w.m, w.eOther, 201, "POST", fmt.Sprintf("/api/v1/notices/%d/objections", w.notice()),
		map[string]any{"reason": "价格明显偏低，涉嫌利益输送"}).ID
}

func (w *world) roadshow(startsIn time.Duration) int64 {
	start := time.Now().Add(startsIn)
	return call[models.Roadshow](w.m, w.bOwner, 201, "POST", "/api/v1/roadshows", map[string]any{"title": "新材料专场路演",
		"starts_at": start, "ends_at": start.Add(2 * time.Hour), "online": true, "link": "https://meeting.example.cn/123", "capacity": 50,
		"achievement_ids": []int64{w.achPublished()}}).ID
}

// Contracts: U sells to E, registered at agency A.

func (w *world) contractInput() map[string]any {
	return map[string]any{"title": "石墨烯导热膜制备技术转让合同", "type": "transfer", "subtype": "专利权转让",
		"subject": "专利 ZL202010000000.1 的专利权转让及技术资料交付", "field": "新材料及其应用",
		"seller_party_type": "高等院校", "seller_division": "350104", "buyer_org_id": w.eOwner.OrgID, "buyer_name": "福耀玻璃工业集团",
		"buyer_party_type": "股份有限公司", "buyer_division": "350181", "contract_amount_fen": 1_100_000, "tech_amount_fen": 1_000_000,
		"payment_terms": "合同生效后 30 日内一次性支付", "signed_on": time.Now().AddDate(0, 0, -3).Format("2006-01-02"),
		"valid_from": time.Now().AddDate(0, 0, -3).Format("2006-01-02"), "valid_to": time.Now().AddDate(2, 0, 0).Format("2006-01-02"),
		"agency_id": w.aOwner.OrgID, "socio_economic_objective": "工商业发展", "ip_kinds": []string{"专利"},
		"expected_investment_fen": 50_000_000, "expected_output_fen": 200_000_000}
}

func (w *world) contractDraft() int64 {
	return call[models.Contract](w.m, w.uOwner, 201, "POST", "/api/v1/contracts", w.contractInput()).ID
}

func (w *world) contractWithFile() int64 {
	id := w.contractDraft()
	w.m.must(200, w.m.upload(fmt.Sprintf("/api/v1/contracts/%d/file", id), w.uOwner.Token, "合同.pdf", pdf))
	return id
}

func (w *world) contractConfirmed() int64 {
	id := w.contractWithFile()
	path := fmt.Sprintf("/api/v1/contracts/%d", id)
	call[contractView](w.m, w.uOwner, 200, "POST", path+"/confirm", nil)
	call[contractView](w.m, w.eOwner, 200, "POST", path+"/confirm", nil)
	return id
}

func (w *world) contractSubmitted() int64 {
	id := w.contractConfirmed()
	call[contractView](w.m, w.uOwner, 200, "POST", fmt.Sprintf("/api/v1/contracts/%d/submit", id), nil)
	return id
}

func (w *world) contractReturned() int64 {
	id := w.contractSubmitted()
	call[contractView](w.m, w.aOwner, 200, "POST", fmt.Sprintf("/api/v1/contracts/%d/return", id), map[string]any{"comment": "请补充技术资料清单"})
	return id
}

func (w *world) contractRegistered() int64 {
	id := w.contractSubmitted()
	call[contractView](w.m, w.aOwner, 200, "POST", fmt.Sprintf("/api/v1/contracts/%d/register", id), nil)
	return id
}

// largeContractSubmitted is a submitted contract of 500 万元, which two reviewers register.
func (w *world) largeContractSubmitted() int64 {
	body := w.contractInput()
	body["contract_amount_fen"], body["tech_amount_fen"] = 500_000_000, 500_000_000
	id := call[models.Contract](w.m, w.uOwner, 201, "POST", "/api/v1/contracts", body).ID
	path := fmt.Sprintf("/api/v1/contracts/%d", id)
	w.m.must(200, w.m.upload(path+"/file", w.uOwner.Token, "合同.pdf", pdf))
	call[contractView](w.m, w.uOwner, 200, "POST", path+"/confirm", nil)
	call[contractView](w.m, w.eOwner, 200, "POST", path+"/confirm", nil)
	call[contractView](w.m, w.uOwner, 200, "POST", path+"/submit", nil)
	return id
}

// amendedContract is a registered contract whose cancellation waits for the agency.
func (w *world) amendedContract() int64 {
	id := w.contractRegistered()
	call[models.Amendment](w.m, w.uOwner, 201, "POST", fmt.Sprintf("/api/v1/contracts/%d/amendments", id),
		map[string]any{"kind": "cancel", "reason": "双方协商解除合同"})
	return id
}

func (w *world) amendment() int64 {
	return call[models.Amendment](w.m, w.uOwner, 201, "POST", fmt.Sprintf("/api/v1/contracts/%d/amendments", w.contractRegistered()),
		map[string]any{"kind": "cancel", "reason": "双方协商解除合同"}).ID
}

// Challenges: E challenges, U proposes, the verified broker reviews.

func (w *world) challengeDraft() int64 {
	body := challengeBody(fmt.Sprintf("钙钛矿组件湿热封装工艺 %d", w.next()), time.Now().AddDate(0, 1, 0))
	return call[models.Challenge](w.m, w.eOwner, 201, "POST", "/api/v1/challenges", body).ID
}

func (w *world) challengePublished() int64 {
	id := w.challengeDraft()
	call[models.Challenge](w.m, w.eOwner, 200, "POST", fmt.Sprintf("/api/v1/challenges/%d/publish", id), nil)
	return id
}

func (w *world) proposal() (challengeID, proposalID int64) {
	c := w.challengePublished()
	call[itemsOf[models.ChallengeReviewer]](w.m, w.eOwner, 201, "POST", fmt.Sprintf("/api/v1/challenges/%d/reviewers", c), map[string]any{"user_id": w.vbroker.UserID})
	p := call[models.Proposal](w.m, w.uOwner, 201, "POST", fmt.Sprintf("/api/v1/challenges/%d/proposals", c),
		map[string]any{"title": "钙钛矿组件原子层沉积封装方案", "summary": "采用原子层沉积氧化铝阻隔层与丁基胶边封，双85 1000 小时效率保持率 96%。"})
	return c, p.ID
}

func (w *world) proposalFile(proposalID int64) int64 {
	p := decoded[models.Proposal](w.t, w.m.must(201, w.m.upload(fmt.Sprintf("/api/v1/proposals/%d/files", proposalID), w.uOwner.Token, "方案.pdf", pdf)))
	if len(p.Files) == 0 {
		w.t.Fatalf("uploaded, yet no file: %+v", p)
	}
	return p.Files[len(p.Files)-1].ID
}

// awardedProposal is a proposal its challenger awarded after the deadline.
func (w *world) awardedProposal() (challengeID, proposalID int64) {
	c, p := w.proposal()
	w.closeChallenge(c)
	call[proposalAwarded](w.m, w.eOwner, 200, "POST", fmt.Sprintf("/api/v1/proposals/%d/award", p), nil)
	return c, p
}

// closeChallenge puts the challenge's deadline behind it, as time would.
func (w *world) closeChallenge(id int64) {
	w.setStatus("challenges", id, map[string]any{"deadline": time.Now().Add(-time.Hour)})
}

func (w *world) accessRequest() int64 {
	return call[models.AccessRequest](w.m, w.eOther, 201, "POST", fmt.Sprintf("/api/v1/achievements/%d/access-requests", w.achPublished()),
		map[string]any{"message": "拟用于汽车玻璃产线"}).ID
}

func (w *world) report() int64 {
	return call[models.ListingReport](w.m, w.eOther, 201, "POST", fmt.Sprintf("/api/v1/achievements/%d/reports", w.achPublished()),
		map[string]any{"reason": "专利已失效仍在出售"}).ID
}

// lead is 福耀's interest in a published achievement of 福州大学, with a
// published need of 福耀's that a broker can pair it with.
func (w *world) lead() (id, needID int64) {
	needID = w.needPublished()
	id = w.id(w.m.must(201, w.m.do("POST", fmt.Sprintf("/api/v1/achievements/%d/interests", w.achPublished()), w.eOwner.Token,
		map[string]any{"message": "拟用于汽车玻璃产线，希望洽谈许可"})))
	return id, needID
}

// joiner registers someone asking to join U and returns the membership id.
func (w *world) joiner() int64 {
	a := w.m.signUp(fmt.Sprintf("joiner%d", w.next()), models.RoleSupplier, "福州大学")
	ms, err := w.m.market.MembershipOf(w.m.ctx, a.UserID)
	if err != nil {
		w.t.Fatal(err)
	}
	return ms.ID
}

// member is a new membership of U moved by the organisation's admin through acts.
func (w *world) member(acts ...string) int64 {
	id := w.joiner()
	for _, act := range acts {
		call[models.Membership](w.m, w.uOwner, 200, "POST", fmt.Sprintf("/api/v1/memberships/%d/%s", id, act), nil)
	}
	return id
}

// freshOrg registers a new university and returns its id and its admin.
func (w *world) freshOrg(evidence bool) (int64, *account) {
	n := w.next()
	a := w.m.signUp(fmt.Sprintf("fresh%d", n), models.RoleSupplier, fmt.Sprintf("新建大学%d", n))
	if evidence {
		w.m.requestVerification(a)
	}
	return a.OrgID, a
}

// fingerprint sums up every table: its row count, its latest update and its
// rows per status, enough to show that a refused request inserted, deleted
// or moved nothing (hashing every row on each try made the suite slow).
func (w *world) fingerprint() [32]byte {
	h := sha256.New()
	for _, t := range modeltest.Tables {
		s, err := schema.Parse(t, &schemaCache, w.m.db.NamingStrategy)
		if err != nil {
			w.t.Fatal(err)
		}
		sel := "COUNT(*) AS n"
		if s.LookUpField("updated_at") != nil {
			sel += ", MAX(updated_at) AS u"
		}
		q := w.m.db.Table(s.Table).Select(sel)
		if s.LookUpField("status") != nil {
			q = w.m.db.Table(s.Table).Select(sel + ", status").Group("status").Order("status")
		}
		var rows []map[string]any
		if err := q.Find(&rows).Error; err != nil {
			w.t.Fatal(err)
		}
		b, _ := json.Marshal(rows)
		h.Write([]byte(s.Table))
		h.Write(b)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

var schemaCache sync.Map

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Articles: the market admin writes them.

func (w *world) articleDraft() int64 {
	return w.id(w.m.must(201, w.m.do("POST", "/api/v1/articles", w.admin.Token,
		map[string]any{"category": "notice", "title": fmt.Sprintf("关于开展技术合同登记培训的通知 %d", w.next()), "body": "<p>各有关单位：</p>"})))
}

func (w *world) articlePublished() int64 {
	id := w.articleDraft()
	w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/articles/%d/publish", id), w.admin.Token, nil))
	return id
}

// The registry: the market admin registers brokers of 海峡技术转移中心 and
// institutions.

func (w *world) brokerBody(until string) map[string]any {
	return map[string]any{"name": "林海峰", "certificate_no": fmt.Sprintf("JSJJR-2023-%06d", w.next()), "level": "intermediate",
		"firm_id": w.bOwner.OrgID, "phone": "0591-87654321", "valid_until": until}
}

func (w *world) registeredBroker(until string) int64 {
	return w.id(w.m.must(201, w.m.do("POST", "/api/v1/registry/brokers", w.admin.Token, w.brokerBody(until))))
}

func (w *world) institutionBody() map[string]any {
	org, _ := w.freshOrg(false)
	return map[string]any{"org_id": org, "kind": "platform", "demonstration": "municipal", "recognised_year": 2021, "contact_phone": "0591-83331234"}
}

func (w *world) institution() int64 {
	return w.id(w.m.must(201, w.m.do("POST", "/api/v1/registry/institutions", w.admin.Token, w.institutionBody())))
}

// Incentives: a rule rewarding enterprise buyers in Fujian, under which the
// enterprise (E, the buyer of every contract here) has earned from a newly
// registered contract.

func (w *world) incentiveRule() int64 {
	return call[models.IncentiveRule](w.m, w.admin, 201, "POST", "/api/v1/incentives/rules", map[string]any{
		"name": fmt.Sprintf("福建企业技术吸纳补助 %d", w.next()), "region_prefix": "35", "side": "buyer", "rate_bp": 500, "enterprises_only": true}).ID
}

// earningRule is a rule under which E has an award this year.
func (w *world) earningRule() int64 {
	rule := w.incentiveRule()
	w.contractRegistered()
	return rule
}

func (w *world) incentiveApplication() int64 {
	return call[models.IncentiveApplication](w.m, w.eOwner, 201, "POST", "/api/v1/incentives/applications",
		map[string]any{"rule_id": w.earningRule(), "year": time.Now().In(shanghai).Year()}).ID
}

// noticedIncentive is an approved application whose public notice has ended.
func (w *world) noticedIncentive() int64 {
	id := w.incentiveApplication()
	call[models.IncentiveApplication](w.m, w.admin, 200, "POST", fmt.Sprintf("/api/v1/incentives/applications/%d/review", id),
		map[string]any{"approve": true, "amount_fen": 40_000})
	w.setStatus("incentive_applications", id, map[string]any{"notice_until": time.Now().Add(-time.Minute).UTC()})
	return id
}

func (w *world) registrationNo(contractID int64) string {
	return *call[contractView](w.m, w.uOwner, 200, "GET", fmt.Sprintf("/api/v1/contracts/%d", contractID), nil).RegistrationNo
}
