package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"techmarket/models"
	"techmarket/search"
)

func challengeBody(title string, deadline time.Time) map[string]any {
	return map[string]any{
		"title":   title,
		"problem": "现有钙钛矿组件在湿热环境下衰减快，需要一种可量产的封装工艺，使组件通过双 85 测试。",
		"goals": []map[string]any{
			{"indicator": "双85老化 1000 小时效率保持率", "target": "≥ 95%"},
			{"indicator": "单片组件面积", "target": "≥ 0.72 平方米"},
		},
		"award_fen": 150_0000_00, "deadline": deadline,
		"criteria": []map[string]any{{"criterion": "技术先进性", "weight": 40}, {"criterion": "指标承诺", "weight": 35}, {"criterion": "团队与进度", "weight": 25}},
		"keywords": []string{"钙钛矿", "封装"}, "field": "新能源与高效节能", "region": "350102",
	}
}

type challengeParties struct {
	admin, challenger, university, institute, outsider, broker, expert *account
}

func challengeSetup(t *testing.T, m *market) *challengeParties {
	p := &challengeParties{admin: m.admin()}
	p.challenger = m.signUp("ningde", models.RoleDemander, "宁德新能源科技")
	p.university = m.signUp("prof", models.RoleSupplier, "福州大学")
	p.institute = m.signUp("inst", models.RoleSupplier, "中科院福建物构所")
	p.outsider = m.signUp("rival", models.RoleDemander, "厦门另一家企业")
	p.broker = m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
	p.expert = m.signUp("expert", models.RoleBroker, "福州技术转移中心")
	m.verify(p.admin, p.challenger, p.university, p.institute, p.outsider, p.broker, p.expert)
	return p
}

// publishChallenge creates and publishes a challenge; returns its path.
func (m *market) publishChallenge(owner *account, title string, deadline time.Time) string {
	m.t.Helper()
	c := call[models.Challenge](m, owner, 201, "POST", "/api/v1/challenges", challengeBody(title, deadline))
	path := fmt.Sprintf("/api/v1/challenges/%d", c.ID)
	call[models.Challenge](m, owner, 200, "POST", path+"/publish", nil)
	return path
}

func (m *market) pastDeadline(path string) {
	m.t.Helper()
	var id int64
	fmt.Sscanf(path, "/api/v1/challenges/%d", &id)
	if err := m.db.Model(&models.Challenge{}).Where("id = ?", id).Update("deadline", time.Now().Add(-time.Minute)).Error; err != nil {
		m.t.Fatal(err)
	}
}

func proposalBody(title string) map[string]any {
	return map[string]any{"title": title, "summary": "采用原子层沉积氧化铝阻隔层与丁基胶边封的复合封装，已在小面积器件上通过 1000 小时双 85 测试，保持率 96%。"}
}

// propose has the account's organisation answer the challenge at path.
func (m *market) propose(a *account, path, title string) models.Proposal {
	m.t.Helper()
	return call[models.Proposal](m, a, 201, "POST", path+"/proposals", proposalBody(title))
}

func proposalPath(id int64) string { return fmt.Sprintf("/api/v1/proposals/%d", id) }

