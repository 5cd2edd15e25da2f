package app

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

func achievementBody(title string) map[string]any {
	return map[string]any{
		"title": title, "summary": "本成果《" + title + "》提出了一种连续化制备工艺，关键指标达到 1500 W/mK，可用于电子产品。",
		"keywords": []string{"连续化制备"}, "field": "新材料及其应用", "region": "350102", "coop_modes": []string{"转让", "许可"},
		"ip_type": "发明专利", "patent_numbers": []string{"ZL202010000000.1"}, "maturity": 6, "price_type": "indicative", "price_fen": 50_000_000,
		"contact_name": "王老师", "contact_phone": "13800000000", "contact_email": "wang@fzu.edu.cn",
	}
}

// verify has the account (its organisation's admin) send the verification
// evidence, and the market admin verify the organisation.
func (m *market) verify(admin, a *account) {
	m.t.Helper()
	m.requestVerification(a)
	m.must(200, m.do("POST", "/api/v1/admin/orgs/"+strconv.FormatInt(a.OrgID, 10)+"/verify", admin.Token, nil))
}

// requestVerification sends a valid credit code for the account's
// organisation, its legal representative and a licence PDF.
func (m *market) requestVerification(a *account) {
	m.t.Helper()
	m.must(200, m.uploadForm("/api/v1/orgs/"+strconv.FormatInt(a.OrgID, 10)+"/verification", a.Token, "licence.pdf",
		[]byte("%PDF-1.4 licence"), map[string]string{"credit_code": testCreditCode(a.OrgID), "legal_rep": "张三"}))
}

// testCreditCode is a well-formed 统一社会信用代码 of its own for each organisation.
func testCreditCode(orgID int64) string {
	first := fmt.Sprintf("91350102%09d", orgID)
	c, _ := models.CreditCodeCheckChar(first)
	return first + string(c)
}

func (m *market) publishAchievement(admin, owner *account, title string) int64 {
	m.t.Helper()
	r := m.must(201, m.do("POST", "/api/v1/achievements", owner.Token, achievementBody(title))).JSON(m.t)
	id := strconv.FormatInt(int64(r["id"].(float64)), 10)
	m.must(200, m.do("POST", "/api/v1/achievements/"+id+"/submit", owner.Token, nil))
	m.must(200, m.do("POST", "/api/v1/achievements/"+id+"/approve", admin.Token, nil))
	return int64(r["id"].(float64))
}

