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
		for _, a := range []*account{sup, dem, rival, broker} {
			m.verify(admin, a)
		}

		// The owner writes the detail and the undertaking in the listing form.
		body := achievementBody("石墨烯导热膜连续化制备技术")
		body["confidential_detail"] = "工艺关键：" + secret + "，烧结温度曲线见附件。"
		body["confidential_undertaking"] = undertaking
		r := m.must(201, m.do("POST", "/api/v1/achievements", sup.Token, body)).JSON(t)
		id := int64(r["id"].(float64))
		path := "/api/v1/achievements/" + strconv.FormatInt(id, 10)
		m.must(200, m.do("POST", path+"/submit", sup.Token, nil))
		// The broker moderates without a grant: the queue and the pending page hold no detail.
		for _, p := range []string{"/api/v1/moderation/achievements", path} {
			if b := m.must(200, m.do("GET", p, broker.Token, nil)).Body; strings.Contains(string(b), secret) {
				t.Errorf("broker moderating sees the detail in %s", p)
			}
		}
		m.must(200, m.do("POST", path+"/approve", admin.Token, nil))
		need := m.publishNeed(admin, dem, "手机散热用高导热石墨烯膜")
		needPath := "/api/v1/needs/" + strconv.FormatInt(need, 10)
		// A saved search for a word of the secret, and a listing trade of the achievement.
		m.must(201, m.do("POST", "/api/v1/saved-searches", dem.Token, map[string]any{"name": "催化剂", "params": map[string]string{"q": "钯铑双金属催化剂"}}))
		m.must(201, m.do("POST", "/api/v1/offers", sup.Token, map[string]any{"achievement_id": id, "price_fen": 50_000_000,
			"ends_at": "2099-01-01T00:00:00Z"}))
		match := m.must(201, m.do("POST", "/api/v1/matches", broker.Token, map[string]any{"need_id": need, "achievement_id": id})).JSON(t)
		matchPath := fmt.Sprintf("/api/v1/matches/%d", int64(match["id"].(float64)))
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
			if b := m.must(200, m.do("GET", p, "", nil)).Body; !strings.Contains(string(b), "石墨烯导热膜连续化制备技术") {
				t.Errorf("GET %s does not show the listing: %s", p, b)
			}
		}
		leaks("public", "")
		leaks("another org", rival.Token)
		leaks("broker without a grant", broker.Token)
		leaks("the interested buyer before the grant", dem.Token)
		// Search finds nothing by the confidential words: they are not indexed.
		for _, q := range []string{"钯铑双金属催化剂", "ZQX7749"} {
			if res := m.must(200, m.do("GET", "/api/v1/search?q="+q, "", nil)).JSON(t); res["total"].(float64) != 0 {
				t.Errorf("search %s finds %v", q, res["items"])
			}
		}
		// The public sees that there is detail and what the undertaking says.
		conf := m.must(200, m.do("GET", path+"/confidential", "", nil)).JSON(t)
		if conf["has_confidential"] != true || conf["undertaking"] != undertaking || conf["detail"] != nil || conf["request"] != nil {
			t.Errorf("public confidential view: %v", conf)
		}
		// The owner and admins read it.
		for _, a := range []*account{sup, admin} {
			if b := m.must(200, m.do("GET", path, a.Token, nil)).Body; !strings.Contains(string(b), secret) {
				t.Errorf("%s cannot read its own detail", a.Username)
			}
		}

		// Requests: bad input changes nothing.
		reqPath := path + "/access-requests"
		m.must(401, m.do("POST", reqPath, "", map[string]any{}))
		if r := m.do("POST", reqPath, unverified.Token, map[string]any{"accepts_undertaking": true, "undertaking_text": undertaking}); r.Status != 403 || r.errorCode(t) != "org_not_verified" {
			t.Errorf("unverified requester: %d %s", r.Status, r.Body)
		}
		if r := m.do("POST", reqPath, dem.Token, map[string]any{"message": "想了解工艺"}); r.Status != 422 || r.errorFields(t)["accepts_undertaking"] == nil {
			t.Errorf("without accepting the undertaking: %d %s", r.Status, r.Body)
		}
		if r := m.do("POST", reqPath, dem.Token, map[string]any{"accepts_undertaking": true, "undertaking_text": "旧的承诺"}); r.Status != 409 || r.errorCode(t) != "undertaking_changed" {
			t.Errorf("stale undertaking: %d %s", r.Status, r.Body)
		}
		if r := m.do("POST", reqPath, sup.Token, map[string]any{}); r.Status != 409 {
			t.Errorf("owner requesting its own: %d %s", r.Status, r.Body)
		}
		m.must(404, m.do("POST", "/api/v1/achievements/99999/access-requests", dem.Token, map[string]any{}))
		if n := m.count(&models.AccessRequest{}); n != 0 {
			t.Fatalf("refused requests stored %d rows", n)
		}
		req := m.must(201, m.do("POST", reqPath, dem.Token, map[string]any{"message": "拟用于车载玻璃散热",
			"accepts_undertaking": true, "undertaking_text": undertaking})).JSON(t)
		if req["status"] != "pending" || req["undertaking_text"] != undertaking || req["undertaking_at"] == nil {
			t.Errorf("request: %v", req)
		}
		m.must(409, m.do("POST", reqPath, dem.Token, map[string]any{"accepts_undertaking": true, "undertaking_text": undertaking}))
		brokerReq := m.must(201, m.do("POST", reqPath, broker.Token, map[string]any{"accepts_undertaking": true, "undertaking_text": undertaking})).JSON(t)
		reqID := strconv.FormatInt(int64(req["id"].(float64)), 10)

		// Owners see the requests for their listings; requesters see theirs; nobody else.
		owned := m.must(200, m.do("GET", "/api/v1/access-requests?side=owner", sup.Token, nil)).JSON(t)
		if owned["total"].(float64) != 2 {
			t.Errorf("owner's requests: %v", owned)
		}
		if mine := m.must(200, m.do("GET", "/api/v1/access-requests?side=mine", dem.Token, nil)).JSON(t); mine["total"].(float64) != 1 {
			t.Errorf("requester's requests: %v", mine)
		}
		if theirs := m.must(200, m.do("GET", "/api/v1/access-requests?side=owner", rival.Token, nil)).JSON(t); theirs["total"].(float64) != 0 {
			t.Errorf("another org sees requests: %v", theirs)
		}
		m.must(422, m.do("GET", "/api/v1/access-requests?status=maybe", sup.Token, nil))
		// Only the owner organisation decides.
		m.must(404, m.do("POST", "/api/v1/access-requests/"+reqID+"/grant", rival.Token, nil))
		m.must(403, m.do("POST", "/api/v1/access-requests/"+reqID+"/grant", dem.Token, nil))
		m.must(422, m.do("POST", fmt.Sprintf("/api/v1/access-requests/%d/refuse", int64(brokerReq["id"].(float64))), sup.Token, map[string]any{"reason": " "}))
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/access-requests/%d/refuse", int64(brokerReq["id"].(float64))), sup.Token, map[string]any{"reason": "仅向潜在买方开放"}))
		leaks("refused broker", broker.Token)
		leaks("buyer still pending", dem.Token)

		granted := m.must(200, m.do("POST", "/api/v1/access-requests/"+reqID+"/grant", sup.Token, nil)).JSON(t)
		if granted["status"] != "granted" || granted["decided_at"] == nil {
			t.Errorf("granted: %v", granted)
		}
		m.must(409, m.do("POST", "/api/v1/access-requests/"+reqID+"/refuse", sup.Token, map[string]any{"reason": "改主意了"}))
		notes := string(m.must(200, m.do("GET", "/api/v1/notifications", dem.Token, nil)).Body)
		if !strings.Contains(notes, "access.granted") {
			t.Errorf("requester not notified: %s", notes)
		}
		if !strings.Contains(string(m.must(200, m.do("GET", "/api/v1/notifications", broker.Token, nil)).Body), "access.refused") {
			t.Error("refused requester not notified")
		}
		// With the grant the detail appears, on the listing and its confidential section, for that user only.
		for _, p := range []string{path, path + "/confidential"} {
			if b := m.must(200, m.do("GET", p, dem.Token, nil)).Body; !strings.Contains(string(b), secret) {
				t.Errorf("granted user does not see the detail at %s: %s", p, b)
			}
		}
		leaks("another org after the grant", rival.Token)
		leaks("public after the grant", "")
		leaks("refused broker after the grant", broker.Token)
		// Lists and search stay without it even for the granted user.
		for _, p := range []string{"/api/v1/achievements", "/api/v1/search?q=石墨烯导热膜", path + "/matches", needPath + "/matches"} {
			if b := m.must(200, m.do("GET", p, dem.Token, nil)).Body; strings.Contains(string(b), secret) {
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
		if r := m.do("POST", "/api/v1/achievements", sup.Token, body); r.Status != 422 || r.errorFields(t)["confidential_undertaking"] == nil {
			t.Fatalf("undertaking without detail: %d %s", r.Status, r.Body)
		}
		body["confidential_detail"] = strings.Repeat("密", 20001)
		m.must(422, m.do("POST", "/api/v1/achievements", sup.Token, body))
		if m.count(&models.Achievement{}) != 0 || m.count(&models.ListingConfidential{}) != 0 {
			t.Fatal("refused drafts stored rows")
		}
		body["confidential_detail"] = secret
		r := m.must(201, m.do("POST", "/api/v1/achievements", sup.Token, body)).JSON(t)
		path := fmt.Sprintf("/api/v1/achievements/%d", int64(r["id"].(float64)))
		// An edit that does not send the detail keeps it; an empty one removes it.
		edit := achievementBody("石墨烯导热膜连续化制备技术（修订）")
		got := m.must(200, m.do("PUT", path, sup.Token, edit)).JSON(t)
		if got["confidential_detail"] != secret || got["confidential_undertaking"] != undertaking || got["has_confidential"] != true {
			t.Errorf("after an edit without the detail: %v", got)
		}
		edit["confidential_detail"] = ""
		edit["confidential_undertaking"] = ""
		got = m.must(200, m.do("PUT", path, sup.Token, edit)).JSON(t)
		if got["has_confidential"] != false || got["confidential_detail"] != nil {
			t.Errorf("after clearing: %v", got)
		}
	})
}

func TestAccessRequestActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		// 厦门大学 asks 福州大学 for the detail of its achievement.
		asked := func(w *world) int64 {
			path := "/api/v1/achievements/" + itoa(w.achPublished()) + "/access-requests"
			return w.id(w.m.must(201, w.m.do("POST", path, w.uOther.Token, map[string]any{"message": "拟用于产线改造"})))
		}
		answered := func(act string, body any) func(w *world) int64 {
			return func(w *world) int64 {
				id := asked(w)
				w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/access-requests/%d/%s", id, act), w.uOwner.Token, body))
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