func TestChallengeProposalsStayWithTheEntitled(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))

		// Published challenges are public and searchable by kind.
		if ch := call[models.Challenge](m, nil, 200, "GET", path, nil); ch.Status != "published" || ch.OrgName != "宁德新能源科技" {
			t.Fatalf("challenge: %+v", ch)
		}
		m.indexed()
		res := call[searchResult](m, nil, 200, "GET", "/api/v1/search?"+url.Values{"q": {"钙钛矿封装"}, "kind": {"challenge"}}.Encode(), nil)
		if len(res.Items) != 1 || res.Items[0].Kind != "challenge" || res.Items[0].OrgName != "宁德新能源科技" || !res.Items[0].OrgVerified {
			t.Fatalf("search kind=challenge: %+v", res)
		}
		if hall := call[page[models.Challenge]](m, nil, 200, "GET", "/api/v1/challenges?field="+url.QueryEscape("新能源与高效节能"), nil); hall.Total != 1 {
			t.Fatalf("hall: %+v", hall)
		}

		m.play(t,
			// The challenger cannot answer its own challenge; a broker cannot answer at all.
			step{name: "the challenger answers its own", as: p.challenger, method: "POST", path: path + "/proposals", body: proposalBody("自己的方案不行"), want: 403},
			step{name: "a broker answers", as: p.broker, method: "POST", path: path + "/proposals", body: proposalBody("经纪人不能揭榜"), want: 403},
		)

		secret := "原子层沉积氧化铝阻隔层独家方案"
		ppath := proposalPath(m.propose(p.university, path, secret).ID)
		up := decoded[models.Proposal](t, m.must(201, m.upload(ppath+"/files", p.university.Token, "方案书.pdf", pdf)))
		if len(up.Files) != 1 {
			t.Fatalf("uploaded: %+v", up)
		}
		fileID := up.Files[0].ID
		m.propose(p.institute, path, "柔性封装的另一种路线")
		// One proposal per organisation, revisable until the deadline.
		m.check(step{name: "a second proposal of the organisation", as: p.university, method: "POST", path: path + "/proposals", body: proposalBody("第二份方案"), want: 409})
		call[models.Proposal](m, p.university, 200, "PUT", ppath, proposalBody(secret+"（修订）"))

		// The challenger sees both; each proposer only its own.
		if items := call[itemsOf[models.Proposal]](m, p.challenger, 200, "GET", path+"/proposals", nil).Items; len(items) != 2 {
			t.Fatalf("challenger sees %d proposals", len(items))
		}
		if items := call[itemsOf[models.Proposal]](m, p.institute, 200, "GET", path+"/proposals", nil).Items; len(items) != 1 || strings.Contains(fmt.Sprint(items), secret) {
			t.Fatalf("institute sees %+v", items)
		}
		m.expect(p.challenger, 200, "GET", ppath+fmt.Sprintf("/files/%d", fileID), nil)

		// Nobody else: not the public, another enterprise, a broker not
		// assigned, another proposer, nor an admin of the market.
		for name, tok := range map[string]string{"public": "", "outsider": p.outsider.Token, "broker": p.broker.Token, "institute": p.institute.Token, "admin": p.admin.Token} {
			for _, get := range []string{ppath, ppath + fmt.Sprintf("/files/%d", fileID)} {
				if r := m.do("GET", get, tok, nil); r.Status < 400 || strings.Contains(string(r.Body), secret) {
					t.Errorf("%s reads %s: %d", name, get, r.Status)
				}
			}
			if name == "institute" {
				continue
			}
			r := m.do("GET", path+"/proposals", tok, nil)
			if r.Status == 200 && strings.Contains(string(r.Body), secret) || name == "public" && r.Status != 401 {
				t.Errorf("%s lists proposals: %d %s", name, r.Status, r.Body)
			}
			if r.Status == 200 && len(decoded[itemsOf[models.Proposal]](t, r).Items) != 0 {
				t.Errorf("%s lists proposals: %s", name, r.Body)
			}
			if r := m.do("GET", path, tok, nil); strings.Contains(string(r.Body), secret) || strings.Contains(string(r.Body), "proposal_count") {
				t.Errorf("%s sees the proposals through the challenge: %s", name, r.Body)
			}
		}
		// Search never indexes proposals.
		m.indexed()
		for _, q := range []string{secret, "原子层沉积"} {
			if res := call[searchResult](m, nil, 200, "GET", "/api/v1/search?q="+url.QueryEscape(q), nil); res.Total != 0 {
				t.Errorf("search %s finds %+v", q, res.Items)
			}
		}
		// Others cannot revise or attach to it either.
		m.check(step{name: "another enterprise revises it", as: p.outsider, method: "PUT", path: ppath, body: proposalBody("别人改的方案"), want: 404})
		m.must(404, m.upload(ppath+"/files", p.institute.Token, "x.pdf", pdf))

		// An assigned reviewer sees every proposal; scoring waits for the deadline.
		call[itemsOf[models.ChallengeReviewer]](m, p.challenger, 201, "POST", path+"/reviewers", map[string]any{"user_id": p.expert.UserID})
		m.check(step{name: "another enterprise assigns a reviewer", as: p.outsider, method: "POST", path: path + "/reviewers", body: map[string]any{"user_id": p.broker.UserID}, want: 403})
		if items := call[itemsOf[models.Proposal]](m, p.expert, 200, "GET", path+"/proposals", nil).Items; len(items) != 2 {
			t.Fatalf("reviewer sees %d proposals", len(items))
		}
		call[models.Proposal](m, p.expert, 200, "GET", ppath, nil)
		m.check(step{name: "scored before the deadline", as: p.expert, method: "PUT", path: ppath + "/score", body: map[string]any{"scores": []int{90, 80, 70}}, want: 409})
		if rs := call[itemsOf[models.ReviewAssignment]](m, p.expert, 200, "GET", "/api/v1/my/reviews", nil).Items; len(rs) != 1 {
			t.Errorf("my reviews: %+v", rs)
		}
	})
}