func TestAchievementWorkflowAndVisibility(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		other := m.signUp("rival", models.RoleSupplier, "厦门大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		m.verify(admin, other)

		r := m.must(201, m.do("POST", "/api/v1/achievements", sup.Token, achievementBody("石墨烯导热膜连续化制备技术"))).JSON(t)
		id := strconv.FormatInt(int64(r["id"].(float64)), 10)
		path := "/api/v1/achievements/" + id
		if r["status"] != "draft" {
			t.Fatalf("new listing status %v", r["status"])
		}
		// Drafts are invisible outside the owner organisation.
		for _, tok := range []string{"", other.Token, dem.Token} {
			if r := m.do("GET", path, tok, nil); r.Status != 404 {
				t.Errorf("draft visible: %d", r.Status)
			}
		}
		m.must(200, m.do("GET", path, sup.Token, nil))
		// Another organisation can neither edit nor submit it.
		m.must(404, m.do("PUT", path, other.Token, achievementBody("偷改的标题内容")))
		m.must(404, m.do("POST", path+"/submit", other.Token, nil))
		// A demander may not create achievements at all.
		m.must(403, m.do("POST", "/api/v1/achievements", dem.Token, achievementBody("企业不能发布成果")))
		// Unverified organisations cannot submit.
		if r := m.do("POST", path+"/submit", sup.Token, nil); r.Status != 403 || r.errorCode(t) != "org_not_verified" {
			t.Fatalf("unverified submit: %d %s", r.Status, r.Body)
		}
		m.verify(admin, sup)
		m.must(200, m.do("POST", path+"/submit", sup.Token, nil))
		m.must(409, m.do("PUT", path, sup.Token, achievementBody("待审核时不能修改")))
		// Moderation: brokers of verified firms and admins; a supplier cannot approve its own.
		m.must(403, m.do("POST", path+"/approve", sup.Token, nil))
		if r := m.do("GET", "/api/v1/moderation/achievements", broker.Token, nil); r.Status != 403 || r.errorCode(t) != "org_not_verified" {
			t.Fatalf("unverified broker moderates: %d %s", r.Status, r.Body)
		}
		m.must(403, m.do("POST", path+"/approve", broker.Token, nil))
		m.verify(admin, broker)
		queue := m.must(200, m.do("GET", "/api/v1/moderation/achievements", broker.Token, nil)).JSON(t)
		if queue["total"].(float64) != 1 {
			t.Fatalf("moderation queue: %v", queue)
		}
		m.must(422, m.do("POST", path+"/reject", broker.Token, map[string]string{"reason": ""}))
		m.must(200, m.do("POST", path+"/reject", broker.Token, map[string]string{"reason": "缺少技术指标"}))
		m.must(200, m.do("POST", path+"/revise", sup.Token, nil))
		m.must(200, m.do("PUT", path, sup.Token, achievementBody("石墨烯导热膜连续化制备技术（修订）")))
		m.must(200, m.do("POST", path+"/submit", sup.Token, nil))
		pub := m.must(200, m.do("POST", path+"/approve", admin.Token, nil)).JSON(t)
		if pub["status"] != "published" || pub["published_at"] == nil {
			t.Fatalf("approved: %v", pub)
		}
		// Published: the public sees it without contacts; verified users and brokers see contacts.
		public := m.must(200, m.do("GET", path, "", nil)).JSON(t)
		if _, leaked := public["contact_phone"]; leaked || public["title"] != "石墨烯导热膜连续化制备技术（修订）" ||
			public["contact_hidden"] != true || public["org_name"] != "福州大学" {
			t.Errorf("public view: %v", public)
		}
		if v := m.must(200, m.do("GET", path, dem.Token, nil)).JSON(t); v["contact_phone"] != nil {
			t.Errorf("unverified demander sees contact: %v", v["contact_phone"])
		}
		m.verify(admin, dem)
		if v := m.must(200, m.do("GET", path, dem.Token, nil)).JSON(t); v["contact_phone"] != "13800000000" {
			t.Errorf("verified demander lacks contact: %v", v)
		}
		if v := m.must(200, m.do("GET", path, broker.Token, nil)).JSON(t); v["contact_phone"] != "13800000000" {
			t.Errorf("broker lacks contact: %v", v)
		}
		list := m.must(200, m.do("GET", "/api/v1/achievements", "", nil))
		if strings.Contains(string(list.Body), "13800000000") || list.JSON(t)["total"].(float64) != 1 {
			t.Errorf("public list: %s", list.Body)
		}
		// The owner hears about the decisions (and the organisation's verification).
		notes := m.must(200, m.do("GET", "/api/v1/notifications", sup.Token, nil)).JSON(t)
		if notes["unread"].(float64) != 3 {
			t.Errorf("notifications: %v", notes)
		}
		m.must(204, m.do("POST", "/api/v1/notifications/read", sup.Token, map[string]any{}))
		if n := m.must(200, m.do("GET", "/api/v1/notifications", sup.Token, nil)).JSON(t); n["unread"].(float64) != 0 {
			t.Errorf("after read-all: %v", n)
		}
		// Withdraw closes it and it leaves the public list; the other org cannot withdraw.
		m.must(403, m.do("POST", path+"/withdraw", other.Token, nil))
		closed := m.must(200, m.do("POST", path+"/withdraw", sup.Token, nil)).JSON(t)
		if closed["status"] != "closed" || closed["close_reason"] != "withdrawn" {
			t.Errorf("withdrawn: %v", closed)
		}
		m.must(404, m.do("GET", path, "", nil))
		mine := m.must(200, m.do("GET", "/api/v1/my/achievements", sup.Token, nil)).JSON(t)
		if mine["total"].(float64) != 1 {
			t.Errorf("my achievements: %v", mine)
		}
		if theirs := m.must(200, m.do("GET", "/api/v1/my/achievements", other.Token, nil)).JSON(t); theirs["total"].(float64) != 0 {
			t.Errorf("other org sees my listings: %v", theirs)
		}
		var events int64
		m.db.Model(&models.OutboxEvent{}).Where("entity = ?", "achievement").Count(&events)
		if events < 8 {
			t.Errorf("%d outbox events for the listing's changes", events)
		}
	})
}

func TestListingBadInputChangesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		with := func(k string, v any) map[string]any {
			b := achievementBody("一种新型高效光伏电池")
			b[k] = v
			return b
		}
		cases := []struct {
			name  string
			body  any
			field string
		}{
			{"missing title", with("title", ""), "title"},
			{"negative price", with("price_fen", -100), "price_fen"},
			{"price as string", with("price_fen", "一百万"), "price_fen"},
			{"maturity 12", with("maturity", 12), "maturity"},
			{"10 MB summary", with("summary", strings.Repeat("长", 30000)), "summary"},
			{"bad field", with("field", "娱乐"), "field"},
			{"bad region", with("region", "abc"), "region"},
			{"keywords as number", with("keywords", 5), "keywords"},
		}
		before := m.count(&models.Achievement{})
		for _, c := range cases {
			r := m.do("POST", "/api/v1/achievements", sup.Token, c.body)
			if r.Status != 422 || r.errorFields(t)[c.field] == nil {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		m.must(400, m.do("POST", "/api/v1/achievements", sup.Token, `{"title":`))
		if m.count(&models.Achievement{}) != before || m.count(&models.OutboxEvent{}) != 0 {
			t.Error("bad input changed the database")
		}
	})
}

func TestNeedsAndExternalIDLookup(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		m.verify(admin, dem)
		body := map[string]any{"title": "寻求汽车玻璃镀膜技术", "summary": "企业需要一种低辐射镀膜工艺，提高汽车玻璃隔热性能。",
			"field": "先进制造", "region": "350181", "budget_negotiable": false, "budget_min_fen": 1_000_000, "budget_max_fen": 5_000_000}
		r := m.must(201, m.do("POST", "/api/v1/needs", dem.Token, body)).JSON(t)
		id := strconv.FormatInt(int64(r["id"].(float64)), 10)
		bad := map[string]any{"title": "预算颠倒的需求", "summary": "预算下限高于上限，应当被拒绝。", "region": "350181",
			"budget_negotiable": false, "budget_min_fen": 9_000_000, "budget_max_fen": 5_000_000}
		if r := m.do("POST", "/api/v1/needs", dem.Token, bad); r.Status != 422 || r.errorFields(t)["budget_min_fen"] == nil {
			t.Errorf("inverted budget: %d %s", r.Status, r.Body)
		}
		m.must(200, m.do("POST", "/api/v1/needs/"+id+"/submit", dem.Token, nil))
		m.must(200, m.do("POST", "/api/v1/needs/"+id+"/approve", admin.Token, nil))

		// An imported need is found by its external id, publicly once published.
		row := `{"external_id":"need-001","title":"寻求汽车玻璃镀膜技术","summary":"企业需要一种低辐射镀膜工艺，提高汽车玻璃隔热性能。","region":"350181","org":"福耀玻璃","budget_max_fen":5000000}`
		if rep, err := m.market.ImportListings(m.ctx, []byte(row), models.ImportOptions{Kind: "need"}); err != nil || rep.Imported != 1 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		if found := m.must(200, m.do("GET", "/api/v1/needs?external_id=need-001", "", nil)).JSON(t); found["total"].(float64) != 0 {
			t.Errorf("unpublished need found publicly: %v", found)
		}
		if _, err := m.market.ImportListings(m.ctx, []byte(row), models.ImportOptions{Kind: "need", Publish: true}); err != nil {
			t.Fatal(err)
		}
		var imported models.Need
		m.db.Where("external_id = ?", "need-001").First(&imported)
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/needs/%d/approve", imported.ID), admin.Token, nil))
		found := m.must(200, m.do("GET", "/api/v1/needs?external_id=need-001", "", nil)).JSON(t)
		if found["total"].(float64) != 1 || found["items"].([]any)[0].(map[string]any)["id"].(float64) != float64(imported.ID) {
			t.Errorf("external id lookup: %v", found)
		}
	})
}

