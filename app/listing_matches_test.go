package app

import (
	"strconv"
	"strings"
	"testing"

	"techmarket/models"
)

func matchIDs(t *testing.T, r response) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, it := range r.JSON(t)["items"].([]any) {
		h := it.(map[string]any)
		if rs, _ := h["reasons"].([]any); len(rs) == 0 {
			t.Errorf("match without reasons: %v", h)
		}
		ids[h["kind"].(string)+":"+strconv.FormatInt(int64(h["id"].(float64)), 10)] = true
	}
	return ids
}

func TestListingMatchesOverHTTP(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		rival := m.signUp("rival", models.RoleDemander, "正泰电器")
		for _, a := range []*account{sup, dem, rival} {
			m.verify(admin, a)
		}
		ach := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		need := m.publishNeed(admin, dem, "手机散热用高导热石墨烯导热膜")
		other := m.publishNeed(admin, rival, "高导热石墨烯散热膜采购与合作开发")
		closed := m.publishNeed(admin, rival, "石墨烯导热膜量产工艺改进")
		m.must(200, m.do("POST", "/api/v1/needs/"+strconv.FormatInt(closed, 10)+"/withdraw", rival.Token, nil))
		m.indexed()
		achPath := "/api/v1/achievements/" + strconv.FormatInt(ach, 10) + "/matches"
		needKey := func(id int64) string { return "need:" + strconv.FormatInt(id, 10) }

		public := matchIDs(t, m.must(200, m.do("GET", achPath, "", nil)))
		if !public[needKey(need)] || !public[needKey(other)] {
			t.Errorf("public matches of the achievement lack the needs: %v", public)
		}
		if public[needKey(closed)] {
			t.Errorf("a withdrawn need is matched: %v", public)
		}
		// The enterprise is not introduced to its own need.
		mine := matchIDs(t, m.must(200, m.do("GET", achPath, dem.Token, nil)))
		if mine[needKey(need)] || !mine[needKey(other)] {
			t.Errorf("the caller's own need is matched, or the other one is missing: %v", mine)
		}
		// And the other way: the need finds the achievement, with reasons a person can read.
		r := m.must(200, m.do("GET", "/api/v1/needs/"+strconv.FormatInt(need, 10)+"/matches?size=5", "", nil))
		if !matchIDs(t, r)["achievement:"+strconv.FormatInt(ach, 10)] || !strings.Contains(string(r.Body), "石墨烯") {
			t.Errorf("need's matches: %s", r.Body)
		}

		// Bad sizes and unknown listings are refused.
		for _, q := range []string{"?size=0", "?size=101", "?size=abc", "?size=-3"} {
			if r := m.do("GET", achPath+q, "", nil); r.Status != 422 || r.errorFields(t)["size"] == nil || !containsHan(string(r.Body)) {
				t.Errorf("%s: %d %s", q, r.Status, r.Body)
			}
		}
		m.must(404, m.do("GET", "/api/v1/achievements/99999/matches", "", nil))
		m.must(400, m.do("GET", "/api/v1/achievements/x/matches", "", nil))

		// A draft is matched for its owner only.
		draft := m.must(201, m.do("POST", "/api/v1/achievements", sup.Token, achievementBody("石墨烯导热膜卷对卷工艺"))).JSON(t)
		draftPath := "/api/v1/achievements/" + strconv.FormatInt(int64(draft["id"].(float64)), 10) + "/matches"
		m.must(404, m.do("GET", draftPath, "", nil))
		m.must(404, m.do("GET", draftPath, rival.Token, nil))
		if ids := matchIDs(t, m.must(200, m.do("GET", draftPath, sup.Token, nil))); !ids[needKey(need)] {
			t.Errorf("owner's draft finds no need: %v", ids)
		}
	})
}

func TestFieldSuggestionOverHTTP(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		for _, title := range []string{"石墨烯导热膜连续化制备技术", "石墨烯复合散热材料", "高导热石墨烯薄膜", "石墨烯改性涂层材料"} {
			m.publishAchievement(admin, sup, title)
		}
		m.indexed()
		body := map[string]any{"title": "石墨烯导热薄膜", "summary": "一种石墨烯导热膜的连续化制备方法", "keywords": []string{"石墨烯"}}
		m.must(401, m.do("POST", "/api/v1/field-suggestion", "", body))
		got := m.must(200, m.do("POST", "/api/v1/field-suggestion", sup.Token, body)).JSON(t)
		if got["field"] != "新材料及其应用" || got["confidence"].(float64) <= 0 || len(got["reasons"].([]any)) == 0 {
			t.Errorf("suggestion: %v", got)
		}
		for name, bad := range map[string]any{
			"empty":      map[string]any{"title": " "},
			"long title": map[string]any{"title": strings.Repeat("长", 201)},
			"not json":   "石墨烯",
		} {
			if r := m.do("POST", "/api/v1/field-suggestion", sup.Token, bad); r.Status/100 != 4 || !containsHan(string(r.Body)) {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
	})
}
