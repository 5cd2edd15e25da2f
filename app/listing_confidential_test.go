package app

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"techmarket/models"
)

// secret is a phrase that appears only in the confidential detail, so that
// any response carrying it leaked the detail.
const (
	secret      = "钯铑双金属催化剂配方ZQX7749"
	undertaking = "本人承诺对所获技术信息严格保密，未经许可不向第三方披露。"
)

func TestConfidentialDetailNeverLeaks(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		rival := m.signUp("rival", models.RoleDemander, "九牧集团")
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		unverified := m.signUp("newco", models.RoleDemander, "新注册公司")
		m.verify(admin, sup, dem, rival, broker)

		// The owner writes the detail and the undertaking in the listing form.
		body := achievementBody("石墨烯导热膜连续化制备技术")
		body["confidential_detail"] = "工艺关键：" + secret + "，烧结温度曲线见附件。"
		body["confidential_undertaking"] = undertaking
		id := call[models.Achievement](m, sup, 201, "POST", "/api/v1/achievements", body).ID
		path := "/api/v1/achievements/" + strconv.FormatInt(id, 10)
		call[models.Achievement](m, sup, 200, "POST", path+"/submit", nil)
		// The broker moderates without a grant: the queue and the pending page hold no detail.
		for _, p := range []string{"/api/v1/moderation/achievements", path} {
			if b := m.expect(broker, 200, "GET", p, nil).Body; strings.Contains(string(b), secret) {
				t.Errorf("broker moderating sees the detail in %s", p)
			}
		}
		call[models.Achievement](m, admin, 200, "POST", path+"/approve", nil)
		need := m.publishNeed(admin, dem, "手机散热用高导热石墨烯膜")
		needPath := "/api/v1/needs/" + strconv.FormatInt(need, 10)
		// A saved search for a word of the secret, and a listing trade of the achievement.
		call[models.SavedSearch](m, dem, 201, "POST", "/api/v1/saved-searches", map[string]any{"name": "催化剂", "params": map[string]string{"q": "钯铑双金属催化剂"}})
		call[models.Offer](m, sup, 201, "POST", "/api/v1/offers", map[string]any{"achievement_id": id, "price_fen": 50_000_000,
			"ends_at": "2099-01-01T00:00:00Z"})
		match := call[models.Match](m, broker, 201, "POST", "/api/v1/matches", map[string]any{"need_id": need, "achievement_id": id})
		matchPath := fmt.Sprintf("/api/v1/matches/%d", match.ID)
		m.indexed()

		// Every GET that can return this listing's data.
		endpoints := []string{
			path, "/api/v1/achievements", "/api/v1/achievements?external_id=none",
			path + "/confidential",
			"/api/v1/search?q=" + "钯铑双金属催化剂", "/api/v1/search?q=ZQX7749", "/api/v1/search?q=石墨烯导热膜",
			"/api/v1/search?q=石墨烯导热膜&kind=achievement", "/api/v1/search",
			needPath + "/matches?size=20", path + "/matches?size=20",
			"/api/v1/offers", "/api/v1/saved-searches", "/api/v1/notifications", "/api/v1/my/deals",
			"/api/v1/matches", matchPath,
		}
		leaks := func(who string, tok string) {
			t.Helper()
			for _, p := range endpoints {
				r := m.do("GET", p, tok, nil)
				if r.Status >= 500 {
					t.Errorf("%s GET %s: %d %s", who, p, r.Status, r.Body)
				}
				if strings.Contains(string(r.Body), secret) || strings.Contains(string(r.Body), "ZQX7749") {
					t.Errorf("%s GET %s leaks the confidential detail: %s", who, p, r.Body)
				}
			}
		}
		// The walk is only worth something if these do return the listing.
		for _, p := range []string{path, "/api/v1/achievements", "/api/v1/search?q=石墨烯导热膜", needPath + "/matches?size=20", "/api/v1/offers"} {
			if b := m.expect(nil, 200, "GET", p, nil).Body; !strings.Contains(string(b), "石墨烯导热膜连续化制备技术") {
				t.Errorf("GET %s does not show the listing: %s", p, b)
			}
		}
		leaks("public", "")
		leaks("another org", rival.Token)
		leaks("broker without a grant", broker.Token)
		leaks("the interested buyer before the grant", dem.Token)
		// Search finds nothing by the confidential words: they are not indexed.
		for _, q := range []string{"钯铑双金属催化剂", "ZQX7749"} {
			if res := call[searchResult](m, nil, 200, "GET", "/api/v1/search?q="+q, nil); res.Total != 0 {
				t.Errorf("search %s finds %+v", q, res.Items)
			}
		}
		// The public sees that there is detail and what the undertaking says.
		conf := call[confidentialView](m, nil, 200, "GET", path+"/confidential", nil)
		if !conf.HasConfidential || conf.Undertaking == nil || *conf.Undertaking != undertaking || conf.Detail != nil || conf.Request != nil {
			t.Errorf("public confidential view: %+v", conf)
		}
		// The owner and admins read it.
		for _, a := range []*account{sup, admin} {
			if b := m.expect(a, 200, "GET", path, nil).Body; !strings.Contains(string(b), secret) {
				t.Errorf("%s cannot read its own detail", a.Username)
			}
		}

		// Requests: bad input changes nothing.
		reqPath := path + "/access-requests"
		accepted := map[string]any{"accepts_undertaking": true, "undertaking_text": undertaking}
		m.play(t,
			step{name: "the public asks", method: "POST", path: reqPath, body: map[string]any{}, want: 401},
			step{name: "an unverified organisation asks", as: unverified, method: "POST", path: reqPath, body: accepted, want: 403, code: "org_not_verified"},
			step{name: "without accepting the undertaking", as: dem, method: "POST", path: reqPath, body: map[string]any{"message": "想了解工艺"}, want: 422, field: "accepts_undertaking"},
			step{name: "accepting a stale undertaking", as: dem, method: "POST", path: reqPath, body: map[string]any{"accepts_undertaking": true, "undertaking_text": "旧的承诺"}, want: 409, code: "undertaking_changed"},
			step{name: "the owner asks for its own", as: sup, method: "POST", path: reqPath, body: map[string]any{}, want: 409},
			step{name: "for no listing", as: dem, method: "POST", path: "/api/v1/achievements/99999/access-requests", body: map[string]any{}, want: 404},
		)
		if n := m.count(&models.AccessRequest{}); n != 0 {
			t.Fatalf("refused requests stored %d rows", n)
		}
		req := call[models.AccessRequest](m, dem, 201, "POST", reqPath, map[string]any{"message": "拟用于车载玻璃散热",
			"accepts_undertaking": true, "undertaking_text": undertaking})
		if req.Status != "pending" || req.UndertakingText != undertaking || req.UndertakingAt == nil {
			t.Errorf("request: %+v", req)
		}
		m.check(step{name: "asked twice", as: dem, method: "POST", path: reqPath, body: accepted, want: 409})
		brokerReq := call[models.AccessRequest](m, broker, 201, "POST", reqPath, accepted)
		requestPath := fmt.Sprintf("/api/v1/access-requests/%d", req.ID)
		brokerReqPath := fmt.Sprintf("/api/v1/access-requests/%d", brokerReq.ID)

		// Owners see the requests for their listings; requesters see theirs; nobody else.
		if owned := call[page[models.AccessRequest]](m, sup, 200, "GET", "/api/v1/access-requests?side=owner", nil); owned.Total != 2 {
			t.Errorf("owner's requests: %+v", owned)
		}
		if mine := call[page[models.AccessRequest]](m, dem, 200, "GET", "/api/v1/access-requests?side=mine", nil); mine.Total != 1 {
			t.Errorf("requester's requests: %+v", mine)
		}
		if theirs := call[page[models.AccessRequest]](m, rival, 200, "GET", "/api/v1/access-requests?side=owner", nil); theirs.Total != 0 {
			t.Errorf("another org sees requests: %+v", theirs)
		}
		m.play(t,
			step{name: "an unknown status", as: sup, method: "GET", path: "/api/v1/access-requests?status=maybe", want: 422},
			// Only the owner organisation decides.
			step{name: "another organisation grants", as: rival, method: "POST", path: requestPath + "/grant", want: 404},
			step{name: "the requester grants", as: dem, method: "POST", path: requestPath + "/grant", want: 403},
			step{name: "a refusal without a reason", as: sup, method: "POST", path: brokerReqPath + "/refuse", body: map[string]any{"reason": " "}, want: 422},
		)
		call[models.AccessRequest](m, sup, 200, "POST", brokerReqPath+"/refuse", map[string]any{"reason": "仅向潜在买方开放"})
		leaks("refused broker", broker.Token)
		leaks("buyer still pending", dem.Token)

		if granted := call[models.AccessRequest](m, sup, 200, "POST", requestPath+"/grant", nil); granted.Status != "granted" || granted.DecidedAt == nil {
			t.Errorf("granted: %+v", granted)
		}
		m.check(step{name: "refused once granted", as: sup, method: "POST", path: requestPath + "/refuse", body: map[string]any{"reason": "改主意了"}, want: 409})
		notes := string(m.expect(dem, 200, "GET", "/api/v1/notifications", nil).Body)
		if !strings.Contains(notes, "access.granted") {
			t.Errorf("requester not notified: %s", notes)
		}
		if !strings.Contains(string(m.expect(broker, 200, "GET", "/api/v1/notifications", nil).Body), "access.refused") {
			t.Error("refused requester not notified")
		}
		// With the grant the detail appears, on the listing and its confidential section, for that user only.
		for _, p := range []string{path, path + "/confidential"} {
			if b := m.expect(dem, 200, "GET", p, nil).Body; !strings.Contains(string(b), secret) {
				t.Errorf("granted user does not see the detail at %s: %s", p, b)
			}
		}
		leaks("another org after the grant", rival.Token)
		leaks("public after the grant", "")
		leaks("refused broker after the grant", broker.Token)
		// Lists and search stay without it even for the granted user.
		for _, p := range []string{"/api/v1/achievements", "/api/v1/search?q=石墨烯导热膜", path + "/matches", needPath + "/matches"} {
			if b := m.expect(dem, 200, "GET", p, nil).Body; strings.Contains(string(b), secret) {
				t.Errorf("granted user gets the detail through %s", p)
			}
		}
	})
}