// TestExternalIDBelongsToTheImport: the API ignores external_id, so that no
// user can claim (or squat on) a row of a later import.
func TestExternalIDBelongsToTheImport(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		m.verify(admin, dem)

		ach := achievementBody("石墨烯导热膜连续化制备技术")
		ach["external_id"] = "a-1"
		r := m.must(201, m.do("POST", "/api/v1/achievements", sup.Token, ach)).JSON(t)
		if r["external_id"] != nil {
			t.Errorf("created with the body's external_id: %v", r["external_id"])
		}
		// A second listing naming the same id is no conflict: the id was never taken.
		m.must(201, m.do("POST", "/api/v1/achievements", sup.Token, ach))
		path := fmt.Sprintf("/api/v1/achievements/%d", int64(r["id"].(float64)))
		if r := m.must(200, m.do("PUT", path, sup.Token, ach)).JSON(t); r["external_id"] != nil {
			t.Errorf("updated with the body's external_id: %v", r["external_id"])
		}
		need := map[string]any{"external_id": "n-1", "title": "寻求汽车玻璃镀膜技术", "summary": "企业需要一种低辐射镀膜工艺，提高汽车玻璃隔热性能。",
			"region": "350181", "budget_negotiable": true}
		if r := m.must(201, m.do("POST", "/api/v1/needs", dem.Token, need)).JSON(t); r["external_id"] != nil {
			t.Errorf("need created with the body's external_id: %v", r["external_id"])
		}

		// The import still owns the ids: its rows are created, not "updated"
		// over the users' listings.
		rows := `{"external_id":"a-1","title":"水产养殖尾水生态处理系统","summary":"利用人工湿地处理养殖尾水，实现循环利用。","region":"350111","org":"福建省农业科学院"}`
		if rep, err := m.market.ImportListings(m.ctx, []byte(rows), models.ImportOptions{Kind: "achievement", Publish: true}); err != nil || rep.Imported != 1 {
			t.Fatalf("achievement import: %+v %v", rep, err)
		}
		rows = `{"external_id":"n-1","title":"寻求水产养殖尾水处理技术","summary":"养殖场需要低成本的尾水处理方案。","region":"350111","org":"福清水产公司"}`
		if rep, err := m.market.ImportListings(m.ctx, []byte(rows), models.ImportOptions{Kind: "need", Publish: true}); err != nil || rep.Imported != 1 {
			t.Fatalf("need import: %+v %v", rep, err)
		}
		var mine models.Achievement
		m.db.First(&mine, int64(r["id"].(float64)))
		if mine.ExternalID != nil || mine.Title != "石墨烯导热膜连续化制备技术" || mine.OrgID != sup.OrgID {
			t.Errorf("the user's achievement after the import: %+v", mine.Listing)
		}
		for kind, want := range map[string]string{"achievements": "水产养殖尾水生态处理系统", "needs": "寻求水产养殖尾水处理技术"} {
			ext := map[string]string{"achievements": "a-1", "needs": "n-1"}[kind]
			found := m.must(200, m.do("GET", "/api/v1/"+kind+"?external_id="+ext, "", nil)).JSON(t)
			items := found["items"].([]any)
			if len(items) != 1 || items[0].(map[string]any)["title"] != want {
				t.Errorf("%s?external_id=%s: %v", kind, ext, found)
			}
		}
	})
}

func TestExpiryClosesListingsAndTellsTheOwner(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		id := m.publishAchievement(admin, sup, "即将过期的成果示例")
		past := time.Now().Add(-time.Hour).UTC()
		m.db.Model(&models.Achievement{}).Where("id = ?", id).Update("valid_until", past)
		n, err := m.market.Achievements().Expire(m.ctx, time.Now())
		if err != nil || n != 1 {
			t.Fatalf("expired %d, %v", n, err)
		}
		if n, _ := m.market.Achievements().Expire(m.ctx, time.Now()); n != 0 {
			t.Errorf("second run expired %d", n)
		}
		var a models.Achievement
		m.db.First(&a, id)
		if a.Status != models.StatusClosed || a.CloseReason != models.ClosedExpired {
			t.Errorf("after expiry: %s/%s", a.Status, a.CloseReason)
		}
		var note models.Notification
		if err := m.db.Where("user_id = ? AND kind = ?", sup.UserID, "achievement.expire").First(&note).Error; err != nil {
			t.Errorf("owner not told: %v", err)
		}
	})
}

