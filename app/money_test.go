package app

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// TestMoneyIsBounded: every amount of money the API takes is at most 1 万亿元,
// and the 422 names the field; huge amounts never wrap around.
func TestMoneyIsBounded(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 1, now.Add(-time.Minute), now.Add(time.Hour), 5)
		admin, sup, dem := am.admin, am.seller, am.bidders[0]
		broker := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		m.verify(admin, broker)
		rev := m.signUp("reviewer", models.RoleReviewer, "福州市技术合同登记站")
		m.verify(admin, rev)
		inst := m.signUp("inst", models.RoleSupplier, "中科院福建物构所")
		m.verify(admin, inst)
		ach := m.publishAchievement(admin, sup, "钙钛矿叠层电池封装技术")
		// A challenge with one proposal awarded in part, and a second proposal.
		chPath := m.publishChallenge(dem, "钙钛矿组件湿热稳定封装技术揭榜", now.Add(72*time.Hour))
		first := idOf(t, m.must(201, m.do("POST", chPath+"/proposals", sup.Token, proposalBody("复合封装方案"))))
		second := idOf(t, m.must(201, m.do("POST", chPath+"/proposals", inst.Token, proposalBody("原子层沉积封装方案"))))
		m.pastDeadline(chPath)
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/proposals/%d/award", first), dem.Token, map[string]any{"award_fen": 100_000}))

		const past, nearInt64 = models.MaxFen + 1, int64(9_223_372_036_854_770_000)
		p := &contractParties{admin: admin, seller: sup, buyer: dem, reviewer: rev, agency: rev.OrgID}
		contract := func(kv ...any) map[string]any {
			body := p.input(5_000_000)
			for i := 0; i+1 < len(kv); i += 2 {
				body[kv[i].(string)] = kv[i+1]
			}
			return body
		}
		auction := func(lot map[string]any, deposit int64) map[string]any {
			l := map[string]any{"achievement_id": ach, "start_price_fen": 100_000, "increment_fen": 10_000, "reserve_fen": 0}
			for k, v := range lot {
				l[k] = v
			}
			return map[string]any{"title": "2026 年春季科技成果竞价会", "starts_at": now.Add(time.Hour), "ends_at": now.Add(2 * time.Hour),
				"deposit_fen": deposit, "lots": []map[string]any{l}}
		}
		achievement := achievementBody("石墨烯导热膜制备技术")
		achievement["price_fen"] = past
		need := func(min, max int64) map[string]any {
			return map[string]any{"title": "寻求汽车玻璃镀膜技术", "summary": "企业需要一种低辐射镀膜工艺，提高汽车玻璃隔热性能。",
				"region": "350181", "budget_min_fen": min, "budget_max_fen": max}
		}
		year := now.In(shanghai).Year()
		before := tableCounts(t, m)
		cases := []struct {
			name, method, path string
			who                *account
			body               map[string]any
			field              string
		}{
			{"achievement price", "POST", "/api/v1/achievements", sup, achievement, "price_fen"},
			{"need budget", "POST", "/api/v1/needs", dem, need(0, past), "budget_max_fen"},
			{"negative need budget", "POST", "/api/v1/needs", dem, need(-1, 5_000_000), "budget_min_fen"},
			{"bid near int64", "POST", fmt.Sprintf("/api/v1/lots/%d/bids", am.lotID), dem, map[string]any{"amount_fen": nearInt64, "client_key": "k1"}, "amount_fen"},
			{"bid past the bound", "POST", fmt.Sprintf("/api/v1/lots/%d/bids", am.lotID), dem, map[string]any{"amount_fen": past, "client_key": "k2"}, "amount_fen"},
			{"start price", "POST", "/api/v1/auctions", admin, auction(map[string]any{"start_price_fen": past}, 0), "lots[0].start_price_fen"},
			{"increment", "POST", "/api/v1/auctions", admin, auction(map[string]any{"increment_fen": nearInt64}, 0), "lots[0].increment_fen"},
			{"reserve", "POST", "/api/v1/auctions", admin, auction(map[string]any{"reserve_fen": past}, 0), "lots[0].reserve_fen"},
			{"deposit", "POST", "/api/v1/auctions", admin, auction(nil, past), "deposit_fen"},
			{"offer price", "POST", "/api/v1/offers", sup, map[string]any{"achievement_id": ach, "price_fen": int64(math.MaxInt64), "ends_at": now.Add(time.Hour)}, "price_fen"},
			{"notice price", "POST", "/api/v1/notices", sup, map[string]any{"achievement_id": ach, "buyer_org_id": dem.OrgID, "price_fen": past}, "price_fen"},
			{"notice price of a matched deal", "POST", "/api/v1/notices", sup, map[string]any{"deal_id": 1, "price_fen": past}, "price_fen"},
			{"match move price", "POST", "/api/v1/matches/1/move", broker, map[string]any{"status": "agreed", "price_fen": past}, "price_fen"},
			{"challenge award", "POST", "/api/v1/challenges", dem, map[string]any{"title": "钙钛矿", "award_fen": nearInt64}, "award_fen"},
			{"proposal award past what remains", "POST", fmt.Sprintf("/api/v1/proposals/%d/award", second), dem, map[string]any{"award_fen": int64(math.MaxInt64)}, "award_fen"},
			{"contract amount", "POST", "/api/v1/contracts", sup, contract("contract_amount_fen", past), "contract_amount_fen"},
			{"technology amount", "POST", "/api/v1/contracts", sup, contract("contract_amount_fen", past, "tech_amount_fen", past), "tech_amount_fen"},
			{"amendment", "POST", "/api/v1/contracts/1/amendments", sup, map[string]any{"kind": "change", "reason": "合同金额变更", "contract_amount_fen": past, "tech_amount_fen": 1}, "contract_amount_fen"},
			{"target", "PUT", "/api/v1/targets", admin, map[string]any{"year": year, "kind": "district", "key": "350102", "target_fen": past}, "target_fen"},
			{"last year's turnover", "PUT", "/api/v1/targets", admin, map[string]any{"year": year, "kind": "district", "key": "350102", "last_year_fen": nearInt64, "gdp_share_percent": 1}, "last_year_fen"},
			{"incentive cap", "POST", "/api/v1/incentives/rules", admin, map[string]any{"name": "福州买方奖励", "region_prefix": "3501", "side": "buyer", "rate_bp": 500, "cap_per_year_fen": past}, "cap_per_year_fen"},
		}
		for _, c := range cases {
			r := m.do(c.method, c.path, c.who.Token, c.body)
			if r.Status != 422 || r.errorFields(t)[c.field] == nil {
				t.Errorf("%s: %d %s, want 422 naming %s", c.name, r.Status, r.Body, c.field)
			}
		}
		if r := m.do("GET", fmt.Sprintf("/api/v1/search?price_max_fen=%d", past), "", nil); r.Status != 422 || r.errorFields(t)["price_max_fen"] == nil {
			t.Errorf("search price filter: %d %s", r.Status, r.Body)
		}
		sameCounts(t, before, tableCounts(t, m))
		// The bound itself is a valid amount.
		m.must(201, am.bid(dem, models.MaxFen, "k3"))
		row := fmt.Sprintf(`{"external_id":"a-9","title":"水产养殖尾水生态处理系统","summary":"利用人工湿地处理养殖尾水，实现循环利用。","region":"350111","org":"福建省农业科学院","price_type":"firm","price_fen":%d}`, past)
		if rep, err := m.market.ImportListings(m.ctx, []byte(row), models.ImportOptions{Kind: "achievement"}); err != nil || len(rep.Rejected) != 1 || !strings.Contains(rep.Rejected[0].Reason, "price_fen") {
			t.Errorf("import of a price past the bound: %+v %v", rep, err)
		}
	})
}

// TestOpenAPISaysTheMoneyBound: the schemas carry the bound of every amount.
func TestOpenAPISaysTheMoneyBound(t *testing.T) {
	m := newMarket(t, modeltest.DB(t, "sqlite"))
	doc := m.must(200, m.do("GET", "/api/openapi.json", "", nil)).JSON(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	prop := func(schema string, path ...string) map[string]any {
		v := schemas[schema].(map[string]any)
		for _, p := range path {
			v = v[p].(map[string]any)
			if ref, ok := v["$ref"].(string); ok {
				v = schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
			}
		}
		return v
	}
	for name, p := range map[string]map[string]any{
		"BidBody.amount_fen":            prop("BidBody", "properties", "amount_fen"),
		"NewAuction.lots[].reserve_fen": prop("NewAuction", "properties", "lots", "items", "properties", "reserve_fen"),
		"ContractInput.tech_amount_fen": prop("ContractInput", "properties", "tech_amount_fen"),
		"Achievement.price_fen":         prop("Achievement", "properties", "price_fen"),
	} {
		if p["maximum"] != float64(models.MaxFen) {
			t.Errorf("%s: maximum %v", name, p["maximum"])
		}
	}
}
