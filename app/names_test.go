package app

import (
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

// TestNamesAndTitlesRefuseBidiControls: a name or title that would show as
// something else is refused, naming the field, and stores nothing.
func TestNamesAndTitlesRefuseBidiControls(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		dem := m.signUp("buyer", models.RoleDemander, "福耀玻璃")
		m.verify(admin, dem)
		rev := m.signUp("reviewer", models.RoleReviewer, "福州市技术合同登记站")
		m.verify(admin, rev)
		before := tableCounts(t, m)
		const rlo, lri, rlm = "\u202e", "\u2067", "\u200f"
		with := func(body map[string]any, kv ...any) map[string]any {
			out := map[string]any{}
			for k, v := range body {
				out[k] = v
			}
			for i := 0; i+1 < len(kv); i += 2 {
				out[kv[i].(string)] = kv[i+1]
			}
			return out
		}
		p := &contractParties{admin: admin, seller: sup, buyer: dem, reviewer: rev, agency: rev.OrgID}
		now := time.Now()
		auction := map[string]any{"title": "2026 年冬季科技成果竞价会", "starts_at": now.Add(time.Hour), "ends_at": now.Add(2 * time.Hour),
			"lots": []map[string]any{{"achievement_id": 1, "start_price_fen": 100_000, "increment_fen": 10_000}}}
		roadshow := map[string]any{"title": "新材料专场路演", "starts_at": now.Add(time.Hour), "ends_at": now.Add(2 * time.Hour), "online": true, "link": "https://example.cn/live"}
		cases := []struct {
			name, method, path, token string
			body                      map[string]any
			field                     string
		}{
			{"user name", "POST", "/api/v1/auth/register", "", with(registration("someone", models.RoleSupplier, "厦门大学"), "name", "张三"+rlo+"四李"), "name"},
			{"organisation name", "POST", "/api/v1/auth/register", "", with(registration("someone", models.RoleSupplier, "厦门大学"), "org_name", rlo+"学大门厦"), "org_name"},
			{"profile name", "PATCH", "/api/v1/me", sup.Token, map[string]any{"name": rlm + "王老师"}, "name"},
			{"achievement title", "POST", "/api/v1/achievements", sup.Token, with(achievementBody("石墨烯导热膜制备技术"), "title", "石墨烯"+lri+"导热膜制备技术"), "title"},
			{"contact name", "POST", "/api/v1/achievements", sup.Token, with(achievementBody("石墨烯导热膜制备技术"), "contact_name", "王"+rlo+"老师"), "contact_name"},
			{"challenge title", "POST", "/api/v1/challenges", dem.Token, with(challengeBody("钙钛矿组件封装技术", now.Add(72*time.Hour)), "title", rlo+"钙钛矿组件封装技术"), "title"},
			{"contract title", "POST", "/api/v1/contracts", sup.Token, with(p.input(5_000_000), "title", "技术转让合同"+rlo+"同合"), "title"},
			{"contract party", "POST", "/api/v1/contracts", sup.Token, with(p.input(5_000_000), "buyer_org_id", nil, "buyer_name", rlo+"璃玻耀福"), "buyer_name"},
			{"auction title", "POST", "/api/v1/auctions", admin.Token, with(auction, "title", "冬季"+rlo+"竞价会专场"), "title"},
			{"roadshow title", "POST", "/api/v1/roadshows", admin.Token, with(roadshow, "title", "新材料"+lri+"专场路演"), "title"},
			{"target name", "PUT", "/api/v1/targets", admin.Token, map[string]any{"year": 2026, "kind": "district", "key": "350102", "name": rlo + "区楼鼓", "target_fen": 100}, "name"},
		}
		for _, c := range cases {
			r := m.do(c.method, c.path, c.token, c.body)
			if r.Status != 422 || r.errorFields(t)[c.field] == nil {
				t.Errorf("%s: %d %s, want 422 naming %s", c.name, r.Status, r.Body, c.field)
			}
		}
		sameCounts(t, before, tableCounts(t, m))
		var u models.User
		m.db.First(&u, sup.UserID)
		if strings.ContainsRune(u.Name, '\u200f') {
			t.Errorf("profile name stored: %q", u.Name)
		}
		// Chinese names and titles with ordinary punctuation still pass.
		m.must(201, m.do("POST", "/api/v1/achievements", sup.Token, achievementBody("石墨烯（GO）导热膜——连续化制备")))
	})
}
