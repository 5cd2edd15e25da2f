package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
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
	for _, a := range []*account{p.challenger, p.university, p.institute, p.outsider, p.broker, p.expert} {
		m.verify(p.admin, a)
	}
	return p
}

// publishChallenge creates and publishes a challenge; returns its path.
func (m *market) publishChallenge(owner *account, title string, deadline time.Time) string {
	m.t.Helper()
	r := m.must(201, m.do("POST", "/api/v1/challenges", owner.Token, challengeBody(title, deadline))).JSON(m.t)
	path := fmt.Sprintf("/api/v1/challenges/%d", int64(r["id"].(float64)))
	m.must(200, m.do("POST", path+"/publish", owner.Token, nil))
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

func idOf(t *testing.T, r response) int64 {
	t.Helper()
	return int64(r.JSON(t)["id"].(float64))
}

func TestChallengeProposalsStayWithTheEntitled(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))

		// Published challenges are public and searchable by kind.
		ch := m.must(200, m.do("GET", path, "", nil)).JSON(t)
		if ch["status"] != "published" || ch["org_name"] != "宁德新能源科技" {
			t.Fatalf("challenge: %v", ch)
		}
		m.indexed()
		res := m.must(200, m.do("GET", "/api/v1/search?"+url.Values{"q": {"钙钛矿封装"}, "kind": {"challenge"}}.Encode(), "", nil)).JSON(t)
		if items := res["items"].([]any); len(items) != 1 || items[0].(map[string]any)["kind"] != "challenge" ||
			items[0].(map[string]any)["org_name"] != "宁德新能源科技" || items[0].(map[string]any)["org_verified"] != true {
			t.Fatalf("search kind=challenge: %v", res)
		}
		hall := m.must(200, m.do("GET", "/api/v1/challenges?field="+url.QueryEscape("新能源与高效节能"), "", nil)).JSON(t)
		if hall["total"].(float64) != 1 {
			t.Fatalf("hall: %v", hall)
		}

		// The challenger cannot answer its own challenge; a broker cannot answer at all.
		m.must(403, m.do("POST", path+"/proposals", p.challenger.Token, proposalBody("自己的方案不行")))
		m.must(403, m.do("POST", path+"/proposals", p.broker.Token, proposalBody("经纪人不能揭榜")))

		secret := "原子层沉积氧化铝阻隔层独家方案"
		r := m.must(201, m.do("POST", path+"/proposals", p.university.Token, proposalBody(secret)))
		pid := idOf(t, r)
		ppath := fmt.Sprintf("/api/v1/proposals/%d", pid)
		up := m.must(201, m.upload(ppath+"/files", p.university.Token, "方案书.pdf", pdf)).JSON(t)
		fileID := int64(up["files"].([]any)[0].(map[string]any)["id"].(float64))
		m.must(201, m.do("POST", path+"/proposals", p.institute.Token, proposalBody("柔性封装的另一种路线")))
		// One proposal per organisation, revisable until the deadline.
		m.must(409, m.do("POST", path+"/proposals", p.university.Token, proposalBody("第二份方案")))
		m.must(200, m.do("PUT", ppath, p.university.Token, proposalBody(secret+"（修订）")))

		// The challenger sees both; each proposer only its own.
		if items := m.must(200, m.do("GET", path+"/proposals", p.challenger.Token, nil)).JSON(t)["items"].([]any); len(items) != 2 {
			t.Fatalf("challenger sees %d proposals", len(items))
		}
		if items := m.must(200, m.do("GET", path+"/proposals", p.institute.Token, nil)).JSON(t)["items"].([]any); len(items) != 1 || strings.Contains(fmt.Sprint(items), secret) {
			t.Fatalf("institute sees %v", items)
		}
		m.must(200, m.do("GET", ppath+fmt.Sprintf("/files/%d", fileID), p.challenger.Token, nil))

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
			if r.Status == 200 && len(r.JSON(t)["items"].([]any)) != 0 {
				t.Errorf("%s lists proposals: %s", name, r.Body)
			}
			if r := m.do("GET", path, tok, nil); strings.Contains(string(r.Body), secret) || strings.Contains(string(r.Body), "proposal_count") {
				t.Errorf("%s sees the proposals through the challenge: %s", name, r.Body)
			}
		}
		// Search never indexes proposals.
		m.indexed()
		for _, q := range []string{secret, "原子层沉积"} {
			if res := m.must(200, m.do("GET", "/api/v1/search?q="+url.QueryEscape(q), "", nil)).JSON(t); res["total"].(float64) != 0 {
				t.Errorf("search %s finds %v", q, res["items"])
			}
		}
		// Others cannot revise or attach to it either.
		m.must(404, m.do("PUT", ppath, p.outsider.Token, proposalBody("别人改的方案")))
		m.must(404, m.upload(ppath+"/files", p.institute.Token, "x.pdf", pdf))

		// An assigned reviewer sees every proposal; scoring waits for the deadline.
		m.must(201, m.do("POST", path+"/reviewers", p.challenger.Token, map[string]any{"user_id": p.expert.UserID}))
		m.must(403, m.do("POST", path+"/reviewers", p.outsider.Token, map[string]any{"user_id": p.broker.UserID}))
		if items := m.must(200, m.do("GET", path+"/proposals", p.expert.Token, nil)).JSON(t)["items"].([]any); len(items) != 2 {
			t.Fatalf("reviewer sees %d proposals", len(items))
		}
		m.must(200, m.do("GET", ppath, p.expert.Token, nil))
		m.must(409, m.do("PUT", ppath+"/score", p.expert.Token, map[string]any{"scores": []int{90, 80, 70}}))
		if rs := m.must(200, m.do("GET", "/api/v1/my/reviews", p.expert.Token, nil)).JSON(t)["items"].([]any); len(rs) != 1 {
			t.Errorf("my reviews: %v", rs)
		}
	})
}