func TestChallengeDeadlineScoringAndAward(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		pid := m.propose(p.university, path, "复合封装方案").ID
		ppath := proposalPath(pid)
		call[itemsOf[models.ChallengeReviewer]](m, p.challenger, 201, "POST", path+"/reviewers", map[string]any{"user_id": p.expert.UserID})
		m.check(step{name: "awarded before the deadline", as: p.challenger, method: "POST", path: ppath + "/award", want: 409})

		m.pastDeadline(path)
		// After the deadline: a clear refusal and nothing stored.
		proposals, files, blobs := m.count(&models.Proposal{}), m.count(&models.ProposalFile{}), m.count(&models.Blob{})
		late := m.check(step{name: "a late proposal", as: p.institute, method: "POST", path: path + "/proposals", body: proposalBody("迟到的方案"), want: 409, code: "challenge_closed"})
		if !strings.Contains(late.failure(t).Message, "截止") {
			t.Fatalf("late proposal: %s", late.Body)
		}
		m.check(step{name: "a late revision", as: p.university, method: "PUT", path: ppath, body: proposalBody("截止后修改"), want: 409, code: "challenge_closed"})
		if r := m.upload(ppath+"/files", p.university.Token, "late.pdf", pdf); r.Status != 409 {
			t.Fatalf("late file: %d %s", r.Status, r.Body)
		}
		if m.count(&models.Proposal{}) != proposals || m.count(&models.ProposalFile{}) != files {
			t.Fatal("a late proposal was stored")
		}
		if n := m.count(&models.Blob{}); n != blobs {
			t.Fatalf("late file stored: %d files, was %d", n, blobs)
		}
		var title string
		m.db.Model(&models.Proposal{}).Where("id = ?", pid).Pluck("title", &title)
		if title != "复合封装方案" {
			t.Fatalf("late revision stored: %s", title)
		}

		// The scheduler closes it once, however many processes run the job.
		if n, err := m.market.CloseDueChallenges(m.ctx, time.Now()); err != nil || n != 1 {
			t.Fatalf("close: %d %v", n, err)
		}
		if n, _ := m.market.CloseDueChallenges(m.ctx, time.Now()); n != 0 {
			t.Fatalf("closed twice: %d", n)
		}

		// Scores: each criterion 0–100, the weighted total computed.
		score := func(name string, as *account, scores []int, want int) step {
			return step{name: name, as: as, method: "PUT", path: ppath + "/score", body: map[string]any{"scores": scores}, want: want}
		}
		m.play(t,
			score("too few scores", p.expert, []int{90, 80}, 422),
			score("a score over 100", p.expert, []int{90, 101, 70}, 422),
			score("a broker not assigned", p.broker, []int{90, 80, 70}, 404),
		)
		call[models.Proposal](m, p.expert, 200, "PUT", ppath+"/score", map[string]any{"scores": []int{90, 80, 70}, "comment": "路线可行"})
		if got := call[models.Proposal](m, p.challenger, 200, "GET", ppath, nil); got.Score == nil || *got.Score != 90*40+80*35+70*25 {
			t.Fatalf("weighted total: %+v", got)
		}
		if own := call[models.Proposal](m, p.university, 200, "GET", ppath, nil); own.Score != nil || len(own.Reviews) != 0 {
			t.Errorf("the proposer sees the scores: %+v", own)
		}

		// Over the published award: refused, nothing changes.
		deals := m.count(&models.Deal{})
		m.play(t,
			step{name: "an award over the published one", as: p.challenger, method: "POST", path: ppath + "/award", body: map[string]any{"award_fen": 150_0000_01}, want: 422},
			step{name: "another enterprise awards", as: p.outsider, method: "POST", path: ppath + "/award", want: 404},
		)
		if m.count(&models.Deal{}) != deals {
			t.Fatal("a refused award made a deal")
		}
		deal := call[proposalAwarded](m, p.challenger, 200, "POST", ppath+"/award", map[string]any{"award_fen": 100_0000_00}).Deal
		if deal.Mode != "negotiated" || deal.Status != "noticed" || deal.PriceFen != 100_0000_00 ||
			deal.SellerOrgID != p.university.OrgID || deal.BuyerOrgID != p.challenger.OrgID {
			t.Fatalf("deal: %+v", deal)
		}
		if again := call[proposalAwarded](m, p.challenger, 200, "POST", ppath+"/award", nil); again.Deal.ID != deal.ID || m.count(&models.Deal{}) != deals+1 || m.count(&models.Notice{}) != 1 {
			t.Fatalf("award repeated: %+v", again)
		}
		// The result is public: who solved it, not the proposal's text.
		pub := m.expect(nil, 200, "GET", path, nil)
		if c := decoded[models.Challenge](t, pub); c.Status != "awarded" || len(c.Winners) != 1 || c.Winners[0].OrgName != "福州大学" || strings.Contains(string(pub.Body), "原子层") {
			t.Fatalf("public result: %s", pub.Body)
		}
		if notices := call[page[models.Notice]](m, nil, 200, "GET", "/api/v1/notices", nil).Items; len(notices) != 1 || !strings.Contains(notices[0].Title, "揭榜挂帅") {
			t.Fatalf("notices: %+v", notices)
		}

		// After the notice the deal is confirmed and the university drafts the contract from it.
		if n, err := m.market.ConfirmDueNotices(m.ctx, time.Now().AddDate(0, 0, m.market.Rules.NoticeDays+1)); err != nil || n != 1 {
			t.Fatalf("confirm notice: %d %v", n, err)
		}
		agency := m.signUp("agency", models.RoleReviewer, "福州市技术合同登记站")
		m.verify(p.admin, agency)
		contract := map[string]any{"deal_id": deal.ID, "title": "钙钛矿组件封装技术开发合同", "type": "development", "subtype": "委托开发",
			"subject": "钙钛矿组件湿热稳定封装工艺开发", "field": "新能源与高效节能", "seller_party_type": "高等院校", "seller_division": "350102",
			"buyer_name": "宁德新能源科技", "buyer_party_type": "有限责任公司", "buyer_division": "350102", "tech_amount_fen": 100_0000_00,
			"payment_terms": "分三期支付", "signed_on": time.Now().Format("2006-01-02"), "valid_from": time.Now().Format("2006-01-02"),
			"valid_to": time.Now().AddDate(1, 0, 0).Format("2006-01-02"), "agency_id": agency.OrgID, "socio_economic_objective": "能源生产、分配和合理利用"}
		if ct := call[models.Contract](m, p.university, 201, "POST", "/api/v1/contracts", contract); ct.ContractFen != 100_0000_00 || ct.BuyerOrgID == nil || *ct.BuyerOrgID != p.challenger.OrgID {
			t.Fatalf("contract from the award: %+v", ct)
		}
	})
}

func TestChallengeBadInputStoresNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		future := time.Now().Add(48 * time.Hour)
		bad := func(name, field string, k string, v any) step {
			b := challengeBody("钙钛矿组件湿热稳定封装技术揭榜", future)
			b[k] = v
			return step{name: name, as: p.challenger, method: "POST", path: "/api/v1/challenges", body: b, want: 422, field: field}
		}
		before := m.count(&models.Challenge{})
		m.play(t,
			bad("over the cap", "award_fen", "award_fen", 200_0000_01),
			bad("no award", "award_fen", "award_fen", 0),
			bad("weights not 100", "criteria", "criteria", []map[string]any{{"criterion": "技术先进性", "weight": 60}, {"criterion": "指标承诺", "weight": 30}}),
			bad("deadline passed", "deadline", "deadline", time.Now().Add(-time.Hour)),
			bad("no goals", "goals", "goals", []any{}),
			bad("goal without target", "goals", "goals", []map[string]any{{"indicator": "效率", "target": ""}}),
			bad("bad field", "field", "field", "玄学"),
		)
		if m.count(&models.Challenge{}) != before {
			t.Fatal("a refused challenge was stored")
		}
		// Universities do not publish challenges.
		m.check(step{name: "a university publishes a challenge", as: p.university, method: "POST", path: "/api/v1/challenges", body: challengeBody("高校不能发榜的难题", future), want: 403})

		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", future)
		pid := m.propose(p.university, path, "复合封装方案").ID
		ppath := proposalPath(pid)
		files, blobs := m.count(&models.ProposalFile{}), m.count(&models.Blob{})
		for _, bad := range [][]byte{[]byte("PK\x03\x04 not a pdf"), []byte("<html>pdf</html>")} {
			if r := m.upload(ppath+"/files", p.university.Token, "方案.pdf", bad); r.Status != 422 || r.errorFields(t)["file"] == nil {
				t.Errorf("non-PDF: %d %s", r.Status, r.Body)
			}
		}
		if m.count(&models.ProposalFile{}) != files {
			t.Fatal("a non-PDF was recorded")
		}
		if n := m.count(&models.Blob{}); n != blobs {
			t.Fatalf("a non-PDF was stored: %d files, was %d", n, blobs)
		}
		m.play(t,
			step{name: "a short proposal", as: p.institute, method: "POST", path: path + "/proposals", body: map[string]any{"title": "短", "summary": "太短"}, want: 422},
			// Published challenges cannot be edited, and only drafts published.
			step{name: "a published challenge edited", as: p.challenger, method: "PUT", path: path, body: challengeBody("发布后改条件", future), want: 409},
			step{name: "published twice", as: p.challenger, method: "POST", path: path + "/publish", want: 409},
		)
		// An admin takes a challenge down; it leaves the hall.
		call[models.Challenge](m, p.admin, 200, "POST", path+"/takedown", map[string]any{"reason": "榜单内容涉嫌虚假"})
		m.check(step{name: "the public reads a taken-down challenge", method: "GET", path: path, want: 404})
		if call[page[models.Challenge]](m, nil, 200, "GET", "/api/v1/challenges", nil).Total != 0 {
			t.Error("a taken-down challenge is in the hall")
		}
	})
}