func TestConfidentialDetailEditing(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		body := achievementBody("石墨烯导热膜连续化制备技术")
		body["confidential_undertaking"] = undertaking
		// An undertaking without detail is refused.
		m.check(step{name: "an undertaking without detail", as: sup, method: "POST", path: "/api/v1/achievements", body: body, want: 422, field: "confidential_undertaking"})
		body["confidential_detail"] = strings.Repeat("密", 20001)
		m.check(step{name: "a detail too long", as: sup, method: "POST", path: "/api/v1/achievements", body: body, want: 422})
		if m.count(&models.Achievement{}) != 0 || m.count(&models.ListingConfidential{}) != 0 {
			t.Fatal("refused drafts stored rows")
		}
		body["confidential_detail"] = secret
		path := fmt.Sprintf("/api/v1/achievements/%d", call[models.Achievement](m, sup, 201, "POST", "/api/v1/achievements", body).ID)
		// An edit that does not send the detail keeps it; an empty one removes it.
		edit := achievementBody("石墨烯导热膜连续化制备技术（修订）")
		got := call[models.Achievement](m, sup, 200, "PUT", path, edit)
		if got.ConfidentialDetail == nil || *got.ConfidentialDetail != secret || got.ConfidentialUndertaking == nil ||
			*got.ConfidentialUndertaking != undertaking || !got.HasConfidential {
			t.Errorf("after an edit without the detail: %+v", got)
		}
		edit["confidential_detail"] = ""
		edit["confidential_undertaking"] = ""
		if got = call[models.Achievement](m, sup, 200, "PUT", path, edit); got.HasConfidential || got.ConfidentialDetail != nil {
			t.Errorf("after clearing: %+v", got)
		}
	})
}

func TestAccessRequestActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		// 厦门大学 asks 福州大学 for the detail of its achievement.
		asked := func(w *world) int64 {
			path := "/api/v1/achievements/" + itoa(w.achPublished()) + "/access-requests"
			return call[models.AccessRequest](w.m, w.uOther, 201, "POST", path, map[string]any{"message": "拟用于产线改造"}).ID
		}
		answered := func(act string, body any) func(w *world) int64 {
			return func(w *world) int64 {
				id := asked(w)
				call[models.AccessRequest](w.m, w.uOwner, 200, "POST", fmt.Sprintf("/api/v1/access-requests/%d/%s", id, act), body)
				return id
			}
		}
		refusal := map[string]string{"reason": "暂不对外提供"}
		act := func(name string, body any) func(w *world, id int64) (string, string, any) {
			return func(w *world, id int64) (string, string, any) {
				return "POST", fmt.Sprintf("/api/v1/access-requests/%d/%s", id, name), body
			}
		}
		w.walk(t, walk{kind: "access request", side: sideU,
			states: []state{{"pending", asked}, {"granted", answered("grant", nil)}, {"refused", answered("refuse", refusal)}},
			acts:   map[string]func(w *world, id int64) (string, string, any){"grant": act("grant", nil), "refuse": act("refuse", refusal)},
			// The owner reads the requests its listings received, the requester its own.
			actions: func(w *world, a *account, id int64) []string {
				if got := w.actionsIn(a, "/api/v1/access-requests?side=owner&size=100", id); got != nil {
					return got
				}
				return w.actionsIn(a, "/api/v1/access-requests?side=mine&size=100", id)
			}})
	})
}
