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
		first := call[models.Proposal](m, sup, 201, "POST", chPath+"/proposals", proposalBody("复合封装方案")).ID
		second := call[models.Proposal](m, inst, 201, "POST", chPath+"/proposals", proposalBody("原子层沉积封装方案")).ID
		m.pastDeadline(chPath)
		call[proposalAwarded](m, dem, 200, "POST", fmt.Sprintf("/api/v1/proposals/%d/award", first), map[string]any{"award_fen": 100_000})

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
		// Each is refused with 422 naming the field.
		refused := func(name string, who *account, method, path string, body any, field string) step {
			return step{name: name, as: who, method: method, path: path, body: body, want: 422, code: "invalid_input", field: field}
		}
		bids := fmt.Sprintf("/api/v1/lots/%d/bids", am.lotID)
		m.play(t,
			refused("achievement price", sup, "POST", "/api/v1/achievements", achievement, "price_fen"),
			refused("need budget", dem, "POST", "/api/v1/needs", need(0, past), "budget_max_fen"),
			refused("negative need budget", dem, "POST", "/api/v1/needs", need(-1, 5_000_000), "budget_min_fen"),
			refused("bid near int64", dem, "POST", bids, map[string]any{"amount_fen": nearInt64, "client_key": "k1"}, "amount_fen"),
			refused("bid past the bound", dem, "POST", bids, map[string]any{"amount_fen": past, "client_key": "k2"}, "amount_fen"),
			refused("start price", admin, "POST", "/api/v1/auctions", auction(map[string]any{"start_price_fen": past}, 0), "lots[0].start_price_fen"),
			refused("increment", admin, "POST", "/api/v1/auctions", auction(map[string]any{"increment_fen": nearInt64}, 0), "lots[0].increment_fen"),
			refused("reserve", admin, "POST", "/api/v1/auctions", auction(map[string]any{"reserve_fen": past}, 0), "lots[0].reserve_fen"),
			refused("deposit", admin, "POST", "/api/v1/auctions", auction(nil, past), "deposit_fen"),
			refused("offer price", sup, "POST", "/api/v1/offers", map[string]any{"achievement_id": ach, "price_fen": int64(math.MaxInt64), "ends_at": now.Add(time.Hour)}, "price_fen"),
			refused("notice price", sup, "POST", "/api/v1/notices", map[string]any{"achievement_id": ach, "buyer_org_id": dem.OrgID, "price_fen": past}, "price_fen"),
			refused("notice price of a matched deal", sup, "POST", "/api/v1/notices", map[string]any{"deal_id": 1, "price_fen": past}, "price_fen"),
			refused("match move price", broker, "POST", "/api/v1/matches/1/move", map[string]any{"status": "agreed", "price_fen": past}, "price_fen"),
			refused("challenge award", dem, "POST", "/api/v1/challenges", map[string]any{"title": "钙钛矿", "award_fen": nearInt64}, "award_fen"),
			refused("proposal award past what remains", dem, "POST", fmt.Sprintf("/api/v1/proposals/%d/award", second), map[string]any{"award_fen": int64(math.MaxInt64)}, "award_fen"),
			refused("contract amount", sup, "POST", "/api/v1/contracts", contract("contract_amount_fen", past), "contract_amount_fen"),
			refused("technology amount", sup, "POST", "/api/v1/contracts", contract("contract_amount_fen", past, "tech_amount_fen", past), "tech_amount_fen"),
			refused("amendment", sup, "POST", "/api/v1/contracts/1/amendments", map[string]any{"kind": "change", "reason": "合同金额变更", "contract_amount_fen": past, "tech_amount_fen": 1}, "contract_amount_fen"),
			refused("target", admin, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "district", "key": "350102", "target_fen": past}, "target_fen"),
			refused("last year's turnover", admin, "PUT", "/api/v1/targets", map[string]any{"year": year, "kind": "district", "key": "350102", "last_year_fen": nearInt64, "gdp_share_percent": 1}, "last_year_fen"),
			refused("incentive cap", admin, "POST", "/api/v1/incentives/rules", map[string]any{"name": "福州买方奖励", "region_prefix": "3501", "side": "buyer", "rate_bp": 500, "cap_per_year_fen": past}, "cap_per_year_fen"),
			refused("search price filter", nil, "GET", fmt.Sprintf("/api/v1/search?price_max_fen=%d", past), nil, "price_max_fen"),
		)
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
	// The document is a document, not a resource: read just what this test needs of its schemas.
	type schema struct {
		Ref        string             `json:"$ref"`
		Properties map[string]*schema `json:"properties"`
		Items      *schema            `json:"items"`
		Maximum    *float64           `json:"maximum"`
	}
	type document struct {
		Components struct{ Schemas map[string]*schema } `json:"components"`
	}
	schemas := call[document](m, nil, 200, "GET", "/api/openapi.json", nil).Components.Schemas
	named := func(s *schema) *schema {
		if s != nil && s.Ref != "" {
			return schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		}
		return s
	}
	prop := func(name string, path ...string) *schema {
		s := named(schemas[name])
		for _, p := range path {
			if s == nil {
				return nil
			}
			if p == "[]" {
				s = named(s.Items)
			} else {
				s = named(s.Properties[p])
			}
		}
		return s
	}
	for name, p := range map[string]*schema{
		"BidBody.amount_fen":            prop("BidBody", "amount_fen"),
		"NewAuction.lots[].reserve_fen": prop("NewAuction", "lots", "[]", "reserve_fen"),
		"ContractInput.tech_amount_fen": prop("ContractInput", "tech_amount_fen"),
		"Achievement.price_fen":         prop("Achievement", "price_fen"),
	} {
		if p == nil || p.Maximum == nil || *p.Maximum != float64(models.MaxFen) {
			t.Errorf("%s: %+v", name, p)
		}
	}
}
