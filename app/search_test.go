package app

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"techmarket/models"
	"techmarket/models/modeltest"
)

func TestSearchFindsPublishedListingsOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		pub := m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		draft := call[models.Achievement](m, sup, 201, "POST", "/api/v1/achievements", achievementBody("石墨烯散热涂料草稿成果"))
		if r := call[health](m, nil, 503, "GET", "/readyz", nil); r.Status != "unavailable" { // not ready before indexing
			t.Errorf("readyz before indexing: %+v", r)
		}
		m.indexed()
		call[health](m, nil, 200, "GET", "/readyz", nil)

		find := func(q string, extra ...string) searchResult {
			v := url.Values{"q": {q}}
			for i := 0; i+1 < len(extra); i += 2 {
				v.Set(extra[i], extra[i+1])
			}
			return call[searchResult](m, nil, 200, "GET", "/api/v1/search?"+v.Encode(), nil)
		}
		res := find("石墨烯")
		if len(res.Items) != 1 || res.Items[0].ID != pub {
			t.Fatalf("search 石墨烯: %+v", res)
		}
		hit := res.Items[0]
		if title := hit.Highlights["title"]; hit.Kind != "achievement" || hit.Score <= 0 || len(title) == 0 || !strings.Contains(title[0], "<mark>石墨烯</mark>") {
			t.Errorf("hit: %+v", hit)
		}
		if res.Facets == nil {
			t.Error("no facets")
		}
		// Traditional finds Simplified.
		if n := len(find("石墨烯導熱膜").Items); n != 1 {
			t.Errorf("traditional query found %d", n)
		}
		// A full match is no mere related result, and the answer says so.
		if raw := m.expect(nil, 200, "GET", "/api/v1/search?q="+url.QueryEscape("导热膜"), nil); !strings.Contains(string(raw.Body), `"related":false`) {
			t.Errorf("search 导热膜: %s", raw.Body)
		}
		// The operator's synonyms apply to the next search, no restart or reindex.
		// Before them 散热膜 finds the 导热膜 listing only by a part (热膜),
		// as a related result.
		if res := find("散热膜"); len(res.Items) > 1 || len(res.Items) == 1 && !res.Related {
			t.Errorf("散热膜 before the operator's synonyms: %+v", res)
		}
		synonyms := filepath.Join(m.srv.cfg.DataDir, "dict", "synonyms.txt")
		if err := os.MkdirAll(filepath.Dir(synonyms), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(synonyms, []byte("导热膜 散热膜\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if res := find("散热膜"); len(res.Items) != 1 || res.Items[0].ID != pub || res.Related {
			t.Errorf("散热膜 with the operator's synonyms: %+v", res)
		}
		if n := len(find("", "kind", "need").Items); n != 0 {
			t.Errorf("kind=need found %d", n)
		}
		if n := len(find("", "region", "3501").Items); n != 1 {
			t.Errorf("region prefix found %d", n)
		}
		// Withdrawing takes it out of search.
		call[models.Achievement](m, sup, 200, "POST", "/api/v1/achievements/"+strconv.FormatInt(pub, 10)+"/withdraw", nil)
		m.indexed()
		if n := len(find("石墨烯").Items); n != 0 {
			t.Errorf("withdrawn listing still found (%d hits); draft %v", n, draft.ID)
		}
	})
}

// When no listing has the query's words as written, only parts of them,
// the answer says the results are related ones (the page shows 相关结果).
func TestSearchSaysWhenResultsAreOnlyRelated(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		graphite := m.publishAchievement(admin, sup, "天然鳞片石墨提纯技术")
		// Other listings, so that 石墨 is as rare as in a real market.
		for i := range 20 {
			m.publishAchievement(admin, sup, "茶叶揉捻机第"+strconv.Itoa(i+1)+"代改进")
		}
		m.indexed()
		find := func(q string) searchResult {
			return call[searchResult](m, nil, 200, "GET", "/api/v1/search?q="+url.QueryEscape(q), nil)
		}
		if res := find("石墨烯"); len(res.Items) != 1 || res.Items[0].ID != graphite || !res.Related {
			t.Errorf("石墨烯 among graphite only: %+v", res)
		}
		if res := find("石墨"); len(res.Items) != 1 || res.Related {
			t.Errorf("石墨 is a full match: %+v", res)
		}
	})
}

func TestSearchRejectsBadParameters(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		var bad []step
		for _, q := range []string{"kind=patent", "sort=cheapest", "maturity_min=0", "maturity_min=8&maturity_max=3",
			"price_min_fen=-5", "price_min_fen=abc", "region=35a", "size=101", "page=0", "q=" + strings.Repeat("长", 201)} {
			bad = append(bad, step{name: q, method: "GET", path: "/api/v1/search?" + q, want: 422, code: "invalid_input"})
		}
		m.play(t, bad...)
	})
}

// techmarket reindex analyses with the operator's dictionary, as serve does:
// a malformed one stops it with the file named, before the index is touched.
func TestReindexReadsTheOperatorDictionary(t *testing.T) {
	db := modeltest.DB(t, "sqlite")
	cfg := &Config{DataDir: t.TempDir()}
	dict := filepath.Join(cfg.DataDir, "dict", "domain.txt")
	if err := os.MkdirAll(filepath.Dir(dict), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(dict, []byte("钙钛矿叠层 很多\n"), 0o600)
	err := Reindex(context.Background(), cfg, modeltest.NewMarket(db), slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err == nil || !strings.Contains(err.Error(), "读取领域词典") {
		t.Fatalf("reindex with a malformed dictionary: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "index")); err == nil {
		t.Error("the index was touched")
	}
	os.WriteFile(dict, []byte("钙钛矿叠层 3000\n"), 0o600)
	if err := Reindex(context.Background(), cfg, modeltest.NewMarket(db), slog.New(slog.NewTextHandler(io.Discard, nil)), nil); err != nil {
		t.Fatal(err)
	}
}