// The market's clock decides when a call for proposals ends: moved past
// the deadline, a proposal is refused and the scheduler, run at the
// market's time, closes the call once.
func TestTheMarketsClockEndsTheCallForProposals(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		deadline := time.Now().Add(72 * time.Hour)
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", deadline)
		m.propose(p.university, path, "复合封装方案")

		later := deadline.Add(time.Minute).Truncate(time.Second)
		m.market.Clock = func() time.Time { return later }
		m.check(step{name: "a proposal after the deadline", as: p.institute, method: "POST", path: path + "/proposals", body: proposalBody("迟到的方案"), want: 409, code: "challenge_closed"})
		if n, err := m.market.CloseDueChallenges(m.ctx, m.market.Now()); err != nil || n != 1 {
			t.Fatalf("close: %d %v", n, err)
		}
		var c models.Challenge
		m.db.Where("title = ?", "钙钛矿组件湿热稳定封装技术揭榜").First(&c)
		if c.Status != models.ChallengeClosed || c.ClosedAt == nil || !c.ClosedAt.Equal(later.UTC()) {
			t.Fatalf("closed: %s at %v, want %v", c.Status, c.ClosedAt, later.UTC())
		}
	})
}

// Twenty requests awarding the same proposal at once make exactly one deal.
func TestAwardIsIdempotentUnderConcurrency(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(time.Hour))
		ppath := proposalPath(m.propose(p.university, path, "复合封装方案").ID)
		m.pastDeadline(path)
		var wg sync.WaitGroup
		deals := make([]int64, 20)
		status := make([]int, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := m.do("POST", ppath+"/award", p.challenger.Token, nil)
				status[i] = r.Status
				var aw proposalAwarded
				if r.Status == 200 && json.Unmarshal(r.Body, &aw) == nil {
					deals[i] = aw.Deal.ID
				}
			}()
		}
		wg.Wait()
		for i := range 20 {
			if status[i] != 200 || deals[i] == 0 || deals[i] != deals[0] {
				t.Errorf("request %d: %d deal %v, want deal %v", i, status[i], deals[i], deals[0])
			}
		}
		if n := m.count(&models.Deal{}); n != 1 {
			t.Fatalf("%d deals", n)
		}
		if n := m.count(&models.Notice{}); n != 1 {
			t.Fatalf("%d notices", n)
		}
	})
}