// listingWalk walks one kind of listing through its states: the owner's
// workflow, moderation, and what a visitor from another organisation may do
// about a published one.
func listingWalk(kind string, s side, draft func(w *world) int64, owner func(w *world) *account, other func(w *world) *account, expiryCol string) walk {
	base := "/api/v1/" + kind + "/"
	as := func(a func(w *world) *account, id int64, act string, body any) func(w *world) {
		return func(w *world) { w.m.must(200, w.m.do("POST", base+itoa(id)+"/"+act, a(w).Token, body)) }
	}
	admin := func(w *world) *account { return w.admin }
	pending := func(w *world) int64 { id := draft(w); as(owner, id, "submit", nil)(w); return id }
	published := func(w *world) int64 { id := pending(w); as(admin, id, "approve", nil)(w); return id }
	closed := func(f func(w *world) int64, reason string, cols map[string]any) func(w *world) int64 {
		return func(w *world) int64 {
			id := f(w)
			set := map[string]any{"status": "closed", "close_reason": reason}
			for k, v := range cols {
				set[k] = v
			}
			w.setStatus(kind, id, set)
			return id
		}
	}
	states := []state{
		{"draft", draft},
		{"pending", pending},
		{"published", published},
		{"rejected", func(w *world) int64 {
			id := pending(w)
			as(admin, id, "reject", map[string]string{"reason": "缺少技术指标"})(w)
			return id
		}},
		{"withdrawn", func(w *world) int64 { id := published(w); as(owner, id, "withdraw", nil)(w); return id }},
		{"expired", closed(published, "expired", map[string]any{expiryCol: time.Now().Add(-time.Hour)})},
		{"dealt", closed(published, "dealt", nil)},
		{"draft past its date", func(w *world) int64 {
			id := draft(w)
			w.setStatus(kind, id, map[string]any{expiryCol: time.Now().AddDate(0, 0, -3)})
			return id
		}},
		{"published, asked for and reported by the other organisation", func(w *world) int64 {
			id := published(w)
			w.m.must(201, w.m.do("POST", base+itoa(id)+"/access-requests", other(w).Token, map[string]any{"message": "拟用于产线改造"}))
			w.m.must(201, w.m.do("POST", base+itoa(id)+"/reports", other(w).Token, map[string]any{"reason": "专利已失效仍在出售"}))
			return id
		}},
		{"published, starred and wanted by the other organisation", func(w *world) int64 {
			id := published(w)
			w.m.must(200, w.m.do("POST", base+itoa(id)+"/favourite", other(w).Token, nil))
			w.m.must(201, w.m.do("POST", base+itoa(id)+"/interests", other(w).Token, map[string]any{"message": "希望进一步了解合作条件"}))
			return id
		}},
		{"withdrawn after the other organisation starred it", func(w *world) int64 {
			id := published(w)
			w.m.must(200, w.m.do("POST", base+itoa(id)+"/favourite", other(w).Token, nil))
			as(owner, id, "withdraw", nil)(w)
			return id
		}},
	}
	post := func(act string, body any) func(w *world, id int64) (string, string, any) {
		return func(w *world, id int64) (string, string, any) { return "POST", base + itoa(id) + "/" + act, body }
	}
	acts := map[string]func(w *world, id int64) (string, string, any){
		"edit": func(w *world, id int64) (string, string, any) {
			body := achievementBody(fmt.Sprintf("修改后的石墨烯导热膜技术 %d", w.next()))
			if kind == "needs" {
				body = needBody(fmt.Sprintf("修改后的汽车玻璃镀膜需求 %d", w.next()))
			}
			return "PUT", base + itoa(id), body
		},
		"submit":         post("submit", nil),
		"revise":         post("revise", nil),
		"withdraw":       post("withdraw", nil),
		"renew":          post("renew", nil),
		"confirm":        post("confirm", nil),
		"relist":         post("relist", map[string]string{"until": "2099-01-01"}),
		"approve":        post("approve", nil),
		"reject":         post("reject", map[string]string{"reason": "缺少技术指标"}),
		"request_access": post("access-requests", map[string]any{"message": "拟用于产线改造"}),
		"report":         post("reports", map[string]any{"reason": "专利已失效仍在出售"}),
		"feedback":       post("feedback", map[string]any{"reasons": []string{"price"}}),
		"favourite":      post("favourite", nil),
		"unfavourite": func(w *world, id int64) (string, string, any) {
			return "DELETE", base + itoa(id) + "/favourite", nil
		},
		"express_interest": post("interests", map[string]any{"message": "希望进一步了解合作条件"}),
	}
	return walk{kind: kind, side: s, states: states, acts: acts, idempotent: map[string]bool{"favourite": true, "unfavourite": true},
		actions: func(w *world, a *account, id int64) []string { return w.actionsAt(a, base+itoa(id)) }}
}

func TestListingActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		w.walk(t, listingWalk("achievements", sideU, (*world).achDraft, func(w *world) *account { return w.uOwner },
			func(w *world) *account { return w.uOther }, "valid_until"))
		w.walk(t, listingWalk("needs", sideE, (*world).needDraft, func(w *world) *account { return w.eOwner },
			func(w *world) *account { return w.eOther }, "deadline"))
		// What the pages show, in their order.
		for _, c := range []struct {
			who  *account
			id   int64
			want string
		}{
			{w.uOwner, w.achDraft(), "edit submit withdraw"},
			{w.uOwner, w.achPublished(), "confirm withdraw"},
			{w.uOther, w.achPublished(), "favourite express_interest request_access feedback report"},
			{w.vbroker, w.achPublished(), "favourite request_access feedback report"},
			{w.admin, w.achPending(), "approve reject"},
			{nil, w.achPublished(), ""},
		} {
			if got := strings.Join(w.actionsAt(c.who, "/api/v1/achievements/"+itoa(c.id)), " "); got != c.want {
				t.Errorf("actions %q, want %q", got, c.want)
			}
		}
	})
}