func TestChallengeDeadlineScoringAndAward(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		pid := idOf(t, m.must(201, m.do("POST", path+"/proposals", p.university.Token, proposalBody("复合封装方案"))))
		ppath := fmt.Sprintf("/api/v1/proposals/%d", pid)
		m.must(201, m.do("POST", path+"/reviewers", p.challenger.Token, map[string]any{"user_id": p.expert.UserID}))
		m.must(409, m.do("POST", ppath+"/award", p.challenger.Token, nil))

		m.pastDeadline(path)
		// After the deadline: a clear refusal and nothing stored.
		proposals, files := m.count(&models.Proposal{}), m.count(&models.ProposalFile{})
		r := m.do("POST", path+"/proposals", p.institute.Token, proposalBody("迟到的方案"))
		if r.Status != 409 || r.errorCode(t) != "challenge_closed" || !strings.Contains(string(r.Body), "截止") {
			t.Fatalf("late proposal: %d %s", r.Status, r.Body)
		}
		if r := m.do("PUT", ppath, p.university.Token, proposalBody("截止后修改")); r.Status != 409 || r.errorCode(t) != "challenge_closed" {
			t.Fatalf("late revision: %d %s", r.Status, r.Body)
		}
		if r := m.upload(ppath+"/files", p.university.Token, "late.pdf", pdf); r.Status != 409 {
			t.Fatalf("late file: %d %s", r.Status, r.Body)
		}
		if m.count(&models.Proposal{}) != proposals || m.count(&models.ProposalFile{}) != files {
			t.Fatal("a late proposal was stored")
		}
		if entries, _ := os.ReadDir(filepath.Join(m.srv.cfg.DataDir, "proposals", fmt.Sprint(pid))); len(entries) != 0 {
			t.Fatalf("late file written: %v", entries)
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
		if r := m.do("PUT", ppath+"/score", p.expert.Token, map[string]any{"scores": []int{90, 80}}); r.Status != 422 {
			t.Fatalf("short scores: %d", r.Status)
		}
		if r := m.do("PUT", ppath+"/score", p.expert.Token, map[string]any{"scores": []int{90, 101, 70}}); r.Status != 422 {
			t.Fatalf("score over 100: %d", r.Status)
		}
		m.must(404, m.do("PUT", ppath+"/score", p.broker.Token, map[string]any{"scores": []int{90, 80, 70}}))
		m.must(200, m.do("PUT", ppath+"/score", p.expert.Token, map[string]any{"scores": []int{90, 80, 70}, "comment": "路线可行"}))
		got := m.must(200, m.do("GET", ppath, p.challenger.Token, nil)).JSON(t)
		if got["score_centi"].(float64) != 90*40+80*35+70*25 {
			t.Fatalf("weighted total: %v", got["score_centi"])
		}
		if own := m.must(200, m.do("GET", ppath, p.university.Token, nil)).JSON(t); own["score_centi"] != nil || own["reviews"] != nil {
			t.Errorf("the proposer sees the scores: %v", own)
		}

		// Over the published award: refused, nothing changes.
		deals := m.count(&models.Deal{})
		if r := m.do("POST", ppath+"/award", p.challenger.Token, map[string]any{"award_fen": 150_0000_01}); r.Status != 422 {
			t.Fatalf("award over budget: %d %s", r.Status, r.Body)
		}
		m.must(404, m.do("POST", ppath+"/award", p.outsider.Token, nil))
		if m.count(&models.Deal{}) != deals {
			t.Fatal("a refused award made a deal")
		}
		aw := m.must(200, m.do("POST", ppath+"/award", p.challenger.Token, map[string]any{"award_fen": 100_0000_00})).JSON(t)
		deal := aw["deal"].(map[string]any)
		if deal["mode"] != "negotiated" || deal["status"] != "noticed" || deal["price_fen"].(float64) != 100_0000_00 ||
			int64(deal["seller_org_id"].(float64)) != p.university.OrgID || int64(deal["buyer_org_id"].(float64)) != p.challenger.OrgID {
			t.Fatalf("deal: %v", deal)
		}
		again := m.must(200, m.do("POST", ppath+"/award", p.challenger.Token, nil)).JSON(t)
		if again["deal"].(map[string]any)["id"] != deal["id"] || m.count(&models.Deal{}) != deals+1 || m.count(&models.Notice{}) != 1 {
			t.Fatalf("award repeated: %v", again)
		}
		// The result is public: who solved it, not the proposal's text.
		pub := m.must(200, m.do("GET", path, "", nil)).JSON(t)
		w := pub["winners"].([]any)
		if pub["status"] != "awarded" || len(w) != 1 || w[0].(map[string]any)["org_name"] != "福州大学" || strings.Contains(string(m.do("GET", path, "", nil).Body), "原子层") {
			t.Fatalf("public result: %v", pub)
		}
		notices := m.must(200, m.do("GET", "/api/v1/notices", "", nil)).JSON(t)["items"].([]any)
		if len(notices) != 1 || !strings.Contains(notices[0].(map[string]any)["title"].(string), "揭榜挂帅") {
			t.Fatalf("notices: %v", notices)
		}

		// After the notice the deal is confirmed and the university drafts the contract from it.
		if n, err := m.market.ConfirmDueNotices(m.ctx, time.Now().AddDate(0, 0, m.market.Rules.NoticeDays+1)); err != nil || n != 1 {
			t.Fatalf("confirm notice: %d %v", n, err)
		}
		agency := m.signUp("agency", models.RoleReviewer, "福州市技术合同登记站")
		m.verify(p.admin, agency)
		contract := map[string]any{"deal_id": deal["id"], "title": "钙钛矿组件封装技术开发合同", "type": "development", "subtype": "委托开发",
			"subject": "钙钛矿组件湿热稳定封装工艺开发", "field": "新能源与高效节能", "seller_party_type": "高等院校", "seller_division": "350102",
			"buyer_name": "宁德新能源科技", "buyer_party_type": "有限责任公司", "buyer_division": "350102", "tech_amount_fen": 100_0000_00,
			"payment_terms": "分三期支付", "signed_on": time.Now().Format("2006-01-02"), "valid_from": time.Now().Format("2006-01-02"),
			"valid_to": time.Now().AddDate(1, 0, 0).Format("2006-01-02"), "agency_id": agency.OrgID}
		ct := m.must(201, m.do("POST", "/api/v1/contracts", p.university.Token, contract)).JSON(t)
		if ct["contract_amount_fen"].(float64) != 100_0000_00 || int64(ct["buyer_org_id"].(float64)) != p.challenger.OrgID {
			t.Fatalf("contract from the award: %v", ct)
		}
	})
}

func TestChallengeBadInputStoresNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		future := time.Now().Add(48 * time.Hour)
		cases := []struct {
			name, field string
			edit        func(b map[string]any)
		}{
			{"over the cap", "award_fen", func(b map[string]any) { b["award_fen"] = 200_0000_01 }},
			{"no award", "award_fen", func(b map[string]any) { b["award_fen"] = 0 }},
			{"weights not 100", "criteria", func(b map[string]any) {
				b["criteria"] = []map[string]any{{"criterion": "技术先进性", "weight": 60}, {"criterion": "指标承诺", "weight": 30}}
			}},
			{"deadline passed", "deadline", func(b map[string]any) { b["deadline"] = time.Now().Add(-time.Hour) }},
			{"no goals", "goals", func(b map[string]any) { b["goals"] = []any{} }},
			{"goal without target", "goals", func(b map[string]any) { b["goals"] = []map[string]any{{"indicator": "效率", "target": ""}} }},
			{"bad field", "field", func(b map[string]any) { b["field"] = "玄学" }},
		}
		before := m.count(&models.Challenge{})
		for _, c := range cases {
			b := challengeBody("钙钛矿组件湿热稳定封装技术揭榜", future)
			c.edit(b)
			r := m.do("POST", "/api/v1/challenges", p.challenger.Token, b)
			if r.Status != 422 || r.errorFields(t)[c.field] == nil {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		if m.count(&models.Challenge{}) != before {
			t.Fatal("a refused challenge was stored")
		}
		// Universities do not publish challenges.
		m.must(403, m.do("POST", "/api/v1/challenges", p.university.Token, challengeBody("高校不能发榜的难题", future)))

		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", future)
		pid := idOf(t, m.must(201, m.do("POST", path+"/proposals", p.university.Token, proposalBody("复合封装方案"))))
		ppath := fmt.Sprintf("/api/v1/proposals/%d", pid)
		files := m.count(&models.ProposalFile{})
		for _, bad := range [][]byte{[]byte("PK\x03\x04 not a pdf"), []byte("<html>pdf</html>")} {
			if r := m.upload(ppath+"/files", p.university.Token, "方案.pdf", bad); r.Status != 422 || r.errorFields(t)["file"] == nil {
				t.Errorf("non-PDF: %d %s", r.Status, r.Body)
			}
		}
		if m.count(&models.ProposalFile{}) != files {
			t.Fatal("a non-PDF was recorded")
		}
		if entries, _ := os.ReadDir(filepath.Join(m.srv.cfg.DataDir, "proposals", fmt.Sprint(pid))); len(entries) != 0 {
			t.Fatalf("a non-PDF was written: %v", entries)
		}
		if r := m.do("POST", path+"/proposals", p.institute.Token, map[string]any{"title": "短", "summary": "太短"}); r.Status != 422 {
			t.Errorf("short proposal: %d", r.Status)
		}
		// Published challenges cannot be edited, and only drafts published.
		m.must(409, m.do("PUT", path, p.challenger.Token, challengeBody("发布后改条件", future)))
		m.must(409, m.do("POST", path+"/publish", p.challenger.Token, nil))
		// An admin takes a challenge down; it leaves the hall.
		m.must(200, m.do("POST", path+"/takedown", p.admin.Token, map[string]any{"reason": "榜单内容涉嫌虚假"}))
		m.must(404, m.do("GET", path, "", nil))
		if m.must(200, m.do("GET", "/api/v1/challenges", "", nil)).JSON(t)["total"].(float64) != 0 {
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
		m.must(201, m.do("POST", path+"/proposals", p.university.Token, proposalBody("复合封装方案")))

		later := deadline.Add(time.Minute).Truncate(time.Second)
		m.market.Clock = func() time.Time { return later }
		if r := m.do("POST", path+"/proposals", p.institute.Token, proposalBody("迟到的方案")); r.Status != 409 || r.errorCode(t) != "challenge_closed" {
			t.Fatalf("proposal after the deadline: %d %s", r.Status, r.Body)
		}
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
		pid := idOf(t, m.must(201, m.do("POST", path+"/proposals", p.university.Token, proposalBody("复合封装方案"))))
		m.pastDeadline(path)
		var wg sync.WaitGroup
		deals := make([]any, 20)
		status := make([]int, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := m.do("POST", fmt.Sprintf("/api/v1/proposals/%d/award", pid), p.challenger.Token, nil)
				status[i] = r.Status
				if r.Status == 200 {
					deals[i] = r.JSON(t)["deal"].(map[string]any)["id"]
				}
			}()
		}
		wg.Wait()
		for i := range 20 {
			if status[i] != 200 || deals[i] != deals[0] {
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
		res := m.must(200, m.do("GET", path+"/matches?size=5", "", nil)).JSON(t)
		items := res["items"].([]any)
		if len(items) == 0 || int64(items[0].(map[string]any)["id"].(float64)) != ach || items[0].(map[string]any)["kind"] != "achievement" {
			t.Fatalf("matches: %v", res)
		}
		if len(items[0].(map[string]any)["reasons"].([]any)) == 0 {
			t.Error("a match without reasons")
		}
		m.must(400, m.do("GET", "/api/v1/challenges/abc/matches", "", nil))
		m.must(422, m.do("GET", path+"/matches?size=0", "", nil))
	})
}

// A rebuilt index (techmarket reindex, a new instance) has the open challenges too.
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
		x, err := search.NewIndexer(ix, m.market, m.srv.log)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Rebuild(context.Background(), nil); err != nil {
			t.Fatal(err)
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
