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
		"ip_type": "发明专利", "patent_numbers": []string{"ZL202010000000.7"}, "maturity": 6, "price_type": "indicative", "price_fen": 50_000_000,
		"contact_name": "王老师", "contact_phone": "13800000000", "contact_email": "wang@fzu.edu.cn",
	}
}

// verify has each account (its organisation's admin) send the verification
// evidence, and the market admin verify the organisations.
func (m *market) verify(admin *account, as ...*account) {
	m.t.Helper()
	for _, a := range as {
		m.requestVerification(a)
		call[models.Organization](m, admin, 200, "POST", "/api/v1/admin/orgs/"+strconv.FormatInt(a.OrgID, 10)+"/verify", nil)
	}
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
	a := call[models.Achievement](m, owner, 201, "POST", "/api/v1/achievements", achievementBody(title))
	path := fmt.Sprintf("/api/v1/achievements/%d", a.ID)
	call[models.Achievement](m, owner, 200, "POST", path+"/submit", nil)
	call[models.Achievement](m, admin, 200, "POST", path+"/approve", nil)
	return a.ID
}

// listingCast is the cast of the tests around one published listing, all
// verified: 福州大学 (sup), whose achievement it is; 福耀玻璃 (dem) and 九牧集团
// (rival), enterprises that may act on it; and a broker firm.
type listingCast struct {
	admin, sup, dem, rival, broker *account
	ach                            int64  // 福州大学's published achievement
	path                           string // its address
}

func (m *market) listingCast() listingCast {
	m.t.Helper()
	c := listingCast{admin: m.admin()}
	c.sup = m.signUp("prof", models.RoleSupplier, "福州大学")
	c.dem = m.signUp("buyer", models.RoleDemander, "福耀玻璃")
	c.rival = m.signUp("rival", models.RoleDemander, "九牧集团")
	c.broker = m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
	m.verify(c.admin, c.sup, c.dem, c.rival, c.broker)
	c.ach = m.publishAchievement(c.admin, c.sup, "石墨烯导热膜连续化制备技术")
	c.path = fmt.Sprintf("/api/v1/achievements/%d", c.ach)
	return c
}

