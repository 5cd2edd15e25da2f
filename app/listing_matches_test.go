package app

import (
	"strconv"
	"strings"
	"testing"

	"techmarket/models"
	"techmarket/search"
)

// matchIDs reads the matches at path as `as`, each as kind:id; every match must give its reasons.
func matchIDs(m *market, as *account, path string) map[string]bool {
	m.t.Helper()
	ids := map[string]bool{}
	for _, h := range call[itemsOf[matchHit]](m, as, 200, "GET", path, nil).Items {
		if len(h.Reasons) == 0 {
			m.t.Errorf("match without reasons: %+v", h)
		}
		ids[h.Kind+":"+strconv.FormatInt(h.ID, 10)] = true
	}
	return ids
}

func TestListingMatchesOverHTTP(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		rival := m.signUp("rival", models.RoleDemander, "正泰电器")
		m.verify(admin, sup, dem, rival)
		ach := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		need := m.publishNeed(admin, dem, "手机散热用高导热石墨烯导热膜")
		other := m.publishNeed(admin, rival, "高导热石墨烯散热膜采购与合作开发")
		closed := m.publishNeed(admin, rival, "石墨烯导热膜量产工艺改进")
		call[models.Need](m, rival, 200, "POST", "/api/v1/needs/"+strconv.FormatInt(closed, 10)+"/withdraw", nil)
		m.indexed()
		achPath := "/api/v1/achievements/" + strconv.FormatInt(ach, 10) + "/matches"
		needKey := func(id int64) string { return "need:" + strconv.FormatInt(id, 10) }

		public := matchIDs(m, nil, achPath)
		if !public[needKey(need)] || !public[needKey(other)] {
			t.Errorf("public matches of the achievement lack the needs: %v", public)
		}
		if public[needKey(closed)] {
			t.Errorf("a withdrawn need is matched: %v", public)
		}
		// The enterprise is not introduced to its own need.
		mine := matchIDs(m, dem, achPath)
		if mine[needKey(need)] || !mine[needKey(other)] {
			t.Errorf("the caller's own need is matched, or the other one is missing: %v", mine)
		}
		// And the other way: the need finds the achievement, with reasons a person can read.
		needPath := "/api/v1/needs/" + strconv.FormatInt(need, 10) + "/matches?size=5"
		if !matchIDs(m, nil, needPath)["achievement:"+strconv.FormatInt(ach, 10)] {
			t.Errorf("need's matches lack the achievement")
		}
		if r := m.expect(nil, 200, "GET", needPath, nil); !strings.Contains(string(r.Body), "石墨烯") {
			t.Errorf("need's matches: %s", r.Body)
		}
		// Each match says how well it fits, never a raw score.
		r := m.expect(nil, 200, "GET", needPath, nil)
		if body := string(r.Body); strings.Contains(body, `"score"`) || !strings.Contains(body, `"fit":"`) {
			t.Errorf("need's matches show a score or no fit: %s", body)
		}
		for _, h := range call[itemsOf[matchHit]](m, nil, 200, "GET", needPath, nil).Items {
			if h.Fit != search.FitHigh && h.Fit != search.FitMedium && h.Fit != search.FitLow {
				t.Errorf("match %d has fit %q", h.ID, h.Fit)
			}
		}

		// Bad sizes and unknown listings are refused.
		var bad []step
		for _, q := range []string{"?size=0", "?size=101", "?size=abc", "?size=-3"} {
			bad = append(bad, step{name: q, method: "GET", path: achPath + q, want: 422, code: "invalid_input", field: "size"})
		}
		m.play(t, append(bad,
			step{name: "an unknown listing", method: "GET", path: "/api/v1/achievements/99999/matches", want: 404},
			step{name: "an id that is not a number", method: "GET", path: "/api/v1/achievements/x/matches", want: 400},
		)...)

		// A draft is matched for its owner only.
		draft := call[models.Achievement](m, sup, 201, "POST", "/api/v1/achievements", achievementBody("石墨烯导热膜卷对卷工艺"))
		draftPath := "/api/v1/achievements/" + strconv.FormatInt(draft.ID, 10) + "/matches"
		m.play(t,
			step{name: "the public does not see a draft", method: "GET", path: draftPath, want: 404},
			step{name: "another organisation does not see a draft", as: rival, method: "GET", path: draftPath, want: 404},
		)
		if ids := matchIDs(m, sup, draftPath); !ids[needKey(need)] {
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
		m.check(step{name: "the public may not ask", method: "POST", path: "/api/v1/field-suggestion", body: body, want: 401})
		got := call[fieldSuggestion](m, sup, 200, "POST", "/api/v1/field-suggestion", body)
		if got.Field != "新材料及其应用" || got.Confidence <= 0 || len(got.Reasons) == 0 {
			t.Errorf("suggestion: %+v", got)
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