func TestChallengeMatchesAchievements(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		ach := m.publishAchievement(p.admin, p.university, "钙钛矿太阳能电池组件封装技术")
		m.publishAchievement(p.admin, p.institute, "水稻抗倒伏品种选育方法")
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		m.indexed()
		items := call[itemsOf[matchHit]](m, nil, 200, "GET", path+"/matches?size=5", nil).Items
		if len(items) == 0 || items[0].ID != ach || items[0].Kind != "achievement" {
			t.Fatalf("matches: %+v", items)
		}
		if len(items[0].Reasons) == 0 {
			t.Error("a match without reasons")
		}
		m.play(t,
			step{name: "a challenge id that is no number", method: "GET", path: "/api/v1/challenges/abc/matches", want: 400},
			step{name: "a page of no size", method: "GET", path: path + "/matches?size=0", want: 422},
		)
	})
}

// A rebuilt index (techmarket reindex, a new instance) has the open
// challenges too; the rebuild logs its start and its completion.
func TestRebuiltIndexHasOpenChallenges(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		closed := m.publishChallenge(p.challenger, "海上风电叶片除冰技术揭榜", time.Now().Add(72*time.Hour))
		m.pastDeadline(closed)
		if _, err := m.market.CloseDueChallenges(m.ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		var logged bytes.Buffer
		x, err := search.NewIndexer(ix, m.market, slog.New(slog.NewTextHandler(&logged, nil)))
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Rebuild(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`level=INFO msg="rebuilding the search index from the database"`, `level=INFO msg="search index rebuilt" documents=1 seconds=`} {
			if !strings.Contains(logged.String(), want) {
				t.Errorf("the rebuild did not log %s:\n%s", want, logged.String())
			}
		}
		res, err := ix.Search(search.Query{Kind: search.KindChallenge, Page: 1, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Items[0].Title != "钙钛矿组件湿热稳定封装技术揭榜" {
			t.Fatalf("rebuilt index: %+v", res.Items)
		}
	})
}