func TestAchievementWorkflowAndVisibility(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		other := m.signUp("rival", models.RoleSupplier, "厦门大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		m.verify(admin, other)

		draft := call[models.Achievement](m, sup, 201, "POST", "/api/v1/achievements", achievementBody("石墨烯导热膜连续化制备技术"))
		path := fmt.Sprintf("/api/v1/achievements/%d", draft.ID)
		if draft.Status != "draft" {
			t.Fatalf("new listing status %v", draft.Status)
		}
		m.play(t,
			// Drafts are invisible outside the owner organisation.
			step{name: "the public reads the draft", method: "GET", path: path, want: 404},
			step{name: "another organisation reads the draft", as: other, method: "GET", path: path, want: 404},
			step{name: "a demander reads the draft", as: dem, method: "GET", path: path, want: 404},
			step{name: "the owner reads the draft", as: sup, method: "GET", path: path, want: 200},
			// Another organisation can neither edit nor submit it.
			step{name: "another organisation edits", as: other, method: "PUT", path: path, body: achievementBody("偷改的标题内容"), want: 404},
			step{name: "another organisation submits", as: other, method: "POST", path: path + "/submit", want: 404},
			// A demander may not create achievements at all.
			step{name: "a demander creates an achievement", as: dem, method: "POST", path: "/api/v1/achievements", body: achievementBody("企业不能发布成果"), want: 403},
			// Unverified organisations cannot submit.
			step{name: "an unverified organisation submits", as: sup, method: "POST", path: path + "/submit", want: 403, code: "org_not_verified"},
		)
		m.verify(admin, sup)
		call[models.Achievement](m, sup, 200, "POST", path+"/submit", nil)
		m.play(t,
			step{name: "the owner edits a pending listing", as: sup, method: "PUT", path: path, body: achievementBody("待审核时不能修改"), want: 409},
			// Moderation: brokers of verified firms and admins; a supplier cannot approve its own.
			step{name: "the owner approves its own", as: sup, method: "POST", path: path + "/approve", want: 403},
			step{name: "an unverified broker moderates", as: broker, method: "GET", path: "/api/v1/moderation/achievements", want: 403, code: "org_not_verified"},
			step{name: "an unverified broker approves", as: broker, method: "POST", path: path + "/approve", want: 403},
		)
		m.verify(admin, broker)
		if queue := call[page[models.Achievement]](m, broker, 200, "GET", "/api/v1/moderation/achievements", nil); queue.Total != 1 {
			t.Fatalf("moderation queue: %+v", queue)
		}
		m.check(step{name: "a rejection without a reason", as: broker, method: "POST", path: path + "/reject", body: map[string]string{"reason": ""}, want: 422})
		call[models.Achievement](m, broker, 200, "POST", path+"/reject", map[string]string{"reason": "缺少技术指标"})
		call[models.Achievement](m, sup, 200, "POST", path+"/revise", nil)
		call[models.Achievement](m, sup, 200, "PUT", path, achievementBody("石墨烯导热膜连续化制备技术（修订）"))
		call[models.Achievement](m, sup, 200, "POST", path+"/submit", nil)
		if pub := call[models.Achievement](m, admin, 200, "POST", path+"/approve", nil); pub.Status != "published" || pub.PublishedAt == nil {
			t.Fatalf("approved: %+v", pub)
		}
		// Published: the public sees it without contacts; verified users and brokers see contacts.
		if public := call[models.Achievement](m, nil, 200, "GET", path, nil); public.ContactPhone != "" || public.Title != "石墨烯导热膜连续化制备技术（修订）" ||
			!public.ContactHidden || public.OrgName != "福州大学" {
			t.Errorf("public view: %+v", public)
		}
		if v := call[models.Achievement](m, dem, 200, "GET", path, nil); v.ContactPhone != "" {
			t.Errorf("unverified demander sees contact: %v", v.ContactPhone)
		}
		m.verify(admin, dem)
		if v := call[models.Achievement](m, dem, 200, "GET", path, nil); v.ContactPhone != "13800000000" {
			t.Errorf("verified demander lacks contact: %+v", v)
		}
		if v := call[models.Achievement](m, broker, 200, "GET", path, nil); v.ContactPhone != "13800000000" {
			t.Errorf("broker lacks contact: %+v", v)
		}
		list := m.expect(nil, 200, "GET", "/api/v1/achievements", nil)
		if strings.Contains(string(list.Body), "13800000000") || decoded[page[models.Achievement]](t, list).Total != 1 {
			t.Errorf("public list: %s", list.Body)
		}
		// The owner hears about the decisions (and the organisation's verification).
		if notes := call[notificationPage](m, sup, 200, "GET", "/api/v1/notifications", nil); notes.Unread != 3 {
			t.Errorf("notifications: %+v", notes)
		}
		m.expect(sup, 204, "POST", "/api/v1/notifications/read", map[string]any{})
		if n := call[notificationPage](m, sup, 200, "GET", "/api/v1/notifications", nil); n.Unread != 0 {
			t.Errorf("after read-all: %+v", n)
		}
		// Withdraw closes it and it leaves the public list; the other org cannot withdraw.
		m.check(step{name: "another organisation withdraws", as: other, method: "POST", path: path + "/withdraw", want: 403})
		if closed := call[models.Achievement](m, sup, 200, "POST", path+"/withdraw", nil); closed.Status != "closed" || closed.CloseReason != "withdrawn" {
			t.Errorf("withdrawn: %+v", closed)
		}
		m.check(step{name: "the public reads a withdrawn listing", method: "GET", path: path, want: 404})
		if mine := call[page[models.Achievement]](m, sup, 200, "GET", "/api/v1/my/achievements", nil); mine.Total != 1 {
			t.Errorf("my achievements: %+v", mine)
		}
		if theirs := call[page[models.Achievement]](m, other, 200, "GET", "/api/v1/my/achievements", nil); theirs.Total != 0 {
			t.Errorf("other org sees my listings: %+v", theirs)
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
		bad := func(name string, body any, field string) step {
			return step{name: name, as: sup, method: "POST", path: "/api/v1/achievements", body: body, want: 422, field: field}
		}
		before := m.count(&models.Achievement{})
		m.play(t,
			bad("missing title", with("title", ""), "title"),
			bad("negative price", with("price_fen", -100), "price_fen"),
			bad("price as string", with("price_fen", "一百万"), "price_fen"),
			bad("maturity 12", with("maturity", 12), "maturity"),
			bad("10 MB summary", with("summary", strings.Repeat("长", 30000)), "summary"),
			bad("bad field", with("field", "娱乐"), "field"),
			bad("bad region", with("region", "abc"), "region"),
			bad("keywords as number", with("keywords", 5), "keywords"),
			step{name: "broken JSON", as: sup, method: "POST", path: "/api/v1/achievements", body: `{"title":`, want: 400},
		)
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
		need := call[models.Need](m, dem, 201, "POST", "/api/v1/needs", body)
		path := fmt.Sprintf("/api/v1/needs/%d", need.ID)
		bad := map[string]any{"title": "预算颠倒的需求", "summary": "预算下限高于上限，应当被拒绝。", "region": "350181",
			"budget_negotiable": false, "budget_min_fen": 9_000_000, "budget_max_fen": 5_000_000}
		m.check(step{name: "an inverted budget", as: dem, method: "POST", path: "/api/v1/needs", body: bad, want: 422, field: "budget_min_fen"})
		call[models.Need](m, dem, 200, "POST", path+"/submit", nil)
		call[models.Need](m, admin, 200, "POST", path+"/approve", nil)

		// An imported need is found by its external id, publicly once published.
		row := `{"external_id":"need-001","title":"寻求汽车玻璃镀膜技术","summary":"企业需要一种低辐射镀膜工艺，提高汽车玻璃隔热性能。","region":"350181","org":"福耀玻璃","budget_max_fen":5000000}`
		if rep, err := m.market.ImportListings(m.ctx, []byte(row), models.ImportOptions{Kind: "need"}); err != nil || rep.Imported != 1 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		if found := call[page[models.Need]](m, nil, 200, "GET", "/api/v1/needs?external_id=need-001", nil); found.Total != 0 {
			t.Errorf("unpublished need found publicly: %+v", found)
		}
		if _, err := m.market.ImportListings(m.ctx, []byte(row), models.ImportOptions{Kind: "need", Publish: true}); err != nil {
			t.Fatal(err)
		}
		var imported models.Need
		m.db.Where("external_id = ?", "need-001").First(&imported)
		call[models.Need](m, admin, 200, "POST", fmt.Sprintf("/api/v1/needs/%d/approve", imported.ID), nil)
		found := call[page[models.Need]](m, nil, 200, "GET", "/api/v1/needs?external_id=need-001", nil)
		if found.Total != 1 || len(found.Items) == 0 || found.Items[0].ID != imported.ID {
			t.Errorf("external id lookup: %+v", found)
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
		created := call[models.Achievement](m, sup, 201, "POST", "/api/v1/achievements", ach)
		if created.ExternalID != nil {
			t.Errorf("created with the body's external_id: %v", *created.ExternalID)
		}
		// A second listing naming the same id is no conflict: the id was never taken.
		call[models.Achievement](m, sup, 201, "POST", "/api/v1/achievements", ach)
		path := fmt.Sprintf("/api/v1/achievements/%d", created.ID)
		if r := call[models.Achievement](m, sup, 200, "PUT", path, ach); r.ExternalID != nil {
			t.Errorf("updated with the body's external_id: %v", *r.ExternalID)
		}
		need := map[string]any{"external_id": "n-1", "title": "寻求汽车玻璃镀膜技术", "summary": "企业需要一种低辐射镀膜工艺，提高汽车玻璃隔热性能。",
			"region": "350181", "budget_negotiable": true}
		if r := call[models.Need](m, dem, 201, "POST", "/api/v1/needs", need); r.ExternalID != nil {
			t.Errorf("need created with the body's external_id: %v", *r.ExternalID)
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
		m.db.First(&mine, created.ID)
		if mine.ExternalID != nil || mine.Title != "石墨烯导热膜连续化制备技术" || mine.OrgID != sup.OrgID {
			t.Errorf("the user's achievement after the import: %+v", mine.Listing)
		}
		if found := call[page[models.Achievement]](m, nil, 200, "GET", "/api/v1/achievements?external_id=a-1", nil); len(found.Items) != 1 || found.Items[0].Title != "水产养殖尾水生态处理系统" {
			t.Errorf("achievements?external_id=a-1: %+v", found)
		}
		if found := call[page[models.Need]](m, nil, 200, "GET", "/api/v1/needs?external_id=n-1", nil); len(found.Items) != 1 || found.Items[0].Title != "寻求水产养殖尾水处理技术" {
			t.Errorf("needs?external_id=n-1: %+v", found)
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
		return func(w *world) { w.m.expect(a(w), 200, "POST", base+itoa(id)+"/"+act, body) }
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
			call[models.AccessRequest](w.m, other(w), 201, "POST", base+itoa(id)+"/access-requests", map[string]any{"message": "拟用于产线改造"})
			call[models.ListingReport](w.m, other(w), 201, "POST", base+itoa(id)+"/reports", map[string]any{"reason": "专利已失效仍在出售"})
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
