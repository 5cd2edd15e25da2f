package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

// The home page's one call: its figures are the market's (published
// listings, this year's registered turnover, deals), its lists show only
// what the public may see, and browsers may keep it for half a minute.
func TestHomeSummary(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		empty := m.must(200, m.do("GET", "/api/v1/home", "", nil))
		if cc := empty.Header.Get("Cache-Control"); cc != "public, max-age=30" {
			t.Errorf("Cache-Control %q", cc)
		}
		h := decoded[models.Home](t, empty)
		if h.Counters != (models.HomeCounters{Year: time.Now().In(shanghai).Year()}) || len(h.Achievements)+len(h.Needs)+len(h.Events)+
			len(h.Notices)+len(h.Challenges)+len(h.News)+len(h.Policies) != 0 || len(h.Fields) != len(models.Fields) {
			t.Fatalf("an empty market's home: %+v", h)
		}

		// What the public may see ...
		w.achPublished()
		w.needPublished()
		live, _ := w.auction(time.Hour)
		w.setStatus("auctions", live, map[string]any{"starts_at": time.Now().Add(-time.Hour)})
		upcoming, _ := w.auction(48 * time.Hour)
		roadshow := w.roadshow(24 * time.Hour)
		notice := w.notice()
		challenge := w.challengePublished()
		w.contractRegistered() // 110 万元 (contract amount), 100 万元 of technology
		news, policy := w.articlePublished(), w.articleDraft()
		m.must(200, m.do("PUT", "/api/v1/articles/"+itoa(policy), w.admin.Token,
			models.ArticleInput{Category: models.ArticlePolicy, Title: "福州市促进科技成果转化若干措施", Body: "<p>第一条</p>"}))
		m.must(200, m.do("POST", "/api/v1/articles/"+itoa(policy)+"/publish", w.admin.Token, nil))
		// ... and what it may not.
		hidden := map[string][]int64{"achievements": {w.achDraft(), w.achPending()}, "needs": {w.needDraft()}, "challenges": {w.challengeDraft()}}
		hiddenNews, withdrawn := w.articleDraft(), w.articlePublished()
		m.must(200, m.do("POST", "/api/v1/articles/"+itoa(withdrawn)+"/withdraw", w.admin.Token, nil))

		h = call[models.Home](m, nil, 200, "GET", "/api/v1/home", nil)
		count := func(table, status string) int64 {
			var n int64
			m.db.Table(table).Where("status = ?", status).Count(&n)
			return n
		}
		// The auctions, the roadshow and the notice each published an achievement of their own.
		want := models.HomeCounters{Achievements: count("achievements", "published"), Needs: 1, Year: time.Now().In(shanghai).Year(),
			TurnoverFen: 1_100_000, Contracts: 1, Deals: count("deals", "confirmed"), OpenChallenges: 1}
		if h.Counters != want || want.Achievements < 4 {
			t.Errorf("counters %+v, want %+v", h.Counters, want)
		}
		if len(h.Achievements) != int(min(want.Achievements, 6)) || len(h.Needs) != 1 || h.Needs[0].OrgName != "福耀玻璃工业集团" ||
			h.Needs[0].BudgetMaxFen != 50_000_000 || h.Achievements[0].OrgName != "福州大学" || h.Achievements[0].RegionName == "" {
			t.Errorf("latest listings: %+v %+v", h.Achievements, h.Needs)
		}
		var events []string
		for _, e := range h.Events {
			events = append(events, fmt.Sprintf("%s %d %v", e.Kind, e.ID, e.Live))
		}
		if got, want := strings.Join(events, ", "), fmt.Sprintf("auction %d true, roadshow %d false, auction %d false", live, roadshow, upcoming); got != want {
			t.Errorf("events %s, want %s", got, want)
		}
		if len(h.Notices) != 1 || h.Notices[0].ID != notice || len(h.Challenges) != 1 || h.Challenges[0].ID != challenge {
			t.Errorf("notices %+v, challenges %+v", h.Notices, h.Challenges)
		}
		if len(h.News) != 1 || h.News[0].ID != news || h.News[0].Body != "" || len(h.Policies) != 1 || h.Policies[0].ID != policy {
			t.Errorf("news %+v, policies %+v", h.News, h.Policies)
		}
		fields := map[string]models.FieldCount{}
		for _, f := range h.Fields {
			fields[f.Field] = f
		}
		if f := fields["新材料及其应用"]; f.Needs != 1 || f.Achievements != count("achievements", "published") {
			t.Errorf("fields %+v", h.Fields)
		}
		body := string(m.do("GET", "/api/v1/home", "", nil).Body)
		hidden["articles"] = []int64{hiddenNews, withdrawn}
		for table, ids := range hidden {
			var titles []string
			m.db.Table(table).Where("id IN ?", ids).Pluck("title", &titles)
			for _, title := range titles {
				if strings.Contains(body, title) {
					t.Errorf("%s %q is not published but shows on the home page", table, title)
				}
			}
		}
	})
}
